"""Learn the deal decisions of :mod:`pipeline.deals.model` from gold folders: ``accordi train``.

For every article of the gold folders, the rules propose candidate records (with each pipeline named, so the
decisions hold with and without a parser); a candidate is labelled right when it matches a gold record
(``accordi eval``'s rule), its status and its parties' roles take the matched gold's, and each amount, stake and
date the rules attached is right or not. L2-regularised logistic regressions (scikit-learn) learn keep, status,
role and the three attachments; keep's probability is calibrated with a Platt mapping fitted on the out-of-fold
scores of real news (folds by article, averaged over three fold draws), and the threshold that drops a candidate is
the one that maximises out-of-fold record F1 (the lowest within 0.005 of it). The status model's class weighting, its
gate (it overrules the rules' status only when at least that probable) and the rules' statuses it may not overrule
(hearsay, denials, talks) are chosen together by out-of-fold accuracy on real news (``corpus/real`` and the dev
set). Roles and attachments are learned only where the learned decision beats the rules out of fold (judged on real
articles when the folders hold enough of them); else the rules decide. The result is written as JSON
(``pipeline/deals/weights/deal_model.json``). Deterministic: fixed folds and seeds.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from ..deals.features import STATUS
from ..deals.model import FORMAT, gated_status, sigmoid

FOLDS = 5
REPEATS = 3
C_GRID = (0.1, 0.3, 1.0, 3.0)
SEED = 13
_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Rows:
    """Candidates with their features and labels, grouped by article."""

    keep: list = field(default_factory=list)  # (group, feats, right)
    status: list = field(default_factory=list)  # (group, feats, gold status, rule status)
    role: list = field(default_factory=list)  # (group, feats, gold role, rule role, deal type)
    attach: dict = field(default_factory=dict)  # kind -> [(group, feats, right)]
    attach_missed: Counter = field(default_factory=Counter)  # (kind, group) -> gold values the rules did not attach
    gold_records: Counter = field(default_factory=Counter)  # group -> gold records


def collect(sources: list[tuple[str, list]], models: list[Optional[str]]) -> Rows:
    """``sources``: (folder label, [(id, text, GoldArticle)]); every pipeline in ``models`` reads every article."""
    from ..deals import features, linking
    from ..deals.component import party_names, to_record
    from ..extractor import Extractor
    from .score import align_parties, match_records

    rows = Rows()
    for model in models:
        ext = Extractor(model, deal_weights="")
        for label, articles in sources:
            for article_id, text, gold in articles:
                group = f"{label}/{article_id}"
                doc = ext.nlp(ext.make_doc(text, gold.published), disable=["accordi_deals"])
                drafts = linking.build(doc)
                names = party_names(doc)
                recs = [to_record(doc, names, d, 0.5, []) for d in drafts]
                pairs = dict(match_records(recs, gold.deals))
                rows.gold_records[group] += len(gold.deals)
                for i, d in enumerate(drafts):
                    feats = features.record_features(doc, d, len(drafts))
                    rows.keep.append((group, feats, i in pairs))
                    if i not in pairs:
                        continue
                    g = gold.deals[pairs[i]]
                    rows.status.append((group, feats, g.status, d.status))
                    _attachments(rows, group, doc, d, g)
                    canons = list(d.parties)
                    for gi, pi in align_parties(recs[i]["parties"], g.parties).items():
                        rows.role.append(
                            (
                                group,
                                features.party_features(doc, d, canons[pi]),
                                g.parties[gi].role,
                                d.parties[canons[pi]]["role"],
                                d.deal_type,
                            )
                        )
    return rows


def _attachments(rows: Rows, group: str, doc, d, g) -> None:
    """Rows for the amount, stake and dates the rules attached to a matched candidate."""
    from ..deals import features
    from .score import amount_equal

    def add(kind, item, right):
        rows.attach.setdefault(kind, []).append((group, features.attachment_features(doc, d, item, kind), right))

    if d.amount is not None:
        add("amount", d.amount, amount_equal(d.amount, g.amount))
    rows.attach_missed["amount", group] += int(
        g.amount is not None and not (d.amount and amount_equal(d.amount, g.amount))
    )
    if d.stake is not None:
        add("stake", d.stake, g.stake_percent is not None and abs(d.stake["percent"] - g.stake_percent) < 0.01)
    rows.attach_missed["stake", group] += int(
        g.stake_percent is not None and not (d.stake and abs(d.stake["percent"] - g.stake_percent) < 0.01)
    )
    gold_dates = {x.value for x in g.dates if x.value}
    for item in d.dates:
        if item.get("value"):
            add("date", item, item["value"] in gold_dates)
    rows.attach_missed["date", group] += len(gold_dates - {x.get("value") for x in d.dates})


def _attachment_decisions(rows: Rows, weights: dict, report: dict) -> None:
    """Per kind, a keep/drop model and its threshold, shipped only where it beats keeping all out of fold on
    real articles (field F1, with the gold values the rules never attached counted as missed)."""
    from sklearn.feature_extraction import DictVectorizer

    weights["attach"] = {}
    for kind, data in sorted(rows.attach.items()):
        y = [bool(r) for _, _, r in data]
        if len(set(y)) < 2:
            continue
        fs, gs = [f for _, f, _ in data], [g for g, _, _ in data]
        c, _ = _choose_c(fs, y, gs, binary=True)
        oof = _oof(fs, y, gs, c, binary=True)
        real = [i for i, g in enumerate(gs) if g.startswith("real/") and oof[i] is not None]
        judged = real if len(real) >= 30 else [i for i in range(len(y)) if oof[i] is not None]
        missed = sum(n for (k, g), n in rows.attach_missed.items() if k == kind and g in {gs[i] for i in judged})

        def f1(t):
            tp = sum(1 for i in judged if y[i] and sigmoid(oof[i]) >= t)
            fp = sum(1 for i in judged if not y[i] and sigmoid(oof[i]) >= t)
            dropped = sum(1 for i in judged if y[i]) - tp
            return 2 * tp / (2 * tp + fp + missed + dropped) if tp else 0.0

        rules = f1(0.0)
        best_t = max((t / 20 for t in range(1, 19)), key=f1)
        report[f"attach_{kind}"] = {
            "examples": len(y),
            "C": c,
            "judged_on": len(judged),
            "threshold": best_t,
            "oof_f1_learned": round(f1(best_t), 4),
            "oof_f1_rules": round(rules, 4),
            "used": f1(best_t) > rules,
        }
        if f1(best_t) > rules:
            vec = DictVectorizer()
            model = _fit(vec.fit_transform(fs), y, c)
            weights["attach"][kind] = dict(_export(model, vec), threshold=best_t)


def _folds(groups: list[str], repeat: int = 0) -> dict[str, int]:
    names = sorted(set(groups))
    random.Random(SEED + repeat).shuffle(names)
    return {g: i % FOLDS for i, g in enumerate(names)}


def _fit(x, y, c, balanced: bool = False):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None).fit(x, y)


def _oof(feats: list[dict], y: list, groups: list[str], c: float, binary: bool, balanced: bool = False):
    """Out-of-fold scores (binary: decision values averaged over REPEATS fold draws, so the calibration does not
    hang on one arbitrary split) or predicted classes, folds by article."""
    if binary:
        runs = [_oof_once(feats, y, groups, c, True, balanced, r) for r in range(REPEATS)]
        return [
            None if any(run[i] is None for run in runs) else sum(run[i] for run in runs) / REPEATS
            for i in range(len(y))
        ]
    return _oof_once(feats, y, groups, c, False, balanced, 0)


def _oof_once(feats, y, groups, c, binary, balanced, repeat):
    out: list = [None] * len(y)
    for model, xt, test in _fold_models(feats, y, groups, c, balanced, repeat):
        for i, p in zip(test, model.decision_function(xt) if binary else model.predict(xt)):
            out[i] = p
    return out


def _fold_models(feats: list[dict], y: list, groups: list[str], c: float, balanced: bool, repeat: int):
    """(model fitted on the other folds, the held-out fold's features, its indices) for each fold of one draw."""
    from sklearn.feature_extraction import DictVectorizer

    fold_of = _folds(groups, repeat)
    for k in range(FOLDS):
        train = [i for i, g in enumerate(groups) if fold_of[g] != k]
        test = [i for i, g in enumerate(groups) if fold_of[g] == k]
        if not test or len({y[i] for i in train}) < 2:
            continue
        vec = DictVectorizer()
        model = _fit(vec.fit_transform([feats[i] for i in train]), [y[i] for i in train], c, balanced)
        yield model, vec.transform([feats[i] for i in test]), test


def _export(model, vec, classes: Optional[list] = None) -> dict:
    names = list(vec.get_feature_names_out())
    coef = [[round(float(w), 5) for w in row] for row in model.coef_]
    intercept = [round(float(b), 5) for b in model.intercept_]
    data = {"features": names, "coef": coef, "intercept": intercept}
    if classes is not None:
        data["classes"] = [str(c) for c in model.classes_]
    return data


def _platt(scores: list[float], right: list[bool]) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e6, max_iter=5000).fit([[s] for s in scores], right)
    return float(lr.coef_[0][0]), float(lr.intercept_[0])


