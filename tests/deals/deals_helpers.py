"""Build a Doc with hand-given mentions and run the deal logic alone (no other component involved)."""

from __future__ import annotations

import re

import spacy

from pipeline import extensions  # noqa: F401  (registers the Doc._ attributes)
from pipeline.deals.component import records

_NLP = None


def nlp():
    global _NLP
    if _NLP is None:
        _NLP = spacy.blank("it")
        _NLP.add_pipe("sentencizer")
    return _NLP


def _spans(text: str, needle: str):
    return [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]


def make_doc(text: str, parties=(), amounts=None, durations=None, dates=None, stakes=None, excluded=(), persons=()):
    """parties: names, or (surface, canonical) pairs, found wherever they occur in ``text``.

    amounts: {surface: (value, currency)}; durations: {surface: iso}; dates: {surface: (value, role)};
    stakes: {surface: percent}; excluded: names that are mentions but cannot be parties; persons: PER names.
    """
    doc = nlp()(text)
    mentions = []
    for item in parties:
        surface, canonical = (item, item) if isinstance(item, str) else item
        for s, e in _spans(text, surface):
            mentions.append(
                {
                    "text": surface,
                    "start": s,
                    "end": e,
                    "canonical": canonical,
                    "label": "ORG",
                    "source": "gazetteer",
                    "kind": None,
                    "excluded": None,
                }
            )
    for name in persons:
        for s, e in _spans(text, name):
            mentions.append(
                {
                    "text": name,
                    "start": s,
                    "end": e,
                    "canonical": name,
                    "label": "PER",
                    "source": "ner",
                    "kind": "person",
                    "excluded": None,
                }
            )
    for name in excluded:
        for s, e in _spans(text, name):
            mentions.append(
                {
                    "text": name,
                    "start": s,
                    "end": e,
                    "canonical": name,
                    "label": "ORG",
                    "source": "gazetteer",
                    "kind": None,
                    "excluded": "product",
                }
            )
    # a name inside a longer one ("Alfa" in "Alfa Beta Vehicles") is not a mention of its own
    mentions = [
        m
        for m in mentions
        if not any(
            o is not m
            and o["start"] <= m["start"]
            and m["end"] <= o["end"]
            and o["end"] - o["start"] > m["end"] - m["start"]
            for o in mentions
        )
    ]
    mentions.sort(key=lambda m: m["start"])
    doc._.party_mentions = mentions
    doc._.amounts = [
        {"text": k, "start": s, "end": e, "value": v, "currency": c, "approximate": False}
        for k, (v, c) in (amounts or {}).items()
        for s, e in _spans(text, k)
    ]
    doc._.durations = [
        {"text": k, "start": s, "end": e, "iso": v} for k, v in (durations or {}).items() for s, e in _spans(text, k)
    ]
    doc._.dates = [
        {"text": k, "start": s, "end": e, "value": v, "role": r}
        for k, (v, r) in (dates or {}).items()
        for s, e in _spans(text, k)
    ]
    doc._.stakes = [
        {"text": k, "start": s, "end": e, "percent": v} for k, v in (stakes or {}).items() for s, e in _spans(text, k)
    ]
    doc._.prices = []
    return doc


def deals(text: str, **kw) -> list[dict]:
    return records(make_doc(text, **kw))


def roles(record: dict) -> dict[str, str]:
    return {p["name"]: p["role"] for p in record["parties"]}
