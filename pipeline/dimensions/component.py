"""spaCy factories for money/prices/stakes, durations and dates (token patterns + pure normalisers).

They need only a tokenizer (blank 'it' works); sentence boundaries are used when present.
"""

from __future__ import annotations

from spacy.language import Language

from .. import extensions  # noqa: F401  (Doc._ attributes)
from .. import published
from . import dates, duration, matching, money


class MoneyComponent:
    def __init__(self, nlp):
        self.matcher = matching.build_matcher(nlp.vocab, money.PATTERNS)

    def __call__(self, doc):
        doc._.amounts, doc._.prices, doc._.stakes = money.find_money(doc, self.matcher)
        return doc


class DurationComponent:
    def __init__(self, nlp):
        self.matcher = matching.build_matcher(nlp.vocab, duration.PATTERNS)

    def __call__(self, doc):
        doc._.durations = duration.find_durations(doc, self.matcher)
        return doc


class DateComponent:
    def __init__(self, nlp):
        self.matcher = matching.build_matcher(nlp.vocab, dates.PATTERNS)

    def __call__(self, doc):
        doc._.dates = dates.find_dates(doc, self.matcher, published.on_doc(doc))
        return doc


@Language.factory("accordi_money", assigns=["doc._.amounts", "doc._.prices", "doc._.stakes"])
def make_money(nlp, name):
    return MoneyComponent(nlp)


@Language.factory("accordi_durations", assigns=["doc._.durations"])
def make_durations(nlp, name):
    return DurationComponent(nlp)


@Language.factory("accordi_dates", assigns=["doc._.dates"])
def make_dates(nlp, name):
    return DateComponent(nlp)
