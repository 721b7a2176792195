"""Finding the parties an article names and tying every way it names them to one canonical name.

Order of work on a Doc (each step sees what the earlier ones found):
1. gazetteer names, epithets, products and people (PhraseMatcher on lower case, then case checks);
2. names from the model's NER (ORG, PER, MISC with an organisation word) or, with no NER in the
   pipeline, capitalised sequences judged by the word lists of ``name_lexicon.jsonl``;
3. acronyms defined in the text ("Amazon Web Services (AWS)", "Cdp Equity S.p.A. (“Cdpe”)") and
   initials of a name used earlier ("Idv" for "Iveco Defence Vehicles");
4. descriptions ("l'azienda guidata da Sam Altman", "la società di Redmond", "il gruppo francese",
   "la tedesca Rheinmetall", "Ppf, l'altro azionista") resolved to a party of the article;
5. context cues that rule a mention out (advisor, news source, product);
6. clusters: one canonical name per party, the fullest proper name the article uses.
"""
from __future__ import annotations

import copy
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..doctext import text_of
from ..names import fold
from .gazetteer import (
    ARTICLES,
    Org,
    context_rules,
    descriptions,
    gazetteer,
    key,
    legal_form_regex,
    lexicon,
    without_article,
)

PARAGRAPH_TOPIC = 3  # salience bonus of a paragraph's first-named party, worth three mentions
DEAL_PREPOSITIONS = {"a", "ad", "al", "alla", "all'", "all’", "da", "dal", "dalla", "dall'", "dall’", "con", "di", "del", "della",
                     "dell'", "dell’", "su", "sul", "sulla", "tra", "fra"}
PLURAL_DETERMINERS = {"le", "gli", "i", "queste", "questi", "quelle", "quei", "quegli", "delle", "degli", "dei",
                      "alle", "agli", "ai", "dalle", "dagli", "dai", "nelle", "negli", "nei", "sulle", "sugli", "sui"}
PREP_ARTICLES = {
    "del", "dello", "della", "dell'", "dei", "degli", "delle", "al", "allo", "alla", "all'", "ai", "agli", "alle",
    "dal", "dallo", "dalla", "dall'", "dai", "dagli", "dalle", "nel", "nello", "nella", "nell'", "nei", "negli",
    "nelle", "sul", "sullo", "sulla", "sull'", "sui", "sugli", "sulle", "col", "coi", "di", "a", "da", "in", "su",
    "con", "per", "tra", "fra", "ad",
}
OF = {"di", "del", "dello", "della", "dell'", "dei", "degli", "delle", "d'"}
INDEFINITE = {"un", "una", "uno", "un'"}
DEMONSTRATIVES = {"questa", "questo", "quest'", "tale", "suddetta", "suddetto", "detta", "detto"}
DEFINITE = ARTICLES - INDEFINITE
COMPANY_KINDS = {"company", "fund", "bank", "insurer", "media"}
ORG_LABELS = {"ORG", "ORGANIZATION", "ORGANISATION", "NORP_ORG"}
PER_LABELS = {"PER", "PERSON"}
COPULAS = {"è", "e'", "resta", "rimane", "diventa", "diventerà", "sarà", "era", "risulta", "diventando", "restando",
           "rimanendo", "sono", "restano", "rimangono", "diventano"}
QUOTES = set("\"“”«»'’‘")
# words that open a new clause: a source cue before them does not reach a name after them
CLAUSE_OPENERS = {"che", "come", "mentre", "quando", "dove", "perché", "poiché", "ma", "e", ","}
# what may sit between source names inside a dateline's brackets: "(Il Sole 24 Ore Radiocor)", "(ANSA/AFP)"
DATELINE_GLUE = {"/", "-", "–", ",", "e", "&", "+"}
# words allowed in brackets before a quoted defined term: "(di seguito “Mira”)", "(in breve, “Beta”)"
DEFINED_TERM_FILLERS = {"di", "in", "seguito", "breve", "anche", "solo", "d'", "d’", "ora", "avanti", "poi",
                        "innanzi", "appresso", "breviter", "nel", "prosieguo", "ossia", "cioè", "o", "la", "il",
                        "lo", "l'", "l’", ",", ":", "-", "hereinafter", "the"}
CLOSERS = {",", ".", ";", ":", ")", "!", "?", "–", "—", "-"}


@dataclass
class Mention:
    ts: int  # token span in the Doc
    te: int
    start: int  # character span in the text
    end: int
    label: str  # ORG | PER
    source: str  # gazetteer | ner | acronym | epithet | description | coref
    key: str  # cluster key before merging: "g:<gazetteer id>", "n:<folded name>", "p:<folded person>"
    kind: Optional[str] = None
    excluded: Optional[str] = None
    role_of: Optional[str] = None  # persons: the cluster key of the organisation they lead
    proper: bool = True  # a proper name (may become the canonical name) rather than an epithet or description


@dataclass
class Cluster:
    key: str
    org: Optional[Org] = None
    country: Optional[str] = None
    kind: Optional[str] = None
    sectors: set = field(default_factory=set)
    cities: set = field(default_factory=set)


@lru_cache(maxsize=1 << 16)
def _is_cap(text: str) -> bool:
    if not text or not any(c.isalnum() for c in text):
        return False
    if text[0].isupper():
        return True
    # F2i, A2A, 3i, 2i Rete Gas, eBay, iGenius
    return (text[0].isdigit() and any(c.isalpha() for c in text)) or (
        len(text) > 2 and " " not in text and text[0].islower() and any(c.isupper() for c in text[1:])
    )


