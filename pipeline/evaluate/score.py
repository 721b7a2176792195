"""Scoring predicted deal records against gold (ANNOTATION.md format).

Records match when they share at least two parties by name or alias (one when either record has a
single party); matching is one-to-one, best overlap first. Field scores (amount, duration, dates,
parties) are counted on matched pairs: a predicted value with no equal gold value is a false positive,
a gold value not predicted a false negative.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..names import fold

AMOUNT_TOLERANCE = 0.005  # relative


def _get(obj, name, default=None):
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def party_keys(party) -> set[str]:
    keys = {fold(_get(party, "name") or "")}
    keys.update(fold(a) for a in _get(party, "aliases") or [])
    return {k for k in keys if k}


def align_parties(pred_parties: list, gold_parties: list) -> dict[int, int]:
    """Maximum one-to-one alignment gold index -> pred index of parties sharing a name or alias.

    Name-to-name links are tried first, so a stray alias cannot steal a party from its own name.
    """
    pk = [party_keys(p) for p in pred_parties]
    gk = [party_keys(g) for g in gold_parties]
    pn = [fold(_get(p, "name") or "") for p in pred_parties]
    gn = [fold(_get(g, "name") or "") for g in gold_parties]
    edges = {
        gi: sorted((pi for pi in range(len(pk)) if gk[gi] & pk[pi]), key=lambda pi: pn[pi] != gn[gi])
        for gi in range(len(gk))
    }
    owner = _max_matching(edges, range(len(gk)))  # pred -> gold
    return {gi: pi for pi, gi in owner.items()}


def _max_matching(edges: dict[int, list[int]], order) -> dict[int, int]:
    """Maximum bipartite matching by augmenting paths; each left node tries its partners in list order.
    Returns right -> left."""
    owner: dict[int, int] = {}

    def augment(left: int, seen: set) -> bool:
        for right in edges.get(left, []):
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in order:
        augment(left, set())
    return owner


def shared_parties(pred, gold) -> int:
    """How many gold parties the predicted record names (each side counted once)."""
    return len(align_parties(_get(pred, "parties") or [], _get(gold, "parties") or []))


def records_match(pred, gold) -> bool:
    need = 1 if min(len(_get(pred, "parties") or []), len(_get(gold, "parties") or [])) <= 1 else 2
    return shared_parties(pred, gold) >= need


def match_records(preds: list, golds: list) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), greedy on shared parties then type and amount agreement."""
    candidates = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if records_match(p, g):
                score = (
                    shared_parties(p, g),
                    int(_get(p, "deal_type") == _get(g, "deal_type")),
                    int(amount_equal(_get(p, "amount"), _get(g, "amount"))),
                    -abs(len(_get(p, "parties") or []) - len(_get(g, "parties") or [])),
                )
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (c[0], -c[1], -c[2]), reverse=True)
    # As many pairs as possible (augmenting paths), each record trying its best-scored partners first.
    edges: dict[int, list[int]] = {}
    for _, i, j in candidates:
        edges.setdefault(i, []).append(j)
    owner = _max_matching(edges, dict.fromkeys(i for _, i, _ in candidates))  # gold -> pred
    return sorted((i, j) for j, i in owner.items())


def amount_equal(a, b) -> bool:
    if a is None or b is None:
        return False
    va, vb = float(_get(a, "value")), float(_get(b, "value"))
    if (_get(a, "currency") or "EUR") != (_get(b, "currency") or "EUR"):
        return False
    return abs(va - vb) <= AMOUNT_TOLERANCE * max(abs(vb), 1.0)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp=0, fp=0, fn=0):
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _field(prf: PRF, pred_value, gold_value, equal) -> None:
    if pred_value is None and gold_value is None:
        return
    if pred_value is not None and gold_value is not None and equal(pred_value, gold_value):
        prf.add(tp=1)
        return
    if pred_value is not None:
        prf.add(fp=1)
    if gold_value is not None:
        prf.add(fn=1)


