"""What one call of the parties component works on: the document, its mentions and clusters so far.

A :class:`DocState` is made for each Doc and dropped after it; the steps read and extend it. What the component
loaded once (gazetteer, word lists, matcher) is ``state.finder`` and is only read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Optional, Sequence

from spacy.tokens import Doc

from ..doctext import text_of
from ..folding import fold_word
from .gazetteer import Org

if TYPE_CHECKING:
    from .finder import PartyFinder


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
def is_cap(text: str) -> bool:
    if not text or not any(c.isalnum() for c in text):
        return False
    if text[0].isupper():
        return True
    # F2i, A2A, 3i, 2i Rete Gas, eBay, iGenius
    return (text[0].isdigit() and any(c.isalpha() for c in text)) or (
        len(text) > 2 and " " not in text and text[0].islower() and any(c.isupper() for c in text[1:])
    )


def sentences(doc: Doc) -> list[int]:
    """The sentence number of every token (line breaks and . ! ? when no component set sentences)."""
    sent = [0] * len(doc)
    if doc.has_annotation("SENT_START"):
        for n, s in enumerate(doc.sents):
            for i in range(s.start, s.end):
                sent[i] = n
    else:
        n = 0
        for i in range(len(doc)):
            if i and ("\n" in doc[i - 1].text or doc[i - 1].text in {".", "!", "?"}):
                n += 1
            sent[i] = n
    return sent


def seq_at(low: Sequence[str], i: int, seqs) -> Optional[tuple]:
    """The first of ``seqs`` (token tuples) that the words from ``i`` on spell."""
    for s in seqs:
        if tuple(low[i : i + len(s)]) == s:
            return s
    return None


class DocState:
    def __init__(self, doc: Doc, finder: PartyFinder):
        self.doc = doc
        self.finder = finder
        self.text = text_of(doc)  # Doc.text is rebuilt on every access
        self.low = [fold_word(t.text) for t in doc]
        self.sent = sentences(doc)
        self.mentions: list[Mention] = []
        self.clusters: dict[str, Cluster] = {}
        self.taken: set[int] = set()  # tokens inside a name found so far
        self.surnames: set[str] = set()  # last words of the persons found (and of the gazetteer's people)

    @cached_property
    def plural_nouns(self) -> frozenset:
        """Capitalised words the tagger reads as a plural common noun somewhere in the text ("Azioni")."""
        return frozenset(
            self.low[i]
            for i, t in enumerate(self.doc)
            if t.pos_ == "NOUN"
            and "Plur" in t.morph.get("Number", [])
            and t.text[:1].isupper()
            and t.text[1:].islower()
        )

    def initial(self, i: int) -> bool:
        """Sentence-initial, or after a line break, colon or opening quote."""
        if i == 0 or self.sent[i] != self.sent[i - 1]:
            return True
        prev = self.doc[i - 1]
        return "\n" in prev.text or prev.text in {":", '"', "“", "«", "(", "-", "–", "—"} or "\n" in prev.whitespace_

    def legal_after(self, end_char: int) -> bool:
        """A legal form written right at ``end_char`` (" S.p.A.", ", Inc.")."""
        return self.finder.legal.match(self.text, end_char) is not None

    def token_end(self, i: int) -> int:
        """The character where token ``i`` ends."""
        tok = self.doc[i]
        return tok.idx + len(tok.text)

    def extend_legal(self, end_char: int) -> int:
        m = self.finder.legal.match(self.text, end_char)
        return m.end() if m else end_char

    def char_to_token_end(self, end_char: int, te: int) -> int:
        doc = self.doc
        while te < len(doc) and doc[te].idx < end_char:
            te += 1
        return te

    def cluster_for(self, k: str, org: Optional[Org] = None) -> Cluster:
        clusters = self.clusters
        if k not in clusters:
            clusters[k] = Cluster(
                k,
                org,
                org.country if org else None,
                org.kind if org else None,
                set(org.sectors) if org else set(),
                {fold_word(c) for c in org.cities} if org else set(),
            )
            if org is None and k.startswith("n:"):
                # what the name itself says: "Banca Comense" is a bank, "Libeccio Energia" is in energy
                lex = self.finder.lex
                words = k[2:].split()
                grams = words + [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
                for w in grams:
                    if w in lex.name_kind and clusters[k].kind is None:
                        clusters[k].kind = lex.name_kind[w]
                    clusters[k].sectors |= lex.name_sector.get(w, set())
        return clusters[k]
