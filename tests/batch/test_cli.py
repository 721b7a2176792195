"""``accordi batch`` in a subprocess: stdin, summary, workers, and kill -9 followed by --resume."""

import json
import re
import signal
import time

import pytest

from batch_helpers import article, cli, read_jsonl, short, write_jsonl
from pipeline.batch import run


def _rows(n):
    return [{"id": f"d{i}", "text": article(i)} for i in range(n)]


def test_stdin_to_stdout_with_a_summary_on_stderr_and_no_progress_bar():
    data = "\n".join(json.dumps(r) for r in _rows(5)) + "\n{oops\n"
    proc = cli("batch", "-", "--model", "blank", input=data.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [x["id"] for x in lines] == ["d0", "d1", "d2", "d3", "d4", "stdin:6"]
    err = proc.stderr.decode().splitlines()
    assert "stdin line 6: malformed JSON" in err[0]
    assert re.fullmatch(r"accordi batch: 6 documents, \d+ deals, 1 errors in [\d.]+ s \([\d.]+ docs/s\)", err[-1])
    assert "\r" not in proc.stderr.decode() and "ETA" not in proc.stderr.decode()


def test_bad_source_and_existing_output_are_one_line_errors(tmp_path):
    proc = cli("batch", str(tmp_path / "missing.jsonl"), "--model", "blank")
    assert proc.returncode == 1 and proc.stderr.decode().count("\n") == 1
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "x"}\n', encoding="utf-8")
    src = write_jsonl(tmp_path / "in.jsonl", _rows(2))
    proc = cli("batch", str(src), "-o", str(out), "--model", "blank")
    assert proc.returncode == 1 and b"--resume" in proc.stderr and "Traceback" not in proc.stderr.decode()


def test_two_workers_give_the_same_lines_as_one(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", _rows(60))
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run(src, one, model="blank")
    proc = cli("batch", str(src), "-o", str(two), "--model", "blank", "--workers", "2", "--batch-size", "7")
    assert proc.returncode == 0, proc.stderr.decode()
    assert two.read_bytes() == one.read_bytes()


def test_a_document_that_kills_its_worker_process_costs_one_error_line(tmp_path):
    from batch_helpers import crashing_process
    from pipeline.batch.engine import chunks, local_results
    from pipeline.batch.sources import open_source
    from pipeline.batch.worker import Job

    rows = [{"id": f"d{i}", "text": short(i) + (" CRASH" if i == 13 else "")} for i in range(40)]
    job = Job(model="blank")
    results = list(local_results(chunks(open_source(rows), max_docs=4), job, 2, fn=crashing_process))
    lines = [json.loads(line) for res in results for line in res.payload]
    assert [x["id"] for x in lines] == [f"d{i}" for i in range(40)]
    assert "worker process died" in lines[13]["error"]
    assert all(x["error"] is None for i, x in enumerate(lines) if i != 13)


def _children(pid):
    psutil = pytest.importorskip("psutil")
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _lines(path):
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def test_kill_9_then_resume_gives_exactly_the_uninterrupted_output(tmp_path):
    n = 800
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": f"d{i}", "text": short(i)} for i in range(n)])
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    proc = cli(
        "batch",
        str(src),
        "-o",
        str(part),
        "--model",
        "blank",
        "--batch-size",
        "4",
        "--workers",
        "2",
        stdout=-3,
        stderr=-3,
    )  # DEVNULL
    deadline = time.monotonic() + 120
    while _lines(part) < n // 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    still_running = proc.poll() is None
    children = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if not still_running:
        pytest.fail("the batch finished before it could be killed; make the input bigger")
    # its worker processes notice and go away too
    deadline = time.monotonic() + 30
    while any(c.is_running() and c.status() != "zombie" for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [c for c in children if c.is_running() and c.status() != "zombie"]
    done = _lines(part)
    assert 0 < done < n
    run(src, full, model="blank")
    resumed = cli("batch", str(src), "-o", str(part), "--model", "blank", "--resume")
    assert resumed.returncode == 0, resumed.stderr.decode()
    summary = resumed.stderr.decode().splitlines()[-1]
    assert f"{n - done:,} documents (+{done:,} already done)" in summary
    assert part.read_bytes() == full.read_bytes()
    assert [x["id"] for x in read_jsonl(part)] == [f"d{i}" for i in range(n)]


def test_parquet_in_parquet_out(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist([{"doc": f"p{i}", "body": article(i)} for i in range(12)]), src)
    out = tmp_path / "out"
    proc = cli(
        "batch",
        str(src),
        "-o",
        str(out),
        "--format",
        "parquet",
        "--model",
        "blank",
        "--id-field",
        "doc",
        "--text-field",
        "body",
    )
    assert proc.returncode == 0, proc.stderr.decode()
    table = pq.read_table(out / "articles")
    assert table.column("id").to_pylist() == [f"p{i}" for i in range(12)]
