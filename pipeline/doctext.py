"""``doc.text`` built once per Doc: spaCy joins every token on each access, and the rules slice it often."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

_TEXT_KEY = ("accordi", "text")


def text_of(doc: Doc) -> str:
    """``doc.text``, built once and kept in the Doc's own ``user_data`` (a Doc's text never changes; the token
    count stored beside it tells a Doc joined from others, which inherits their user_data, to build its own)."""
    data: dict = doc.user_data
    kept = data.get(_TEXT_KEY)
    if kept is not None and kept[0] == len(doc):
        return kept[1]
    text = doc.text
    data[_TEXT_KEY] = (len(doc), text)
    return text


def span_text(span) -> str:
    """``span.text`` (which is rebuilt from its tokens on every access) as a slice of the cached doc text."""
    if not isinstance(span, Span):
        return span.text
    return text_of(span.doc)[span.start_char : span.end_char]


_LINE_END = re.compile(r"[.!?…:;][\"”»’')\]]*\s*$|[\"”»]\s*$")


def soft_breaks(text: str) -> frozenset[int]:
    """Offsets of the line breaks that fall inside a sentence (hard-wrapped wire copy).

    A single line break after a line with no closing punctuation is soft when the next line goes on in
    lower case; in a text that wraps that way at least twice, it is soft before any word.
    """
    lines, offsets, pos = text.split("\n"), [], 0
    for line in lines[:-1]:
        pos += len(line)
        offsets.append(pos)
        pos += 1
    candidates, lower = [], 0
    for k, at in enumerate(offsets):
        before, after = lines[k], lines[k + 1]
        if not before.strip() or not after.strip() or _LINE_END.search(before):
            continue
        first = after.lstrip()[:1]
        candidates.append((at, first.islower()))
        lower += first.islower()
    wrapped = lower >= 2
    return frozenset(at for at, is_lower in candidates if is_lower or (wrapped and _first_is_word(text, at)))


def _first_is_word(text: str, at: int) -> bool:
    rest = text[at + 1 :].lstrip()
    return bool(rest) and rest[0].isalnum()


def has(doc: Doc, attr: str) -> bool:
    """``doc.has_annotation(attr)``, asked once per Doc: spaCy scans every token when the answer is no, and the deal
    rules ask once per sentence (quadratic on long texts without a parser or lemmatizer). Kept in the Doc's own
    ``user_data``, so no component holds per-document state."""
    key = ("accordi", "has", attr)
    data: dict = doc.user_data  # spaCy's stubs say str keys; any hashable works, and a tuple cannot clash
    if key not in data:
        data[key] = doc.has_annotation(attr)
    return data[key]
