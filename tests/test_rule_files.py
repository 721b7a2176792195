"""Rule files are validated at load: a malformed row fails with its file and line, never silently."""

from __future__ import annotations

import pytest

from pipeline import resources
from pipeline.resources import KEYS, RuleError, check_row, load_jsonl, patterns_dir

GOOD_DEAL = {"id": "x", "deal_type": "acquisition", "roles": {"subj": "buyer", "passive": {"subj": "target"}}}


def test_every_rule_file_has_a_schema_and_loads():
    names = {p.name for p in resources.rule_files(patterns_dir())}
    assert names == set(KEYS)
    for name in names:
        assert load_jsonl(name)


@pytest.mark.parametrize(
    "row, message",
    [
        (dict(GOOD_DEAL, lemmmas=["x"]), "unknown key"),
        ({"id": "x", "roles": {}}, "missing key"),
        (dict(GOOD_DEAL, deal_type="aquisition"), "deal_type 'aquisition'"),
        (dict(GOOD_DEAL, roles={"subj": "buyer", "passive": {"subj": "owner"}}), "roles 'owner'"),
        (dict(GOOD_DEAL, surface="(opa"), "not a valid regular expression"),
        (["not", "an", "object"], "a rule is a JSON object"),
    ],
)
def test_a_bad_row_is_refused_with_where_and_what(row, message):
    with pytest.raises(RuleError, match=r"^deals.jsonl:7: .*" + message):
        check_row("deals.jsonl", row, "deals.jsonl:7")


def test_a_good_row_passes():
    check_row("deals.jsonl", GOOD_DEAL, "deals.jsonl:1")


def test_loading_reports_the_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "status.jsonl").write_text(
        '// a comment\n{"status": "signed", "scope": "near", "rank": 1, "pattern": "firmat"}\n'
        '{"status": "done", "scope": "near", "rank": 1, "pattern": "x"}\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(resources, "patterns_dir", lambda: tmp_path)
    resources.clear_caches()
    try:
        with pytest.raises(RuleError, match=r"status.jsonl:3: status 'done'"):
            load_jsonl("status.jsonl")
    finally:
        monkeypatch.undo()
        resources.clear_caches()


@pytest.mark.parametrize(
    "pattern, text, matches",
    [
        (r"(è|sono) stat[oaie] firmat", "e' stato firmato", True),
        (r"(è|sono) stat[oaie] firmat", "E` stato firmato", True),
        (r"sarà", "sara' firmato", True),
        (r"rilever[àa]", "rilevera'", True),
        (r"[è]x", "e'x", False),  # a character class is left as written
        (r"\\è", "\\e'", True),
    ],
)
def test_accented_vowels_in_rule_patterns_also_match_vowel_and_apostrophe(pattern, text, matches):
    import re

    from pipeline.resources import accent_tolerant

    assert bool(re.search(accent_tolerant(pattern), text, re.I)) is matches


def test_every_deal_type_of_the_schema_has_one_row():
    from typing import get_args

    from pipeline.schema import DealType

    rows = [row["deal_type"] for row in load_jsonl("deal_types.jsonl")]
    assert sorted(rows) == sorted(get_args(DealType))


@pytest.mark.parametrize(
    "row, message",
    [
        (
            {"deal_type": "acquisition", "symmetric": False, "default_status": "done", "perfect_status": "signed"},
            "default_status 'done'",
        ),
        (
            {
                "deal_type": "financing",
                "symmetric": False,
                "default_status": "signed",
                "perfect_status": "signed",
                "bank_role": "bank",
            },
            "bank_role 'bank'",
        ),
        (
            {"deal_type": "loan", "symmetric": False, "default_status": "signed", "perfect_status": "signed"},
            "deal_type 'loan'",
        ),
        ({"deal_type": "merger", "symmetric": True, "default_status": "signed"}, "missing key 'perfect_status'"),
    ],
)
def test_a_bad_deal_type_row_is_refused(row, message):
    with pytest.raises(RuleError, match=r"^deal_types.jsonl:2: .*" + message):
        check_row("deal_types.jsonl", row, "deal_types.jsonl:2")
