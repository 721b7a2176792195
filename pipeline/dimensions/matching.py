"""Build spaCy Matchers from the pattern files (macros + lexicon placeholders) and read cue phrases."""

from __future__ import annotations

import copy
import re
from bisect import bisect_left, insort
from functools import lru_cache
from typing import Any, Sequence

import numpy
from spacy.attrs import LOWER, ORTH
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


def build_matcher(vocab: Vocab, filename: str) -> "RunMatcher":
    matcher = Matcher(vocab)
    by_label: dict = {}
    for label, pattern in compiled_patterns(filename):
        by_label.setdefault(label, []).append(pattern)
    for label, patterns in by_label.items():
        matcher.add(label, patterns)
    return RunMatcher(matcher, [pattern for _, pattern in compiled_patterns(filename)])


_MAX_BITS = 60  # required specs a RunMatcher tests (a word's code is a 64-bit integer)


class RunMatcher:
    """A Matcher run only over the stretches of tokens that some token spec of its patterns may accept.

    Every token of a match satisfies one token spec, so no match crosses a token that satisfies none:
    matching each maximal stretch (a Span; spaCy reports offsets into it) finds the same matches, in the same
    order, as matching the whole Doc, at a fraction of the cost (the Matcher tries every pattern at every
    token). A stretch is matched from its first token that can begin a match (a spec up to the first
    non-optional one of a pattern) and skipped when it has none, or when it lacks, for every pattern, a word
    for each of the pattern's required specs (a lone "il" or "del": most stretches; a call to the Matcher
    costs as much as a few hundred words of this test). The test per word is a superset (a key, predicate
    or operator it does not know counts as "any token" / "optional"), so a pattern it cannot read only makes
    the stretches longer or more, never loses a match.
    """

    def __init__(self, matcher: Matcher, patterns: list):
        self.matcher = matcher
        self.anything = False
        self.specs = []  # one conjunction of (attr, kind, value) per token spec; attr 0 = LOWER, 1 = TEXT
        self.start_specs = []  # the specs a match can begin with
        required: dict = {}  # conjunction of a required spec -> its bit
        needs = set()  # (bits of the required specs, how many) per pattern
        for pattern in patterns:
            can_start = True
            bits = count = 0
            for spec in pattern:
                conj: list[tuple[int, str, Any]] = []  # the value: a frozenset of words (in) or a regex (re)
                for key, value in spec.items():
                    if key not in ("LOWER", "TEXT", "ORTH"):
                        continue
                    attr = 0 if key == "LOWER" else 1
                    if isinstance(value, str):
                        conj.append((attr, "in", frozenset([value])))
                    elif isinstance(value, dict):
                        for pred, arg in value.items():
                            if pred == "IN":
                                conj.append((attr, "in", frozenset(arg)))
                            elif pred == "REGEX":
                                conj.append((attr, "re", re.compile(arg)))
                if spec.get("OP") == "!" or not conj:
                    self.anything = True
                self.specs.append(tuple(conj))
                if can_start:
                    self.start_specs.append(tuple(conj))
                    can_start = spec.get("OP") not in (None, "+")
                if spec.get("OP") in (None, "+"):
                    count += 1
                    if tuple(conj) in required or len(required) < _MAX_BITS:  # past that, a spec is not tested
                        bits |= required.setdefault(tuple(conj), 1 << len(required))
            needs.add((bits, count))
        # a pattern whose needs include another's adds nothing to the test
        self._needs = tuple(
            sorted(n for n in needs if not any(o != n and o[0] & n[0] == o[0] and o[1] <= n[1] for o in needs))
        )
        self._required = tuple(required)
        # the bits of the required specs a word satisfies: word lists merged into word -> bits, the rest tested
        self._bits_in: tuple = ({}, {})
        self._bits_rest = []
        for k, conj in enumerate(self._required):
            if len(conj) == 1 and conj[0][1] == "in":
                for word in conj[0][2]:
                    self._bits_in[conj[0][0]][word] = self._bits_in[conj[0][0]].get(word, 0) | 1 << k
            else:
                self._bits_rest.append((1 << k, conj))
        self._longest = max((count for _, count in self._needs), default=0)
        self._can: dict = {}  # (required specs a stretch has, its length up to _longest) -> may it match?
        # Patterns that read only the words (no part of speech, no extension attribute) match the same words the
        # same way in any Doc: a stretch's matches are kept by its words ("il 3 marzo", "nel 2024" come back).
        self._lexical = all(set(spec) <= {"LOWER", "TEXT", "ORTH", "OP"} for pattern in patterns for spec in pattern)
        self._found: dict = {}
        self._inside = _WordTest(self.specs)
        self._start = _WordTest(self.start_specs)
        self._mask: dict = {}

    def __len__(self):
        return len(self.matcher)

    def __getattr__(self, name):
        return getattr(self.matcher, name)

    def _code(self, strings, orth: int, lower: int) -> int:
        """kind | bits << 2. kind 0: in no match; 1: inside a match only; 2: may begin one. bits: the required
        specs the word satisfies. LOWER is a lexeme attribute: one code per ORTH."""
        code = self._mask.get(orth)
        if code is None:
            words = (strings[lower], strings[orth])
            # the start specs are some of the specs: a word no spec accepts (most) takes one test
            kind = (2 if self._start(words) else 1) if self._inside(words) else 0
            bits = 0
            if kind:
                bits = self._bits_in[0].get(words[0], 0) | self._bits_in[1].get(words[1], 0)
                for bit, conj in self._bits_rest:
                    if _accepts(conj, words):
                        bits |= bit
            code = kind | bits << 2
            if len(self._mask) > 100_000:
                self._mask.clear()
            self._mask[orth] = code
        return code

    def __call__(self, doc):
        if self.anything:
            return self.matcher(doc)
        n = len(doc)
        if not n:
            return []
        orths = doc.to_array(ORTH).tolist()
        codes = list(map(self._mask.get, orths))
        if None in codes:
            strings, lowers = doc.vocab.strings, doc.to_array(LOWER).tolist()
            codes = [
                self._code(strings, orth, lower) if c is None else c for orth, lower, c in zip(orths, lowers, codes)
            ]
        codes = numpy.array(codes, dtype=numpy.int64)
        kinds = codes & 3
        begins = numpy.flatnonzero(kinds == 2)
        if not len(begins):
            return []
        # the stretches: from the first token of each run of candidate tokens that may begin a match to its end
        on = kinds > 0
        runs = numpy.flatnonzero(on & ~numpy.concatenate(([False], on[:-1])))
        run_ends = numpy.flatnonzero(on & ~numpy.concatenate((on[1:], [False]))) + 1
        run_of = numpy.searchsorted(runs, begins, side="right") - 1
        first = numpy.concatenate(([True], run_of[1:] != run_of[:-1]))
        starts, stops = begins[first], run_ends[run_of[first]]
        bounds = numpy.empty(2 * len(starts), dtype=numpy.intp)
        bounds[0::2], bounds[1::2] = starts, stops
        has = numpy.bitwise_or.reduceat(numpy.append(codes >> 2, 0), bounds)[0::2]  # required specs per stretch
        out = []
        for start, stop, have in zip(starts.tolist(), stops.tolist(), has.tolist()):
            key = (have, min(stop - start, self._longest))
            can = self._can.get(key)
            if can is None:
                if len(self._can) > 100_000:
                    self._can.clear()
                can = self._can[key] = any(have & need == need and key[1] >= count for need, count in self._needs)
            if can:
                found = self._found.get(orths_of := tuple(orths[start:stop])) if self._lexical else None
                if found is None:
                    found = self.matcher(doc[start:stop])
                    if self._lexical:
                        if len(self._found) > 20_000:
                            self._found.clear()
                        self._found[orths_of] = found
                out.extend((m, start + s, start + e) for m, s, e in found)
        return out


