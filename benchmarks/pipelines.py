"""Quality per cost of candidate base pipelines under accordi's components (the speed issue's table).

    python benchmarks/pipelines.py [--only full,blank,...] [--passes 2] [--embedded PATH]

Each candidate runs in its own process (so peak RSS is its own): words per second of the full accordi pipeline,
one process, on real articles (corpus/real/tune and ../shared/eval/dev texts; words = whitespace-separated), the
same for the base pipeline alone, peak RSS, and the deal figures on corpus/real/blind (aggregates only).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# name -> (model, components of the base pipeline left out)
EMBEDDED = str(ROOT / "pipeline" / "model" / "it_accordi_news")
CANDIDATES = {
    "full": (EMBEDDED, ()),
    "no-ner": (EMBEDDED, ("ner",)),
    "no-parser": (EMBEDDED, ("parser",)),
    "no-lemmatizer": (EMBEDDED, ("lemmatizer",)),
    "morph-only": (EMBEDDED, ("ner", "parser", "lemmatizer")),
    "ner-only": (EMBEDDED, ("tok2vec", "morphologizer", "parser", "lemmatizer")),
    "parser-only": (EMBEDDED, ("ner", "lemmatizer")),
    "blank": ("blank", ()),
}


def texts() -> list[str]:
    folders = [ROOT / "corpus" / "real" / "tune", ROOT.parent / "shared" / "eval" / "dev"]
    return [p.read_text(encoding="utf-8") for folder in folders for p in sorted(folder.glob("*.txt"))]


def measure(name: str, passes: int, embedded: str = EMBEDDED) -> dict:
    from pipeline.evaluate.cli import run
    from pipeline.extractor import Extractor

    model, exclude = CANDIDATES[name]
    model = embedded if model == EMBEDDED else model
    ext = Extractor(model, exclude=exclude)
    docs = texts()
    words = sum(len(t.split()) for t in docs) * passes
    base = [p for p in ext.nlp.pipe_names if not p.startswith("accordi_")]
    list(ext.nlp.pipe(docs[:10]))  # warm up
    started = time.process_time()
    for _ in range(passes):
        for doc in ext.nlp.pipe(docs, batch_size=16):
            pass
    full = time.process_time() - started
    started = time.process_time()
    with ext.nlp.select_pipes(enable=base):
        for _ in range(passes):
            for doc in ext.nlp.pipe(docs, batch_size=16):
                pass
    alone = time.process_time() - started
    scores, _ = run([ROOT / "corpus" / "real" / "blind"], extractor=ext)
    d = scores.as_dict()
    return {
        "name": name,
        "pipes": base,
        "words_per_s": round(words / full),
        "base_words_per_s": round(words / max(alone, 1e-9)),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "record_f1": d["records"]["f1"],
        "party_f1": d["parties_all_records"]["f1"],
        "role": d["role_accuracy"],
        "status": d["status_accuracy"],
        "ece": d["ece"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(CANDIDATES))
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--embedded", default=EMBEDDED, help="another build of the embedded model (e.g. an older one)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.passes, args.embedded)))
        return
    print(
        "| pipeline | base components | words/s, accordi end to end | words/s, base alone | accordi / base time | "
        "peak RSS | blind record F1 | party F1 | role acc. | status acc. | ECE |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in args.only.split(","):
        out = subprocess.run(
            [sys.executable, __file__, "--one", name, "--passes", str(args.passes), "--embedded", args.embedded],
            capture_output=True,
            text=True,
        )
        if out.returncode:
            print(
                f"| {name} | failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode} |"
            )
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"| {r['name']} | {' '.join(r['pipes']) or '—'} | {r['words_per_s']:,} | {r['base_words_per_s']:,} | "
            f"{r['base_words_per_s'] / r['words_per_s']:.2f}× | {r['rss_mb']} MB | {r['record_f1']:.3f} | {r['party_f1']:.3f} | "
            f"{r['role']:.3f} | {r['status']:.3f} | {r['ece']:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
