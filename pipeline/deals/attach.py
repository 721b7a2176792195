"""What a deal record carries besides its parties: the nearest amount, stake, price, duration and dates in its zone
that are not valuations or results, and what the next sentences add ("per un totale di X")."""

from __future__ import annotations

from bisect import bisect_left

import re
from typing import Optional

from spacy.tokens import Doc, Span

from ..doctext import text_of
from . import roles as R
from . import status as S
from .drafts import Draft
from .lexicon import rules_of
from .sentences import _evidence

CONTINUATION_REACH = 3  # sentences after a deal where a trigger-less "per un totale di X" may still give its value


FOLLOW_UP_REACH = 120  # characters around a pointing-back trigger where its amounts/dates may sit


def _in(items: list[dict], lo: int, hi: int) -> list[dict]:
    """The items starting in [lo, hi); the components give their mentions in text order (tested)."""
    if not items:
        return []
    return items[bisect_left(items, lo, key=_start) : bisect_left(items, hi, key=_start)]


def _start(item: dict) -> int:
    return item["start"]


def in_sentence(mentions: list, sent) -> list:
    """The mentions (in text order) that start inside a sentence."""
    return mentions[bisect_left(mentions, sent.start, key=_tok_start) : bisect_left(mentions, sent.end, key=_tok_start)]


def _tok_start(m) -> int:
    return m.tok_start


MIN_DEAL_VALUE = 10_000  # smaller sums are prices per share or per unit, not deal values


def _non_deal(doc: Doc, amount: dict) -> Optional[str]:
    if float(amount.get("value") or 0) < MIN_DEAL_VALUE:
        return "small"
    before = text_of(doc)[max(0, amount["start"] - 60) : amount["start"]]
    before = before.split(".")[-1]  # never look across a full stop
    before_words = " ".join(before.split()[-6:])
    after = text_of(doc)[amount["end"] : amount["end"] + 30]
    for kind, pat_before, pat_after in rules_of(doc).non_deal:
        if pat_before is not None and pat_before.search(before_words):
            return kind
        if pat_after is not None and pat_after.search(after):
            return kind
    return None


def _conversion(doc: Doc, amount: dict) -> bool:
    """'€1,25 miliardi ($1,375 miliardi)', '20 miliardi di euro (105,2 miliardi di R$)': a bracketed equivalent."""
    before = text_of(doc)[max(0, amount["start"] - 3) : amount["start"]]
    if "(" not in before:
        return False
    return any(0 <= amount["start"] - a["end"] <= 4 for a in doc._.amounts or [] if a is not amount)


def _nearest(items: list[dict], t_start: int, t_end: int) -> Optional[dict]:
    def dist(x):
        if x["start"] >= t_end:
            return x["start"] - t_end
        return (t_start - x["end"]) * 1.3 + 5  # before the trigger: slightly less likely

    return min(items, key=dist) if items else None


def _hand_over_amounts(drafts: list, kept: list) -> None:
    """'X aveva investito 1,5 miliardi per rilevare il 25% di Y': the verb holding the sum names one party only and
    is dropped; the sum goes to the deal of the same sentence that has the same party and no sum of its own."""
    kept_ids = {id(k) for k in kept}
    for d in drafts:
        if id(d) in kept_ids or d.amount is None or not d.parties:
            continue
        where = {s for _, _, s in d.sentences}
        for k in kept:
            if k.amount is None and where & {s for _, _, s in k.sentences} and set(d.parties) <= set(k.parties):
                k.amount = d.amount
                break


_NOT_A_TERM_BEFORE = re.compile(
    r"\b(da|dopo|oltre|tra|fra|in|entro|ultimi|scorsi|negli ultimi|di poco più di|poco più di)\s*$", re.I
)


_NOT_A_TERM_AFTER = re.compile(r"^\s*(fa|prima|dopo|dalla|dal|dall[’'])\b", re.I)


