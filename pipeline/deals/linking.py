"""From triggers and mentions to deal records.

Per sentence: each trigger owns the zone up to its neighbours; its parties are the subject before it
and the objects after it (with coordination: "X e Y"), its amount/stake/price/duration/dates are the
nearest ones in its zone that are not valuations or results. A trigger that points back ("l'intesa",
"questo accordo", "l'operazione") adds its sentence to the last deal told. Records with the same
parties and type are merged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Span

from . import candidates as C
from . import roles as R
from . import status as S
from . import triggers as T
from .lexicon import non_deal_cues, status_rules, trigger_rules, word_lists
from ..doctext import soft_breaks, span_text, text_of

OBJECT_WINDOW = 14  # tokens after a trigger where its first object may sit
SUBJECT_WINDOW = 28  # tokens before a trigger where its subject may sit
ANAPHORA_REACH = 4  # sentences a pointing-back trigger may reach
CONTINUATION_REACH = 3  # sentences after a deal where a trigger-less "per un totale di X" may still give its value
FOLLOW_UP_REACH = 120  # characters around a pointing-back trigger where its amounts/dates may sit


@dataclass
class Mention:
    text: str
    start: int
    end: int
    tok_start: int
    tok_end: int
    canonical: str
    label: str
    source: str
    kind: Optional[str]


@dataclass
class Slot:
    mention: Mention
    slot: str  # subj | obj | a preposition key | extra
    by_syntax: bool = False


@dataclass
class Draft:
    deal_type: str
    trigger_ids: list
    strength: float
    single_ok: bool | str
    parties: dict = field(default_factory=dict)  # canonical -> {role, start, end, slot}
    amount: Optional[dict] = None
    stake: Optional[dict] = None
    price: Optional[dict] = None
    duration: Optional[dict] = None
    dates: list = field(default_factory=list)
    status: str = "announced"
    status_how: str = "default"
    sentences: list = field(default_factory=list)  # (start, end) char offsets
    signals: dict = field(default_factory=dict)
    generic: bool = False
    indefinite: bool = False  # "un nuovo patto": a deal introduced as new, not a repeat
    definite: bool = False  # "il round è guidato da X": the deal told before, now with more parties

    def canon(self) -> frozenset:
        return frozenset(self.parties)


def _mentions(doc: Doc) -> tuple[list[Mention], set[int]]:
    product_nouns = word_lists()["product_nouns"]
    out, blocked = [], set()
    post_holders: list[Span] = []
    mentions = doc._.party_mentions or []
    # A canonical whose every named mention is excluded (a newspaper, an adviser) is never a party,
    # even where an epithet was resolved to it.
    named: dict[str, list[bool]] = {}
    for m in mentions:
        if m.get("source") not in ("epithet", "description", "coref"):
            named.setdefault(m.get("canonical") or "", []).append(bool(m.get("excluded")))
    never = {c for c, flags in named.items() if flags and all(flags)}
    for m in mentions:
        if (m.get("canonical") or "") in never:
            span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
            if span is not None:
                blocked.update(range(span.start, span.end))
            continue
        span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
        if span is None:
            continue
        if m.get("source") not in ("epithet", "description", "coref"):
            blocked.update(range(span.start, span.end))
        else:  # "la joint venture" is still a trigger; "il colosso degli investimenti" is not
            head = span.start + (1 if span[0].lower_ in word_lists()["definite"] or span[0].lower_ in ("un", "una", "uno", "un'", "un’") else 0)
            blocked.update(range(head + 1, span.end))
        if m.get("excluded"):
            continue
        if span.start > 0 and doc[span.start - 1].lower_ in product_nouns:
            continue
        if len(span.text.strip()) < 2 or re.search(r"[$€£¥]", span.text):
            continue  # "R$" in "105,2 miliardi di R$" is a currency, not a company
        if m.get("source") == "ner" and len(span) == 1 and _is_deal_word(span[0]):
            continue  # "Salta invece il contratto": a capitalised deal word read as a name
        if m.get("source") == "ner" and len(span) == 1 and span[0].pos_ in _NOT_A_NAME_POS:
            continue  # "Complessivamente, sono state 11 le aziende": a capitalised adverb read as a name
        words = [t.lower_ for t in span if t.lower_ not in word_lists()["definite"]]
        if len(words) == 1 and words[0] in _STAND_IN_HEADS and m.get("source") == "ner":
            continue  # "il Gruppo": a generic head stands in for the main party (see _stand_in), it is no name
        if _source_or_advisor(doc, span) or m.get("kind") == "regulator":
            continue  # regulators approve deals; they are not their parties
        if m.get("label") == "PER" and (_holds_a_post(doc, span) or _listed_after(doc, span, post_holders)):
            post_holders.append(span)
            continue
        canonical, label = m.get("canonical") or m.get("text") or span.text, m.get("label", "ORG")
        led = m.get("role_of")
        if label == "PER" and led in named and not all(named[led]):
            canonical, label = led, "ORG"  # "Scaroni vedrebbe di buon occhio...": the executive acts for his company
        out.append(Mention(m.get("text") or span.text, m["start"], m["end"], span.start, span.end,
                           canonical, label, m.get("source", "ner"), m.get("kind")))
    out.sort(key=lambda x: x.start)
    return out, blocked


_NOT_A_NAME_POS = {"ADV", "ADJ", "VERB", "AUX", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "NUM"}


def _is_deal_word(token) -> bool:
    word = token.lower_
    if any(rule.surface is not None and rule.surface.fullmatch(word) for rule in trigger_rules()):
        return True
    return any(rule.pattern.fullmatch(word) for rule in status_rules())


def _holds_a_post(doc: Doc, span: Span) -> bool:
    """'Jensen Huang, CEO di Nvidia', 'l'azienda guidata da Sam Altman': the person is not a party."""
    posts = word_lists()["person_posts"]
    sent_start = span.sent.start if doc.has_annotation("SENT_START") else 0
    window = list(doc[max(sent_start, span.start - 6):span.start]) + list(doc[span.end:span.end + 4])
    return any(t.lower_ in posts for t in window)


def _source_or_advisor(doc: Doc, span: Span) -> bool:
    lists = word_lists()
    before = [t.lower_ for t in doc[max(0, span.start - 3):span.start]]
    if before and (before[-1] in lists["source_cues"] or (len(before) >= 2 and before[-2] in lists["source_cues"]
                                                         and before[-1] in ("il", "la", "lo", "l'", "l’", "i"))):
        return True
    after = []
    for t in doc[span.end:span.end + 8]:
        if t.text in (".", ";", "!", "?"):
            break  # the next sentence says nothing about this name
        if not t.is_punct:
            after.append(t.lower_)
    # "Mediobanca, advisor di Alfa" / "Lazard ha assistito Alfa" — but "Alfa è assistita da Lazard" is the client
    return any(w in lists["advisor_cues"] and not (k and after[k - 1] in lists["passive_aux"])
               for k, w in enumerate(after[:4]))


