"""The first cells of every student notebook: the set-up cell, and the Colab badge.

**The set-up cell** makes a student notebook work on its own: downloaded alone and opened in
Colab, Kaggle or any Jupyter, with no repository address and no course package installed. It
carries the course package ``dqlcourse`` itself, as text: every ``.py`` file of ``dqlcourse/``
and a ``dqlcourse-VERSION.dist-info/METADATA`` written from ``pyproject.toml`` (the requirements
and extras), compressed with LZMA and written in base 85 (:func:`encode_files`). Where the
package is missing, the cell unpacks that copy into ``~/.cache/dqlcourse/RELEASE`` and puts it on
``sys.path``; :func:`dqlcourse.runtime.prepare` then installs from wheels what the runtime lacks
and checks versions. Where the package is installed, the cell only checks versions.

Why a copy in the cell rather than ``pip install git+...`` or a wheel on a release page: it needs
no address, no tag and no network for the package itself; it is exactly the package the notebook
was released with; and it survives the notebook being e-mailed or uploaded alone. It costs about
70 KB per notebook (``benchmarks/RESULTS.md``). The copy holds the package only: no solution and
no hidden check lives in ``dqlcourse/`` (``tests/test_colab.py`` checks the decoded copy).

**The badge** ("Open in Colab") needs a public address: ``[tool.dqlcourse] repository`` in
``pyproject.toml`` (``https://github.com/OWNER/NAME``), opening the notebook at ``ref`` (a
branch or tag). While the address is empty there is no badge; the notebooks work the same.
"""

from __future__ import annotations

import base64
import json
import lzma
import re
import textwrap
import tomllib

import nbformat

from autograder.notebooks import REPO
from dqlcourse.runtime import release_id

PACKAGE = REPO / "dqlcourse"
SETUP_ID = "course-setup"
BADGE_ID = "colab-badge"

#: Colab's runtime as far as the course cares, for the tests and the benchmark: torch, numpy,
#: matplotlib, ipywidgets, pillow, an older gymnasium without its classic-control extra
#: (pygame-ce), and what runs a notebook (ipykernel, nbclient). torch is this machine's CPU
#: build (Colab's own is a CUDA build of a newer release; the cell never touches it).
COLAB_LIKE = ["torch==2.13.0", "numpy", "matplotlib", "ipywidgets", "pillow", "gymnasium==1.2.2",
              "ipykernel", "nbclient"]

SETUP = '''\
# @title Set-up: run this cell first { display-mode: "form" }
# Makes this notebook work on its own, in Colab, Kaggle or any Jupyter. Where the course package
# `dqlcourse` is not installed, it unpacks the copy at the end of this cell (release {release})
# and installs from wheels only what this runtime lacks; where the package is installed, it only
# checks the versions of Python, torch, gymnasium and numpy. Written by `make release`.
def _course_setup(release, payload):
    import base64, importlib, importlib.util, json, lzma, os, shutil, sys, time

    started = time.perf_counter()
    home = os.path.join(os.path.expanduser("~"), ".cache", "dqlcourse", release)
    spec = importlib.util.find_spec("dqlcourse")
    unpacked = None
    if spec is None or (spec.origin or "").startswith(home):
        unpacked = home
        if not os.path.isdir(home):
            files = json.loads(lzma.decompress(base64.b85decode("".join(payload.split()))))
            part = "%s.part%d" % (home, os.getpid())
            for name, text in files.items():
                path = os.path.join(part, *name.split("/"))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
            try:
                os.rename(part, home)
            except OSError:  # another kernel unpacked the same release first
                shutil.rmtree(part, ignore_errors=True)
        if home not in sys.path:
            sys.path.insert(0, home)
        importlib.invalidate_caches()
    from dqlcourse.runtime import prepare

    prepare(release, unpacked=unpacked, started=started)


_course_setup("{release}", """
{payload}
""")
del _course_setup'''

