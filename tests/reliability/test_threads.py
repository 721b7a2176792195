"""Defect 2: one Extractor is safe from many threads — 4 threads × 100 documents give, byte for byte, what one
thread gives (the party component used to keep the document it was working on on itself)."""

import sys
import threading
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _documents(n):
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    return [(texts[i % len(texts)], "2025-03-14" if i % 2 else None) for i in range(n)]


def _threaded(extractor, docs, threads):
    out = [[None] * len(docs) for _ in range(threads)]
    errors = []

    def work(k):
        try:
            order = list(range(len(docs)))
            order = order[k * 7 % len(docs) :] + order[: k * 7 % len(docs)]  # other documents in flight
            for i in order:
                out[k][i] = extractor.extract(*docs[i]).model_dump_json()
        except Exception as err:  # pragma: no cover
            errors.append(err)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: races show up at once
    try:
        pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors
    return out


@pytest.mark.parametrize("which, n", [("blank_extractor", 100), ("extractor", 30)])
def test_threads_give_the_sequential_results_byte_for_byte(request, which, n):
    extractor = request.getfixturevalue(which)
    docs = _documents(n)
    sequential = [extractor.extract(*d).model_dump_json() for d in docs]
    for k, results in enumerate(_threaded(extractor, docs, 4)):
        diff = [i for i, (a, b) in enumerate(zip(sequential, results)) if a != b]
        assert not diff, f"thread {k}: {len(diff)} of {n} results differ from sequential (first: document {diff[0]})"
