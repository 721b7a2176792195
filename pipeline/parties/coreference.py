"""Step 5b: each description resolved to a party of the article: the name in apposition, the organisation of a
person, city or product it is tied to, or the most salient compatible party named before it ("L'azienda",
"il gruppo francese")."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from typing import Optional

from ..names import fold
from .state import Cluster, DocState, Mention

PARAGRAPH_TOPIC = 3  # salience bonus of a paragraph's first-named party, worth three mentions


def compatible(c: Cluster, cons: dict, head) -> bool:
    kinds = cons.get("kinds")
    ck = c.kind
    if kinds is not None:
        if ck is not None and ck not in kinds:
            return False
    elif ck in {"person", "regulator", "public_body"} and head is not None:
        return False
    if cons["country"] and c.country and not (cons["country"] & {c.country}):
        return False
    secs = cons["sectors"] or cons.get("implied") or set()
    if secs and c.sectors and not (secs & c.sectors):
        return False
    if cons.get("place") and c.cities and not (cons["place"] & c.cities):
        return False
    if cons.get("place") and c.org is not None and not c.cities:
        return False
    return True


def constrained(cons: dict) -> bool:
    return bool(cons["country"] or cons["sectors"] or cons.get("kinds") or cons.get("implied") or cons.get("place"))


def informative_match(c: Cluster, cons: dict) -> bool:
    """An unknown organisation (no attributes) can only take a constraint it is known to meet."""
    if cons["country"] and not c.country:
        return False
    if (cons["sectors"] or cons.get("implied")) and not c.sectors:
        return False
    if cons.get("place") and not c.cities:
        return False
    return True


def _apposed(st: DocState, descs: list[dict]) -> None:
    """Appositions first: they also teach unknown organisations their country and sector."""
    for d in descs:
        target = d.get("appos_after") or d.get("appos_before")
        if target is None:
            continue
        c = st.cluster_for(target.key)
        cons = d["cons"]
        if c.org is None:
            if cons["country"] and not c.country:
                c.country = sorted(cons["country"])[0]
            if cons["sectors"]:
                c.sectors |= cons["sectors"]
            if cons.get("kinds") and not c.kind:
                c.kind = sorted(cons["kinds"])[0]
            if cons.get("place"):
                c.cities |= cons["place"]
        d["key"] = target.key
        d["source"] = "description"
        d["excluded"] = target.excluded  # "il quotidiano Handelsblatt" is a source as much as the name


class Salience:
    """The organisations named so far, indexed so that a description costs look-ups, not scans of every mention
    of the article (quadratic on long texts)."""

    def __init__(self, st: DocState, descs: list[dict]):
        self.st = st
        sent = st.sent
        self.orgs = sorted(
            [m for m in st.mentions if m.label == "ORG" and m.proper and not m.excluded], key=lambda m: m.ts
        )  # by ts, so by start and by sentence too
        self.first_key = self.orgs[0].key if self.orgs else None
        self.orgs_ts = [m.ts for m in self.orgs]
        self.orgs_sent = [sent[m.ts] for m in self.orgs]
        self.key_tes: dict[str, list[int]] = {}  # key -> its mentions' te, sorted
        self.key_first_ts: dict[str, int] = {}
        self.key_at: dict[str, list[tuple[int, int]]] = {}  # key -> (start, index in orgs), in order
        for idx, m in enumerate(self.orgs):
            self.key_tes.setdefault(m.key, []).append(m.te)
            self.key_first_ts.setdefault(m.key, m.ts)
            self.key_at.setdefault(m.key, []).append((m.start, idx))
        for tes in self.key_tes.values():
            tes.sort()
        self.resolved_at: dict[str, list[int]] = {}  # key -> positions at which a description resolved to it
        for d in descs:
            if "key" in d:
                insort(self.resolved_at.setdefault(d["key"], []), d["ts"])
        self.starts_sorted = all(a[0] <= b[0] for at in self.key_at.values() for a, b in zip(at, at[1:]))

    def resolved(self, ts: int, k: str) -> None:
        insort(self.resolved_at.setdefault(k, []), ts)

    def before(self, ts: int, sentences: int) -> list[Mention]:
        """``[m for m in orgs if m.te <= ts and sent[ts] - sent[m.ts] <= sentences]``"""
        sent = self.st.sent
        lo, hi = bisect_left(self.orgs_sent, sent[ts] - sentences), bisect_left(self.orgs_ts, ts)
        return [m for m in self.orgs[lo:hi] if m.te <= ts]

    def after(self, te: int, ts: int) -> list[Mention]:
        """The organisations from ``te`` to the end of the sentence after ``ts``'s."""
        lo, hi = bisect_left(self.orgs_ts, te), bisect_right(self.orgs_sent, self.st.sent[ts] + 1)
        return self.orgs[lo : max(lo, hi)]

    def topic_of(self, scores: dict, paragraph: int, ts: int) -> Optional[str]:
        """The first m of orgs with m.key in scores, paragraph < m.start and m.te <= ts."""
        orgs = self.orgs
        if not self.starts_sorted:  # never seen: a mention whose start does not follow its token order
            return next((m.key for m in orgs if m.key in scores and paragraph < m.start and m.te <= ts), None)
        best: Optional[tuple[int, str]] = None
        for k in scores:
            at = self.key_at.get(k, [])
            for _, idx in at[bisect_right(at, (paragraph, len(orgs))) :]:
                if best is not None and idx >= best[0] or orgs[idx].ts >= ts:
                    break
                if orgs[idx].te <= ts:
                    best = (idx, k)
                    break
        return best[1] if best else None

    def best(self, cands: list[Mention], ts: int, cons: dict, head, unknown_only: bool = False) -> Optional[str]:
        """The most salient of ``cands`` that the constraints fit."""
        st = self.st
        sent = st.sent
        scores: dict[str, float] = {}
        for m in cands:
            c = st.clusters.get(m.key)
            if c is None or not compatible(c, cons, head):
                continue
            if unknown_only:
                # nothing known fits: an organisation the gazetteer does not know may ("il fondo svizzero")
                if c.org is not None:
                    continue
            elif cons.get("kinds") and c.kind is None:
                continue
            elif constrained(cons) and not informative_match(c, cons):
                continue
            scores.setdefault(m.key, 0.0)
        if not scores:
            return None
        # the first party a paragraph names is its topic ("Ancora aperta la partita di Kyma Health. La società
        # ha ricevuto ..."): a new paragraph often moves to a new company
        paragraph = st.text.rfind("\n", 0, st.doc[ts].idx)
        topic = self.topic_of(scores, paragraph, ts)
        if topic is not None:
            scores[topic] += PARAGRAPH_TOPIC
        for k in scores:  # every mention of the candidate so far counts, and every description resolved to it
            tes = self.key_tes.get(k, [])
            scores[k] += bisect_right(tes, ts) + bisect_left(self.resolved_at.get(k, []), ts)
        for k in scores:
            if k == self.first_key:
                scores[k] += 1
            c = st.clusters.get(k)
            # each sector phrase the candidate fits counts ("start up dei pagamenti digitali")
            scores[k] += 2 * sum(1 for g in cons.get("groups", []) if c and g & c.sectors)
            tes = self.key_tes.get(k, [])
            n = bisect_right(tes, ts)
            last = tes[n - 1] if n else -1
            if last >= 0 and sent[ts] - sent[last - 1] <= 1:
                scores[k] += 0.5
        return max(scores, key=lambda k: (scores[k], -self.key_first_ts.get(k, 0)))


