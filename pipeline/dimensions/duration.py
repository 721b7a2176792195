"""Durations → ISO 8601: ``patterns/it/durations.jsonl`` + the pure normaliser :func:`parse_duration`.

"sette anni" → P7Y, "un anno e mezzo" → P18M, "triennale" → P3Y, "pluriennale" → vague (no ISO).
"fino al 2030" is an end date, not a duration (dates.py reads it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .. import italian
from ..resources import load_jsonl
from ..doctext import text_of
from . import matching
from .numbers import MALFORMED, fold, fold_aligned, lexicon, parse_digits, tokens_of, word_number

PATTERNS = "durations.jsonl"


@lru_cache(maxsize=None)
def _lexicon() -> tuple[dict, dict]:
    units, words = {}, {}
    for row in load_jsonl(PATTERNS):
        if "unit" in row:
            units[fold(row["unit"])] = (row["iso"], row.get("times", 1))
        elif "word" in row:
            words[fold(row["word"])] = (row.get("iso"), bool(row.get("vague")))
    return units, words


def _iso(amount: float, unit: str) -> Optional[str]:
    if amount <= 0:
        return None
    if unit == "Y" and amount != int(amount):
        amount, unit = amount * 12, "M"
    if unit == "W" and amount != int(amount):
        amount, unit = amount * 7, "D"
    if amount != int(amount):
        return None
    n = int(amount)
    return f"PT{n}H" if unit == "H" else f"P{n}{unit}"


def _number(tok: str) -> Optional[float]:
    if tok in ("un", "uno", "una"):
        return 1.0
    v = parse_digits(tok)
    return v if v is not None else word_number(tok)


def parse_duration(text: str) -> Optional[dict]:
    """→ {"iso": "P7Y", "vague": False} or None. Never raises."""
    try:
        return _parse(text)
    except MALFORMED:
        return None


# words around a duration that say nothing of it: "per i prossimi 3 anni", "nell'arco temporale di", "della durata di"
_GLUE = (
    italian.words("definite_article", number="plural")
    | italian.words("articulated_preposition", base="in", number="plural")
    | italian.words("articulated_preposition", base="di", number="singular")
    | {"per", "di", "un'", "prossimi", "prossime", "ultimi", "ultime", "arco", "temporale", "durata", "complessivi"}
)


def _parse(text):
    if not isinstance(text, str) or len(text) > 120:
        return None
    units, words = _lexicon()
    toks = tokens_of(text)
    toks = [t for t in toks if t not in _GLUE]
    for i, t in enumerate(toks):
        prev = toks[i - 1] if i else ""
        counted = prev not in ("un", "uno", "una") and (_number(prev) is not None or prev in lexicon().ordinals)
        if t in words and (t.endswith(("ale", "ali")) or not counted):  # not "ultimo decennio", "due trienni"
            iso, vague = words[t]
            return {"iso": iso, "vague": vague}
    if not toks or toks[-1] not in units and not (len(toks) >= 3 and toks[-1] in ("mezzo", "mezza")):
        return None
    half = 0.0
    if toks[-1] in ("mezzo", "mezza") and len(toks) >= 3 and toks[-2] in ("e", "ed"):
        half, toks = 0.5, toks[:-2]
    if toks[-1] not in units:
        return None
    unit, times = units[toks[-1]]
    nums = toks[:-1]
    if len(nums) == 3 and nums[1] == "virgola":
        a, b = _number(nums[0]), _number(nums[2])
        if a is None or b is None or b != int(b):
            return None
        amount = float(f"{int(a)}.{int(b)}")
    elif len(nums) == 3 and nums[1] in ("o", "-"):  # a range: the lower one, vague
        a, b = _number(nums[0]), _number(nums[2])
        if a is None or b is None or a >= b:
            return None
        iso = _iso(a * times, unit)
        return {"iso": iso, "vague": True} if iso else None
    elif len(nums) == 1:
        amount = _number(nums[0])
        if amount is None:
            return None
    else:
        return None
    if amount > 1000:
        return None
    iso = _iso((amount + half) * times, unit)
    return {"iso": iso, "vague": False} if iso else None


def find_durations(doc, matcher) -> list:
    text = text_of(doc)
    folded = fold_aligned(text)
    cue = matching.cues(PATTERNS)
    not_after = matching.phrase_finder([r["phrase"] for r in cue.get("not_duration_after", [])], anchor_start=True)
    not_before = matching.phrase_finder([r["phrase"] for r in cue.get("not_duration_before", [])], anchor_end=True)

    def read(label, s, e):
        span = doc[s:e]
        start, end = span.start_char, span.end_char
        rest = folded[end : end + 1000]  # the cue after it is short; folded[end:] per match would be quadratic
        if not_after.match(rest.lstrip()) or not_before.search(folded[max(0, start - 25) : start]):
            return None
        if re.search(r"[A-Z][\w'’]+\s*,\s*$", text[max(0, start - 40) : start]) and span[-1].lower_ == "anni":
            return None  # an age after a name
        if span[-1].text[:1].isupper() and span[0].text[:1].isdigit():
            return None  # part of a name
        # decades, not durations
        if re.match(r"\s*['’]?\d{2,4}\b", rest) and span[-1].lower_ in ("anni",):
            return None
        written = text[start:end]  # span.text, without joining its tokens again
        val = parse_duration(written)
        return {"text": written, "start": start, "end": end, **val} if val else None

    return matching.select(doc, matcher, read)
