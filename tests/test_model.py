"""The compact Italian model shipped in pipeline/model/it_accordi_news (built by training/build.sh)."""

import json

import pytest
import spacy

from pipeline import assembly

MODEL = assembly.EMBEDDED_MODEL

# project-written deal sentences
DEAL = (
    "Secondo fonti vicine al dossier, Fincantieri acquisirebbe il 40% di Vard per 300 milioni di euro. "
    "L'accordo con Leonardo sarebbe firmato entro marzo."
)


@pytest.fixture(scope="module")
def nlp():
    if not (MODEL / "config.cfg").is_file():
        pytest.skip("embedded model not built (run: bash training/build.sh)")
    return spacy.load(MODEL)


def test_components_match_the_core_news_models(nlp):
    for name in ("tok2vec", "morphologizer", "parser", "lemmatizer", "ner"):
        assert name in nlp.pipe_names
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG"}
    morph_labels = nlp.get_pipe("morphologizer").labels
    assert any("Mood=Cnd" in label for label in morph_labels)
    assert {"nsubj", "obj", "ROOT"} <= set(nlp.get_pipe("parser").labels)


def test_meta_names_the_model_its_sources_licenses_and_scores(nlp):
    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "accordi_news" and meta["lang"] == "it"
    assert "NC" in meta["license"]
    assert any("KIND" in s["name"] for s in meta["sources"])
    scores = meta.get("accordi_scores", {})
    for key in ("ents_f", "dep_las", "speed_words_per_second_1core", "size_mb"):
        assert key in scores
    assert scores["size_mb"] <= 25


def test_model_is_small_enough_to_ship():
    if not MODEL.is_dir():
        pytest.skip("embedded model not built")
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size <= 25 * 1024 * 1024


def test_deal_sentence_is_tagged_sensibly(nlp):
    doc = nlp(DEAL)
    orgs = {ent.text for ent in doc.ents if ent.label_ == "ORG"}
    assert orgs & {"Fincantieri", "Vard", "Leonardo"}, [(e.text, e.label_) for e in doc.ents]
    by_text = {tok.text: tok for tok in doc}
    for verb in ("acquisirebbe", "sarebbe"):
        assert "Cnd" in by_text[verb].morph.get("Mood"), (verb, str(by_text[verb].morph))
    assert by_text["acquisirebbe"].lemma_ == "acquisire"
    assert len(list(doc.sents)) == 2
    assert by_text["acquisirebbe"].dep_ == "ROOT"


def test_the_default_extractor_runs_on_the_embedded_model(nlp, monkeypatch):
    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    base = assembly.load_base()
    assert base.meta["name"] == "accordi_news"
    doc = assembly.add_accordi(base)(DEAL)
    assert doc._.deals and any("Cnd" in t.morph.get("Mood") for t in doc)


def test_default_path_runs_a_narrow_tok2vec_and_the_parser_has_its_own():
    if not (MODEL / "config.cfg").is_file():
        pytest.skip("embedded model not built")
    default = spacy.load(MODEL, exclude=list(assembly.EMBEDDED_DEFAULT_EXCLUDE))
    assert default.pipe_names == ["tok2vec", "morphologizer"]
    parser_only = spacy.load(MODEL, exclude=["tok2vec", "morphologizer", "lemmatizer", "ner"])
    doc = parser_only(DEAL)
    assert {t.text: t.dep_ for t in doc}["acquisirebbe"] == "ROOT" and len(list(doc.sents)) == 2
    narrow = default.config["components"]["tok2vec"]["model"]["encode"]
    wide = parser_only.config["components"]["parser"]["model"]["tok2vec"]["encode"]
    assert narrow["width"] * narrow["depth"] < wide["width"] * wide["depth"]
