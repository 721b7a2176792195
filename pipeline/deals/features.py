"""What the learned decisions see of a candidate record and of each of its parties.

Features are named strings with values (mostly 0/1): the deal type, what the rules decided (status, roles), the
shape of the parties, the mentions attached, morphology and status cues of the evidence sentences, and positions.
Nothing here names a company or an article: phrase knowledge stays in ``patterns/``. Nor which trigger row proposed
the record: rows were written reading the training news, so their ids told the models how well each row did there,
not on news never seen (measured: keep ranked the newest tune articles worse with them).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from . import status as S
from ..doctext import text_of
from ..italian import CLAUSE_OPENERS

STATUS = "status:"  # features only the status decision sees (training keeps them out of keep)


def _sentence(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _flag(f: dict, name: str, on) -> None:
    if on:
        f[name] = 1.0


def _named(doc: Doc) -> dict:
    """How often each party is named in the article, counted once per Doc (kept in its user_data)."""
    key = ("accordi", "named")
    data: dict = doc.user_data  # tuple keys, as in doctext.has
    if key not in data:
        data[key] = dict(Counter(m.get("canonical") for m in doc._.party_mentions or []))
    return data[key]


def record_features(doc: Doc, draft, n_candidates: int = 1) -> dict[str, float]:
    """``n_candidates``: how many candidate records the article has (crowded articles are less sure)."""
    sig = draft.signals
    parties = list(draft.parties.values())
    f: dict[str, float] = {"bias": 1.0, f"type={draft.deal_type}": 1.0, "strength": float(draft.strength)}
    f[f"parties={min(len(parties), 3)}"] = 1.0
    f[f"candidates={'1' if n_candidates <= 1 else '2-3' if n_candidates <= 3 else '4+'}"] = 1.0
    f[
        f"party_mentions={'<4' if len(doc._.party_mentions or []) < 4 else '4-9' if len(doc._.party_mentions or []) < 10 else '10+'}"
    ] = 1.0
    named = _named(doc)
    counts = [named.get(c, 0) for c in draft.parties]
    f[f"least_named={min(min(counts, default=0), 3)}"] = 1.0
    first_line_end = text_of(doc).find("\n")
    _flag(f, "party_in_first_line", any((p.get("start") or 0) < first_line_end for p in parties))
    _flag(f, "one_word_party", any(len(c.split()) == 1 for c in draft.parties))
    for p in parties:
        f[f"source={p.get('source')}"] = 1.0
        f[f"kind={p.get('kind') or 'none'}"] = 1.0
        f[f"label={p.get('label')}"] = 1.0
    _flag(f, "amount", draft.amount is not None)
    _flag(f, "amount_follow_up", draft.amount is not None and sig.amount_follow_up)
    _flag(f, "stake", draft.stake is not None)
    _flag(f, "price", draft.price is not None)
    _flag(f, "duration", draft.duration is not None)
    _flag(f, "dates", bool(draft.dates))
    f[f"rule_status={draft.status}"] = 1.0
    f[f"{STATUS}how={draft.status_how}"] = 1.0
    for name in ("generic", "indefinite", "definite"):
        _flag(f, name, getattr(draft, name))
    for name in ("by_syntax", "stand_in", "passive", "perfect", "lent_target", "split_from_list"):
        _flag(f, name, getattr(sig, name))
    f[f"single_ok={draft.single_ok}"] = 1.0
    f["explicit_slots"] = min(sig.explicit_slots, 2) / 2
    _flag(f, "crowded_sentence", sig.n_triggers > 2)
    _flag(f, "repeated", sig.mentions + sig.follow_ups > 1)
    _flag(f, "evidence_2plus", len(draft.sentences) >= 2)
    indices = [s[2] for s in draft.sentences] or [0]
    _flag(f, "in_first_segment", min(indices) == 0)
    _flag(f, "only_first_segment", max(indices) == 0)
    _flag(f, "late_in_article", min(indices) > 6)
    text = text_of(doc)
    for start, end, _ in draft.sentences[:3]:
        sent = _sentence(doc, start, end)
        if sent is None:
            continue
        for cue in S.cues(doc, sent):
            f[f"cue={cue[0]}"] = 1.0
        said = text[start:end]
        _flag(f, "question", said.rstrip().endswith("?"))
        _flag(f, "quoted", any(q in said for q in '«"“'))
        for tok in sent:
            _flag(f, "negation", tok.lower_ == "non")
            if tok.morph:
                _flag(f, "future_tense", "Fut" in tok.morph.get("Tense", None))
                _flag(f, "past_tense", "Past" in tok.morph.get("Tense", None) and tok.pos_ in ("VERB", "AUX"))
    f.update(status_features(doc, draft))
    return f


# A clause ends at a semicolon, colon, dash, bracket, quote or line break, or before a clause opener ("..., mentre",
# "ma"): a cue past it (an aside, a quote, the next clause) speaks of another event or voice than the deal's.
_OPENERS = "|".join(re.escape(w) for w in sorted(CLAUSE_OPENERS - {"e", "che", "come"}, key=len, reverse=True))
_CLAUSE_END = re.compile(rf"[;:()\[\]–—«»“”\"\n]|[,\s]\s*(?=(?:{_OPENERS})\b)", re.I)


def _clause(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """Character bounds of the clause of the sentence [start, end) that holds offset ``at``."""
    lo, hi = start, end
    for m in _CLAUSE_END.finditer(text, start, end):
        if m.end() <= at:
            lo = m.end()
        elif m.start() > at:
            hi = m.start()
            break
    return lo, hi


def status_features(doc: Doc, draft) -> dict[str, float]:
    """The status cues and hearsay conditionals in the deal word's own clause: a cue of the next clause ("..., mentre
    X smentisce") or of another sentence speaks of another event. (Measured out of fold and dropped: the nearest cue,
    the mood and tense of the governing verb, a headline, the article's hearsay.)"""
    f: dict[str, float] = {}
    at = draft.signals.trigger_char
    start, end = draft.sentences[0][:2] if draft.sentences else (at, at)
    sent = _sentence(doc, start, end)
    if sent is None:
        return f
    lo, hi = _clause(text_of(doc), sent.start_char, sent.end_char, at)
    found = S.cues(doc, sent)
    for cue in found:
        if lo <= cue[3] < hi:
            f[f"{STATUS}clause_cue={cue[0]}"] = 1.0
    # the rules read talks from the deal words themselves (a memorandum to buy), not from a cue
    _flag(f, f"{STATUS}talks_without_cue", draft.status == "negotiating" and all(c[0] != "negotiating" for c in found))
    _flag(f, f"{STATUS}conditional_in_clause", any(lo <= h < hi for h in S.conditional_tokens(doc, sent)))
    return f