def _listed_after(doc: Doc, span: Span, holders: list[Span]) -> bool:
    """'creata da Alberto Dalmasso, Dario Brignone e Samuele Pinta': the whole list holds the post."""
    if not holders:
        return False
    prev = holders[-1]
    gap = doc[prev.end:span.start]
    return len(gap) <= 2 and all(t.text in (",", "e", "ed") for t in gap)


def _in(items: list[dict], lo: int, hi: int) -> list[dict]:
    return [x for x in items or [] if x.get("start") is not None and lo <= x["start"] < hi]


MIN_DEAL_VALUE = 10_000  # smaller sums are prices per share or per unit, not deal values


def _non_deal(doc: Doc, amount: dict) -> Optional[str]:
    if float(amount.get("value") or 0) < MIN_DEAL_VALUE:
        return "small"
    before = text_of(doc)[max(0, amount["start"] - 60):amount["start"]]
    before = before.split(".")[-1]  # never look across a full stop
    before_words = " ".join(before.split()[-6:])
    after = text_of(doc)[amount["end"]:amount["end"] + 30]
    for kind, pat_before, pat_after in non_deal_cues():
        if pat_before is not None and pat_before.search(before_words):
            return kind
        if pat_after is not None and pat_after.search(after):
            return kind
    return None


def _conversion(doc: Doc, amount: dict) -> bool:
    """'€1,25 miliardi ($1,375 miliardi)', '20 miliardi di euro (105,2 miliardi di R$)': a bracketed equivalent."""
    before = text_of(doc)[max(0, amount["start"] - 3):amount["start"]]
    if "(" not in before:
        return False
    return any(0 <= amount["start"] - a["end"] <= 4 for a in doc._.amounts or [] if a is not amount)


def _nearest(items: list[dict], t_start: int, t_end: int) -> Optional[dict]:
    def dist(x):
        if x["start"] >= t_end:
            return x["start"] - t_end
        return (t_start - x["end"]) * 1.3 + 5  # before the trigger: slightly less likely
    return min(items, key=dist) if items else None


def _bracketed(doc: Doc, m: Mention, floor: int) -> bool:
    """'Postepay (società controllata da Poste Italiane)': a name inside brackets describes another."""
    for k in range(m.tok_start - 1, max(floor, m.tok_start - 10) - 1, -1):
        if doc[k].text == ")":
            return False
        if doc[k].text == "(":
            return True
    return False


def _clause_break(doc: Doc, start: int, end: int) -> int:
    """First clause break after a trigger (a comma, colon, dash or bracket more than two words on)."""
    depth = 0
    aside = start < end and doc[start].text == ","  # "acquistare, da Yahoo, il portale Aol": an aside, not a break
    for k in range(start, end):
        text = doc[k].text
        if aside and k > start and text == ",":
            aside = False
            continue
        if text == "(":
            depth += 1
        elif text == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and k >= start + 2 and text in (",", ";", ":", "–", "—", "«", "»"):
            return k
    return end


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


def _coordinated(doc: Doc, ms: list[Mention], first: Mention, forward: bool, limit: int,
                 skip: frozenset = frozenset()) -> list[Mention]:
    """'X e Y', 'X, Y e Z', 'tra X e Y' starting from ``first``; tokens in ``skip`` (relative asides) are passed over."""
    chain = [first]
    others = [m for m in ms if (m.tok_start >= first.tok_end if forward else m.tok_end <= first.tok_start)]
    others.sort(key=lambda m: m.tok_start, reverse=not forward)
    cur = first
    for m in others:
        gap = doc[cur.tok_end:m.tok_start] if forward else doc[m.tok_end:cur.tok_start]
        words = _drop_brackets([t.lower_ for t in gap if t.i not in skip])
        simple = len(words) <= 3 and words and all(w in _LIST_GLUE for w in words)
        # "Draka e nel 2018 l'americana General Cable": a list item may carry its own date and epithet.
        loose = (forward and 2 <= len(words) <= 6 and words[0] in ("e", "ed") and
                 all((w.isalpha() and w.islower()) or w.isdigit() or w in ("l'", "l’") for w in words))
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
    lists = word_lists()
    k = trig.start - 1
    while k >= sent.start and doc[k].lower_ in ("ultima", "ultimo", "stessa", "stesso", "nuova", "nuovo", "intera", "intero"):
        k -= 1
    if k >= sent.start and doc[k].lower_ in lists["anaphoric"]:
        return "demonstrative"
    if k >= sent.start and doc[k].lower_ in lists["definite"]:
        return "definite"
    return ""


_ASIDE_OPENER = re.compile(r"^(?:(?:nella|nel|nelle|nei|in|alla|al|alle|ai|a|ad|dalla|dal|da|con|della|del|di|sulla|sul|su|per)"
                           r"(?: (?:la|il|le|i|gli|l[’']))? )?(?:cui|quale|quali)\b|^(?:che|il cui|la cui|i cui|le cui)\b", re.I)


def _relative_asides(doc: Doc, sent: Span, name_ends: set[int], trigger_starts: set[int]) -> list[tuple[int, int, str]]:
    """Token ranges [comma, closing comma or sentence end) of relative clauses (', con cui Beta ha un accordo,')
    and of appositions after a name (', la joint venture tra Thales e Leonardo che ...,'), with their kind."""
    out = []
    for k in range(sent.start, sent.end - 2):
        if doc[k].text != ",":
            continue
        relative = _ASIDE_OPENER.match(doc[k + 1:min(k + 5, sent.end)].text)
        apposition = k - 1 in name_ends and doc[k + 1].lower_ in ("il", "la", "lo", "l'", "l’")
        if not (relative or apposition):
            continue
        j = k + 1
        while j < sent.end and doc[j].text not in (",", ";", ":", "(", ")"):
            j += 1
        if relative and (j == sent.end or doc[j].text == ","):
            out.append((k, j, "relative"))
        elif apposition and j < sent.end and doc[j].text == "," and any(k < t < j for t in trigger_starts):
            out.append((k, j, "apposition"))  # only an apposition that tells a deal of its own matters here
    return out


