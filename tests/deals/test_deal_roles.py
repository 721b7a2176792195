"""Roles of the parties, from position and preposition (surface reading, blank pipeline)."""

import pytest

from deals_helpers import deals, make_doc, roles
from pipeline.deals.component import records

P = ["Alfa", "Beta", "Gamma"]

CASES = [
    ("Alfa ha acquisito Beta.", {"Alfa": "buyer", "Beta": "target"}),
    ("Alfa ha acquistato da Gamma il 30% di Beta.", {"Alfa": "buyer", "Gamma": "seller", "Beta": "target"}),
    ("Beta è stata acquisita da Alfa.", {"Beta": "target", "Alfa": "buyer"}),
    ("Gamma cede Beta ad Alfa.", {"Gamma": "seller", "Beta": "target", "Alfa": "buyer"}),
    ("Gamma ha avviato la cessione del 10% di Beta ad Alfa.", {"Gamma": "seller", "Beta": "target", "Alfa": "buyer"}),
    (
        "Gamma ha siglato un accordo con Alfa per la vendita di Beta.",
        {"Gamma": "seller", "Alfa": "buyer", "Beta": "target"},
    ),
    ("Alfa investirà 100 milioni in Beta.", {"Alfa": "investor", "Beta": "investee"}),
    ("Beta ha chiuso un round guidato da Alfa.", {"Beta": "investee", "Alfa": "investor"}),
    ("Alfa e Beta hanno firmato una partnership.", {"Alfa": "partner", "Beta": "partner"}),
    ("Alfa ha firmato una partnership con Beta.", {"Alfa": "partner", "Beta": "partner"}),
    ("Alfa fornirà a Beta i treni per la linea.", {"Alfa": "provider", "Beta": "customer"}),
    # the dative before the object, after a giving verb
    ("Alfa ha concesso a Beta un finanziamento.", {"Alfa": "lender", "Beta": "borrower"}),
    (
        "Alfa ha erogato a Beta un prestito garantito da Gamma.",
        {"Alfa": "lender", "Beta": "borrower", "Gamma": "lender"},
    ),
    ("Gamma ha affidato a Beta un appalto per la manutenzione.", {"Gamma": "customer", "Beta": "provider"}),
    ("Alfa si aggiudica una commessa da 1,2 miliardi per conto di Beta.", {"Alfa": "provider", "Beta": "customer"}),
    ("Alfa ha ottenuto da un pool di banche guidato da Beta un finanziamento.", {"Alfa": "borrower", "Beta": "lender"}),
    # bids: who launches one buys, who receives one sells or is sold
    ("Si è chiusa con successo l'Opa lanciata da Alfa su Beta.", {"Alfa": "buyer", "Beta": "target"}),
    ("Beta ha ricevuto un'offerta da Alfa.", {"Beta": "target", "Alfa": "buyer"}),
    ("Gamma ha ricevuto due offerte vincolanti per Beta.", {"Gamma": "seller", "Beta": "target"}),
    # who signs a loan borrows it
    ("Alfa ha firmato con Beta un finanziamento da 1,5 miliardi.", {"Alfa": "borrower", "Beta": "lender"}),
    (
        "Alfa ha presentato, insieme alla tedesca Gamma, un'offerta per acquisire Beta.",
        {"Alfa": "buyer", "Gamma": "buyer", "Beta": "target"},
    ),
    # the relative pronoun stands for the object; an apposition before it is skipped
    (
        "Alfa è il principale finanziatore di Beta, rivale di Gamma, nella quale ha investito 8 miliardi.",
        {"Alfa": "investor", "Beta": "investee"},
    ),
    # a name in a relative clause before the verb is not its subject
    (
        "Il fondo Alfa, il cui nome era emerso nella cordata di Gamma, presenterà un'offerta per Beta.",
        {"Alfa": "buyer", "Beta": "target"},
    ),
]

