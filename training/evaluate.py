"""Measure the shipped pipeline: NER on KIND WN_test, parser/morphology/lemmas on UD ISDT test,
words/s on one core, size on disk. Writes training/work/scores.json and (with --write-meta) the
scores into the model's meta.json."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import spacy  # noqa: E402
from spacy.training import Corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "training" / "work"
CORPUS = WORK / "corpus"
MODEL = ROOT / "pipeline" / "model" / "it_accordi_news"


def r(x, n=4):
    return None if x is None else round(float(x), n)


def dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def aligned_tokens(examples):
    """(predicted, gold) token pairs that align one-to-one."""
    for eg in examples:
        for tok in eg.predicted:
            gold_idx = eg.alignment.x2y[tok.i]
            if len(gold_idx) != 1:
                continue
            gold = eg.reference[int(gold_idx[0])]
            if len(eg.alignment.y2x[gold.i]) == 1:
                yield tok, gold


def cnd_scores(examples):
    """Precision/recall of Mood=Cnd on tokens aligned one-to-one with the gold tokens."""
    tp = fp = fn = 0
    for tok, gold in aligned_tokens(examples):
        p = "Cnd" in tok.morph.get("Mood")
        g = "Cnd" in gold.morph.get("Mood")
        tp += p and g
        fp += p and not g
        fn += g and not p
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"p": r(prec), "r": r(rec), "f": r(f), "gold": tp + fn}


def lemma_acc_single_words(examples):
    """Lemma accuracy on one-to-one aligned tokens whose gold lemma is one word (not a merged
    multiword token such as 'del' = 'di il', which the lookup lemmatizer does not split)."""
    right = total = 0
    for tok, gold in aligned_tokens(examples):
        if " " in gold.lemma_:
            continue
        total += 1
        right += tok.lemma_ == gold.lemma_
    return r(right / total) if total else None


def words_per_second(nlp, texts, passes=3):
    """Tokens per second of CPU time of this single-threaded process (as spaCy's speed benchmark counts
    words), and per second of wall-clock time (lower when other processes share the cores).
    One warm-up pass on 200 texts, then `passes` timed passes over all texts; the median pass is reported
    (CPU time still drops when the other core is busy, so one pass is noisy)."""
    for _ in nlp.pipe(texts[:200], batch_size=64):
        pass
    runs = []
    for _ in range(passes):
        n_words = 0
        cpu, wall = time.process_time(), time.perf_counter()
        for doc in nlp.pipe(texts, batch_size=64):
            n_words += len(doc)
        runs.append((n_words / (time.process_time() - cpu), n_words / (time.perf_counter() - wall)))
    runs.sort()
    return runs[len(runs) // 2][0], runs[len(runs) // 2][1], [int(x) for x, _ in runs]


def evaluate(model: Path) -> dict:
    nlp = spacy.load(model)
    ner_ex = list(Corpus(CORPUS / "ner-test.spacy")(nlp))
    ner = nlp.evaluate(ner_ex)
    ud_ex = list(Corpus(CORPUS / "ud-test.spacy")(nlp))
    ud_scorer_ex = nlp.evaluate(ud_ex)
    # re-run to keep the predicted docs for the Mood=Cnd count
    preds = list(nlp.pipe([eg.reference.text for eg in ud_ex]))
    for eg, doc in zip(ud_ex, preds):
        eg.predicted = doc
    mood = (ud_scorer_ex.get("morph_per_feat") or {}).get("Mood", {})
    texts = [eg.reference.text for eg in ner_ex]
    wps, wps_wall, wps_runs = words_per_second(nlp, texts)
    return {
        "ner_test": "KIND WN_test (2,088 sentences, 3,507 entities)",
        "ents_p": r(ner["ents_p"]),
        "ents_r": r(ner["ents_r"]),
        "ents_f": r(ner["ents_f"]),
        "ents_per_type": {k: {m: r(v) for m, v in d.items()} for k, d in ner["ents_per_type"].items()},
        "ud_test": "UD Italian ISDT test (482 sentences, held out)",
        "dep_uas": r(ud_scorer_ex["dep_uas"]),
        "dep_las": r(ud_scorer_ex["dep_las"]),
        "sents_f": r(ud_scorer_ex["sents_f"]),
        "pos_acc": r(ud_scorer_ex["pos_acc"]),
        "morph_acc": r(ud_scorer_ex["morph_acc"]),
        "lemma_acc": r(ud_scorer_ex["lemma_acc"]),
        "morph_mood": {m: r(v) for m, v in mood.items()},
        "morph_mood_cnd": cnd_scores(ud_ex),
        "lemma_acc_single_words": lemma_acc_single_words(ud_ex),
        "speed_words_per_second_1core": int(wps),
        "speed_words_per_second_wallclock": int(wps_wall),
        "speed_passes_1core": wps_runs,
        "speed_text": "KIND WN_test texts, nlp.pipe(batch_size=64), median of 3 passes after a warm-up",
        "size_mb": round(dir_size_mb(model), 1),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=MODEL)
    ap.add_argument("--write-meta", action="store_true")
    ap.add_argument("--train-minutes", type=float, default=None)
    ap.add_argument("--out", type=Path, default=WORK / "scores.json")
    args = ap.parse_args()
    scores = evaluate(args.model)
    if args.train_minutes is not None:
        scores["training_minutes"] = round(args.train_minutes, 1)
    print(json.dumps(scores, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(scores, indent=2), encoding="utf-8")
    if args.write_meta:
        meta_path = args.model / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["accordi_scores"] = scores
        perf = {
            k: scores[k]
            for k in (
                "ents_p",
                "ents_r",
                "ents_f",
                "ents_per_type",
                "dep_uas",
                "dep_las",
                "sents_f",
                "pos_acc",
                "morph_acc",
                "lemma_acc",
            )
        }
        meta["performance"] = perf
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
