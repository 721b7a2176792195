"""Deal triggers: words and phrases that introduce a deal, with their deal type.

Lemma match on a pipeline with a lemmatizer, surface regex everywhere (blank pipeline included).
Triggers joined by a few function words ("accordo per l'acquisizione", "round di finanziamento")
are fused into one: a generic head takes the type of the specific word next to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Span

from .lexicon import DealRules, TriggerRule, deal_type, rules_of
from ..doctext import has, text_of

# Function words that may sit between two triggers of one deal.
_GLUE = {
    "per",
    "di",
    "d'",
    "d’",
    "del",
    "della",
    "dello",
    "dell'",
    "dell’",
    "l'",
    "l’",
    "la",
    "il",
    "lo",
    "un",
    "una",
    "un'",
    "un’",
    "a",
    "ad",
    "al",
    "alla",
    "all'",
    "all’",
    "da",
    "e",
    "volto",
    "volta",
    "finalizzato",
    "finalizzata",
    "relativo",
    "relativa",
    "che",
    "prevede",
    "non",
    "vincolante",
    "strategico",
    "strategica",
    "quadro",
    "nuovo",
    "nuova",
    "massiccio",
    "preliminare",
    "definitivo",
    "vincolante",
}
_MAX_GLUE = 5
_MAX_PARTY_GAP = 9
# Parts of speech a lemma match may have; an adjective or a present participle ("rilevante" → rilevare) is not
# a deal word, and past participles used as adjectives ("la società acquisita") are caught by the surface forms.
_LEMMA_POS = ("NOUN", "VERB", "PROPN", "AUX", "")
_PRESENT_PARTICIPLE = ("ante", "ente", "anti", "enti")


@dataclass
class Trigger:
    rule: TriggerRule
    start: int  # token index
    end: int  # token index, exclusive
    deal_type: str
    strength: float
    generic: bool
    anaphor_only: bool
    single_ok: bool | str
    roles: dict
    rules: list = field(default_factory=list)
    head_end: int = -1  # end of the first word of a fused trigger: its objects start there

    def __post_init__(self):
        if self.head_end < 0:
            self.head_end = self.end

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.rules]


def _lemma_ok(lower: str, pos: str) -> bool:
    return pos in _LEMMA_POS and not lower.endswith(_PRESENT_PARTICIPLE)


def _lemma(token) -> str:
    return token.lemma_.lower() if token.lemma_ else ""


def _match_at(doc: Doc, i: int, rule: TriggerRule, use_lemma: bool) -> Optional[int]:
    """End token index of a match of ``rule`` starting at token ``i``, or None."""
    if rule.phrase:
        n = len(rule.phrase)
        if i + n > len(doc):
            return None
        for k, pattern in enumerate(rule.phrase):
            if not pattern.fullmatch(doc[i + k].lower_):
                return None
        return i + n
    token = doc[i]
    if use_lemma and rule.lemmas and _lemma(token) in rule.lemmas and _lemma_ok(token.lower_, token.pos_):
        return i + 1
    if rule.surface is not None and rule.surface.fullmatch(token.lower_):
        return i + 1
    return None


def _candidates(rules: DealRules, lower: str, lemma: str, pos: str, use_lemma: bool) -> tuple:
    """The rules (in rule order) whose first token can match a token with these attributes; memoised per word
    on the rule set."""
    memo = rules.first_rules
    key = (lower, lemma, pos, use_lemma)
    hit = memo.get(key)
    if hit is None:
        hit = tuple(
            r
            for r in rules.triggers
            if (
                r.phrase[0].fullmatch(lower)
                if r.phrase
                else (
                    (use_lemma and r.lemmas and lemma in r.lemmas and _lemma_ok(lower, pos))
                    or (r.surface is not None and r.surface.fullmatch(lower))
                )
            )
        )
        if len(memo) > 50_000:
            memo.clear()
        memo[key] = hit
    return hit


def find(doc: Doc, sent: Span, blocked: set[int]) -> list[Trigger]:
    """Triggers in one sentence; ``blocked`` token indices (inside party names) never trigger."""
    use_lemma = has(doc, "LEMMA")
    rules = rules_of(doc)
    found: list[Trigger] = []
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        candidates = _candidates(rules, tok.lower_, _lemma(tok), tok.pos_, use_lemma)
        if (
            not candidates
            or i in blocked
            or (_looks_like_a_name(doc, i, sent) and not all(r.title_ok for r in candidates))
        ):
            i += 1
            continue
        best = None
        for rule in candidates:
            end = _match_at(doc, i, rule, use_lemma)
            if end is not None and rule.not_after and i > 0 and doc[i - 1].lower_ in rule.not_after:
                end = None
            if (
                end is not None
                and rule.unless_next is not None
                and rule.unless_next.search(text_of(doc)[doc[end - 1].idx + len(doc[end - 1]) : doc[end - 1].idx + 80])
            ):
                end = None
            if (
                end is not None
                and end <= sent.end
                and (best is None or (end - i, rule.strength) > (best[1] - i, best[0].strength))
            ):
                best = (rule, end)
        if best is None:
            i += 1
            continue
        rule, end = best
        if deal_type(rule.deal_type, rules_of(doc)).goods_contract and _buys_goods(doc, end, sent.end, blocked):
            rule = next(r for r in rules_of(doc).triggers if r.goods)  # buying goods is a supply contract
        found.append(
            Trigger(
                rule,
                i,
                end,
                rule.deal_type,
                rule.strength,
                rule.generic,
                rule.anaphor_only,
                rule.single_ok,
                dict(rule.roles),
                [rule],
            )
        )
        i = end
    return _fuse(doc, found, blocked)


def _buys_goods(doc: Doc, end: int, limit: int, blocked: set[int]) -> bool:
    """Goods right after the deal word, not a word of a company's name ("acquisisce Gamma Servizi")."""
    goods = rules_of(doc).lists["goods"]
    return any(doc[k].lower_ in goods and k not in blocked for k in range(end, min(end + 3, limit)))