MIN_REAL_NEWS_CALIBRATION = 100  # real-news candidates needed to fit the mapping on them alone


def _calibration(oof: list, right: list[bool], groups: list[str]) -> tuple[tuple[float, float], dict]:
    """The Platt mapping of keep's out-of-fold scores, fitted on the real news among them (accordi reads real news;
    the project-written corpus is easier and makes the mapping overconfident), or on every candidate when there are
    fewer than MIN_REAL_NEWS_CALIBRATION real-news ones. A choice between the two by cross-fitted error flipped
    between near-equal values whenever the training data moved by a few records. Reported: the real-news expected
    calibration error cross-fitted by article (each fold scored by a mapping fitted without it)."""
    from ..evaluate.score import expected_calibration_error

    rows = [(o, r, g) for o, r, g in zip(oof, right, groups) if o is not None]
    real = [x for x in rows if _real_news(x[2])]
    enough = len(real) >= MIN_REAL_NEWS_CALIBRATION and len({r for _, r, _ in real}) == 2
    fit_on, name = (real, "real news") if enough else (rows, "all")
    fold = _folds([g for _, _, g in fit_on])
    scored = []
    for k in range(FOLDS):
        train = [x for x in fit_on if fold[x[2]] != k]
        test = [x for x in fit_on if fold[x[2]] == k and _real_news(x[2])]
        if test and len({r for _, r, _ in train}) == 2:
            a, b = _platt([o for o, _, _ in train], [r for _, r, _ in train])
            scored += [(sigmoid(a * o + b), r) for o, r, _ in test]
    mapping = _platt([o for o, _, _ in fit_on], [r for _, r, _ in fit_on])
    return mapping, {"fitted_on": name, "oof_ece_real_news": round(expected_calibration_error(scored), 4)}