def build(doc: Doc) -> list[Draft]:
    mentions, blocked = _mentions(doc)
    drafts: list[Draft] = []
    touched: list[int] = []  # draft indices, most recent last
    claimed_amounts: set[int] = set()
    sents = segments(doc)
    triggers_of = [T.find(doc, sent, blocked) for sent in sents]
    taken = {k for m in mentions for k in range(m.tok_start, m.tok_end)}
    for a, b in C.object_names(doc, triggers_of, sents, taken, blocked, frozenset(_STAND_IN_HEADS)):
        name = C.span_text_of(doc, a, b)
        mentions.append(Mention(name, doc[a].idx, doc[a].idx + len(name), a, b, name, "ORG", "deal_object", None))
    mentions.sort(key=lambda x: x.start)
    for s_index, sent in enumerate(sents):
        triggers = triggers_of[s_index]
        if not triggers:
            if touched:
                _continuation(doc, drafts[touched[-1]], sent, s_index, claimed_amounts, mentions)
            continue
        ms_sent = [m for m in mentions if sent.start <= m.tok_start < sent.end]
        asides = _relative_asides(doc, sent, {m.tok_end - 1 for m in ms_sent}, {t.start for t in triggers})
        aside_of = [next((a for a in asides if a[0] < trig.start < a[1]), None) for trig in triggers]
        skip_of = [{k for a in asides if a != aside_of[i] for k in range(a[0], a[1])} for i in range(len(triggers))]
        bounds = []
        for i, trig in enumerate(triggers):
            # a trigger inside a relative aside ends with it; one outside is not bounded by triggers inside one
            later = [t for j, t in enumerate(triggers) if j > i and aside_of[j] in (None, aside_of[i])]
            right = later[0].start if later else sent.end
            if aside_of[i] is not None:
                right = min(right, aside_of[i][1])
            bounds.append(right)
        objects_of: dict[int, list[Mention]] = {}
        for i, trig in enumerate(triggers):
            right = bounds[i]
            ms = [m for m in ms_sent if m.tok_start not in skip_of[i]]
            brk = _clause_break(doc, trig.head_end, right)
            after = [m for m in ms if trig.head_end <= m.tok_start < min(right, brk)]
            objs = []
            if after and after[0].tok_start - trig.head_end <= OBJECT_WINDOW:
                objs = _coordinated(doc, ms, after[0], True, right, skip_of[i])
            objects_of[i] = objs
        all_objects = {id(m) for objs in objects_of.values() for m in objs}
        n_trig = len(triggers)
        for trig in triggers:
            if trig.rule.money_generic and _sum_follows(doc, trig):
                trig.generic = True
        for i, trig in enumerate(triggers):
            ms = [m for m in ms_sent if m.tok_start not in skip_of[i]]
            earlier = [t for j, t in enumerate(triggers[:i]) if aside_of[j] in (None, aside_of[i])]
            left = earlier[-1].end if earlier else sent.start
            right = bounds[i]
            zone_chars = (doc[left].idx if left < len(doc) else sent.end_char,
                          doc[right - 1].idx + len(doc[right - 1]) if right > left else sent.end_char)
            if n_trig == 1:
                zone_chars = (sent.start_char, sent.end_char)
            objs = objects_of[i]
            prev_objs = {id(m) for m in objects_of.get(i - 1, [])}
            subj_ids = R.dep_subjects(doc, trig.start)
            before = [m for m in ms if left <= m.tok_start and m.tok_end <= trig.start
                      and trig.start - m.tok_end <= SUBJECT_WINDOW and id(m) not in prev_objs]
            if aside_of[i] is not None and aside_of[i][2] == "apposition":
                before = [m for m in before if m.tok_start > aside_of[i][0]]  # the name described is not a party
            main = [m for m in before if not _in_aside(doc, m, trig.start, sent.start)]
            before = main or before
            surface_before = list(before)
            by_syntax = False
            if subj_ids:
                # The parse prunes the surface candidates ("il fondo, il cui nome ... di X, presenterà"),
                # or supplies a subject the surface reading missed.
                syn = [m for m in ms if m.tok_start in subj_ids and id(m) not in all_objects]
                agreed = [m for m in before if m in syn]
                if agreed:
                    keep = set(id(m) for m in agreed)
                    for m in agreed:  # "OpenAI e Microsoft hanno...": a parse may keep only one conjunct
                        keep.update(id(x) for x in _coordinated(doc, before, m, False, sent.start))
                        keep.update(id(x) for x in _coordinated(doc, before, m, True, trig.start))
                    for m in before:  # "insieme alla tedesca Rheinmetall": a co-subject the parse leaves out
                        prep = R.preposition(doc, m.tok_start, sent.start, strict=True)
                        if prep == "con" or _dative(doc, m, trig) or _own_slot(prep, trig):
                            keep.add(id(m))
                    before, by_syntax = [m for m in before if id(m) in keep], True
                elif syn and not before:
                    before, by_syntax = syn, True
            borrowed = stood_in = False
            symmetric = trig.deal_type in ("partnership", "joint_venture", "merger") and len(objs) >= 2
            if not before and i > 0 and not symmetric:
                earlier = [m for m in ms if m.tok_end <= trig.start and id(m) not in all_objects]
                earlier = earlier or [m for m in ms if m.tok_end <= trig.start and m not in objs]
                if earlier:
                    before, borrowed = [earlier[-1]], True
            slots: list[Slot] = []
            floor = sent.start
            relative = ((aside_of[i] is not None and _aside_relative(doc, trig, aside_of[i], ms))
                        or _relative_object(doc, trig, surface_before))
            if relative is not None:
                antecedent, prep, subject = relative
                before = [subject] if subject is not None else []
                slots.append(Slot(antecedent, prep))
            for m in before:
                prep = R.preposition(doc, m.tok_start, floor, strict=True)
                if _dative(doc, m, trig):
                    slots.append(Slot(m, "a"))  # "Cdp ha concesso ad Acque Padane un finanziamento"
                elif _own_slot(prep, trig):
                    slots.append(Slot(m, prep))  # "ha ottenuto da Mediobanca una linea di credito"
                elif by_syntax or borrowed or prep in (None, "di", "con", "guidato", "tra"):
                    slots.append(Slot(m, "subj", by_syntax))
                # other parties before the trigger ("destinati ad Amazon") belong to another clause
            if not any(s.slot == "subj" for s in slots) and (objs or trig.single_ok):
                stand_in = _stand_in(doc, trig, left, sent, mentions, {m.canonical for m in objs})
                if stand_in is not None:
                    slots.append(Slot(stand_in, "subj"))
                    stood_in = True
            first_prep = None
            for k, m in enumerate(objs):
                prep = R.preposition(doc, m.tok_start, floor)
                if k == 0:
                    first_prep = prep
                elif prep is None:
                    prep = first_prep  # "un prestito da Bnp-Bnl e Rabobank": conjuncts share the preposition
                slots.append(Slot(m, prep or "obj"))
            # Further objects with their own preposition: "cessione del 10% di X a Y", "acquistare, da Y, X".
            taken = {R.role_for(trig.roles, s.slot, False, None, trig.deal_type) for s in slots}
            for m in ms:
                if (m in objs or not (trig.head_end <= m.tok_start < min(right, brk))
                        or m.tok_start - trig.end > 2 * OBJECT_WINDOW or _bracketed(doc, m, sent.start)):
                    continue
                prep = R.preposition(doc, m.tok_start, floor)
                if trig.end > trig.head_end and 0 <= m.tok_start - trig.end <= 2 and not (
                        prep and m.tok_start - trig.end >= 1 and doc[m.tok_start - 1].lower_ in word_lists()["prepositions"]):
                    prep = "obj"  # "una trattativa con X per rilevare Y": Y is the object of the specific word
                if prep and prep in trig.roles and trig.roles[prep] not in taken and trig.roles[prep] != "partner":
                    slots.append(Slot(m, prep))
                    taken.add(trig.roles[prep])
            if not slots and trig.deal_type in ("partnership", "joint_venture", "merger"):
                slots = _pair_anaphor(doc, trig, left, drafts, touched, mentions)
            if trig.deal_type == "joint_venture":
                slots = _parents_in_name(slots, ms_all=mentions)
            if trig.deal_type == "investment":
                slots += _listed_investors(doc, trig, sent, ms, slots, right)
            if "acquisto_beni" in trig.ids:
                slots += _maker_of_goods(doc, trig, slots)
            canon = {s.mention.canonical for s in slots}
            if len(canon) < 2 and not trig.generic:
                extra = [m for m in ms if trig.end <= m.tok_start < right and m.canonical not in canon
                         and not _bracketed(doc, m, sent.start)]
                for m in extra[:2]:
                    slots.append(Slot(m, R.preposition(doc, m.tok_start, floor) or "obj"))
                    canon.add(m.canonical)
                    if len(canon) >= 2:
                        break
            anaph = _is_anaphoric(doc, trig, sent)
            known = drafts[touched[-1]].canon() if touched else frozenset()
            new_parties = {c for c in canon if c not in known}
            if (anaph == "definite" and touched and not any(m.tok_start < trig.start for m in ms)
                    and not _close_object(doc, trig, objs, floor)):
                new_parties = set()  # "L'intesa, che ... dell'azienda guidata da X": X is not its party
            # "Il fondo ha versato 587 milioni": a generic payment word naming one known party adds to its deal.
            repeat_of_known = trig.generic and len(canon) <= 1 and canon and not new_parties
            # "Sky pagherà i restanti 200": a generic word between parties of a deal already told adds to it.
            holder = _holder(drafts, touched, canon, s_index) if trig.generic and not _is_indefinite(doc, trig, sent) else None
            if holder is not None and len(canon) >= 2:
                _attach(doc, drafts[holder], trig, sent, zone_chars, _evidence(doc, sent), claimed_amounts,
                        follow_up=True, s_index=s_index)
                touched.append(holder)
                continue
            # "è stata fondata la joint venture Lrmv": a definite trigger naming a new entity right after it
            names_new = bool(objs) and objs[0].tok_start == trig.head_end and objs[0].canonical not in known
            points_back = trig.anaphor_only or anaph == "demonstrative" or repeat_of_known or (
                not canon and trig.generic) or (
                anaph == "definite" and not new_parties and not trig.single_ok and not names_new) or (
                not canon and anaph == "definite")
            sentence_span = _evidence(doc, sent)
            if points_back:
                target = _anaphora_target(drafts, touched, trig, s_index)
                if target is not None:
                    told = drafts[target]
                    if told.generic and not (trig.generic or trig.anaphor_only):
                        # "un accordo con Lunaria Energia, che diventa il nuovo main sponsor": the specific word
                        # says what kind of agreement it is, and its subject which side
                        told.deal_type, told.generic = trig.deal_type, False
                        _recast_partners(told, trig, [s.mention.canonical for s in slots if s.slot == "subj"])
                    _attach(doc, told, trig, sent, zone_chars, sentence_span, claimed_amounts, follow_up=True, s_index=s_index)
                    touched.append(target)
                    continue
                if canon:
                    continue
            if not canon:
                # "Ha finalizzato l'acquisizione del marchio per 1,2 miliardi": no name yet; the next
                # mention of this kind of deal, a sentence or two on, names the parties.
                if not trig.generic and not trig.anaphor_only and _in(doc._.amounts, *zone_chars):
                    pending = Draft(trig.deal_type, trig.ids, trig.strength, trig.single_ok)
                    pending.status, pending.status_how = S.decide(doc, sent, doc[trig.start].idx, zone_chars,
                                                                  R.is_perfect(doc, trig.start, sent.start), trig.deal_type)
                    pending.signals = {"strength": trig.strength, "n_triggers": n_trig, "mentions": 1,
                                       "trigger_char": doc[trig.start].idx}
                    _attach(doc, pending, trig, sent, zone_chars, sentence_span, claimed_amounts,
                            follow_up=False, s_index=s_index)
                    drafts.append(pending)
                    touched.append(len(drafts) - 1)
                continue
            if trig.rule.orgs_only:
                slots = [s for s in slots if s.mention.label != "PER"]
            if trig.rule.requires and not any(s.slot in trig.rule.requires for s in slots):
                continue
            passive = R.is_passive(doc, trig.start, sent.start)
            perfect = R.is_perfect(doc, trig.start, sent.start)
            draft = Draft(trig.deal_type, trig.ids, trig.strength, trig.single_ok, generic=trig.generic,
                          indefinite=_is_indefinite(doc, trig, sent), definite=anaph in ("definite", "demonstrative"))
            for s in slots:
                m = s.mention
                role = R.role_for(trig.roles, s.slot, passive, m.kind, trig.deal_type)
                if m.canonical in draft.parties:
                    continue
                draft.parties[m.canonical] = {"role": role, "start": m.start, "end": m.end,
                                              "slot": s.slot, "source": m.source, "label": m.label,
                                              "kind": m.kind}
            if _receiving(doc, trig, left):
                # "Beta ha ricevuto un'offerta da Alfa": who receives a bid owns or is what is sold
                sold = "seller" if any(p["role"] == "target" for p in draft.parties.values()) else "target"
                for p in draft.parties.values():
                    if p["slot"] == "subj":
                        p["role"] = {"lender": "borrower", "investor": "investee", "buyer": sold}.get(p["role"], p["role"])
            _fix_roles(draft)
            trig_char = doc[trig.start].idx
            status_zone = zone_chars
            if doc[trig.start].lower_.endswith(("ando", "endo")):  # a gerund takes the tense of its clause
                status_zone = (sent.start_char, zone_chars[1])
            draft.status, draft.status_how = S.decide(doc, sent, trig_char, status_zone, perfect, trig.deal_type)
            if ("memorandum" in trig.ids and set(trig.ids) - {"memorandum", "accordo"} and draft.status in ("signed", "announced")
                    and not _BINDING.search(span_text(sent))):
                draft.status = "negotiating"  # an MoU "per fondere / per acquisire": the deal itself is still open
            draft.signals = {
                "strength": trig.strength,
                "generic": trig.generic,
                "by_syntax": by_syntax,
                "n_triggers": n_trig,
                "single_ok": trig.single_ok,
                "explicit_slots": sum(1 for s in slots if s.slot not in ("obj", "extra")),
                "sources": sorted({s.mention.source for s in slots}),
                "mentions": 1,
                "stand_in": stood_in,
                "trigger_char": trig_char,
                "passive": passive,
                "perfect": perfect,
            }
            _attach(doc, draft, trig, sent, zone_chars, sentence_span, claimed_amounts, follow_up=False, s_index=s_index)
            merged = _merge_into(drafts, draft)
            if merged is None:
                drafts.append(draft)
                touched.append(len(drafts) - 1)
            else:
                touched.append(merged)
    _lend_targets(drafts, mentions)
    kept = _fold_headline([d for d in drafts if _keep(d)], sents)
    _hand_over_amounts(drafts, kept)
    return C.split_targets(kept)


