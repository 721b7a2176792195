"""The ``accordi_parties`` component: ``doc._.party_mentions`` from the gazetteer, NER and the article itself.

Works on top of any Italian pipeline (blank + sentencizer, the embedded model, it_core_news_lg);
it reads ``doc.ents`` and sentences when there are any and never changes them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .finder import PartyFinder


class PartiesComponent:
    """Holds only what it loaded (the :class:`PartyFinder`); each Doc gets its own working state."""

    def __init__(self, nlp: Language):
        self.finder = PartyFinder(nlp)

    def __call__(self, doc: Doc) -> Doc:
        doc._.party_mentions = self.finder(doc)
        return doc


# Nothing is required: NER entities and sentence boundaries are used when an earlier component set them.
@Language.factory("accordi_parties", default_config={}, requires=[], assigns=["doc._.party_mentions"])
def make_parties(nlp: Language, name: str) -> PartiesComponent:
    """Writes ``doc._.party_mentions``; runs before ``accordi_deals``."""
    return PartiesComponent(nlp)
