"""The batch engine: source -> chunks -> workers -> results in input order -> sink.

``run`` is the library entry point (``accordi batch`` is a thin layer over it).

Parallelism is a pool of worker processes that each load the pipeline once and do everything for a
chunk (clean, tokenise, run the components, build and serialise the results); the parent only reads
the input and writes the output, so it never becomes the bottleneck. Chunks are cut by document
count *and* by characters, and several chunks per worker are in flight: a very long document
occupies one worker for a while, the others keep going.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Optional

from pathlib import Path

from .. import textio
from . import provenance, worker
from .sinks import JsonlSink, OutputError, ParquetSink, Sink
from .sources import Fields, Record, Source, SourceOptions, open_source
from .worker import ChunkResult, Job


@dataclass
class WorkerStats:
    pid: int
    chunks: int = 0
    documents: int = 0
    first_rss: int = 0  # bytes after its first chunk
    rss: int = 0  # bytes after its latest chunk
    peak_rss: int = 0
    cpu: float = 0.0  # CPU seconds spent on its chunks


@dataclass
class Summary:
    documents: int = 0  # processed by this run
    skipped: int = 0  # already in the output (resume)
    deals: int = 0
    errors: int = 0
    seconds: float = 0.0
    total: Optional[int] = None  # documents in the input (when known and a progress callback is given)
    output: str = ""
    workers: dict = field(default_factory=dict)  # pid -> WorkerStats
    interrupted: bool = False
    parent_cpu: float = 0.0  # CPU seconds of the calling process (reading, writing, and the work itself if workers=1)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        resumed = f" (+{self.skipped:,} already done)" if self.skipped else ""
        return (
            f"{self.documents:,} documents{resumed}, {self.deals:,} deals, {self.errors:,} errors "
            f"in {self.seconds:.1f} s ({self.docs_per_second:.1f} docs/s)"
        )


def chunks(records: Iterable[Record], max_docs: int = 16, max_chars: int = 200_000) -> Iterator[list[Record]]:
    """Consecutive records, at most ``max_docs`` of them and about ``max_chars`` of text."""
    chunk: list[Record] = []
    size = 0
    for rec in records:
        n = len(rec.text or "")
        if chunk and (len(chunk) >= max_docs or size + n > max_chars):
            yield chunk
            chunk, size = [], 0
        chunk.append(rec)
        size += n
    if chunk:
        yield chunk


def _init_worker(job: Job, parent: int) -> None:
    # Ctrl-C goes to the whole process group; the parent decides what happens (stop and keep the output).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed with -9 cannot stop its pool: workers (children of the forkserver) see to it themselves.
    _die_with_parent()
    threading.Thread(target=_exit_with, args=(parent, os.getppid()), daemon=True).start()
    worker.warm(job)


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent ends, even while it runs native code that holds
    the GIL. The parent is the forkserver, which itself ends when the batch process dies (even unreaped)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the watcher thread below is all there is
        pass


def _exit_with(parent: int, ppid: int) -> None:
    """The portable watcher: exit once the batch process is gone or a zombie, or this process was reparented."""
    while True:
        time.sleep(1.0)
        if os.getppid() != ppid or not _running(parent):
            os._exit(0)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or the pid now belongs to someone else
        return False
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")  # killed but not yet reaped
    except (OSError, IndexError):
        return True


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    for proc in processes:
        proc.join(5)


def _context():
    """forkserver where there is one: new workers are forked from a server that has already imported spaCy
    and accordi (fast restarts), and the parent's threads (progress bar) never meet fork. spawn elsewhere."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline.batch.worker", "pipeline.extractor"])
        return context
    return multiprocessing.get_context("spawn")


class _Pool:
    """A process pool that can be replaced when one of its processes dies."""

    def __init__(self, job: Job, workers: int):
        self.job, self.workers = job, workers
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=_context(), initializer=_init_worker, initargs=(self.job, os.getpid())
        )

    def submit(self, fn, chunk) -> Future:
        try:
            return self.pool.submit(_limited, fn, chunk, self.job)
        except BrokenProcessPool as err:  # a worker died since the last look: fail like a running task would
            future: Future = Future()
            future.set_exception(err)
            return future

    def renew(self) -> None:
        _stop_pool(self.pool)
        self.pool = self._new()

    def stop(self) -> None:
        _stop_pool(self.pool)


