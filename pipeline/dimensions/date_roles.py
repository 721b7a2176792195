"""The role of a date in a deal (signing, closing, deadline, …) from the cue words around it (``role_prep``,
``role_word``, ``offer_word`` rows of ``patterns/it/dates.jsonl``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from . import matching

PATTERNS = "dates.jsonl"
ROLE_WINDOW = 120  # characters before a date (same sentence, same clause) searched for role cue words
ROLE_AFTER = 60  # characters after it, when nothing before tells
_BARRIER = re.compile(r",\s*(?:ma|mentre|poi|e poi)\s|;|:|\(|\)|\s(?:mentre|ma)\s")


@lru_cache(maxsize=None)
def _role_regexes() -> tuple:
    """(preps, words, offer regex, chunks): each cue's regex with its longest word (no text without that word
    can match: a substring test spares most searches), and how many whitespace-separated chunks a role_prep
    match (its words and an article) can span."""
    cue = matching.cues(PATTERNS)
    preps = [
        (
            re.compile(
                r"(?<![\w'])" + re.escape(r["phrase"]).replace("\\ ", r"\s+") + r"(?:\s+(?:il|lo|la|i|l'|gli|le))?\s*$"
            ),
            r["phrase"] + " ",
            r["role"],
            r.get("offer_role"),
            _longest_word(r["phrase"]),
        )
        for r in cue.get("role_prep", [])
    ]
    offer = matching.phrase_finder([r["phrase"] for r in cue.get("offer_word", [])]) if cue.get("offer_word") else None
    words = [
        (
            re.compile(r"(?<!\w)" + re.escape(r["phrase"]).replace("\\ ", r"\s+") + r"(?!\w)"),
            r["role"],
            _longest_word(r["phrase"]),
        )
        for r in cue.get("role_word", [])
    ]
    chunks = 1 + max((len(r["phrase"].split()) for r in cue.get("role_prep", [])), default=0)
    return preps, words, offer, chunks


def _longest_word(phrase: str) -> str:
    return max(phrase.split(" "), key=len)


def role_of(folded: str, start: int, end: int, sent_start: int, sent_end: int, value: Optional[str]) -> str:
    """The nearest cue: a preposition right before the date, else a cue word earlier in the same clause,
    else one shortly after it ("lo scorso 10 settembre ha acquisito")."""
    preps, words, offer, chunks = _role_regexes()
    before = folded[max(sent_start, start - ROLE_WINDOW) : start]
    cut = None
    for cut in _BARRIER.finditer(before):
        pass
    clause = before[cut.end() :] if cut else before
    tail = matching.last_chunks(before, chunks)  # a role_prep must end ``before``: its match lies in the tail
    offered = None
    best = None  # (distance, role)
    for regex, phrase_space, role, offer_role, word in preps:
        if offer_role and offer is not None:
            if offered is None:
                offered = bool(offer.search(clause))
            if offered:
                role = offer_role
        m = regex.search(tail) if word in tail else None
        if m:
            dist = len(tail) - m.start()
            if best is None or dist < best[0]:
                best = (dist, role)
        if folded.startswith(phrase_space, start):  # the span starts with its own cue ("entro l'anno")
            best = (0, role)
    if best is None:
        for regex, role, word in words:
            if word not in clause:
                continue
            for m in regex.finditer(clause):
                dist = len(clause) - m.start()
                if best is None or dist < best[0]:
                    best = (dist, role)
    if best is None:
        after = folded[end : min(sent_end, end + ROLE_AFTER)]
        stop = _BARRIER.search(after)
        after = after[: stop.start()] if stop else after
        for regex, role, word in words:
            m = regex.search(after) if word in after else None
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), role)
    role = best[1] if best else "other"
    # "entro il primo trimestre / la prima metà del 2025": the closing window (dev convention)
    if role == "deadline" and value and re.search(r"-[QH]\d$", value):
        role = "closing"
    return role
