"""``Doc._`` attributes set by accordi's components.

Registered once at import time so they also exist in ``nlp.pipe(n_process=N)`` workers.
Values are plain JSON-like dicts and lists (the shapes of :mod:`pipeline.schema`), so a
``Doc`` still serialises with ``to_bytes`` across processes.
"""

from spacy.tokens import Doc

DOC_ATTRIBUTES = {
    "published": None,  # "YYYY-MM-DD" or "YYYY-MM" anchoring relative dates
    "amounts": None,  # list[Amount]
    "prices": None,  # list[PricePerShare]
    "stakes": None,  # list[Stake]
    "durations": None,  # list[Duration]
    "dates": None,  # list[DealDate]
    "party_mentions": None,  # list[PartyMention]
    "deals": None,  # list[DealRecord]
    "triggers": None,  # list[{text, start, end, deal_type}]: the deal words (set by accordi_spans)
}

for _name, _default in DOC_ATTRIBUTES.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
