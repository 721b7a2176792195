"""Who fills a deal word's slots: subjects, coordinated objects, asides, relative clauses, stand-ins ("la società"),
datives after giving verbs, investors listed after a round, the maker of goods bought."""

from __future__ import annotations

import re
from typing import AbstractSet, Optional

from spacy.tokens import Doc, Span

from ..doctext import text_of
from ..italian import DEFINITE_ARTICLES, SINGULAR_ARTICLES
from . import roles as R
from . import triggers as T
from .drafts import Mention, Slot
from .lexicon import deal_type, rules_of
from .mentions import _STAND_IN_HEADS

OBJECT_WINDOW = 14  # tokens after a trigger where its first object may sit


SUBJECT_WINDOW = 28  # tokens before a trigger where its subject may sit


def _bracketed(doc: Doc, m: Mention, floor: int) -> bool:
    """'Postepay (società controllata da Poste Italiane)': a name inside brackets describes another."""
    for k in range(m.tok_start - 1, max(floor, m.tok_start - 10) - 1, -1):
        if doc[k].text == ")":
            return False
        if doc[k].text == "(":
            return True
    return False


def _drop_brackets(words: list[str]) -> list[str]:
    """'Autostrade per l'Italia (Aspi) e il Consorzio': a bracketed alias does not break a list."""
    out, depth = [], 0
    for w in words:
        if w == "(":
            depth += 1
        elif w == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(w)
    return out


_LIST_GLUE = {",", "e", "ed", "la", "il", "lo", "l'", "l’", "le", "i", "gli", "insieme", "a", "alla", "al", "con"}


def _coordinated(
    doc: Doc, ms: list[Mention], first: Mention, forward: bool, limit: int, skip: AbstractSet[int] = frozenset()
) -> list[Mention]:
    """'X e Y', 'X, Y e Z', 'tra X e Y' starting from ``first``; tokens in ``skip`` (relative asides) are passed over."""
    chain = [first]
    others = [m for m in ms if (m.tok_start >= first.tok_end if forward else m.tok_end <= first.tok_start)]
    others.sort(key=lambda m: m.tok_start, reverse=not forward)
    cur = first
    for m in others:
        gap = doc[cur.tok_end : m.tok_start] if forward else doc[m.tok_end : cur.tok_start]
        words = _drop_brackets([t.lower_ for t in gap if t.i not in skip])
        simple = len(words) <= 3 and words and all(w in _LIST_GLUE for w in words)
        # a list item may carry its own date and epithet
        loose = (
            forward
            and 2 <= len(words) <= 6
            and words[0] in ("e", "ed")
            and all((w.isalpha() and w.islower()) or w.isdigit() or w in ("l'", "l’") for w in words)
        )
        if simple or loose:
            if m.tok_start > limit if forward else False:
                break
            chain.append(m)
            cur = m
        else:
            break
    return chain


def _is_indefinite(doc: Doc, trig, sent: Span) -> bool:
    k = trig.start - 1
    while k >= sent.start and doc[k].lower_ in ("nuovo", "nuova", "altro", "altra", "ulteriore", "secondo", "seconda"):
        k -= 1
    return k >= sent.start and doc[k].lower_ in ("un", "una", "uno", "un'", "un’")


def _is_anaphoric(doc: Doc, trig: T.Trigger, sent: Span) -> str:
    lists = rules_of(doc).lists
    k = trig.start - 1
    while k >= sent.start and doc[k].lower_ in (
        "ultima",
        "ultimo",
        "stessa",
        "stesso",
        "nuova",
        "nuovo",
        "intera",
        "intero",
    ):
        k -= 1
    if k >= sent.start and doc[k].lower_ in lists["anaphoric"]:
        return "demonstrative"
    if k >= sent.start and doc[k].lower_ in lists["definite"]:
        return "definite"
    return ""


_ASIDE_CUE = re.compile(
    r"\b(che|cui|quale|quali|controllat[oaie]|guidat[oaie]|fondat[oaie]|partecipat[oaie]|tra cui|come)\b", re.I
)


def _in_aside(doc: Doc, m: Mention, trig_start: int, floor: int) -> bool:
    """A name inside a comma-delimited relative clause before the verb: 'il fondo, il cui nome ... di X, presenterà'."""
    k = m.tok_start - 1
    while k >= floor and doc[k].text not in (",", "(", "–", "-", ";"):
        k -= 1
    if k < floor:
        return False
    j = m.tok_end
    while j < trig_start and doc[j].text not in (",", ")", "–", "-", ";"):
        j += 1
    if j >= trig_start:
        return False
    return bool(_ASIDE_CUE.search(doc[k:j].text))


