"""Candidate parties the mention layer does not know: capitalised names right after a deal word.

"ha acquisito Tubiflex, Tekno Tubi e GS-Hydro": no gazetteer or model knows these companies, but a name in the
object position of a deal word is a plausible party. They join as mentions with ``source`` ``deal_object`` and
the learned decisions weigh them (a record resting on one is less sure).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..folding import fold_word
from ..italian import DEFINITE_ARTICLES
from ..parties.gazetteer import lexicon
from .lexicon import deal_type, rules_of

OBJECT_REACH = 8  # tokens after a deal word where a list of names may start ("il 40% del capitale di X")
NAME_PARTICLES = {"di", "de", "del", "della", "&", "-", "e", "von", "van", "du", "des", "la", "le"}
# not every form of su/in: with "negli", "in vendita negli Stati Uniti" changes a record (an output change)
PLACE_PREPOSITIONS = {"su", "sul", "sulla", "sui", "sulle", "in", "nel", "nella", "nei", "nelle", "presso", "verso"}
_QUOTES = {'"', "“", "”", "«", "»", "'", "‘", "’"}


def _capitalised(tok) -> bool:
    text = tok.text
    return text[:1].isupper() and any(c.isalpha() for c in text) and not tok.is_sent_start


def _name_run(doc: Doc, i: int, limit: int) -> int:
    """End (exclusive) of a capitalised name starting at ``i``, or ``i`` when there is none."""
    if i >= limit or not _capitalised(doc[i]):
        return i
    j = i + 1
    while j < limit:
        if _capitalised(doc[j]) or doc[j].like_num and j > i:
            j += 1
        elif doc[j].lower_ in NAME_PARTICLES and doc[j].lower_ != "e" and j + 1 < limit and _capitalised(doc[j + 1]):
            j += 2
        else:
            break
    return j


def object_names(
    doc: Doc, triggers_of: list, sents: list[Span], taken: set[int], blocked: set[int], generic: frozenset = frozenset()
) -> list[tuple[int, int]]:
    """Token spans of capitalised names listed right after a deal word, outside known mentions; a lone
    ``generic`` head ("il Gruppo") is no name."""
    lists = rules_of(doc).lists
    skip = set(lists["definite"]) | set(lists["prepositions"]) | set(lists["stake_words"]) | DEFINITE_ARTICLES
    skip |= set(lists["deal_modifiers"])
    not_names = lexicon().not_entity
    spanned = _tokens_of(doc, (doc._.dates or []) + (doc._.amounts or []))
    found: list[tuple[int, int]] = []
    for sent, triggers in zip(sents, triggers_of):
        for trig in triggers:
            i, limit = trig.head_end, sent.end
            steps = 0
            while (
                i < limit
                and steps < OBJECT_REACH
                and (doc[i].lower_ in skip or doc[i].text in _QUOTES or doc[i].like_num or i in spanned)
            ):
                if doc[i].lower_ in PLACE_PREPOSITIONS and i not in spanned:
                    break  # "la quotazione su Euronext Milan", "investimenti in Italia": a place, not a party
                i, steps = i + 1, steps + 1
            if i < limit and doc[i - 1].lower_ in PLACE_PREPOSITIONS and i - 1 not in spanned:
                continue
            if i == trig.head_end and i - 1 > trig.start and doc[i - 1].text[:1].isupper():
                continue  # "lo sbarco a Piazza Affari", "su Euronext Milan": the rest of a name the deal word ends in
            while i < limit:
                end = _name_run(doc, i, limit)
                if end == i or any(k in taken or k in blocked for k in range(i, end)):
                    break
                if not (end - i == 1 and doc[i].lower_ in generic) and fold_word(doc[i].text) not in not_names:
                    found.append((i, end))  # not "Serie A", "Seed": what the name lexicon says names nobody
                j = end
                while j < limit and doc[j].text in _QUOTES:
                    j += 1
                if j < limit and (doc[j].text == "," or doc[j].lower_ in ("e", "ed")):
                    j += 1
                    while j < limit and (doc[j].text in _QUOTES or doc[j].lower_ in skip or j in spanned):
                        j += 1
                    i = j
                    continue
                break
    return sorted(set(found))


def _tokens_of(doc: Doc, mentions: list) -> set[int]:
    """Tokens of date and amount mentions and the word that introduces each ("ha rilevato nel 1997 X", "lo scorso
    anno", "un'offerta da 300 milioni per X")."""
    out: set[int] = set()
    for d in mentions:
        span = doc.char_span(d["start"], d["end"], alignment_mode="expand")
        if span is not None:
            out.update(range(span.start - int(span.start > 0), span.end))
    return out


def split_targets(drafts: list) -> list:
    """A buyer's list of targets with no single price ("ha rilevato A, B e C") is one deal per target."""
    import copy

    out = []
    for d in drafts:
        targets = [c for c, p in d.parties.items() if p["role"] == "target"]
        if not deal_type(d.deal_type).one_target_each or len(targets) < 2 or d.amount is not None:
            out.append(d)
            continue
        for target in targets:
            one = copy.deepcopy(d)
            one.parties = {c: p for c, p in one.parties.items() if p["role"] != "target" or c == target}
            one.signals.split_from_list = True
            out.append(one)
    return out
