"""From triggers and mentions to deal records.

Per sentence: each trigger owns the zone up to its neighbours; its parties are the subject before it
and the objects after it (with coordination: "X e Y"), its amount/stake/price/duration/dates are the
nearest ones in its zone that are not valuations or results. A trigger that points back ("l'intesa",
"questo accordo", "l'operazione") adds its sentence to the last deal told. Records with the same
parties and type are merged.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..doctext import span_text, text_of
from . import candidates as C
from . import roles as R
from . import status as S
from . import triggers as T
from .attach import _attach, _continuation, _hand_over_amounts, _in, _sum_follows, in_sentence
from .drafts import Draft, Mention, Signals, Slot
from .lexicon import deal_type, rules_of
from .mentions import _STAND_IN_HEADS, _mentions
from .merging import (
    _anaphora_target,
    _banks_listed,
    _bid_sides,
    _parent_steps_back,
    _fix_roles,
    _fold_headline,
    _holder,
    _keep,
    _lend_targets,
    _merge_into,
    _recast_partners,
    _rival_bidders,
)
from .sentences import _clause_break, _evidence, _relative_asides, segments
from .slots import (
    OBJECT_WINDOW,
    SUBJECT_WINDOW,
    _aside_relative,
    _bracketed,
    _close_object,
    _coordinated,
    _dative,
    _in_aside,
    _is_anaphoric,
    _is_indefinite,
    _listed_investors,
    _maker_of_goods,
    _own_slot,
    _pair_anaphor,
    _parents_in_name,
    _receiving,
    _owner_of_assets,
    _relative_object,
    _shares_of,
    _stand_in,
    _through,
    _topic,
)


DEAL_WORDS = "accordi_deal_words"  # the deal words build read, for accordi_spans (plain dicts: Doc.to_bytes keeps them)


def _deal_word(doc: Doc, trig) -> dict:
    start, end = doc[trig.start].idx, doc[trig.end - 1].idx + len(doc[trig.end - 1])
    return {"text": text_of(doc)[start:end], "start": start, "end": end, "deal_type": trig.deal_type}


def build(doc: Doc) -> list[Draft]:
    mentions, blocked = _mentions(doc)
    drafts: list[Draft] = []
    touched: list[int] = []  # draft indices, most recent last
    claimed_amounts: set[int] = set()
    sents = segments(doc)
    triggers_of = [T.find(doc, sent, blocked) for sent in sents]
    doc.user_data[DEAL_WORDS] = [_deal_word(doc, trig) for trigs in triggers_of for trig in trigs]
    taken = {k for m in mentions for k in range(m.tok_start, m.tok_end)}
    for a, b in C.object_names(doc, triggers_of, sents, taken, blocked, frozenset(_STAND_IN_HEADS)):
        name = span_text(doc[a:b])
        mentions.append(Mention(name, doc[a].idx, doc[a].idx + len(name), a, b, name, "ORG", "deal_object", None))
    mentions.sort(key=lambda x: x.start)
    for s_index, sent in enumerate(sents):
        triggers = triggers_of[s_index]
        if touched and _rival_bidders(doc, drafts[touched[-1]], sent, s_index, in_sentence(mentions, sent)):
            continue
        if not triggers:
            if touched:
                _continuation(doc, drafts[touched[-1]], sent, s_index, claimed_amounts, mentions)
            continue
        ms_sent = in_sentence(mentions, sent)
        asides = _relative_asides(doc, sent, {m.tok_end - 1 for m in ms_sent}, {t.start for t in triggers})
        aside_of = [next((a for a in asides if a[0] < trig.start < a[1]), None) for trig in triggers]
        skip_of = [{k for a in asides if a != aside_of[i] for k in range(a[0], a[1])} for i in range(len(triggers))]
        bounds = []
        for i, trig in enumerate(triggers):
            # a trigger inside a relative aside ends with it; one outside is not bounded by triggers inside one
            later = [t for j, t in enumerate(triggers) if j > i and aside_of[j] in (None, aside_of[i])]
            right = later[0].start if later else sent.end
            aside = aside_of[i]
            if aside is not None:
                right = min(right, aside[1])
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
            zone_chars = (
                doc[left].idx if left < len(doc) else sent.end_char,
                doc[right - 1].idx + len(doc[right - 1]) if right > left else sent.end_char,
            )
            if n_trig == 1:
                zone_chars = (sent.start_char, sent.end_char)
            objs = objects_of[i]
            prev_objs = {id(m) for m in objects_of.get(i - 1, [])}
            subj_ids = R.dep_subjects(doc, trig.start)
            before = [
                m
                for m in ms
                if left <= m.tok_start
                and m.tok_end <= trig.start
                and trig.start - m.tok_end <= SUBJECT_WINDOW
                and id(m) not in prev_objs
            ]
            aside = aside_of[i]
            if aside is not None and aside[2] == "apposition":
                before = [m for m in before if m.tok_start > aside[0]]  # the name described is not a party
            main = [
                m
                for m in before
                if not _in_aside(doc, m, trig.start, sent.start) or _through(doc, m, sent.start) == "via"
            ]
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
            symmetric = deal_type(trig.deal_type, rules_of(doc)).symmetric and len(objs) >= 2
            if not before and i > 0 and not symmetric:
                earlier = [m for m in ms if m.tok_end <= trig.start and id(m) not in all_objects]
                earlier = earlier or [m for m in ms if m.tok_end <= trig.start and m not in objs]
                if earlier:
                    before, borrowed = [earlier[-1]], True
            slots: list[Slot] = []
            floor = sent.start
            relative = (aside is not None and _aside_relative(doc, trig, aside, ms)) or _relative_object(
                doc, trig, surface_before
            )
            if relative is not None:
                antecedent, prep, subject = relative
                before = [subject] if subject is not None else []
                slots.append(Slot(antecedent, prep))
            for m in before:
                prep = R.preposition(doc, m.tok_start, floor, strict=True)
                through = _through(doc, m, floor)
                if _topic(doc, m, [x for x in ms if x.tok_start < bounds[i]], trig, sent):
                    slots.append(Slot(m, "obj"))
                elif through:
                    slots.append(Slot(m, through))  # who acts for (or beside) the subject
                elif _dative(doc, m, trig):
                    slots.append(Slot(m, "a"))  # the dative of a giving verb
                elif prep is not None and _own_slot(prep, trig):
                    slots.append(Slot(m, prep))  # a preposition with a role of its own
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
                if prep == "described":
                    continue
                prep = _through(doc, m, floor) or prep
                if k == 0:
                    first_prep = prep
                elif prep is None:
                    prep = first_prep  # "un prestito da Bnp-Bnl e Rabobank": conjuncts share the preposition
                slots.append(Slot(m, _owner_of_assets(doc, m, _shares_of(doc, m, prep, trig), trig) or "obj"))
            # Further objects with their own preposition (a buyer after "a", a seller after "da").
            roles_taken = {R.role_for(trig.roles, s.slot, False, None, trig.deal_type) for s in slots}
            for m in ms:
                # "Versace, oggi nelle mani di Capri Holdings,": the holder may sit in an aside past the clause break
                held = trig.head_end <= m.tok_start < right and R.preposition(doc, m.tok_start, floor) == "owner"
                if (
                    m in objs
                    or not (trig.head_end <= m.tok_start < min(right, brk) or held)
                    or m.tok_start - trig.end > 2 * OBJECT_WINDOW
                    or _bracketed(doc, m, sent.start)
                ):
                    continue
                prep = R.preposition(doc, m.tok_start, floor)
                if (
                    trig.end > trig.head_end
                    and 0 <= m.tok_start - trig.end <= 2
                    and not (
                        prep
                        and m.tok_start - trig.end >= 1
                        and doc[m.tok_start - 1].lower_ in rules_of(doc).lists["prepositions"]
                    )
                ):
                    prep = "obj"  # "una trattativa con X per rilevare Y": Y is the object of the specific word
                if prep == "owner" and trig.roles.get("da") == "seller" and "seller" not in roles_taken:
                    slots.append(Slot(m, prep))
                    roles_taken.add("seller")
                elif (
                    prep
                    and prep in trig.roles
                    and trig.roles[prep] not in roles_taken
                    and trig.roles[prep] != "partner"
                ):
                    slots.append(Slot(m, prep))
                    roles_taken.add(trig.roles[prep])
            kind = deal_type(trig.deal_type, rules_of(doc))
            if not slots and kind.symmetric:
                slots = _pair_anaphor(doc, trig, left, drafts, touched, mentions)
            if kind.parents_in_name:
                slots = _parents_in_name(slots, ms_all=mentions)
            if kind.listed_investors:
                slots += _listed_investors(doc, trig, sent, ms, slots, right)
            if any(r.goods for r in trig.rules):
                slots += _maker_of_goods(doc, trig, slots)
            canon = {s.mention.canonical for s in slots}
            if len(canon) < 2 and not trig.generic:
                extra = [
                    m
                    for m in ms
                    if trig.end <= m.tok_start < right
                    and m.canonical not in canon
                    and not _bracketed(doc, m, sent.start)
                    and R.preposition(doc, m.tok_start, floor) != "described"
                ]
                for m in extra[:2]:
                    slots.append(Slot(m, R.preposition(doc, m.tok_start, floor) or "obj"))
                    canon.add(m.canonical)
                    if len(canon) >= 2:
                        break
            anaph = _is_anaphoric(doc, trig, sent)
            known = drafts[touched[-1]].canon() if touched else frozenset()
            new_parties = {c for c in canon if c not in known}
            if (
                anaph == "definite"
                and touched
                and not any(m.tok_start < trig.start for m in ms)
                and not _close_object(doc, trig, objs, floor)
            ):
                new_parties = set()  # "L'intesa, che ... dell'azienda guidata da X": X is not its party
            # "Il fondo ha versato 587 milioni": a generic payment word naming one known party adds to its deal.
            repeat_of_known = trig.generic and len(canon) <= 1 and canon and not new_parties
            # "Sky pagherà i restanti 200": a generic word between parties of a deal already told adds to it.
            holder = (
                _holder(drafts, touched, canon, s_index)
                if trig.generic and not _is_indefinite(doc, trig, sent)
                else None
            )
            if holder is not None and len(canon) >= 2:
                _attach(
                    doc,
                    drafts[holder],
                    trig,
                    sent,
                    zone_chars,
                    _evidence(doc, sent),
                    claimed_amounts,
                    follow_up=True,
                    s_index=s_index,
                )
                touched.append(holder)
                continue
            # "è stata fondata la joint venture Lrmv": a definite trigger naming a new entity right after it
            names_new = bool(objs) and objs[0].tok_start == trig.head_end and objs[0].canonical not in known
            points_back = (
                trig.anaphor_only
                or anaph == "demonstrative"
                or repeat_of_known
                or (not canon and trig.generic)
                or (anaph == "definite" and not new_parties and not trig.single_ok and not names_new)
                or (not canon and anaph == "definite")
            )
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
                    _attach(
                        doc,
                        told,
                        trig,
                        sent,
                        zone_chars,
                        sentence_span,
                        claimed_amounts,
                        follow_up=True,
                        s_index=s_index,
                    )
                    touched.append(target)
                    continue
                if canon:
                    continue
            if not canon:
                # "Ha finalizzato l'acquisizione del marchio per 1,2 miliardi": no name yet; the next
                # mention of this kind of deal, a sentence or two on, names the parties.
                if not trig.generic and not trig.anaphor_only and _in(doc._.amounts, *zone_chars):
                    pending = Draft(trig.deal_type, trig.ids, trig.strength, trig.single_ok)
                    pending.status, pending.status_how = S.decide(
                        doc,
                        sent,
                        doc[trig.start].idx,
                        zone_chars,
                        R.is_perfect(doc, trig.start, sent.start),
                        trig.deal_type,
                    )
                    pending.signals = Signals(trigger_char=doc[trig.start].idx, n_triggers=n_trig)
                    _attach(
                        doc,
                        pending,
                        trig,
                        sent,
                        zone_chars,
                        sentence_span,
                        claimed_amounts,
                        follow_up=False,
                        s_index=s_index,
                    )
                    drafts.append(pending)
                    touched.append(len(drafts) - 1)
                continue
            if trig.rule.orgs_only:
                slots = [s for s in slots if s.mention.label != "PER"]
            # a deal noun fused with the verb ("si è aggiudicata una commessa") is evidence enough
            needs = all(r.requires for r in trig.rules)
            if needs and trig.rule.requires and not any(s.slot in trig.rule.requires for s in slots):
                continue
            # "ha completato l'acquisizione di Y, rilevata dal fondo Z": after a deal word of the same kind the
            # bare participle describes the target, and its "da" is who sold it
            bare = not any(t.deal_type == trig.deal_type for t in triggers[:i])
            passive = R.is_passive(doc, trig.start, sent.start, bare)
            perfect = R.is_perfect(doc, trig.start, sent.start)
            draft = Draft(
                trig.deal_type,
                trig.ids,
                trig.strength,
                trig.single_ok,
                generic=trig.generic,
                indefinite=_is_indefinite(doc, trig, sent),
                definite=anaph in ("definite", "demonstrative"),
            )
            for s in slots:
                m = s.mention
                role = R.role_for(trig.roles, s.slot, passive, m.kind, trig.deal_type)
                if m.canonical in draft.parties:
                    continue
                draft.parties[m.canonical] = {
                    "role": role,
                    "start": m.start,
                    "end": m.end,
                    "slot": s.slot,
                    "source": m.source,
                    "label": m.label,
                    "kind": m.kind,
                }
            if _receiving(doc, trig, left):
                # who receives a bid owns or is what is sold
                sold = "seller" if any(p["role"] == "target" for p in draft.parties.values()) else "target"
                flips = {"lender": "borrower", "investor": "investee", "buyer": sold, "customer": "provider"}
                swapped = {
                    flips[p["role"]]: p["role"]
                    for p in draft.parties.values()
                    if p["slot"] == "subj" and p["role"] in flips
                }
                for p in draft.parties.values():
                    if p["slot"] == "subj":
                        p["role"] = flips.get(p["role"], p["role"])
                    else:  # "Saipem ha vinto un contratto con Snam": the other side takes the subject's old role
                        p["role"] = swapped.get(p["role"], p["role"])
            if not passive:
                _parent_steps_back(draft)
            _fix_roles(draft)
            _banks_listed(draft, [m.canonical for m in objs])
            _bid_sides(draft, trig)
            trig_char = doc[trig.start].idx
            status_zone = zone_chars
            if doc[trig.start].lower_.endswith(("ando", "endo")):  # a gerund takes the tense of its clause
                status_zone = (sent.start_char, zone_chars[1])
            draft.status, draft.status_how = S.decide(doc, sent, trig_char, status_zone, perfect, trig.deal_type)
            if (
                any(r.intent for r in trig.rules)
                and any(not (r.intent or r.agreement) for r in trig.rules)
                and draft.status in ("signed", "announced")
                and not _BINDING.search(span_text(sent))
            ):
                draft.status = "negotiating"  # an MoU for a specific deal: the deal itself is still open
            draft.signals = Signals(
                trigger_char=trig_char,
                n_triggers=n_trig,
                by_syntax=by_syntax,
                stand_in=stood_in,
                explicit_slots=sum(1 for s in slots if s.slot not in ("obj", "extra")),
                passive=passive,
                perfect=perfect,
            )
            _attach(
                doc, draft, trig, sent, zone_chars, sentence_span, claimed_amounts, follow_up=False, s_index=s_index
            )
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


_BINDING = re.compile(r"(?<!non )\bvincolant[ei]\b", re.I)  # a binding memorandum is signed
