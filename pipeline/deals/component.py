"""The ``accordi_deals`` component: triggers, parties in roles, linking, status, confidence."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..names import fold
from . import confidence, linking
from ..doctext import text_of


def _amount(a):
    if not a:
        return None
    keep = ("value", "currency", "approximate", "upper", "currency_inferred", "confidence", "text", "start", "end")
    return {k: a[k] for k in keep if k in a}


def _party_names(doc: Doc) -> dict[str, list[tuple[str, int, int]]]:
    by_canon: dict[str, list] = {}
    for m in doc._.party_mentions or []:
        canon = m.get("canonical") or m.get("text")
        by_canon.setdefault(canon, []).append((m.get("text") or text_of(doc)[m["start"]:m["end"]], m["start"], m["end"]))
    return by_canon


def _bare_common_noun(text: str) -> bool:
    """'la società', 'il fondo': a pronoun-like mention is no alias worth reporting."""
    words = fold(text).split()
    return len(words) <= 1 and text[:1].islower() or (len(words) == 1 and fold(text) in _GENERIC)


_GENERIC = {"societa", "azienda", "gruppo", "fondo", "banca", "compagnia", "holding", "istituto", "startup", "colosso"}


def records(doc: Doc) -> list[dict]:
    drafts = linking.build(doc)
    names = _party_names(doc)
    out = []
    for d in drafts:
        parties = []
        for canon, p in d.parties.items():
            seen, aliases = {canon.lower()}, []
            for text, _, _ in names.get(canon, []):
                if text.lower() not in seen and not _bare_common_noun(text):
                    seen.add(text.lower())
                    aliases.append(text)
            parties.append({"name": canon, "aliases": aliases, "role": p["role"], "start": p["start"], "end": p["end"]})
        spans = sorted(d.sentences)
        feats = confidence.features(d)
        out.append({
            "deal_type": d.deal_type if d.deal_type != "other" else "other",
            "parties": parties,
            "amount": _amount(d.amount),
            "stake_percent": d.stake["percent"] if d.stake else None,
            "price_per_share": ({k: d.price[k] for k in ("value", "currency", "currency_inferred", "text", "start", "end") if k in d.price}
                                if d.price else None),
            "duration": ({k: d.duration.get(k) for k in ("iso", "vague", "text", "start", "end")} if d.duration else None),
            "dates": [{k: x.get(k) for k in ("value", "role", "text", "start", "end")} for x in sorted(d.dates, key=lambda x: x["start"])],
            "status": d.status,
            "evidence": [text_of(doc)[a:b] for a, b, _ in spans],
            "evidence_spans": [{"text": text_of(doc)[a:b], "start": a, "end": b} for a, b, _ in spans],
            "confidence": confidence.score(feats),
            "signals": feats,  # not part of the schema; kept on the Doc for calibration
        })
    out.sort(key=lambda r: r["evidence_spans"][0]["start"] if r["evidence_spans"] else 0)
    return out


@Language.factory("accordi_deals")
def make_deals(nlp, name):
    def deals(doc):
        doc._.deals = records(doc)
        return doc
    return deals
