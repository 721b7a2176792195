"""Assemble the shipped pipeline from the two trained pipelines (the way spaCy's core models are built).

training/work/morph-fast/model-best  tok2vec (narrow) + morphologizer -> the model's `tok2vec` and `morphologizer`
training/work/ud-fast2/model-best    tok2vec (wide), parser, lemmatizer (lookup tables inside) -> parser gets its own
                                     copy of the wide tok2vec (replace_listeners); its morphologizer is not used
training/work/ner2/model-best        tok2vec + ner -> ner gets its own copy of its tok2vec (replace_listeners)
So `exclude=("ner", "parser", "lemmatizer")` (accordi's default) runs only the narrow tok2vec and the morphologizer,
and the full model still parses exactly as the wide tok2vec + parser it was trained with.
Writes pipeline/model/it_accordi_news (config, weights, lemma tables, meta.json).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import spacy
from spacy.lookups import Lookups

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "training" / "work"
TARGET = ROOT / "pipeline" / "model" / "it_accordi_news"
VERSION = "0.3.0"

LICENSES = {
    "model": "CC BY-NC-SA 4.0 (follows its NonCommercial / ShareAlike training data; code of accordi is MIT)",
    "KIND (NER annotations)": "CC BY-NC 4.0 (Wikinews, fiction), CC BY-NC-SA 4.0 (De Gasperi)",
    "UD Italian ParTUT / PoSTWITA": "CC BY-NC-SA 4.0",
    "UD Italian ISDT / VIT": "CC BY-NC-SA 3.0",
    "UD Italian MarkIT": "CC BY 4.0",
    "lemma tables (spacy-lookups-data, from morph-it)": "CC BY-SA 2.0 or LGPL (morph-it, Baroni & Zanchetta)",
}
SOURCES = [
    {
        "name": "KIND / NERMuD EVALITA 2023 (Wikinews part)",
        "url": "https://github.com/dhfbk/KIND",
        "license": "CC BY-NC 4.0",
    },
    {
        "name": "UD_Italian-ParTUT (train)",
        "url": "https://github.com/UniversalDependencies/UD_Italian-ParTUT",
        "license": "CC BY-NC-SA 4.0",
    },
    {
        "name": "UD_Italian-MarkIT (train)",
        "url": "https://github.com/UniversalDependencies/UD_Italian-MarkIT",
        "license": "CC BY 4.0",
    },
    {
        "name": "UD_Italian-VIT (dev+test)",
        "url": "https://github.com/UniversalDependencies/UD_Italian-VIT",
        "license": "CC BY-NC-SA 3.0",
    },
    {
        "name": "UD_Italian-PoSTWITA (dev+test)",
        "url": "https://github.com/UniversalDependencies/UD_Italian-PoSTWITA",
        "license": "CC BY-NC-SA 4.0",
    },
    {
        "name": "UD_Italian-ISDT (dev only; test held out for evaluation)",
        "url": "https://github.com/UniversalDependencies/UD_Italian-ISDT",
        "license": "CC BY-NC-SA 3.0",
    },
    {
        "name": "spacy-lookups-data 1.0.5 Italian lemma tables (morph-it)",
        "url": "https://github.com/explosion/spacy-lookups-data",
        "license": "CC BY-SA 2.0 / LGPL",
    },
]


def attested_forms() -> set:
    """Lower-cased word forms and UD lemmas of the training texts (KIND, UD; never the ISDT test file)."""
    from convert import DATA, UD_TEST

    forms = set()
    for path in sorted((DATA / "kind").glob("*_train.tsv")) + sorted((DATA / "kind").glob("*_dev.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line:
                forms.add(line.split("\t")[0].lower())
    held_out = {DATA / name for name in UD_TEST}
    for path in sorted(DATA.glob("ud_*/*.conllu")):
        if path in held_out:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and line[0].isdigit():
                cols = line.split("\t")
                forms.update((cols[1].lower(), cols[2].lower()))
    return forms


def trim_lemma_tables(lemmatizer, mode: str) -> None:
    """Shrink the spacy-lookups-data tables so the model fits its size budget.

    full     all tables as shipped by spacy-lookups-data (about 14.5 MB);
    nolegacy drop the legacy fallback entries for forms that a POS table already knows;
    corpus   nolegacy, and in the big open-class tables (verb, adj, noun) keep only the lemmas attested
             in the training texts (any form of the lemma, or the lemma itself, seen), dropping entries
             that map a form to itself (the lemmatizer returns the form then anyway)."""
    if mode == "full":
        return
    from spacy.strings import hash_string

    old = lemmatizer.lookups
    pos_tables = [n for n in old.tables if n != "lemma_lookup"]
    known = set()
    for name in pos_tables:
        known.update(old.get_table(name).keys())
    forms = attested_forms() if mode == "corpus" else None
    hashes = {hash_string(f) for f in forms} if forms else set()
    new = Lookups()
    for name in pos_tables + ["lemma_lookup"]:
        table = old.get_table(name)
        items = dict(table.items())
        if name == "lemma_lookup":
            items = {k: v for k, v in items.items() if k not in known}
        if forms is not None and name in ("lemma_lookup_verb", "lemma_lookup_adj", "lemma_lookup_noun", "lemma_lookup"):
            seen = {v for k, v in items.items() if k in hashes}
            items = {
                k: v
                for k, v in items.items()
                if (v in seen or v.lower() in forms) and (name == "lemma_lookup_verb" or k != hash_string(v))
            }
        new.add_table(name, items)
    lemmatizer.lookups = new


def own_tok2vec(nlp: spacy.Language, name: str) -> spacy.Language:
    """Give component `name` its own copy of the tok2vec it listens to (no-op if it has one already, as in a
    previously assembled model used as a source)."""
    if "tok2vec" in nlp.pipe_names and name in nlp.get_pipe("tok2vec").listening_components:
        nlp.replace_listeners("tok2vec", name, ["model.tok2vec"])
    return nlp


def assemble(ner_path: Path, ud_path: Path, morph_path: Path, out: Path, lemma_mode: str) -> spacy.Language:
    ud = own_tok2vec(spacy.load(ud_path), "parser")
    morph = spacy.load(morph_path)
    ner = own_tok2vec(spacy.load(ner_path), "ner")
    nlp = spacy.blank("it")
    for name in ("tok2vec", "morphologizer"):
        nlp.add_pipe(name, source=morph)
    for name in ("parser", "lemmatizer"):
        nlp.add_pipe(name, source=ud)
    nlp.add_pipe("ner", source=ner)
    trim_lemma_tables(nlp.get_pipe("lemmatizer"), lemma_mode)
    nlp.meta.update(
        {
            "name": "accordi_news",
            "lang": "it",
            "version": VERSION,
            "description": "Compact Italian news pipeline for accordi: tok2vec (narrow, width 64 / depth 2) + "
            "morphologizer (UD features incl. Mood=Cnd); parser (also sentences) and NER (PER/LOC/ORG), "
            "each with its own tok2vec (width 96 / depth 4); POS-aware lookup lemmatizer. "
            "CNN, no vectors; the parser and NER tok2vecs start from `spacy pretrain` weights "
            "(characters objective on the KIND+UD train/dev text). Built by training/build.sh.",
            "author": "accordi project",
            "license": LICENSES["model"],
            "licenses": LICENSES,
            "sources": SOURCES,
            "spacy_version": f">={spacy.about.__version__.rsplit('.', 1)[0]}.0,<3.9.0",
        }
    )
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return nlp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ner", type=Path, default=WORK / "ner2" / "model-best")
    ap.add_argument("--ud", type=Path, default=WORK / "ud-fast2" / "model-best")
    ap.add_argument("--morph", type=Path, default=WORK / "morph-fast" / "model-best")
    ap.add_argument("--out", type=Path, default=TARGET)
    ap.add_argument("--lemma-tables", choices=["full", "nolegacy", "corpus"], default="corpus")
    args = ap.parse_args()
    nlp = assemble(args.ner, args.ud, args.morph, args.out, args.lemma_tables)
    print(f"wrote {args.out}: {nlp.pipe_names}")


if __name__ == "__main__":
    main()
