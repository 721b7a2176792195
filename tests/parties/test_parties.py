"""Table-driven tests of the parties component on a blank Italian pipeline (fast), plus one run
on the shipped model when it is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

import pipeline  # noqa: F401  (registers the factories and Doc._ attributes)
from pipeline.names import fold
from pipeline.parties import cluster
from pipeline.parties.gazetteer import gazetteer
from pipeline.schema import PartyMention

from .cases import CASES

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "eval" / "seed"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("accordi_parties")
    return nlp


def ruled_nlp(patterns: list[dict]):
    """A blank pipeline whose entity ruler plays the model's NER, then the parties component."""
    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    nlp.add_pipe("accordi_parties")
    return nlp


def live_parties(mentions) -> set:
    return set(cluster(mentions))


def mention(mentions, surface):
    hits = [m for m in mentions if fold(m["text"]) == fold(surface)]
    assert hits, f"no mention {surface!r} in {[m['text'] for m in mentions]}"
    return hits[0]


@pytest.mark.parametrize("text,parties,checks", CASES, ids=[c[0][:60] for c in CASES])
def test_sentence(nlp, text, parties, checks):
    mentions = nlp(text)._.party_mentions
    found = live_parties(mentions)
    assert parties <= found, f"missing {parties - found}; found {found}"
    absent = checks.get("absent", set())
    assert not (absent & found), f"should not be parties: {absent & found}"
    for surface, canonical in checks.get("alias", {}).items():
        assert mention(mentions, surface)["canonical"] == canonical
    for surface, reason in checks.get("excluded", {}).items():
        assert mention(mentions, surface)["excluded"] == reason


def test_table_is_large_enough():
    assert len(CASES) >= 100


def test_mentions_follow_the_schema_and_offsets(nlp):
    text = "Poste Italiane S.p.A. (Poste) ha comprato il 15% di Tim; secondo il Financial Times, la società di Redmond osserva."
    mentions = nlp(text)._.party_mentions
    assert mentions
    for m in mentions:
        PartyMention(**m)  # the shape schema.PartyMention describes
        assert text[m["start"] : m["end"]] == m["text"]
        assert m["label"] in {"ORG", "PER"}
        assert m["source"] in {"gazetteer", "ner", "acronym", "epithet", "description", "coref"}
        assert m["excluded"] in {None, "advisor", "news_source", "product"}
    json.dumps(mentions)  # plain data, serialisable across processes
    poste = mention(mentions, "Poste Italiane S.p.A.")
    assert poste["text"].endswith("S.p.A.")  # the legal form stays in the surface text


def test_one_canonical_per_party(nlp):
    doc = nlp("Amazon Web Services (AWS) ha firmato con OpenAI. AWS fornirà GPU. Amazon investe in Anthropic.")
    groups = cluster(doc._.party_mentions)
    assert groups["Amazon Web Services"] == ["Amazon Web Services", "AWS"]
    assert "Amazon" in groups  # Amazon and AWS stay two parties
    assert len({m["canonical"] for m in doc._.party_mentions if m["text"] in ("AWS", "Amazon Web Services")}) == 1


def test_cluster_can_keep_excluded(nlp):
    doc = nlp("OpenAI userà le GPU NVIDIA.")
    assert "NVIDIA" not in cluster(doc._.party_mentions)
    assert "NVIDIA" in cluster(doc._.party_mentions, include_excluded=True)


def test_doc_ents_untouched():
    nlp = ruled_nlp([{"label": "LOC", "pattern": "Milano"}])
    doc = nlp("A Milano Eni ha firmato con Snam.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Milano", "LOC")]
    assert {"Eni", "Snam"} <= live_parties(doc._.party_mentions)


def test_ner_entities_are_used():
    """With NER in the pipeline, an ORG the gazetteer does not know still comes through."""
    nlp = ruled_nlp(
        [
            {"label": "ORG", "pattern": "Zefiro Tessile"},
            {"label": "PER", "pattern": "Mario Rossi"},
            {"label": "ORG", "pattern": "Eni"},
        ]
    )
    doc = nlp("Zefiro Tessile ha ceduto il 30% a Eni. Mario Rossi, ad di Zefiro Tessile, ha firmato.")
    found = live_parties(doc._.party_mentions)
    assert {"Zefiro Tessile", "Eni"} <= found
    rossi = mention(doc._.party_mentions, "Mario Rossi")
    assert rossi["label"] == "PER" and rossi.get("role_of") == "Zefiro Tessile"


def test_gazetteer_is_broad():
    g = gazetteer()
    assert len(g.orgs) >= 400
    kinds = {o.kind for o in g.orgs}
    assert {"company", "fund", "bank", "insurer", "public_body", "regulator", "media", "person"} <= kinds
    for name in (
        "Eni",
        "Cassa Depositi e Prestiti",
        "MEF",
        "Invitalia",
        "Consob",
        "Agcm",
        "BCE",
        "KKR",
        "Nvidia",
        "Leonardo",
        "Generali",
        "Mediobanca",
        "Stellantis",
    ):
        assert g.lookup(name) is not None, name
    assert g.lookup("Poste Italiane S.p.A.").name == "Poste Italiane"  # legal forms folded
    assert g.lookup("Gruppo TIM").name == "TIM"


