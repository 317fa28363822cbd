"""Instructor-side grading tools."""
