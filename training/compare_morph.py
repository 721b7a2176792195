"""Compare morphologizers (each with the tok2vec it listens to, nothing else) on UD dev and test, and their speed
back to back in one process: the morph-fast.cfg variants against the morphology path of a shipped model.

    python training/compare_morph.py NAME=PATH [NAME=PATH ...]

PATH is a trained pipeline or a shipped model; only its `tok2vec` and `morphologizer` are loaded (what accordi's
default run keeps of the embedded model). Measures as training/evaluate.py: UPOS and morph accuracy, Mood F1,
Mood=Cnd P/R, tokens per CPU second on the KIND WN_test texts (median of 3 passes after a warm-up). Selection is
on dev (ParTUT + MarkIT dev); test is ISDT test (held out).
"""

from __future__ import annotations

import argparse
import json
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import spacy  # noqa: E402
from spacy.training import Corpus  # noqa: E402

from evaluate import CORPUS, cnd_scores, r, words_per_second  # noqa: E402


def morph_only(path: str) -> spacy.Language:
    nlp = spacy.load(path)
    for name in [n for n in nlp.pipe_names if n not in ("tok2vec", "morphologizer")]:
        nlp.remove_pipe(name)
    return nlp


def scores(nlp: spacy.Language, split: str) -> dict:
    examples = list(Corpus(CORPUS / f"ud-{split}.spacy")(nlp))
    s = nlp.evaluate(examples)
    for eg, doc in zip(examples, nlp.pipe([eg.reference.text for eg in examples])):
        eg.predicted = doc
    mood = (s.get("morph_per_feat") or {}).get("Mood", {})
    cnd = cnd_scores(examples)
    return {
        "upos": r(s["pos_acc"]),
        "morph": r(s["morph_acc"]),
        "mood_f": r(mood.get("f")),
        "cnd_p": cnd["p"],
        "cnd_r": cnd["r"],
        "cnd_gold": cnd["gold"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="+", help="NAME=PATH")
    args = ap.parse_args()
    models = {name: morph_only(path) for name, path in (m.split("=", 1) for m in args.models)}
    texts = [eg.reference.text for eg in Corpus(CORPUS / "ner-test.spacy")(spacy.blank("it"))]
    rows = {name: {"dev": scores(nlp, "dev"), "test": scores(nlp, "test")} for name, nlp in models.items()}
    for name, nlp in models.items():
        rows[name]["tokens_per_cpu_s"] = words_per_second(nlp, texts)[2]
    print(json.dumps(rows, indent=1))
    print(
        "| variant | dev UPOS / morph / Mood F1 | test UPOS / morph / Mood F1 | test Mood=Cnd P / R | "
        "tokens per CPU s (3 passes) |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, row in rows.items():
        d, t = row["dev"], row["test"]
        print(
            f"| {name} | {d['upos']:.3f} / {d['morph']:.3f} / {d['mood_f']:.3f} | "
            f"{t['upos']:.3f} / {t['morph']:.3f} / {t['mood_f']:.3f} | {t['cnd_p']:.3f} / {t['cnd_r']:.3f} | "
            f"{' / '.join(f'{x / 1000:.1f}k' for x in row['tokens_per_cpu_s'])} |"
        )


if __name__ == "__main__":
    main()
