"""Linking amounts, terms and dates to the right deal; merging repeats; keeping distinct deals apart."""

import pytest
from deals_helpers import deals, roles

SOURCE = (
    "OpenAI ha siglato una partnership del valore di 38 miliardi di dollari con Amazon Web Services, "
    "garantendosi l'accesso a centinaia di migliaia di GPU NVIDIA. "
    "L'intesa, che si estende su un arco temporale di sette anni, segna un momento cruciale. "
    "Secondo indiscrezioni, OpenAI avrebbe anche un contratto da 300 miliardi di dollari con Oracle."
)


def test_follow_up_sentence_gives_the_term_and_rumor_stays_apart():
    records = deals(
        SOURCE,
        parties=["OpenAI", "Amazon Web Services", "Oracle"],
        excluded=["NVIDIA"],
        amounts={"38 miliardi di dollari": (38e9, "USD"), "300 miliardi di dollari": (300e9, "USD")},
        durations={"sette anni": "P7Y"},
    )
    assert len(records) == 2
    aws, oracle = records
    assert set(roles(aws)) == {"OpenAI", "Amazon Web Services"}
    assert aws["amount"]["value"] == 38e9 and aws["duration"]["iso"] == "P7Y"
    assert len(aws["evidence"]) == 2 and aws["status"] == "signed"
    assert set(roles(oracle)) == {"OpenAI", "Oracle"}
    assert oracle["amount"]["value"] == 300e9 and oracle["status"] == "rumored"
    assert all(p["name"] != "NVIDIA" for r in records for p in r["parties"])
    for r in records:
        for text, span in zip(r["evidence"], r["evidence_spans"]):
            assert SOURCE[span["start"] : span["end"]] == text
        assert 0 <= r["confidence"] <= 1


def test_two_deals_in_one_sentence_get_their_own_amounts():
    text = (
        "L'investimento in OpenAI si aggiunge ad altri impegni di Nvidia, tra cui l'acquisizione di una partecipazione "
        "di 5 miliardi di dollari in Intel e un investimento da 700 milioni di dollari in Nscale."
    )
    records = deals(
        text,
        parties=["OpenAI", "Nvidia", "Intel", "Nscale"],
        amounts={"5 miliardi di dollari": (5e9, "USD"), "700 milioni di dollari": (7e8, "USD")},
    )
    by_target = {next(p["name"] for p in r["parties"] if p["name"] != "Nvidia"): r for r in records}
    assert set(by_target) == {"OpenAI", "Intel", "Nscale"}
    assert by_target["Intel"]["deal_type"] == "acquisition" and by_target["Intel"]["amount"]["value"] == 5e9
    assert by_target["Nscale"]["deal_type"] == "investment" and by_target["Nscale"]["amount"]["value"] == 7e8
    assert roles(by_target["Intel"])["Nvidia"] == "buyer"


VALUATIONS = [
    "Alfa ha acquisito il 20% di Beta, in un'operazione che valuta la società 3 miliardi di euro.",
    "Alfa ha acquisito il 20% di Beta, un'operazione che valutava l'intera società circa 3 miliardi di euro.",
    "Alfa ha acquisito il 20% di Beta, in un'operazione che valuterebbe la società 3 miliardi di euro.",
    "Alfa ha acquisito il 20% di Beta, con un prezzo che valutano la società 3 miliardi di euro.",
    "Alfa ha avviato una trattativa per rilevare Beta; secondo gli analisti la società vale 3 miliardi di euro.",
    "Alfa e Beta studiano una fusione che darebbe vita a un gruppo con un attivo di 3 miliardi di euro.",
]


@pytest.mark.parametrize("text", VALUATIONS)
def test_valuation_is_not_the_deal_value(text):
    [record] = deals(text, parties=["Alfa", "Beta"], amounts={"3 miliardi di euro": (3e9, "EUR")})
    assert record["amount"] is None


def test_sale_proceeds_are_the_deal_value_but_box_office_takings_are_not():
    [sale] = deals(
        "Alfa ha ceduto il 17% di Beta a Gamma per un incasso di 394,6 milioni.",
        parties=["Alfa", "Beta", "Gamma"],
        amounts={"394,6 milioni": (3.946e8, "EUR")},
    )
    assert sale["amount"]["value"] == 3.946e8
    [film] = deals(
        "Alfa ha acquisito Beta, il cui ultimo film ha registrato incassi di 40 milioni.",
        parties=["Alfa", "Beta"],
        amounts={"40 milioni": (4e7, "EUR")},
    )
    assert film["amount"] is None


def test_the_agreed_price_in_the_next_sentence_and_forecast_proceeds():
    text = (
        "Alfa ha firmato un accordo vincolante per la cessione del marchio Beta a Gamma. "
        "Il prezzo pattuito è di 100 milioni di euro. "
        "Le dismissioni dovrebbero generare incassi complessivi tra 200 e 300 milioni."
    )
    [record] = deals(
        text,
        parties=["Alfa", "Beta", "Gamma"],
        amounts={"100 milioni di euro": (1e8, "EUR"), "tra 200 e 300 milioni": (2e8, "EUR")},
    )
    assert record["amount"]["value"] == 1e8


