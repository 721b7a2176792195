"""Records told more than once: a pointing-back word adds to the deal told before, records with the same parties and
type merge, roles are completed, and what is kept."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span

from ..doctext import span_text
from . import roles as R
from .drafts import Draft, Mention
from .lexicon import deal_type, rules_by_id, rules_of
from .sentences import _evidence

ANAPHORA_REACH = 4  # sentences a pointing-back trigger may reach


def _fold_headline(drafts: list[Draft], sents: list[Span]) -> list[Draft]:
    """'Ritorno di fiamma tra X e Y' as a title, then 'X avrebbe riaperto il dossier per rilevare Y': a title
    that only names a deal the article then tells, with no state of its own, is that deal."""
    if not sents or span_text(sents[0]).rstrip().endswith((".", "!", "?", ";")):
        return drafts
    out = []
    for d in drafts:
        # same kind of deal, or a title's vague type (deal_types.jsonl headline_any_type) for any kind
        told = [
            o
            for o in drafts
            if o is not d
            and d.canon() <= o.canon()
            and o.sentences
            and min(x[2] for x in o.sentences) > 0
            and (d.deal_type == o.deal_type or deal_type(d.deal_type).headline_any_type)
        ]
        if d.status_how == "default" and d.sentences and all(x[2] == 0 for x in d.sentences) and told:
            told[0].sentences.insert(0, d.sentences[0])
            continue
        out.append(d)
    return out


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


def _fix_roles(draft: Draft) -> None:
    roles = [p["role"] for p in draft.parties.values()]
    # One-sided tables ("con" → provider) can leave everyone on one side: the first named keeps its role,
    # the others take the counterpart.
    # Not the targets listed after one verb ("ha acquisito A e B"): none of them bought the others.
    listed_targets = roles[0] == "target" and all(p.get("slot") == "obj" for p in draft.parties.values())
    if (
        len(roles) >= 2
        and len(set(roles)) == 1
        and roles[0] not in ("partner", "investor", "buyer")
        and not listed_targets
    ):
        counter = _COUNTERPART.get(roles[0])
        if counter:
            # the party reached by a preposition ("un prestito concesso da X") keeps the role; the others flip
            parties = list(draft.parties.values())
            # a bank in a deal whose banks have a fixed role ("la Bei annuncia un finanziamento a favore di Aca")
            bank_role = deal_type(draft.deal_type).bank_role
            banks = [p for p in parties if bank_role == roles[0] and p.get("kind") == "bank"]
            anchor = next((p for p in banks + parties if p.get("slot") not in ("subj", "obj", "extra")), None)
            anchor = anchor or (banks + parties)[0]
            for p in parties:
                if p is not anchor:
                    p["role"] = counter


def _banks_listed(draft: Draft, listed: list[str]) -> None:
    """'Al prestito partecipano Intesa Sanpaolo, Unicredit, ..., Rabobank, Muzinich': names listed together share
    the role the banks among them take (a bank the gazetteer does not know is still one of the pool)."""
    bank_role = deal_type(draft.deal_type).bank_role
    parties = [draft.parties[c] for c in listed if c in draft.parties]
    if not bank_role or len(parties) < 3 or len({p["slot"] for p in parties}) != 1:
        return
    if sum(p.get("kind") == "bank" for p in parties) * 2 > len(parties):
        for p in parties:
            p["role"] = bank_role


def _rival_bidders(doc, draft: Draft, sent: Span, s_index: int, ms_sent: list[Mention]) -> bool:
    """'Enel sarebbe in testa ai numerosi concorrenti interessati: il gruppo Alpiq, Total, Iren e il consorzio
    composto da A2a e Ardian': the names listed after a word for rivals are more buyers of the sale told in the
    sentence before (one record, as the gold lists unconfirmed alternative buyers), not deals of their own."""
    if not deal_type(draft.deal_type).one_target_each or not draft.sentences:
        return False
    if s_index - draft.sentences[-1][2] != 1:
        return False
    words = rules_of(doc).lists["rival_words"]
    colon = [k for k in range(sent.start, sent.end) if doc[k].text == ":"]
    cue = next((k for k in colon if any(doc[j].lower_ in words for j in range(max(sent.start, k - 3), k))), None)
    listed = [m for m in ms_sent if cue is not None and m.tok_start > cue]
    if len({m.canonical for m in listed}) < 2:
        return False
    for m in listed:
        draft.parties.setdefault(
            m.canonical,
            {
                "role": "buyer",
                "start": m.start,
                "end": m.end,
                "slot": "rival",
                "source": m.source,
                "label": m.label,
                "kind": m.kind,
            },
        )
    evidence = _evidence(doc, sent)
    if all(evidence[0] != x[0] for x in draft.sentences):
        draft.sentences.append((evidence[0], evidence[1], s_index))
    return True


def _bid_sides(draft: Draft, trig) -> None:
    """'Il Cda di Mediobanca prende atto dell'offerta di Mps', 'Saras saluta l'Opa di Vitol': the bid's owner
    ("di") is the bidder, so a subject named beside it is who receives the bid."""
    parties = list(draft.parties.values())
    if not any(r.bid for r in trig.rules) or any(p["role"] == "target" for p in parties):
        return
    if any(p["slot"] == "di" and p["role"] == "buyer" for p in parties):
        for p in parties:
            if p["slot"] == "subj" and p["role"] == "buyer":
                p["role"] = "target"


def _parent_steps_back(draft: Draft) -> None:
    """'Enel, attraverso la controllata X, ha siglato un accordo con Y': the subsidiary is the party, not the
    subject named before it."""
    via = [p["start"] for p in draft.parties.values() if p["slot"] == "via" and p["start"] is not None]
    if not via:
        return
    for canon in [c for c, p in draft.parties.items() if p["slot"] == "subj" and (p["start"] or 0) < min(via)]:
        del draft.parties[canon]


_COUNTERPART = {
    "provider": "customer",
    "customer": "provider",
    "lender": "borrower",
    "borrower": "lender",
    "target": "buyer",
    "seller": "buyer",
    "buyer": "seller",
    "investee": "investor",
    "investor": "investee",
}


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
        same_type = (
            old.deal_type == new.deal_type
            or (new.generic and not old.generic and a == b)
            or (
                old.generic
                and not new.generic
                and b <= a
                and bool(old.sentences and new.sentences)
                and new.sentences[0][2] - old.sentences[-1][2] <= 1
            )
        )  # "sta trattando con X per il ruolo di top partner"
        overlap = a & b
        if (
            not a
            and same_type
            and old.sentences
            and new.sentences
            and 0 <= new.sentences[0][2] - old.sentences[-1][2] <= 2
        ):
            pass  # a nameless mention waiting for its parties
        elif not same_type or not (overlap or len(a) == 1):
            continue
        close = bool(old.sentences and new.sentences) and new.sentences[0][2] - old.sentences[-1][2] <= 2
        generic_repeat = new.generic and not new.indefinite and old.deal_type == new.deal_type and close
        same_sentence = bool(old.sentences and new.sentences) and new.sentences[0][2] == old.sentences[-1][2]
        generic_repeat = generic_repeat or (same_sentence and old.deal_type == new.deal_type)
        # "Rfi ha firmato il contratto... La commessa è stata aggiudicata a Webuild": one deal told in two halves.
        halves = (
            len(a) == 1
            and old.deal_type == new.deal_type
            and bool(old.sentences and new.sentences)
            and 0 <= new.sentences[0][2] - old.sentences[-1][2] <= 1
            and (
                not ({p["role"] for p in old.parties.values()} & {p["role"] for p in new.parties.values()})
                or not any(p.get("slot") == "subj" for p in new.parties.values())
            )
        )
        generic_repeat = generic_repeat or halves
        # the deal told again with a definite article, now naming more parties (a round's other investors)
        more_parties = (
            new.definite
            and old.deal_type == new.deal_type
            and close
            and not any(p.get("slot") == "subj" and c not in a for c, p in new.parties.items())
        )
        generic_repeat = generic_repeat or more_parties
        if not (
            a == b
            or (len(overlap) >= 2)
            or (len(b) == 1 and b <= a)
            or (len(a) == 1 and a <= b)
            or generic_repeat
            or not a
        ):
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
        old.signals.mentions += 1
        old.signals.by_syntax = old.signals.by_syntax or new.signals.by_syntax
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
        ((c, p),) = new.parties.items()
        if c in old.parties and p.get("slot") == "subj" and frozenset((p["role"], old.parties[c]["role"])) in _OPPOSITE:
            return True
    return False


_OPPOSITE = {
    frozenset(pair)
    for pair in (("buyer", "target"), ("buyer", "seller"), ("investor", "investee"), ("lender", "borrower"))
}


def _lend_targets(drafts: list[Draft], mentions: list[Mention]) -> None:
    """'Ppf ha confermato la sua offerta': a lone bidder bids for the target the article is about."""
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.canonical] = counts.get(m.canonical, 0) + 1
    targets = {
        c
        for d in drafts
        if deal_type(d.deal_type).one_target_each and len(d.parties) >= 2
        for c, p in d.parties.items()
        if p["role"] == "target"
    }
    if not targets:
        return
    target = max(sorted(targets), key=lambda c: counts.get(c, 0))
    for d in drafts:
        if (
            deal_type(d.deal_type).one_target_each
            and len(d.parties) == 1
            and any(rules_by_id()[i].bid for i in d.trigger_ids if i in rules_by_id())
        ):
            ((only, p),) = d.parties.items()
            if p["role"] == "buyer" and only != target:
                d.parties[target] = {
                    "role": "target",
                    "start": None,
                    "end": None,
                    "slot": "lent",
                    "source": "lent",
                    "label": "ORG",
                    "kind": None,
                }
                d.signals.lent_target = True


def _keep(d: Draft) -> bool:
    if not d.parties:
        return False
    if all(p["label"] == "PER" for p in d.parties.values()) and len(d.parties) < 2:
        return False
    if len(d.parties) == 1:
        return d.single_ok == "always" or (bool(d.single_ok) and d.amount is not None)
    return True
