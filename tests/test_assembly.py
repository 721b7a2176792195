"""Which base pipeline accordi stands on, and that accordi's components sit on top of each the same way."""

import pytest
import spacy

from pipeline import Extractor, assembly


LG_COMPONENTS = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "ner"]


def _lg_shaped_pipeline(path):
    """A pipeline with it_core_news_lg's component names, saved to disk (the real one cannot be downloaded here)."""
    from spacy.training import Example

    nlp = spacy.blank("it")
    for name in LG_COMPONENTS:
        nlp.add_pipe(name)
    words = ["OpenAI", "acquisirebbe", "Alfa", "."]
    example = Example.from_dict(
        nlp.make_doc(" ".join(words)),
        {
            "words": words,
            "heads": [1, 1, 1, 1],
            "deps": ["nsubj", "ROOT", "obj", "punct"],
            "morphs": ["", "Mood=Cnd", "", ""],
            "pos": ["PROPN", "VERB", "PROPN", "PUNCT"],
            "entities": ["U-ORG", "O", "U-ORG", "O"],
        },
    )
    nlp.initialize(lambda: [example])
    nlp.meta.update({"name": "core_news_lg", "version": "3.8.0"})
    nlp.to_disk(path)
    return path


def test_installed_lg_is_preferred_and_gets_accordi_on_top(tmp_path, monkeypatch):
    path = _lg_shaped_pipeline(tmp_path / "it_core_news_lg")
    loaded = []
    real_load = spacy.load

    def fake_load(name, *args, **kwargs):
        loaded.append(name)
        return real_load(path if name == "it_core_news_lg" else name, *args, **kwargs)

    monkeypatch.setattr(spacy.util, "is_package", lambda name: name == "it_core_news_lg")
    monkeypatch.setattr(spacy, "load", fake_load)
    nlp = assembly.build()
    assert loaded == ["it_core_news_lg"]
    names = nlp.pipe_names
    assert names == LG_COMPONENTS + list(assembly.ACCORDI_PIPES)
    assert assembly.model_info(nlp) == {"name": "it_core_news_lg", "version": "3.8.0"}


def test_model_path_option_loads_a_saved_pipeline(tmp_path):
    path = _lg_shaped_pipeline(tmp_path / "lg_like")
    extractor = Extractor(str(path))
    result = extractor.extract("OpenAI ha acquisito Alfa per 3 milioni di euro.", "2025-01-01")
    assert result.model.name == "it_core_news_lg"
    assert extractor.nlp.pipe_names[-len(assembly.ACCORDI_PIPES) :] == list(assembly.ACCORDI_PIPES)


def test_without_installed_models_the_embedded_or_blank_pipeline_is_used(monkeypatch):
    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    nlp = assembly.load_base()
    if (assembly.EMBEDDED_MODEL / "config.cfg").is_file():
        assert nlp.meta["name"] == "accordi_news"
        # by default its morphology only (the quality-per-cost choice); named by path, all of it
        assert "morphologizer" in nlp.pipe_names and not {"ner", "parser"} & set(nlp.pipe_names)
        assert {"ner", "parser"} <= set(assembly.load_base(str(assembly.EMBEDDED_MODEL)).pipe_names)
    else:
        assert nlp.pipe_names == ["sentencizer"]


def test_add_accordi_is_idempotent():
    nlp = assembly.blank_italian()
    assembly.add_accordi(nlp)
    assembly.add_accordi(nlp)
    assert nlp.pipe_names == ["sentencizer", *assembly.ACCORDI_PIPES]


LEGAL_FORM_CASES = [
    # (text, legal form that must be one token)
    ("Enel S.p.A. ha firmato un accordo con Terna.", "S.p.A."),
    ("La Mira S.r.l. e la Beta hanno firmato.", "S.r.l."),
    ("Alfa S.p.a. ha ceduto il ramo d'azienda.", "S.p.a."),
    ("Il fondo ha rilevato Gamma s.p.a. per 3 milioni.", "s.p.a."),
    ("Delta S.a.p.a. ha firmato con Beta.", "S.a.p.a."),
    ("L'accordo con Omega S.r.l., siglato ieri, vale 5 milioni.", "S.r.l."),
    ("Il contratto (con Zeta S.P.A.) è stato firmato.", "S.P.A."),
]


def _with_accordi(model):
    if model == "blank":
        return assembly.add_accordi(assembly.blank_italian())
    if not (assembly.EMBEDDED_MODEL / "config.cfg").is_file():
        pytest.skip("embedded model absent")
    return assembly.add_accordi(spacy.load(assembly.EMBEDDED_MODEL))


@pytest.mark.parametrize("model", ["blank", "embedded"])
def test_dotted_legal_forms_stay_one_token_and_do_not_end_sentences(model):
    nlp = _with_accordi(model)
    for text, form in LEGAL_FORM_CASES:
        doc = nlp(text)
        tokens = [t.text for t in doc]
        assert form in tokens, (text, tokens)
        i = tokens.index(form)
        assert not (i + 1 < len(doc) and doc[i + 1].is_sent_start), (text, [s.text for s in doc.sents])


def test_legal_form_tokens_come_from_the_data_and_skip_sentence_final_abbreviations():
    forms = assembly.legal_form_tokens()
    assert {"S.p.A.", "S.r.l.", "s.p.a.", "S.a.p.a."} <= set(forms)
    assert "Co." not in forms and "Inc." not in forms  # these often end a sentence


def test_an_elision_that_lost_its_apostrophe_is_split_off(blank_extractor):
    """Pages that drop apostrophes write 'LEnel' for "L'Enel": the name is still the party."""
    result = blank_extractor.extract("LEnel ha acquisito il 10% di Alfa Energia per 10 milioni di euro.", "2025-01-01")
    assert {p.name for d in result.deals for p in d.parties} == {"Enel", "Alfa Energia"}
    for text in ("LinkedIn", "LVMH", "DeA Capital", "LaPresse"):  # names that only look like it stay whole
        assert blank_extractor.nlp.make_doc(text)[0].text == text.split()[0]
    other = spacy.blank("it")
    other.tokenizer.from_bytes(blank_extractor.nlp.tokenizer.to_bytes())  # what nlp.pipe(n_process=2) workers get
    assert [t.text for t in other("dellAutorità")] == ["dell", "Autorità"]


def test_a_wire_dateline_glued_to_the_first_word_is_split(blank_extractor):
    text = "MILANO (MF-DJ)--A2A ha firmato un accordo con Ardian per 10 milioni di euro."
    assert [t.text for t in blank_extractor.nlp.make_doc(text)][:6] == ["MILANO", "(", "MF-DJ", ")", "--", "A2A"]
    result = blank_extractor.extract(text, "2025-01-01")
    assert {p.name for d in result.deals for p in d.parties} == {"A2A", "Ardian"}
