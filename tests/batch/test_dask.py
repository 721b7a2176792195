"""The batch job on a Dask LocalCluster of 2 worker processes, one of them killed mid-run."""

import logging
import os
import signal

import pytest

from batch_helpers import article, read_jsonl, short, write_jsonl
from pipeline.batch import run

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.CRITICAL,
        env={"OMP_NUM_THREADS": "1"},
    )
    client = distributed.Client(cluster)
    client.wait_for_workers(2, timeout=60)
    yield client
    client.close()
    cluster.close()


def test_dask_with_a_worker_killed_mid_run_writes_every_document_once(tmp_path, client):
    n = 300
    rows = [{"id": f"d{i}", "text": article(i) if i % 10 == 0 else short(i)} for i in range(n)]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    local, distributed_out = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run(src, local, model="blank")

    killed = []

    def kill_one_worker(summary):
        if not killed:
            pids = client.run(os.getpid)  # {worker address: pid}
            busy = {addr: len(keys) for addr, keys in client.processing().items()}
            victim = max(pids, key=lambda addr: busy.get(addr, 0))  # the one with most partitions in flight
            if not busy.get(victim):
                return  # all caught up: try again after the next partition
            os.kill(pids[victim], signal.SIGKILL)
            killed.append((pids[victim], busy.get(victim, 0)))

    summary = run(src, distributed_out, model="blank", dask=client, batch_size=5, progress=kill_one_worker)
    assert killed and killed[0][1] > 0, "the killed worker had no partition in flight"
    assert summary.documents == n
    lines = read_jsonl(distributed_out)
    assert [x["id"] for x in lines] == [f"d{i}" for i in range(n)]
    assert distributed_out.read_bytes() == local.read_bytes()


def test_dask_resume_continues_where_a_local_run_stopped(tmp_path, client):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": f"d{i}", "text": article(i)} for i in range(60)])
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    run(src, full, model="blank")

    def stop(summary):
        if summary.documents >= 25:
            raise KeyboardInterrupt

    assert run(src, part, model="blank", batch_size=5, progress=stop).interrupted
    summary = run(src, part, model="blank", dask=client, batch_size=5, resume=True)
    assert summary.skipped == 25 and part.read_bytes() == full.read_bytes()


def test_cli_dask_local_starts_and_stops_its_own_cluster(tmp_path):
    from batch_helpers import cli

    src = write_jsonl(tmp_path / "in.jsonl", [{"id": f"d{i}", "text": short(i)} for i in range(20)])
    out, ref = tmp_path / "out.jsonl", tmp_path / "ref.jsonl"
    proc = cli(
        "batch",
        str(src),
        "-o",
        str(out),
        "--model",
        "blank",
        "--dask",
        "local",
        "--workers",
        "1",
        "--batch-size",
        "3",
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    run(src, ref, model="blank")
    assert out.read_bytes() == ref.read_bytes()


def test_a_scheduler_file_names_the_cluster(tmp_path, client):
    import json

    scheduler_file = tmp_path / "scheduler.json"
    scheduler_file.write_text(json.dumps({"type": "Scheduler", "address": client.scheduler.address}))
    rows = [{"id": f"d{i}", "text": short(i)} for i in range(20)]
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    run(rows, local, model="blank")
    run(rows, remote, model="blank", dask=str(scheduler_file))
    assert remote.read_bytes() == local.read_bytes()


def test_a_local_cluster_runs_its_workers_without_the_profiler():
    from pipeline.batch.dask_runner import connect

    client, cluster = connect("local", 1)
    try:
        settings = client.run(
            lambda: (
                __import__("dask").config.get("distributed.worker.profile.enabled"),
                __import__("dask").config.get("distributed.admin.tick.interval"),
            )
        )
        assert list(settings.values()) == [(False, "1s")]
    finally:
        client.close()
        cluster.close()
