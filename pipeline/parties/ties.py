"""Persons tied to the organisations they lead or speak for: "Jensen Huang, CEO di Nvidia"."""

from __future__ import annotations

from ..italian import ARTICLES, OF
from .state import DocState, seq_at


def tie_people(st: DocState) -> None:
    f = st.finder
    low, sent, mentions = st.low, st.sent, st.mentions
    orgs = {m.ts: m for m in mentions if m.label == "ORG" and m.proper}
    pers = [m for m in mentions if m.label == "PER"]
    n = len(st.doc)
    every = None in f.ties_by_first
    for i in range(n):
        tie = seq_at(low, i, f.ties if every else f.ties_by_first.get(low[i], ()))
        if not tie:
            continue
        j = i + len(tie)
        if j < n and low[j] in OF:
            j += 1
        if j < n and low[j] in ARTICLES:
            j += 1
        org = orgs.get(j)
        if org is None:
            continue
        for p in pers:
            if p.role_of or sent[p.ts] != sent[i]:
                continue
            if 0 <= i - p.te <= 4 or 0 <= p.ts - org.te <= 3:
                p.role_of = org.key
