"""Build spaCy Matchers from the pattern files (macros + lexicon placeholders) and read cue phrases."""
from __future__ import annotations

import copy
import re
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.vocab import Vocab

from ..resources import load_jsonl
from .numbers import fold, lexicon


@lru_cache(maxsize=None)
def currency_forms() -> tuple:
    """(folded form, ISO code), longest form first."""
    forms = []
    for row in load_jsonl("currencies.jsonl"):
        for form in row["forms"]:
            forms.append((fold(form), row["code"]))
    return tuple(sorted(forms, key=lambda f: len(f[0]), reverse=True))


def _placeholders() -> dict:
    lex = lexicon()
    forms = currency_forms()
    symbols = sorted({f for f, _ in forms if not f[0].isalpha()})
    words = sorted({f.split()[0] for f, _ in forms if f[0].isalpha()})
    codes = sorted({code for _, code in forms})
    morphs = sorted((w for w in lex.units if len(w) > 1), key=len, reverse=True)
    numword = "(?:%s)+|mezzo" % "|".join(map(re.escape, morphs))
    scales = sorted(lex.scales, key=len, reverse=True)
    duration_rows = load_jsonl("durations.jsonl")
    date_rows = load_jsonl("dates.jsonl")

    def both(words):  # the Matcher's LOWER keeps accents: list the written and the folded form
        words = list(words)
        return sorted({fold(w) for w in words} | {w.lower() for w in words})

    def kind(k):
        return both(r["word"] for r in date_rows if r.get("kind") == k)

    return {
        "@duration_units": both(r["unit"] for r in duration_rows if "unit" in r),
        "@duration_words": both(r["word"] for r in duration_rows if "word" in r),
        "@months": kind("month"),
        "@month_abbrevs": kind("month_abbrev"),
        "@weekdays": kind("weekday"),
        "@date_words": [w for w in kind("relative") if " " not in w],
        "@seasons": kind("season"),
        "@scales": sorted(lex.scales),
        "@vague": sorted(lex.vague),
        "@scales_re": "|".join(map(re.escape, scales)),
        "@numword_re": numword,
        "@currency_words": words,
        "@currency_symbols": symbols + [s.upper() for s in symbols if s.upper() != s],
        "@currency_codes": codes,
    }


def _fill(value, holders):
    if isinstance(value, str):
        if value in holders:
            return copy.deepcopy(holders[value])
        for key in sorted(holders, key=len, reverse=True):
            if key in value and isinstance(holders[key], str):
                value = value.replace(key, holders[key])
        return value
    if isinstance(value, list):
        return [_fill(v, holders) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, holders) for k, v in value.items()}
    return value


@lru_cache(maxsize=None)
def compiled_patterns(filename: str) -> tuple:
    """(label, [token specs]) with macros expanded, from one pattern file."""
    holders = _placeholders()
    rows = load_jsonl(filename)
    macros = {row["macro"]: _fill(row["token"], holders) for row in rows if "macro" in row}
    out = []
    for row in rows:
        if "pattern" not in row:
            continue
        pattern = []
        for spec in row["pattern"]:
            if isinstance(spec, str) and spec.startswith("@"):
                spec = copy.deepcopy(macros[spec[1:]])
            elif isinstance(spec, dict) and "@" in spec:
                extra = {k: v for k, v in spec.items() if k != "@"}
                spec = {**copy.deepcopy(macros[spec["@"]]), **extra}
            else:
                spec = _fill(spec, holders)
            pattern.append(spec)
        out.append((row["label"], pattern))
    return tuple(out)


def build_matcher(vocab: Vocab, filename: str) -> Matcher:
    matcher = Matcher(vocab)
    by_label: dict = {}
    for label, pattern in compiled_patterns(filename):
        by_label.setdefault(label, []).append(pattern)
    for label, patterns in by_label.items():
        matcher.add(label, patterns)
    return matcher


@lru_cache(maxsize=None)
def cues(filename: str) -> dict:
    """cue kind -> list of rows (each with a folded "phrase"), longest phrase first."""
    out: dict = {}
    for row in load_jsonl(filename):
        if "cue" in row:
            r = dict(row)
            r["phrase"] = fold(r["phrase"])
            out.setdefault(row["cue"], []).append(r)
    for rows in out.values():
        rows.sort(key=lambda r: len(r["phrase"]), reverse=True)
    return out


def phrase_regex(phrases, anchor_end: bool = False, anchor_start: bool = False) -> re.Pattern:
    """One regex for a list of folded phrases (spaces match any whitespace, ' matches ’)."""
    return _phrase_regex(tuple(phrases), anchor_end, anchor_start)


@lru_cache(maxsize=256)
def _phrase_regex(phrases: tuple, anchor_end: bool, anchor_start: bool) -> re.Pattern:
    alts = "|".join(re.escape(p).replace("\\ ", r"\s+").replace("'", "['’]") for p in phrases)
    body = rf"(?<![\w])(?:{alts})(?![\w])"
    if anchor_end:
        body += r"\s*$"
    if anchor_start:
        body = r"^\s*" + body
    return re.compile(body, re.IGNORECASE)


def select(doc, matcher: Matcher, read):
    """Longest match first; ``read(label, start, end)`` normalises one (None = not a mention), and a
    match that overlaps an accepted mention is dropped, so a shorter reading can win over a longer
    one that does not normalise. Returns the accepted items in text order."""
    found = sorted(((doc.vocab.strings[m], s, e) for m, s, e in matcher(doc)), key=lambda m: (-(m[2] - m[1]), m[1]))
    taken: list = []
    out = []
    for label, s, e in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        items = read(label, s, e)
        if not items:
            continue
        taken.append((s, e))
        out.extend(items if isinstance(items, list) else [items])
    out.sort(key=lambda it: (it[1]["start"] if isinstance(it, tuple) else it["start"]))
    return out
