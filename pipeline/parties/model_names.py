"""Step 2 with a model: the NER's ORG and PER entities (MISC with an organisation word or a legal form), cut and
grown to the name the text writes; never changes ``doc.ents``."""

from __future__ import annotations

from ..italian import ARTICLES, PREPOSITION_FORMS
from .capitals import Run, connects, org_context
from .state import DocState, is_cap

ORG_LABELS = {"ORG", "ORGANIZATION", "ORGANISATION", "NORP_ORG"}
PER_LABELS = {"PER", "PERSON"}


def _cut(st: DocState, s: int, e: int) -> tuple[int, int]:
    """The entity without what is no part of the name; (s, s) for a non-name."""
    f = st.finder
    doc, low = st.doc, st.low
    # a sentence end inside the entity ("Serie A. Numeri"): keep the first part
    for k in range(s, e):
        if doc[k].text in {".", "!", "?", ";"} or "\n" in doc[k].whitespace_:
            e = k if doc[k].is_punct else k + 1
            break
    while s < e and (
        low[s] in ARTICLES
        or (low[s] in PREPOSITION_FORMS and doc[s].text.islower())
        or not any(c.isalnum() for c in doc[s].text)
    ):
        s += 1
    if s < e and low[s] in f.lex.not_entity and not f.gaz.lookup(doc[s:e].text):
        return s, s  # "Serie A Tim", "Consiglio di Amministrazione", "Secondo Fondo"
    for n_words in (3, 2):  # "[Piazza Affari] per Selvatica": a multi-word non-name opening the span
        if e - s > n_words and " ".join(low[s : s + n_words]) in f.lex.not_entity:
            s += n_words
            while s < e and (low[s] in ARTICLES or low[s] in PREPOSITION_FORMS or low[s] in f.lex.connectors):
                s += 1
            break
    while e > s and (
        not any(c.isalnum() for c in doc[e - 1].text)
        or low[e - 1] in f.lex.connectors
        or low[e - 1] in ARTICLES
        or low[e - 1] in PREPOSITION_FORMS
    ):
        e -= 1
    # a legal form ends the name, even when the model cut the sentence inside it ("S.p" | "A.")
    for k in range(s + 1, e):
        if st.legal_after(st.token_end(k - 1)):
            return s, k
    return s, e


def _grow(st: DocState, s: int, e: int, taken: set) -> int:
    """The model often stops short: "Banca dello Stato [del Cantone Ticino]", "Nortia [Capital]", "Ravasi
    [Robotics]" read as a surname; a legal form ends the name all the same."""
    f = st.finder
    doc, low = st.doc, st.low
    n = len(doc)
    while e < n and e not in taken and "\n" not in doc[e - 1].whitespace_ and not st.legal_after(st.token_end(e - 1)):
        if is_cap(doc[e].text) and not doc[e].is_punct and low[e] not in f.places:
            e += 1
        elif connects(st, e, taken):
            e += 2
        else:
            break
    return e


def ner_names(st: DocState, taken: set, org_starts: dict, org_ends: dict) -> list[Run]:
    f = st.finder
    doc, low = st.doc, st.low
    out: list[Run] = []
    for ent in doc.ents:
        label = ent.label_.upper()
        s, e = _cut(st, ent.start, ent.end)
        if s >= e or any(i in taken for i in range(s, e)):
            continue
        if label in ORG_LABELS or label in PER_LABELS:
            e = _grow(st, s, e, taken)
        words = low[s:e]
        text = doc[s:e].text
        known = f.gaz.lookup(text) is not None
        if not is_cap(text):
            continue
        if not known and (
            all(w in f.lex.not_entity or w in f.lex.connectors or w in f.places for w in words)
            or " ".join(words) in f.places
        ):
            continue
        has_org_word = any(w in f.lex.org_words for w in words)
        legal = st.legal_after(st.token_end(e - 1))
        if label in PER_LABELS:
            if f.gaz.lookup(text) or legal or (e - s >= 2 and has_org_word and words[0] not in f.lex.first_names):
                out.append((s, e, "ORG"))
            elif words[0] not in f.lex.first_names and org_context(st, s, e, org_starts, org_ends):
                # "Ortofrutta Veneta, produttore trevigiano di ...": the model said PER, the context says company
                out.append((s, e, "ORG"))
            elif " ".join(words) in f.places:
                continue
            else:
                out.append((s, e, "PER"))
        elif label in ORG_LABELS:
            if " ".join(words) in f.lex.not_entity or " ".join(words) in f.lex.places:
                continue
            if (
                e - s == 1
                and not known
                and not legal
                and not has_org_word
                and st.text.count(doc[s].text) < 2
                and not org_context(st, s, e, org_starts, org_ends)
            ):
                continue  # one unknown word named once with nothing around it ("Horizon", "Europei"): a guess
            out.append((s, e, "ORG"))
        elif label == "MISC" and (has_org_word or legal):
            out.append((s, e, "ORG"))
        elif label in {"LOC", "GPE"} and legal:
            out.append((s, e, "ORG"))
    return out
