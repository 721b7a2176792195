"""Defect 10 (first half): after ``kill -9`` of ``accordi batch``, its worker processes end too, even while the
killed parent is not yet reaped (a caller still reading its stderr) — no orphan keeps that stderr open."""

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "batch"))
from batch_helpers import cli, short, write_jsonl  # noqa: E402


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="walks /proc")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": f"d{i}", "text": short(i) * 20} for i in range(20000)])
    out = tmp_path / "out.jsonl"
    proc = cli(
        "batch",
        str(src),
        "-o",
        str(out),
        "--model",
        "blank",
        "--workers",
        "2",
        "--batch-size",
        "4",
        stdout=open(os.devnull, "wb"),
        stderr=__import__("subprocess").PIPE,
    )
    try:
        deadline = time.time() + 120
        while time.time() < deadline and (not out.exists() or out.stat().st_size < 10000):
            time.sleep(0.2)
        workers = _descendants(proc.pid)
        assert len(workers) >= 2, "the pool never started"
        os.kill(proc.pid, signal.SIGKILL)  # and no wait(): the parent stays a zombie while we read its stderr
        done = threading.Event()
        threading.Thread(target=lambda: (proc.stderr.read(), done.set()), daemon=True).start()
        assert done.wait(30), "stderr still open 30 s after kill -9: a worker outlived its parent"
        deadline = time.time() + 10
        while time.time() < deadline and any(_alive(p) for p in workers):
            time.sleep(0.2)
        assert not [p for p in workers if _alive(p)]
    finally:
        for p in _descendants(proc.pid):
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        proc.kill()
        proc.wait()