def _fold_headline(drafts: list[Draft], sents: list[Span]) -> list[Draft]:
    """'Ritorno di fiamma tra X e Y' as a title, then 'X avrebbe riaperto il dossier per rilevare Y': a title
    that only names a deal the article then tells, with no state of its own, is that deal."""
    if not sents or span_text(sents[0]).rstrip().endswith((".", "!", "?", ";")):
        return drafts
    out = []
    for d in drafts:
        # same kind of deal, or a title's vague "accordo" / "ritorno di fiamma" (partnership) for any kind
        told = [o for o in drafts if o is not d and d.canon() <= o.canon() and o.sentences
                and min(x[2] for x in o.sentences) > 0 and d.deal_type in (o.deal_type, "partnership")]
        if d.status_how == "default" and d.sentences and all(x[2] == 0 for x in d.sentences) and told:
            told[0].sentences.insert(0, d.sentences[0])
            continue
        out.append(d)
    return out


def _hand_over_amounts(drafts: list, kept: list) -> None:
    """'X aveva investito 1,5 miliardi per rilevare il 25% di Y': the verb holding the sum names one party only and
    is dropped; the sum goes to the deal of the same sentence that has the same party and no sum of its own."""
    kept_ids = {id(k) for k in kept}
    for d in drafts:
        if id(d) in kept_ids or d.amount is None or not d.parties:
            continue
        where = {s for _, _, s in d.sentences}
        for k in kept:
            if (k.amount is None and where & {s for _, _, s in k.sentences}
                    and set(d.parties) <= set(k.parties)):
                k.amount = d.amount
                break


