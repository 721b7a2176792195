"""Italian numerals shared by money, durations and dates.

Pure functions, no spaCy: digits with Italian (or English) separators, number words
("duecentocinquanta", "tre virgola cinque"), magnitudes ("miliardi", "mld", glued "2,5mld")
and halves ("un miliardo e mezzo", "mezzo miliardo"). Lexicon: ``patterns/it/numbers.jsonl``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..folding import fold_text as fold  # money, dates, duration and matching import it from here
from ..resources import load_jsonl

# What reading arbitrary text as a number, amount, date or duration may raise: a malformed piece (ValueError,
# IndexError, KeyError), an input of another type (TypeError), a number out of range (ArithmeticError).
# The normalisers return None on these; any other exception is a bug and propagates.
MALFORMED = (ValueError, TypeError, IndexError, KeyError, ArithmeticError)


@lru_cache(maxsize=4)
def fold_aligned(text: str) -> str:
    """:func:`fold` one character at a time, so offsets into the result are offsets into ``text``."""
    text = str(text)
    if text.isascii():
        return text.lower()
    # Each other character becomes its one folded character, which lower() leaves as it is (true of every
    # code point), so one lower() of the whole then folds the ASCII letters: faster than str.translate.
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), text).lower()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=None)
def _fold_char(ch: str) -> str:
    f = fold(ch)
    return f[0] if len(f) >= 1 else " "


@dataclass(frozen=True)
class Lexicon:
    units: dict  # word -> value (unit, ten, hundred and their elided forms)
    scales: dict  # magnitude word -> multiplier
    vague: dict  # "centinaia" -> 100
    ordinals: dict
    halves: frozenset
    morph_re: re.Pattern  # one compound number word, e.g. "duecentocinquantamila"


@lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    units, scales, vague, ordinals, halves = {}, {}, {}, {}, set()
    for row in load_jsonl("numbers.jsonl"):
        word, kind = fold(row["word"]), row["kind"]
        if kind in ("unit", "ten", "hundred", "thousand", "thousand_single"):
            units[word] = (row["value"], kind)
            if row.get("elided"):
                units[fold(row["elided"])] = (row["value"], kind)
        elif kind == "scale":
            scales[word] = float(row["value"])
        elif kind == "vague":
            vague[word] = float(row["value"])
        elif kind == "ordinal":
            ordinals[word] = int(row["value"])
        elif kind == "half":
            halves.add(word)
    morphs = sorted((w for w in units if len(w) > 1), key=len, reverse=True)
    morph_re = re.compile("(?:%s)+" % "|".join(map(re.escape, morphs)))
    return Lexicon(units, scales, vague, ordinals, frozenset(halves), morph_re)


def word_number(word: str) -> Optional[float]:
    """A single Italian number word: "trentotto" → 38, "duecentocinquantamila" → 250000."""
    lex = lexicon()
    w = fold(word).strip()
    if not w or not lex.morph_re.fullmatch(w):
        return None
    if w in lex.halves:
        return 0.5
    pieces = re.findall("|".join(map(re.escape, sorted(lex.units, key=len, reverse=True))), w)
    if "".join(pieces) != w:
        return None
    total, current, last = 0, 0, None
    for piece in pieces:
        value, kind = lex.units[piece]
        if kind in ("unit", "ten"):
            if last in ("unit",) or (last == "ten" and kind == "ten"):
                return None  # "tredue", "ventitrenta"
            current += value
        elif kind == "hundred":
            if current >= 10:
                return None
            current = (current or 1) * 100
        elif kind == "thousand_single":  # only alone or as a prefix
            if current or total:
                return None
            total = 1000
        elif kind == "thousand":  # needs a multiplier
            if not current or total:
                return None
            total, current = current * 1000, 0
        last = kind
    return float(total + current)


_DIGITS = re.compile(r"^[+-]?\d[\d.,' \u202f\u2009]*$")


def parse_digits(text: str, decimal: str = ",") -> Optional[float]:
    """Digits with separators. ``decimal`` is the article's decimal mark ("," Italian, "." English).

    Italian: "1.200.000" → 1200000, "1,5" → 1.5, "2.650" → 2650; a lone dot group that cannot be
    thousands ("8.2", "31.91") is read as a decimal point.
    """
    s = str(text).strip().replace("\u202f", "").replace("\u2009", "").replace("'", "")
    if not s or not _DIGITS.match(s):
        return None
    s = s.lstrip("+")
    sign = -1.0 if s.startswith("-") else 1.0
    s = s.lstrip("-").replace(" ", "")
    thousands = "." if decimal == "," else ","
    if decimal == "." and re.fullmatch(r"\d{1,3}(\.000)+", s):
        return sign * float(s.replace(".", ""))  # "5.000" is five thousand even in an English-style article
    if s.count(decimal) > 1:
        if decimal == "." and re.fullmatch(r"\d{1,3}(\.\d{3})+", s):  # "1.200.000" in any style
            return sign * float(s.replace(".", ""))
        return None
    if decimal in s:
        whole, frac = s.split(decimal)
        if not frac.isdigit():
            return None
    else:
        whole, frac = s, ""
    if thousands in whole:
        groups = whole.split(thousands)
        if all(g.isdigit() for g in groups) and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            whole = "".join(groups)
        elif len(groups) == 2 and not frac and all(g.isdigit() for g in groups):
            whole, frac = groups  # "8.2" / "31.91" in an Italian article: a decimal point
        else:
            return None
    if not whole.isdigit():
        return None
    try:
        return sign * float(whole + ("." + frac if frac else ""))
    except ValueError:
        return None


@dataclass
class Quantity:
    value: float
    approximate: bool = False  # a vague quantity
    slip: bool = False  # a thousands-looking group before a billion word, read as a decimal
    has_scale: bool = False
    scale: float = 1.0


def _number_token(tok: str, decimal: str) -> Optional[float]:
    v = parse_digits(tok, decimal)
    if v is None:
        v = word_number(tok)
    return v


def tokens_of(text: str) -> list:
    """Split a span's text the way the normalisers read it (symbols and glued scales apart)."""
    t = fold(text)
    t = re.sub(r"([€£¥%]|(?<![a-z])\$)", r" \1 ", t)
    t = re.sub(r"\b(\d[\d.,]*)([a-z]{1,9})\b\.?", lambda m: f"{m.group(1)} {m.group(2)}", t)
    t = re.sub(r"(?<=\w)'(?=\w)", "' ", t)
    t = re.sub(r"(?<=\d)\s*[-–]\s*(?=\d)", " - ", t)
    t = re.sub(r"[()\[\];:!?\"«»“”]", " ", t)
    return [x for x in t.split() if x]


