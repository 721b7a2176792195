"""Step 1: the gazetteer's names, epithets, products and people, found by a PhraseMatcher on lower case and
kept when the case fits ("Eni", not "eni"; "Luca Ferrari" is a person, not Ferrari)."""

from __future__ import annotations

from ..folding import fold_word
from ..italian import DEFINITE_ARTICLES
from ..names import fold
from .state import DocState, Mention, is_cap


def _case_fits(st: DocState, s: int, e: int, typ: str, oid: int) -> bool:
    f = st.finder
    doc = st.doc
    org = f.gaz.orgs[oid]
    span = doc[s:e]
    text = span.text
    if typ in "OP":
        cases = f.surface_case.get(text.lower(), set())
        if text not in cases and not (" " in text and any(c[:1] == text[:1] for c in cases)):
            if not is_cap(text) or (len(text) <= 3 and not text.isupper()):
                return False
            if all(c[:1].islower() for c in cases):
                return False
        if typ == "O" and text in org.weak and (st.initial(s) or _after_capital(st, s)):
            return False
        if typ == "O" and e - s == 1:
            prev = doc[s - 1] if s else None
            nxt = doc[e] if e < len(doc) else None
            # "Luca Ferrari", "Tim Cook", "Leonardo Del Vecchio": part of a person's name.
            if (
                prev is not None
                and fold_word(prev.text) in f.lex.first_names
                and is_cap(prev.text)
                and org.kind != "person"
            ):
                return False
            if (
                fold_word(text) in f.lex.first_names
                and nxt is not None
                and is_cap(nxt.text)
                and not f.legal.match(st.text[span.end_char : span.end_char + 12])
                and fold_word(nxt.text) not in f.lex.org_words
            ):
                return False
    elif typ == "E":
        if not any(c.isupper() for c in text) and text.lower() not in f.surface_case:
            return False
    return True


def _after_capital(st: DocState, s: int) -> bool:
    """A capitalised word right before on the same line: a weak name is then a piece of a longer one
    ("The Italian [Sea] Group")."""
    doc = st.doc
    prev = doc[s - 1] if s else None
    return (
        prev is not None
        and is_cap(prev.text)
        and not prev.is_punct
        and bool(prev.whitespace_)
        and "\n" not in prev.whitespace_
        and st.sent[s - 1] == st.sent[s]
        and not st.initial(s - 1)
    )


def matches(st: DocState) -> list[tuple[int, int, str, int]]:
    """(start, end, O|E|P|H, gazetteer id) of the gazetteer phrases the text names, none overlapping;
    their tokens join ``st.taken``."""
    found = []
    for match_id, s, e in st.finder.matcher(st.doc):
        label = st.finder.nlp.vocab.strings[match_id]
        typ, oid = label[0], int(label[1:])
        if _case_fits(st, s, e, typ, oid):
            found.append((s, e, typ, oid))
    # Longest first, then earliest; products and names compete for the same tokens.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    out = []
    for s, e, typ, oid in found:
        if any(i in st.taken for i in range(s, e)):
            continue
        st.taken.update(range(s, e))
        out.append((s, e, typ, oid))
    return sorted(out)


def _inside_name(st: DocState, x: int) -> bool:
    """'Lega Basket [Serie A]': a word that is no name alone, inside a longer one when a capital follows."""
    doc, low = st.doc, st.low
    return (
        low[x] in st.finder.lex.inside_name
        and x + 1 < len(doc)
        and is_cap(doc[x + 1].text)
        and not doc[x + 1].is_punct
        and doc[x].whitespace_ != ""
    )


def _longer_end(st: DocState, s: int, e: int) -> int:
    """Where capitalised words right after a gazetteer name end ("Helvetia [Equity Partners]")."""
    f = st.finder
    doc, low, sent, taken = st.doc, st.low, st.sent, st.taken
    x = e
    while (
        x < len(doc)
        and x - e < 3
        and x not in taken
        and is_cap(doc[x].text)
        and not doc[x].is_punct
        and sent[x] == sent[s]
        and "\n" not in doc[x - 1].whitespace_
        and doc[x - 1].whitespace_
        and (low[x] not in f.lex.not_entity or _inside_name(st, x))
        # a place goes on a name already longer than the known one ("Coop Centro Italia")
        and (low[x] not in f.places or x > e)
        and low[x] not in f.lex.first_names
        and not st.legal_after(st.token_end(x - 1))
    ):
        x += 1
    return x


def add_known(st: DocState) -> None:
    f = st.finder
    doc, low, taken, mentions = st.doc, st.low, st.taken, st.mentions
    for s, e, typ, oid in matches(st):
        org = f.gaz.orgs[oid]
        span = doc[s:e]
        start, end = span.start_char, span.end_char
        if typ == "O" and org.kind != "person":
            x = _longer_end(st, s, e)
            if x > e and f.gaz.lookup(doc[s:x].text) is None:
                # "Helvetia Equity Partners", "Mediaset Premium": a longer name the gazetteer does not know
                span = doc[s:x]
                end = st.extend_legal(span.end_char)
                te = st.char_to_token_end(end, x)
                taken.update(range(s, te))
                k = "n:" + fold(st.text[start:end])
                st.cluster_for(k)
                mentions.append(Mention(s, te, start, end, "ORG", "ner", k, None))
                continue
        k = f"g:{oid}"
        if typ == "O":
            end = st.extend_legal(end)
            te = st.char_to_token_end(end, e)
            taken.update(range(e, te))
            st.cluster_for(k, org)
            mentions.append(Mention(s, te, start, end, org.label, "gazetteer", k, org.kind))
        elif typ == "P":
            st.cluster_for(k, org)
            mentions.append(
                Mention(s, e, start, end, "ORG", "gazetteer", k, org.kind, excluded="product", proper=False)
            )
        elif typ == "E":
            if s and low[s - 1] in DEFINITE_ARTICLES:
                s -= 1
                start = doc[s].idx
            st.cluster_for(k, org)
            mentions.append(Mention(s, e, start, end, org.label, "epithet", k, org.kind, proper=False))
        elif typ == "H":
            mentions.append(Mention(s, e, start, end, "PER", "gazetteer", "p:" + fold(span.text), "person", role_of=k))
