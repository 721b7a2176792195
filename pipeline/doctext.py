"""``doc.text`` rebuilt once per Doc: spaCy joins every token on each access, and the deal rules slice it often."""
from __future__ import annotations

from spacy.tokens import Doc, Span

_last: tuple = (None, "")  # (doc, its text); the strong reference makes the identity check safe


def text_of(doc: Doc) -> str:
    global _last
    last = _last
    if last[0] is doc:
        return last[1]
    text = doc.text  # a Doc's text never changes (retokenizing keeps it)
    _last = (doc, text)
    return text


def span_text(span) -> str:
    """``span.text`` (which is rebuilt from its tokens on every access) as a slice of the cached doc text."""
    if not isinstance(span, Span):
        return span.text
    return text_of(span.doc)[span.start_char:span.end_char]