def parse_quantity(tokens: list, decimal: str = ",") -> Optional[Quantity]:
    """Number + optional magnitude + optional "e mezzo", from folded tokens (no currency, no cue)."""
    lex = lexicon()
    toks = [t.rstrip(".") if t.rstrip(".") in lex.scales else t for t in tokens if t not in ("di", "d'")]
    toks = [t for t in toks if t]
    if not toks:
        return None
    # vague quantities of a magnitude
    if len(toks) >= 3 and toks[0] in ("una", "un") and toks[1] in lex.vague:
        toks = toks[1:]
    if toks[0] in lex.vague and len(toks) >= 2 and toks[1] in lex.scales:
        return Quantity(
            lex.vague[toks[0]] * lex.scales[toks[1]], approximate=True, has_scale=True, scale=lex.scales[toks[1]]
        )
    # half a magnitude
    if toks[0] in lex.halves and len(toks) == 2 and toks[1] in lex.scales:
        return Quantity(0.5 * lex.scales[toks[1]], has_scale=True, scale=lex.scales[toks[1]])
    i, value = 0, None
    value = _number_token(toks[0], decimal)
    if value is None:
        return None
    i = 1
    # a spoken decimal
    if i + 1 < len(toks) + 1 and i < len(toks) and toks[i] == "virgola" and i + 1 < len(toks):
        frac = toks[i + 1]
        digits = frac if frac.isdigit() else None
        if digits is None:
            fv = word_number(frac)
            if fv is None or fv != int(fv):
                return None
            digits = str(int(fv))
        value = float(f"{int(value)}.{digits}")
        i += 2
    slip = False
    has_scale = False
    scale = 1.0
    if i < len(toks) and toks[i] in lex.scales:
        scale = lex.scales[toks[i]]
        raw = toks[0]
        # a thousands-looking group before a billion word, not a round figure,
        # is more often a slipped decimal point than 1.94 trillion.
        if scale >= 1e9 and decimal == "," and re.fullmatch(r"\d\.\d{3}", raw) and value % 100:
            value = value / 1000
            slip = True
        value *= scale
        has_scale = True
        i += 1
    if i + 1 < len(toks) and toks[i] in ("e", "ed") and toks[i + 1] in lex.halves:
        unit = lex.scales.get(toks[i - 1], 1.0) if has_scale else 1.0
        value += 0.5 * unit
        i += 2
    elif has_scale and i + 2 < len(toks) + 1 and i < len(toks) and toks[i] in ("e", "ed"):
        # a smaller magnitude added on
        rest = parse_quantity(toks[i + 1 :], decimal)
        if rest is not None and rest.has_scale and rest.scale < scale:
            return Quantity(value + rest.value, has_scale=True, scale=scale, slip=slip)
        return None
    if i != len(toks):
        return None
    return Quantity(value, slip=slip, has_scale=has_scale, scale=scale)


def parse_number(text: str, decimal: str = ",") -> Optional[float]:
    """Any single Italian number expression: "1.200.000", "quattro miliardi e mezzo", "2,5mld"."""
    try:
        q = parse_quantity(tokens_of(text), decimal)
    except MALFORMED:  # never raise on arbitrary text
        return None
    return q.value if q else None