def _word_before(doc: Doc, start: int) -> str:
    span = doc.char_span(start, start + 1, alignment_mode="expand") if start < len(text_of(doc)) else None
    if span is None or span.start == 0:
        return "none"
    prev = doc[span.start - 1]
    return prev.lower_ if prev.is_alpha or prev.is_punct else "other"


def party_features(doc: Doc, draft, canon: str) -> dict[str, float]:
    p = draft.parties[canon]
    sig = draft.signals
    deal_type, rule_role, slot = draft.deal_type, p.get("role"), p.get("slot") or "none"
    before = "before" if (p.get("start") or 0) < sig.trigger_char else "after"
    f = {
        "bias": 1.0,
        f"type={deal_type}": 1.0,
        f"rule_role={rule_role}": 1.0,
        f"type={deal_type}|rule_role={rule_role}": 1.0,
        f"slot={slot}": 1.0,
        f"type={deal_type}|slot={slot}": 1.0,
        f"side={before}": 1.0,
        f"type={deal_type}|side={before}": 1.0,
        f"label={p.get('label')}": 1.0,
        f"kind={p.get('kind') or 'none'}": 1.0,
        f"source={p.get('source')}": 1.0,
        f"parties={min(len(draft.parties), 3)}": 1.0,
    }
    if sig.passive:
        f[f"passive|rule_role={rule_role}"] = 1.0
    first = min(draft.parties.values(), key=lambda q: q.get("start") or 0)
    _flag(f, "first_named", first is p)
    before_word = _word_before(doc, p.get("start") or 0)
    f[f"word_before={before_word}"] = 1.0
    f[f"type={deal_type}|word_before={before_word}|side={before}"] = 1.0
    for rule_id in draft.trigger_ids:
        f[f"rule={rule_id}|side={before}"] = 1.0
        f[f"rule={rule_id}|slot={slot}"] = 1.0
        f[f"rule={rule_id}|rule_role={rule_role}"] = 1.0
    return f


def attachment_features(doc: Doc, draft, item: dict, kind: str) -> dict[str, float]:
    """An amount, stake or date the rules attached to the candidate, as belonging to it (``kind``: amount, stake,
    date): where it sits against the deal word, the two words before it, its own shape."""
    text = text_of(doc)
    trigger = draft.signals.trigger_char
    start = item.get("start") or 0
    distance = abs(start - trigger)
    first = draft.sentences[0] if draft.sentences else (0, 0, 0)
    before = text[max(0, start - 30) : start].lower().split()[-2:]
    f = {
        "bias": 1.0,
        f"type={draft.deal_type}": 1.0,
        f"side={'before' if start < trigger else 'after'}": 1.0,
        f"distance={'<20' if distance < 20 else '<60' if distance < 60 else '<150' if distance < 150 else 'far'}": 1.0,
    }
    _flag(f, "trigger_sentence", first[0] <= start < first[1])
    _flag(f, "first_segment", start < (text.find("\n") if "\n" in text else len(text)))
    for k, word in enumerate(before):
        f[f"w-{len(before) - k}={word.strip('.,;:()«»“”')}"] = 1.0
    if kind == "amount":
        _flag(f, "approximate", item.get("approximate"))
        _flag(f, "currency_inferred", item.get("currency_inferred"))
        _flag(f, "range", item.get("upper"))
        _flag(f, "follow_up", draft.signals.amount_follow_up)
        value = float(item.get("value") or 0)
        f[f"magnitude={'<1M' if value < 1e6 else '<100M' if value < 1e8 else '<10B' if value < 1e10 else 'huge'}"] = 1.0
    elif kind == "date":
        date_value: str = item.get("value") or ""
        f[f"date_role={item.get('role') or 'none'}"] = 1.0
        f[
            f"granularity={'year' if len(date_value) == 4 else 'period' if '-Q' in date_value or '-H' in date_value else 'month' if len(date_value) == 7 else 'day'}"
        ] = 1.0
        _flag(f, "is_published", doc._.published and date_value == doc._.published)
    return f