_ABBREV_END = re.compile(r"(?:\b[A-Za-z]\.|\b(?:Corp|Inc|Ltd|Co|Spa|spa|mld|mln|mrd|min|Mr|Dott|Sig|ecc|n|nr|art|St)\.)\s*$")


_SENTENCE_END = re.compile(r"[.!?…:;][\"”»’')\]]*$|[\"”»]$")


def _hard_breaks_in(text: str, lo: int, hi: int, soft: frozenset) -> bool:
    return any(i not in soft for i in range(lo, hi) if text[i] == "\n")


def _sentences(doc: Doc, soft: frozenset) -> list[Span]:
    """doc.sents with splits after abbreviations and inside hard-wrapped lines undone ('Enel S.p.A.',
    'Nvidia Corp.', '3 mld. di euro'); ``soft``: offsets of line breaks inside sentences."""
    merged: list[list[int]] = []
    text_all = text_of(doc)
    for sent in doc.sents:
        text = span_text(sent).strip()
        if merged:
            prev = span_text(doc[merged[-1][0]:merged[-1][1]]).rstrip()
            last = doc[merged[-1][1] - 1]
            hard = _hard_breaks_in(text_all, last.idx, sent.start_char, soft)
            unfinished = not _SENTENCE_END.search(prev) and not hard
            if _ABBREV_END.search(prev) or (text[:1].islower()) or re.match(r"^[A-Z]\.\s", text) or unfinished:
                merged[-1][1] = sent.end
                continue
        merged.append([sent.start, sent.end])
    return [doc[a:b] for a, b in merged]


def segments(doc: Doc) -> list[Span]:
    """Sentences, also cut at line breaks (headlines and captions rarely end with a full stop), except line
    breaks inside a sentence of hard-wrapped copy."""
    text = text_of(doc)
    soft = soft_breaks(text)
    out = []
    for sent in _sentences(doc, soft):
        start = sent.start
        for tok in sent:
            if "\n" in tok.text and tok.is_space:
                if not _hard_breaks_in(text, tok.idx, tok.idx + len(tok.text), soft):
                    continue
                if tok.i > start:
                    out.append(doc[start:tok.i])
                start = tok.i + 1
            elif "\n" in tok.whitespace_ and tok.i + 1 > start:
                if not _hard_breaks_in(text, tok.idx + len(tok.text), tok.idx + len(tok.text_with_ws), soft):
                    continue
                out.append(doc[start:tok.i + 1])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    return [s for s in out if span_text(s).strip()]


_STAND_IN_HEADS = {"azienda", "società", "gruppo", "colosso", "compagnia", "holding", "big", "startup", "banca",
                   "fondo", "casa", "multinazionale", "player", "operatore", "realtà", "multiutility", "utility",
                   "scale-up", "scaleup", "istituto", "maison", "club"}


_ASIDE_CUE = re.compile(r"\b(che|cui|quale|quali|controllat[oaie]|guidat[oaie]|fondat[oaie]|partecipat[oaie]|tra cui|come)\b", re.I)


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
    others = {}
    for m in ms_all:
        if m.source not in ("epithet", "description", "coref") and m.start < (slots[0].mention.start if slots else 0):
            others.setdefault(m.canonical, m)
    out = []
    for s in slots:
        words = s.mention.text.split()
        parents = [others[c] for c in others if c != s.mention.canonical
                   and len(others[c].text.split()[0]) >= 4 and others[c].text.split()[0] in words[:-1]]
        if len(parents) >= 2:
            out.extend(Slot(p, "con") for p in parents)
        else:
            out.append(s)
    return out


_INVESTOR_LIST = re.compile(r"\b(partecipat[oaie]|con la partecipazione d\w*|partecipano|investitori|guidat[oa] da|co-?investitori|hanno aderito|sottoscritt[oaie] da)\b", re.I)


