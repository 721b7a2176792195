"""Tokenising text with very long runs of non-space characters in bounded time.

spaCy's tokenizer strips prefixes and suffixes one at a time from a whitespace-delimited chunk, copying the rest
of the chunk each time, so a chunk of n punctuation marks costs O(n²) (50,000 '"' took 344 s and 1 GB). A run
longer than ``LONG_RUN`` characters is therefore cut every ``LONG_RUN`` characters and the pieces are tokenised
one by one and joined (``Doc.from_docs``): the Doc's text is the same, the cost is linear. Text without such a
run — every real article — is tokenised exactly as before.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

LONG_RUN = 100
_LONG = re.compile(r"\S{%d,}" % (LONG_RUN + 1))


def make_doc(nlp: Language, text: str) -> Doc:
    if _LONG.search(text) is None:
        return nlp.make_doc(text)
    cuts = [0]
    for run in _LONG.finditer(text):
        cuts.extend(range(run.start() + LONG_RUN, run.end(), LONG_RUN))
    cuts.append(len(text))
    docs = [nlp.make_doc(text[a:b]) for a, b in zip(cuts, cuts[1:])]
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # pragma: no cover (from_docs keeps every character; never seen)
        raise ValueError("tokenising the long runs changed the text")
    return doc
