import json

from pipeline.schema import ArticleResult, DealRecord, GoldArticle, json_schema

from conftest import CORPUS, SHARED_EVAL


def test_deal_record_round_trip():
    record = DealRecord.model_validate(
        {
            "deal_type": "partnership",
            "parties": [
                {"name": "OpenAI", "aliases": ["l'azienda guidata da Sam Altman"], "role": "customer"},
                {"name": "Amazon Web Services", "aliases": ["AWS"], "role": "provider", "start": 44, "end": 63},
            ],
            "amount": {
                "value": 38e9,
                "currency": "USD",
                "approximate": False,
                "text": "38 miliardi di dollari",
                "start": 10,
                "end": 32,
            },
            "duration": {"iso": "P7Y", "text": "sette anni"},
            "dates": [{"value": "2026-12-31", "role": "deadline", "text": "entro la fine del 2026"}],
            "status": "signed",
            "evidence": ["OpenAI ha siglato una partnership."],
            "confidence": 0.9,
        }
    )
    dumped = json.loads(record.model_dump_json())
    assert dumped["amount"]["value"] == 38000000000  # a JSON number, not a repr
    assert isinstance(dumped["amount"]["value"], (int, float))
    assert DealRecord.model_validate(dumped) == record


def test_invalid_values_are_rejected():
    import pydantic
    import pytest

    with pytest.raises(pydantic.ValidationError):
        DealRecord.model_validate({"deal_type": "takeover"})
    with pytest.raises(pydantic.ValidationError):
        DealRecord.model_validate({"confidence": 1.5})
    with pytest.raises(pydantic.ValidationError):
        DealRecord.model_validate({"status": "maybe"})


def test_json_schema_describes_the_output():
    schema = json_schema()
    assert schema["title"] == "ArticleResult"
    deal = schema["$defs"]["DealRecord"]["properties"]
    for field in (
        "deal_type",
        "parties",
        "amount",
        "stake_percent",
        "price_per_share",
        "duration",
        "dates",
        "status",
        "evidence",
        "confidence",
    ):
        assert field in deal
    assert set(schema["$defs"]["DealRecord"]["properties"]["status"]["enum"]) >= {"rumored", "completed"}


def test_every_gold_file_reads_with_the_schema():
    files = sorted(CORPUS.glob("*.json"))
    if SHARED_EVAL.is_dir():
        files += sorted(SHARED_EVAL.glob("*/*.json"))
    assert files, "no gold files found"
    for path in files:
        gold = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        assert gold.id == path.stem, path


def test_article_result_defaults_are_empty():
    result = ArticleResult()
    assert result.deals == [] and result.mentions.amounts == [] and result.error is None
