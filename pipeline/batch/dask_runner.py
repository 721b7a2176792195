"""The same batch job on a Dask distributed cluster (``--dask tcp://HOST:8786`` or ``--dask local``).

The client reads the input and submits it as partitions (the engine's chunks); each worker loads the
pipeline once (worker plugin, then the per-process cache of :mod:`pipeline.batch.worker`) and returns
the rendered results of a partition; the client gathers them in input order and writes them, so the
output, ``--resume`` and the summary are exactly those of a local run. Tasks are pure functions of
their partition: when a worker dies, the scheduler runs its partitions again elsewhere, and since
results are written only when gathered, in order, every document is written exactly once.
Workers need ``accordi`` (and the model) installed; they need no shared file system.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from .sinks import OutputError
from .sources import Record
from .worker import ChunkResult, Job, process, warm


LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s"}


def _plugin(job: Job):
    from distributed.diagnostics.plugin import WorkerPlugin

    class LoadModel(WorkerPlugin):
        """Load the pipeline when a worker starts (and when the nanny restarts it)."""

        name = "accordi-load-model"

        def __init__(self, job: Job):
            self.job = job

        def setup(self, worker):
            warm(self.job)

    return LoadModel(job)


def connect(address: str, workers: int):
    """(client, cluster-or-None) for ``local``, a scheduler address, or a scheduler file (``*.json``, as written
    by ``dask scheduler --scheduler-file``). TLS settings come from Dask's configuration (``distributed.comm.tls``,
    e.g. ``DASK_DISTRIBUTED__COMM__TLS__CA_FILE``); from Python, pass your own ``Client(..., security=...)``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover
        raise OutputError(
            "--dask needs dask.distributed: pip install 'accordi[dask]' (in a source checkout: pip install '.[dask]')"
        ) from None
    if address == "local":
        import dask

        # Workers of a local cluster share the machine with everything else: no statistical profiler sampling
        # every thread each 10 ms, no 20 ms event-loop tick (they cost ~a third more CPU per document).
        with dask.config.set(LOCAL_WORKER_CONFIG):
            cluster = LocalCluster(
                n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
            )
        return Client(cluster), cluster
    if address.endswith(".json"):
        if not Path(address).is_file():
            raise OutputError(f"{address}: no such scheduler file")
        return Client(scheduler_file=address), None
    return Client(address), None


def dask_results(work: Iterable[list[Record]], job: Job, address, workers: int = 2) -> Iterator[ChunkResult]:
    """Results per partition, in order. ``address``: ``local``, a scheduler address or a ``Client``."""
    own = not hasattr(address, "submit")
    client, cluster = connect(address, workers) if own else (address, None)
    try:
        client.register_plugin(_plugin(job))
        n = len(client.scheduler_info().get("workers", {})) or max(1, workers)
        window = 4 * n
        pending: list = []
        for chunk in work:
            pending.append(client.submit(process, chunk, job, pure=False, retries=2))
            if len(pending) >= window:
                future = pending.pop(0)
                yield future.result()
                future.release()
        while pending:
            future = pending.pop(0)
            yield future.result()
            future.release()
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
