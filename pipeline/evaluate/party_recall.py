"""Measure party mentions against gold folders (``python -m pipeline.evaluate.party_recall DIR...``).

- recall: a gold party (union over the article's deals) is found when some non-excluded mention's
  canonical name or surface text folds equal to the gold name or one of its aliases;
- precision proxy: canonical ORG parties emitted (with at least one non-excluded mention) that match
  no gold party, on articles with deals;
- alias resolution: each gold alias that is not a plain short form of the name (an epithet, acronym or
  description) is looked up in the text; it counts as resolved when a mention overlapping it has a
  canonical name that matches the gold party.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..names import fold


def gold_parties(gold: dict) -> dict[str, set]:
    parties: dict[str, set] = {}
    for deal in gold.get("deals", []):
        for p in deal.get("parties", []):
            parties.setdefault(p["name"], set()).update(p.get("aliases", []))
    return parties


def score_article(text: str, gold: dict, mentions: list[dict]) -> dict:
    parties = gold_parties(gold)
    live = [m for m in mentions if not m.get("excluded")]
    keys_of = {name: {fold(name)} | {fold(a) for a in aliases} for name, aliases in parties.items()}
    found, missed = [], []
    for name, keys in keys_of.items():
        if any(fold(m["canonical"]) in keys or fold(m["text"]) in keys for m in live):
            found.append(name)
        else:
            missed.append(name)
    emitted: dict[str, set[str]] = {}
    for m in live:
        if m["label"] == "ORG":
            emitted.setdefault(m["canonical"], set()).add(fold(m["text"]))
    spurious = []
    for canonical, forms in emitted.items():
        allkeys = forms | {fold(canonical)}
        if not any(allkeys & keys for keys in keys_of.values()):
            spurious.append(canonical)
    alias_ok: list[tuple[str, str, list[str]]] = []
    alias_bad: list[tuple[str, str, list[str]]] = []
    low = text.lower()
    for name, aliases in parties.items():
        for alias in aliases:
            if fold(alias) == fold(name) or fold(name).startswith(fold(alias) + " "):
                continue  # a plain short form: counted in recall already
            pos = low.find(alias.lower())
            if pos < 0:
                continue
            end = pos + len(alias)
            hits = [m for m in mentions if m["start"] < end and m["end"] > pos]
            good = any(fold(m["canonical"]) in keys_of[name] for m in hits)
            (alias_ok if good else alias_bad).append((alias, name, sorted({m["canonical"] for m in hits})))
    return {
        "found": found,
        "missed": missed,
        "spurious": spurious,
        "alias_ok": alias_ok,
        "alias_bad": alias_bad,
        "emitted": len(emitted),
        "gold": len(parties),
    }


def run(folders, model=None, verbose=False):
    from .. import assembly

    nlp = assembly.load_base(model) if model else assembly.blank_italian()
    nlp.add_pipe("accordi_parties")
    totals = {"gold": 0, "found": 0, "emitted": 0, "spurious": 0, "alias_ok": 0, "alias_all": 0}
    for folder in folders:
        for gpath in sorted(Path(folder).glob("*.json")):
            tpath = gpath.with_suffix(".txt")
            if not tpath.exists():
                continue
            gold = json.loads(gpath.read_text(encoding="utf-8"))
            text = tpath.read_text(encoding="utf-8")
            doc = nlp(text)
            r = score_article(text, gold, doc._.party_mentions or [])
            totals["gold"] += r["gold"]
            totals["found"] += len(r["found"])
            if gold.get("deals"):
                totals["emitted"] += r["emitted"]
                totals["spurious"] += len(r["spurious"])
            totals["alias_ok"] += len(r["alias_ok"])
            totals["alias_all"] += len(r["alias_ok"]) + len(r["alias_bad"])
            if verbose:
                print(
                    f"== {gpath.parent.name}/{gpath.stem}: found {len(r['found'])}/{r['gold']}"
                    f" missed={r['missed']} spurious={r['spurious'] if gold.get('deals') else '(negative)'}"
                )
                for a in r["alias_bad"]:
                    print("   alias not resolved:", a)
    recall = totals["found"] / totals["gold"] if totals["gold"] else 0.0
    prec = 1 - totals["spurious"] / totals["emitted"] if totals["emitted"] else 0.0
    alias = totals["alias_ok"] / totals["alias_all"] if totals["alias_all"] else 0.0
    print(
        f"parties recall {totals['found']}/{totals['gold']} = {recall:.3f}; "
        f"precision proxy {totals['emitted'] - totals['spurious']}/{totals['emitted']} = {prec:.3f}; "
        f"alias resolution {totals['alias_ok']}/{totals['alias_all']} = {alias:.3f}"
    )
    return totals


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--model", default=None, help="spaCy model name or path (default: blank Italian)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    run(args.folders, args.model, args.verbose)


if __name__ == "__main__":
    main()
