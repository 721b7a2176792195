"""``doc.text`` rebuilt once per Doc: spaCy joins every token on each access, and the deal rules slice it often."""
from __future__ import annotations

from spacy.tokens import Doc

_last: tuple = (None, "")  # (doc, its text); the strong reference makes the identity check safe


def text_of(doc: Doc) -> str:
    global _last
    last = _last
    if last[0] is doc:
        return last[1]
    text = doc.text  # a Doc's text never changes (retokenizing keeps it)
    _last = (doc, text)
    return text
