"""RunMatcher (the Matcher run over stretches of candidate tokens) finds what the plain Matcher finds."""
from __future__ import annotations

import spacy
from hypothesis import given, settings, strategies as st

from pipeline.dimensions import dates, duration, matching, money

NLP = spacy.blank("it")
MATCHERS = {f: matching.build_matcher(NLP.vocab, f) for f in (money.PATTERNS, duration.PATTERNS, dates.PATTERNS)}
WORDS = ["il", "del", "di", "dal", "al", "entro", "e", "fine", "marzo", "2024", "3", "1,5", "milioni", "miliardi",
         "euro", "$", "%", "per", "cento", "anni", "sette", "mezzo", "lunedì", "ieri", "scorso", "primo",
         "trimestre", "2025-27", "12/03/2024", "tra", "a", "circa", "Alfa", ",", ".", "\n"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_same_matches_in_the_same_order_as_the_whole_doc(words):
    doc = NLP.make_doc(" ".join(words))
    for run in MATCHERS.values():
        assert run(doc) == run.matcher(doc)


def test_stretches_that_cannot_match_are_not_given_to_the_matcher():
    run = MATCHERS[dates.PATTERNS]
    calls = []
    real = run.matcher

    def spy(doclike):
        calls.append(doclike.text)
        return real(doclike)

    run.__dict__["matcher"] = spy
    try:
        found = run(NLP.make_doc("Il piano del gruppo e il prezzo, poi il 3 e del. Firmato il 3 marzo 2024 a Roma."))
    finally:
        del run.__dict__["matcher"]
    assert calls == ["il 3 marzo 2024"]
    assert len(found) == len(real(NLP.make_doc("il 3 marzo 2024")))


def test_a_role_preposition_is_read_across_any_whitespace():
    text = "Il closing è previsto entro \n\n     il 30 giugno 2025."
    start = text.index("30")
    folded = text.lower()
    assert dates._role(folded, start, start + 12, 0, len(text), "2025-06-30") == "deadline"
    assert dates._role("x" * 200 + " " + folded, start + 201, start + 213, 0, len(text) + 201, None) == "deadline"
