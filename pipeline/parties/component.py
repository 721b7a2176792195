"""PLACEHOLDER (issue 5 replaces the body): factory for party mentions."""
from spacy.language import Language


@Language.factory("accordi_parties")
def make_parties(nlp, name):
    def parties(doc):
        doc._.party_mentions = []
        return doc
    return parties