def backstop(job: Job, documents: int) -> float:
    """CPU seconds after which a pool worker is ended by the kernel: the soft limit (``time_limit`` in the
    worker, a Python signal) cannot interrupt native code that holds the GIL. A chunk may legitimately take
    its soft limit once whole and once more document by document."""
    return 2 * job.doc_timeout * documents + job.doc_timeout + 1 if job.doc_timeout else 0


def _limited(fn: Callable, chunk: list[Record], job: Job) -> ChunkResult:
    """Run in a pool worker: ``fn(chunk, job)`` under a CPU-time limit whose signal, left to its default action,
    ends the process even in native code; the parent then replaces the worker."""
    seconds = backstop(job, len(chunk))
    if not seconds or not hasattr(signal, "setitimer"):
        return fn(chunk, job)
    previous = signal.signal(signal.SIGPROF, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        return fn(chunk, job)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _died(rec: Record, job: Job, seconds: float = 0.0) -> ChunkResult:
    """The result of a document whose worker process died (killed, out of memory, crashed in C code, or
    stopped by the ``--doc-timeout`` backstop)."""
    from ..schema import ArticleResult
    from .sinks import table_rows

    if job.doc_timeout and seconds >= job.doc_timeout:
        error = (
            f"timed out after {job.doc_timeout:g} s (the worker ran past --doc-timeout and was replaced); "
            f"raise --doc-timeout or split the document"
        )
    else:
        error = "the worker process died while processing this document (out of memory? crash?)"
    res = ArticleResult(id=rec.id, published=rec.published, error=error)
    payload = [table_rows(rec, res) if job.fmt == "parquet" else res.model_dump_json()]
    return ChunkResult(rec.seq, payload, 0, 1, 0, 0, 0)  # pid 0: no worker to account for


def local_results(
    work: Iterable[list[Record]], job: Job, workers: int, fn: Callable = worker.process
) -> Iterator[ChunkResult]:
    """Results in input order. With several workers, a dead worker process costs a restart of the pool;
    a chunk that was first in line twice when that happened is redone one document per task, and a
    document that still takes its worker down gets an error line."""
    if workers <= 1:
        for chunk in work:
            yield fn(chunk, job)
        return
    pool = _Pool(job, workers)
    window = 4 * workers
    pending: deque = deque()  # [chunk, future, times it was first in line when the pool broke]
    chunks = iter(work)
    more = True
    try:
        while True:
            while more and len(pending) < window:
                following = next(chunks, None)
                if following is None:
                    more = False
                else:
                    pending.append([following, pool.submit(fn, following), 0])
            if not pending:
                return
            try:
                result = pending[0][1].result()
            except BrokenProcessPool:
                pool.renew()
                pending[0][2] += 1
                if pending[0][2] >= 2:
                    chunk = pending.popleft()[0]
                    yield from _isolate(pool, fn, chunk, job)
                for item in pending:
                    item[1] = pool.submit(fn, item[0])
                continue
            pending.popleft()
            yield result
    finally:
        pool.stop()


def _isolate(pool: _Pool, fn: Callable, chunk: list[Record], job: Job) -> Iterator[ChunkResult]:
    for rec in chunk:
        start = time.perf_counter()
        try:
            yield pool.submit(fn, [rec]).result()
        except BrokenProcessPool:
            seconds = time.perf_counter() - start
            pool.renew()
            yield _died(rec, job, seconds)


def refuse_input_as_output(src: Source, output: Any, fmt: str) -> None:
    """Writing the output over an input file (or into a folder that holds one, for Parquet) would destroy it."""
    if not isinstance(output, (str, Path)) or str(output) == "-":
        return
    out = os.path.realpath(output)
    exists = os.path.exists(out)
    for path in src.paths():
        real = os.path.realpath(path)
        if real == out or (exists and os.path.samefile(real, out)):
            raise OutputError(
                f"{output} is the input file {path}: the output would overwrite it; choose another output path (-o)"
            )
        if fmt == "parquet" and real.startswith(out.rstrip(os.sep) + os.sep):
            raise OutputError(f"{output} holds the input file {path}; choose another output folder (-o)")


def make_sink(output: Any, fmt: str) -> Sink:
    if isinstance(output, Sink):
        return output
    if fmt == "parquet":
        return ParquetSink(output)
    if fmt == "csv":
        from .sinks import CsvSink

        return CsvSink(output)
    if fmt != "jsonl":
        raise OutputError(f"unknown output format {fmt!r} (jsonl, csv or parquet)")
    if hasattr(output, "write"):
        return JsonlSink("-", stream=output)
    return JsonlSink(output)


def run(
    source: Any,
    output: Any = "-",
    *,
    fmt: str = "jsonl",
    model: Optional[str] = None,
    workers: int = 1,
    batch_size: int = 16,
    chunk_chars: int = 200_000,
    resume: bool = False,
    overwrite: bool = False,
    fields: Fields = Fields(),
    encoding: str = "utf-8",
    pattern: str = "*.txt",
    input_format: str = "auto",
    max_chars: int = textio.MAX_CHARS,
    dask: Optional[str] = None,
    memory_zone: bool = True,
    doc_timeout: float = 300.0,
    progress: Optional[Callable[[Summary], None]] = None,
    warn: Optional[Callable[[str], None]] = None,
    stdin: Any = None,
    follow_symlinks: bool = False,
) -> Summary:
    """Process a corpus; see ``accordi batch --help`` for the meaning of each option.

    ``source``: directory, file, glob, ``-`` (JSONL on stdin), a :class:`Source`, or an iterable of dicts /
    ``(id, text[, published])`` tuples / strings. ``output``: a path (JSONL file, or folder for Parquet),
    ``-`` for stdout, or a text stream. ``progress`` is called with the running :class:`Summary` after
    every chunk. Returns the final summary; a Ctrl-C stops cleanly (``summary.interrupted``) with the
    output complete up to the last written document.
    """
    src: Source = open_source(
        source, SourceOptions(fields, encoding, pattern, input_format, warn, stdin, max_chars, follow_symlinks)
    )
    refuse_input_as_output(src, output, fmt)
    made = provenance.describe(model, src)
    side = None if isinstance(output, Sink) else provenance.sidecar(output, fmt)
    if resume and side is not None and Path(output).exists():
        provenance.check(side, made, warn)  # before the output is touched
    sink = make_sink(output, fmt)
    done, last_id = sink.open(resume, overwrite)
    try:
        provenance.record(side, made)
    except OutputError:
        sink.close()
        raise
    # counting JSONL lines is a pass over the file: only for a progress display
    summary = Summary(skipped=done, total=src.count() if progress else None, output=str(output))
    job = Job(
        model=model,
        fmt=fmt,
        max_chars=max_chars,
        batch_size=batch_size,
        memory_zone=memory_zone,
        doc_timeout=doc_timeout,
    )

    records = src.iter_from(max(done - 1, 0))
    if done:
        first = next(records, None)
        if first is None or first.id != last_id:
            sink.close()
            raise OutputError(
                f"the output's last document ({last_id!r}) is not input document {done} "
                f"({first.id if first else 'none'!r}); is it the output of another input?"
            )
    work = chunks(records, max(1, batch_size), chunk_chars)
    if dask:
        from .dask_runner import dask_results

        results = dask_results(work, job, dask, workers)
    else:
        results = local_results(work, job, workers)

    start, cpu = time.perf_counter(), time.process_time()
    try:
        for res in results:
            sink.write(res.payload)
            summary.documents += len(res.payload)
            summary.deals += res.deals
            summary.errors += res.errors
            if res.pid:
                stats = summary.workers.get(res.pid) or summary.workers.setdefault(
                    res.pid, WorkerStats(res.pid, first_rss=res.rss)
                )
                stats.chunks += 1
                stats.documents += len(res.payload)
                stats.rss = res.rss
                stats.peak_rss = max(stats.peak_rss, res.peak_rss)
                stats.cpu += res.cpu
            summary.seconds = time.perf_counter() - start
            if progress:
                progress(summary)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        close = getattr(results, "close", None)
        if close:
            close()
        sink.close()
        summary.seconds = time.perf_counter() - start
        summary.parent_cpu = time.process_time() - cpu
    return summary
