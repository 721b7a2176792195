"""The code passes ruff (pyflakes and pycodestyle's error rules, and ruff's formatting) and mypy, with the project's
settings in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


FOLDERS = ("pipeline", "tests", "benchmarks", "training")


def _ruff(*args: str) -> subprocess.CompletedProcess:
    pytest.importorskip("ruff")
    return subprocess.run([sys.executable, "-m", "ruff", *args, *FOLDERS], cwd=ROOT, capture_output=True, text=True)


def test_ruff_is_clean():
    proc = _ruff("check")
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_ruff_format_leaves_the_code_as_it_is():
    """`ruff format pipeline tests benchmarks training` rewrites what this finds."""
    proc = _ruff("format", "--check")
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_mypy_is_clean():
    """mypy with the project's settings (pyproject.toml [tool.mypy]: pipeline/, pydantic's plugin)."""
    pytest.importorskip("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