PAYLOAD_RE = re.compile(r'^_course_setup\("(?P<release>[^"]+)", """\n(?P<payload>.*?)\n"""\)$',
                        re.S | re.M)


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def repository() -> tuple[str, str]:
    """The repository address and the ref the badges open, from pyproject.toml (``""`` for
    the address when none is set)."""
    config = _pyproject().get("tool", {}).get("dqlcourse", {})
    return config.get("repository", "").rstrip("/"), config.get("ref", "main") or "main"


def dist_metadata(project: dict) -> str:
    """A ``METADATA`` file (core metadata 2.1) for ``[project]``: name, version, Python range,
    and every requirement, extras marked, as ``importlib.metadata`` reads them."""
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
             f"Summary: {project.get('description', '')}",
             f"Requires-Python: {project.get('requires-python', '')}"]
    lines += [f"Requires-Dist: {req}" for req in project.get("dependencies", [])]
    for extra, reqs in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        for req in reqs:
            body, _, marker = req.partition(";")
            condition = f'({marker.strip()}) and extra == "{extra}"' if marker.strip() else f'extra == "{extra}"'
            lines.append(f"Requires-Dist: {body.strip()}; {condition}")
    return "\n".join(lines) + "\n"


def package_files() -> dict[str, str]:
    """What the set-up cell carries: path (POSIX, relative to the repository) -> text."""
    files = {path.relative_to(REPO).as_posix(): path.read_bytes().decode("utf-8")
             for path in sorted(PACKAGE.rglob("*.py"))}
    project = _pyproject()["project"]
    files[f"{project['name']}-{project['version']}.dist-info/METADATA"] = dist_metadata(project)
    return files


def encode_files(files: dict[str, str], width: int = 400) -> str:
    """``files`` as JSON, LZMA-compressed and written in base 85 in lines of ``width``."""
    packed = base64.b85encode(lzma.compress(json.dumps(files, sort_keys=True).encode(),
                                            preset=9 | lzma.PRESET_EXTREME)).decode()
    return "\n".join(textwrap.wrap(packed, width))


def decode_files(payload: str) -> dict[str, str]:
    """The inverse of :func:`encode_files`."""
    return json.loads(lzma.decompress(base64.b85decode("".join(payload.split()))))


def read_setup(source: str) -> tuple[str, dict[str, str]]:
    """The release id and the files a set-up cell's source carries."""
    match = PAYLOAD_RE.search(source)
    if not match:
        raise ValueError("not a course set-up cell")
    return match["release"], decode_files(match["payload"])


def setup_cell() -> nbformat.NotebookNode:
    """The set-up cell of this checkout's package; collapsed in Colab (a form) and JupyterLab."""
    source = SETUP.replace("{release}", release_id(PACKAGE)).replace(
        "{payload}", encode_files(package_files()))
    cell = nbformat.v4.new_code_cell(source)
    cell.id = SETUP_ID
    cell.metadata = {"cellView": "form", "jupyter": {"source_hidden": True}}
    return cell


def badge_cell(name: str, repo: str, ref: str) -> nbformat.NotebookNode:
    """The "Open in Colab" badge of notebook ``name`` at ``ref`` of ``repo``."""
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+)", repo)
    if not match:
        raise ValueError(f"[tool.dqlcourse] repository must be https://github.com/OWNER/NAME, got {repo!r}")
    url = (f"https://colab.research.google.com/github/{match[1]}/{match[2]}/blob/{ref}/"
           f"notebooks/{name}.ipynb")
    cell = nbformat.v4.new_markdown_cell(
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})")
    cell.id = BADGE_ID
    return cell


def add_release_cells(nb: nbformat.NotebookNode, name: str, repo: str = "",
                      ref: str = "main") -> nbformat.NotebookNode:
    """Put the set-up cell after the notebook's title cell, and the badge above the title when
    ``repo`` is set; returns ``nb``."""
    nb.cells.insert(1, setup_cell())
    if repo:
        nb.cells.insert(0, badge_cell(name, repo, ref))
    return nb