def _candidate(st: DocState, d: dict, sal: Salience, person_orgs: dict, present: set) -> tuple[Optional[str], str]:
    """(the key a description means or None, description | coref)."""
    gaz = st.finder.gaz
    cons = d["cons"]
    ts = d["ts"]
    cand = None
    if cons["person"]:
        keys = person_orgs.get(fold(cons["person"]), [])
        gids = gaz.orgs_of_person(cons["person"])
        keys = keys + [f"g:{g}" for g in gids if f"g:{g}" in present] + ([f"g:{gids[0]}"] if len(gids) == 1 else [])
        cand = keys[0] if keys else None
    elif cons["product"] is not None:
        cand = f"g:{cons['product']}"
    elif cons["city"]:
        gids = gaz.by_city.get(cons["city"], [])
        here = [f"g:{g}" for g in gids if f"g:{g}" in present]
        if len(here) == 1:
            cand = here[0]
        elif here:
            # "il gruppo di Seattle" with Amazon and AWS in the article: the one more salient here
            cand = sal.best([m for m in sal.orgs if m.key in here], ts, {**cons, "kinds": None}, None)
        elif len(gids) == 1:
            cand = f"g:{gids[0]}"
        elif not gids:
            # a place the gazetteer does not know: an organisation it does not know either
            cand = sal.best(sal.before(ts, 4), ts, {**cons, "place": {cons["city"]}}, d["head"], unknown_only=True)
    elif constrained(cons) and d["head"] is not None:
        window = sal.before(ts, 4)
        cand = sal.best(window, ts, cons, d["head"])
        if cand is None:
            cand = sal.best(sal.after(d["te"], ts)[:3], ts, cons, d["head"])
        if cand is None:
            cand = sal.best(window, ts, cons, d["head"], unknown_only=True)
    linked = cons["person"] or cons["product"] is not None or cons["city"]
    if (
        cand is None
        and d["head"] is not None
        and d["det"] == "def"
        and not d.get("no_bare")
        and not (cons["country"] or cons["sectors"] or linked)
    ):
        # "L'azienda", "il gruppo", "la sgr": the most salient compatible party so far
        bare = {**cons, "implied": None} if not cons.get("kinds") else cons
        return sal.best(sal.before(ts, 3), ts, bare, d["head"]), "coref"
    return cand, "description"


