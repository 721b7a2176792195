"""One check of the publication date: CLI (one-line error), library and batch (warning, document kept)."""

from datetime import date, datetime

import pytest

from conftest import run_cli
from pipeline.published import PublishedError, checked, normalise

TEXT = "Ieri Enel ha firmato un accordo con Alfa Energia per 120 milioni di euro."


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-03-14", "2025-03-14"),
        ("2025-03", "2025-03"),
        (" 2024-02-29 ", "2024-02-29"),
        ("2025-03-14T09:30:00Z", "2025-03-14"),
        (date(2025, 3, 14), "2025-03-14"),
        (datetime(2025, 3, 14, 9, 30), "2025-03-14"),
        (None, None),
        ("", None),
    ],
)
def test_dates_that_are_accepted(value, expected):
    assert normalise(value) == expected


@pytest.mark.parametrize(
    "value",
    ["2025-13-01", "2025-02-30", "2023-02-29", "2025-00", "14/03/2025", "ieri", "2025", 20250314, "2025-03-14abc"],
)
def test_dates_that_are_refused(value):
    with pytest.raises(PublishedError):
        normalise(value)
    value_, warning = checked(value)
    assert value_ is None and "published" in warning and "\n" not in warning


def test_cli_refuses_a_bad_date_in_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    proc = run_cli("extract", str(article), "--published", "2025-02-30", "--model", "blank")
    assert proc.returncode == 2
    assert "not a real date" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()


def test_library_keeps_the_document_and_warns(blank_extractor):
    result = blank_extractor.extract(TEXT, "2025-02-30")
    assert result.published is None
    assert any("2025-02-30" in w for w in result.warnings)
    assert blank_extractor.extract(TEXT, date(2025, 3, 14)).published == "2025-03-14"


def test_relative_dates_without_an_anchor_get_a_warning_that_says_why(blank_extractor):
    result = blank_extractor.extract(TEXT)
    assert any("relative date" in w and "'Ieri'" in w for w in result.warnings), result.warnings
    assert not any("relative date" in w for w in blank_extractor.extract(TEXT, "2025-03-14").warnings)


def test_batch_keeps_the_document_and_warns(blank_extractor):
    from pipeline.batch import run
    import io
    import json

    out = io.StringIO()
    run(
        [{"id": "a", "text": TEXT, "published": "2025-13-45"}, {"id": "b", "text": TEXT, "published": "2025-03-14"}],
        out,
        model="blank",
    )
    a, b = (json.loads(line) for line in out.getvalue().splitlines())
    assert a["error"] is None and a["published"] is None and any("2025-13-45" in w for w in a["warnings"])
    assert b["published"] == "2025-03-14"


def test_a_users_own_pipeline_gets_the_same_check():
    import spacy

    import pipeline

    nlp = pipeline.add_accordi(spacy.blank("it"))
    doc = nlp.make_doc(TEXT)
    doc._.published = "2025-02-30"
    doc = nlp(doc)
    assert doc._.published is None and doc._.dates[0]["value"] is None
    assert "2025-02-30" in doc.user_data["accordi_warnings"][0]
    doc = nlp.make_doc(TEXT)
    doc._.published = date(2025, 3, 14)
    assert nlp(doc)._.dates[0]["value"] == "2025-03-13"
