"""Table-driven cases for money, prices, stakes, durations and dates (the *.tsv files beside this one).

Each sentence goes through the real components on spacy.blank('it') + sentencizer; negative rows
check that nothing of that kind is emitted.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
import spacy

from pipeline import components
from pipeline.dimensions.numbers import parse_number

HERE = Path(__file__).parent


def rows(name):
    out = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    for name in components.ACCORDI_PIPES[:3]:
        nlp.add_pipe(name)
    return nlp


def run(nlp, text, published=None):
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("text,expected", rows("money_cases.tsv"))
def test_money(nlp, text, expected):
    doc = run(nlp, text)
    kind, *rest = expected.split()
    if kind == "none":
        assert doc._.amounts == [] and doc._.prices == [] and doc._.stakes == [], text
        return
    value, flags = float(rest[0]), rest[1:]
    if kind == "stake":
        hits = [s for s in doc._.stakes if close(s["percent"], value)]
        assert hits, (text, doc._.stakes)
        assert hits[0]["approximate"] == ("approx" in flags)
        uppers = [f for f in flags if f.startswith("upper=")]
        assert hits[0]["upper"] == (float(uppers[0][6:]) if uppers else None)
        return
    currency = rest[1]
    found = doc._.amounts if kind == "amount" else doc._.prices
    hits = [a for a in found if close(a["value"], value) and a["currency"] == currency]
    assert hits, (text, found)
    hit = hits[0]
    assert text[hit["start"]:hit["end"]] == hit["text"]
    if kind == "price":
        assert not any(close(a["value"], value) for a in doc._.amounts)  # a price is not also an amount
        return
    assert hit["approximate"] == ("approx" in flags), hit
    assert hit["currency_inferred"] == ("inferred" in flags), hit
    assert (hit["confidence"] < 1) == ("slip" in flags), hit
    uppers = [f for f in flags if f.startswith("upper=")]
    assert hit["upper"] == (float(uppers[0][6:]) if uppers else None), hit


@pytest.mark.parametrize("text,expected", rows("duration_cases.tsv"))
def test_durations(nlp, text, expected):
    found = run(nlp, text)._.durations
    if expected == "none":
        assert found == [], (text, found)
    elif expected == "vague":
        assert any(d["vague"] and d["iso"] is None for d in found), (text, found)
    else:
        assert any(d["iso"] == expected for d in found), (text, found)


@pytest.mark.parametrize("text,published,expected,role", rows("date_cases.tsv"))
def test_dates(nlp, text, published, expected, role):
    found = run(nlp, text, None if published == "-" else published)._.dates
    if expected == "none":
        assert found == [], (text, found)
        return
    want = None if expected == "null" else expected
    hits = [d for d in found if d["value"] == want]
    assert hits, (text, found)
    if role != "-":
        assert any(d["role"] == role for d in hits), (text, found)
    for d in found:
        assert text[d["start"]:d["end"]] == d["text"]


@pytest.mark.parametrize("text,expected", rows("number_cases.tsv"))
def test_numbers(text, expected):
    got = parse_number(text)
    if expected == "none":
        assert got is None
    else:
        assert got is not None and close(got, float(expected)), got


def test_enough_cases():
    total = sum(len(rows(n)) for n in ("money_cases.tsv", "duration_cases.tsv", "date_cases.tsv", "number_cases.tsv"))
    assert total >= 200