def resolve(st: DocState, descs: list[dict]) -> None:
    """Resolve ``descs`` (from ``descriptions.scan``) and add the resolved ones as mentions."""
    person_orgs: dict[str, list[str]] = {}
    for m in st.mentions:
        if m.label == "PER" and m.role_of:
            person_orgs.setdefault(fold(st.text[m.start : m.end]), []).append(m.role_of)
    present = {m.key for m in st.mentions if m.label == "ORG" and m.proper and not m.excluded}
    _apposed(st, descs)
    sal = Salience(st, descs)
    for d in sorted(descs, key=lambda d: d["ts"]):
        if "key" in d or d.get("appositive_only"):
            continue
        cand, source = _candidate(st, d, sal, person_orgs, present)
        if cand is None:
            continue
        d["key"] = cand
        d["source"] = source
        sal.resolved(d["ts"], cand)
    for d in descs:
        if "key" not in d:
            continue
        c = st.clusters.get(d["key"])
        if c is None and d["key"].startswith("g:"):
            c = st.cluster_for(d["key"], st.finder.gaz.orgs[int(d["key"][2:])])
        span = st.doc[d["ts"] : d["te"]]
        label = "PER" if (c and c.kind == "person") else "ORG"
        st.mentions.append(
            Mention(
                d["ts"],
                d["te"],
                span.start_char,
                span.end_char,
                label,
                d["source"],
                d["key"],
                c.kind if c else None,
                excluded=d.get("excluded"),
                proper=False,
            )
        )


def drop_people_inside(st: DocState) -> None:
    """A person named inside a description ("guidata da Sam Altman") is part of it."""
    dspans = [(m.ts, m.te) for m in st.mentions if m.source in ("description", "epithet")]
    st.mentions[:] = [
        m for m in st.mentions if not (m.label == "PER" and any(a <= m.ts and m.te <= b for a, b in dspans))
    ]
