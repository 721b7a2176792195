"""The ``accordi_deals`` component: rules propose candidate records (``linking``), learned decisions
(``model``) keep them or not, set their status and their parties' roles, and say how sure they are."""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..names import fold
from ..resources import user_patterns
from . import features, linking
from .lexicon import DealRules, deal_rules, reading
from .model import WEIGHTS, DealModel
from ..doctext import text_of


def _amount(a):
    if not a:
        return None
    keep = ("value", "currency", "approximate", "upper", "currency_inferred", "confidence", "text", "start", "end")
    return {k: a[k] for k in keep if k in a}


def party_names(doc: Doc) -> dict[str, list[tuple[str, int, int]]]:
    by_canon: dict[str, list] = {}
    for m in doc._.party_mentions or []:
        canon = m.get("canonical") or m.get("text")
        by_canon.setdefault(canon, []).append(
            (m.get("text") or text_of(doc)[m["start"] : m["end"]], m["start"], m["end"])
        )
    return by_canon


def _bare_common_noun(text: str) -> bool:
    """'la società', 'il fondo': a pronoun-like mention is no alias worth reporting."""
    words = fold(text).split()
    return len(words) <= 1 and text[:1].islower() or (len(words) == 1 and fold(text) in _GENERIC)


_GENERIC = {"societa", "azienda", "gruppo", "fondo", "banca", "compagnia", "holding", "istituto", "startup", "colosso"}


def decide(doc: Doc, drafts: list, model: Optional[DealModel]) -> list[tuple]:
    """(draft, confidence, explanation) for the candidates the model keeps, with its status and roles applied.
    Without a model, every candidate is kept as the rules left it (confidence 0.5)."""
    out: list[tuple] = []
    for d in drafts:
        if model is None:
            out.append((d, 0.5, []))
            continue
        feats = features.record_features(doc, d, len(drafts))
        probability = model.probability(feats)
        if probability < model.threshold:
            continue
        d.status = model.status_of(feats, d.status)
        if d.amount is not None and not model.belongs(
            "amount", features.attachment_features(doc, d, d.amount, "amount")
        ):
            d.amount = None
        if d.stake is not None and not model.belongs("stake", features.attachment_features(doc, d, d.stake, "stake")):
            d.stake = None
        d.dates = [x for x in d.dates if model.belongs("date", features.attachment_features(doc, d, x, "date"))]
        for canon, party in d.parties.items():
            party["role"] = model.role_of(features.party_features(doc, d, canon), d.deal_type, party["role"])
        out.append((d, round(probability, 4), model.explain(feats)))
    return out


def to_record(doc: Doc, names: dict, d, probability: float, explanation: list) -> dict:
    parties = []
    for canon, p in d.parties.items():
        seen, aliases = {canon.lower()}, []
        for text, _, _ in names.get(canon, []):
            if text.lower() not in seen and not _bare_common_noun(text):
                seen.add(text.lower())
                aliases.append(text)
        parties.append({"name": canon, "aliases": aliases, "role": p["role"], "start": p["start"], "end": p["end"]})
    spans = sorted(d.sentences)
    return {
        "deal_type": d.deal_type,
        "parties": parties,
        "amount": _amount(d.amount),
        "stake_percent": d.stake["percent"] if d.stake else None,
        "price_per_share": (
            {k: d.price[k] for k in ("value", "currency", "currency_inferred", "text", "start", "end") if k in d.price}
            if d.price
            else None
        ),
        "duration": ({k: d.duration.get(k) for k in ("iso", "vague", "text", "start", "end")} if d.duration else None),
        "dates": [
            {k: x.get(k) for k in ("value", "role", "text", "start", "end")}
            for x in sorted(d.dates, key=lambda x: x["start"])
        ],
        "status": d.status,
        "evidence": [text_of(doc)[a:b] for a, b, _ in spans],
        "evidence_spans": [{"text": text_of(doc)[a:b], "start": a, "end": b} for a, b, _ in spans],
        "confidence": probability,
        "explain": explanation,
    }


def records(doc: Doc, model: Optional[DealModel] = None) -> list[dict]:
    names = party_names(doc)
    out = [to_record(doc, names, d, p, e) for d, p, e in decide(doc, linking.build(doc), model)]
    out.sort(key=lambda r: r["evidence_spans"][0]["start"] if r["evidence_spans"] else 0)
    return out


class DealsComponent:
    """Holds its rule set and learned decisions; keeps nothing of the documents it reads."""

    def __init__(self, rules: DealRules, model: Optional[DealModel]):
        self.rules = rules
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        with reading(doc, self.rules):
            doc._.deals = records(doc, self.model)
        return doc


@Language.factory(
    "accordi_deals",
    default_config={"weights": str(WEIGHTS), "patterns": None},
    requires=[
        "doc._.amounts",
        "doc._.prices",
        "doc._.stakes",
        "doc._.durations",
        "doc._.dates",
        "doc._.party_mentions",
    ],
    assigns=["doc._.deals"],
)
def make_deals(nlp: Language, name: str, weights: str, patterns: Optional[str]) -> DealsComponent:
    """``weights``: the learned decisions' JSON; an empty string keeps every candidate as the rules left it.
    ``patterns``: user rule folders (joined by ``os.pathsep``) read on top of the shipped rules; None: this
    process's (:func:`pipeline.resources.use_patterns`) when the component is built."""
    rules = deal_rules(user_patterns() if patterns is None else patterns)
    return DealsComponent(rules, DealModel.load(weights) if weights else None)
