"""Step 4: context cues (``party_context.jsonl``) that rule a mention out as a deal party: an advisor, a news
source, a product, a listing venue."""

from __future__ import annotations

from ..italian import ARTICLES, CLAUSE_OPENERS, OF, PREPOSITION_FORMS
from .gazetteer import ContextRule
from .state import DocState, Mention, is_cap

# words that open a new clause: a source cue before them does not reach a name after them
OPENERS = CLAUSE_OPENERS | {","}
# what may sit between source names inside a dateline's brackets: "(Il Sole 24 Ore Radiocor)", "(ANSA/AFP)"
DATELINE_GLUE = {"/", "-", "–", ",", "e", "&", "+"}


def exclude(st: DocState) -> None:
    for m in st.mentions:
        if m.excluded or m.label != "ORG" or not m.proper:
            continue
        for rule, by_last, by_first in st.finder.cues:
            if rule.kinds is not None and (m.kind or "company") not in rule.kinds:
                continue
            if _hit(st, m, rule, by_last, by_first):
                m.excluded = rule.excluded
                break


def _hit(st: DocState, m: Mention, rule: ContextRule, by_last: dict, by_first: dict) -> bool:
    low, n = st.low, len(st.doc)
    if rule.side == "before":
        return _cue_before(st, m, rule, by_last)
    if rule.side == "after":
        return _cue_after(st, m, rule, by_first)
    if rule.side == "always":
        c = st.clusters.get(m.key)
        return bool(c and rule.sectors & c.sectors)
    if rule.side == "around":
        return m.ts > 0 and m.te < n and low[m.ts - 1] == "(" and low[m.te] == ")"
    if rule.side == "dateline":
        return _in_dateline(st, m, by_first)
    return False


def _cue_before(st: DocState, m: Mention, rule: ContextRule, by_last: dict) -> bool:
    doc, low, sent = st.doc, st.low, st.sent
    for last in range(m.ts - 1, max(-1, m.ts - 2 - rule.window), -1):
        if sent[last] != sent[m.ts] and not rule.any_sentence:
            break
        if "\n" in doc[last].whitespace_ or "\n" in doc[last].text:
            break
        gap = low[last + 1 : m.ts]
        # "i server di AWS" are AWS's own: the provider, not an object
        if rule.excluded == "product" and any(w in OF or w in ARTICLES or w in PREPOSITION_FORMS for w in gap):
            continue
        # "il quotidiano britannico aggiunge che Terna": a new clause starts before the name
        if rule.excluded == "news_source" and (
            any(w in OPENERS for w in gap)
            # "secondo il quotidiano Handelsblatt Eni tratta": the cue belongs to the first name
            or any(is_cap(doc[x].text) for x in range(last + 1, m.ts))
        ):
            continue
        # "l'asta per Permira": a new role starts right before the name
        if rule.excluded == "advisor" and gap and gap[-1] in {"per", "a", "verso", "su"}:
            continue
        for cue in by_last.get(low[last], ()):
            first = last - len(cue) + 1
            if first >= 0 and (sent[first] == sent[m.ts] or rule.any_sentence) and tuple(low[first : last + 1]) == cue:
                return True
    return False


def _cue_after(st: DocState, m: Mention, rule: ContextRule, by_first: dict) -> bool:
    doc, low, sent = st.doc, st.low, st.sent
    for first in range(m.te, min(len(doc), m.te + rule.window + 1)):
        if any(
            doc[x].is_punct and low[x] not in {"(", ")"} and not (rule.excluded == "advisor" and low[x] == ",")
            for x in range(m.te, first)
        ):
            break
        if sent[first] != sent[m.te - 1]:
            break
        for cue in by_first.get(low[first], ()):
            if tuple(low[first : first + len(cue)]) == cue:
                return True
    return False


def _in_dateline(st: DocState, m: Mention, after_cues: dict) -> bool:
    """'MILANO, 3 mar (Reuters) -', '(Il Sole 24 Ore Radiocor) –': only source names in brackets, then a dash."""
    doc, low = st.doc, st.low
    n = len(doc)
    # the brackets are at most 12 tokens apart: look no further (an unbounded scan per mention is quadratic)
    a = m.ts - 1
    while a >= 0 and low[a] != "(" and m.te - a <= 12:
        a -= 1
    if a < 0 or m.te - a > 12:
        return False
    b = m.te
    while b < n and low[b] != ")" and b - a <= 12:
        b += 1
    if b >= n or b + 1 >= n or b - a > 12:
        return False
    if not any(tuple(low[b + 1 : b + 1 + len(c)]) == c for c in after_cues.get(low[b + 1], ())):
        return False
    # a dateline opens its line: at most a place and a date before the bracket
    k = a
    while k > 0 and a - k <= 8 and "\n" not in doc[k - 1].whitespace_ and "\n" not in doc[k - 1].text:
        k -= 1
    if a - k > 8 or any(doc[i].pos_ in ("VERB", "AUX") or low[i] in ("ha", "è", "sono", "hanno") for i in range(k, a)):
        return False
    inside: set[int] = set()
    for o in st.mentions:
        if a < o.ts and o.te <= b:
            inside.update(range(o.ts, o.te))
    return all(i in inside or low[i] in DATELINE_GLUE for i in range(a + 1, b))
