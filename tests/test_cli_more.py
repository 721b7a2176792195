"""CLI: -h, python -m pipeline, several files per extract, --quiet/--verbose, --format table, warnings on stderr,
export-review and eval reading corrected files back as gold."""

import csv
import io
import json
import re
import subprocess
import sys

from conftest import run_cli

DEAL = "Eni ha ceduto il 30% di Plenitude a Ares per 2 miliardi di euro. L'accordo è stato firmato ieri."
OTHER = "Intesa Sanpaolo ha acquisito Beta Srl per 5 milioni di euro."
ENGLISH = (
    "The company said on Monday that it had agreed to buy the business for two billion dollars, "
    "and that the deal would close next year after the approval of the regulators in the country."
)


def _files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(DEAL, encoding="utf-8")
    b.write_text(OTHER, encoding="utf-8")
    return a, b


def test_dash_h_everywhere():
    for args in (["-h"], ["extract", "-h"], ["batch", "-h"], ["show", "-h"], ["export-review", "-h"]):
        proc = run_cli(*args)
        assert proc.returncode == 0 and b"Usage" in proc.stdout, args


def test_python_dash_m_pipeline():
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--version"], capture_output=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.decode().startswith("accordi ")


def test_several_files_give_json_lines_with_the_file_name_as_id(tmp_path):
    a, b = _files(tmp_path)
    proc = run_cli("extract", str(a), str(b), "--model", "blank", "--published", "2025-03-14")
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [x["id"] for x in lines] == [str(a), str(b)]
    assert all(x["deals"] for x in lines)
    missing = run_cli("extract", str(a), str(tmp_path / "nope.txt"), "--model", "blank")
    assert missing.returncode == 1
    lines = [json.loads(x) for x in missing.stdout.decode().splitlines()]
    assert lines[0]["error"] is None and "no such file" in lines[1]["error"]
    single = run_cli("extract", str(a), "--model", "blank")
    assert json.loads(single.stdout)["id"] is None  # one file: one object, as before


def test_table_format_is_one_line_per_deal(tmp_path):
    a, b = _files(tmp_path)
    proc = run_cli("extract", str(a), str(b), "--model", "blank", "--format", "table")
    lines = proc.stdout.decode().splitlines()
    assert proc.returncode == 0 and len(lines) >= 2
    first = lines[0].split("\t")
    assert first[0] == str(a) and first[1] == "acquisition" and "Eni (seller)" in first[4]


def test_warnings_on_stderr_and_quiet_verbose(tmp_path):
    english = tmp_path / "en.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    proc = run_cli("extract", str(english), "--model", "blank")
    assert b"does not look Italian" in proc.stderr and b"does not look Italian" in proc.stdout
    quiet = run_cli("extract", str(english), "--model", "blank", "--quiet")
    assert quiet.stderr == b"" and b"does not look Italian" in quiet.stdout
    verbose = run_cli("extract", str(english), "--model", "blank", "--verbose")
    assert b"model it_blank" in verbose.stderr and b"deal(s) in" in verbose.stderr


def test_export_review_then_eval_reads_the_corrections_as_gold(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(DEAL, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    out = tmp_path / "review.jsonl"
    proc = run_cli("export-review", str(folder), "-o", str(out), "--model", "blank", "--published", "2025-03-14")
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert rows[0]["text"] == DEAL and rows[0]["deals"] and "confidence" not in rows[0]["deals"][0]
    assert any(s["label"] == "AMOUNT" and s["text"] == "2 miliardi di euro" for s in rows[0]["spans"])
    # unchanged: accordi agrees with itself
    same = run_cli("eval", str(out), "--model", "blank", "--json")
    assert json.loads(same.stdout)["records"]["f1"] == 1.0
    # a person deletes the second article's deal: now one false positive
    rows[1]["deals"] = []
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    scored = json.loads(run_cli("eval", str(out), "--model", "blank", "--json").stdout)
    assert scored["records"]["fp"] >= 1 and scored["records"]["precision"] < 1.0


def test_export_review_csv_round_trip_and_errors_with_line_numbers(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(DEAL, encoding="utf-8")
    (folder / "z.txt").write_text("Oggi piove su Milano.", encoding="utf-8")
    out = tmp_path / "review.csv"
    assert run_cli("export-review", str(folder), "-o", str(out), "-f", "csv", "--model", "blank").returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["id"] == "a.txt" and rows[0]["text"] == DEAL and "Eni=seller" in rows[0]["parties"]
    assert rows[-1]["id"] == "z.txt" and rows[-1]["deal_type"] == ""  # an article without deals keeps a row
    same = run_cli("eval", str(out), "--model", "blank", "--json")
    assert same.returncode == 0, same.stderr.decode()
    assert json.loads(same.stdout)["records"]["f1"] == 1.0
    rows[0]["stake_percent"] = "trenta"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    bad = run_cli("eval", str(out), "--model", "blank")
    assert bad.returncode == 1 and f"{out}:2: stake_percent 'trenta'".encode() in bad.stderr


def test_license_states_the_code_and_the_model_terms():
    from conftest import ROOT

    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "CC BY-NC-SA 4.0" in text and "it_accordi_news" in text
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {version} " in changelog or "## Unreleased" in changelog  # the version being built has its entry
