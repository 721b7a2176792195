"""Which words open a deal, and of which type (blank pipeline: surface forms)."""

from typing import get_args

import pytest

from pipeline.deals import triggers
from pipeline.deals.lexicon import deal_rules
from pipeline.schema import DealType, Role

from deals_helpers import make_doc

CASES = [
    ("Snam ha acquisito Edison Stoccaggio.", ["acquisition"]),
    ("Leonardo acquisirebbe il 30% di Iveco.", ["acquisition"]),
    ("Enel cede a Macquarie il 50% di Open Fiber.", ["acquisition"]),
    ("La vendita di Wass a Fincantieri è stata firmata.", ["acquisition"]),
    ("Ubi e Bper annunciano la fusione.", ["merger"]),
    ("Stellantis e Catl creano una joint venture in Spagna.", ["joint_venture"]),
    ("Eni e Petronas hanno siglato una partnership.", ["partnership"]),
    ("Webuild si aggiudica una commessa da 1 miliardo.", ["contract"]),
    ("Nvidia investirà fino a 100 miliardi in OpenAI.", ["investment"]),
    ("Satispay chiude un round da 93 milioni.", ["investment"]),
    ("La startup ha varato un aumento di capitale riservato.", ["investment"]),
    ("La banca concede un finanziamento a Fincantieri.", ["financing"]),
    ("Il prestito di Intesa a Fincantieri.", ["financing"]),
    ("A2A colloca un green bond da 750 milioni.", ["financing"]),
    ("Banca Ifis lancia un'offerta pubblica di scambio su illimity.", ["acquisition"]),
    # fused: the generic word takes the specific type
    ("Bending Spoons ha chiuso un accordo per acquistare Aol.", ["acquisition"]),
    ("Satispay ha chiuso un round di finanziamento.", ["investment"]),
    ("Leonardo ha siglato un accordo con Fincantieri per la vendita di Wass.", ["acquisition"]),
    # buying goods or services is a supply contract
    ("OpenAI si è impegnata ad acquistare servizi Azure per 250 miliardi.", ["contract"]),
    ("Ita Airways acquisterà 20 aerei da Airbus.", ["contract"]),
    ("Fincantieri ha acquistato il marchio Vard.", ["acquisition"]),
    # a stake that grows, a company that changes hands
    ("Eip è salita al 10% di Plenitude.", ["acquisition"]),
    ("Il 51% di Fincantieri passa a Cdp.", ["acquisition"]),
    ("Il titolo sale al 3%.", ["acquisition"]),  # the word matches; without two parties no record is made
    # press metaphors for mergers and alliances
    ("Le nozze tra Banco Bpm e Crédit Agricole Italia sono più vicine.", ["merger"]),
    ("Unicredit prepara il matrimonio con Commerzbank.", ["merger"]),
    ("Enel vedrebbe di buon occhio un ritorno di fiamma con Orange.", ["partnership"]),
    ("Il flirt tra Mediobanca e Generali continua.", ["partnership"]),
    ("Snam e Italgas uniscono le forze nell'idrogeno.", ["partnership"]),
    ("Si parla di un matrimonio di interessi tra le due liste civiche.", []),
    # listings (one party is enough)
    ("Dopo l'IPO di Arm, Softbank ha ceduto altre quote.", ["other", "acquisition"]),
    ("La società ha completato l'offerta pubblica iniziale.", ["other"]),
    ("Il cda ha avviato il processo di quotazione della controllata.", ["other"]),
    ("Il debutto in Borsa è previsto a giugno.", ["other"]),
    ("La quotazione del titolo è salita del 3%.", []),
    ("Il sostegno della banca ci consente di finanziare le opere.", []),
    ("Le risorse serviranno per finanziare il magazzino.", []),
    # no deal words
    ("Ferrari ha chiuso il trimestre con ricavi in crescita.", []),
    ("Il titolo ha guadagnato il 4% in Borsa.", []),
]


@pytest.mark.parametrize("text,types", CASES)
def test_trigger_types(text, types):
    doc = make_doc(text, parties=["Fincantieri"])
    blocked = set()
    found = []
    for sent in doc.sents:
        found += [t.deal_type for t in triggers.find(doc, sent, blocked)]
    assert found == types


def test_words_inside_party_names_do_not_trigger():
    doc = make_doc("Fondo Investimenti Italia compra Alfa.", parties=["Fondo Investimenti Italia", "Alfa"])
    blocked = {i for m in doc._.party_mentions for i in range(len(doc)) if m["start"] <= doc[i].idx < m["end"]}
    found = [t.rule.id for t in triggers.find(doc, next(doc.sents), blocked)]
    assert found == ["comprare"]


def test_every_rule_has_a_known_type_and_roles():
    known, roles = set(get_args(DealType)), set(get_args(Role))
    for rule in deal_rules("").triggers:  # the shipped rules
        assert rule.deal_type in known, rule.id
        assert rule.surface or rule.phrase or rule.lemmas, rule.id
        for key, role in rule.roles.items():
            if key == "passive":
                assert set(role.values()) <= roles, rule.id
            else:
                assert role in roles, (rule.id, key)


@pytest.mark.parametrize(
    "word,lemma,pos,found",
    [
        ("rilevante", "rilevare", "VERB", False),  # a present participle is an adjective, not "to take over"
        ("rilevante", "rilevare", "ADJ", False),
        ("rilevato", "rilevare", "VERB", True),
        ("acquisizione", "acquisizione", "NOUN", True),
    ],
)
def test_lemma_matches_on_a_trained_pipeline(word, lemma, pos, found):
    doc = make_doc(f"Alfa ha {word} Beta.", parties=["Alfa", "Beta"])
    doc[2].lemma_, doc[2].pos_ = lemma, pos
    hits = [t for t in triggers.find(doc, next(doc.sents), set()) if t.start == 2]
    assert bool(hits) == found
