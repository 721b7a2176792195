"""accordi's spaCy components are shaped like spaCy's own: they declare what they need and set (so
``nlp.analyze_pipes`` checks their order) and hold their rules, so two pipelines with different rule sets live
in one process."""

import json

import spacy
from spacy.language import Language

from conftest import WORD

from pipeline.assembly import add_accordi, build

TEXT = "Eni ha fagocitato Saipem per 30 milioni di euro."


def _deals(nlp: Language) -> list:
    doc = nlp(TEXT)
    return [(d["deal_type"], [p["name"] for p in d["parties"]]) for d in doc._.deals]


def test_two_rule_sets_in_one_process(tmp_path):
    (tmp_path / "deals.jsonl").write_text(json.dumps(WORD) + "\n", encoding="utf-8")
    shipped = build("blank")
    mine = build("blank", patterns=str(tmp_path))
    assert _deals(mine) == [("acquisition", ["Eni", "Saipem"])]
    assert [w["text"] for w in mine(TEXT)._.triggers] == ["fagocitato"]
    assert _deals(shipped) == []  # the other pipeline, built first and run after, keeps its own rules
    assert shipped(TEXT)._.triggers == []
    assert _deals(mine) == [("acquisition", ["Eni", "Saipem"])]


def test_a_doc_keeps_no_rules_after_the_pipeline():
    doc = build("blank")(TEXT)
    assert not [k for k in doc.user_data if isinstance(k, tuple) and "deal_rules" in k]
    assert doc.to_bytes()  # serialisable (a rule set lent to the doc would not be)


def _problems(nlp: Language) -> dict:
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    return {name: sorted(missing) for name, missing in problems.items() if missing}


def test_analyze_pipes_finds_no_problem_in_the_default_pipelines():
    assert _problems(build()) == {}
    assert _problems(build("blank")) == {}


def test_analyze_pipes_sees_a_component_out_of_order():
    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("accordi_deals")  # before the components whose values it reads
    add_accordi(nlp)
    assert {"doc._.amounts", "doc._.dates"} <= set(_problems(nlp).get("accordi_deals", []))


def test_components_declare_their_settings():
    for name, setting in (("accordi_deals", "patterns"), ("accordi_deals", "weights"), ("accordi_spans", "patterns")):
        assert setting in Language.get_factory_meta(name).default_config
    nlp = build("blank")
    assert nlp.get_pipe_config("accordi_deals")["patterns"] is None