def _listed_investors(doc: Doc, trig, sent: Span, ms: list[Mention], slots: list[Slot], right: int) -> list[Slot]:
    """'un round da 15 milioni: avevano partecipato Iccrea Banca, Endeavor Catalyst, ...': the listed investors."""
    end_char = doc[right - 1].idx + len(doc[right - 1]) if right > trig.end else sent.end_char
    tail = text_of(doc)[doc[trig.end - 1].idx:end_char]
    cue = _INVESTOR_LIST.search(tail)
    if cue:
        start = doc[trig.end - 1].idx + cue.end()
    elif _INVESTOR_LIST.search(text_of(doc)[sent.start_char:doc[trig.start].idx]):
        start = doc[trig.end - 1].idx  # "Tra gli investitori che hanno partecipato al round ... figurano X e Y"
    else:
        return []
    have = {s.mention.canonical for s in slots}
    out = []
    for m in ms:
        if start <= m.start < end_char and m.canonical not in have and not _bracketed(doc, m, sent.start):
            out.append(Slot(m, "da"))
            have.add(m.canonical)
    return out


_RELATIVE = re.compile(r"(?:^|\s)(nella|nel|nelle|nei|in|alla|al|alle|ai|a|dalla|dal|da|con la|con il|con|della|del|di|sulla|sul|su) (quale|quali|cui)\s", re.I)


def _relative_object(doc: Doc, trig, before: list[Mention]):
    """'Amazon è il finanziatore di Anthropic, rivale di OpenAI, nella quale ha investito': the relative
    pronoun stands for the deal's object (Anthropic); the clause's subject is the party before it (Amazon)."""
    if not before:
        return None
    last = before[-1]
    between = text_of(doc)[last.end:doc[trig.start].idx]
    rel = _RELATIVE.search(between)
    if not rel:
        return None
    prep = word_lists()["prepositions"].get(rel.group(1).split()[-1].lower(), rel.group(1).split()[0].lower())
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


_PAIR = re.compile(r"\b(le due|i due|gli stessi|le stesse|entrambe le|entrambi i)( \w+)?"
                   r" (società|gruppi|istituti|aziende|banche|compagnie|colossi|partner|multiutility|utility|big)\b", re.I)


def _pair_anaphor(doc: Doc, trig, left: int, drafts: list, touched: list, mentions: list[Mention]) -> list[Slot]:
    """'I due istituti starebbero studiando una fusione': the pair is the last deal's two parties."""
    lo = max(left, trig.start - SUBJECT_WINDOW)
    if not touched or not _PAIR.search(doc[lo:trig.start].text):
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
    opener = doc[aside[0] + 1:min(aside[0] + 5, aside[1])]
    first = opener[0].lower_
    subject = next((m for m in ms if aside[0] < m.tok_start and m.tok_end <= trig.start), None)
    antecedent = next((m for m in reversed(ms) if m.tok_end <= aside[0]), None)
    if antecedent is None or doc[antecedent.tok_end:aside[0]].text.strip():
        return None
    if first == "che" and subject is None:
        return antecedent, "subj", None
    if subject is None or first in ("che", "il", "la", "i", "le"):
        return None
    prep = "a" if first in ("cui", "quale", "quali") else word_lists()["prepositions"].get(first, first)
    return antecedent, prep, subject


def _maker_of_goods(doc: Doc, trig, slots: list[Slot]) -> list[Slot]:
    """'acquistare servizi Azure': the maker of the product bought is the provider."""
    have = {s.mention.canonical for s in slots}
    for m in doc._.party_mentions or []:
        if m.get("excluded") != "product" or not m.get("canonical") or m["canonical"] in have:
            continue
        span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
        if span is not None and 0 <= span.start - trig.end <= 3 and m["canonical"] != m.get("text"):
            maker = Mention(m["text"], m["start"], m["end"], span.start, span.end, m["canonical"], "ORG",
                            m.get("source", "gazetteer"), m.get("kind"))
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
    while k > 0 and doc[k].lower_ in ("il", "la", "lo", "l'", "l’", "i", "gli", "le"):
        k -= 1
    return (k > 0 and word_lists()["prepositions"].get(doc[k].lower_) == "a"
            and doc[k - 1].lower_ in word_lists()["giving_verbs"])


def _receiving(doc: Doc, trig, left: int) -> bool:
    """'Beta ha ottenuto un finanziamento', 'Beta ha firmato un prestito': the subject receives the money."""
    verbs = word_lists()["receiving_verbs"]
    if trig.deal_type == "financing":
        verbs = verbs | word_lists()["borrowing_verbs"]
    return any(doc[k].lower_ in verbs for k in range(max(left, trig.start - 9), trig.start))


def _stand_in(doc: Doc, trig, left: int, sent: Span, mentions: list[Mention], exclude: set) -> Optional[Mention]:
    """'l'azienda si è impegnata a spendere...': a generic noun as subject stands for the article's main party."""
    lo = max(left, trig.start - SUBJECT_WINDOW)
    heads = [t for t in doc[lo:trig.start] if t.lower_ in _STAND_IN_HEADS and t.i > sent.start
             and doc[t.i - 1].lower_ in ("l'", "l’", "la", "il", "lo")]
    if not heads:
        return None
    club = any(t.lower_ == "club" for t in heads)
    if club:  # "il club" is a sports club, not the arena or the sponsor
        words = word_lists()["club_words"]
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


def _evidence(doc: Doc, sent: Span) -> tuple[int, int]:
    text = span_text(sent)
    lead = len(text) - len(text.lstrip())
    return sent.start_char + lead, sent.start_char + len(text.rstrip())


_NOT_A_TERM_BEFORE = re.compile(r"\b(da|dopo|oltre|tra|fra|in|entro|ultimi|scorsi|negli ultimi|di poco più di|poco più di)\s*$", re.I)
_NOT_A_TERM_AFTER = re.compile(r"^\s*(fa|prima|dopo|dalla|dal|dall[’'])\b", re.I)


def _deal_term(doc: Doc, duration: dict) -> bool:
    """'per sette anni', 'della durata di 15 anni' are terms; 'due anni fa', 'in tre mesi', 'dopo due anni' are not."""
    before = text_of(doc)[max(0, duration["start"] - 25):duration["start"]]
    after = text_of(doc)[duration["end"]:duration["end"] + 12]
    return not (_NOT_A_TERM_BEFORE.search(before) or _NOT_A_TERM_AFTER.search(after))


def _dateline(doc: Doc, date: dict) -> bool:
    """The ' date YYYY-MM-DD' stamp some page stores put before the text is no date of the deal."""
    return bool(re.match(r"^\s*date\s*$", text_of(doc)[:date["start"]]))


def _sum_follows(doc: Doc, trig) -> bool:
    after = doc[trig.end].idx if trig.end < len(doc) else len(text_of(doc))
    return any(after <= a["start"] <= after + 12 for a in doc._.amounts or [])


def _holder(drafts, touched, canon: set, s_index: int) -> Optional[int]:
    seen = []
    for idx in reversed(touched):
        if idx in seen:
            continue
        seen.append(idx)
        d = drafts[idx]
        if canon <= set(d.parties) and d.sentences and s_index - d.sentences[-1][2] <= ANAPHORA_REACH:
            return idx
        if len(seen) >= 3:
            break
    return None


