"""The three components on any Italian pipeline: no sentencizer, empty text, odd text, offsets."""

from __future__ import annotations

import spacy
from hypothesis import given, settings, strategies as st

from pipeline import components, schema

TEXT = (
    "OpenAI ha siglato una partnership del valore di 38 miliardi di dollari con AWS, per sette anni. "
    "La capacità sarà implementata entro la fine del 2026. Poste ha comprato il 15% a 0,2975 euro per azione."
)


def pipeline(sentencizer: bool):
    nlp = spacy.blank("it")
    if sentencizer:
        nlp.add_pipe("sentencizer")
    for name in components.ACCORDI_PIPES[:3]:
        nlp.add_pipe(name)
    return nlp


NLP = pipeline(True)
BARE = pipeline(False)


def test_same_mentions_without_sentence_boundaries():
    a, b = NLP(TEXT), BARE(TEXT)
    for attr in ("amounts", "prices", "stakes", "durations"):
        assert getattr(a._, attr) == getattr(b._, attr)
    assert [d["value"] for d in a._.dates] == [d["value"] for d in b._.dates]


def test_values_fit_the_schema_and_offsets_point_into_the_text():
    doc = NLP(TEXT)
    models = {
        "amounts": schema.Amount,
        "prices": schema.PricePerShare,
        "stakes": schema.Stake,
        "durations": schema.Duration,
        "dates": schema.DealDate,
    }
    for attr, model in models.items():
        items = getattr(doc._, attr)
        assert len(items) == 1, (attr, items)
        for item in items:
            assert isinstance(item, dict)
            model(**item)
            assert TEXT[item["start"] : item["end"]] == item["text"]


def test_empty_and_whitespace():
    for text in ("", "   ", "\n\n"):
        doc = NLP(text)
        assert doc._.amounts == [] and doc._.dates == [] and doc._.durations == []


def test_relative_dates_need_a_publication_date():
    doc = NLP.make_doc("Ieri è stato firmato l'accordo.")
    assert [d["value"] for d in NLP(doc)._.dates] == [None]
    doc = NLP.make_doc("Ieri è stato firmato l'accordo.")
    doc._.published = "2024-02-05"
    assert [(d["value"], d["role"]) for d in NLP(doc)._.dates] == [("2024-02-04", "signing")]


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789 ,.-/%€$abcdeilmnoprstuàè'’°\n")), max_size=120),
    st.one_of(st.none(), st.just("2024-02-05"), st.just("2024-02"), st.just("bad")),
)
def test_components_never_raise(text, published):
    doc = NLP.make_doc(text)
    doc._.published = published
    doc = NLP(doc)
    for attr in ("amounts", "prices", "stakes", "durations", "dates"):
        for item in getattr(doc._, attr):
            assert text[item["start"] : item["end"]] == item["text"]
