"""Every rule file's examples (``patterns/<language>/*.cases.jsonl``), each row its own test named ``file:line``,
run through the public pipeline: the row's text, then ``Doc._.<in>`` holds (``expect``) or does not hold (``expect_none``)
the values it gives."""

from __future__ import annotations

import pytest

from pipeline.resources import CASES_SUFFIX, RuleError, check_case, patterns_dir, read_cases, rule_files

PUBLISHED = "2026-01-01"


def _cases() -> list:
    out = []
    for path in sorted(patterns_dir().glob("*" + CASES_SUFFIX)):
        for number, row in read_cases(path):
            out.append(pytest.param(row, id=f"{path.name}:{number}"))
    return out


def _holds(expected, actual) -> bool:
    """Every key of ``expected`` has its value in ``actual``; a list's expected items each match some item."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _holds(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and all(any(_holds(e, a) for a in actual) for e in expected)
    if isinstance(expected, float) or isinstance(actual, float):
        return isinstance(actual, (int, float)) and not isinstance(actual, bool) and abs(actual - expected) < 1e-9
    return expected == actual


def test_every_rule_file_has_examples_beside_it():
    folder = patterns_dir()
    missing = [p.name for p in rule_files(folder) if not (folder / p.name.replace(".jsonl", CASES_SUFFIX)).is_file()]
    orphans = [
        p.name
        for p in folder.glob("*" + CASES_SUFFIX)
        if not (folder / p.name.replace(CASES_SUFFIX, ".jsonl")).is_file()
    ]
    assert not missing and not orphans, (missing, orphans)


def items_for(ex, row) -> list:
    """The items of ``Doc._.<in>`` (of each attribute ``in`` lists) for the row's text."""
    doc = ex.run(row["text"], published=row.get("published", PUBLISHED))
    names = row["in"] if isinstance(row["in"], list) else [row["in"]]
    items = [item for name in names for item in getattr(doc._, name) or []]
    for item in items:  # an item's offsets give its text back
        if "start" in item and "text" in item:
            assert row["text"][item["start"] : item["end"]] == item["text"], item
    return items


def holds(row, items) -> bool:
    if "expect" in row:
        return any(_holds(row["expect"], item) for item in items)
    if row["expect_none"] is True:
        return not items
    return not any(_holds(row["expect_none"], item) for item in items)


@pytest.fixture(scope="session")
def rules_extractors():
    """Pipelines whose deal records are the rules' own (no learned decisions): what a status row checks."""
    from pipeline import Extractor

    return {"default": Extractor(deal_weights=""), "blank": Extractor("blank", deal_weights="")}


@pytest.mark.parametrize("row", _cases())
def test_rule_case(row, extractor, blank_extractor, rules_extractors):
    if row.get("rules_only"):
        ex = rules_extractors[row.get("model", "default")]
    else:
        ex = blank_extractor if row.get("model") == "blank" else extractor
    assert holds(row, items_for(ex, row)), items_for(ex, row)


@pytest.mark.parametrize(
    "row, message",
    [
        ({"text": "x", "in": "amounts", "expect": {}, "expected": {}}, "unknown key 'expected'"),
        ({"in": "amounts", "expect": {}}, "missing key 'text'"),
        ({"text": "x", "in": "amount", "expect": {}}, "in 'amount' is not one of"),
        ({"text": "x", "in": "amounts"}, "either 'expect' or 'expect_none'"),
        ({"text": "x", "in": "amounts", "expect": {}, "expect_none": True}, "either 'expect' or 'expect_none'"),
        ({"text": "x", "in": "amounts", "expect_none": False}, "'expect_none' true or an object"),
        ({"text": "x", "in": "amounts", "expect": {}, "model": "large"}, "model 'large'"),
        ({"text": "x", "in": ["amounts", {}], "expect": {}}, "in {} is not one of"),
        ({"text": "x", "in": "amounts", "expect": {}, "published": 2026}, "'published' is a date"),
        ({"text": "x", "in": "amounts", "expect": {}, "rules_only": "yes"}, "'rules_only' is true or false"),
    ],
)
def test_a_bad_example_is_refused_with_where_and_what(row, message):
    with pytest.raises(RuleError, match=r"^money.cases.jsonl:3: .*" + message):
        check_case(row, "money.cases.jsonl:3")


def test_a_cases_file_is_read_with_its_lines(tmp_path):
    path = tmp_path / "money.cases.jsonl"
    path.write_text(
        '// examples\n{"text": "10 euro", "in": "amounts", "expect": {"value": 10}}\n\n'
        '{"text": "x", "in": "amounts", "expect_none": true, "note": "?"}\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match=r"money.cases.jsonl:4: unknown key 'note'"):
        read_cases(path)
    path.write_text('{"text": "10 euro", "in": "amounts", "expect": {"value": 10}}\n', encoding="utf-8")
    assert read_cases(path) == [(1, {"text": "10 euro", "in": "amounts", "expect": {"value": 10}})]


def test_a_user_folder_reads_rule_files_not_their_examples(tmp_path):
    from pipeline.resources import check_folder

    (tmp_path / "status.jsonl").write_text(
        '{"status": "signed", "scope": "near", "rank": 1, "pattern": "x"}\n', encoding="utf-8"
    )
    (tmp_path / "status.cases.jsonl").write_text(
        '{"text": "x", "in": "deals", "expect_none": true}\n', encoding="utf-8"
    )
    assert check_folder(tmp_path) == 1