def _anaphora_target(drafts, touched, trig, s_index) -> Optional[int]:
    if not touched:
        return None
    recent = []
    for idx in reversed(touched):
        if idx not in recent:
            recent.append(idx)
        if len(recent) >= 3:
            break
    last_sentence = drafts[recent[0]].sentences[-1][2] if drafts[recent[0]].sentences else -99
    if s_index - last_sentence > ANAPHORA_REACH:
        return None
    if not trig.generic and not trig.anaphor_only:
        for idx in recent:
            if drafts[idx].deal_type == trig.deal_type:
                return idx
    return recent[0]


def _attach(doc, draft: Draft, trig, sent, zone, evidence, claimed: set, follow_up: bool, s_index: int) -> None:
    lo, hi = zone
    t_start = doc[trig.start].idx
    if follow_up:  # a pointing-back sentence lends only what sits near its trigger
        lo, hi = max(lo, t_start - FOLLOW_UP_REACH), min(hi, t_start + FOLLOW_UP_REACH)
    t_end = doc[trig.end - 1].idx + len(doc[trig.end - 1])
    if all(evidence[0] != a for a, _, _ in draft.sentences):
        draft.sentences.append((evidence[0], evidence[1], s_index))
    prices = _in(doc._.prices, lo, hi)
    price_ranges = [(p["start"], p["end"]) for p in prices]
    if draft.amount is None:
        amounts = [a for a in _in(doc._.amounts, lo, hi) if a["start"] not in claimed
                   and not any(ps <= a["start"] < pe for ps, pe in price_ranges) and not _non_deal(doc, a)
                   and not _conversion(doc, a)]
        totals = [a for a in amounts if _TOTAL_CUE.search(text_of(doc)[max(lo, a["start"] - 50):a["start"]])]
        best = _nearest(totals or amounts, t_start, t_end)
        if best is not None:
            draft.amount = best
            claimed.add(best["start"])
            draft.signals["amount_follow_up"] = follow_up
    if draft.stake is None:
        draft.stake = _nearest(_in(doc._.stakes, lo, hi), t_start, t_end)
    if draft.price is None:
        draft.price = _nearest(prices, t_start, t_end)
    if draft.duration is None:
        durations = [d for d in _in(doc._.durations, lo, hi) if d.get("iso") and _deal_term(doc, d)]
        draft.duration = _nearest(durations, t_start, t_end)
    for d in _in(doc._.dates, lo, hi):
        if d.get("value") and all(d["start"] != x["start"] for x in draft.dates) and not _dateline(doc, d):
            draft.dates.append(d)
    if follow_up:
        # A denial in a later sentence ends the deal; hearsay about a detail ("secondo fonti, l'offerta
        # ammonterebbe a...") does not turn a told deal into a rumour.
        if S.cue_status(doc, sent) == "cancelled":
            draft.status, draft.status_how = "cancelled", "cue"
        elif draft.status_how == "default":
            # a headline with no state ("Eni accelera sulle cessioni: a Kkr un altro 5%") takes the state the
            # story then tells ("Eni ha perfezionato la cessione ...")
            status, how = S.decide(doc, sent, t_start, zone, R.is_perfect(doc, trig.start, sent.start), draft.deal_type)
            if how == "cue" and status != "rumored":
                draft.status, draft.status_how = status, how
        draft.signals["follow_ups"] = draft.signals.get("follow_ups", 0) + 1


_DEAL_TIME_CUE = re.compile(r"\b(annunci\w*|firma|firmat\w*|closing|perfezionament\w*|completament\w*|operativ[oaie]|concordat[oaie]|previst[oaie]|entrer[àa] in vigore|decorrenza)\b", re.I)
_TOTAL_CUE = re.compile(r"\b(totale|complessiv\w*|del valore di|per un valore di|vale|valgono|ammonta\w*|corrispettivo|prezzo (pagato|di acquisto|pattuito|concordato|convenuto|fissato)|esborso|controvalore)\b[^.;]{0,40}$", re.I)


def _continuation(doc: Doc, draft: Draft, sent: Span, s_index: int, claimed: set, mentions: list) -> None:
    """A sentence right after a deal, with no trigger of its own, may give its total value or term."""
    if not draft.sentences or not 1 <= s_index - draft.sentences[-1][2] <= CONTINUATION_REACH:
        return
    others = {m.canonical for m in mentions if sent.start <= m.tok_start < sent.end} - set(draft.parties)
    if others:
        return  # the sentence is about someone else
    if s_index - draft.sentences[-1][2] == 1:
        # "La capacità dovrebbe essere operativa entro la fine del 2026": the deal's own calendar.
        about_deal = _DEAL_TIME_CUE.search(sent.text)
        for d in _in(doc._.dates, sent.start_char, sent.end_char):
            if (d.get("value") and (d.get("role") not in (None, "other") or about_deal)
                    and all(d["start"] != x["start"] for x in draft.dates) and not _dateline(doc, d)):
                draft.dates.append(d)
    if draft.amount is not None:
        return
    amounts = [a for a in _in(doc._.amounts, sent.start_char, sent.end_char) if a["start"] not in claimed
               and _TOTAL_CUE.search(text_of(doc)[sent.start_char:a["start"]]) and not _non_deal(doc, a)]
    if not amounts:
        return
    draft.amount = amounts[0]
    claimed.add(amounts[0]["start"])
    draft.signals["amount_follow_up"] = True
    if draft.duration is None:
        durations = [d for d in _in(doc._.durations, sent.start_char, sent.end_char) if d.get("iso")]
        draft.duration = durations[0] if durations else None
    evidence = _evidence(doc, sent)
    draft.sentences.append((evidence[0], evidence[1], s_index))


def _fix_roles(draft: Draft) -> None:
    roles = [p["role"] for p in draft.parties.values()]
    # One-sided tables ("con" → provider) can leave everyone on one side: the first named keeps its role,
    # the others take the counterpart.
    if len(roles) >= 2 and len(set(roles)) == 1 and roles[0] not in ("partner", "investor", "buyer"):
        counter = _COUNTERPART.get(roles[0])
        if counter:
            # the party reached by a preposition ("un prestito concesso da X") keeps the role; the others flip
            parties = list(draft.parties.values())
            anchor = next((p for p in parties if p.get("slot") not in ("subj", "obj", "extra")), parties[0])
            for p in parties:
                if p is not anchor:
                    p["role"] = counter


_COUNTERPART = {"provider": "customer", "customer": "provider", "lender": "borrower", "borrower": "lender",
                "target": "buyer", "seller": "buyer", "buyer": "seller", "investee": "investor", "investor": "investee"}


