#!/bin/sh
# Install Debian's Chromium and ChromeDriver for the browser tests (run by `make test`).
# Needs root or password-less sudo; otherwise it says what to run, and the browser tests are
# skipped (they fail under CI, where they must run).
set -e
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "browser tests: install Chromium with 'sudo apt-get install chromium chromium-driver'" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "browser tests: no apt-get here; install Chromium and chromedriver yourself" >&2
  exit 0
fi
echo "Installing chromium and chromium-driver for the browser tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
