"""Convert the shared KIND and UD Italian data into spaCy DocBin files under training/work/corpus.

Reads from ../shared/data (or $ACCORDI_DATA); never copies the raw data into the repository.
Splits (see training/README.md):
  ner-train  KIND WN_train   ner-dev  WN_dev   ner-test  WN_test   (ner-train-extra: WN+ADG+FIC, --ner-extra)
  ud-train   ParTUT train, MarkIT train, VIT dev+test, PoSTWITA dev+test, ISDT dev
  ud-dev     ParTUT dev + MarkIT dev                              ud-test   ISDT test (held out)
  pretrain.jsonl  raw text for `spacy pretrain` (configs/ner.cfg [pretraining]): KIND and UD *train/dev* files
                  only, never a test file (so neither WN_test nor the ISDT test file)
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.training.converters import conllu_to_docs

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("ACCORDI_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "training" / "work" / "corpus"

UD_TRAIN = [
    "ud_italian_partut/it_partut-ud-train.conllu",
    "ud_italian_markit/it_markit-ud-train.conllu",
    "ud_italian_vit/it_vit-ud-dev.conllu",
    "ud_italian_vit/it_vit-ud-test.conllu",
    "ud_italian_postwita/it_postwita-ud-dev.conllu",
    "ud_italian_postwita/it_postwita-ud-test.conllu",
    "ud_italian_isdt/it_isdt-ud-dev.conllu",
]
UD_DEV = ["ud_italian_partut/it_partut-ud-dev.conllu", "ud_italian_markit/it_markit-ud-dev.conllu"]
UD_TEST = ["ud_italian_isdt/it_isdt-ud-test.conllu"]

NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "»", "...", "”"}
NO_SPACE_AFTER = {"(", "[", "{", "«", "“"}


def read_iob(path: Path):
    """Yield sentences as lists of (token, tag) from a KIND token<TAB>tag file."""
    sent = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sent:
                yield sent
            sent = []
            continue
        tok, tag = line.split("\t")[:2]
        sent.append((tok, tag.strip()))
    if sent:
        yield sent


def spaces_for(words):
    """Guess whitespace for pre-tokenised text the way Italian prose is written."""
    spaces = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        space = nxt is not None
        if w.endswith("'") and len(w) > 1 or w in NO_SPACE_AFTER:
            space = False
        if nxt is not None and nxt in NO_SPACE_BEFORE:
            space = False
        spaces.append(space)
    return spaces


def iob_sentence_to_doc(vocab, sent):
    words = [t for t, _ in sent]
    doc = Doc(vocab, words=words, spaces=spaces_for(words))
    ents, start, label = [], None, None
    for i, (_, tag) in enumerate(sent + [("", "O")]):
        kind, _, lab = tag.partition("-")
        # an I- that does not continue an entity of its type starts one (WN_test quirk)
        continues = kind == "I" and start is not None and lab == label
        if start is not None and not continues:
            ents.append(Span(doc, start, i, label=label))
            start, label = None, None
        if kind in ("B", "I") and not continues:
            start, label = i, lab
    doc.ents = ents
    # every token is annotated (O or entity), not missing
    return doc


def kind_docs(vocab, names, n_sents):
    docs = []
    for name in names:
        batch = []
        for sent in read_iob(DATA / "kind" / name):
            batch.append(iob_sentence_to_doc(vocab, sent))
            if len(batch) == n_sents:
                docs.append(Doc.from_docs(batch))
                batch = []
        if batch:
            docs.append(Doc.from_docs(batch))
    return docs


def ud_docs(names, n_sents):
    docs = []
    for name in names:
        text = (DATA / name).read_text(encoding="utf-8")
        docs.extend(conllu_to_docs(text, n_sents=n_sents, merge_subtokens=True, no_print=True))
    return docs


PRETRAIN_KIND = ["WN_train.tsv", "WN_dev.tsv", "ADG_train.tsv", "ADG_dev.tsv", "FIC_train.tsv", "FIC_dev.tsv"]


def pretrain_texts(n_sents):
    """Raw text (no labels) of the KIND and UD train/dev files, n_sents sentences a line."""
    sents = []
    for name in PRETRAIN_KIND:
        for sent in read_iob(DATA / "kind" / name):
            words = [t for t, _ in sent]
            sents.append("".join(w + (" " if sp else "") for w, sp in zip(words, spaces_for(words))))
    for path in sorted(DATA.glob("ud_*/*.conllu")):
        if "-test." in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                sents.append(line[len("# text = ") :].strip())
    for i in range(0, len(sents), n_sents):
        yield " ".join(sents[i : i + n_sents])


def save_pretrain_text(n_sents):
    OUT.mkdir(parents=True, exist_ok=True)
    n = 0
    with (OUT / "pretrain.jsonl").open("w", encoding="utf-8") as f:
        for text in pretrain_texts(n_sents):
            f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
            n += 1
    print(f"pretrain.jsonl: {n} texts")


def save(docs, name):
    OUT.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(OUT / f"{name}.spacy")
    n_words = sum(len(d) for d in docs)
    print(f"{name}: {len(docs)} docs, {n_words} tokens")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--ner-extra",
        action="store_true",
        help="also write ner-train-extra (KIND WN+ADG+FIC train) for configs/ner-extra.cfg",
    )
    ap.add_argument(
        "--pretrain-text",
        action="store_true",
        help="only write pretrain.jsonl (raw KIND+UD train/dev text for spacy pretrain)",
    )
    ap.add_argument("--n-sents", type=int, default=10)
    args = ap.parse_args()
    if args.pretrain_text:
        save_pretrain_text(args.n_sents)
        return
    vocab = spacy.blank("it").vocab
    save(kind_docs(vocab, ["WN_train.tsv"], args.n_sents), "ner-train")
    if args.ner_extra:
        extra = ["WN_train.tsv", "ADG_train.tsv", "FIC_train.tsv"]
        save(kind_docs(vocab, extra, args.n_sents), "ner-train-extra")
    save(kind_docs(vocab, ["WN_dev.tsv"], args.n_sents), "ner-dev")
    save(kind_docs(vocab, ["WN_test.tsv"], args.n_sents), "ner-test")
    save(ud_docs(UD_TRAIN, args.n_sents), "ud-train")
    save(ud_docs(UD_DEV, args.n_sents), "ud-dev")
    save(ud_docs(UD_TEST, args.n_sents), "ud-test")
    save_pretrain_text(args.n_sents)


if __name__ == "__main__":
    main()