def _recast_partners(draft: Draft, trig, subjects: list[str]) -> None:
    """Partners of a generic agreement take the sides of the specific word that retypes it."""
    role = R.role_for(trig.roles, "subj", False, None, trig.deal_type)
    if role == "partner" or not any(c in draft.parties for c in subjects):
        return
    for c, p in draft.parties.items():
        if p["role"] == "partner":
            p["role"] = role if c in subjects else _COUNTERPART.get(role, p["role"])


def _merge_into(drafts: list[Draft], new: Draft) -> Optional[int]:
    for idx in range(len(drafts) - 1, -1, -1):
        old = drafts[idx]
        a, b = old.canon(), new.canon()
        same_type = old.deal_type == new.deal_type or (new.generic and not old.generic and a == b) or (
            old.generic and not new.generic and b <= a and bool(old.sentences and new.sentences)
            and new.sentences[0][2] - old.sentences[-1][2] <= 1)  # "sta trattando con X per il ruolo di top partner"
        overlap = a & b
        if not a and same_type and old.sentences and new.sentences and 0 <= new.sentences[0][2] - old.sentences[-1][2] <= 2:
            pass  # a nameless mention waiting for its parties
        elif not same_type or not (overlap or len(a) == 1):
            continue
        close = bool(old.sentences and new.sentences) and new.sentences[0][2] - old.sentences[-1][2] <= 2
        generic_repeat = new.generic and not new.indefinite and old.deal_type == new.deal_type and close
        same_sentence = bool(old.sentences and new.sentences) and new.sentences[0][2] == old.sentences[-1][2]
        generic_repeat = generic_repeat or (same_sentence and old.deal_type == new.deal_type)
        # "Rfi ha firmato il contratto... La commessa è stata aggiudicata a Webuild": one deal told in two halves.
        halves = (len(a) == 1 and old.deal_type == new.deal_type and bool(old.sentences and new.sentences)
                  and 0 <= new.sentences[0][2] - old.sentences[-1][2] <= 1
                  and (not ({p["role"] for p in old.parties.values()} & {p["role"] for p in new.parties.values()})
                       or not any(p.get("slot") == "subj" for p in new.parties.values())))
        generic_repeat = generic_repeat or halves
        # "Il round è guidato da X, con la partecipazione di Y" / "All'aumento hanno partecipato X e Y".
        more_parties = (new.definite and old.deal_type == new.deal_type and close
                        and not any(p.get("slot") == "subj" and c not in a for c, p in new.parties.items()))
        generic_repeat = generic_repeat or more_parties
        if not (a == b or (len(overlap) >= 2) or (len(b) == 1 and b <= a) or (len(a) == 1 and a <= b)
                or generic_repeat or not a):
            continue
        if old.amount and new.amount and abs(old.amount["value"] - new.amount["value"]) > 0.02 * old.amount["value"]:
            continue
        if _roles_clash(old, new):
            continue
        for c, p in new.parties.items():
            old.parties.setdefault(c, p)
        for attr in ("amount", "stake", "price", "duration"):
            if getattr(old, attr) is None and getattr(new, attr) is not None:
                setattr(old, attr, getattr(new, attr))
        for d in new.dates:
            if all(d["start"] != x["start"] for x in old.dates):
                old.dates.append(d)
        for s in new.sentences:
            if all(s[0] != x[0] for x in old.sentences):
                old.sentences.append(s)
        old.status, old.status_how = _later_status(old, new)
        if old.generic and not new.generic:
            old.deal_type, old.generic = new.deal_type, False
        old.strength = max(old.strength, new.strength)
        old.signals["mentions"] = old.signals.get("mentions", 1) + 1
        old.signals["by_syntax"] = old.signals.get("by_syntax") or new.signals.get("by_syntax")
        return idx
    return None


# When one deal is told twice, the furthest state told wins; a rumour outranks a bare announcement.
_PROGRESS = {"announced": 1, "negotiating": 2, "rumored": 3, "signed": 4, "approved": 5, "completed": 6, "cancelled": 7}


def _later_status(old: Draft, new: Draft) -> tuple[str, str]:
    if old.status_how == "default" and new.status_how != "default":
        return new.status, new.status_how
    if new.status_how == "default":
        return old.status, old.status_how
    return max((old.status, old.status_how), (new.status, new.status_how), key=lambda s: _PROGRESS[s[0]])


def _roles_clash(old: Draft, new: Draft) -> bool:
    """Two sales of one target by different sellers are two deals, even with buyer and target shared; and the
    target of one deal buying on its own ('Beta controlla Gamma, di cui ha rilevato il 60%') is another deal."""
    for role in ("seller", "buyer", "investor", "lender", "customer", "provider", "target", "investee", "borrower"):
        a = {c for c, p in old.parties.items() if p["role"] == role}
        b = {c for c, p in new.parties.items() if p["role"] == role}
        if a and b and not (a & b) and not (a & new.canon()) and not (b & old.canon()):
            return True
    if len(new.parties) == 1:
        (c, p), = new.parties.items()
        if c in old.parties and p.get("slot") == "subj" and frozenset((p["role"], old.parties[c]["role"])) in _OPPOSITE:
            return True
    return False


_OPPOSITE = {frozenset(pair) for pair in (("buyer", "target"), ("buyer", "seller"), ("investor", "investee"),
                                          ("lender", "borrower"))}


_BINDING = re.compile(r"(?<!non )\bvincolant[ei]\b", re.I)  # "un memorandum d'intesa vincolante" is signed

_BIDS = {"offerta", "opa", "offerta_pubblica", "takeover"}


def _lend_targets(drafts: list[Draft], mentions: list[Mention]) -> None:
    """'Ppf ha confermato la sua offerta': a lone bidder bids for the target the article is about."""
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.canonical] = counts.get(m.canonical, 0) + 1
    targets = {c for d in drafts if d.deal_type == "acquisition" and len(d.parties) >= 2
               for c, p in d.parties.items() if p["role"] == "target"}
    if not targets:
        return
    target = max(sorted(targets), key=lambda c: counts.get(c, 0))
    for d in drafts:
        if d.deal_type == "acquisition" and len(d.parties) == 1 and set(d.trigger_ids) & _BIDS:
            (only, p), = d.parties.items()
            if p["role"] == "buyer" and only != target:
                d.parties[target] = {"role": "target", "start": None, "end": None, "slot": "lent",
                                     "source": "lent", "label": "ORG", "kind": None}
                d.signals["lent_target"] = True


def _keep(d: Draft) -> bool:
    if not d.parties:
        return False
    if all(p["label"] == "PER" for p in d.parties.values()) and len(d.parties) < 2:
        return False
    if len(d.parties) == 1:
        return d.single_ok == "always" or (bool(d.single_ok) and d.amount is not None)
    return True
