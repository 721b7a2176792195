"""Status of a deal from the words of its sentence."""

import pytest

from deals_helpers import deals

PARTIES = ["Alfa", "Beta", "Gamma"]

CASES = [
    ("Secondo indiscrezioni, Alfa avrebbe un contratto con Beta.", "rumored"),
    ("Alfa sarebbe pronta ad acquisire Beta, secondo il Financial Times.", "rumored"),
    ("Alfa acquisirebbe Beta.", "rumored"),
    ("Alfa è in trattativa per acquisire Beta.", "negotiating"),
    ("Alfa ha presentato un'offerta non vincolante per acquisire Beta.", "negotiating"),
    ("Alfa e Beta hanno sottoscritto un memorandum d'intesa non vincolante.", "negotiating"),
    ("Alfa annuncia l'acquisizione di Beta.", "announced"),
    ("Alfa ha lanciato un'offerta pubblica di scambio su Beta.", "announced"),  # "offerta" is a noun here
    ("Alfa ha presentato un'offerta per Beta.", "announced"),
    ("Gamma ha ricevuto due offerte per Beta.", "announced"),
    ("Alfa ha firmato un contratto con Beta.", "signed"),
    ("Alfa e Beta hanno siglato un'alleanza.", "signed"),
    ("Alfa ha ottenuto da Beta una linea di credito.", "signed"),
    ("L'Antitrust ha dato il via libera all'acquisizione di Beta da parte di Alfa.", "approved"),
    ("Il cda di Alfa ha deliberato di avviare le procedure finalizzate alla cessione di Beta a Gamma.", "approved"),
    ("Alfa ha completato l'acquisizione di Beta.", "completed"),
    ("Finalizzata la cessione di Beta ad Alfa.", "completed"),
    ("Alfa ha acquisito Beta.", "completed"),
    ("Perfezionata la cessione di Beta ad Alfa.", "completed"),
    ("Alfa è salita al 10% di Beta.", "completed"),
    ("Si è chiusa con successo l'Opa lanciata da Alfa su Beta.", "completed"),
    ("Alfa e Beta hanno firmato un memorandum d'intesa vincolante per una fusione.", "signed"),
    ("Alfa e Beta hanno firmato un memorandum d'intesa non vincolante per una fusione.", "negotiating"),
    ("Salta l'acquisizione di Beta da parte di Alfa.", "cancelled"),
    ("Alfa non rileverà il 50% di Beta.", "cancelled"),
    ("Beta ha respinto l'offerta di Alfa.", "cancelled"),
    # a modal conditional is a plan, not a rumour
    ("Alfa ha firmato un contratto con Beta che dovrebbe partire nel 2026.", "signed"),
    # a conditional in a relative clause is counterfactual
    ("Alfa ha acquistato il 29,9% di Beta, sotto la soglia che avrebbe fatto scattare l'opa.", "completed"),
]


@pytest.mark.parametrize("text,status", CASES)
def test_status(text, status):
    records = deals(text, parties=PARTIES)
    assert len(records) == 1, records
    assert records[0]["status"] == status


def test_rumor_in_a_follow_up_sentence_colours_a_bare_announcement():
    text = "Alfa annuncia un'offerta per Beta. Secondo fonti di mercato, l'offerta varrebbe 2 miliardi."
    [record] = deals(text, parties=PARTIES, amounts={"2 miliardi": (2e9, "EUR")})
    assert record["amount"]["value"] == 2e9
    assert len(record["evidence"]) == 2


def test_a_headline_without_a_state_takes_the_state_the_story_tells():
    text = "Alfa accelera sulle cessioni: a Beta un altro 5% di Gamma. Alfa ha perfezionato la cessione a Beta del 5% di Gamma."
    [record] = deals(text, parties=PARTIES)
    assert record["status"] == "completed"


@pytest.mark.parametrize(
    "accented, typed",
    [
        (
            "La cessione di Beta ad Alfa è stata completata ieri.",
            "La cessione di Beta ad Alfa e' stata completata ieri.",
        ),
        ("Alfa si è impegnata con Beta per la fornitura.", "Alfa si e' impegnata con Beta per la fornitura."),
    ],
)
def test_status_cues_read_wire_copy_typed_without_accents(accented, typed):
    import spacy
    from pipeline.deals.status import cues

    nlp = spacy.blank("it")
    a, b = nlp(accented), nlp(typed)
    assert [c[0] for c in cues(a, a[:])] == [c[0] for c in cues(b, b[:])] != []
