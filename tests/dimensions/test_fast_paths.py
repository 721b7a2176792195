"""The dimension components' fast paths give what the plain ways give: RunMatcher (the Matcher over stretches
of candidate tokens) what the Matcher finds, phrase_finder the starts of phrase_regex, fold_aligned the fold of
each character (ASCII: lower case), decimal_mark the counts of the two regexes."""

from __future__ import annotations

import re

import spacy
from hypothesis import given, settings, strategies as st

from pipeline.dimensions import date_roles, dates, duration, matching, money
from pipeline.dimensions.numbers import fold, fold_aligned

NLP = spacy.blank("it")
MATCHERS = {f: matching.build_matcher(NLP.vocab, f) for f in (money.PATTERNS, duration.PATTERNS, dates.PATTERNS)}
WORDS = [
    "il",
    "del",
    "di",
    "dal",
    "al",
    "entro",
    "e",
    "fine",
    "marzo",
    "2024",
    "3",
    "1,5",
    "milioni",
    "miliardi",
    "euro",
    "$",
    "%",
    "per",
    "cento",
    "anni",
    "sette",
    "mezzo",
    "lunedì",
    "ieri",
    "scorso",
    "primo",
    "trimestre",
    "2025-27",
    "12/03/2024",
    "tra",
    "a",
    "circa",
    "Alfa",
    ",",
    ".",
    "\n",
]


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
    assert date_roles.role_of(folded, start, start + 12, 0, len(text), "2025-06-30") == "deadline"
    assert (
        date_roles.role_of("x" * 200 + " " + folded, start + 201, start + 213, 0, len(text) + 201, None) == "deadline"
    )


PHRASES = ["circa", "circa il", "intorno a", "intorno ai", "oltre", "non oltre", "all'incirca", "poco più di"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("acilnorstuxz ’'\n.(") + ["circa", "intorno ", "oltre ", "il ", "CIRCA"]), max_size=20
    ).map("".join),
    st.booleans(),
    st.booleans(),
)
def test_phrase_finder_starts_where_phrase_regex_does(text, anchor_end, anchor_start):
    plain = matching.phrase_regex(PHRASES, anchor_end, anchor_start).search(text)
    tree = matching.phrase_finder(PHRASES, anchor_end, anchor_start).search(text)
    assert (plain and plain.start()) == (tree and tree.start())


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list("ÀÈÉàèéìòù’İΣΑσς\u00a0K")), max_size=30))
def test_fold_aligned_folds_each_character(text):
    assert fold_aligned(text) == "".join(ch.lower() if ch.isascii() else (fold(ch) or " ")[0] for ch in text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,a ٣")), max_size=30))
def test_decimal_mark_counts_as_the_two_regexes_do(text):
    dot = len(re.findall(r"(?<![\d.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d.,])", text))
    comma = len(re.findall(r"(?<![\d.,])\d+,\d+(?![\d.,])", text))
    assert money.decimal_mark(text) == ("." if dot > comma else ",")


def test_matches_of_a_recurring_stretch_land_where_it_is_in_each_doc():
    run = matching.build_matcher(NLP.vocab, dates.PATTERNS)  # its own memory of stretches
    first = NLP.make_doc("Firmato il 3 marzo 2024.")
    again = NLP.make_doc("Alfa e Beta, dopo mesi: firmato il 3 marzo 2024 a Roma, e il 3 marzo 2024 di nuovo.")
    assert run(first) == run.matcher(first)
    assert len(run._found) == 1
    assert run(again) == run.matcher(again) and len(run(again)) == 2 * len(run(first))