def _close_object(doc: Doc, trig, objs: list, floor: int) -> bool:
    """'L'accordo tra X e Y', 'l'acquisizione di X': a definite trigger that names its own parties."""
    return bool(objs) and objs[0].tok_start - trig.end <= 8 and R.preposition(doc, objs[0].tok_start, floor) is not None


def _parents_in_name(slots: list[Slot], ms_all: list[Mention]) -> list[Slot]:
    """'la joint venture Leonardo Rheinmetall Military Vehicles', 'Marzotti Brenta Hydrogen' (of Marzotti Energia
    and Brenta Gas): a venture named after its parents, by their whole one-word names or their first words."""
    others: dict[str, Mention] = {}
    for m in ms_all:
        if m.source not in ("epithet", "description", "coref") and m.start < (slots[0].mention.start if slots else 0):
            others.setdefault(m.canonical, m)
    out: list[Slot] = []
    for s in slots:
        words = s.mention.text.split()
        parents = [
            others[c]
            for c in others
            if c != s.mention.canonical
            and len(others[c].text.split()[0]) >= 4
            and others[c].text.split()[0] in words[:-1]
        ]
        if len(parents) >= 2:
            out.extend(Slot(p, "con") for p in parents)
        else:
            out.append(s)
    return out


_INVESTOR_LIST = re.compile(
    r"\b(partecipat[oaie]|con la partecipazione d\w*|partecipano|investitori|guidat[oa] da|co-?investitori|hanno aderito|sottoscritt[oaie] da)\b",
    re.I,
)


def _listed_investors(doc: Doc, trig, sent: Span, ms: list[Mention], slots: list[Slot], right: int) -> list[Slot]:
    """'un round da 15 milioni: avevano partecipato Iccrea Banca, Endeavor Catalyst, ...': the listed investors."""
    end_char = doc[right - 1].idx + len(doc[right - 1]) if right > trig.end else sent.end_char
    tail = text_of(doc)[doc[trig.end - 1].idx : end_char]
    cue = _INVESTOR_LIST.search(tail)
    if cue:
        start = doc[trig.end - 1].idx + cue.end()
    elif _INVESTOR_LIST.search(text_of(doc)[sent.start_char : doc[trig.start].idx]):
        start = doc[trig.end - 1].idx  # the investors listed after the round word
    else:
        return []
    have = {s.mention.canonical for s in slots}
    out = []
    for m in ms:
        if start <= m.start < end_char and m.canonical not in have and not _bracketed(doc, m, sent.start):
            out.append(Slot(m, "da"))
            have.add(m.canonical)
    return out


_RELATIVE = re.compile(
    r"(?:^|\s)(nella|nel|nelle|nei|in|alla|al|alle|ai|a|dalla|dal|da|con la|con il|con|della|del|di|sulla|sul|su) (quale|quali|cui)\s",
    re.I,
)


def _relative_object(doc: Doc, trig, before: list[Mention]):
    """'Amazon è il finanziatore di Anthropic, rivale di OpenAI, nella quale ha investito': the relative
    pronoun stands for the deal's object (Anthropic); the clause's subject is the party before it (Amazon)."""
    if not before:
        return None
    last = before[-1]
    between = text_of(doc)[last.end : doc[trig.start].idx]
    rel = _RELATIVE.search(between)
    if not rel:
        return None
    prep = rules_of(doc).lists["prepositions"].get(rel.group(1).split()[-1].lower(), rel.group(1).split()[0].lower())
    if rel.group(1).lower().startswith("con"):
        prep = "con"
    # The antecedent: the last name before the pronoun, skipping one ", apposition," right before it.
    cut = last.end + rel.start()
    text_before = text_of(doc)[:cut].rstrip()
    if text_before.endswith(","):
        comma = text_before[:-1].rfind(",")
        if comma > 0:
            cut = comma
    candidates = [m for m in before if m.end <= cut]
    if not candidates:
        return None
    antecedent = candidates[-1]
    subject = next((m for m in reversed(candidates) if m.canonical != antecedent.canonical), None)
    return antecedent, prep, subject


_PAIR = re.compile(
    r"\b(le due|i due|gli stessi|le stesse|entrambe le|entrambi i)( \w+)?"
    r" (società|gruppi|istituti|aziende|banche|compagnie|colossi|partner|multiutility|utility|big)\b",
    re.I,
)


def _pair_anaphor(doc: Doc, trig, left: int, drafts: list, touched: list, mentions: list[Mention]) -> list[Slot]:
    """'I due istituti starebbero studiando una fusione': the pair is the last deal's two parties."""
    lo = max(left, trig.start - SUBJECT_WINDOW)
    if not touched or not _PAIR.search(doc[lo : trig.start].text):
        return []
    last = drafts[touched[-1]]
    if len(last.parties) != 2:
        return []
    out = []
    for canonical in last.parties:
        m = next((m for m in reversed(mentions) if m.canonical == canonical and m.tok_end <= trig.start), None)
        if m is None:
            return []
        out.append(Slot(m, "subj"))
    return out