THRESHOLD_MARGIN = 0.005  # record F1 differences smaller than this move with the fold draw: not worth dropping records


def _best_threshold(probs: list[float], right: list[bool], gold_total: int) -> tuple[float, float]:
    """The lowest threshold whose out-of-fold record F1 is within THRESHOLD_MARGIN of the best one, and its F1."""
    scores = []
    for t in [i / 100 for i in range(0, 90)]:
        tp = sum(1 for p, r in zip(probs, right) if p >= t and r)
        fp = sum(1 for p, r in zip(probs, right) if p >= t and not r)
        fn = gold_total - tp
        scores.append((t, 2 * tp / (2 * tp + fp + fn) if tp else 0.0))
    top = max(f1 for _, f1 in scores)
    return next((t, f1) for t, f1 in scores if f1 >= top - THRESHOLD_MARGIN)


def _choose_c(feats, y, groups, binary: bool, balanced: bool = False) -> tuple[float, float]:
    """The C with the best out-of-fold log-loss (binary) or accuracy (classes)."""
    import math

    best: Optional[tuple[float, float]] = None
    for c in C_GRID:
        oof = _oof(feats, y, groups, c, binary, balanced)
        done = [(o, t) for o, t in zip(oof, y) if o is not None]
        if binary:
            score = -sum(-math.log(max(1e-9, sigmoid(o) if t else 1 - sigmoid(o))) for o, t in done) / len(done)
        else:
            score = sum(o == t for o, t in done) / len(done)
        if best is None or score > best[1]:
            best = (c, score)
    assert best is not None  # C_GRID is not empty
    return best