class PartyFinder:
    """Built once per pipeline (tokenises the word lists with the pipeline's own tokenizer).

    Thread-safe: what ``__init__`` builds is shared and only read; what belongs to one document (``_text``,
    ``surnames``, ``_ends_cache``) is set on a shallow copy that each call makes for itself (see ``__call__``)."""

    def __init__(self, nlp):
        self.nlp = nlp
        self.gaz = gazetteer()
        self.lex = lexicon()
        self.desc = descriptions()
        self.rules = context_rules()
        self.legal = legal_form_regex()
        tok = nlp.tokenizer

        def toks(phrase: str) -> tuple:
            return tuple(key(t.text) for t in tok(phrase))

        self._toks = toks
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.surface_case: dict[str, set] = {}
        patterns: dict[str, list[str]] = {}
        for org in self.gaz.orgs:
            for s in org.surfaces:
                patterns.setdefault(f"O{org.id}", []).append(s)
            for e in org.epithets:
                patterns.setdefault(f"E{org.id}", []).append(without_article(e))
            for p in org.products:
                patterns.setdefault(f"P{org.id}", []).append(p)
            for h in org.people:
                patterns.setdefault(f"H{org.id}", []).append(h)
        for label, phrases in patterns.items():
            phrases = list(dict.fromkeys(phrases))
            for p in phrases:
                self.surface_case.setdefault(p.lower(), set()).add(p)
            self.matcher.add(label, list(tok.pipe(phrases)))
        # Word lists in the tokenizer's own cut ("dell'e-commerce" -> dell' e - commerce).
        self.heads = {toks(" ".join(h)): v for h, v in self.desc.heads.items()}
        self.max_head = max(len(h) for h in self.heads)
        self.sector_stems = [(toks(" ".join(s)), secs) for s, secs in self.desc.sectors]
        self.links = {t: [toks(" ".join(w)) for w in ws] for t, ws in self.desc.links.items()}
        self.ties = [toks(" ".join(w)) for w in self.desc.ties]
        self.cues = []
        for r in self.rules:
            by_last: dict[str, list] = {}
            by_first: dict[str, list] = {}
            for c in r.cues:
                t = toks(" ".join(c))
                if t:
                    by_last.setdefault(t[-1], []).append(t)
                    by_first.setdefault(t[0], []).append(t)
            self.cues.append((r, by_last, by_first))
        self.city_keys = {c for c in self.gaz.by_city}
        self.gaz_surnames = {p.split()[-1] for p in self.gaz.by_person if len(p.split()) > 1}
        self.places = self.lex.places | self.city_keys | set(self.desc.region_cities)
        self.surnames: set = set()  # per document: set on the copy a call works on
        self._stems_of: tuple = (self.sector_stems, {})  # shared cache: first letter -> sector stems

    # ------------------------------------------------------------------ helpers
    def _sentences(self, doc: Doc) -> list[int]:
        sent = [0] * len(doc)
        if doc.has_annotation("SENT_START"):
            for n, s in enumerate(doc.sents):
                for i in range(s.start, s.end):
                    sent[i] = n
        else:
            n = 0
            for i, t in enumerate(doc):
                if i and ("\n" in doc[i - 1].text or doc[i - 1].text in {".", "!", "?"}):
                    n += 1
                sent[i] = n
        return sent

    def _initial(self, doc: Doc, i: int, sent: list[int]) -> bool:
        """Sentence-initial, or after a line break, colon or opening quote."""
        if i == 0 or sent[i] != sent[i - 1]:
            return True
        prev = doc[i - 1].text
        return "\n" in prev or prev in {":", "\"", "“", "«", "(", "-", "–", "—"} or "\n" in doc[i - 1].whitespace_

    def _seq_at(self, low: list[str], i: int, seqs) -> Optional[tuple]:
        for s in seqs:
            if tuple(low[i : i + len(s)]) == s:
                return s
        return None

    # ------------------------------------------------------------------ step 1: gazetteer
    def _gazetteer(self, doc: Doc, low, sent):
        found = []
        for match_id, s, e in self.matcher(doc):
            label = self.nlp.vocab.strings[match_id]
            typ, oid = label[0], int(label[1:])
            org = self.gaz.orgs[oid]
            span = doc[s:e]
            text = span.text
            if typ in "OP":
                cases = self.surface_case.get(text.lower(), set())
                if text not in cases and not (" " in text and any(c[:1] == text[:1] for c in cases)):
                    if not _is_cap(text) or (len(text) <= 3 and not text.isupper()):
                        continue
                    if all(c[:1].islower() for c in cases):
                        continue
                if typ == "O" and text in org.weak and self._initial(doc, s, sent):
                    continue
                if typ == "O" and e - s == 1:
                    prev = doc[s - 1] if s else None
                    nxt = doc[e] if e < len(doc) else None
                    # "Luca Ferrari", "Tim Cook", "Leonardo Del Vecchio": part of a person's name.
                    if prev is not None and key(prev.text) in self.lex.first_names and _is_cap(prev.text) and org.kind != "person":
                        continue
                    if (
                        key(text) in self.lex.first_names
                        and nxt is not None
                        and _is_cap(nxt.text)
                        and not self.legal.match(self._text[span.end_char : span.end_char + 12])
                        and key(nxt.text) not in self.lex.org_words
                    ):
                        continue
            elif typ == "E":
                if not any(c.isupper() for c in text) and text.lower() not in self.surface_case:
                    continue
            found.append((s, e, typ, oid))
        # Longest first, then earliest; products and names compete for the same tokens.
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: set = set()
        out = []
        for s, e, typ, oid in found:
            if any(i in taken for i in range(s, e)):
                continue
            taken.update(range(s, e))
            out.append((s, e, typ, oid))
        return sorted(out), taken

    def _inside_name(self, doc: Doc, low, x: int) -> bool:
        """'Lega Basket [Serie A]': a word that is no name alone, inside a longer one when a capital follows."""
        return (low[x] in self.lex.inside_name and x + 1 < len(doc) and _is_cap(doc[x + 1].text)
                and not doc[x + 1].is_punct and doc[x].whitespace_ != "")

    def _extend_legal(self, doc: Doc, end_char: int) -> int:
        m = self.legal.match(self._text, end_char)
        return m.end() if m else end_char

    def _char_to_token_end(self, doc: Doc, end_char: int, te: int) -> int:
        while te < len(doc) and doc[te].idx < end_char:
            te += 1
        return te

    # ------------------------------------------------------------------ step 2: names from NER or capitals
    def _ner(self, doc: Doc, taken: set, low, sent=None, org_starts=None, org_ends=None):
        out = []
        for ent in doc.ents:
            label = ent.label_.upper()
            s, e = ent.start, ent.end
            # a sentence end inside the entity ("Serie A. Numeri"): keep the first part
            for k in range(s, e):
                if doc[k].text in {".", "!", "?", ";"} or "\n" in doc[k].whitespace_:
                    e = k if doc[k].is_punct else k + 1
                    break
            while s < e and (low[s] in ARTICLES or (low[s] in PREP_ARTICLES and doc[s].text.islower())
                             or not any(c.isalnum() for c in doc[s].text)):
                s += 1
            if s < e and low[s] in self.lex.not_entity and not self.gaz.lookup(doc[s:e].text):
                continue  # "Serie A Tim", "Consiglio di Amministrazione", "Secondo Fondo"
            for n_words in (3, 2):  # "[Piazza Affari] per Selvatica": a multi-word non-name opening the span
                if e - s > n_words and " ".join(low[s:s + n_words]) in self.lex.not_entity:
                    s += n_words
                    while s < e and (low[s] in ARTICLES or low[s] in PREP_ARTICLES or low[s] in self.lex.connectors):
                        s += 1
                    break
            while e > s and (not any(c.isalnum() for c in doc[e - 1].text) or low[e - 1] in self.lex.connectors
                             or low[e - 1] in ARTICLES or low[e - 1] in PREP_ARTICLES):
                e -= 1
            # a legal form ends the name, even when the model cut the sentence inside it ("S.p" | "A.")
            for k in range(s + 1, e):
                if self.legal.match(self._text, doc[k - 1].idx + len(doc[k - 1].text)):
                    e = k
                    break
            if s >= e or any(i in taken for i in range(s, e)):
                continue
            words = low[s:e]
            text = doc[s:e].text
            if label in ORG_LABELS or label in PER_LABELS:
                # the model often stops short: "Banca dello Stato [del Cantone Ticino]", "Nortia [Capital]",
                # "Ravasi [Robotics]" read as a surname; a legal form ends the name all the same
                n = len(doc)
                while (e < n and e not in taken and "\n" not in doc[e - 1].whitespace_
                       and not self.legal.match(self._text, doc[e - 1].idx + len(doc[e - 1].text))):
                    if _is_cap(doc[e].text) and not doc[e].is_punct and low[e] not in self.places:
                        e += 1
                    elif (low[e] in self.lex.connectors and not any(c.isupper() for c in doc[e].text) and e + 1 < n
                          and e + 1 not in taken and _is_cap(doc[e + 1].text) and low[e + 1] not in self.places):
                        e += 2
                    else:
                        break
                words = low[s:e]
                text = doc[s:e].text
            known = self.gaz.lookup(text) is not None
            if not _is_cap(text):
                continue
            if not known and (all(
                w in self.lex.not_entity or w in self.lex.connectors or w in self.places for w in words
            ) or " ".join(words) in self.places):
                continue
            has_org_word = any(w in self.lex.org_words for w in words)
            legal = self.legal.match(self._text, doc[e - 1].idx + len(doc[e - 1].text)) is not None
            if label in PER_LABELS:
                if self.gaz.lookup(text) or legal or (e - s >= 2 and has_org_word and words[0] not in self.lex.first_names):
                    out.append((s, e, "ORG"))
                elif sent is not None and words[0] not in self.lex.first_names and self._org_context(
                    doc, low, s, e, org_starts or {}, org_ends or {}, sent
                ):
                    # "Ortofrutta Veneta, produttore trevigiano di ...": the model said PER, the context says company
                    out.append((s, e, "ORG"))
                elif " ".join(words) in self.places:
                    continue
                else:
                    out.append((s, e, "PER"))
            elif label in ORG_LABELS:
                if " ".join(words) in self.lex.not_entity or " ".join(words) in self.lex.places:
                    continue
                if (e - s == 1 and not known and not legal and not has_org_word and sent is not None
                        and self._text.count(doc[s].text) < 2
                        and not self._org_context(doc, low, s, e, org_starts or {}, org_ends or {}, sent)):
                    continue  # one unknown word named once with nothing around it ("Horizon", "Europei"): a guess
                out.append((s, e, "ORG"))
            elif label == "MISC" and (has_org_word or legal):
                out.append((s, e, "ORG"))
            elif label in {"LOC", "GPE"} and legal:
                out.append((s, e, "ORG"))
        return out

    def _org_context(self, doc, low, s, e, org_starts, org_ends, sent) -> bool:
        """Context that makes an unknown capitalised name an organisation."""
        n = len(doc)
        # a description right before: "la startup britannica di data center Nscale", "i cinesi di Tencent"
        k = s - 1
        steps = 0
        bare_prep = s >= 1 and low[s - 1] in {"di", "a", "da", "in"}
        while k >= 0 and steps < 7 and sent[k] == sent[s]:
            w = low[k]
            if (w,) in self.heads or (k >= 1 and tuple(low[k - 1 : k + 1]) in self.heads):
                # "la società di Casteldebole", "il colosso di Satya Nadella": a place or a person
                if not self.heads.get((w,), {}).get("appositive_only") and not bare_prep:
                    return True
            if w in self.desc.countries and steps <= 2:
                return True
            if doc[k].is_punct or (w in ARTICLES and steps > 0):
                break
            if _is_cap(doc[k].text) and w not in self.lex.not_entity:
                break
            k -= 1
            steps += 1
        # an apposition right after: "Square, società fondata da...", "Wass, la divisione ..."
        k = e
        if k < n and low[k] in {",", "(", "–"}:
            k += 1
            if k < n and (low[k] in ARTICLES or low[k] in {"ovvero", "cioè"}):
                k += 1
            while k < n and low[k] in self.desc.fillers:
                k += 1
            if k < n and any(tuple(low[k : k + len(h)]) == h for h in self.heads):
                return True
        # the other side of a deal word: "la cessione a Ifigest Recuperi", "l'accordo con Pallavolo Moncalieri"
        if s >= 2 and low[s - 1] in DEAL_PREPOSITIONS and any(w in self.lex.deal_words for w in low[max(0, s - 4):s - 1]):
            return True
        # coordinated with a known organisation: "Tim e Lgt", "Thrive Capital e SoftBank"
        if s >= 2 and low[s - 1] in {"e", ",", "&", "ed"} and org_ends.get(s - 2):
            return True
        if e + 1 < n and low[e] in {"e", ",", "ed"} and org_starts.get(e + 1):
            return True
        return False

    def _capitals(self, doc: Doc, taken: set, low, sent, org_starts=None, org_ends=None):
        """Capitalised sequences, for pipelines without NER: ORG, PER or nothing."""
        org_starts = org_starts or {}
        org_ends = org_ends or {}
        n = len(doc)
        runs = []
        i = 0
        while i < n:
            if i in taken or not _is_cap(doc[i].text) or doc[i].is_punct:
                i += 1
                continue
            j = i + 1
            while j < n and j not in taken:
                if _is_cap(doc[j].text) and not doc[j].is_punct and sent[j] == sent[i] and "\n" not in doc[j - 1].whitespace_:
                    j += 1
                elif (
                    low[j] in self.lex.connectors
                    and not any(c.isupper() for c in doc[j].text)
                    and j + 1 < n
                    and j + 1 not in taken
                    and _is_cap(doc[j + 1].text)
                    and low[j + 1] not in self.places
                ):
                    j += 2
                else:
                    break
            runs.append((i, j))
            i = j
        # a legal form ends the name ("Cdp Equity S.p.A." is cut "S.p", ".", "A.")
        cut = []
        for s, e in runs:
            for k in range(s + 1, e):
                if self.legal.match(self._text, doc[k - 1].idx + len(doc[k - 1].text)):
                    e = k
                    break
            while s < e and (low[s] in self.lex.not_entity or low[s] in self.lex.connectors
                             or ((low[s] in ARTICLES or low[s] in PREP_ARTICLES) and (self._initial(doc, s, sent) or doc[s].text.islower()))):
                s += 1
            while e > s and (low[e - 1] in self.lex.not_entity or low[e - 1] in self.lex.connectors):
                e -= 1
            if s < e:
                cut.append((s, e))
        runs = cut
        counts: dict[str, int] = {}
        for s, e in runs:
            counts[" ".join(low[s:e])] = counts.get(" ".join(low[s:e]), 0) + 1
        org_starts = dict(org_starts)
        org_ends = dict(org_ends)
        decided: dict[tuple, tuple] = {}
        for _ in range(3):
            changed = False
            for s0, e0 in runs:
                if (s0, e0) in decided:
                    continue
                r = self._classify_run(doc, low, sent, s0, e0, counts, org_starts, org_ends)
                if r is None or r[2] == "LATER":
                    continue
                decided[(s0, e0)] = r
                if r[2] == "ORG":
                    org_starts[r[0]] = True
                    org_ends[r[1] - 1] = True
                    changed = True
            if not changed:
                break
        out = []
        for s0, e0 in runs:
            if (s0, e0) in decided and decided[(s0, e0)][2] != "SKIP":
                out.append(decided[(s0, e0)])
                continue
            r = self._classify_run(doc, low, sent, s0, e0, counts, org_starts, org_ends, final=True)
            if r is not None and r[2] not in ("SKIP", "LATER"):
                out.append(r)
        return out


    def _classify_run(self, doc, low, sent, s, e, counts, org_starts, org_ends, final=False):
        # Trim words that are not names: "Secondo", "Il", "CEO", months.
        while s < e and (low[s] in self.lex.not_entity or low[s] in self.lex.connectors
                         or ((low[s] in ARTICLES or low[s] in PREP_ARTICLES) and (self._initial(doc, s, sent) or doc[s].text.islower()))):
            s += 1
        while e > s and (low[e - 1] in self.lex.not_entity or low[e - 1] in self.lex.connectors):
            e -= 1
        if s >= e:
            return (s, e, "SKIP")
        words = low[s:e]
        phrase = " ".join(words)
        if phrase in self.places or all(w in self.places for w in words):
            return (s, e, "SKIP")
        if words[0] in self.lex.first_names and e - s >= 2 and not any(w in self.lex.org_words for w in words[1:]):
            return (s, e, "PER")
        if e - s == 1 and words[0] in self.surnames:
            return (s, e, "SKIP")
        end_char = doc[e - 1].idx + len(doc[e - 1].text)
        legal = self.legal.match(self._text, end_char) is not None
        initial = self._initial(doc, s, sent)
        # "Thrive Capital" (a name and an organisation word); "Energy Infrastructure Partners" (three of them)
        org_word = any(w in self.lex.org_words for w in words) and (
            not all(w in self.lex.org_words for w in words) or (e - s >= 3 and not initial)
        )
        if legal or org_word:
            return (s, e, "ORG")
        if self._org_context(doc, low, s, e, org_starts, org_ends, sent) and not (
            initial and e - s == 1 and not org_ends.get(s - 1)
        ):
            return (s, e, "ORG")
        if not final:
            return (s, e, "LATER")
        if counts.get(phrase, 0) >= 2 and len(phrase) > 2 and not (initial and e - s == 1 and counts[phrase] < 3):
            return (s, e, "ORG?")
        return (s, e, "SKIP")

    # ------------------------------------------------------------------ step 4: descriptions
    def _person_at(self, doc: Doc, i: int, low, per_at: dict) -> Optional[tuple[int, str]]:
        """A person's name starting at token i: (end token, name)."""
        if i in per_at and " ".join(low[per_at[i].ts : per_at[i].te]) not in self.places:
            m = per_at[i]
            return m.te, doc.char_span(m.start, m.end).text if doc.char_span(m.start, m.end) else doc[m.ts : m.te].text
        j = i
        while j < len(doc) and j - i < 4 and _is_cap(doc[j].text) and not doc[j].is_punct:
            j += 1
        if j - i >= 2 and (low[i] in self.lex.first_names or self.gaz.orgs_of_person(doc[i:j].text)):
            return j, doc[i:j].text
        return None

    def _city_at(self, doc: Doc, i: int, low, ment_at=None) -> Optional[tuple[int, str]]:
        for length in (3, 2, 1):
            if i + length <= len(doc):
                k = " ".join(low[i : i + length])
                if (k in self.city_keys or k in self.places) and _is_cap(doc[i].text):
                    return i + length, k
        # a place the lists do not know ("la società di Casteldebole"): capitalised, not a name we found
        if ment_at is not None and i < len(doc) and _is_cap(doc[i].text) and i not in ment_at and not doc[i].is_punct \
                and low[i] not in self.lex.first_names and low[i] not in self.lex.not_entity and doc[i].text.isalpha():
            j = i + 1
            while j < len(doc) and j - i < 3 and _is_cap(doc[j].text) and j not in ment_at and doc[j].text.isalpha():
                j += 1
            return j, " ".join(low[i:j])
        return None

    def _product_at(self, doc: Doc, i: int, low) -> Optional[tuple[int, int]]:
        for length in (3, 2, 1):
            if i + length <= len(doc):
                k = key(doc[i : i + length].text)
                if k in self.gaz.by_product and _is_cap(doc[i].text) or (
                    k in self.gaz.by_product and any(c.isupper() for c in doc[i : i + length].text)
                ):
                    return i + length, self.gaz.by_product[k]
        return None

    def _place(self, w: str) -> set:
        """'milanese' -> {'milano'}; 'lombarda' -> the Lombard cities and 'lombardia'."""
        if w in self.desc.city_adj:
            return {self.desc.city_adj[w]}
        if w in self.desc.region_adj:
            region = self.desc.region_adj[w]
            return {region} | self.desc.region_cities.get(region, set())
        return set()

    def _sector_at(self, low, i: int) -> Optional[tuple[int, frozenset]]:
        if i >= len(low):
            return None
        # only the stems that start with the word's first letter can match here (same order as the list)
        first = low[i][:1]
        if getattr(self, "_stems_of", (None,))[0] is not self.sector_stems:
            self._stems_of = (self.sector_stems, {})
        stems = self._stems_of[1].get(first)
        if stems is None:
            stems = self._stems_of[1][first] = [(stem, secs) for stem, secs in self.sector_stems
                                                if not stem or not stem[0] or stem[0][:1] == first]
        for stem, secs in stems:
            L = len(stem)
            if i + L > len(low):
                continue
            if all(low[i + k] == stem[k] for k in range(L - 1)) and low[i + L - 1].startswith(stem[-1]):
                # Short stems ("ai", "tv", "gas") must be whole words.
                if len(stem[-1]) <= 3 and low[i + L - 1] != stem[-1]:
                    continue
                return i + L, secs
        return None

    def _descriptions(self, doc: Doc, low, sent, ment_at: dict, per_at: dict):
        """Scan for descriptive noun phrases; yield dicts with span and constraints (unresolved)."""
        out = []
        inside = {i for m in ment_at.values() if m.label == "ORG" for i in range(m.ts, m.te)}
        n = len(doc)
        i = 0
        while i < n:
            t0 = low[i]
            det = None
            j = i
            if i in inside or t0 in PLURAL_DETERMINERS:  # "le startup italiane": many companies, never one
                i += 1
                continue
            if t0 in ARTICLES or t0 in DEMONSTRATIVES:
                det = "def" if t0 not in INDEFINITE else "indef"
                j = i + 1
            elif t0 in PREP_ARTICLES and t0 not in {"di", "a", "da", "in", "su", "con", "per", "tra", "fra", "ad"}:
                det = "def"
                j = i + 1
            start = i if (t0 in ARTICLES or t0 in DEMONSTRATIVES) else j
            cons = {"kinds": None, "sectors": set(), "country": set(), "person": None, "city": None, "product": None,
                    "place": set()}
            k = j
            # pre-modifiers: fillers and nationality ("la tedesca Rheinmetall", "il celebre marchio")
            pre_country = set()
            pre_place = set()
            while k < n and (low[k] in self.desc.fillers or low[k] in self.desc.countries or self._place(low[k])) and k - j < 3:
                if low[k] in self.desc.countries:
                    pre_country.add(self.desc.countries[low[k]])
                pre_place |= self._place(low[k])
                k += 1
            head = None
            if k in inside and not (det and (pre_country or pre_place) and k in ment_at and k > j):
                i += 1
                continue
            for L in range(self.max_head, 0, -1):
                h = tuple(low[k : k + L])
                if len(h) == L and h in self.heads:
                    head = h
                    break
            if head is None:
                # "la tedesca Rheinmetall": a nationality used as the noun, a name right after.
                if det and (pre_country or pre_place) and k in ment_at and k > j:
                    out.append({"ts": start, "te": k, "cons": {**cons, "country": pre_country, "place": pre_place},
                                "det": det, "head": None, "appos_after": ment_at[k]})
                i += 1
                continue
            if det is None and not (i > 0 and low[i - 1] in {",", "–", "(", "ovvero", "cioè"}):
                i += 1
                continue
            if doc[k].text[:1].isupper() and not self._initial(doc, k, sent) and det is None:
                i += 1
                continue
            hv = self.heads[head]
            cons["kinds"] = hv["kinds"]
            implied = hv["sectors"]
            cons["country"] |= pre_country
            cons["place"] |= pre_place
            k += len(head)
            end = k
            steps = 0
            while k < n and steps < 10 and k not in inside:
                steps += 1
                w = low[k]
                if w == "e" and k + 1 < n:
                    nh = next((h for h in self.heads if tuple(low[k + 1 : k + 1 + len(h)]) == h), None)
                    if nh is not None:
                        k = end = k + 1 + len(nh)
                        continue
                if w in self.desc.countries:
                    cons["country"].add(self.desc.countries[w])
                    k += 1
                    end = k
                    continue
                if self._place(w):
                    cons["place"] |= self._place(w)
                    k += 1
                    end = k
                    continue
                if "-" in w and all(p in self.desc.countries for p in w.split("-") if p):
                    cons["country"].update(self.desc.countries[p] for p in w.split("-") if p)
                    k += 1
                    end = k
                    continue
                sec = self._sector_at(low, k)
                if sec:
                    cons["sectors"] |= set(sec[1])
                    cons.setdefault("groups", []).append(set(sec[1]))
                    k = sec[0]
                    end = k
                    continue
                if w in self.desc.fillers and w != "e":
                    k += 1
                    continue
                linked = False
                for target in ("person", "city", "product"):
                    link = self._seq_at(low, k, self.links.get(target, []))
                    if not link:
                        continue
                    a = k + len(link)
                    if target in ("person", "city"):
                        found = (self._person_at(doc, a, low, per_at) if target == "person"
                                 else self._city_at(doc, a, low, ment_at))
                        if found and not (a in ment_at and ment_at[a].label == "ORG"):
                            cons[target] = found[1]
                            k = end = found[0]
                            linked = True
                            break
                    else:
                        p = self._product_at(doc, a, low)
                        if p:
                            cons["product"] = p[1]
                            k = end = p[0]
                            linked = True
                            break
                if linked:
                    continue
                if w in OF and k + 1 < n:
                    a = k + 1
                    while a < n and low[a] in self.desc.fillers and low[a] != "e":
                        a += 1
                    sec = self._sector_at(low, a)
                    if sec:
                        cons["sectors"] |= set(sec[1])
                        cons.setdefault("groups", []).append(set(sec[1]))
                        k = end = sec[0]
                        continue
                    # "dei servizi di", "delle risorse": one plain word then a sector or stop
                break
            if not cons["sectors"] and implied:
                cons["implied"] = set(implied)
            d = {"ts": start, "te": end, "cons": cons, "det": det, "head": head, "appositive_only": hv["appositive_only"],
                 "no_bare": hv.get("no_bare", False)}
            # apposition after: "il colosso ... giapponese Softbank", "Il fondo americano, Blackstonne,"
            nxt = end
            if nxt < n and nxt in ment_at and ment_at[nxt].label == "ORG":
                d["appos_after"] = ment_at[nxt]
            elif nxt + 1 < n and low[nxt] == "," and nxt + 1 in ment_at and ment_at[nxt + 1].label == "ORG" and start > 0 and (
                self._initial(doc, start, sent) or low[start - 1] in {",", "e"}
            ):
                after = ment_at[nxt + 1]
                if after.te < n and low[after.te] in {",", ")"}:
                    d["appos_after"] = after
            # apposition before: "Nvidia, il gigante ...", "Ppf, l'altro azionista", "Lgt, ovvero il ..."
            b = start - 1
            if b >= 0 and low[b] in {"ovvero", "cioè", "ossia"}:
                b -= 1
            if b >= 1 and low[b] in {",", "(", "–", "—"} and (b - 1) in self._ends(ment_at) and det != "indef":
                before = self._ends(ment_at)[b - 1]
                # "Secondo il Financial Times, la società di Redmond ...": a source is no apposition
                if before.label == "ORG" and not before.excluded:
                    d["appos_before"] = before
            elif b >= 1 and doc[b].text.lower() in COPULAS and "appos_after" not in d:
                # "Microsoft resta il fornitore principale", "Amazon è il principale finanziatore"
                ends = self._ends(ment_at)
                for x in range(b - 1, max(-1, b - 4), -1):
                    if x in ends and ends[x].label == "ORG" and sent[x] == sent[b]:
                        d["appos_before"] = ends[x]
                        break
            out.append(d)
            i = max(end, i + 1)
        return out

    def _ends(self, ment_at: dict) -> dict:
        cached = getattr(self, "_ends_cache", None)
        if cached is not None and cached[0] is ment_at:
            return cached[1]
        ends = {m.te - 1: m for m in ment_at.values()}
        self._ends_cache = (ment_at, ends)
        return ends

    # ------------------------------------------------------------------ main
    def __call__(self, doc: Doc) -> list[dict]:
        """The party mentions of ``doc``. The work runs on a shallow copy of this finder made for this call, so
        the per-document attributes it sets never meet another document's, in another thread."""
        return copy.copy(self)._find(doc)

    def _find(self, doc: Doc) -> list[dict]:
        if not len(doc):
            return []
        self._text = text_of(doc)  # Doc.text is rebuilt on every access
        low = [key(t.text) for t in doc]
        sent = self._sentences(doc)
        mentions: list[Mention] = []
        clusters: dict[str, Cluster] = {}

        def cluster_for(k: str, org: Optional[Org] = None) -> Cluster:
            if k not in clusters:
                clusters[k] = Cluster(k, org, org.country if org else None, org.kind if org else None,
                                      set(org.sectors) if org else set(),
                                      {key(c) for c in org.cities} if org else set())
                if org is None and k.startswith("n:"):
                    # what the name itself says: "Banca Comense" is a bank, "Libeccio Energia" is in energy
                    words = k[2:].split()
                    grams = words + [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
                    for w in grams:
                        if w in self.lex.name_kind and clusters[k].kind is None:
                            clusters[k].kind = self.lex.name_kind[w]
                        clusters[k].sectors |= self.lex.name_sector.get(w, set())
            return clusters[k]

        # 1. gazetteer
        gaz, taken = self._gazetteer(doc, low, sent)
        for s, e, typ, oid in gaz:
            org = self.gaz.orgs[oid]
            span = doc[s:e]
            start, end = span.start_char, span.end_char
            if typ == "O" and org.kind != "person":
                x = e
                while (
                    x < len(doc) and x - e < 3 and x not in taken and _is_cap(doc[x].text) and not doc[x].is_punct
                    and sent[x] == sent[s] and "\n" not in doc[x - 1].whitespace_ and doc[x - 1].whitespace_
                    and (low[x] not in self.lex.not_entity or self._inside_name(doc, low, x)) and low[x] not in self.places
                    and low[x] not in self.lex.first_names
                    and not self.legal.match(self._text, doc[x - 1].idx + len(doc[x - 1].text))
                ):
                    x += 1
                if x > e and self.gaz.lookup(doc[s:x].text) is None:
                    # "Helvetia Equity Partners", "Mediaset Premium": a longer name the gazetteer does not know
                    span = doc[s:x]
                    end = self._extend_legal(doc, span.end_char)
                    te = self._char_to_token_end(doc, end, x)
                    taken.update(range(s, te))
                    k = "n:" + fold(self._text[start:end])
                    cluster_for(k)
                    mentions.append(Mention(s, te, start, end, "ORG", "ner", k, None))
                    continue
            if typ == "O":
                end = self._extend_legal(doc, end)
                te = self._char_to_token_end(doc, end, e)
                taken.update(range(e, te))
                k = f"g:{oid}"
                cluster_for(k, org)
                mentions.append(Mention(s, te, start, end, org.label, "gazetteer", k, org.kind))
            elif typ == "P":
                k = f"g:{oid}"
                cluster_for(k, org)
                mentions.append(Mention(s, e, start, end, "ORG", "gazetteer", k, org.kind, excluded="product", proper=False))
            elif typ == "E":
                if s and low[s - 1] in DEFINITE:
                    s -= 1
                    start = doc[s].idx
                k = f"g:{oid}"
                cluster_for(k, org)
                mentions.append(Mention(s, e, start, end, org.label, "epithet", k, org.kind, proper=False))
            elif typ == "H":
                k = "p:" + fold(span.text)
                mentions.append(Mention(s, e, start, end, "PER", "gazetteer", k, "person", role_of=f"g:{oid}"))

        # 2. NER or capitals
        has_ner = any(p in ("ner", "entity_ruler") for p in self.nlp.pipe_names) or len(doc.ents) > 0
        self.surnames = {key(doc[m.te - 1].text) for m in mentions if m.label == "PER"} | self.gaz_surnames
        org_starts = {m.ts: True for m in mentions if m.label == "ORG" and m.proper}
        org_ends = {m.te - 1: True for m in mentions if m.label == "ORG" and m.proper}
        if has_ner:
            # the model's entities first; capitalised names it left alone still get the word-list test
            found = self._ner(doc, taken, low, sent, org_starts, org_ends)
            ner_tokens = {i for ent in doc.ents if ent.label_.upper() in PER_LABELS for i in range(ent.start, ent.end)}
            covered = taken | ner_tokens | {i for s0, e0, _ in found for i in range(s0, e0)}
            found += [f for f in self._capitals(doc, covered, low, sent, org_starts, org_ends)
                      if not any(i in covered for i in range(f[0], f[1]))]
        else:
            found = self._capitals(doc, taken, low, sent, org_starts, org_ends)
        found = _join_adjacent(found)
        maybe = []
        for s, e, lab in found:
            span = doc[s:e]
            start, end = span.start_char, span.end_char
            if lab == "PER":
                org = self.gaz.lookup(span.text)
                if org and org.kind == "person":
                    k = f"g:{org.id}"
                    cluster_for(k, org)
                    mentions.append(Mention(s, e, start, end, "PER", "gazetteer", k, "person"))
                else:
                    mentions.append(Mention(s, e, start, end, "PER", "ner", "p:" + fold(span.text), "person"))
                taken.update(range(s, e))
                continue
            end = self._extend_legal(doc, end)
            te = self._char_to_token_end(doc, end, e)
            org = self.gaz.lookup(self._text[start:end])
            k = f"g:{org.id}" if org else "n:" + fold(self._text[start:end])
            m = Mention(s, te, start, end, "ORG", "ner", k, org.kind if org else None)
            cluster_for(k, org)
            if lab == "ORG?":
                maybe.append(m)
            else:
                mentions.append(m)
                taken.update(range(s, te))
        for m in maybe:
            mentions.append(m)
            taken.update(range(m.ts, m.te))

        # families as parties: "la famiglia Kerr", "la famiglia fondatrice Marchetto"
        for i in range(len(doc) - 1):
            if low[i] != "famiglia":
                continue
            j = i + 1
            if j < len(doc) and doc[j].text.islower() and low[j] not in OF and j - i <= 2:
                j += 1
            per_here = [m for m in mentions if m.label == "PER" and m.ts == j and m.source == "ner"]
            if j < len(doc) and _is_cap(doc[j].text) and (j not in taken or per_here) and low[j] not in self.places:
                e = j + 1
                while e < len(doc) and e - j < 2 and _is_cap(doc[e].text) and (e not in taken or per_here):
                    e += 1
                for m in per_here:
                    mentions.remove(m)
                    e = max(e, m.te)
                span = doc[i:e]
                mentions.append(Mention(i, e, span.start_char, span.end_char, "PER", "ner", "p:" + fold(span.text), "person"))
                taken.update(range(i, e))

        # 3. acronyms defined in the text, and initials of names used in it
        self._acronyms(doc, low, mentions, taken, cluster_for)

        # persons tied to organisations in the text ("Jensen Huang, CEO di Nvidia")
        ment_at = {m.ts: m for m in mentions}
        self._ties(doc, low, sent, mentions, ment_at)

        # 5. context (before descriptions, so that "il gruppo" never resolves to an advisor)
        self._context(doc, low, sent, mentions, clusters)

        # 4. descriptions
        per_at = {m.ts: m for m in mentions if m.label == "PER"}
        descs = self._descriptions(doc, low, sent, {m.ts: m for m in mentions if m.proper}, per_at)
        self._resolve_descriptions(doc, low, sent, descs, mentions, clusters, cluster_for)
        # a person named inside a description ("guidata da Sam Altman") is part of it
        dspans = [(m.ts, m.te) for m in mentions if m.source in ("description", "epithet")]
        mentions[:] = [m for m in mentions if not (m.label == "PER" and any(a <= m.ts and m.te <= b for a, b in dspans))]

        # 6. clusters and canonical names
        return self._finish(doc, mentions, clusters)

    # ------------------------------------------------------------------ step 3
    def _acronyms(self, doc, low, mentions, taken, cluster_for):
        n = len(doc)
        by_end = {m.te: m for m in mentions if m.label == "ORG" and m.proper}
        defined: dict[str, str] = {}
        for te, m in list(by_end.items()):
            j = te
            bracket = j < n and low[j] == "("
            if bracket or (j < n and doc[j].text in QUOTES and doc[j].text not in "'’"):
                j += 1 if bracket else 0
                # a defined term: 'X (“Cdpe”)', 'X (di seguito “Mira”)', 'X (anche solo “Beta”)', 'X “Gamma”'
                f = j
                while bracket and j < n and j - f < 5 and low[j] in DEFINED_TERM_FILLERS:
                    j += 1
                q = j
                while j < n and doc[j].text in QUOTES:
                    j += 1
                quoted = j > q
                if (j > f or not bracket) and not quoted:
                    continue  # fillers (or no bracket) need the term in quotes
                a = j
                while j < n and j - a < 4 and _is_cap(doc[j].text) and not doc[j].is_punct:
                    j += 1
                b = j
                while j < n and doc[j].text in QUOTES:
                    j += 1
                if quoted and j == b:
                    continue  # an opening quote with no closing one: a quotation, not a definition
                closed = j < n and (low[j] == ")" or low[j] in {"o", "e", ","})
                if b > a and (closed if bracket else j > b):
                    acr = doc[a:b].text
                    if key(acr) in self.lex.not_entity or key(acr) in {"società", "societa", "gruppo", "azienda"}:
                        continue
                    if fold(acr) == fold(doc[m.ts : m.te].text):
                        continue
                    defined[acr.lower()] = m.key
        # "Agenzia spaziale italiana (Asi)": no name before the brackets, but the initials give it away
        for p in range(2, n - 2):
            if low[p] != "(" or (p in {m.te for m in mentions}):
                continue
            a = p + 1
            while a < n and doc[a].text in QUOTES:
                a += 1
            if a >= n or not (doc[a].text.isalpha() and 2 <= len(doc[a].text) <= 6 and _is_cap(doc[a].text)):
                continue
            b = a + 1
            while b < n and doc[b].text in QUOTES:
                b += 1
            if b >= n or low[b] != ")":
                continue
            acr = doc[a].text.lower()
            for L in range(2, 10):
                s0 = p - L
                if s0 < 0 or doc[s0].is_punct:
                    break
                words = [t.text for t in doc[s0:p] if key(t.text) not in self.lex.connectors and t.text[:1].isalnum()]
                if not _is_cap(doc[s0].text) or any(i in taken and not self._is_ner(mentions, i) for i in range(s0, p)):
                    continue
                if "".join(w[0] for w in words).lower() == acr:
                    span = doc[s0:p]
                    mentions[:] = [m for m in mentions if not (m.source == "ner" and m.ts >= s0 and m.te <= p)]
                    k = "n:" + fold(span.text)
                    cluster_for(k)
                    mentions.append(Mention(s0, p, span.start_char, span.end_char, "ORG", "ner", k, None))
                    taken.update(range(s0, p))
                    defined[doc[a].text.lower()] = k
                    break
        # initials: "Idv" for "Iveco Defence Vehicles", "Lrmv"
        initials = {}
        for m in mentions:
            if m.label != "ORG" or not m.proper:
                continue
            words = [w for w in self._text[m.start : m.end].split() if w[:1].isalnum() and key(w) not in self.lex.connectors]
            if len(words) >= 2:
                ini = "".join(w[0] for w in words).lower()
                if len(ini) >= 2:
                    initials.setdefault(ini, m.key)
        # a term the text defines beats the model's or the capitals' own one-word guess for it
        guessed = {m.ts: m for m in mentions if m.source == "ner" and m.te == m.ts + 1}
        for i, t in enumerate(doc):
            if i in taken:
                g = guessed.get(i)
                if g is None or defined.get(t.text.lower()) in (None, g.key):
                    continue
                mentions.remove(g)
                taken.discard(i)
            text = t.text
            k = defined.get(text.lower())
            if k is None and 2 <= len(text) <= 6 and text.isalpha() and _is_cap(text) and (text.isupper() or len(text) >= 3):
                k = initials.get(text.lower())
                if k is not None and key(text) in self.lex.not_entity:
                    k = None
            if k is None or (not _is_cap(text)):
                continue
            mentions.append(Mention(i, i + 1, t.idx, t.idx + len(text), "ORG", "acronym", k,
                                    mentions_kind(mentions, k)))
            taken.add(i)

    @staticmethod
    def _is_ner(mentions, i) -> bool:
        return any(m.source == "ner" and m.ts <= i < m.te for m in mentions)

    # ------------------------------------------------------------------ ties person -> org
    def _ties(self, doc, low, sent, mentions, ment_at):
        orgs = {m.ts: m for m in mentions if m.label == "ORG" and m.proper}
        pers = [m for m in mentions if m.label == "PER"]
        n = len(doc)
        # a tie can only start at its own first word: try just those (in list order) at each token
        by_first: dict = {}
        for t in self.ties:
            by_first.setdefault(t[0] if t else None, []).append(t)
        every = None in by_first
        for i in range(n):
            tie = self._seq_at(low, i, self.ties if every else by_first.get(low[i], ()))
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

    # ------------------------------------------------------------------ step 4 resolution
    def _resolve_descriptions(self, doc, low, sent, descs, mentions, clusters, cluster_for):
        orgs_sorted = sorted([m for m in mentions if m.label == "ORG" and m.proper and not m.excluded], key=lambda m: m.ts)
        person_orgs: dict[str, list[str]] = {}
        for m in mentions:
            if m.label == "PER" and m.role_of:
                person_orgs.setdefault(fold(self._text[m.start : m.end]), []).append(m.role_of)
        present = {m.key for m in orgs_sorted}

        def compatible(c: Cluster, cons, head) -> bool:
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

        def constrained(cons) -> bool:
            return bool(cons["country"] or cons["sectors"] or cons.get("kinds") or cons.get("implied") or cons.get("place"))

        def informative_match(c: Cluster, cons) -> bool:
            # an unknown organisation (no attributes) can only take a constraint it is known to meet
            if cons["country"] and not c.country:
                return False
            if (cons["sectors"] or cons.get("implied")) and not c.sectors:
                return False
            if cons.get("place") and not c.cities:
                return False
            return True

        # appositions first: they also teach unknown organisations their country and sector
        for d in descs:
            target = d.get("appos_after") or d.get("appos_before")
            if target is None:
                continue
            c = cluster_for(target.key)
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
        first_key = orgs_sorted[0].key if orgs_sorted else None
        resolved: list[tuple[int, str]] = [(d["ts"], d["key"]) for d in descs if "key" in d]
        # Indexes of orgs_sorted (sorted by ts, so by start and by sentence too) and of resolved, so that a
        # description costs look-ups, not scans of every mention of the article (quadratic on long texts).
        orgs_ts = [m.ts for m in orgs_sorted]
        orgs_sent = [sent[m.ts] for m in orgs_sorted]
        key_tes: dict[str, list[int]] = {}  # key -> its mentions' te, sorted
        key_first_ts: dict[str, int] = {}
        key_at: dict[str, list[tuple[int, int]]] = {}  # key -> (start, index in orgs_sorted), in order
        for idx, m in enumerate(orgs_sorted):
            key_tes.setdefault(m.key, []).append(m.te)
            key_first_ts.setdefault(m.key, m.ts)
            key_at.setdefault(m.key, []).append((m.start, idx))
        for tes in key_tes.values():
            tes.sort()
        resolved_at: dict[str, list[int]] = {}  # key -> positions at which a description resolved to it, sorted
        for pos, k in resolved:
            insort(resolved_at.setdefault(k, []), pos)

        def before(ts: int, sentences: int) -> list[Mention]:
            """``[m for m in orgs_sorted if m.te <= ts and sent[ts] - sent[m.ts] <= sentences]``"""
            lo, hi = bisect_left(orgs_sent, sent[ts] - sentences), bisect_left(orgs_ts, ts)
            return [m for m in orgs_sorted[lo:hi] if m.te <= ts]

        starts_sorted = all(a[0] <= b[0] for at in key_at.values() for a, b in zip(at, at[1:]))

        def topic_of(scores: dict, paragraph: int, ts: int) -> Optional[str]:
            """The first m of orgs_sorted with m.key in scores, paragraph < m.start and m.te <= ts."""
            if not starts_sorted:  # never seen: a mention whose start does not follow its token order
                return next((m.key for m in orgs_sorted if m.key in scores and paragraph < m.start and m.te <= ts),
                            None)
            best = None
            for k in scores:
                at = key_at.get(k, [])
                for start, idx in at[bisect_right(at, (paragraph, len(orgs_sorted))):]:
                    if best is not None and idx >= best[0] or orgs_sorted[idx].ts >= ts:
                        break
                    if orgs_sorted[idx].te <= ts:
                        best = (idx, k)
                        break
            return best[1] if best else None

        def salience(cands: list[Mention], ts: int, cons, head, unknown_only=False) -> Optional[str]:
            scores: dict[str, float] = {}
            for m in cands:
                c = clusters.get(m.key)
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
            paragraph = self._text.rfind("\n", 0, doc[ts].idx)
            topic = topic_of(scores, paragraph, ts)
            if topic is not None:
                scores[topic] += PARAGRAPH_TOPIC
            for k in scores:  # every mention of the candidate so far counts, and every description resolved to it
                tes = key_tes.get(k, [])
                scores[k] += bisect_right(tes, ts) + bisect_left(resolved_at.get(k, []), ts)
            for k in scores:
                if k == first_key:
                    scores[k] += 1
                c = clusters.get(k)
                # each sector phrase the candidate fits counts ("start up dei pagamenti digitali")
                scores[k] += 2 * sum(1 for g in cons.get("groups", []) if c and g & c.sectors)
                tes = key_tes.get(k, [])
                n = bisect_right(tes, ts)
                last = tes[n - 1] if n else -1
                if last >= 0 and sent[ts] - sent[last - 1] <= 1:
                    scores[k] += 0.5
            return max(scores, key=lambda k: (scores[k], -key_first_ts.get(k, 0)))

        for d in sorted(descs, key=lambda d: d["ts"]):
            if "key" in d or d.get("appositive_only"):
                continue
            cons = d["cons"]
            ts = d["ts"]
            cand = None
            source = "description"
            if cons["person"]:
                keys = person_orgs.get(fold(cons["person"]), [])
                gids = self.gaz.orgs_of_person(cons["person"])
                keys = keys + [f"g:{g}" for g in gids if f"g:{g}" in present] + (
                    [f"g:{gids[0]}"] if len(gids) == 1 else []
                )
                cand = keys[0] if keys else None
            elif cons["product"] is not None:
                cand = f"g:{cons['product']}"
            elif cons["city"]:
                gids = self.gaz.by_city.get(cons["city"], [])
                here = [f"g:{g}" for g in gids if f"g:{g}" in present]
                if len(here) == 1:
                    cand = here[0]
                elif here:
                    # "il gruppo di Seattle" with Amazon and AWS in the article: the one more salient here
                    cand = salience([m for m in orgs_sorted if m.key in here], ts, {**cons, "kinds": None}, None)
                elif len(gids) == 1:
                    cand = f"g:{gids[0]}"
                elif not gids:
                    # a place the gazetteer does not know: an organisation it does not know either
                    window = before(ts, 4)
                    cand = salience(window, ts, {**cons, "place": {cons["city"]}}, d["head"], unknown_only=True)
            elif constrained(cons) and d["head"] is not None:
                window = before(ts, 4)
                cand = salience(window, ts, cons, d["head"])
                if cand is None:
                    lo, hi = bisect_left(orgs_ts, d["te"]), bisect_right(orgs_sent, sent[ts] + 1)
                    after = orgs_sorted[lo:max(lo, hi)]
                    cand = salience(after[:3], ts, cons, d["head"])
                if cand is None:
                    cand = salience(window, ts, cons, d["head"], unknown_only=True)
            linked = cons["person"] or cons["product"] is not None or cons["city"]
            if cand is None and d["head"] is not None and d["det"] == "def" and not d.get("no_bare") and not (
                cons["country"] or cons["sectors"] or linked
            ):
                # "L'azienda", "il gruppo", "la sgr": the most salient compatible party so far
                window = before(ts, 3)
                cand = salience(window, ts, {**cons, "implied": None} if not cons.get("kinds") else cons, d["head"])
                source = "coref"
            if cand is None:
                continue
            d["key"] = cand
            d["source"] = source
            resolved.append((ts, cand))
            insort(resolved_at.setdefault(cand, []), ts)
        for d in descs:
            if "key" not in d:
                continue
            c = clusters.get(d["key"])
            if c is None and d["key"].startswith("g:"):
                c = cluster_for(d["key"], self.gaz.orgs[int(d["key"][2:])])
            span = doc[d["ts"] : d["te"]]
            label = "PER" if (c and c.kind == "person") else "ORG"
            mentions.append(Mention(d["ts"], d["te"], span.start_char, span.end_char, label, d["source"], d["key"],
                                    c.kind if c else None, excluded=d.get("excluded"), proper=False))

    # ------------------------------------------------------------------ step 5
    def _context(self, doc, low, sent, mentions, clusters):
        n = len(doc)
        for m in mentions:
            if m.excluded or m.label != "ORG" or not m.proper:
                continue
            for rule, by_last, by_first in self.cues:
                if rule.kinds is not None and (m.kind or "company") not in rule.kinds:
                    continue
                hit = False
                if rule.side == "before":
                    for last in range(m.ts - 1, max(-1, m.ts - 2 - rule.window), -1):
                        if sent[last] != sent[m.ts] and not rule.any_sentence:
                            break
                        if "\n" in doc[last].whitespace_ or "\n" in doc[last].text:
                            break
                        gap = low[last + 1 : m.ts]
                        # "i server di AWS" are AWS's own: the provider, not an object
                        if rule.excluded == "product" and any(w in OF or w in ARTICLES or w in PREP_ARTICLES for w in gap):
                            continue
                        # "il quotidiano britannico aggiunge che Terna": a new clause starts before the name
                        if rule.excluded == "news_source" and (
                            any(w in CLAUSE_OPENERS for w in gap)
                            # "secondo il quotidiano Handelsblatt Eni tratta": the cue belongs to the first name
                            or any(_is_cap(doc[x].text) for x in range(last + 1, m.ts))
                        ):
                            continue
                        # "l'asta per Permira": a new role starts right before the name
                        if rule.excluded == "advisor" and gap and gap[-1] in {"per", "a", "verso", "su"}:
                            continue
                        for cue in by_last.get(low[last], ()):
                            first = last - len(cue) + 1
                            if first >= 0 and (sent[first] == sent[m.ts] or rule.any_sentence) and tuple(low[first : last + 1]) == cue:
                                hit = True
                                break
                        if hit:
                            break
                elif rule.side == "after":
                    for first in range(m.te, min(n, m.te + rule.window + 1)):
                        if any(doc[x].is_punct and low[x] not in {"(", ")"} and not (rule.excluded == "advisor" and low[x] == ",")
                               for x in range(m.te, first)):
                            break
                        if sent[first] != sent[m.te - 1]:
                            break
                        for cue in by_first.get(low[first], ()):
                            if tuple(low[first : first + len(cue)]) == cue:
                                hit = True
                                break
                        if hit:
                            break
                elif rule.side == "always":
                    c = clusters.get(m.key)
                    hit = bool(c and rule.sectors & c.sectors)
                elif rule.side == "around":
                    hit = m.ts > 0 and m.te < n and low[m.ts - 1] == "(" and low[m.te] == ")"
                elif rule.side == "dateline":
                    hit = self._in_dateline(doc, low, m, mentions, by_first)
                if hit:
                    m.excluded = rule.excluded
                    break

    @staticmethod
    def _in_dateline(doc, low, m, mentions, after_cues) -> bool:
        """'MILANO, 3 mar (Reuters) -', '(Il Sole 24 Ore Radiocor) –': only source names in brackets, then a dash."""
        n = len(doc)
        # the brackets are at most 12 tokens apart: look no further (an unbounded scan per mention is quadratic)
        a = m.ts - 1
        while a >= 0 and low[a] != "(" and m.te - a <= 12:
            a -= 1
        if a < 0 or m.te - a > 12:
            return False
        b = m.te
        while b < n and low[b] != ")" and b - a <= 12:
            b += 1
        if b >= n or b + 1 >= n or b - a > 12:
            return False
        if not any(tuple(low[b + 1 : b + 1 + len(c)]) == c for c in after_cues.get(low[b + 1], ())):
            return False
        # a dateline opens its line: at most a place and a date before the bracket
        k = a
        while k > 0 and a - k <= 8 and "\n" not in doc[k - 1].whitespace_ and "\n" not in doc[k - 1].text:
            k -= 1
        if a - k > 8 or any(doc[i].pos_ in ("VERB", "AUX") or low[i] in ("ha", "è", "sono", "hanno") for i in range(k, a)):
            return False
        inside = set()
        for o in mentions:
            if a < o.ts and o.te <= b:
                inside.update(range(o.ts, o.te))
        return all(i in inside or low[i] in DATELINE_GLUE for i in range(a + 1, b))

    # ------------------------------------------------------------------ step 6
    def _finish(self, doc, mentions, clusters) -> list[dict]:
        parent: dict[str, str] = {}

        def find(k):
            while parent.get(k, k) != k:
                k = parent[k]
            return k

        def union(a, b):  # b joins a
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[rb] = ra

        # a "person" the model named like an organisation of the text: "Gruppo Porcellane Riunite" ... "Porcellane
        # Riunite" (read as a surname)
        org_keys = {m.key for m in mentions if m.label == "ORG"}
        for m in mentions:
            if m.label == "PER" and m.key.startswith("p:") and "n:" + m.key[2:] in org_keys:
                m.label, m.key, m.kind = "ORG", "n:" + m.key[2:], None
        # short forms of names the gazetteer does not know: "Courvoisier" ... "Courvoisier Holding France SAS"
        names = {}
        for m in mentions:
            if m.proper and m.label == "ORG" and m.source in ("ner", "gazetteer"):
                names.setdefault(m.key, set()).add(fold(self._text[m.start : m.end]))
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
                                rest = tb[len(ta):]
                                if all(w in self.lex.same_suffix or w in self.places or key(w) in self.desc.countries for w in rest):
                                    union(a, b)
                            elif not a.startswith("g:"):
                                union(b, a)
                        elif (0 < len(ta) < len(tb) and tb[-len(ta):] == ta and not a.startswith("g:") and len(fa) >= 4
                              and all(w in self.lex.generic_lead for w in tb[: len(tb) - len(ta)])):
                            union(b, a)  # "Orobica" after "Pallacanestro Orobica"
        # persons: "Scaroni" after "Paolo Scaroni"
        pnames = {}
        for m in mentions:
            if m.label == "PER" and m.key.startswith("p:"):
                pnames.setdefault(m.key, fold(self._text[m.start : m.end]))
        for a, fa in pnames.items():
            for b, fb in pnames.items():
                if a != b and len(fa.split()) == 1 and len(fb.split()) > 1 and fb.split()[-1] == fa:
                    union(b, a)

        groups: dict[str, list[Mention]] = {}
        for m in mentions:
            groups.setdefault(find(m.key), []).append(m)
        for ms in groups.values():
            # "(Reuters) ... l'agenzia": an epithet, description or coref of a party named only as a source or
            # adviser is excluded for the same reason
            named = [m for m in ms if m.proper and m.source in ("gazetteer", "ner", "acronym")]
            reasons = {m.excluded for m in named}
            if named and len(reasons) == 1 and next(iter(reasons)) in ("news_source", "advisor"):
                for m in ms:
                    if not m.proper and not m.excluded:
                        m.excluded = next(iter(reasons))
        canonical: dict[str, str] = {}
        for root, ms in groups.items():
            names_ = [m for m in ms if m.proper and m.excluded != "product" and m.source in ("gazetteer", "ner", "acronym")]
            if names_:
                best = max(names_, key=lambda m: (len(self._text[m.start : m.end].split()) > 1 or m.source != "acronym",
                                                  m.end - m.start, -m.start))
                canonical[root] = self._text[best.start : best.end]
            else:
                c = clusters.get(root)
                if c and c.org:
                    canonical[root] = c.org.name
                else:
                    canonical[root] = self._text[ms[0].start : ms[0].end]
        out = []
        seen = set()
        for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
            if (m.start, m.end) in seen:
                continue
            seen.add((m.start, m.end))
            root = find(m.key)
            c = clusters.get(root) or clusters.get(m.key)
            kind = m.kind or (c.kind if c else None) or ("person" if m.label == "PER" else None)
            item = {
                "text": self._text[m.start : m.end],
                "start": m.start,
                "end": m.end,
                "canonical": canonical[root],
                "label": m.label,
                "source": m.source,
                "kind": kind,
                "excluded": m.excluded,
            }
            if m.role_of:
                item["role_of"] = canonical.get(find(m.role_of)) or (
                    self.gaz.orgs[int(m.role_of[2:])].name if m.role_of.startswith("g:") else None
                )
            out.append(item)
        return out


def mentions_kind(mentions, k):
    for m in mentions:
        if m.key == k and m.kind:
            return m.kind
    return None


def _join_adjacent(found: list) -> list:
    """'Al Noor' + 'Investments' with nothing between them (or overlapping): one name cut in two by the model."""
    out = []
    for s, e, lab in sorted(found):
        if out and s <= out[-1][1] and (out[-1][2] == lab or lab != "PER"):
            out[-1] = (out[-1][0], max(e, out[-1][1]), lab if lab != "ORG?" else out[-1][2])
        else:
            out.append((s, e, lab))
    return out

