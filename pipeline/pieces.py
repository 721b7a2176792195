"""Long documents through the statistical components in pieces, so that time and memory stay linear.

spaCy's tagger, parser and NER hold working memory for the whole Doc at once (about 3 MB per 1,000 characters
here: a 1,000,000-character text would need 3 GB). A text longer than ``PIECE_CHARS`` is cut at line ends (or,
failing that, sentence ends, then spaces) into pieces of at most ``PIECE_CHARS`` characters; each piece is
tokenised and run through the model's components, the pieces are joined into one Doc (``Doc.from_docs``:
tokens, tags, morphology, lemmas, dependencies, sentences and entities kept), and accordi's own components then
run on the whole Doc, so mentions and deals can still join across pieces. Shorter texts — every news
article — are processed exactly as before.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

PIECE_CHARS = 50_000
_ENDS = (re.compile(r"\n"), re.compile(r"[.!?»\"”)]\s"), re.compile(r"\s"))


def is_accordi(name: str) -> bool:
    return name.startswith("accordi_")


def cuts(text: str, size: int = PIECE_CHARS) -> list[int]:
    """Piece boundaries 0 = c0 < c1 < ... < ck = len(text), each piece at most ``size`` characters, each cut
    just after a line end, else a sentence end, else a space (a text with none is cut anywhere)."""
    out = [0]
    while len(text) - out[-1] > size:
        start, limit = out[-1], out[-1] + size
        window = text[start + size // 2: limit]  # never a piece shorter than half the size
        cut = None
        for end in _ENDS:
            last = None
            for last in end.finditer(window):
                pass
            if last is not None:
                cut = start + size // 2 + last.end()
                break
        out.append(cut if cut is not None else limit)
    out.append(len(text))
    return out


def stages(nlp: Language, text: str, make_doc: Callable[[str], Doc],
           where: Optional[list] = None) -> Iterator[tuple[str, Doc]]:
    """(stage name, Doc after it) for every stage: the tokenizer, then each component. ``where[0]`` names the
    stage running (for the error message when one raises)."""
    where = where if where is not None else [""]
    where[0] = "tokenizer"
    if len(text) <= PIECE_CHARS:
        doc = make_doc(text)
        yield "tokenizer", doc
        for name, proc in nlp.pipeline:
            where[0] = name
            doc = proc(doc)
            yield name, doc
        return
    base = [(name, proc) for name, proc in nlp.pipeline if not is_accordi(name)]
    docs = []
    bounds = cuts(text)
    for a, b in zip(bounds, bounds[1:]):
        where[0] = "tokenizer"
        doc = make_doc(text[a:b])
        for name, proc in base:
            where[0] = name
            doc = proc(doc)
        docs.append(doc)
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # pragma: no cover (from_docs keeps every character)
        raise ValueError("joining the pieces changed the text")
    yield "tokenizer and model, in pieces", doc
    for name, proc in nlp.pipeline:
        if is_accordi(name):
            where[0] = name
            doc = proc(doc)
            yield name, doc
