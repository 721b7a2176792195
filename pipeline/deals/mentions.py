"""The party mentions a deal may rest on: the mention layer's, minus advisers, sources, regulators, post holders,
products and words that only look like names."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .drafts import Mention
from .lexicon import rules_of
from ..doctext import has


def _mentions(doc: Doc) -> tuple[list[Mention], set[int]]:
    product_nouns = rules_of(doc).lists["product_nouns"]
    out: list[Mention] = []
    blocked: set[int] = set()
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
            head = span.start + (
                1
                if span[0].lower_ in rules_of(doc).lists["definite"]
                or span[0].lower_ in ("un", "una", "uno", "un'", "un’")
                else 0
            )
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
        words = [t.lower_ for t in span if t.lower_ not in rules_of(doc).lists["definite"]]
        if len(words) == 1 and words[0] in _STAND_IN_HEADS and m.get("source") == "ner":
            continue  # "il Gruppo": a generic head stands in for the main party (slots._stand_in), it is no name
        if _source_or_advisor(doc, span) or m.get("kind") == "regulator":
            continue  # regulators approve deals; they are not their parties
        if m.get("label") == "PER" and (_holds_a_post(doc, span) or _listed_after(doc, span, post_holders)):
            post_holders.append(span)
            continue
        canonical, label = m.get("canonical") or m.get("text") or span.text, m.get("label", "ORG")
        led = m.get("role_of")
        if label == "PER" and led in named and not all(named[led]):
            canonical, label = led, "ORG"  # "Scaroni vedrebbe di buon occhio...": the executive acts for his company
        out.append(
            Mention(
                m.get("text") or span.text,
                m["start"],
                m["end"],
                span.start,
                span.end,
                canonical,
                label,
                m.get("source", "ner"),
                m.get("kind"),
            )
        )
    out.sort(key=lambda x: x.start)
    return out, blocked


_NOT_A_NAME_POS = {"ADV", "ADJ", "VERB", "AUX", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "NUM"}


def _is_deal_word(token) -> bool:
    word, rules = token.lower_, rules_of(token.doc)
    if any(rule.surface is not None and rule.surface.fullmatch(word) for rule in rules.triggers):
        return True
    return any(rule.pattern.fullmatch(word) for rule in rules.status)


def _holds_a_post(doc: Doc, span: Span) -> bool:
    """'Jensen Huang, CEO di Nvidia', 'l'azienda guidata da Sam Altman': the person is not a party."""
    posts = rules_of(doc).lists["person_posts"]
    sent_start = span.sent.start if has(doc, "SENT_START") else 0
    window = list(doc[max(sent_start, span.start - 6) : span.start]) + list(doc[span.end : span.end + 4])
    return any(t.lower_ in posts for t in window)


def _source_or_advisor(doc: Doc, span: Span) -> bool:
    lists = rules_of(doc).lists
    before = [t.lower_ for t in doc[max(0, span.start - 3) : span.start]]
    if before and (
        before[-1] in lists["source_cues"]
        or (
            len(before) >= 2
            and before[-2] in lists["source_cues"]
            and before[-1] in ("il", "la", "lo", "l'", "l’", "i")
        )
    ):
        return True
    after = []
    for t in doc[span.end : span.end + 8]:
        if t.text in (".", ";", "!", "?"):
            break  # the next sentence says nothing about this name
        if not t.is_punct:
            after.append(t.lower_)
    # "Mediobanca, advisor di Alfa" / "Lazard ha assistito Alfa" — but "Alfa è assistita da Lazard" is the client
    return any(
        w in lists["advisor_cues"] and not (k and after[k - 1] in lists["passive_aux"]) for k, w in enumerate(after[:4])
    )


def _listed_after(doc: Doc, span: Span, holders: list[Span]) -> bool:
    """'creata da Alberto Dalmasso, Dario Brignone e Samuele Pinta': the whole list holds the post."""
    if not holders:
        return False
    prev = holders[-1]
    gap = doc[prev.end : span.start]
    return len(gap) <= 2 and all(t.text in (",", "e", "ed") for t in gap)


_STAND_IN_HEADS = {
    "azienda",
    "società",
    "gruppo",
    "colosso",
    "compagnia",
    "holding",
    "big",
    "startup",
    "banca",
    "fondo",
    "casa",
    "multinazionale",
    "player",
    "operatore",
    "realtà",
    "multiutility",
    "utility",
    "scale-up",
    "scaleup",
    "istituto",
    "maison",
    "club",
}
