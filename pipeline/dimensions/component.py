"""PLACEHOLDER (issue 3 replaces the bodies): factories for money, durations and dates."""
from spacy.language import Language


class _Empty:
    def __init__(self, *attrs):
        self.attrs = attrs

    def __call__(self, doc):
        for attr in self.attrs:
            setattr(doc._, attr, [])
        return doc


@Language.factory("accordi_money")
def make_money(nlp, name):
    return _Empty("amounts", "prices", "stakes")


@Language.factory("accordi_durations")
def make_durations(nlp, name):
    return _Empty("durations")


@Language.factory("accordi_dates")
def make_dates(nlp, name):
    return _Empty("dates")
