"""Shared bits of the batch tests (a module, not a conftest: tests/conftest.py is imported by name)."""

import json
import os
import subprocess
import sys
from pathlib import Path

TEXT = (
    "La società Alfa S.p.A. ha acquisito il {n}% di Beta S.r.l. per {n} milioni di euro; "
    "l'accordo è stato firmato il {d} marzo 2024 a Milano."
)


def article(i: int) -> str:
    return TEXT.format(n=i % 97 + 1, d=i % 28 + 1)


def short(i: int) -> str:
    """A tiny document: the tests that need thousands of them stay fast whatever the components cost."""
    return f"Nota {i}: Alfa compra Beta."


def write_jsonl(path: Path, rows) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(row if isinstance(row, str) else json.dumps(row, ensure_ascii=False))
            fh.write("\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def cli(*args, input=None, timeout=300, **popen):
    """``accordi`` in a fresh process (same interpreter, same sys.path as the tests)."""
    env = dict(
        os.environ, PYTHONIOENCODING="utf-8", OMP_NUM_THREADS="1", PYTHONPATH=os.pathsep.join(p for p in sys.path if p)
    )
    cmd = [sys.executable, "-c", "from pipeline.cli import app; app(prog_name='accordi')", *args]
    if popen:
        return subprocess.Popen(cmd, env=env, **popen)
    return subprocess.run(cmd, input=input, capture_output=True, timeout=timeout, env=env)


def crashing_process(records, job):
    """worker.process, except that a document containing CRASH takes its worker process down."""
    from pipeline.batch import worker

    if any("CRASH" in (r.text or "") for r in records):
        os._exit(3)
    return worker.process(records, job)


def stuck_process(records, job):
    """worker.process, except that a document containing STUCK spins in native code holding the GIL (a regex
    that backtracks for ever), where no Python signal handler can run."""
    import re

    from pipeline.batch import worker

    if any("STUCK" in (r.text or "") for r in records):
        re.match(r"(a+)+$", "a" * 64 + "b")
    return worker.process(records, job)