ASIDES = [
    # a deal told inside a relative aside: the antecedent fills the pronoun's slot, the list around it is another clause
    (
        "Tra i clienti figurano Alfa, con cui Beta ha firmato una partnership, e Gamma.",
        [{"Alfa": "partner", "Beta": "partner"}],
    ),
    # an apposition telling its own deal: the main clause's subject is the name before it
    (
        "Ieri Delta, la joint venture tra Alfa e Beta che opera in Spagna, ha firmato una partnership con Gamma.",
        [{"Delta": "partner", "Gamma": "partner"}, {"Alfa": "partner", "Beta": "partner"}],
    ),
    (
        "Alfa, che ha acquisito Beta lo scorso anno, ha firmato una partnership con Gamma.",
        [{"Alfa": "buyer", "Beta": "target"}, {"Alfa": "partner", "Gamma": "partner"}],
    ),
    (
        "Tra gli investitori che hanno partecipato al round da 20 milioni di Delta figurano Alfa, "
        "con cui Delta ha un accordo strategico, Beta e Gamma.",
        [
            {"Delta": "investee", "Alfa": "investor", "Beta": "investor", "Gamma": "investor"},
            {"Alfa": "partner", "Delta": "partner"},
        ],
    ),
]


@pytest.mark.parametrize("text,expected", ASIDES)
def test_deal_in_a_relative_aside(text, expected):
    records = deals(text, parties=P + ["Delta"])
    assert sorted(sorted(roles(r).items()) for r in records) == sorted(sorted(e.items()) for e in expected)


@pytest.mark.parametrize("text,expected", CASES)
def test_roles(text, expected):
    records = deals(text, parties=P)
    assert len(records) == 1, records
    assert roles(records[0]) == expected


def test_targets_listed_without_a_named_buyer_stay_targets():
    # the buyer is a description ("La società"): no target of the list becomes the buyer of another
    records = deals("La società ha acquisito Alfa e Beta.", parties=P)
    assert sorted(sorted(roles(r).items()) for r in records) == [[("Alfa", "target")], [("Beta", "target")]]


def test_bank_lends():
    text = "Beta ha ottenuto un finanziamento da Alfa Bank."
    doc_records = deals(text, parties=["Beta", "Alfa Bank"])
    assert len(doc_records) == 1
    assert roles(doc_records[0]) == {"Beta": "borrower", "Alfa Bank": "lender"}


def test_listed_investors_join_the_round():
    text = "Beta ha chiuso un round da 15 milioni: hanno partecipato tra gli altri Alfa, Gamma e Delta Capital."
    [record] = deals(text, parties=["Alfa", "Beta", "Gamma", "Delta Capital"], amounts={"15 milioni": (1.5e7, "EUR")})
    assert roles(record) == {"Beta": "investee", "Alfa": "investor", "Gamma": "investor", "Delta Capital": "investor"}


def test_a_person_holding_a_post_is_not_a_party():
    text = "Alfa, guidata da Mario Rossi, ha acquisito Beta. Gamma ha ceduto Delta a Luca Bianchi."
    records = deals(text, parties=["Alfa", "Beta", "Gamma", "Delta"], persons=["Mario Rossi", "Luca Bianchi"])
    assert [sorted(p["name"] for p in r["parties"]) for r in records] == [
        ["Alfa", "Beta"],
        ["Delta", "Gamma", "Luca Bianchi"],
    ]


def test_metaphor_needs_a_party_after_its_preposition():
    assert (
        deals("Il matrimonio della figlia dell'amministratore delegato di Alfa si è celebrato ieri.", parties=["Alfa"])
        == []
    )
    assert (
        deals(
            "Il matrimonio tra Mario Rossi e Giulia Bianchi si è celebrato ieri.",
            persons=["Mario Rossi", "Giulia Bianchi"],
        )
        == []
    )
    [record] = deals("Secondo indiscrezioni sarebbero vicine le nozze tra Alfa e Beta.", parties=["Alfa", "Beta"])
    assert record["deal_type"] == "merger" and record["status"] == "rumored"


def test_a_company_leader_acting_as_subject_stands_for_the_company():
    text = "Il titolo Alfa sale. Mario Rossi vedrebbe di buon occhio un ritorno di fiamma con Beta."
    doc = make_doc(text, parties=["Alfa", "Beta"], persons=["Mario Rossi"])
    for m in doc._.party_mentions:
        if m["text"] == "Mario Rossi":
            m["role_of"] = "Alfa"
    [record] = records(doc)
    assert roles(record) == {"Alfa": "partner", "Beta": "partner"} and record["status"] == "rumored"
    alone = make_doc(
        "Mario Rossi vedrebbe di buon occhio un ritorno di fiamma con Beta.", parties=["Beta"], persons=["Mario Rossi"]
    )
    alone._.party_mentions[0]["role_of"] = "Alfa"  # the company is not in the text: the person stays a person,
    assert records(alone) == []  # and a press metaphor never joins people


