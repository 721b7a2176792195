"""Sentences and clauses as the deal rules read them: abbreviations and hard-wrapped lines joined, headlines and
captions cut at line breaks, relative asides and clause breaks."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..doctext import soft_breaks, span_text, text_of
from ..italian import RELATIVE_PRONOUNS, SINGULAR_ARTICLES
from .lexicon import rules_of


def _clause_break(doc: Doc, start: int, end: int) -> int:
    """First clause break after a trigger (a comma, colon, dash or bracket more than two words on)."""
    depth = 0
    aside = start < end and doc[start].text == ","  # "acquistare, da Yahoo, il portale Aol": an aside, not a break
    for k in range(start, end):
        text = doc[k].text
        if aside and k > start and text == ",":
            aside = False
            continue
        if text == "(":
            depth += 1
        elif text == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and k >= start + 2 and text in (",", ";", ":", "–", "—", "«", "»"):
            return k
        elif depth == 0 and k > start and doc[k].lower_ in RELATIVE_PRONOUNS:
            return k  # "un accordo in base al quale Ferrero acquisisce Kellogg": Ferrero is not its object
    return end


_ASIDE_OPENER = re.compile(
    r"^(?:(?:nella|nel|nelle|nei|in|alla|al|alle|ai|a|ad|dalla|dal|da|con|della|del|di|sulla|sul|su|per)"
    r"(?: (?:la|il|le|i|gli|l[’']))? )?(?:cui|quale|quali)\b|^(?:che|il cui|la cui|i cui|le cui)\b",
    re.I,
)


def _relative_asides(doc: Doc, sent: Span, name_ends: set[int], trigger_starts: set[int]) -> list[tuple[int, int, str]]:
    """Token ranges [comma, closing comma or sentence end) of relative clauses (', con cui Beta ha un accordo,')
    and of appositions after a name (', la joint venture tra Thales e Leonardo che ...,'), with their kind."""
    out = []
    for k in range(sent.start, sent.end - 2):
        if doc[k].text != ",":
            continue
        relative = _ASIDE_OPENER.match(doc[k + 1 : min(k + 5, sent.end)].text)
        apposition = k - 1 in name_ends and doc[k + 1].lower_ in SINGULAR_ARTICLES
        if not (relative or apposition):
            continue
        j = k + 1
        while j < sent.end and doc[j].text not in (",", ";", ":", "(", ")"):
            j += 1
        if relative and (j == sent.end or doc[j].text == ","):
            out.append((k, j, "relative"))
        elif apposition and j < sent.end and doc[j].text == "," and any(k < t < j for t in trigger_starts):
            out.append((k, j, "apposition"))  # only an apposition that tells a deal of its own matters here
    return out


_ABBREV_END = re.compile(
    r"(?:\b[A-Za-z]\.|\b(?:Corp|Inc|Ltd|Co|Spa|spa|mld|mln|mrd|min|Mr|Dott|Sig|ecc|n|nr|art|St)\.)\s*$"
)


_SENTENCE_END = re.compile(r"[.!?…:;][\"”»’')\]]*$|[\"”»]$")


def _hard_breaks_in(text: str, lo: int, hi: int, soft: frozenset) -> bool:
    return any(i not in soft for i in range(lo, hi) if text[i] == "\n")


def _sentences(doc: Doc, soft: frozenset) -> list[Span]:
    """doc.sents with splits after abbreviations and inside hard-wrapped lines undone ('Enel S.p.A.',
    'Nvidia Corp.', '3 mld. di euro'); ``soft``: offsets of line breaks inside sentences."""
    merged: list[list[int]] = []
    text_all = text_of(doc)
    for sent in doc.sents:
        text = span_text(sent).strip()
        if merged:
            prev = span_text(doc[merged[-1][0] : merged[-1][1]]).rstrip()
            last = doc[merged[-1][1] - 1]
            hard = _hard_breaks_in(text_all, last.idx, sent.start_char, soft)
            unfinished = not _SENTENCE_END.search(prev) and not hard
            if _ABBREV_END.search(prev) or (text[:1].islower()) or re.match(r"^[A-Z]\.\s", text) or unfinished:
                merged[-1][1] = sent.end
                continue
        merged.append([sent.start, sent.end])
    return [doc[a:b] for a, b in merged]


def segments(doc: Doc) -> list[Span]:
    """Sentences, also cut at line breaks (headlines and captions rarely end with a full stop), except line
    breaks inside a sentence of hard-wrapped copy; page boilerplate (``boilerplate.jsonl``) left out."""
    text = text_of(doc)
    soft = soft_breaks(text)
    out = []
    for sent in _sentences(doc, soft):
        start = sent.start
        for tok in sent:
            if "\n" in tok.text and tok.is_space:
                if not _hard_breaks_in(text, tok.idx, tok.idx + len(tok.text), soft):
                    continue
                if tok.i > start:
                    out.append(doc[start : tok.i])
                start = tok.i + 1
            elif "\n" in tok.whitespace_ and tok.i + 1 > start:
                if not _hard_breaks_in(text, tok.idx + len(tok.text), tok.idx + len(tok.text_with_ws), soft):
                    continue
                out.append(doc[start : tok.i + 1])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    page = rules_of(doc).boilerplate
    return [s for s in out if span_text(s).strip() and not (page and page.search(span_text(s).strip()))]


def _evidence(doc: Doc, sent: Span) -> tuple[int, int]:
    text = span_text(sent)
    lead = len(text) - len(text.lstrip())
    return sent.start_char + lead, sent.start_char + len(text.rstrip())