def _party_counts(prf: PRF, pred_parties, gold_parties) -> None:
    tp = len(align_parties(pred_parties, gold_parties))
    prf.add(tp=tp, fp=len(pred_parties) - tp, fn=len(gold_parties) - tp)


def _date_values(record) -> set:
    return {_get(d, "value") for d in _get(record, "dates") or [] if _get(d, "value")}


def reliability(pairs: list[tuple[float, bool]], bins: int = 10) -> list[dict]:
    """Per non-empty equal-width confidence bin: its bounds, how many records, their mean confidence and the share
    that is right (a reliability diagram as numbers)."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if inside:
            out.append(
                {
                    "from": lo,
                    "to": hi,
                    "records": len(inside),
                    "confidence": sum(c for c, _ in inside) / len(inside),
                    "precision": sum(ok for _, ok in inside) / len(inside),
                }
            )
    return out


def expected_calibration_error(pairs: list[tuple[float, bool]], bins: int = 10) -> float:
    """Mean |confidence - accuracy| over equal-width confidence bins, weighted by bin size."""
    total = len(pairs)
    return sum(b["records"] / total * abs(b["confidence"] - b["precision"]) for b in reliability(pairs, bins))


@dataclass
class Scores:
    articles: int = 0
    records: PRF = field(default_factory=PRF)
    parties: PRF = field(default_factory=PRF)  # on matched records
    parties_article: PRF = field(default_factory=PRF)  # every party of every record, matched or not
    amount: PRF = field(default_factory=PRF)
    amount_article: PRF = field(default_factory=PRF)  # every amount of every record, matched or not
    dates_article: PRF = field(default_factory=PRF)
    duration: PRF = field(default_factory=PRF)
    dates: PRF = field(default_factory=PRF)
    stake: PRF = field(default_factory=PRF)
    status_right: int = 0
    type_right: int = 0
    role_right: int = 0
    role_total: int = 0
    matched: int = 0
    rumors_gold: int = 0
    rumors_found: int = 0
    negatives: int = 0
    negatives_empty: int = 0
    confidences: list = field(default_factory=list)  # (confidence, correct)
    status_confusion: dict = field(default_factory=dict)  # gold status -> predicted status -> count
    by_type: dict = field(default_factory=dict)  # deal type -> PRF of records matched with that type on both sides
    per_article: list = field(default_factory=list)

    def add_article(self, article_id: str, preds: list, golds: list) -> None:
        self.articles += 1
        pairs = match_records(preds, golds)
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        self.records.add(tp=len(pairs), fp=len(preds) - len(pairs), fn=len(golds) - len(pairs))
        if not golds:
            self.negatives += 1
            self.negatives_empty += int(not preds)
        for i, p in enumerate(preds):
            self.confidences.append((float(_get(p, "confidence", 0.5)), i in matched_p))
        for i, p in enumerate(preds):
            if i not in matched_p:
                self.parties_article.add(fp=len(_get(p, "parties") or []))
                self.amount_article.add(fp=int(_get(p, "amount") is not None))
                self.dates_article.add(fp=len(_date_values(p)))
        for j, g in enumerate(golds):
            if j not in matched_g:
                self.parties_article.add(fn=len(_get(g, "parties") or []))
                self.amount_article.add(fn=int(_get(g, "amount") is not None))
                self.dates_article.add(fn=len(_date_values(g)))
            if _get(g, "status") == "rumored":
                self.rumors_gold += 1
        for i, j in pairs:
            p, g = preds[i], golds[j]
            self.matched += 1
            _party_counts(self.parties, _get(p, "parties") or [], _get(g, "parties") or [])
            _party_counts(self.parties_article, _get(p, "parties") or [], _get(g, "parties") or [])
            pparties, gparties = _get(p, "parties") or [], _get(g, "parties") or []
            for gi, pi in align_parties(pparties, gparties).items():
                self.role_total += 1
                self.role_right += int(_get(pparties[pi], "role") == _get(gparties[gi], "role"))
            _field(self.amount, _get(p, "amount"), _get(g, "amount"), amount_equal)
            _field(self.amount_article, _get(p, "amount"), _get(g, "amount"), amount_equal)
            _field(
                self.duration, _get(_get(p, "duration"), "iso"), _get(_get(g, "duration"), "iso"), lambda a, b: a == b
            )
            _field(
                self.stake,
                _get(p, "stake_percent"),
                _get(g, "stake_percent"),
                lambda a, b: abs(float(a) - float(b)) < 0.01,
            )
            pd, gd = _date_values(p), _date_values(g)
            self.dates.add(tp=len(pd & gd), fp=len(pd - gd), fn=len(gd - pd))
            self.dates_article.add(tp=len(pd & gd), fp=len(pd - gd), fn=len(gd - pd))
            self.status_right += int(_get(p, "status") == _get(g, "status"))
            row = self.status_confusion.setdefault(_get(g, "status"), {})
            row[_get(p, "status")] = row.get(_get(p, "status"), 0) + 1
            self.type_right += int(_get(p, "deal_type") == _get(g, "deal_type"))
            if _get(g, "status") == "rumored" and _get(p, "status") == "rumored":
                self.rumors_found += 1
        typed = [(i, j) for i, j in pairs if _get(preds[i], "deal_type") == _get(golds[j], "deal_type")]
        typed_p, typed_g = {i for i, _ in typed}, {j for _, j in typed}
        for i, p in enumerate(preds):
            self.by_type.setdefault(_get(p, "deal_type"), PRF()).add(tp=int(i in typed_p), fp=int(i not in typed_p))
        for j, g in enumerate(golds):
            if j not in typed_g:
                self.by_type.setdefault(_get(g, "deal_type"), PRF()).add(fn=1)
        self.per_article.append({"id": article_id, "gold": len(golds), "predicted": len(preds), "matched": len(pairs)})

    def ece(self, bins: int = 10) -> float:
        return expected_calibration_error(self.confidences, bins)

    def precision_at(self, threshold: float) -> tuple[Optional[float], int]:
        sel = [ok for c, ok in self.confidences if c >= threshold]
        return (sum(sel) / len(sel) if sel else None), len(sel)

    def as_dict(self, per_article: bool = False) -> dict:
        """Aggregates only, unless ``per_article`` (never for a blind set: see corpus/real/README.md)."""
        p08, n08 = self.precision_at(0.8)
        m = self.matched or 1
        out = {
            "articles": self.articles,
            "records": self.records.as_dict(),
            "parties": self.parties.as_dict(),
            "parties_all_records": self.parties_article.as_dict(),
            "amount": self.amount.as_dict(),
            "amount_all_records": self.amount_article.as_dict(),
            "dates_all_records": self.dates_article.as_dict(),
            "duration": self.duration.as_dict(),
            "dates": self.dates.as_dict(),
            "stake": self.stake.as_dict(),
            "status_accuracy": round(self.status_right / m, 4),
            "type_accuracy": round(self.type_right / m, 4),
            "role_accuracy": round(self.role_right / self.role_total, 4) if self.role_total else 0.0,
            "rumor_recall": round(self.rumors_found / self.rumors_gold, 4) if self.rumors_gold else None,
            "rumors_gold": self.rumors_gold,
            "negatives": self.negatives,
            "negatives_empty": self.negatives_empty,
            "ece": round(self.ece(), 4),
            "precision_at_0.8": round(p08, 4) if p08 is not None else None,
            "records_at_0.8": n08,
            "reliability": [
                {k: round(v, 4) if isinstance(v, float) else v for k, v in b.items()}
                for b in reliability(self.confidences)
            ],
            "status_confusion": {g: dict(sorted(row.items())) for g, row in sorted(self.status_confusion.items())},
            "by_type": {t: prf.as_dict() for t, prf in sorted(self.by_type.items())},
        }
        if per_article:
            out["per_article"] = self.per_article
        return out


def score(pairs: Iterable[tuple[str, list, list]]) -> Scores:
    """``pairs``: (article id, predicted records, gold records)."""
    s = Scores()
    for article_id, preds, golds in pairs:
        s.add_article(article_id, preds, golds)
    return s