STATUS_GATES = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)  # 1.01: the rules' status always
# Statuses the rules give from a sentence-wide cue (hearsay, a denial): the model may be barred from overruling them,
# so that the few rumours and denials of the training news are not washed out by the common statuses.
STATUS_KEPT = (
    (),
    ("rumored",),
    ("cancelled",),
    ("rumored", "cancelled"),
    ("rumored", "negotiating"),
    ("rumored", "cancelled", "negotiating"),
)


def _real_news(group: str) -> bool:
    """Real news the deal rules were not written on (``real/...``) or were only partly (the dev set)."""
    return group.startswith("real/") or group.startswith("eval/dev")


def _status_decision(data: list, report: dict) -> Optional[dict]:
    """The status model, its class weighting, its gate (the learned status replaces the rules' only when it is at
    least that probable) and the rules' statuses it never overrules, chosen together by out-of-fold accuracy on real
    news; None when the rules alone do best.

    Balanced class weights lift the rare statuses (rumours, denials) but also call plain talks "cancelled"; the
    gate keeps the rules' status where the model is unsure, and a status that needs words (hearsay, a denial, talks,
    an approval) is given only where a cue of it is read (``model.gated_status``)."""
    from sklearn.feature_extraction import DictVectorizer

    y, fs, gs, rule = [r[2] for r in data], [r[1] for r in data], [r[0] for r in data], [r[3] for r in data]
    if len(set(y)) < 2:
        return None
    best: Optional[tuple] = None
    rules = 0.0
    for balanced in (False, True):
        c, _ = _choose_c(fs, y, gs, binary=False, balanced=balanced)
        probs = _oof_proba(fs, y, gs, c, balanced)
        judged = [i for i, g in enumerate(gs) if probs[i] is not None and _real_news(g)]
        judged = judged if len(judged) >= 30 else [i for i in range(len(y)) if probs[i] is not None]
        for kept in STATUS_KEPT:
            for gate in STATUS_GATES:
                accuracy = sum(gated_status(probs[i], rule[i], gate, kept, fs[i]) == y[i] for i in judged) / len(judged)
                rules = accuracy if gate > 1.0 else rules
                if best is None or accuracy > best[0] + 1e-9:
                    best = (accuracy, balanced, c, gate, kept, len(judged))
    assert best is not None
    accuracy, balanced, c, gate, kept, n = best
    report["status"] = {
        "examples": len(y),
        "C": c,
        "balanced": balanced,
        "gate": gate,
        "kept": list(kept),
        "judged_on": n,
        "oof_accuracy_learned": round(accuracy, 4),
        "oof_accuracy_rules": round(rules, 4),
        "used": gate <= 1.0,
    }
    if gate > 1.0:
        return None
    vec = DictVectorizer()
    model = _fit(vec.fit_transform(fs), y, c, balanced)
    return dict(_export(model, vec, classes=list(model.classes_)), gate=gate, kept=list(kept))


def _oof_proba(feats: list[dict], y: list, groups: list[str], c: float, balanced: bool) -> list:
    """Out-of-fold class probabilities ({class: p}), averaged over REPEATS fold draws, folds by article."""
    sums: list = [None] * len(y)
    for repeat in range(REPEATS):
        for model, xt, test in _fold_models(feats, y, groups, c, balanced, repeat):
            for i, row in zip(test, model.predict_proba(xt)):
                sums[i] = sums[i] or {}
                for label, p in zip(model.classes_, row):
                    sums[i][label] = sums[i].get(label, 0.0) + p / REPEATS
    return sums