def _aside_relative(doc: Doc, trig, aside: tuple, ms: list[Mention]):
    """'Microsoft, con cui OpenAI ha un accordo,': the antecedent before the comma fills the pronoun's slot
    ("con" → Microsoft) and the name after the pronoun is the clause's subject; 'Lunaria Energia, che diventa
    main sponsor': the antecedent is the subject. None when the clause names no subject of its own (the older
    reading in _relative_object then applies)."""
    opener = doc[aside[0] + 1 : min(aside[0] + 5, aside[1])]
    first = opener[0].lower_
    subject = next((m for m in ms if aside[0] < m.tok_start and m.tok_end <= trig.start), None)
    antecedent = next((m for m in reversed(ms) if m.tok_end <= aside[0]), None)
    if antecedent is None or doc[antecedent.tok_end : aside[0]].text.strip():
        return None
    if first == "che" and subject is None:
        return antecedent, "subj", None
    if subject is None or first in ("che", "il", "la", "i", "le"):
        return None
    prep = "a" if first in ("cui", "quale", "quali") else rules_of(doc).lists["prepositions"].get(first, first)
    return antecedent, prep, subject


def _maker_of_goods(doc: Doc, trig, slots: list[Slot]) -> list[Slot]:
    """'acquistare servizi Azure': the maker of the product bought is the provider."""
    have = {s.mention.canonical for s in slots}
    for m in doc._.party_mentions or []:
        if m.get("excluded") != "product" or not m.get("canonical") or m["canonical"] in have:
            continue
        span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
        if span is not None and 0 <= span.start - trig.end <= 3 and m["canonical"] != m.get("text"):
            maker = Mention(
                m["text"],
                m["start"],
                m["end"],
                span.start,
                span.end,
                m["canonical"],
                "ORG",
                m.get("source", "gazetteer"),
                m.get("kind"),
            )
            return [Slot(maker, "da")]
    return []


def _own_slot(prep: Optional[str], trig) -> bool:
    """A name before the trigger behind a preposition the trigger gives a role ("da Mediobanca ... una linea")."""
    return prep == "agent" or (prep in trig.roles and prep not in ("a", "di", "con", "guidato", "tra"))


def _dative(doc: Doc, m: Mention, trig) -> bool:
    """'ha concesso ad Acque Padane un finanziamento': the name after a giving verb and 'a', before the deal word."""
    if "a" not in trig.roles or m.tok_start >= trig.start:
        return False
    k = m.tok_start - 1
    while k > 0 and doc[k].lower_ in DEFINITE_ARTICLES:
        k -= 1
    return (
        k > 0
        and rules_of(doc).lists["prepositions"].get(doc[k].lower_) == "a"
        and doc[k - 1].lower_ in rules_of(doc).lists["giving_verbs"]
    )


def _receiving(doc: Doc, trig, left: int) -> bool:
    """'Beta ha ottenuto un finanziamento', 'Beta ha firmato un prestito': the subject receives the money."""
    verbs = rules_of(doc).lists["receiving_verbs"]
    if deal_type(trig.deal_type, rules_of(doc)).borrowing_verbs:
        verbs = verbs | rules_of(doc).lists["borrowing_verbs"]
    if deal_type(trig.deal_type, rules_of(doc)).winning_verbs:
        verbs = verbs | rules_of(doc).lists["winning_verbs"]
    k, counted = trig.start - 1, 0
    while k >= left and counted < 9:
        if doc[k].text == ",":
            # ", in collaborazione con Boeing,": an aside between the verb and its object is not counted
            opening = next((j for j in range(k - 1, max(left, k - 7) - 1, -1) if doc[j].text == ","), None)
            if opening is not None:
                k = opening - 1
                continue
        if doc[k].lower_ in verbs:
            return True
        k, counted = k - 1, counted + 1
    return False


def _stand_in(doc: Doc, trig, left: int, sent: Span, mentions: list[Mention], exclude: set) -> Optional[Mention]:
    """'l'azienda si è impegnata a spendere...': a generic noun as subject stands for the article's main party."""
    lo = max(left, trig.start - SUBJECT_WINDOW)
    heads = [
        t
        for t in doc[lo : trig.start]
        if t.lower_ in _STAND_IN_HEADS and t.i > sent.start and doc[t.i - 1].lower_ in SINGULAR_ARTICLES
    ]
    if not heads:
        return None
    club = any(t.lower_ == "club" for t in heads)
    if club:  # "il club" is a sports club, not the arena or the sponsor
        words = rules_of(doc).lists["club_words"]
        mentions = [m for m in mentions if words & set(m.canonical.lower().split())]
    counts: dict[str, list[Mention]] = {}
    paragraph = text_of(doc).rfind("\n", 0, doc[trig.start].idx)
    for m in mentions:
        if m.tok_start < trig.start and m.canonical not in exclude:
            counts.setdefault(m.canonical, []).append(m)
    # a party of this paragraph before one named only further up ("Nell'alimentare, il gruppo Dolcevita...")
    here = {c: ms for c, ms in counts.items() if ms[-1].start > paragraph}
    counts = here or counts
    if not counts:
        return None
    # the main party is the one the text makes the subject most often, then the one named most often
    best = max(counts.values(), key=lambda ms: (sum(_subject_like(doc, m) for m in ms), len(ms), -ms[0].start))
    only_club = club and len(counts) == 1  # the one club the text names, even named once
    return best[-1] if len(best) >= 2 or only_club else None


