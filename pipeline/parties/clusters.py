"""Step 6: mentions grouped into parties (short forms join their full names, "Scaroni" joins "Paolo Scaroni"),
one canonical name each (the fullest proper name the article uses), and the output dicts."""

from __future__ import annotations

from ..folding import fold_word
from ..names import fold
from .state import DocState, Mention


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        while self.parent.get(k, k) != k:
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:  # b joins a
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _people_named_like_orgs(mentions: list[Mention]) -> None:
    """A "person" the model named like an organisation of the text: "Gruppo Porcellane Riunite" ... "Porcellane
    Riunite" (read as a surname)."""
    org_keys = {m.key for m in mentions if m.label == "ORG"}
    for m in mentions:
        if m.label == "PER" and m.key.startswith("p:") and "n:" + m.key[2:] in org_keys:
            m.label, m.key, m.kind = "ORG", "n:" + m.key[2:], None


def _join_short_forms(st: DocState, u: _Union) -> None:
    """Short forms of names the gazetteer does not know: "Courvoisier" ... "Courvoisier Holding France SAS"."""
    f = st.finder
    names: dict[str, set] = {}
    for m in st.mentions:
        if m.proper and m.label == "ORG" and m.source in ("ner", "gazetteer"):
            names.setdefault(m.key, set()).add(fold(st.text[m.start : m.end]))
    keys = list(names)
    for a in keys:
        for b in keys:
            if a == b or (a.startswith("g:") and b.startswith("g:")):
                continue
            for fa in names[a]:
                for fb in names[b]:
                    ta, tb = fa.split(), fb.split()
                    if 0 < len(ta) < len(tb) and tb[: len(ta)] == ta and len(fa) >= 3:
                        # the shorter (b's prefix) joins the longer; a known organisation keeps its key
                        if a.startswith("g:") and not b.startswith("g:"):
                            # a known short name inside an unknown longer one: keep apart
                            # ("Leonardo" vs "Leonardo Rheinmetall ...") unless the rest is words like Holding
                            rest = tb[len(ta) :]
                            if all(
                                w in f.lex.same_suffix or w in f.places or fold_word(w) in f.desc.countries
                                for w in rest
                            ):
                                u.union(a, b)
                        elif not a.startswith("g:"):
                            u.union(b, a)
                    elif (
                        0 < len(ta) < len(tb)
                        and tb[-len(ta) :] == ta
                        and not a.startswith("g:")
                        and len(fa) >= 4
                        and all(w in f.lex.generic_lead for w in tb[: len(tb) - len(ta)])
                    ):
                        u.union(b, a)  # "Orobica" after "Pallacanestro Orobica"


def _join_surnames(st: DocState, u: _Union) -> None:
    """Persons: "Scaroni" after "Paolo Scaroni"."""
    pnames: dict[str, str] = {}
    for m in st.mentions:
        if m.label == "PER" and m.key.startswith("p:"):
            pnames.setdefault(m.key, fold(st.text[m.start : m.end]))
    for a, fa in pnames.items():
        for b, fb in pnames.items():
            if a != b and len(fa.split()) == 1 and len(fb.split()) > 1 and fb.split()[-1] == fa:
                u.union(b, a)


def _canonical(st: DocState, groups: dict[str, list[Mention]]) -> dict[str, str]:
    text = st.text
    canonical: dict[str, str] = {}
    for root, ms in groups.items():
        names = [m for m in ms if m.proper and m.excluded != "product" and m.source in ("gazetteer", "ner", "acronym")]
        if names:
            best = max(
                names,
                key=lambda m: (
                    len(text[m.start : m.end].split()) > 1 or m.source != "acronym",
                    m.end - m.start,
                    -m.start,
                ),
            )
            canonical[root] = text[best.start : best.end]
        else:
            c = st.clusters.get(root)
            if c and c.org:
                canonical[root] = c.org.name
            else:
                canonical[root] = text[ms[0].start : ms[0].end]
    return canonical


def finish(st: DocState) -> list[dict]:
    mentions = st.mentions
    u = _Union()
    _people_named_like_orgs(mentions)
    _join_short_forms(st, u)
    _join_surnames(st, u)
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(u.find(m.key), []).append(m)
    for ms in groups.values():
        # "(Reuters) ... l'agenzia": an epithet, description or coref of a party named only as a source or
        # adviser is excluded for the same reason
        named = [m for m in ms if m.proper and m.source in ("gazetteer", "ner", "acronym")]
        reasons = {m.excluded for m in named}
        if named and len(reasons) == 1 and next(iter(reasons)) in ("news_source", "advisor"):
            for m in ms:
                if not m.proper and not m.excluded:
                    m.excluded = next(iter(reasons))
    canonical = _canonical(st, groups)
    out = []
    seen = set()
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if (m.start, m.end) in seen:
            continue
        seen.add((m.start, m.end))
        root = u.find(m.key)
        c = st.clusters.get(root) or st.clusters.get(m.key)
        kind = m.kind or (c.kind if c else None) or ("person" if m.label == "PER" else None)
        item = {
            "text": st.text[m.start : m.end],
            "start": m.start,
            "end": m.end,
            "canonical": canonical[root],
            "label": m.label,
            "source": m.source,
            "kind": kind,
            "excluded": m.excluded,
        }
        if m.role_of:
            item["role_of"] = canonical.get(u.find(m.role_of)) or (
                st.finder.gaz.orgs[int(m.role_of[2:])].name if m.role_of.startswith("g:") else None
            )
        out.append(item)
    return out