def _accepts(conj: Sequence, words: tuple) -> bool:
    return all((words[a] in v) if kind == "in" else bool(v.search(words[a])) for a, kind, v in conj)


class _WordTest:
    """Does some spec (a conjunction of word tests) accept the word? Word lists merged, and lone regexes on the
    same attribute merged into one alternation (a regex with no group of its own reads the same inside one)."""

    def __init__(self, specs):
        self.words = (set(), set())
        self.rest = []
        lone: tuple = ([], [])
        for conj in dict.fromkeys(specs):
            if len(conj) == 1 and conj[0][1] == "in":
                self.words[conj[0][0]].update(conj[0][2])
            elif len(conj) == 1 and conj[0][2].groups == 0 and conj[0][2].flags == re.UNICODE:
                lone[conj[0][0]].append(conj[0][2].pattern)
            else:
                self.rest.append(conj)
        self.regexes = tuple(
            (attr, re.compile("|".join(f"(?:{p})" for p in patterns))) for attr, patterns in enumerate(lone) if patterns
        )

    def __call__(self, words: tuple) -> bool:
        if words[0] in self.words[0] or words[1] in self.words[1]:
            return True
        for attr, regex in self.regexes:
            if regex.search(words[attr]):
                return True
        return any(_accepts(conj, words) for conj in self.rest)


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