def test_what_the_deal_could_be_worth_is_its_value():
    [record] = deals(
        "Alfa avrebbe avviato contatti con Beta per una fusione. L'operazione potrebbe valere "
        "tra 3 e 4 miliardi di euro.",
        parties=["Alfa", "Beta"],
        amounts={"tra 3 e 4 miliardi di euro": (3e9, "EUR")},
    )
    assert record["amount"]["value"] == 3e9


def test_repeated_mentions_merge():
    text = "Alfa compra Beta. Alfa ha acquisito Beta per 2 miliardi di euro. L'operazione si chiuderà nel 2026."
    [record] = deals(
        text,
        parties=["Alfa", "Beta"],
        amounts={"2 miliardi di euro": (2e9, "EUR")},
        dates={"nel 2026": ("2026", "closing")},
    )
    assert record["amount"]["value"] == 2e9
    assert [d["value"] for d in record["dates"]] == ["2026"]
    assert len(record["evidence"]) == 3


def test_same_target_different_sellers_are_two_deals():
    text = (
        "Alfa ha acquistato da Beta il 10% di Delta per 1 miliardo. "
        "A febbraio Alfa aveva acquistato da Gamma il 9% di Delta."
    )
    records = deals(text, parties=["Alfa", "Beta", "Gamma", "Delta"], amounts={"1 miliardo": (1e9, "EUR")})
    assert len(records) == 2


def test_total_in_the_next_sentence():
    text = (
        "Alfa e Beta hanno ottenuto i diritti tv della Lega. "
        "Sul piatto 900 milioni a stagione, per un totale di 4,5 miliardi in cinque anni."
    )
    records = deals(
        text, parties=["Alfa", "Beta", "Lega"], amounts={"900 milioni": (9e8, "EUR"), "4,5 miliardi": (4.5e9, "EUR")}
    )
    assert len(records) == 1
    assert records[0]["amount"]["value"] == 4.5e9


def test_one_party_deal_needs_a_single_party_trigger_and_an_amount():
    assert (
        len(
            deals(
                "Alfa ha chiuso un round da 10 milioni di euro.",
                parties=["Alfa"],
                amounts={"10 milioni di euro": (1e7, "EUR")},
            )
        )
        == 1
    )
    assert deals("Alfa ha firmato un accordo.", parties=["Alfa"]) == []
    assert deals("Alfa ha chiuso un round.", parties=["Alfa"]) == []


@pytest.mark.parametrize(
    "text,amount",
    [
        (
            "Ferrari ha chiuso il trimestre con ricavi per 1,5 miliardi di euro e un utile di 300 milioni.",
            "1,5 miliardi di euro",
        ),
        ("Nel semestre il gruppo Alfa ha raccolto premi per 1,9 miliardi di euro.", "1,9 miliardi di euro"),
    ],
)
def test_no_deal_in_results_news(text, amount):
    assert deals(text, parties=["Ferrari", "Alfa"], amounts={amount: (1e9, "EUR")}) == []


def test_the_next_sentence_gives_the_calendar():
    text = (
        "Alfa ha firmato con Beta un contratto da 2 miliardi di euro. "
        "La capacità concordata sarà operativa entro la fine del 2026. Il titolo Gamma è salito nel 2024."
    )
    [record] = deals(
        text,
        parties=["Alfa", "Beta", "Gamma"],
        amounts={"2 miliardi di euro": (2e9, "EUR")},
        dates={"entro la fine del 2026": ("2026-12-31", "deadline"), "nel 2024": ("2024", "other")},
    )
    assert [d["value"] for d in record["dates"]] == ["2026-12-31"]


def test_denial_in_a_later_sentence_cancels():
    text = "Alfa ha presentato un'offerta per Beta. Ieri l'offerta è saltata."
    [record] = deals(text, parties=["Alfa", "Beta"])
    assert record["status"] == "cancelled"


HANDED_OVER = [
    # (text, amount text) — the verb holding the sum names one party; the deal after "per" gets the sum
    (
        "Il fondo Alfa aveva investito un miliardo e mezzo di euro per rilevare il 25% di Beta.",
        "un miliardo e mezzo di euro",
    ),
    ("Alfa ha speso 300 milioni di euro per acquisire Beta.", "300 milioni di euro"),
]


@pytest.mark.parametrize("text,amount", HANDED_OVER)
def test_sum_of_a_one_party_verb_goes_to_the_deal_it_pays_for(text, amount):
    value = 1.5e9 if "miliardo" in amount else 3e8
    records = deals(text, parties=["Alfa", "Beta"], amounts={amount: (value, "EUR")})
    [record] = [r for r in records if {p["name"] for p in r["parties"]} == {"Alfa", "Beta"}]
    assert record["amount"] is not None and record["amount"]["value"] == value