def test_a_generic_subject_stands_for_the_article_subject_not_the_most_named_object():
    text = (
        "Alfa ha annunciato un accordo per acquistare da Delta il portale Beta (Beta Online, per tutti Beta). "
        "Alfa è stata fondata nel 2013. Lo scorso mese il gruppo aveva messo le mani su Gamma."
    )
    records = deals(text, parties=["Alfa", "Delta", ("Beta Online", "Beta"), "Beta", "Gamma"])
    gamma = [r for r in records if "Gamma" in roles(r)]
    assert len(gamma) == 1 and roles(gamma[0]) == {"Alfa": "buyer", "Gamma": "target"}


def test_the_party_named_by_a_preposition_keeps_its_role_and_the_subject_flips():
    [record] = deals(
        "Alfa pagherà in contanti, ricorrendo a un prestito da 50 milioni concesso da Beta.",
        parties=["Alfa", "Beta"],
        amounts={"50 milioni": (5e7, "EUR")},
    )
    assert roles(record) == {"Alfa": "borrower", "Beta": "lender"}


def test_a_generic_subject_stands_for_a_party_of_its_own_paragraph():
    text = (
        "Alfa ha completato l'acquisizione di Beta. Alfa ha chiuso l'anno in crescita.\n\n"
        "Nell'alimentare, il gruppo Gamma ha avviato una trattativa per rilevare Delta. Gamma è assistita da Zeta. "
        "Il gruppo ha invece smentito l'interesse per Epsilon."
    )
    records = deals(text, parties=["Alfa", "Beta", "Gamma", "Delta", "Epsilon"])
    [epsilon] = [r for r in records if "Epsilon" in roles(r)]
    assert roles(epsilon) == {"Gamma": "buyer", "Epsilon": "target"}
    [delta] = [r for r in records if "Delta" in roles(r)]
    assert roles(delta) == {"Gamma": "buyer", "Delta": "target"}


def test_the_client_of_an_adviser_is_still_a_party():
    text = "Gamma ha avviato una trattativa per rilevare Delta. Gamma è assistita da Zeta."
    [record] = deals(text, parties=["Gamma", "Delta"], excluded=["Zeta"])
    assert roles(record) == {"Gamma": "buyer", "Delta": "target"}


def test_il_club_stands_only_for_a_sports_club():
    text = (
        "L'impianto si chiamerà Alfa Arena. Alfa Arena ospiterà concerti. "
        "Il club sta inoltre trattando con Beta per il ruolo di top partner."
    )
    records = deals(text, parties=["Alfa Arena", "Beta"])
    assert all("Alfa Arena" not in roles(r) for r in records)
    text = (
        "L'impianto si chiamerà Alfa Arena. Alfa Arena ospiterà concerti. La Pallacanestro Gamma ha chiuso l'anno. "
        "Il club sta inoltre trattando con Beta per il ruolo di top partner."
    )
    [record] = deals(text, parties=["Alfa Arena", "Beta", "Pallacanestro Gamma"])
    assert set(roles(record)) == {"Pallacanestro Gamma", "Beta"}


def test_a_relative_clause_names_the_kind_of_agreement_and_its_sides():
    text = "Il Gamma Fc ha siglato un accordo quinquennale con Beta, che diventa il nuovo main sponsor della squadra."
    [record] = deals(text, parties=["Gamma Fc", "Beta"])
    assert record["deal_type"] == "contract" and roles(record) == {"Gamma Fc": "provider", "Beta": "customer"}


def test_the_maker_of_goods_bought_is_the_provider():
    text = "Alfa si è impegnata ad acquistare servizi Zeta per 250 miliardi."
    doc = make_doc(text, parties=["Alfa"], amounts={"250 miliardi": (2.5e11, "EUR")})
    start = text.index("Zeta")
    doc._.party_mentions = doc._.party_mentions + [
        {
            "text": "Zeta",
            "start": start,
            "end": start + 4,
            "canonical": "Beta",
            "label": "ORG",
            "source": "gazetteer",
            "kind": None,
            "excluded": "product",
        }
    ]
    [record] = records(doc)
    assert record["deal_type"] == "contract" and roles(record) == {"Alfa": "customer", "Beta": "provider"}
