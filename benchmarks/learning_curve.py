"""Does more annotation pay? Blind record F1 when the deal decisions learn from 25 / 50 / 100 % of corpus/real/tune.

    python benchmarks/learning_curve.py [--model blank] [--fractions 0.25 0.5 1.0]

Each point retrains (with ../shared/eval/dev and corpus/ as always) into a temporary file and scores
corpus/real/blind in aggregate only. Needs scikit-learn and ../shared beside the checkout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import train  # noqa: E402
from pipeline.evaluate.cli import run  # noqa: E402
from pipeline.extractor import Extractor  # noqa: E402

FOLDERS = [ROOT / "corpus" / "real" / "tune", ROOT.parent / "shared" / "eval" / "dev", ROOT / "corpus"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="pipeline to score with ('blank' for none)")
    parser.add_argument("--fractions", nargs="+", type=float, default=[0.25, 0.5, 1.0])
    args = parser.parse_args()
    print("| share of tune | tune articles | blind record P / R / F1 | status acc. | ECE |")
    print("|---|---:|---|---:|---:|")
    for fraction in args.fractions:
        sources = train.sources_of(FOLDERS, fraction)
        rows = train.collect(sources, [None, "blank"])
        weights, report = train.train(rows)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "w.json"
            train.write(weights, report, FOLDERS, [None, "blank"], path)
            scores, _ = run(
                [ROOT / "corpus" / "real" / "blind"], extractor=Extractor(args.model, deal_weights=str(path))
            )
        d = scores.as_dict()
        r = d["records"]
        print(
            f"| {fraction:.0%} | {len(sources[0][1])} | {r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f} "
            f"| {d['status_accuracy']:.3f} | {d['ece']:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
