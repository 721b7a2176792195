"""PLACEHOLDER (issue 6 replaces the body): factory for deal records."""
from spacy.language import Language


@Language.factory("accordi_deals")
def make_deals(nlp, name):
    def deals(doc):
        doc._.deals = []
        return doc
    return deals
