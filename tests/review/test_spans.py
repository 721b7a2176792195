"""doc.spans["accordi"] for displaCy, deal words as TRIGGER spans, and a sentencizer where a pipeline has none."""

import spacy
from spacy import displacy

import pipeline
from pipeline.spans import LABELS, SPANS_KEY

TEXT = (
    "Milano, 3 marzo 2025. Enel ha firmato un accordo per l'acquisizione del 30% di Alfa Energia per "
    "120 milioni di euro, pari a 4,5 euro per azione. L'intesa ha una durata di cinque anni e il closing "
    "è atteso entro giugno 2025."
)


def _blank_doc():
    nlp = spacy.blank("it")  # no parser, no sentencizer
    pipeline.add_accordi(nlp)
    return nlp, nlp(TEXT)


def test_add_accordi_on_a_bare_tokenizer_adds_a_sentencizer_instead_of_failing():
    nlp, doc = _blank_doc()
    assert "sentencizer" in nlp.pipe_names
    assert nlp.pipe_names.index("sentencizer") < nlp.pipe_names.index("accordi_money")
    assert nlp.pipe_names[-1] == "accordi_spans"
    assert doc._.deals  # ran to the end (E030 before)
    pipeline.add_accordi(nlp)  # idempotent: no second sentencizer
    assert nlp.pipe_names.count("sentencizer") == 1


def test_a_pipeline_with_sentences_gets_no_sentencizer(extractor):
    names = extractor.nlp.pipe_names
    assert ("parser" in names) != ("sentencizer" in names) or "senter" in names


def test_every_kind_of_mention_is_a_span_with_its_label():
    _, doc = _blank_doc()
    group = doc.spans[SPANS_KEY]
    by_label = {}
    for span in group:
        by_label.setdefault(span.label_, []).append(span.text)
    assert set(by_label) == set(LABELS), by_label
    assert "120 milioni di euro" in by_label["AMOUNT"]
    assert any("30%" in t for t in by_label["STAKE"])
    assert any("4,5 euro" in t for t in by_label["PRICE"])
    assert "cinque anni" in by_label["DURATION"]
    assert any("giugno 2025" in t for t in by_label["DATE"])
    assert "Enel" in by_label["PARTY"]
    assert any("acquisizione" in t for t in by_label["TRIGGER"])
    party = next(s for s in group if s.label_ == "PARTY" and s.text == "Enel")
    assert party.kb_id_ == "Enel"


def test_deal_words_are_reported_without_changing_the_records():
    nlp = spacy.blank("it")
    pipeline.add_accordi(nlp)
    with_spans = nlp(TEXT)._.deals
    without = spacy.blank("it")
    pipeline.assembly.add_legal_form_exceptions(without)
    without.add_pipe("sentencizer")
    for name in pipeline.components.ACCORDI_PIPES[:-1]:
        without.add_pipe(name)
    assert "accordi_spans" not in without.pipe_names
    assert without(TEXT)._.deals == with_spans
    words = nlp(TEXT)._.triggers
    assert all(TEXT[w["start"] : w["end"]] == w["text"] for w in words)
    assert any(w["deal_type"] == "acquisition" for w in words)


def test_displacy_renders_the_spans():
    _, doc = _blank_doc()
    html = displacy.render(doc, style="span", options={"spans_key": SPANS_KEY}, page=False)
    for label in ("AMOUNT", "PARTY", "TRIGGER", "DURATION"):
        assert label in html


def test_results_carry_the_deal_words(blank_extractor):
    result = blank_extractor.extract(TEXT)
    assert any(t.deal_type == "acquisition" and "acquisizione" in t.text for t in result.mentions.triggers)


def test_pipe_results_carry_the_deal_words(blank_extractor):
    one = [r.mentions.triggers for r in blank_extractor.pipe([TEXT, TEXT])]
    assert one[0] and one[0] == one[1]