def _looks_like_a_name(doc: Doc, i: int, sent: Span) -> bool:
    """'Intesa' inside a sentence is the bank, not an agreement."""
    tok = doc[i]
    if not tok.is_title or i == sent.start:
        return False
    prev = doc[i - 1]
    return not (
        prev.is_punct or prev.is_space or prev.lower_ in ("l'", "l’", "un'", "un’", "d'", "d’", "dell'", "dell’")
    )


def _fuse(doc: Doc, triggers: list[Trigger], blocked: frozenset[int] | set[int] = frozenset()) -> list[Trigger]:
    out: list[Trigger] = []
    for trig in triggers:
        if out:
            prev = out[-1]
            gap = [doc[k].lower_ for k in range(prev.end, trig.start)]
            if len(gap) <= _MAX_GLUE and all(w in _GLUE for w in gap):
                out[-1] = _merge(prev, trig)
                continue
            if _verb_and_its_noun(doc, prev, trig, gap, blocked):
                out[-1] = _merge(prev, trig)
                continue
            # the generic word announces the specific one
            if (
                prev.generic
                and not trig.generic
                and not trig.anaphor_only
                and len(gap) <= _MAX_PARTY_GAP
                and "per" in gap[-3:]
                and not any(w in (".", ";", ":") for w in gap)
            ):
                out[-1] = _merge(prev, trig)
                continue
        out.append(trig)
    return out


def _merge(a: Trigger, b: Trigger) -> Trigger:
    # The specific word decides the type: "accordo per la vendita" is a sale, "round di finanziamento" a round.
    framed = a.rule.frame and b.deal_type != a.deal_type and not (b.generic or b.anaphor_only)
    head, other = (b, a) if framed or ((a.generic or a.anaphor_only) and not (b.generic or b.anaphor_only)) else (a, b)
    # a generic word's "partner" slots do not leak into a sale ("trattativa per rilevare X": X is the target)
    roles = {k: v for k, v in other.roles.items() if v != "partner" or deal_type(head.deal_type).symmetric}
    if framed:
        roles = {}  # a contract's customer/provider slots do not leak into the sale it frames
    roles.update(head.roles)
    return Trigger(
        head.rule,
        a.start,
        b.end,
        head.deal_type,
        max(a.strength, b.strength),
        a.generic and b.generic,
        a.anaphor_only and b.anaphor_only,
        "always" if "always" in (a.single_ok, b.single_ok) else a.single_ok or b.single_ok,
        roles,
        a.rules + b.rules,
        head_end=a.head_end,
    )


def _verb_and_its_noun(doc: Doc, verb: Trigger, noun: Trigger, gap: list[str], blocked) -> bool:
    """'si sono aggiudicate la gara per la fornitura di treni a Trenitalia': a deal verb and a deal noun of the
    same kind that its object governs, no party between them, are one deal told by the verb."""
    if verb.generic or noun.generic or noun.anaphor_only or verb.deal_type != noun.deal_type:
        return False
    if doc[verb.end - 1].pos_ not in ("VERB", "AUX") or doc[noun.start].pos_ != "NOUN":
        return False
    between = range(verb.end, noun.start)
    # "la gara per la fornitura", "un'importante commessa": through "per"/"di" or only determiners and adjectives
    governed = any(w in ("per", "di", "del", "della", "dello", "dell'", "dell’") for w in gap) or all(
        doc[k].pos_ in ("DET", "ADJ", "ADV", "NUM") for k in between
    )
    return len(gap) <= _MAX_PARTY_GAP and governed and not any(doc[k].is_punct or k in blocked for k in between)
