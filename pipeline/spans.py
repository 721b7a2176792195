"""``doc.spans["accordi"]``: accordi's results as spaCy spans, so displaCy and other spaCy tools can show them.

The ``accordi_spans`` component runs last. It reads what the other components left in ``doc._`` and writes
one span per mention, labelled AMOUNT, STAKE, PRICE, DURATION, DATE, PARTY or TRIGGER (the deal words).
It never changes the deal records: the deal words are those ``accordi_deals`` read (or, without it, a read-only
pass of the same trigger rules over the same sentences), kept in ``doc._.triggers`` (``{text, start, end,
deal_type}``).

    displacy.render(doc, style="span", options={"spans_key": "accordi"})
"""

from __future__ import annotations

from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401  (Doc._ attributes)
from .deals.lexicon import DealRules, deal_rules, reading, rules_of
from .doctext import text_of
from .resources import user_patterns

SPANS_KEY = "accordi"
LABELS = ("PARTY", "TRIGGER", "AMOUNT", "STAKE", "PRICE", "DURATION", "DATE")
_EPITHET_SOURCES = ("epithet", "description", "coref")


def deal_words(doc: Doc) -> list[dict]:
    """The deal words ("acquisizione", "accordo per l'acquisizione", "Opa") of the article, as character spans.

    A read-only helper: the same sentence segmentation and trigger rules the deal component uses, with the
    tokens of party names blocked the same way (a name never triggers; the head of an epithet such as
    'la joint venture' still does). It only reports words; which of them joined a deal is the records' say.
    """
    from .deals import sentences, triggers
    from .deals.linking import DEAL_WORDS

    if DEAL_WORDS in doc.user_data:  # what accordi_deals read: the same rules over the same sentences
        return list(doc.user_data[DEAL_WORDS])
    articles = set(rules_of(doc).lists["definite"]) | {"un", "una", "uno", "un'", "un’"}
    blocked: set[int] = set()
    for m in doc._.party_mentions or []:
        span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
        if span is None:
            continue
        if m.get("source") in _EPITHET_SOURCES:
            head = span.start + (1 if span[0].lower_ in articles else 0)
            blocked.update(range(head + 1, span.end))
        else:
            blocked.update(range(span.start, span.end))
    text = text_of(doc)
    out = []
    for sent in sentences.segments(doc):
        for trig in triggers.find(doc, sent, blocked):
            start, end = doc[trig.start].idx, doc[trig.end - 1].idx + len(doc[trig.end - 1])
            out.append({"text": text[start:end], "start": start, "end": end, "deal_type": trig.deal_type})
    return out


def _located(items: Iterable[dict] | None, label: str) -> Iterable[tuple[int, int, str, str]]:
    for x in items or []:
        if x.get("start") is not None and x.get("end") is not None and x["end"] > x["start"]:
            yield x["start"], x["end"], label, ""


def mention_spans(doc: Doc) -> list[tuple[int, int, str, str]]:
    """(start, end, label, kb_id) of every mention in ``doc._``, sorted; kb_id is a party's canonical name."""
    out = []
    for m in doc._.party_mentions or []:
        if m.get("start") is not None and m.get("end", 0) > m.get("start", 0):
            out.append((m["start"], m["end"], "PARTY", m.get("canonical") or ""))
    out.extend(_located(doc._.triggers, "TRIGGER"))
    out.extend(_located(doc._.amounts, "AMOUNT"))
    out.extend(_located(doc._.stakes, "STAKE"))
    out.extend(_located(doc._.prices, "PRICE"))
    out.extend(_located(doc._.durations, "DURATION"))
    out.extend(_located(doc._.dates, "DATE"))
    return sorted(set(out))


def write_spans(doc: Doc) -> Doc:
    spans = []
    for start, end, label, kb_id in mention_spans(doc):
        span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc


class SpansComponent:
    def __init__(self, rules: DealRules):
        self.rules = rules  # the deal words it reports are those of these rules

    def __call__(self, doc: Doc) -> Doc:
        with reading(doc, self.rules):
            doc._.triggers = deal_words(doc) if len(doc) else []
        return write_spans(doc)


@Language.factory(
    "accordi_spans",
    default_config={"patterns": None},
    requires=["doc._.deals", "doc._.party_mentions"],
    assigns=["doc._.triggers", "doc.spans"],
)
def make_spans(nlp: Language, name: str, patterns: Optional[str]) -> SpansComponent:
    """Writes ``doc.spans["accordi"]`` and ``doc._.triggers``; runs after ``accordi_deals``. ``patterns``: as
    ``accordi_deals``'s (the same user rule folders, for the same deal words)."""
    return SpansComponent(deal_rules(user_patterns() if patterns is None else patterns))


__all__ = ["SPANS_KEY", "LABELS", "deal_words", "mention_spans", "write_spans"]
