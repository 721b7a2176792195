"""Deal records on whole articles: `accordi eval` floors on corpus/ and the source article's five deals.

The floors are what the system measured when they were set (corpus of 50 articles, 2026-11-26: records F1
0.815 / 0.815, parties 0.929 / 0.938, amount 0.938 / 0.939, rumor recall 0.90, ECE 0.086 / 0.053 for the
embedded model / blank), rounded down a little; they guard against regressions.

Calibration is asserted where it is fitted, on real articles (corpus/real/tune; the rules alone had ECE 0.33).
On corpus/ the ECE ceiling (0.10) was replaced, when confidence became a probability learned from real news
(2026-12-06), by what a user filtering on confidence relies on: records given 0.8 or more are right at least 90 %
of the time (measured 0.98). One calibration for both kinds of text leaves the project-written articles, where
records are right more often, under-confident: their ECE is 0.09-0.13 depending on the folds the calibration was
fitted on (0.13 with the shipped weights).
"""

from pathlib import Path

import pytest

from pipeline.evaluate.cli import run
from pipeline.names import fold

from conftest import CORPUS, SHARED_EVAL

# pipeline -> metric -> floor
FLOORS = {
    "default": {"records": 0.80, "parties": 0.90, "amount": 0.90, "rumor_recall": 0.85, "precision_at_0.8": 0.90},
    "blank": {"records": 0.80, "parties": 0.90, "amount": 0.90, "rumor_recall": 0.85, "precision_at_0.8": 0.90},
}
REAL_TUNE = CORPUS / "real" / "tune"
# Learned decisions on real articles (tune, which they were trained on): the baseline rules had status 0.48 / 0.51,
# ECE 0.33 / 0.29 and precision 0.55 / 0.60 at confidence >= 0.8 (embedded model / blank).
REAL_FLOORS = {"status": 0.65, "ece": 0.20, "precision_at_0.8": 0.85, "records": 0.50}


def _has_gold(folder: Path) -> bool:
    return folder.is_dir() and any(folder.glob("*.json"))


@pytest.mark.skipif(not _has_gold(CORPUS), reason="corpus/ has no gold yet")
@pytest.mark.parametrize("which", ["default", "blank"])
def test_corpus_floors(which, extractor, blank_extractor):
    ext = extractor if which == "default" else blank_extractor
    scores, _ = run([CORPUS], extractor=ext)
    d = scores.as_dict()
    floors = FLOORS[which]
    assert d["records"]["f1"] >= floors["records"], d["records"]
    assert d["parties"]["f1"] >= floors["parties"], d["parties"]
    assert d["amount"]["f1"] >= floors["amount"], d["amount"]
    if d["rumors_gold"]:
        assert d["rumor_recall"] >= floors["rumor_recall"]
    assert d["negatives_empty"] == d["negatives"]
    assert d["precision_at_0.8"] >= floors["precision_at_0.8"]


@pytest.mark.skipif(not _has_gold(REAL_TUNE), reason="corpus/real/tune has no gold")
@pytest.mark.parametrize("which", ["default", "blank"])
def test_real_tune_floors(which, extractor, blank_extractor):
    scores, _ = run([REAL_TUNE], extractor=extractor if which == "default" else blank_extractor)
    d = scores.as_dict()
    assert d["records"]["f1"] >= REAL_FLOORS["records"], d["records"]
    assert d["status_accuracy"] >= REAL_FLOORS["status"]
    assert d["ece"] <= REAL_FLOORS["ece"]
    assert d["precision_at_0.8"] >= REAL_FLOORS["precision_at_0.8"]


SEED = SHARED_EVAL / "seed" / "000.txt"


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/eval is not available")
@pytest.mark.parametrize("which", ["default", "blank"])
def test_source_article_gives_its_five_deals(which, extractor, blank_extractor):
    ext = extractor if which == "default" else blank_extractor
    result = ext.extract(SEED.read_text(encoding="utf-8"))
    deals = result.deals

    def names(deal):
        return {fold(n) for p in deal.parties for n in [p.name, *p.aliases]}

    def find(*parties, deal_type=None):
        want = {fold(p) for p in parties}
        hits = [d for d in deals if want <= names(d) and (deal_type is None or d.deal_type == deal_type)]
        assert hits, (parties, [(d.deal_type, [p.name for p in d.parties]) for d in deals])
        return hits[0]

    assert len(deals) == 5
    assert all(fold(p.name) != "nvidia" for d in deals for p in d.parties)
    aws = find("OpenAI", "Amazon Web Services", deal_type="partnership")
    assert aws.amount.value == 38e9 and aws.amount.currency == "USD"
    assert aws.duration.iso == "P7Y"
    assert "2026-12-31" in {x.value for x in aws.dates}
    find("OpenAI", "Microsoft", deal_type="partnership")
    azure = find("OpenAI", "Microsoft", deal_type="contract")
    assert azure.amount.value == 250e9
    oracle = find("OpenAI", "Oracle")
    assert oracle.amount.value == 300e9 and oracle.status == "rumored"
    anthropic = find("Amazon", "Anthropic", deal_type="investment")
    assert {p.role for p in anthropic.parties} == {"investor", "investee"}
    for d in deals:
        assert 0.0 <= d.confidence <= 1.0
        assert all(e in SEED.read_text(encoding="utf-8") for e in d.evidence)


ROLE_SENTENCES = [
    # names before the deal word keep the slot their preposition gives, with or without a parser
    (
        "Generali ha ottenuto da Mediobanca una linea di credito da 500 milioni di euro.",
        {"Generali": "borrower", "Mediobanca": "lender"},
    ),
    (
        "Intesa Sanpaolo ha erogato a Fincantieri un prestito da 300 milioni garantito da Sace.",
        {"Intesa Sanpaolo": "lender", "Fincantieri": "borrower", "Sace": "lender"},
    ),
]


@pytest.mark.parametrize("which", ["default", "blank"])
@pytest.mark.parametrize("text,expected", ROLE_SENTENCES)
def test_roles_on_both_pipelines(which, text, expected, extractor, blank_extractor):
    ext = extractor if which == "default" else blank_extractor
    [record] = ext.extract(text).deals
    assert {p.name: p.role for p in record.parties} == expected
