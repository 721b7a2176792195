"""Roles of the parties, from position and preposition (surface reading, blank pipeline)."""
import pytest

from deals_helpers import deals, roles

P = ["Alfa", "Beta", "Gamma"]

CASES = [
    ("Alfa ha acquisito Beta.", {"Alfa": "buyer", "Beta": "target"}),
    ("Alfa ha acquistato da Gamma il 30% di Beta.", {"Alfa": "buyer", "Gamma": "seller", "Beta": "target"}),
    ("Beta è stata acquisita da Alfa.", {"Beta": "target", "Alfa": "buyer"}),
    ("Gamma cede Beta ad Alfa.", {"Gamma": "seller", "Beta": "target", "Alfa": "buyer"}),
    ("Gamma ha avviato la cessione del 10% di Beta ad Alfa.", {"Gamma": "seller", "Beta": "target", "Alfa": "buyer"}),
    ("Gamma ha siglato un accordo con Alfa per la vendita di Beta.", {"Gamma": "seller", "Alfa": "buyer", "Beta": "target"}),
    ("Alfa investirà 100 milioni in Beta.", {"Alfa": "investor", "Beta": "investee"}),
    ("Beta ha chiuso un round guidato da Alfa.", {"Beta": "investee", "Alfa": "investor"}),
    ("Alfa e Beta hanno firmato una partnership.", {"Alfa": "partner", "Beta": "partner"}),
    ("Alfa ha firmato una partnership con Beta.", {"Alfa": "partner", "Beta": "partner"}),
    ("Alfa fornirà a Beta i treni per la linea.", {"Alfa": "provider", "Beta": "customer"}),
    ("Alfa ha presentato, insieme alla tedesca Gamma, un'offerta per acquisire Beta.",
     {"Alfa": "buyer", "Gamma": "buyer", "Beta": "target"}),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_roles(text, expected):
    records = deals(text, parties=P)
    assert len(records) == 1, records
    assert roles(records[0]) == expected


def test_bank_lends():
    text = "Beta ha ottenuto un finanziamento da Alfa Bank."
    doc_records = deals(text, parties=["Beta", "Alfa Bank"])
    assert len(doc_records) == 1
    assert roles(doc_records[0]) == {"Beta": "borrower", "Alfa Bank": "lender"}
