"""batch: CSV output (one row per deal, the Parquet deals columns), url/title in every output, publication
dates for folders (sidecar published.csv, date in the file name, --published)."""

import csv
import io
import json

import pytest

from conftest import run_cli
from pipeline.batch import OutputError, run
from pipeline.batch.dated import date_in_name
from pipeline.batch.sinks import _schemas, csv_columns

DEAL = "Ieri Eni ha ceduto il 30% di Plenitude a Ares per 2 miliardi di euro."
ROWS = [
    {"id": "a", "text": DEAL, "published": "2025-03-14", "url": "https://example.org/a", "title": "Eni cede"},
    {"id": "b", "text": "Oggi piove su Milano.", "url": "https://example.org/b", "title": "Meteo"},
    {"id": "c", "text": "Ieri Intesa ha firmato un accordo con Beta Srl; Enel ha acquisito Alfa Energia."},
]


def test_csv_columns_are_the_parquet_deals_columns():
    assert csv_columns() == [f.name for f in _schemas()[1]]


def test_csv_has_one_row_per_deal_with_url_and_title(tmp_path):
    out = tmp_path / "deals.csv"
    summary = run(ROWS, out, fmt="csv", model="blank")
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == csv_columns()
    assert len(rows) == summary.deals >= 2
    first = rows[0]
    assert first["article_id"] == "a" and first["url"] == "https://example.org/a" and first["title"] == "Eni cede"
    assert first["published"] == "2025-03-14" and first["deal_type"] == "acquisition"
    assert first["party_names"].split(" | ") == ["Eni", "Plenitude", "Ares"]
    assert float(first["amount_value"]) == 2e9 and float(first["stake_percent"]) == 30.0
    assert json.loads(first["parties_json"])[0]["name"] == "Eni"
    assert {r["article_id"] for r in rows} == {"a", "c"}  # no row for an article without deals


def test_csv_to_stdout_and_no_resume(tmp_path):
    proc = run_cli(
        "batch", "-", "--model", "blank", "--format", "csv", input="\n".join(json.dumps(r) for r in ROWS).encode()
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[0].startswith("seq,article_id,url,title,published")
    out = tmp_path / "d.csv"
    run(ROWS, out, fmt="csv", model="blank")
    with pytest.raises(OutputError, match="--resume"):
        run(ROWS, out, fmt="csv", model="blank", resume=True)
    with pytest.raises(OutputError, match="exists"):
        run(ROWS, out, fmt="csv", model="blank")


def test_url_and_title_reach_jsonl_and_parquet(tmp_path):
    out = io.StringIO()
    run(ROWS, out, model="blank")
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["url"], r["title"]) for r in lines] == [
        ("https://example.org/a", "Eni cede"),
        ("https://example.org/b", "Meteo"),
        (None, None),
    ]
    pq = pytest.importorskip("pyarrow.parquet")
    run(ROWS, tmp_path / "pq", fmt="parquet", model="blank")
    deals = pq.read_table(tmp_path / "pq" / "deals").to_pylist()
    assert deals[0]["url"] == "https://example.org/a" and deals[0]["title"] == "Eni cede"
    articles = pq.read_table(tmp_path / "pq" / "articles").to_pylist()
    assert articles[1]["title"] == "Meteo"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("2025-03-14-enel.txt", "2025-03-14"),
        ("enel_20250314.txt", "2025-03-14"),
        ("2025-03/enel.txt", "2025-03"),
        ("c001.txt", None),
        ("enel_20251340.txt", None),
        ("12345678.txt", None),
        ("2024/report.txt", None),
    ],
)
def test_date_in_a_file_name(name, expected):
    assert date_in_name(name) == expected


def test_folder_dates_from_sidecar_name_and_option(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "2025-03-14-eni.txt").write_text(DEAL, encoding="utf-8")
    (folder / "sub" / "eni.txt").write_text(DEAL, encoding="utf-8")
    (folder / "plain.txt").write_text(DEAL, encoding="utf-8")
    (folder / "bad.txt").write_text(DEAL, encoding="utf-8")
    (folder / "published.csv").write_text(
        "file,published\nsub/eni.txt,2024-10-02\nbad.txt,2024-02-30\n", encoding="utf-8"
    )
    proc = run_cli("batch", str(folder), "--model", "blank", "--published", "2025-01")
    assert proc.returncode == 0, proc.stderr.decode()
    got = {r["id"]: r for r in map(json.loads, proc.stdout.decode().splitlines())}
    assert got["2025-03-14-eni.txt"]["published"] == "2025-03-14"
    assert got["sub/eni.txt"]["published"] == "2024-10-02"
    assert got["plain.txt"]["published"] == "2025-01"
    assert got["bad.txt"]["published"] is None
    assert any("published.csv:3" in w and "2024-02-30" in w for w in got["bad.txt"]["warnings"])
    assert got["sub/eni.txt"]["deals"][0]["dates"][0]["value"] == "2024-10-01"  # 'Ieri' anchored
    bad = run_cli("batch", str(folder), "--model", "blank", "--published", "March 2025")
    assert bad.returncode == 2 and len(bad.stderr.decode().strip().splitlines()) == 1