def last_chunks(text: str, k: int) -> str:
    """``text`` from the start of its k-th last whitespace-separated chunk (all of it when it has no more).

    A regex anchored at the end (``\\s*$``) whose words are literal and joined by ``\\s+`` matches within its
    number of words in chunks, so searching the last chunks finds the same leftmost match, however long the
    text before; a chunk's start follows a space, so a look-behind reads the same there.
    """
    parts = text.rsplit(None, k)
    if len(parts) <= k:
        return text
    return text[len(parts[0]) :].lstrip()


def phrase_regex(phrases, anchor_end: bool = False, anchor_start: bool = False) -> re.Pattern:
    """One regex for a list of folded phrases (spaces match any whitespace, ' matches ’)."""
    return _phrase_regex(tuple(phrases), anchor_end, anchor_start)


def phrase_finder(phrases, anchor_end: bool = False, anchor_start: bool = False) -> re.Pattern:
    """:func:`phrase_regex` for whether and where a match starts: the phrases merged into a tree (one branch per
    letter, not hundreds of phrases tried in turn at every position: many times faster). It matches the same
    texts at the same starts; which phrase it matched, so where the match ends, may differ."""
    return _phrase_regex(tuple(phrases), anchor_end, anchor_start, True)


def _units(phrase: str) -> list:
    return [r"\s+" if ch == " " else "['’]" if ch == "'" else re.escape(ch) for ch in phrase]


def _tree(phrases) -> str:
    """One regex for the phrases (lists of units), common beginnings written once."""
    tree: dict = {}
    for units in phrases:
        node = tree
        for unit in units:
            node = node.setdefault(unit, {})
        node[None] = {}

    def write(node: dict) -> str:
        alts = [unit + write(child) for unit, child in node.items() if unit is not None]
        if not alts:
            return ""
        if None in node:
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return write(tree)


@lru_cache(maxsize=256)
def _phrase_regex(phrases: tuple, anchor_end: bool, anchor_start: bool, tree: bool = False) -> re.Pattern:
    if tree:
        alts = _tree([_units(p) for p in phrases])
    else:
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
    # accepted (start, end) token spans: disjoint, kept sorted, so the one that starts last before ``e`` is the
    # only one that can overlap [s, e) — a look-up, not a scan of every accepted span
    taken: list = []
    out = []
    for label, s, e in found:
        j = bisect_left(taken, (e,))
        if j and taken[j - 1][1] > s:
            continue
        items = read(label, s, e)
        if not items:
            continue
        insort(taken, (s, e))
        out.extend(items if isinstance(items, list) else [items])
    out.sort(key=lambda it: it[1]["start"] if isinstance(it, tuple) else it["start"])
    return out
