"""Fit the confidence mapping of :mod:`pipeline.deals.confidence` on gold folders.

    python -m pipeline.deals.fit_confidence ../shared/eval/dev ../shared/eval/seed corpus [--model M ...] [--dry-run]

Records come from every pipeline named with --model (default: the default pipeline and the blank one, so the
mapping holds with and without a parser). Each predicted record is labelled right when it matches a gold record
(the ``accordi eval`` rule); an L2-regularised logistic regression over the record's evidence features is
fitted and written to ``pipeline/deals/confidence.json``. Leave-one-article-out predictions give an honest ECE estimate.
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from ..evaluate.score import expected_calibration_error as ece
from . import confidence

L2 = 1.0
STEPS = 3000
RATE = 0.1


def collect(gold_dirs: list[Path], models: list):
    from ..evaluate.cli import gold_articles
    from ..evaluate.score import match_records
    from ..extractor import Extractor

    rows = []  # (article key, features, label)
    for model in models:
        ext = Extractor(model)
        for gold_dir in gold_dirs:
            for article_id, text, gold in gold_articles(gold_dir):
                doc = ext.nlp(ext.make_doc(text, gold.published))
                records = doc._.deals or []
                matched = {i for i, _ in match_records(records, gold.deals)}
                for i, r in enumerate(records):
                    rows.append((f"{gold_dir.name}/{article_id}", r["signals"], i in matched))
    return rows


def fit(rows, l2: float = L2) -> dict[str, float]:
    import numpy as np

    names = confidence.FEATURES
    x = np.array([[feats.get(n, 0.0) for n in names] for _, feats, _ in rows], dtype=float)
    y = np.array([1.0 if ok else 0.0 for _, _, ok in rows])
    w = np.zeros(len(names))
    penalty = np.array([0.0 if n == "bias" else l2 for n in names])
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + penalty * w / len(y)
        w -= RATE * grad * 10
    return {n: round(float(v), 4) for n, v in zip(names, w)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold_dirs", nargs="+", type=Path)
    parser.add_argument("--model", action="append", help="A pipeline to collect records from (repeatable).")
    parser.add_argument("--dry-run", action="store_true", help="Report, do not write the weights file.")
    args = parser.parse_args()
    rows = collect(args.gold_dirs, args.model or [None, "blank"])
    weights = fit(rows)
    in_sample = [(confidence.score(f, weights), ok) for _, f, ok in rows]
    held_out = []
    for key in sorted({k for k, _, _ in rows}):
        w = fit([r for r in rows if r[0] != key])
        held_out += [(confidence.score(f, w), ok) for k, f, ok in rows if k == key]
    prior = sum(ok for _, _, ok in rows) / len(rows)
    print(f"records {len(rows)}  right {prior:.3f}")
    print(f"ECE in sample {ece(in_sample):.3f}  leave-one-article-out {ece(held_out):.3f}")
    print(json.dumps(weights, indent=1))
    if not args.dry_run:
        confidence.WEIGHTS_FILE.write_text(json.dumps({
            "fitted_on": [str(d) for d in args.gold_dirs], "models": args.model or ["default", "blank"],
            "records": len(rows), "right": round(prior, 4),
            "date": date.today().isoformat(), "l2": L2, "weights": weights,
            "ece_in_sample": round(ece(in_sample), 4), "ece_leave_one_article_out": round(ece(held_out), 4),
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {confidence.WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