def train(rows: Rows) -> tuple[dict, dict]:
    """(weights JSON, report of out-of-fold figures)."""
    from sklearn.feature_extraction import DictVectorizer
    from ..evaluate.score import expected_calibration_error

    report: dict = {}
    groups = [g for g, _, _ in rows.keep]
    feats = [{k: v for k, v in f.items() if not k.startswith(STATUS)} for _, f, _ in rows.keep]
    right = [bool(r) for _, _, r in rows.keep]
    c_keep, _ = _choose_c(feats, right, groups, binary=True)
    oof = _oof(feats, right, groups, c_keep, binary=True)
    (a, b), calibration = _calibration(oof, right, groups)
    probs = [sigmoid(a * o + b) if o is not None else 0.0 for o in oof]
    gold_total = sum(rows.gold_records.values())
    threshold, f1 = _best_threshold(probs, right, gold_total)
    tp_all = sum(right)
    report["keep"] = {
        "candidates": len(right),
        "right": tp_all,
        "gold_records": gold_total,
        "C": c_keep,
        "oof_record_f1_all_kept": round(2 * tp_all / (len(right) + gold_total), 4) if right else 0.0,
        "oof_record_f1_learned": round(f1, 4),
        "threshold": threshold,
        "oof_ece": round(expected_calibration_error([(p, r) for p, r in zip(probs, right) if p >= threshold]), 4),
        "calibration": calibration,
    }
    vec = DictVectorizer()
    keep_model = _fit(vec.fit_transform(feats), right, c_keep)
    keep = _export(keep_model, vec)
    keep["platt"] = [round(a, 5), round(b, 5)]
    keep["threshold"] = threshold
    weights = {"format": FORMAT, "keep": keep}
    weights["status"] = _status_decision(rows.status, report)
    data = rows.role
    y = [r[2] for r in data]
    weights["role"] = None
    if len(set(y)) >= 2:
        fs, gs = [r[1] for r in data], [r[0] for r in data]
        c, _ = _choose_c(fs, y, gs, binary=False)
        oof = _oof(fs, y, gs, c, binary=False)
        done = [(o, t, r[3], g) for o, t, r, g in zip(oof, y, data, gs) if o is not None]
        # Chosen on real articles when there are enough: the rules were written looking at the others.
        judged = [x for x in done if x[3].startswith("real/")]
        judged = judged if len(judged) >= 30 else done
        learned = sum(o == t for o, t, _, _ in judged) / len(judged)
        rules = sum(rr == t for _, t, rr, _ in judged) / len(judged)
        report["role"] = {
            "examples": len(y),
            "C": c,
            "judged_on": len(judged),
            "oof_accuracy_learned": round(learned, 4),
            "oof_accuracy_rules": round(rules, 4),
            "used": learned > rules,
        }
        if learned > rules:
            vec = DictVectorizer()
            model = _fit(vec.fit_transform(fs), y, c)
            weights["role"] = _export(model, vec, classes=list(model.classes_))
    _attachment_decisions(rows, weights, report)
    allowed: dict = {}
    for _, _, gold_role, _, deal_type in rows.role:
        allowed.setdefault(deal_type, set()).add(gold_role)
    weights["allowed_roles"] = {k: sorted(v) for k, v in sorted(allowed.items())}
    return weights, report


def sources_of(folders: list[Path], tune_fraction: float = 1.0) -> list[tuple[str, list]]:
    """Gold folders as (label, articles); ``tune_fraction`` < 1 keeps that share of a folder named ``tune``
    (a fixed sample by name, for the learning curve)."""
    from .gold import gold_articles

    out = []
    for folder in folders:
        articles = gold_articles(folder)
        if folder.name == "tune" and tune_fraction < 1.0:
            ids = sorted(a for a, _, _ in articles)
            random.Random(SEED).shuffle(ids)
            keep = set(ids[: max(1, round(len(ids) * tune_fraction))])
            articles = [a for a in articles if a[0] in keep]
        # the same label (and so the same folds) however the folder was named and wherever the checkout sits: the
        # project's own folders are labelled from its root, not from the checkout's directory name
        folder = folder.resolve()
        parent = "" if folder.parent == _ROOT else f"{folder.parent.name}/"
        out.append((f"{parent}{folder.name}", articles))
    return out


def write(weights: dict, report: dict, folders: list[Path], models: list, path: Path) -> None:
    weights = dict(weights)
    weights["trained_on"] = {
        "folders": [str(f) for f in folders],
        "models": [m or "default" for m in models],
        "date": date.today().isoformat(),
        "report": report,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(weights, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
