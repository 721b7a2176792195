"""Parties: who the article names, and one canonical name for each of them.

``cluster(mentions)`` groups ``doc._.party_mentions`` into ``{canonical: [surface forms]}``.
"""

from __future__ import annotations

from typing import Iterable


def cluster(mentions: Iterable[dict], include_excluded: bool = False, labels=("ORG", "PER")) -> dict[str, list[str]]:
    """``{canonical: [every surface form, first-seen order]}``; parties whose every mention is
    excluded (advisors, news sources, products) are left out unless ``include_excluded``."""
    groups: dict[str, list[str]] = {}
    live: set = set()
    for m in sorted(mentions, key=lambda m: m["start"]):
        if m.get("label", "ORG") not in labels:
            continue
        canonical = m["canonical"]
        if m.get("excluded") and not include_excluded:
            groups.setdefault(canonical, [])
        else:
            live.add(canonical)
            forms = groups.setdefault(canonical, [])
            if m["text"] not in forms:
                forms.append(m["text"])
    if include_excluded:
        for m in mentions:
            forms = groups.setdefault(m["canonical"], [])
            if m["text"] not in forms:
                forms.append(m["text"])
        return groups
    return {c: forms for c, forms in groups.items() if c in live}


__all__ = ["cluster"]
