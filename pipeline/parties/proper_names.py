"""Step 2: the names the gazetteer does not know, from the model's NER or from capitals, made mentions; and
families ("la famiglia Kerr") as parties."""

from __future__ import annotations

from ..italian import OF
from ..names import fold
from .capitals import Run, capital_names
from .model_names import PER_LABELS, ner_names
from .state import DocState, Mention, is_cap


def _found(st: DocState, has_ner: bool) -> list[Run]:
    doc, taken, mentions = st.doc, st.taken, st.mentions
    org_starts = {m.ts: True for m in mentions if m.label == "ORG" and m.proper}
    org_ends = {m.te - 1: True for m in mentions if m.label == "ORG" and m.proper}
    if not has_ner:
        return capital_names(st, taken, org_starts, org_ends)
    # the model's entities first; capitalised names it left alone still get the word-list test
    found = ner_names(st, taken, org_starts, org_ends)
    ner_tokens = {i for ent in doc.ents if ent.label_.upper() in PER_LABELS for i in range(ent.start, ent.end)}
    covered = taken | ner_tokens | {i for s0, e0, _ in found for i in range(s0, e0)}
    return found + [
        r for r in capital_names(st, covered, org_starts, org_ends) if not any(i in covered for i in range(r[0], r[1]))
    ]


def add_names(st: DocState, has_ner: bool) -> None:
    f = st.finder
    doc, taken, mentions = st.doc, st.taken, st.mentions
    st.surnames = {st.low[m.te - 1] for m in mentions if m.label == "PER"} | f.gaz_surnames
    maybe = []
    for s, e, lab in join_adjacent(_found(st, has_ner)):
        span = doc[s:e]
        start, end = span.start_char, span.end_char
        if lab == "PER":
            org = f.gaz.lookup(span.text)
            if org and org.kind == "person":
                k = f"g:{org.id}"
                st.cluster_for(k, org)
                mentions.append(Mention(s, e, start, end, "PER", "gazetteer", k, "person"))
            else:
                mentions.append(Mention(s, e, start, end, "PER", "ner", "p:" + fold(span.text), "person"))
            taken.update(range(s, e))
            continue
        end = st.extend_legal(end)
        te = st.char_to_token_end(end, e)
        org = f.gaz.lookup(st.text[start:end])
        k = f"g:{org.id}" if org else "n:" + fold(st.text[start:end])
        m = Mention(s, te, start, end, "ORG", "ner", k, org.kind if org else None)
        st.cluster_for(k, org)
        if lab == "ORG?":
            maybe.append(m)
        else:
            mentions.append(m)
            taken.update(range(s, te))
    for m in maybe:
        mentions.append(m)
        taken.update(range(m.ts, m.te))


def join_adjacent(found: list[Run]) -> list[Run]:
    """'Al Noor' + 'Investments' with nothing between them (or overlapping): one name cut in two by the model."""
    out: list[Run] = []
    for s, e, lab in sorted(found):
        if out and s <= out[-1][1] and (out[-1][2] == lab or lab != "PER"):
            out[-1] = (out[-1][0], max(e, out[-1][1]), lab if lab != "ORG?" else out[-1][2])
        else:
            out.append((s, e, lab))
    return out


def add_families(st: DocState) -> None:
    """Families as parties: "la famiglia Kerr", "la famiglia fondatrice Marchetto"."""
    doc, low, taken, mentions = st.doc, st.low, st.taken, st.mentions
    for i in range(len(doc) - 1):
        if low[i] != "famiglia":
            continue
        j = i + 1
        if j < len(doc) and doc[j].text.islower() and low[j] not in OF and j - i <= 2:
            j += 1
        # the family's name may be a person or a company known by it: "la famiglia Benetton" is the family
        per_here = [
            m
            for m in mentions
            if m.ts == j and (m.label == "PER" and m.source == "ner" or m.source == "gazetteer" and m.te == j + 1)
        ]
        if j < len(doc) and is_cap(doc[j].text) and (j not in taken or per_here) and low[j] not in st.finder.places:
            e = j + 1
            while e < len(doc) and e - j < 2 and is_cap(doc[e].text) and (e not in taken or per_here):
                e += 1
            for m in per_here:
                mentions.remove(m)
                e = max(e, m.te)
            span = doc[i:e]
            mentions.append(
                Mention(i, e, span.start_char, span.end_char, "PER", "ner", "p:" + fold(span.text), "person")
            )
            taken.update(range(i, e))
