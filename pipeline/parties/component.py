"""The ``accordi_parties`` component: ``doc._.party_mentions`` from the gazetteer, NER and the article itself.

Works on top of any Italian pipeline (blank + sentencizer, the embedded model, it_core_news_lg);
it reads ``doc.ents`` when there are any and never changes them.
"""
from spacy.language import Language

from .resolve import PartyFinder


@Language.factory("accordi_parties")
def make_parties(nlp, name):
    finder = PartyFinder(nlp)

    def parties(doc):
        doc._.party_mentions = finder(doc)
        return doc

    return parties
