"""Tokenising text with very long runs of non-space characters in bounded time.

spaCy's tokenizer strips prefixes and suffixes one at a time from a whitespace-delimited chunk, copying the rest
of the chunk each time, so a chunk of n punctuation marks costs O(n²) (50,000 '"' took 344 s and 1 GB), and
then makes one token of each mark, which the model pays for token by token. A run longer than ``LONG_RUN``
characters therefore never reaches the tokenizer: it becomes tokens of ``LONG_RUN`` characters (the last one
shorter), the text around it is tokenised as usual, and the pieces are joined (``Doc.from_docs``) into a Doc
with the same text. Text without such a run — every real article — is tokenised exactly as before.
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
    docs = []
    pos = 0
    for run in _LONG.finditer(text):
        if run.start() > pos:
            docs.append(nlp.make_doc(text[pos : run.start()]))
        words = [text[i : min(i + LONG_RUN, run.end())] for i in range(run.start(), run.end(), LONG_RUN)]
        pos = run.end()
        space = text[pos : pos + 1] == " "  # a single space is the last token's whitespace, as the tokenizer does
        pos += space
        docs.append(Doc(nlp.vocab, words=words, spaces=[False] * (len(words) - 1) + [space]))
    if pos < len(text):
        docs.append(nlp.make_doc(text[pos:]))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # pragma: no cover (from_docs keeps every character)
        raise ValueError("tokenising the long runs changed the text")
    return doc
