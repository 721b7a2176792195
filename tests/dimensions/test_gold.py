"""The issue's targets on the gold of ../shared/eval (seed + dev) and corpus/ (skipped when absent)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval"
TARGETS = {"amount": 0.97, "duration": 0.95, "date": 0.93}


def _bench():
    spec = importlib.util.spec_from_file_location("bench_dimensions", ROOT / "benchmarks" / "dimensions.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not (EVAL / "dev").is_dir(), reason="../shared/eval is not here")
def test_value_accuracy_targets():
    bench = _bench()
    articles = bench.load_articles([str(EVAL / "seed"), str(EVAL / "dev"), str(ROOT / "corpus")])
    found, total, _, _ = bench.evaluate(bench.Accordi(), articles)
    for dim, target in TARGETS.items():
        assert total[dim] > 0
        assert found[dim] / total[dim] >= target, (dim, found[dim], total[dim])


@pytest.mark.skipif(not (EVAL / "seed").is_dir(), reason="../shared/eval is not here")
def test_seed_article_end_to_end():
    bench = _bench()
    pred = bench.Accordi()((EVAL / "seed" / "000.txt").read_text(encoding="utf-8"), None)
    for value in (38e9, 250e9, 300e9):
        assert (value, "USD") in pred["amount"]
    assert "P7Y" in pred["duration"]
    assert "2026-12-31" in pred["date"] and "2027" in pred["date"]
