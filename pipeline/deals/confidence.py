"""Confidence of a deal record: a logistic mapping of evidence features, fitted on gold.

``confidence.json`` (next to this file) holds the weights; ``fit_confidence.py`` refits them on gold
folders (a record counts as right when it matches a gold record). Without the file, hand-set weights.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

WEIGHTS_FILE = Path(__file__).resolve().parent / "confidence.json"

FEATURES = (
    "bias", "strength", "two_parties", "three_plus_parties", "explicit_slots", "amount_same_sentence",
    "amount_follow_up", "rumored", "generic", "crowded_sentence", "repeated", "epithet_party",
    "single_party", "by_syntax", "default_status", "stand_in", "person_party", "evidence_2plus",
)

_DEFAULT = {
    "bias": -1.0, "strength": 1.5, "two_parties": 1.0, "three_plus_parties": 0.2, "explicit_slots": 0.3,
    "amount_same_sentence": 0.6, "amount_follow_up": 0.3, "rumored": -0.2, "generic": -0.4,
    "crowded_sentence": -0.3, "repeated": 0.6, "epithet_party": -0.2, "single_party": -0.5,
    "by_syntax": 0.2, "default_status": -0.2, "stand_in": -0.3, "person_party": -0.3, "evidence_2plus": 0.3,
}


def features(draft) -> dict[str, float]:
    sig = draft.signals
    n = len(draft.parties)
    sources = {p.get("source") for p in draft.parties.values()}
    return {
        "bias": 1.0,
        "strength": float(draft.strength),
        "two_parties": float(n >= 2),
        "three_plus_parties": float(n >= 3),
        "explicit_slots": float(min(sig.get("explicit_slots", 0), 2)) / 2,
        "amount_same_sentence": float(draft.amount is not None and not sig.get("amount_follow_up", False)),
        "amount_follow_up": float(draft.amount is not None and bool(sig.get("amount_follow_up", False))),
        "rumored": float(draft.status == "rumored"),
        "generic": float(bool(draft.generic)),
        "crowded_sentence": float(sig.get("n_triggers", 1) > 2),
        "repeated": float(sig.get("mentions", 1) + sig.get("follow_ups", 0) > 1),
        "epithet_party": float(bool(sources & {"epithet", "description", "coref"})),
        "single_party": float(n == 1),
        "by_syntax": float(bool(sig.get("by_syntax"))),
        "default_status": float(draft.status_how == "default"),
        "stand_in": float(bool(sig.get("stand_in"))),
        "person_party": float(any(p.get("label") == "PER" for p in draft.parties.values())),
        "evidence_2plus": float(len(draft.sentences) >= 2),
    }


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    if WEIGHTS_FILE.is_file():
        data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
        return {k: float(data["weights"].get(k, 0.0)) for k in FEATURES}
    return dict(_DEFAULT)


def score(feats: dict[str, float], w: dict[str, float] | None = None) -> float:
    w = w or weights()
    z = sum(w.get(k, 0.0) * v for k, v in feats.items())
    z = max(-30.0, min(30.0, z))
    return round(1.0 / (1.0 + math.exp(-z)), 4)
