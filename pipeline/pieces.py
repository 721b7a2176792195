"""Long documents through the statistical components in pieces, so that time and memory stay linear.

spaCy's tagger, parser and NER hold working memory for the whole Doc at once (about 3 MB per 1,000 characters
of news here, more per character for text that is all punctuation: a 1,000,000-character text would need
several GB). A Doc of more than ``PIECE_TOKENS`` tokens is therefore cut, after tokenising it whole, into pieces
of at most ``PIECE_TOKENS`` tokens — after a line end, else a sentence end, else anywhere — each piece runs
through the model's components, the pieces are joined into one Doc (``Doc.from_docs``: tokens, tags,
morphology, lemmas, dependencies, sentences and entities kept), and accordi's own components then run on the
whole Doc, so mentions and deals can still join across pieces. Shorter texts — every news article — are
processed exactly as before.
"""

from __future__ import annotations

from typing import Callable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc, Token

PIECE_TOKENS = 10_000  # ~55,000 characters of news


def may_cut(text: str) -> bool:
    """Whether ``text`` may make a Doc long enough to be cut (a Doc has at most one token per character)."""
    return len(text) > PIECE_TOKENS


def is_accordi(name: str) -> bool:
    return name.startswith("accordi_")


def _line_end(tok: Token) -> bool:
    return "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text)


def _sentence_end(tok: Token) -> bool:
    return tok.text in (".", "!", "?", "»", "”") and bool(tok.whitespace_)


def cuts(doc: Doc, size: int = PIECE_TOKENS) -> list[int]:
    """Token boundaries 0 = c0 < c1 < ... < ck = len(doc), each piece at most ``size`` tokens and at least half
    of that (but the last), each cut just after a line end, else a sentence end, else anywhere."""
    out = [0]
    while len(doc) - out[-1] > size:
        start = out[-1]
        cut = None
        for test in (_line_end, _sentence_end):
            for i in range(start + size - 1, start + size // 2 - 1, -1):
                if test(doc[i]):
                    cut = i + 1
                    break
            if cut is not None:
                break
        out.append(cut if cut is not None else start + size)
    out.append(len(doc))
    return out


def stages(
    nlp: Language, text: str, make_doc: Callable[[str], Doc], where: Optional[list] = None
) -> Iterator[tuple[str, Doc]]:
    """(stage name, Doc after it) for every stage: the tokenizer, then each component (a long Doc: the tokenizer
    and the model's components in pieces as one stage, then accordi's). ``where[0]`` names the stage running,
    for the error message when one raises."""
    where = where if where is not None else [""]
    where[0] = "tokenizer"
    doc = make_doc(text)
    if len(doc) <= PIECE_TOKENS:
        yield "tokenizer", doc
        for name, proc in nlp.pipeline:
            where[0] = name
            doc = proc(doc)
            yield name, doc
        return
    base = [(name, proc) for name, proc in nlp.pipeline if not is_accordi(name)]
    bounds = cuts(doc)
    docs = [doc[a:b].as_doc() for a, b in zip(bounds, bounds[1:])]
    del doc  # the pieces hold its tokens now: one copy less in memory
    for k, piece in enumerate(docs):
        for name, proc in base:
            where[0] = name
            piece = proc(piece)
        docs[k] = piece
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    del docs
    if doc.text != text:  # pragma: no cover (from_docs keeps every character)
        raise ValueError("joining the pieces changed the text")
    yield "tokenizer and model, in pieces", doc
    for name, proc in nlp.pipeline:
        if is_accordi(name):
            where[0] = name
            doc = proc(doc)
            yield name, doc