def test_a_definite_trigger_naming_a_new_venture_opens_its_own_deal():
    text = (
        "Alfa ha presentato con Beta un'offerta per acquisire Gamma. "
        "Nel 2025 è stata fondata la joint venture Alfa Beta Vehicles, che fornirà mezzi a Delta."
    )
    records = deals(text, parties=["Alfa", "Beta", "Gamma", "Delta", "Alfa Beta Vehicles"])
    jv = [r for r in records if r["deal_type"] == "joint_venture"]
    assert len(jv) == 1 and roles(jv[0]) == {"Alfa": "partner", "Beta": "partner"}
    assert any(r["deal_type"] == "acquisition" and roles(r).get("Gamma") == "target" for r in records)


def test_an_ipo_is_a_one_party_deal_and_a_share_price_move_is_none():
    [ipo] = deals("Ieri Alfa si è quotata su Euronext Milan.", parties=["Alfa"])
    assert ipo["deal_type"] == "other" and roles(ipo) == {"Alfa": "investee"} and ipo["status"] == "completed"
    assert deals("La quotazione di Alfa è salita del 3%.", parties=["Alfa"]) == []


def test_the_pair_of_the_last_deal_continues_it():
    text = (
        "Si scaldano i motori per le nozze tra Alfa e Beta. "
        "Secondo indiscrezioni, i due istituti lombardi starebbero studiando una fusione."
    )
    [record] = deals(text, parties=["Alfa", "Beta"])
    assert record["deal_type"] == "merger" and record["status"] == "rumored" and len(record["evidence"]) == 2


def test_talks_and_the_specific_role_in_one_sentence_are_one_deal():
    [record] = deals(
        "Il club sta trattando con Alfa per il ruolo di top partner.", parties=["Alfa", ("Il club", "Beta")]
    )
    assert record["deal_type"] == "contract"


def test_a_venture_named_after_the_first_words_of_its_parents():
    text = (
        "Alfa Energia e Beta Gas uniscono le forze nell'idrogeno. "
        "La joint venture Alfa Beta Hydrogen investirà in tre impianti."
    )
    records = deals(text, parties=["Alfa Energia", "Beta Gas", "Alfa Beta Hydrogen"])
    assert [(r["deal_type"], roles(r)) for r in records] == [
        ("joint_venture", {"Alfa Energia": "partner", "Beta Gas": "partner"})
    ]
    assert len(records[0]["evidence"]) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Il titolo Alfa sale al 3%.",
        "Il testo passa al Senato.",
        "Ora la palla passa a Beta.",
        "Alfa sale al massimo storico dopo il rialzo del target price da parte di Beta.",
    ],
)
def test_rising_and_passing_need_the_other_party(text):
    assert deals(text, parties=["Alfa", "Beta"]) == []


def test_the_target_buying_on_its_own_is_another_deal():
    text = (
        "Secondo indiscrezioni, Alfa avrebbe riaperto il dossier per rilevare Beta. "
        "Beta controlla inoltre una filiera, di cui ha rilevato il 60% nel 2021."
    )
    records = deals(text, parties=["Alfa", "Beta"])
    assert [roles(r) for r in records] == [{"Alfa": "buyer", "Beta": "target"}]
    assert records[0]["status"] == "rumored"


def test_a_title_that_only_names_the_deal_the_article_tells_is_that_deal():
    text = (
        "Ritorno di fiamma tra Alfa e Beta\n\n"
        "Secondo indiscrezioni, Alfa avrebbe riaperto il dossier per rilevare una quota di Beta."
    )
    [record] = deals(text, parties=["Alfa", "Beta"])
    assert record["deal_type"] == "acquisition" and record["status"] == "rumored"
    assert record["evidence"][0] == "Ritorno di fiamma tra Alfa e Beta"
    # a title with its own full stop is a sentence of the article, not a title
    assert len(deals(text.replace("Beta\n", "Beta.\n", 1), parties=["Alfa", "Beta"])) == 2


@pytest.mark.parametrize(
    "box",
    ["Leggi anche: Beta Holding acquisisce Gamma Servizi", "Scelti per voi  Beta Holding acquisisce Gamma Servizi"],
)
def test_page_boilerplate_is_not_read(box):
    """Pointers to other articles are another article's news: their deals are not this one's."""
    text = f"Alfa Energia ha acquisito Delta Reti per 10 milioni di euro.\n{box}\n© Riproduzione riservata"
    records = deals(
        text,
        parties=["Alfa Energia", "Delta Reti", "Beta Holding", "Gamma Servizi"],
        amounts={"10 milioni di euro": (1e7, "EUR")},
    )
    assert {p["name"] for r in records for p in r["parties"]} == {"Alfa Energia", "Delta Reti"}