@pytest.mark.skipif(not (SEED / "000.txt").exists(), reason="shared eval not available")
def test_seed_article(nlp):
    text = (SEED / "000.txt").read_text(encoding="utf-8")
    mentions = nlp(text)._.party_mentions
    groups = cluster(mentions)
    assert {"OpenAI", "Amazon Web Services", "Amazon", "Microsoft", "Oracle", "Anthropic"} <= set(groups)
    assert "NVIDIA" not in groups
    assert "AWS" in groups["Amazon Web Services"]
    folded = {c: {fold(f) for f in forms} for c, forms in groups.items()}
    assert fold("l'azienda guidata da Sam Altman") in folded["OpenAI"]
    assert fold("la creatura dietro ChatGPT") in folded["OpenAI"]
    assert fold("La società di Redmond") in folded["Microsoft"]
    assert fold("il colosso di Satya Nadella") in folded["Microsoft"]
    assert fold("Il colosso dell'e-commerce") in folded["Amazon"]


def test_embedded_model_if_present():
    from pipeline.assembly import EMBEDDED_MODEL

    if not (EMBEDDED_MODEL / "config.cfg").is_file():
        pytest.skip("embedded model not built")
    nlp = spacy.load(EMBEDDED_MODEL)
    nlp.add_pipe("accordi_parties")
    doc = nlp(
        "Secondo il Financial Times, la società di Redmond ha firmato un accordo con Zefiro Tessile S.p.A. "
        "e con OpenAI. L'azienda guidata da Sam Altman userà GPU NVIDIA."
    )
    ents_before = [(e.start_char, e.label_) for e in doc.ents]
    groups = cluster(doc._.party_mentions)
    assert {"OpenAI", "Microsoft"} <= set(groups)
    assert "Financial Times" not in groups and "NVIDIA" not in groups
    assert any(fold(c) == fold("Zefiro Tessile S.p.A.") for c in groups)
    assert [(e.start_char, e.label_) for e in doc.ents] == ents_before


def test_a_name_cut_in_two_by_the_model_is_joined():
    nlp = ruled_nlp([{"label": "PER", "pattern": "Zefiro"}, {"label": "ORG", "pattern": "Capital Partners"}])
    doc = nlp("Il fondo Zefiro Capital Partners ha rilevato il 25% di Eni.")
    assert "Zefiro Capital Partners" in live_parties(doc._.party_mentions)
    assert not {"Zefiro", "Capital Partners"} & live_parties(doc._.party_mentions)


@pytest.mark.parametrize(
    "text",
    [
        "Snam ha chiuso l'anno in crescita. Nel semestre le startup italiane hanno raccolto 560 milioni.",
        "Eni ha firmato con Snam. Le due società collaborano da anni.",
    ],
)
def test_a_plural_description_never_stands_for_one_company(nlp, text):
    mentions = nlp(text)._.party_mentions
    assert all(m["source"] != "description" for m in mentions), [m["text"] for m in mentions]


def test_model_spans_lose_a_leading_non_name_and_surnames_grow_into_company_names():
    nlp = ruled_nlp([{"label": "ORG", "pattern": "Piazza Affari per Selvatica"}, {"label": "PER", "pattern": "Ravasi"}])
    found = live_parties(
        nlp(
            "Debutto positivo a Piazza Affari per Selvatica. Selvatica raccoglie 420 milioni. "
            "Lo ha deciso il cda della controllata Ravasi Robotics."
        )._.party_mentions
    )
    assert {"Selvatica", "Ravasi Robotics"} <= found and "Ravasi" not in found


def test_a_name_without_its_generic_first_word_is_the_same_party():
    nlp = ruled_nlp(
        [{"label": "ORG", "pattern": "Pallacanestro Castellana"}, {"label": "ORG", "pattern": "Castellana"}]
    )
    mentions = nlp("Eni ha firmato con la Pallacanestro Castellana. Lo ha confermato la Castellana.")._.party_mentions
    assert mention(mentions, "Castellana")["canonical"] == "Pallacanestro Castellana"


def test_one_unknown_word_the_model_calls_an_organisation_once_is_not_trusted():
    nlp = ruled_nlp([{"label": "ORG", "pattern": w} for w in ("Horizon", "Zefiro", "Eni")])
    found = live_parties(
        nlp(
            "Eni ha firmato con Zefiro un contratto per la classe Horizon. Zefiro consegnerà nel 2027."
        )._.party_mentions
    )
    assert {"Eni", "Zefiro"} <= found and "Horizon" not in found


def test_a_bare_reference_goes_to_the_topic_of_its_paragraph(nlp):
    text = (
        "Eni ha chiuso il round. Eni crescerà ancora, dice Eni.\n\n"
        "Ancora aperta la partita di Snam, attiva nel gas. La società ha ricevuto un'offerta."
    )
    mentions = nlp(text)._.party_mentions
    assert mention(mentions, "La società")["canonical"] == "Snam"


def test_a_person_named_like_an_organisation_of_the_text_is_that_organisation():
    nlp = ruled_nlp(
        [{"label": "ORG", "pattern": "Gruppo Ceramiche Zefiro"}, {"label": "PER", "pattern": "Ceramiche Zefiro"}]
    )
    mentions = nlp(
        "Il Gruppo Ceramiche Zefiro ha lanciato un'offerta. Ceramiche Zefiro paga in contanti."
    )._.party_mentions
    assert {m["canonical"] for m in mentions} == {"Gruppo Ceramiche Zefiro"}


def test_the_component_declares_what_it_writes_and_keeps_no_document(nlp):
    meta = nlp.get_pipe_meta("accordi_parties")
    assert meta.assigns == ["doc._.party_mentions"] and meta.requires == []
    finder = nlp.get_pipe("accordi_parties").finder
    before = {name: id(value) for name, value in vars(finder).items()}
    first = nlp("OpenAI ha firmato un accordo con Amazon Web Services (AWS). La società di Sam Altman pagherà.")
    nlp("Eni cede il 10% di Plenitude a Ares Management.")
    assert {name: id(value) for name, value in vars(finder).items()} == before
    assert "AWS" in {m["text"] for m in first._.party_mentions}
