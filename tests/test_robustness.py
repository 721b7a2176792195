"""Whatever the text, the full extractor returns a valid result or a one-line InputError, never a crash."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline import InputError
from pipeline.schema import ArticleResult

ITALIAN_BITS = [
    "Alfa",
    "S.p.A.",
    "ha acquisito",
    "il 29,9%",
    "di",
    "Beta",
    "per",
    "1,5",
    "miliardi",
    "€",
    "$38bn",
    "mln.",
    "entro la fine del",
    "2026",
    "lo scorso",
    "9 ottobre",
    "sette anni",
    "triennale",
    "(AWS)",
    "l'azienda guidata da",
    "secondo indiscrezioni",
    "avrebbe",
    "firmato",
    "Amazon Web Services",
    "OpenAI",
    ".",
    ",",
    "\n",
    "«",
    "»",
    "’",
    "tra 2 e 3 miliardi",
    "20,5 euro per azione",
    "un miliardo e mezzo",
    "COVID-19",
    "GPT-4",
    "5G",
    "1°",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.one_of(st.sampled_from(ITALIAN_BITS), st.text(max_size=12)), max_size=40),
    st.sampled_from([None, "2025-03-14", "2024-02"]),
)
def test_any_text_gives_a_valid_result_or_input_error(extractor, bits, published):
    text = " ".join(bits)
    try:
        result = extractor.extract(text, published)
    except InputError as err:
        assert "\n" not in str(err)
        return
    ArticleResult.model_validate(result.model_dump())
    for mention in result.mentions.amounts + result.mentions.dates + result.mentions.durations:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
    for deal in result.deals:
        assert 0.0 <= deal.confidence <= 1.0
        for sentence in deal.evidence:
            assert sentence in text


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", ".", "€", "38 miliardi", "(", "l'", "1.940 miliardi"])
def test_degenerate_texts(extractor, text):
    result = extractor.extract(text)
    assert isinstance(result, ArticleResult)
