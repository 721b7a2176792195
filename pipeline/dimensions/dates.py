"""Dates → YYYY / YYYY-MM / YYYY-MM-DD / YYYY-Qn / YYYY-Hn, with a role from cue words.

``patterns/it/dates.jsonl`` holds the Matcher patterns, month/weekday/season lexicon and role cues;
:func:`parse_date` is the pure normaliser. Relative expressions ("ieri", "lo scorso 9 ottobre",
"il mese prossimo") are anchored on the publication date; without one their value is None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Optional

from .. import italian
from ..resources import load_jsonl
from ..doctext import text_of
from . import matching
from .date_roles import role_of
from .numbers import MALFORMED, fold, fold_aligned, lexicon, parse_digits, word_number

PATTERNS = "dates.jsonl"
PAST = {"scorso", "scorsa", "passato", "passata"}
NEXT = {"prossimo", "prossima", "venturo", "ventura"}


@lru_cache(maxsize=None)
def _lex() -> dict:
    out: dict[str, dict] = {"month": {}, "weekday": {}, "season": {}, "relative": {}}
    for row in load_jsonl(PATTERNS):
        k = row.get("kind")
        if k in ("month", "month_abbrev"):
            out["month"][fold(row["word"])] = row["value"]
        elif k == "weekday":
            out["weekday"][fold(row["word"])] = row["value"]
        elif k == "season":
            out["season"][fold(row["word"])] = row["value"]
        elif k == "relative":
            out["relative"][fold(row["word"])] = row["days"]
    return out


@lru_cache(maxsize=None)
def _relatives() -> tuple:
    """(relative word, days), longest first."""
    return tuple(sorted(_lex()["relative"].items(), key=lambda kv: -len(kv[0])))


def parse_published(published) -> Optional[tuple]:
    """ "2024-02-05" → (2024, 2, 5); "2024-02" → (2024, 2, None); else None."""
    if not isinstance(published, str):
        return None
    m = re.fullmatch(r"\s*((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?\s*", published)
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    mo = int(mo) if mo else None
    d = int(d) if d else None
    if mo is not None and not 1 <= mo <= 12:
        return None
    if mo is not None and d is not None:  # a day comes only with a month
        try:
            dt.date(y, mo, d)
        except ValueError:
            return None
    return (y, mo, d)


def _day(y: int, m: int, d: int) -> Optional[str]:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _last_day(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _bare_year(pub, month: int, day: int, future: bool = False) -> int:
    """The year of a day/month written without one: the publication year, unless that lands more than
    half a year after publication (then the year before: "il 31 dicembre" read on 2 January), or, for
    a deadline ("entro il 31 gennaio"), more than a month before it (then the year after)."""
    py, pm, pd = pub
    ref = dt.date(py, pm or 7, pd or 15)
    same = dt.date(py, month, min(day, calendar.monthrange(py, month)[1]))
    if (same - ref).days > 183:
        return py - 1
    if future and (ref - same).days > 31:
        return py + 1
    return py


def _year(token: str) -> Optional[int]:
    if re.fullmatch(r"(?:19|20)\d\d", token):
        return int(token)
    return None


def _ord(token: str) -> Optional[int]:
    roman = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
    if token in roman:
        return roman[token]
    m = re.fullmatch(r"([1-4])[°º]?", token)
    if m:
        return int(m.group(1))
    return lexicon().ordinals.get(token)


def _tokens(text: str) -> list:
    t = fold(text.replace("º", "°"))
    t = re.sub(r"(?<=\w)'(?=\w)", "' ", t)
    t = re.sub(r"[,;:()\"«»“”]", " ", t)
    t = re.sub(r"(?<=\d)\.(?=\s|$)", " ", t)
    t = re.sub(r"(?<=[a-z])\.(?=\s|$)", " ", t)  # "nov."
    return t.split()


def parse_date(
    text: str, published: Optional[str] = None, anchor_year: Optional[int] = None, future: bool = False
) -> Optional[dict]:
    """→ {"value": "2024-02-07" | None, "relative": bool, "until": "2027" (second year of "2024-27"),
    "bare": True for a day/month written without a year}.

    A bare "il 13 agosto" / "ad agosto" takes ``anchor_year`` (a year the text just gave) or else the
    publication year (``future``: a deadline, so a date just past means next year's). None when the
    text is not a date. Never raises.
    """
    try:
        return _parse(text, parse_published(published), anchor_year, future)
    except MALFORMED:
        return None


def _result(value, relative=False, until=None, bare=False):
    return {"value": value, "relative": relative, "until": until, "bare": bare}


# words around a date that say nothing of it: "entro il 2026", "nel mese di marzo", "a fine anno"
_GLUE = (
    italian.words("definite_article", number="singular")
    | italian.ELIDED_PREPOSITIONS
    | {"di", "a", "ad", "in", "entro"}
    | italian.words("articulated_preposition", base="di", number="singular")
    | italian.words("articulated_preposition", base="in", number="singular")
)


def _parse(text, pub, anchor_year=None, future=False):
    if not isinstance(text, str) or not text.strip() or len(text) > 80:
        return None
    lex = _lex()
    months, weekdays = lex["month"], lex["weekday"]
    toks = [t for t in _tokens(text) if t not in _GLUE]
    if not toks:
        return None
    py, pm, pd = pub if pub else (None, None, None)
    past = any(t in PAST for t in toks)
    nxt = any(t in NEXT for t in toks)
    toks_nr = [t for t in toks if t not in PAST | NEXT]
    joined = " ".join(toks)

    # numeric "07/02/2024"
    m = re.fullmatch(r"(\d{1,2}) ?[/.-] ?(\d{1,2}) ?[/.-] ?(\d{2}|\d{4})", joined)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y = y + 2000 if y < 100 else y
        v = _day(y, mo, d)
        return _result(v) if v else None
    # ISO "2025-09-12"
    m = re.fullmatch(r"((?:19|20)\d\d) ?- ?(\d\d) ?- ?(\d\d)", joined)
    if m:
        v = _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _result(v) if v else None
    # season / year range "2024-27", "2024/25", "1998-99"
    m = re.fullmatch(r"((?:19|20)\d\d)\s*[-/–]\s*(\d{2}|(?:19|20)\d\d)", joined)
    if m:
        y1 = int(m.group(1))
        y2 = int(m.group(2)) if len(m.group(2)) == 4 else (y1 // 100) * 100 + int(m.group(2))
        if y2 < y1 and len(m.group(2)) == 2 and 1 <= int(m.group(2)) <= 12 and "-" in joined:
            return _result(f"{y1}-{m.group(2)}")  # "2025-03": a month, not a season
        if y2 < y1:
            y2 += 100
        if not 0 < y2 - y1 <= 10:
            return None
        return _result(str(y1), until=str(y2))
    # relative single words: oggi, ieri, domani, in data odierna, l'altro ieri
    key = " ".join(t for t in toks if t not in ("data",))
    for phrase, days in _relatives():
        if key == phrase or key == phrase.replace("'", "' "):
            if not pub:
                return _result(None, True)
            if pd is None:
                return _result(f"{py:04d}-{pm:02d}" if pm else str(py), True)
            return _result((dt.date(py, pm, pd) + dt.timedelta(days=days)).isoformat(), True)
    # quarters and halves
    q = re.fullmatch(r"(?:q([1-4])|([1-4])q|h([12])|([12])h)(\d\d)?(?: ((?:19|20)\d\d))?", joined)
    if q:
        n = next(g for g in q.groups()[:4] if g)
        kind = "Q" if (q.group(1) or q.group(2)) else "H"
        y = int(q.group(6)) if q.group(6) else (2000 + int(q.group(5)) if q.group(5) else None)
        if y is None:
            return _result(f"{py}-{kind}{n}" if py else None, True)
        return _result(f"{y}-{kind}{n}")
    if len(toks_nr) >= 2 and toks_nr[1] in ("trimestre", "semestre", "meta") and _ord(toks_nr[0]):
        n = _ord(toks_nr[0])
        kind = "Q" if toks_nr[1] == "trimestre" else "H"
        if n == -1:
            n = 4 if kind == "Q" else 2
        if (kind == "H" and n > 2) or n > 4:
            return None
        rest = toks_nr[2:]
        y = _year(rest[-1]) if rest else None
        if y:
            return _result(f"{y}-{kind}{n}")
        if rest and rest[-1] not in ("anno", "esercizio", "dell'anno"):
            return None
        return _result(f"{py}-{kind}{n}" if py else None, True)
    # seasons of the year: the half of the year they fall in
    toks_ns = [t for t in toks_nr if t not in ("l'", "quest'", "questa", "all'", "dall'")]
    if toks_ns and toks_ns[0] in lex["season"]:
        half = lex["season"][toks_ns[0]]
        y = _year(toks_ns[-1])
        if y and len(toks_ns) == 2:
            return _result(f"{y}-{half}")
        if len(toks_ns) == 1:  # a season without a year: the publication year's
            if not pub:
                return _result(None, True)
            return _result(f"{py - 1 if past else py + 1 if nxt else py}-{half}", True)
        return None
    # fine / inizio / metà
    if toks_nr[0] in ("primi", "ultimi") and len(toks_nr) >= 2 and toks_nr[1] in months:
        toks_nr = ["inizio"] + toks_nr[1:]  # "the first days of" a month: that month
    if toks_nr[0] in ("fine", "inizio", "inizi", "meta"):
        edge, rest = toks_nr[0], toks_nr[1:]
        if not rest:
            return None
        if rest == ["mese"] and edge in ("fine", "inizio"):
            if not (pub and pm):
                return _result(None, True)
            return _result(_last_day(py, pm) if edge == "fine" else f"{py}-{pm:02d}", True)
        if rest in (["anno"], ["dell'", "anno"], ["quest'", "anno"]):
            if not py:
                return _result(None, True)
            y = py - 1 if past else py + 1 if nxt else py
            return _result(f"{y}-12-31" if edge == "fine" else str(y), True)
        if len(rest) == 1 and _year(rest[0]):
            y = _year(rest[0])
            return _result(f"{y}-12-31" if edge == "fine" else str(y))
        if rest[0] in months and len(rest) <= 2:
            mo = months[rest[0]]
            y = _year(rest[1]) if len(rest) == 2 else None
            if len(rest) == 2 and not y:
                return None
            relative = y is None
            y = y or py
            if y is None:
                return _result(None, True)
            return _result(_last_day(y, mo) if edge == "fine" else f"{y}-{mo:02d}", relative)
        return None
    # weekday + day month (year)
    if toks_nr[0] in weekdays:
        if len(toks_nr) == 1:  # a bare weekday: the last one before publication ("prossimo": the next)
            if not (pub and pd):
                return _result(None, True)
            p = dt.date(py, pm, pd)
            wd = weekdays[toks_nr[0]]
            if nxt:
                delta = (wd - p.weekday()) % 7 or 7
                return _result((p + dt.timedelta(days=delta)).isoformat(), True)
            delta = (p.weekday() - wd) % 7
            return _result((p - dt.timedelta(days=delta)).isoformat(), True)
        toks_nr = toks_nr[1:]
    # day month [year]
    m = re.fullmatch(r"(\d{1,2}|primo)[°º]? ([a-z]+)(?: ((?:19|20)\d\d))?", " ".join(toks_nr))
    if m and m.group(2) in months:
        d = 1 if m.group(1) == "primo" else int(m.group(1))
        mo = months[m.group(2)]
        if m.group(3):
            v = _day(int(m.group(3)), mo, d)
            return _result(v) if v else None
        if not 1 <= d <= 31:
            return None
        if anchor_year and not (past or nxt):
            v = _day(anchor_year, mo, d)
            return _result(v, False, bare=True) if v else None
        if not pub:
            return _result(None, True, bare=not (past or nxt))
        y = py
        if past:
            if (mo, d) > (pm, pd or 31):
                y -= 1
        elif nxt:
            if (mo, d) < (pm, pd or 1):
                y += 1
        else:
            y = _bare_year(pub, mo, d, future)
        v = _day(y, mo, d)
        return _result(v, True, bare=not (past or nxt)) if v else None
    # month [year]; "marzo dell'anno scorso"
    if toks_nr and toks_nr[0] in months and toks_nr[1:] in (["anno"], ["dell'", "anno"]) and (past or nxt):
        if not pub:
            return _result(None, True)
        return _result(f"{py - 1 if past else py + 1}-{months[toks_nr[0]]:02d}", True)
    if toks_nr and toks_nr[0] in months and len(toks_nr) <= 2:
        mo = months[toks_nr[0]]
        if len(toks_nr) == 2:
            y = _year(toks_nr[1])
            return _result(f"{y}-{mo:02d}") if y else None
        if anchor_year and not (past or nxt):
            return _result(f"{anchor_year}-{mo:02d}", False, bare=True)
        if not pub:
            return _result(None, True, bare=not (past or nxt))
        y = py
        if past and pm and mo >= pm:
            y -= 1
        elif nxt and pm and mo <= pm:
            y += 1
        elif not (past or nxt):
            y = _bare_year(pub, mo, 15, future)
        return _result(f"{y}-{mo:02d}", True, bare=not (past or nxt))
    # N units ago
    if len(toks_nr) == 3 and toks_nr[2] == "fa":
        n = 1.0 if toks_nr[0] in ("un", "uno", "una") else (parse_digits(toks_nr[0]) or word_number(toks_nr[0]))
        unit = toks_nr[1]
        if not n or n != int(n) or n > 200:
            return None
        if not pub:
            return _result(None, True)
        n = int(n)
        if unit.startswith("ann"):
            return _result(str(py - n), True)
        if unit.startswith("mes"):
            if not pm:
                return None
            k = py * 12 + (pm - 1) - n
            return _result(f"{k // 12}-{k % 12 + 1:02d}", True)
        if not pd:
            return None
        days = n * (7 if unit.startswith("settiman") else 1)
        return _result((dt.date(py, pm, pd) - dt.timedelta(days=days)).isoformat(), True)
    # l'anno scorso / il mese prossimo / quest'anno / entro l'anno / la prossima stagione
    if toks_nr in (["anno"], ["quest'", "anno"], ["mese"], ["quest'", "mese"]):
        if not toks_nr[-1] == "anno" and not pm and pub:
            return None
        if not pub:
            return _result(None, True)
        if toks_nr[-1] == "anno":
            y = py - 1 if past else py + 1 if nxt else py
            if "entro" in _tokens(text) and not (past or nxt):
                return _result(f"{y}-12-31", True)
            if toks_nr == ["anno"] and not (past or nxt) and "entro" not in _tokens(text):
                return None
            return _result(str(y), True)
        if not pm:
            return None
        if not (past or nxt) and toks_nr == ["mese"]:
            return None
        y, mo = py, pm + (-1 if past else 1 if nxt else 0)
        if mo == 0:
            y, mo = y - 1, 12
        elif mo == 13:
            y, mo = y + 1, 1
        return _result(f"{y}-{mo:02d}", True)
    if toks_nr == ["stagione"] and (nxt or "questa" in toks):
        if not pub:
            return _result(None, True)
        start = py if (pm or 1) >= 7 else py - 1
        return _result(str(start + 1 if nxt else start), True)
    # a year alone
    if len(toks_nr) == 1 and _year(toks_nr[0]):
        return _result(toks_nr[0])
    return None


# ---------------------------------------------------------------- in a Doc

# lower-case words that may follow a bare year ("nel 2026 e", "dal 2019 con"); any other one makes it no year
_FUNCTION_WORDS = (
    italian.PREPOSITIONS
    | italian.CLAUSE_OPENERS
    | {w for b in ("a", "da", "di", "in") for w in italian.words("articulated_preposition", base=b, number="singular")}
    | {
        "ed",
        "o",
        "anno",
        "è",
        "e'",
        "sono",
        "ha",
        "hanno",
        "si",
        "non",
        "fino",
        "secondo",
        "rispetto",
        "contro",
        "se",
        "ancora",
        "poi",
        "era",
        "sarà",
        "sara",
        "aveva",
        "erano",
    }
)
_NOT_YEAR_AFTER = re.compile(r"^\s*(?:%|per\s+cento|euro|dollari|€|\$|milion|miliard|mila|mln|mld|[a-z]+\s*\()", re.I)


@lru_cache(maxsize=None)
def _year_before() -> frozenset:
    return frozenset(r["phrase"] for r in matching.cues(PATTERNS).get("year_before", []))


def _plausible_year(doc, s, e) -> bool:
    """A bare four-digit number is a year unless it reads like a count ("2000 dipendenti", "1500 euro")."""
    tok = doc[s]
    nxt = doc[e] if e < len(doc) else None
    prev = doc[s - 1] if s > 0 else None
    if prev is not None and prev.text in ("€", "$", "£", "n.", "+", "-", "n", "nr", "art.", "pag."):
        return False
    if prev is not None and prev.lower_ in ("quota", "gpt", "serie", "legge"):
        return False
    if prev is not None and fold(prev.text) in _year_before():
        return True
    after = text_of(doc)[tok.idx + len(tok.text) : tok.idx + len(tok.text) + 20]
    if _NOT_YEAR_AFTER.match(after):
        return False
    if nxt is not None and nxt.is_alpha and nxt.text.islower() and fold(nxt.text) not in _FUNCTION_WORDS:
        return False
    return True


_NARRATIVE = re.compile(r"(?:\bnel|\bnell'|\bin|\ba|\bad|\bdurante(?: il)?|\bcorso del|\bil|\bl')\s*$")


def find_dates(doc, matcher, published: Optional[str] = None) -> list:
    text = text_of(doc)
    folded = fold_aligned(text)
    sents = doc.has_annotation("SENT_START")
    months = _lex()["month"]

    def read(label, s, e):
        span = doc[s:e]
        start, end = span.start_char, span.end_char
        written = text[start:end]  # span.text, without joining its tokens again
        if e - s == 1 and re.fullmatch(r"(?:19|20)\d\d", written) and not _plausible_year(doc, s, e):
            return None
        if e - s == 1 and fold(written) in months:
            if span[0].lower_ in ("mar", "set", "dic", "ott", "gen", "feb", "apr", "mag", "giu", "lug", "ago", "nov"):
                return None  # an abbreviation alone: "mar" (sea), "set"...
            if written[:1].isupper() and s > 0 and doc[s - 1].text[:1].isupper() and not doc[s - 1].is_punct:
                return None  # a capitalised month after a name word is part of a name
        sent = span.sent if sents else None
        sent_start = sent.start_char if sent is not None else 0
        sent_end = sent.end_char if sent is not None else len(text)
        role = role_of(folded, start, end, sent_start, sent_end, None)
        val = parse_date(written, published, future=role == "deadline")
        if not val:
            return None
        if role == "deadline" and val["value"] and re.search(r"-[QH]\d$", val["value"]):
            role = "closing"
        item = {
            "text": written,
            "start": start,
            "end": end,
            "value": val["value"],
            "role": role,
            "_bare": val.get("bare"),
            "_relative": val.get("relative"),
            "_sent": sent.start if sent is not None else 0,
        }
        if val.get("until"):
            second = {**item, "value": val["until"], "role": "end" if role in ("other", "start") else role}
            if role == "other":
                item["role"] = "start"
            return [item, second]
        return item

    items = matching.select(doc, matcher, read)
    # a day or month without a year takes the year the text gave just before ("nel 2016. In aprile")
    sent_of = {}
    if sents:
        for i, sent in enumerate(doc.sents):
            sent_of[sent.start] = i
    # Only a past year told as the time of events ("La disputa era cominciata nel 2016. In aprile…")
    # sets the context; comparisons ("dai livelli del 2019", "rispetto al 2023") and forecasts do not.
    pub = parse_published(published)
    context = None  # (year, sentence number)
    for it in items:
        n = sent_of.get(it["_sent"], 0)
        # a month may lean on the sentence before; a day ("Milano, 24 giu") only on its own sentence
        reach = 1 if not re.search(r"\d", it["text"]) else 0
        if it["_bare"] and context and n - context[1] <= reach:
            val = parse_date(it["text"], published, anchor_year=context[0])
            if val and val["value"]:
                it["value"] = val["value"]
                context = (context[0], n)
        elif it["value"] and re.match(r"\d{4}", it["value"]) and not it["_bare"] and not it["_relative"]:
            year = int(it["value"][:4])
            narrative = _NARRATIVE.search(folded[max(0, it["start"] - 25) : it["start"]])
            context = (year, n) if narrative and (pub is None or year < pub[0]) else None
    for it in items:
        it.pop("_bare", None)
        it.pop("_sent", None)
        it.pop("_relative", None)
    return items
