"""Step 3: acronyms the text defines ("Amazon Web Services (AWS)", "Cdp Equity S.p.A. (“Cdpe”)", "Agenzia
spaziale italiana (Asi)") and initials of a name used earlier ("Idv" for "Iveco Defence Vehicles")."""

from __future__ import annotations

from typing import Optional

from ..folding import fold_word
from ..italian import ELIDED_PREPOSITIONS, words
from ..names import fold
from .state import DocState, Mention, is_cap

QUOTES = set("\"“”«»'’‘")
# words allowed in brackets before a quoted defined term: "(di seguito “Mira”)", "(in breve, “Beta”)"
DEFINED_TERM_FILLERS = (
    words("definite_article", number="singular")
    | ELIDED_PREPOSITIONS
    | {
        "di",
        "in",
        "nel",
        "seguito",
        "breve",
        "anche",
        "solo",
        "ora",
        "avanti",
        "poi",
        "innanzi",
        "appresso",
        "breviter",
        "prosieguo",
        "ossia",
        "cioè",
        "o",
        ",",
        ":",
        "-",
        "hereinafter",
        "the",
    }
)


def _quoted_term(st: DocState, m: Mention) -> Optional[str]:
    """The term defined right after a name: 'X (“Cdpe”)', 'X (di seguito “Mira”)', 'X (anche solo “Beta”)',
    'X “Gamma”'."""
    doc, low = st.doc, st.low
    n = len(doc)
    j = m.te
    bracket = j < n and low[j] == "("
    if not (bracket or (j < n and doc[j].text in QUOTES and doc[j].text not in "'’")):
        return None
    j += 1 if bracket else 0
    f = j
    while bracket and j < n and j - f < 5 and low[j] in DEFINED_TERM_FILLERS:
        j += 1
    q = j
    while j < n and doc[j].text in QUOTES:
        j += 1
    quoted = j > q
    if (j > f or not bracket) and not quoted:
        return None  # fillers (or no bracket) need the term in quotes
    a = j
    while j < n and j - a < 4 and is_cap(doc[j].text) and not doc[j].is_punct:
        j += 1
    b = j
    while j < n and doc[j].text in QUOTES:
        j += 1
    if quoted and j == b:
        return None  # an opening quote with no closing one: a quotation, not a definition
    closed = j < n and (low[j] == ")" or low[j] in {"o", "e", ","})
    if not (b > a and (closed if bracket else j > b)):
        return None
    acr = doc[a:b].text
    if fold_word(acr) in st.finder.lex.not_entity or fold_word(acr) in {"società", "societa", "gruppo", "azienda"}:
        return None
    if fold(acr) == fold(doc[m.ts : m.te].text):
        return None
    return acr


def _spelled_out(st: DocState, defined: dict[str, str]) -> None:
    """ "Agenzia spaziale italiana (Asi)": no name before the brackets, but the initials give it away."""
    doc, low, taken, mentions = st.doc, st.low, st.taken, st.mentions
    n = len(doc)
    for p in range(2, n - 2):
        if low[p] != "(" or (p in {m.te for m in mentions}):
            continue
        a = p + 1
        while a < n and doc[a].text in QUOTES:
            a += 1
        if a >= n or not (doc[a].text.isalpha() and 2 <= len(doc[a].text) <= 6 and is_cap(doc[a].text)):
            continue
        b = a + 1
        while b < n and doc[b].text in QUOTES:
            b += 1
        if b >= n or low[b] != ")":
            continue
        acr = doc[a].text.lower()
        for L in range(2, 10):
            s0 = p - L
            if s0 < 0 or doc[s0].is_punct:
                break
            initials = [
                t.text for t in doc[s0:p] if fold_word(t.text) not in st.finder.lex.connectors and t.text[:1].isalnum()
            ]
            if not is_cap(doc[s0].text) or any(i in taken and not _is_ner(mentions, i) for i in range(s0, p)):
                continue
            if "".join(w[0] for w in initials).lower() == acr:
                span = doc[s0:p]
                mentions[:] = [m for m in mentions if not (m.source == "ner" and m.ts >= s0 and m.te <= p)]
                k = "n:" + fold(span.text)
                st.cluster_for(k)
                mentions.append(Mention(s0, p, span.start_char, span.end_char, "ORG", "ner", k, None))
                taken.update(range(s0, p))
                defined[doc[a].text.lower()] = k
                break


def _initials(st: DocState) -> dict[str, str]:
    """Initials of the names found: "idv" -> the key of "Iveco Defence Vehicles"."""
    initials: dict[str, str] = {}
    for m in st.mentions:
        if m.label != "ORG" or not m.proper:
            continue
        ws = [
            w
            for w in st.text[m.start : m.end].split()
            if w[:1].isalnum() and fold_word(w) not in st.finder.lex.connectors
        ]
        if len(ws) >= 2:
            ini = "".join(w[0] for w in ws).lower()
            if len(ini) >= 2:
                initials.setdefault(ini, m.key)
    return initials


def add_acronyms(st: DocState) -> None:
    doc, taken, mentions = st.doc, st.taken, st.mentions
    defined: dict[str, str] = {}
    # one mention per end token, the last one found (as a dict keeps it)
    by_end = {m.te: m for m in mentions if m.label == "ORG" and m.proper}
    for m in list(by_end.values()):
        acr = _quoted_term(st, m)
        if acr is not None:
            defined[acr.lower()] = m.key
    _spelled_out(st, defined)
    initials = _initials(st)
    # a term the text defines beats the model's or the capitals' own one-word guess for it
    guessed = {m.ts: m for m in mentions if m.source == "ner" and m.te == m.ts + 1}
    for i, t in enumerate(doc):
        if i in taken:
            g = guessed.get(i)
            if g is None or defined.get(t.text.lower()) in (None, g.key):
                continue
            mentions.remove(g)
            taken.discard(i)
        text = t.text
        k = defined.get(text.lower())
        if k is None and 2 <= len(text) <= 6 and text.isalpha() and is_cap(text) and (text.isupper() or len(text) >= 3):
            k = initials.get(text.lower())
            if k is not None and fold_word(text) in st.finder.lex.not_entity:
                k = None
        if k is None or (not is_cap(text)):
            continue
        mentions.append(Mention(i, i + 1, t.idx, t.idx + len(text), "ORG", "acronym", k, _kind_of(mentions, k)))
        taken.add(i)


def _is_ner(mentions: list[Mention], i: int) -> bool:
    return any(m.source == "ner" and m.ts <= i < m.te for m in mentions)


def _kind_of(mentions: list[Mention], k: str) -> Optional[str]:
    for m in mentions:
        if m.key == k and m.kind:
            return m.kind
    return None
