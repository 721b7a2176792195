"""The learned decisions on candidate records: keep it (and how sure), its status, each party's role, and which
of the amount, stake and dates the rules attached belong to it.

Weights are plain JSON (``weights/deal_model.json``), written by ``accordi train`` (``pipeline/evaluate/train.py``)
and read here without executing anything: each decision is a linear model over the named features of
:mod:`pipeline.deals.features`, a softmax over classes (or a logistic for keep), and keep's probability is
calibrated by a Platt mapping fitted on out-of-fold predictions.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .features import STATUS

WEIGHTS = Path(__file__).resolve().parent / "weights" / "deal_model.json"
FORMAT = 1


class WeightsError(ValueError):
    pass


@dataclass(frozen=True)
class Linear:
    """One linear decision: ``classes`` × ``features`` weights and an intercept per class."""

    classes: tuple
    index: dict  # feature name -> column
    coef: tuple  # per class, a tuple of weights
    intercept: tuple

    @classmethod
    def from_json(cls, data: dict, name: str) -> "Linear":
        try:
            features = list(data["features"])
            coef = [tuple(float(w) for w in row) for row in data["coef"]]
            intercept = tuple(float(b) for b in data["intercept"])
            classes = tuple(data.get("classes") or (0, 1))
        except (KeyError, TypeError, ValueError) as err:
            raise WeightsError(f"{name}: malformed weights ({err})") from None
        if any(len(row) != len(features) for row in coef) or len(coef) != len(intercept):
            raise WeightsError(f"{name}: weights and features do not line up")
        return cls(classes, {f: i for i, f in enumerate(features)}, tuple(coef), intercept)

    def scores(self, feats: dict[str, float]) -> list[float]:
        cols = [(self.index[k], v) for k, v in feats.items() if k in self.index]
        return [b + sum(row[i] * v for i, v in cols) for row, b in zip(self.coef, self.intercept)]

    def contributions(self, feats: dict[str, float], row: int = 0) -> list[tuple[str, float]]:
        out = [(k, self.coef[row][self.index[k]] * v) for k, v in feats.items() if k in self.index]
        return sorted(out, key=lambda kv: -abs(kv[1]))


def sigmoid(z: float) -> float:
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


# Statuses a record takes only from words that say so (hearsay, a denial, talks, an approval): the learned status
# may not give one on its priors alone ("un'offerta per X" is not withdrawn because many offers in the news were).
NEEDS_A_CUE = frozenset({"rumored", "cancelled", "negotiating", "approved"})


def gated_status(probs: dict[str, float], rule: str, gate: float, kept: tuple, feats: dict[str, float]) -> str:
    """The learned status (``probs``: class -> probability) or the rules' ``rule``: the rules' stands when it is one
    of ``kept`` or when the learned one is less probable than ``gate``; a status that needs a cue is chosen only
    when a cue of it is among ``feats``."""
    if rule in kept:
        return rule
    said = {k.split("=", 1)[1] for k in feats if k.startswith(("cue=", f"{STATUS}clause_cue="))}
    allowed = {s: p for s, p in probs.items() if s == rule or s not in NEEDS_A_CUE or s in said}
    if not allowed:
        return rule
    best = max(allowed, key=lambda s: allowed[s])
    return best if best == rule or allowed[best] >= gate else rule


@dataclass(frozen=True)
class DealModel:
    keep: Linear
    platt: tuple  # (a, b): probability = sigmoid(a * score + b)
    threshold: float  # records whose calibrated probability is below it are dropped
    status: Optional[Linear]
    status_gate: float  # the learned status replaces the rules' only when at least this probable
    status_kept: tuple  # the rules' statuses the learned one never replaces (hearsay, denials)
    role: Optional[Linear]
    allowed_roles: dict  # deal type -> roles seen with it in training
    attach: dict  # amount | stake | date -> (Linear, threshold): what is dropped from a kept record

    @classmethod
    def load(cls, path: str | Path = WEIGHTS) -> "DealModel":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise WeightsError(f"{path}: cannot read the deal model ({err})") from None
        if data.get("format") != FORMAT:
            raise WeightsError(f"{path}: format {data.get('format')!r}, expected {FORMAT}")
        keep = data["keep"]
        return cls(
            keep=Linear.from_json(keep, "keep"),
            platt=(float(keep["platt"][0]), float(keep["platt"][1])),
            threshold=float(keep["threshold"]),
            status=Linear.from_json(data["status"], "status") if data.get("status") else None,
            status_gate=float((data.get("status") or {}).get("gate", 0.0)),
            status_kept=tuple((data.get("status") or {}).get("kept") or ()),
            role=Linear.from_json(data["role"], "role") if data.get("role") else None,
            allowed_roles={k: tuple(v) for k, v in (data.get("allowed_roles") or {}).items()},
            attach={
                kind: (Linear.from_json(w, f"attach {kind}"), float(w["threshold"]))
                for kind, w in (data.get("attach") or {}).items()
            },
        )

    def probability(self, feats: dict[str, float]) -> float:
        a, b = self.platt
        return sigmoid(a * self.keep.scores(feats)[0] + b)

    def status_of(self, feats: dict[str, float], default: str) -> str:
        if self.status is None:
            return default
        probs = dict(zip(self.status.classes, softmax(self.status.scores(feats))))
        return gated_status(probs, default, self.status_gate, self.status_kept, feats)

    def role_of(self, feats: dict[str, float], deal_type: str, default: str) -> str:
        if self.role is None:
            return default
        allowed = self.allowed_roles.get(deal_type) or self.role.classes
        scores = self.role.scores(feats)
        ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
        return next((self.role.classes[i] for i in ranked if self.role.classes[i] in allowed), default)

    def belongs(self, kind: str, feats: dict[str, float]) -> bool:
        """Does this amount / stake / date belong to the record (True where no model was learned for the kind)?"""
        if kind not in self.attach:
            return True
        linear, threshold = self.attach[kind]
        return sigmoid(linear.scores(feats)[0]) >= threshold

    def explain(self, feats: dict[str, float], top: int = 8) -> list[dict]:
        return [{"feature": k, "weight": round(w, 3)} for k, w in self.keep.contributions(feats)[:top]]
