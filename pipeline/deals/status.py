"""A deal's status from the words around its trigger.

Sentence-wide cues first (a denial, then a rumour: source attribution or a verb in the conditional
mood), then the cue nearest to the trigger, then the verb form of the trigger itself.
"""

from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc, Span

from .lexicon import deal_type as type_rule, rules_of
from ..doctext import has, span_text, text_of

# Conditional mood on the blank pipeline: -rebbe/-rebbero endings. Modals (dovrebbe, potrebbe) state
# expectations and plans, not rumours.
_CONDITIONAL = re.compile(r"\b\w+(?:rebbe|rebbero)\b", re.I)
_NOT_RUMOR = re.compile(
    r"^(dov|pot|vor)r?ebbe(ro)?$|^(dovrebbe|dovrebbero|potrebbe|potrebbero|vorrebbe|vorrebbero)$", re.I
)
_MODALS = {"dovere", "potere", "volere"}


def conditional_tokens(doc: Doc, sent: Span) -> list[int]:
    """Character offsets of conditional verbs that mark hearsay."""
    hits = []
    if has(doc, "MORPH"):
        for tok in sent:
            if (
                "Cnd" in tok.morph.get("Mood", None)
                and tok.lemma_.lower() not in _MODALS
                and not _NOT_RUMOR.match(tok.lower_)
            ):
                hits.append(tok.idx)
    for m in _CONDITIONAL.finditer(span_text(sent)):
        if not _NOT_RUMOR.match(m.group(0)):
            hits.append(sent.start_char + m.start())
    # a conditional in a relative clause is counterfactual
    text = text_of(doc)
    hits = [h for h in hits if not re.search(r"\b(che|cui|quale|se)\s+(non\s+)?$", text[max(0, h - 12) : h], re.I)]
    return sorted(set(hits))


def cues(doc: Doc, sent: Span) -> tuple[tuple[str, str, int, int, int], ...]:
    """(status, scope, rank, char offset, match length) for every cue in the sentence (computed once per sentence)."""
    memo = doc.user_data.setdefault("accordi_status_cues", {})
    key = f"{sent.start}:{sent.end}"  # a string: user_data must survive Doc.to_bytes
    if key not in memo:
        memo[key] = tuple(_cues(doc, sent))
    return memo[key]


def _cues(doc: Doc, sent: Span) -> list[tuple[str, str, int, int, int]]:
    found = []
    text = span_text(sent)
    for rule in rules_of(doc).status:
        for m in rule.pattern.finditer(text):
            found.append((rule.status, rule.scope, rule.rank, sent.start_char + m.start(), m.end() - m.start()))
    for offset in conditional_tokens(doc, sent):
        found.append(("rumored", "sentence", 8, offset, 1))
    return found


def decide(
    doc: Doc, sent: Span, trigger_char: int, zone: tuple[int, int], perfect: bool, deal_type: str
) -> tuple[str, str]:
    """(status, how): how is 'cue' for a word cue, 'verb' for the trigger's tense, 'default'."""
    found = cues(doc, sent)
    sentence_wide = [c for c in found if c[1] == "sentence"]
    if sentence_wide:
        best = max(sentence_wide, key=lambda c: (c[2], -abs(c[3] - trigger_char)))
        return best[0], "cue"
    refusals = [c for c in found if c[1] == "near" and c[2] >= 9 and abs(c[3] - trigger_char) < 100]
    if refusals:
        return "cancelled", "cue"
    strong = [
        c for c in found if c[0] == "negotiating" and c[1] == "near" and abs(c[3] - trigger_char) < 80 and not c[4] <= 9
    ]  # short cues (potrebbe, studia) are too loose to override
    if strong:
        return "negotiating", "cue"
    near = [c for c in found if c[1] == "near" and zone[0] <= c[3] < zone[1]]
    if perfect:
        near.append((type_rule(deal_type, rules_of(doc)).perfect_status, "near", 6, trigger_char, 20))
    if near:
        best = min(near, key=lambda c: (_distance(c, trigger_char), -c[4], -c[2]))
        return best[0], "cue"
    return type_rule(deal_type, rules_of(doc)).default_status, "default"


def _distance(cue: tuple, trigger_char: int) -> int:
    """Characters from a cue to the trigger; 0 when the cue spans it ("Si è chiusa con successo l'Opa")."""
    start, length = cue[3], cue[4]
    return 0 if start <= trigger_char < start + length else abs(start - trigger_char)


def cue_status(doc: Doc, sent: Span) -> Optional[str]:
    """The strongest sentence-wide status of a follow-up sentence (rumor or denial), if any."""
    wide = [c for c in cues(doc, sent) if c[1] == "sentence"]
    return max(wide, key=lambda c: c[2])[0] if wide else None
