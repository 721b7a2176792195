"""CPU time per component of the default pipeline, in µs per word (the speed issue's table, #16).

    python benchmarks/components.py [--rounds 3] [--against OTHER_CHECKOUT]

The embedded model's pipeline with accordi's components runs over real articles (corpus/real/tune and
../shared/eval/dev texts; words = whitespace-separated; publication date 2026-01-01) the way ``nlp.pipe`` runs
it: the model's components over batches of 16 Docs, then accordi's components one Doc at a time in pipeline
order (so a Doc's text, rebuilt once, serves every component). Each component is timed on its own with
``time.process_time`` (CPU time, not wall time: the machines are shared). Each round is a fresh process that
first runs the pipeline over the other articles (corpus/*.txt), as a long batch would have, then times one
pass over the measured ones: what the components remember across Docs (words seen, matches of recurring
phrases) is warm, but never with the measured articles themselves. A component's figure is its best round
(the rounds differ only by the load of the machine). The ratio column is the component's time over the
model's own (its components together).

``--against``: another checkout of accordi (e.g. ``git archive <commit> | tar -x -C /tmp/old``), measured in
the same run: the two checkouts alternate round by round, so both see the same load; the table then has one
column per checkout.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = "2026-01-01"


def texts(root: Path, warm_up: bool = False) -> list[str]:
    if warm_up:
        return [p.read_text(encoding="utf-8") for p in sorted((root / "corpus").glob("*.txt"))]
    folders = [root / "corpus" / "real" / "tune", root.parent / "shared" / "eval" / "dev"]
    return [p.read_text(encoding="utf-8") for folder in folders for p in sorted(folder.glob("*.txt"))]


def measure(root: Path) -> dict:
    """{"words": n, "base": [model components], "times": {component: [seconds]}} for the checkout at ``root``."""
    sys.path.insert(0, str(root))
    import pipeline
    from pipeline.extractor import Extractor

    assert Path(pipeline.__file__).resolve().is_relative_to(root.resolve()), pipeline.__file__
    nlp = Extractor().nlp
    docs_text = texts(ROOT)  # the same articles whatever the checkout
    words = sum(len(t.split()) for t in docs_text)
    base = [(n, p) for n, p in nlp.pipeline if not n.startswith("accordi_")]
    ours = [(n, p) for n, p in nlp.pipeline if n.startswith("accordi_")]

    def one_pass(batch: list[str]) -> dict:
        spent = {n: 0.0 for n, _ in nlp.pipeline}
        docs = [nlp.make_doc(t) for t in batch]
        for doc in docs:
            doc._.published = PUBLISHED
        for name, proc in base:
            started = time.process_time()
            docs = list(proc.pipe(docs, batch_size=16)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            spent[name] += time.process_time() - started
        for doc in docs:
            for name, proc in ours:
                started = time.process_time()
                doc = proc(doc)
                spent[name] += time.process_time() - started
        return spent

    one_pass(texts(ROOT, warm_up=True))
    return {"words": words, "base": [n for n, _ in base], "times": {n: [s] for n, s in one_pass(docs_text).items()}}


def table(results: list[tuple[str, dict]]) -> str:
    """Markdown: µs/word and × model time per component, one pair of columns per checkout."""
    first = results[0][1]
    names = list(first["times"])
    head = "| component |" + "".join(f" µs/word ({label}) | × model ({label}) |" for label, _ in results)
    lines = [head, "|---|" + "---:|---:|" * len(results)]
    best = [{n: min(r["times"][n]) * 1e6 / r["words"] for n in r["times"]} for _, r in results]
    model = [sum(b[n] for n in r["base"]) for b, (_, r) in zip(best, results)]
    ours = [sum(v for n, v in b.items() if n.startswith("accordi_")) for b in best]
    for n in names:
        cells = "".join(
            f" {b.get(n, float('nan')):.1f} | {b.get(n, float('nan')) / m:.2f} |"
            if n.startswith("accordi_")
            else f" {b.get(n, float('nan')):.1f} | |"
            for b, m in zip(best, model)
        )
        lines.append(f"| {n} |{cells}")
    lines.append("| **model (" + " + ".join(first["base"]) + ")** |" + "".join(f" {m:.1f} | 1.00 |" for m in model))
    lines.append("| **accordi's components** |" + "".join(f" {o:.1f} | {o / m:.2f} |" for o, m in zip(ours, model)))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes per checkout; the best counts")
    parser.add_argument("--against", help="another checkout of accordi, measured in the same run")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(Path(args.one))))
        return
    checkouts = [("this", ROOT)] + ([("against", Path(args.against).resolve())] if args.against else [])
    merged: dict = {}
    for _ in range(args.rounds):
        for label, root in checkouts:
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(root)], capture_output=True, text=True, cwd=root
            )
            if out.returncode:
                sys.exit(f"{label} ({root}) failed:\n{out.stderr.strip()}")
            r = json.loads(out.stdout.strip().splitlines()[-1])
            if label in merged:
                for n, seconds in r["times"].items():
                    merged[label]["times"][n].extend(seconds)
            else:
                merged[label] = r
    print(
        f"{merged['this']['words']:,} words; best of {args.rounds} round(s)"
        + (f"; against = {args.against}" if args.against else "")
    )
    print(table(list(merged.items())))


if __name__ == "__main__":
    main()