_FINITE_AUX = {"ha", "hanno", "è", "sono", "aveva", "avevano", "era", "erano", "avrà", "sarà", "avrebbe", "sarebbe"}


def _subject_like(doc: Doc, m: Mention) -> bool:
    """'Bending Spoons ha annunciato', 'Il colosso ... è salito': a name right before a finite verb."""
    if m.tok_end >= len(doc):
        return False
    nxt = doc[m.tok_end]
    return nxt.lower_ in _FINITE_AUX or (nxt.pos_ in ("VERB", "AUX") and nxt.lower_ not in ("di", "a", "da"))


def _owner_of_assets(doc: Doc, m: Mention, prep: Optional[str], trig) -> Optional[str]:
    """'Chiesi acquista asset cardio di The Medicines Company', 'l'acquisto della rete secondaria di Tim': who
    owned the assets bought sells them (the "da" slot of a buying word)."""
    if prep != "di" or trig.roles.get("subj") != "buyer" or trig.roles.get("da") != "seller":
        return prep
    assets = rules_of(doc).lists["asset_words"]
    k = m.tok_start - 1
    while k > trig.start and doc[k].lower_ not in rules_of(doc).lists["prepositions"]:
        k -= 1  # the "di" (or "della") before the name
    for j in range(k - 1, max(trig.start, k - 3), -1):
        if doc[j].lower_ in assets:
            return "da"
        if doc[j].is_punct or doc[j].pos_ not in ("ADJ", ""):
            break
    return prep


def _shares_of(doc: Doc, m: Mention, prep: Optional[str], trig) -> Optional[str]:
    """'un'offerta sulla totalità delle azioni di Banco Bpm': whose shares a bid is for is its target (the "su"
    slot), not the bid's owner ("l'offerta di Mps")."""
    if prep != "di" or not any(r.bid for r in trig.rules) or m.tok_start < 2:
        return prep
    return "su" if doc[m.tok_start - 2].lower_ in rules_of(doc).lists["stake_words"] else prep


def _through(doc: Doc, m: Mention, floor: int) -> Optional[str]:
    """'attraverso la controllata statunitense Enel Green Power', 'acquisita tramite la controllata X': the
    subsidiary is the party that acts ("via"); 'acquistarla attraverso Cdp': a vehicle acting beside the subject
    ("through"). Within eight words, no punctuation between."""
    lists = rules_of(doc).lists
    subsidiary = False
    start = m.tok_start - 1 if m.tok_start > floor and doc[m.tok_start - 1].text == "(" else m.tok_start
    reach = 9 if start == m.tok_start else 14  # "la controllata X (EGPNA)": the acronym in brackets after the name
    if start == m.tok_start:
        start = m.tok_end  # a mention that is the description itself: "tramite la controllata"
    for k in range(start - 1, max(floor, start - reach) - 1, -1):
        word = doc[k].lower_
        if doc[k].is_punct:
            return None
        if word in lists["subsidiary_words"]:
            subsidiary = True
        elif word in lists["through_words"]:
            return "via" if subsidiary else "through"
    return None


def _topic(doc: Doc, m: Mention, others: list[Mention], trig, sent: Span) -> bool:
    """'Wind, Blackstone mette sul piatto un'offerta', 'Ferrari, HP diventa title sponsor della scuderia': a name
    opening the sentence, set off by a comma before another party, is what the clause is about (its object), not
    a subject (a list would join its last name with "e")."""
    start = sent.start
    while start < m.tok_start and doc[start].text in ('"', "“", "«", "'"):
        start += 1
    if m.tok_start != start or m.tok_end >= trig.start or doc[m.tok_end].text != ",":
        return False
    if any(doc[k].lower_ in ("e", "ed") for k in range(m.tok_end, trig.start)):
        return False
    # the other party right after the comma: "Satispay, tra l'altro, ..." and "MSC, società della famiglia
    # Aponte, ha firmato" are a subject with an aside
    return any(
        o.tok_start == m.tok_end + 1 and o.canonical != m.canonical and o.source not in ("description", "coref")
        for o in others
    )
