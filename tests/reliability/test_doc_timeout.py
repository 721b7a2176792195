"""Defect 4 (second half): --doc-timeout holds even inside native code — the worker that overruns is replaced
and its document gets an error line; the others are unaffected."""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "batch"))
from batch_helpers import short, stuck_process  # noqa: E402

from pipeline.batch.engine import chunks, local_results  # noqa: E402
from pipeline.batch.sources import open_source  # noqa: E402
from pipeline.batch.worker import Job  # noqa: E402


def test_a_document_stuck_in_native_code_gets_a_timeout_line_and_its_worker_is_replaced():
    rows = [{"id": f"d{i}", "text": short(i) + (" STUCK" if i == 5 else "")} for i in range(12)]
    job = Job(model="blank", doc_timeout=0.3)
    start = time.perf_counter()
    results = list(local_results(chunks(open_source(rows), max_docs=2), job, 2, fn=stuck_process))
    lines = [json.loads(line) for res in results for line in res.payload]
    assert [x["id"] for x in lines] == [f"d{i}" for i in range(12)]
    assert "timed out after 0.3 s" in lines[5]["error"] and "replaced" in lines[5]["error"]
    assert all(x["error"] is None for i, x in enumerate(lines) if i != 5)
    assert time.perf_counter() - start < 120
