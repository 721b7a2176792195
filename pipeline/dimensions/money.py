"""Money amounts, per-share prices and stakes: ``patterns/it/money.jsonl`` + pure normalisers.

``parse_amount("circa €1,25 miliardi")`` → ``{"value": 1.25e9, "currency": "EUR", "approximate": True, ...}``;
``parse_price("0,2975 euro per azione")``; ``parse_stake("dal 15% al 20%")``. None when the text is not one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Optional

from ..doctext import text_of
from .. import italian
from ..italian import DEFINITE_ARTICLES
from . import matching
from .numbers import MALFORMED, fold, fold_aligned, parse_quantity, parse_digits, tokens_of, word_number

PATTERNS = "money.jsonl"
SLIP_CONFIDENCE = 0.6
AFTER = 1000  # characters after a match that the cues following it ("di utenti", "per azione", "circa") may use
RANGE_FROM = {"tra", "fra", "da"} | italian.words("articulated_preposition", base="da")
RANGE_TO = {"e", "-", "a"} | italian.words("articulated_preposition", base="a")
# an article or "a" glued to a number: "il 30%", "ai 20 milioni", "fino a 100"
ARTICLES = DEFINITE_ARTICLES | {"a"} | italian.words("articulated_preposition", base="a")


# "intorno a" also as "intorno ai/al/agli…". Not every form of the class: with "allo", "superiore allo 0,5%"
# turns approximate (UD/KIND text), so adding forms is an output change of its own.
_CONTRACTED = {"a": ("a", "ai", "agli", "al", "all'", "alla", "alle"), "di": ("di", "dei", "degli", "del", "dell'")}


@lru_cache(maxsize=None)
def cue_phrases(kind: str) -> tuple[str, ...]:
    """The cue phrases of a kind, with "intorno a" also as "intorno ai/al/agli…"."""
    out: list[str] = []
    for r in matching.cues(PATTERNS).get(kind, []):
        head, _, last = r["phrase"].rpartition(" ")
        if head and last in _CONTRACTED:
            out.extend(f"{head} {form}" for form in _CONTRACTED[last])
        else:
            out.append(r["phrase"])
    return tuple(sorted(set(out), key=len, reverse=True))


@lru_cache(maxsize=None)
def _cue_tokens(kind: str) -> tuple:
    return tuple(tokens_of(p) for p in cue_phrases(kind))


@lru_cache(maxsize=None)
def _cue_index(kind: str) -> dict:
    """first token -> the cue phrases (token lists) of a kind that begin with it, in cue_phrases order."""
    out: dict = {}
    for ph in _cue_tokens(kind):
        if ph:
            out.setdefault(ph[0], []).append(ph)
    return out


def _strip_prefix(toks: list, phrases: dict) -> tuple[list, bool]:
    """Remove the cue phrases (``phrases``: a :func:`_cue_index`) and glued articles at the start of ``toks``."""
    hit = False
    changed = True
    while changed and toks:
        changed = False
        for ph in phrases.get(toks[0], ()):
            if toks[: len(ph)] == ph:
                toks, hit, changed = toks[len(ph) :], True, True
                break
        if toks and toks[0] in ARTICLES and len(toks) > 1 and toks[1] not in ("e", "a"):
            # the article/preposition glued to the cue (examples: patterns/it/money.cases.jsonl)
            nxt = toks[1]
            if parse_digits(nxt) is not None or word_number(nxt) is not None or nxt in "€$£¥":
                toks, changed = toks[1:], True
    return toks, hit


@lru_cache(maxsize=1)
def _currency_words() -> dict:
    """first word -> [(words, ISO code)] in currency_forms() order (all forms under None if one has no words)."""
    forms = [(f.split(), code) for f, code in matching.currency_forms()]
    if any(not words for words, _ in forms):
        return {None: forms}
    by_first: dict = {}
    for words, code in forms:
        by_first.setdefault(words[0], []).append((words, code))
    return by_first


def _take_currency(toks: list) -> tuple[list, Optional[str]]:
    """Remove the first currency form (and a "di" before it); return the rest and the ISO code."""
    by_first = _currency_words()
    anywhere = by_first.get(None)
    for i in range(len(toks)):
        for words, code in anywhere if anywhere is not None else by_first.get(toks[i], ()):
            if toks[i : i + len(words)] == words:
                j = i
                if j > 0 and toks[j - 1] in ("di", "d'"):
                    j -= 1
                return toks[:j] + toks[i + len(words) :], code
    return toks, None


def _split_range(toks: list) -> Optional[tuple[list, list]]:
    if not toks:
        return None
    body = toks[1:] if toks[0] in RANGE_FROM else toks
    for i, t in enumerate(body):
        if t in RANGE_TO and 0 < i < len(body) - 1:
            left, right = body[:i], body[i + 1 :]
            left, right = [part[1:] if part and part[0] in DEFINITE_ARTICLES else part for part in (left, right)]
            if toks[0] in RANGE_FROM or t == "-":
                return left, right
    return None


def parse_amount(text: str, decimal: str = ",", default_currency: Optional[str] = None) -> Optional[dict]:
    """An Italian money expression → value, currency, approximate, upper, confidence; else None.

    Needs a currency or a magnitude word: "2024" or "5G" are not money. Without a written
    currency the result has ``currency_inferred: True`` (``default_currency`` or EUR).
    """
    try:
        return _parse_amount(text, decimal, default_currency)
    except MALFORMED:  # a normaliser never raises on arbitrary text
        return None


def _parse_amount(text, decimal, default_currency):
    if not isinstance(text, str) or not text.strip() or len(text) > 200:
        return None
    toks = tokens_of(text)
    toks, approx = _strip_prefix(toks, _cue_index("approx"))
    for ph in _cue_tokens("per_share"):
        if ph and toks[-len(ph) :] == ph:
            toks = toks[: -len(ph)]
    toks, currency = _take_currency(toks)
    toks, _ = _take_currency(toks)  # a second form of the currency, before and after the number
    upper = None
    rng = _split_range(toks)
    if rng:
        left, right = rng
        right, c2 = _take_currency(right)
        left, c1 = _take_currency(left)
        currency = currency or c1 or c2
        hi = parse_quantity(right, decimal)
        lo = parse_quantity(left, decimal)
        if lo is None or hi is None:
            return None
        lo_value = lo.value
        if not lo.has_scale and hi.has_scale:
            lo_value = lo.value * hi.scale
        if not (lo.has_scale or hi.has_scale or currency):
            return None
        if lo_value >= hi.value:
            return None
        value, upper, q = lo_value, hi.value, hi
    else:
        q = parse_quantity(toks, decimal)
        if q is None:
            return None
        value = q.value
    if not currency and (not q.has_scale or q.scale < 1e6):
        return None  # a bare number (a year, a count) is not money without a currency
    if value <= 0:
        return None
    return {
        "value": round(float(value), 4),
        "currency": currency or default_currency or "EUR",
        "approximate": bool(approx or q.approximate),
        "upper": round(float(upper), 4) if upper is not None else None,
        "currency_inferred": currency is None,
        "confidence": SLIP_CONFIDENCE if q.slip else 1.0,
    }


def parse_price(text: str, decimal: str = ",", default_currency: Optional[str] = None) -> Optional[dict]:
    """ "20,5 euro per azione" → value 20.5, EUR. The per-share phrase is required."""
    try:
        folded = fold(text)
        if not any(
            re.search(r"(?<!\w)" + re.escape(r["phrase"]) + r"(?!\w)", folded)
            for r in matching.cues(PATTERNS).get("per_share", [])
        ):
            return None
        toks = tokens_of(text)
        for ph in _cue_tokens("per_share"):
            if ph and toks[-len(ph) :] == ph:
                toks = toks[: -len(ph)]
        toks, _ = _strip_prefix(toks, _cue_index("approx"))
        toks, currency = _take_currency(toks)
        q = parse_quantity(toks, decimal)
        if q is None or q.value <= 0 or not (currency or q.has_scale is False):
            return None
        return {
            "value": float(q.value),
            "currency": currency or default_currency or "EUR",
            "currency_inferred": currency is None,
        }
    except MALFORMED:
        return None


def parse_stake(text: str, decimal: str = ",") -> Optional[dict]:
    """ "il 29,9%", "una quota del 15 per cento", "dal 15% al 20%" → percent (+ upper, approximate)."""
    try:
        return _parse_stake(text, decimal)
    except MALFORMED:
        return None


def _parse_stake(text, decimal):
    if not isinstance(text, str) or len(text) > 120:
        return None
    toks = tokens_of(text.replace("percento", " %"))
    if "%" not in toks and not ("per" in toks and "cento" in toks):
        return None
    toks = [t for t in toks if t not in ("%",)]
    if len(toks) >= 2 and toks[-2:] == ["per", "cento"]:
        toks = toks[:-2]
    toks = [t for t in toks if t != "per" and t != "cento"] if "cento" in toks else toks
    toks, approx = _strip_prefix(toks, _cue_index("approx"))
    while toks and toks[0] in ARTICLES | {"una", "quota", "del", "dell'", "pari"}:
        toks = toks[1:]
    upper = None
    rng = _split_range(toks)
    if rng:
        left, right = [t for t in rng[0] if t not in ARTICLES], [t for t in rng[1] if t not in ARTICLES]
        lo, hi = parse_quantity(left, decimal), parse_quantity(right, decimal)
        if lo is None or hi is None or lo.has_scale or hi.has_scale or lo.value >= hi.value:
            return None
        value, upper = lo.value, hi.value
    else:
        q = parse_quantity(toks, decimal)
        if q is None or q.has_scale:
            return None
        value = q.value
    if not (0 < value <= 100) or (upper is not None and upper > 100):
        return None
    return {"percent": float(value), "upper": upper, "approximate": bool(approx)}


# ---------------------------------------------------------------- in a Doc


def decimal_mark(text: str) -> str:
    """ "." when the article writes decimals the English way ("31.91", "54.9") more than the Italian way."""
    # a number written either way is a whole run of digits, dots and commas: the runs are found once
    runs = _NUMBER_RUN.findall(text)
    dot = sum(1 for run in runs if _DOT_DECIMAL.fullmatch(run))
    comma = sum(1 for run in runs if _COMMA_DECIMAL.fullmatch(run))
    return "." if dot > comma else ","


_NUMBER_RUN = re.compile(r"[\d.,]+")
_DOT_DECIMAL = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})")
_COMMA_DECIMAL = re.compile(r"\d+,\d+")


@lru_cache(maxsize=None)
def _approx_before() -> tuple:
    """The regex of an approximation cue ending the text before an amount ("circa", "intorno agli"), and the
    most words one has."""
    approx = list(cue_phrases("approx"))
    phrases = approx + [p + " " + a for p in approx for a in ("i", "gli", "il", "l'")]
    return matching.phrase_finder(phrases, anchor_end=True), max((len(p.split()) for p in phrases), default=0)


def _extend_left(folded: str, start: int, sent_start: int) -> int:
    regex, words = _approx_before()
    window = folded[max(sent_start, start - 40) : start]
    tail = matching.last_chunks(window, words)  # the cue ends the window: only its last words can hold it
    m = regex.search(tail)
    if m:
        return start - len(tail) + m.start()
    return start


@lru_cache(maxsize=None)
def _cue_regexes() -> tuple:
    cue = matching.cues(PATTERNS)
    approx_after = matching.phrase_finder([r["phrase"] for r in cue.get("approx_after", [])], anchor_start=True)
    per_share_after = matching.phrase_regex([r["phrase"] for r in cue.get("per_share", [])], anchor_start=True)
    currency_any = matching.phrase_regex(
        [f for f, _ in matching.currency_forms() if f[0].isalpha()], anchor_start=False
    )
    not_money = frozenset(r["phrase"] for r in cue.get("not_money", []))
    not_stake = matching.phrase_finder([r["phrase"] for r in cue.get("not_stake", [])])
    not_stake_after = matching.phrase_finder([r["phrase"] for r in cue.get("not_stake_after", [])], anchor_start=True)
    return approx_after, per_share_after, currency_any, not_money, not_stake, not_stake_after


def find_money(doc, matcher) -> tuple[list, list, list]:
    text = text_of(doc)
    folded = fold_aligned(text)
    decimal = decimal_mark(text)
    approx_after, per_share_after, currency_any, not_money, not_stake, not_stake_after = _cue_regexes()

    sents = doc.has_annotation("SENT_START")

    def read(label, s, e):
        span = doc[s:e]
        sent = span.sent if sents else doc[:]
        start, end = span.start_char, span.end_char
        if label == "STAKE":
            if text[span.start_char : span.start_char + 1] in ("+", "-", "−"):
                return None
            if not_stake.search(folded[max(sent.start_char, start - 30) : start]) or not_stake_after.match(
                folded[end : min(sent.end_char, end + 30)]
            ):
                return None
            start = _extend_left(folded, start, sent.start_char)
            val = parse_stake(text[start:end], decimal)
            return ("stake", {"text": text[start:end], "start": start, "end": end, **val}) if val else None
        # a multi-word currency the pattern cut short
        m = currency_any.match(folded, span[-1].idx)
        if m and m.end() > end:
            end = m.end()
        # "N milioni di" + a not_money noun is a count, not money
        rest = folded[end : end + AFTER]  # not folded[end:]: a copy of the rest of the text per match is quadratic
        after = re.match(r"\s+(?:di|d')\s*['’]?\s*([a-zà-ù]+(?:\s+[a-z]+)?)", rest)
        if after and not _has_currency(folded[span.start_char : end]):
            words = after.group(1).split()
            if words[0] in not_money or " ".join(words) in not_money or not _currency_word(words[0]):
                return None
        start = _extend_left(folded, start, sent.start_char)
        rest = folded[end : end + AFTER]
        m = per_share_after.match(rest)
        own = re.search(r"(?:per|ad)\s+(?:azione|titolo)\s*$", folded[start:end])
        if m or own:
            pend = end + m.end() if m else end
            val = parse_price(text[start:pend], decimal)
            if val:
                return ("price", {"text": text[start:pend], "start": start, "end": pend, **val})
        val = parse_amount(text[start:end], decimal)
        if val and approx_after.match(rest):
            val["approximate"] = True
        return ("amount", {"text": text[start:end], "start": start, "end": end, **val}) if val else None

    found = matching.select(doc, matcher, read)
    amounts = [it for kind, it in found if kind == "amount"]
    prices = [it for kind, it in found if kind == "price"]
    stakes = [it for kind, it in found if kind == "stake"]
    _infer_currency(amounts + prices, doc)
    return amounts, prices, stakes


def _currency_word(word: str) -> bool:
    return any(f.split()[0] == word for f, _ in matching.currency_forms())


def _has_currency(folded_span: str) -> bool:
    toks = tokens_of(folded_span)
    return _take_currency(toks)[1] is not None


def _infer_currency(items: list, doc) -> None:
    """No currency written: the nearest written currency (not a bracketed conversion) in the same
    sentence, else in the sentence before, else the currency of the same figure written elsewhere ("38 miliardi" after "38 miliardi
    di dollari"), else EUR (the gold's convention for Italian news)."""
    explicit = [it for it in items if not it["currency_inferred"]]
    if not explicit:
        return
    text = text_of(doc)
    # a bracketed amount right after another is its conversion
    stated = [e for e in explicit if not re.search(r"\(\s*$", text[max(0, e["start"] - 3) : e["start"]])] or explicit
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    starts = [s.start_char for s in sents]

    def sent_index(pos):  # the last sentence starting at or before pos (0 if none)
        return max(bisect_right(starts, pos) - 1, 0)

    # Indexes, so that each amount costs a logarithmic look-up, not a scan of the text's sentences and amounts
    # (a 1M-character text has thousands of both). Ties go, as ``min`` over the list would, to the first listed.
    by_sent: dict = {}
    for k, e in enumerate(stated):
        by_sent.setdefault(sent_index(e["start"]), []).append((e["start"], k, e["currency"]))
    by_value: dict = {}
    for k, e in enumerate(explicit):
        by_value.setdefault(e["value"], []).append((e["start"], k, e["currency"]))
    for group in list(by_sent.values()) + list(by_value.values()):
        group.sort()
    values = sorted(by_value)

    for it in items:
        if not it["currency_inferred"]:
            continue
        here = sent_index(it["start"])
        for back in (0, 1):
            near = by_sent.get(here - back)
            if near:
                it["currency"] = _nearest(near, it["start"])
                break
        else:
            x, tol = it["value"], 1e-6 * it["value"]
            if tol <= 0:
                continue
            lo, hi = bisect_left(values, x - 2 * tol), bisect_right(values, x + 2 * tol)
            best = None
            for v in values[lo:hi]:
                if abs(v - x) < tol:
                    cand = _nearest_entry(by_value[v], it["start"])
                    if best is None or cand[:2] < best[:2]:
                        best = cand
            if best is not None:
                it["currency"] = best[2]


def _nearest_entry(group: list, pos: int) -> tuple:
    """(distance, list index, currency) of the entry of ``group`` (sorted (start, index, currency)) whose start is
    nearest to ``pos``; on a tie, the one listed first."""
    j = bisect_left(group, (pos,))
    cands = [group[i] for i in (j - 1, j) if 0 <= i < len(group)]
    return min((abs(start - pos), k, cur) for start, k, cur in cands)


def _nearest(group: list, pos: int) -> str:
    return _nearest_entry(group, pos)[2]