def _deal_term(doc: Doc, duration: dict) -> bool:
    """'per sette anni', 'della durata di 15 anni' are terms; 'due anni fa', 'in tre mesi', 'dopo due anni' are not."""
    before = text_of(doc)[max(0, duration["start"] - 25) : duration["start"]]
    after = text_of(doc)[duration["end"] : duration["end"] + 12]
    return not (_NOT_A_TERM_BEFORE.search(before) or _NOT_A_TERM_AFTER.search(after))


def _dateline(doc: Doc, date: dict) -> bool:
    """The ' date YYYY-MM-DD' stamp some page stores put before the text is no date of the deal."""
    return bool(re.match(r"^\s*date\s*$", text_of(doc)[: date["start"]]))


def _sum_follows(doc: Doc, trig) -> bool:
    after = doc[trig.end].idx if trig.end < len(doc) else len(text_of(doc))
    return any(after <= a["start"] <= after + 12 for a in doc._.amounts or [])


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
        amounts = [
            a
            for a in _in(doc._.amounts, lo, hi)
            if a["start"] not in claimed
            and not any(ps <= a["start"] < pe for ps, pe in price_ranges)
            and not _non_deal(doc, a)
            and not _conversion(doc, a)
        ]
        totals = [a for a in amounts if _TOTAL_CUE.search(text_of(doc)[max(lo, a["start"] - 50) : a["start"]])]
        best = _nearest(totals or amounts, t_start, t_end)
        if best is not None:
            draft.amount = best
            claimed.add(best["start"])
            draft.signals.amount_follow_up = follow_up
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
        draft.signals.follow_ups += 1


_DEAL_TIME_CUE = re.compile(
    r"\b(annunci\w*|firma|firmat\w*|closing|perfezionament\w*|completament\w*|operativ[oaie]|concordat[oaie]|previst[oaie]|entrer[àa] in vigore|decorrenza)\b",
    re.I,
)


_TOTAL_CUE = re.compile(
    r"\b(totale|complessiv\w*|del valore di|per un valore di|vale|valgono|ammonta\w*|corrispettivo|prezzo (pagato|di acquisto|pattuito|concordato|convenuto|fissato)|esborso|controvalore)\b[^.;]{0,40}$",
    re.I,
)


def _continuation(doc: Doc, draft: Draft, sent: Span, s_index: int, claimed: set, mentions: list) -> None:
    """A sentence right after a deal, with no trigger of its own, may give its total value or term."""
    if not draft.sentences or not 1 <= s_index - draft.sentences[-1][2] <= CONTINUATION_REACH:
        return
    others = {m.canonical for m in in_sentence(mentions, sent)} - set(draft.parties)
    if others:
        return  # the sentence is about someone else
    if s_index - draft.sentences[-1][2] == 1:
        # "La capacità dovrebbe essere operativa entro la fine del 2026": the deal's own calendar.
        about_deal = _DEAL_TIME_CUE.search(sent.text)
        for d in _in(doc._.dates, sent.start_char, sent.end_char):
            if (
                d.get("value")
                and (d.get("role") not in (None, "other") or about_deal)
                and all(d["start"] != x["start"] for x in draft.dates)
                and not _dateline(doc, d)
            ):
                draft.dates.append(d)
    if draft.amount is not None:
        return
    amounts = [
        a
        for a in _in(doc._.amounts, sent.start_char, sent.end_char)
        if a["start"] not in claimed
        and _TOTAL_CUE.search(text_of(doc)[sent.start_char : a["start"]])
        and not _non_deal(doc, a)
    ]
    if not amounts:
        return
    draft.amount = amounts[0]
    claimed.add(amounts[0]["start"])
    draft.signals.amount_follow_up = True
    if draft.duration is None:
        durations = [d for d in _in(doc._.durations, sent.start_char, sent.end_char) if d.get("iso")]
        draft.duration = durations[0] if durations else None
    evidence = _evidence(doc, sent)
    draft.sentences.append((evidence[0], evidence[1], s_index))
