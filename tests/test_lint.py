"""The code passes ruff (pyflakes and pycodestyle's error rules, and ruff's formatting) and mypy, with the project's
settings in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean():
    pytest.importorskip("ruff")
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "pipeline", "tests", "benchmarks", "training"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_ruff_format_leaves_the_code_as_it_is():
    """`ruff format pipeline tests benchmarks training` rewrites what this finds."""
    pytest.importorskip("ruff")
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "pipeline", "tests", "benchmarks", "training"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_mypy_is_clean():
    """mypy with the project's settings (pyproject.toml [tool.mypy]: pipeline/, pydantic's plugin)."""
    pytest.importorskip("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
