"""What runs in a worker process (local pool or Dask): a chunk of records in, rendered results out.

The pipeline is loaded once per process and kept (``extractor``). A chunk runs through ``nlp.pipe``;
if a component raises, the chunk is redone one document at a time, component by component, so the
document that fails gets an ``error`` line naming the component and the others are unaffected.
Results are rendered here (JSON lines or flat table rows), so the parent process only writes.
"""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, NamedTuple, Optional

from .. import pieces, textio
from ..runner import EMPTY, Runner
from ..schema import ArticleResult
from .sources import Record

_EXTRACTORS: dict = {}
_LOAD_LOCK = threading.Lock()
_RUN_LOCK = threading.Lock()  # a spaCy pipeline is not meant to run in two threads at once


@dataclass(frozen=True)
class Job:
    model: Optional[str] = None
    fmt: str = "jsonl"  # jsonl | parquet
    max_chars: int = textio.MAX_CHARS
    batch_size: int = 32
    memory_zone: bool = True  # free the strings each chunk adds to the vocab (spaCy >= 3.8)
    doc_timeout: float = 300.0  # seconds per document (0 = none); only where signals work (not in Dask threads)


class ChunkResult(NamedTuple):
    start: int  # seq of the first document
    payload: list  # JSON lines, or (article_row, deal_rows) pairs
    deals: int
    errors: int
    pid: int
    rss: int  # bytes, after the chunk
    peak_rss: int  # bytes, high-water mark of the process
    cpu: float = 0.0  # CPU seconds the chunk took in its worker


def extractor(model: Optional[str], max_chars: int = textio.MAX_CHARS) -> Runner:
    key = (model, max_chars)
    with _LOAD_LOCK:
        ex = _EXTRACTORS.get(key)
        if ex is None:
            ex = _EXTRACTORS[key] = Runner(model, max_chars)
    return ex


def warm(job: Job) -> int:
    """Load the pipeline (pool initializer / Dask worker plugin); returns the pid."""
    extractor(job.model, job.max_chars)
    return os.getpid()


def rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # not Linux
        return 0


def peak_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if os.uname().sysname == "Darwin" else peak * 1024


class DocTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Raise DocTimeout in this thread after ``seconds`` (no-op outside the main thread or without SIGALRM)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise DocTimeout(f"timed out after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _error(ex, rec: Record, message: str) -> ArticleResult:
    return ArticleResult(id=rec.id, published=rec.published, model=ex.model, error=message.splitlines()[0])


def render(ex, rec: Record, res: ArticleResult) -> str:
    """One JSON line; a result that cannot be serialised becomes its document's error line."""
    try:
        return res.model_dump_json()
    except Exception as err:  # a boundary: one document's output that fails costs that document only
        return _error(ex, rec, f"invalid output: {type(err).__name__}: {textio.scrub(str(err))}").model_dump_json()


def _one_by_one(ex, rec: Record, text: str, timeout: float = 0) -> ArticleResult:
    where = ["tokenizer"]
    try:
        with time_limit(timeout):  # the tokenizer too: a pathological text can spend its time there
            for _, doc in ex.stages(text, rec.published, where):
                pass
    except DocTimeout as err:
        return _error(ex, rec, f"{err} (in {where[0]}); raise --doc-timeout or split the document")
    except Exception as err:  # a rule that raises must cost one document, not the batch
        return _error(ex, rec, f"{where[0]} failed: {type(err).__name__}: {textio.scrub(str(err))}")
    return _result(ex, rec, doc)


def _result(ex, rec: Record, doc) -> ArticleResult:
    try:
        return ex.result(doc, rec.id, rec.published)
    except Exception as err:  # a component left a value that does not fit the schema
        return _error(ex, rec, f"invalid output: {type(err).__name__}: {str(err).splitlines()[0]}")


def extract_records(ex, records: list[Record], batch_size: int = 32, timeout: float = 0) -> list[ArticleResult]:
    results: list[Optional[ArticleResult]] = [None] * len(records)
    todo: list[tuple[int, str]] = []
    for i, rec in enumerate(records):
        if rec.error or rec.text is None:
            results[i] = _error(ex, rec, rec.error or EMPTY)
            continue
        try:
            text = textio.clean(rec.text, ex.max_chars)
            if not text.strip():
                raise textio.InputError(EMPTY)
        except textio.InputError as err:
            results[i] = _error(ex, rec, str(err))
            continue
        if pieces.may_cut(text):  # the model may take it in pieces: on its own
            results[i] = _one_by_one(ex, rec, text, timeout)
        else:
            todo.append((i, text))
    if todo:
        try:
            with time_limit(timeout * len(todo)):
                docs = ex.nlp.pipe((ex.make_doc(text, records[i].published) for i, text in todo), batch_size=batch_size)
                for (i, _), doc in zip(todo, docs):
                    results[i] = _result(ex, records[i], doc)
        except Exception:  # redo the chunk one document at a time to find the one that fails
            for i, text in todo:
                results[i] = _one_by_one(ex, records[i], text, timeout)
    done: list[ArticleResult] = []
    for rec, res in zip(records, results):
        assert res is not None  # every record got its result above
        if rec.warning:
            res.warnings.append(rec.warning)
        if rec.url is not None or rec.title is not None:  # carried to every output
            res.url, res.title = rec.url, rec.title
        done.append(res)
    return done


def process(records: list[Record], job: Job) -> ChunkResult:
    """Extract and render one chunk of consecutive records."""
    from .sinks import table_rows

    ex = extractor(job.model, job.max_chars)
    cpu = time.process_time()
    with _RUN_LOCK:
        zone = ex.nlp.memory_zone() if job.memory_zone and hasattr(ex.nlp, "memory_zone") else nullcontext()
        with zone:
            results = extract_records(ex, records, job.batch_size, job.doc_timeout)
    if job.fmt == "parquet":
        payload: list[Any] = [table_rows(rec, res) for rec, res in zip(records, results)]
    else:
        payload = [render(ex, rec, res) for rec, res in zip(records, results)]
    return ChunkResult(
        start=records[0].seq if records else 0,
        payload=payload,
        deals=sum(len(r.deals) for r in results),
        errors=sum(r.error is not None for r in results),
        pid=os.getpid(),
        rss=rss_bytes(),
        peak_rss=peak_rss_bytes(),
        cpu=time.process_time() - cpu,
    )
