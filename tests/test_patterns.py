"""User rules without editing the package: --patterns DIR / Extractor(patterns=...), checked at load with file:line.

Each case runs in its own process: user rules hold for the whole process that loads them."""

import json
import subprocess
import sys
import textwrap

from conftest import WORD, run_cli

TEXT = "Zetarob ha fagocitato Beta Costruzioni per 30 milioni di euro."
ORG = {"name": "Zeta Robotica", "aliases": ["ZR", "Zetarob"], "kind": "company", "country": "IT"}


def _folder(tmp_path, files: dict):
    folder = tmp_path / "rules"
    folder.mkdir()
    for name, rows in files.items():
        (folder / name).write_text(
            "// mine\n"
            + "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
            encoding="utf-8",
        )
    return folder


def _library(folder):
    code = textwrap.dedent(f"""
        import json
        from pipeline import Extractor
        ex = Extractor("blank", patterns={str(folder)!r} if {folder is not None} else None)
        r = ex.extract({TEXT!r})
        print(json.dumps({{"parties": [[p.text, p.source, p.kind] for p in r.mentions.parties],
                          "deals": [[d.deal_type, [p.name for p in d.parties]] for d in r.deals]}}))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def test_user_rows_add_a_company_and_a_deal_word(tmp_path):
    folder = _folder(tmp_path, {"organizations.jsonl": [ORG], "deals.jsonl": [WORD]})
    before, after = _library(None), _library(folder)
    assert ["Zetarob", "gazetteer", "company"] not in before["parties"] and not before["deals"]
    assert ["Zetarob", "gazetteer", "company"] in after["parties"]
    assert after["deals"] == [["acquisition", ["Zetarob", "Beta Costruzioni"]]]


def test_cli_patterns_option(tmp_path):
    folder = _folder(tmp_path, {"organizations.jsonl": [ORG], "deals.jsonl": [WORD]})
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    proc = run_cli("extract", str(article), "--model", "blank", "--patterns", str(folder))
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["deals"][0]["deal_type"] == "acquisition"
    batch = run_cli(
        "batch", str(tmp_path), "--glob", "a.txt", "--model", "blank", "--workers", "2", "--patterns", str(folder)
    )
    assert batch.returncode == 0, batch.stderr.decode()
    assert json.loads(batch.stdout.splitlines()[0])["deals"][0]["deal_type"] == "acquisition"


def test_bad_rows_are_refused_with_file_and_line(tmp_path):
    cases = [
        ({"organizations.jsonl": [ORG, {"name": "X", "alias": ["Y"]}]}, "organizations.jsonl:3: unknown key 'alias'"),
        ({"organizations.jsonl": [{"name": "X", "aliases": "Y"}]}, "organizations.jsonl:2: 'aliases' should be list"),
        ({"deals.jsonl": [dict(WORD, surface="fagocit(")]}, "deals.jsonl:2: 'surface' is not a valid regular"),
        ({"deals.jsonl": ["{not json"]}, "deals.jsonl:2:"),
        ({"companies.jsonl": [ORG]}, "companies.jsonl: accordi has no rule file of this name"),
    ]
    for k, (files, expected) in enumerate(cases):
        folder = _folder(tmp_path / str(k), files) if (tmp_path / str(k)).mkdir() is None else None
        proc = run_cli("extract", "-", "--model", "blank", "--patterns", str(folder), input=TEXT.encode())
        err = proc.stderr.decode()
        assert proc.returncode == 2 and expected in err and len(err.strip().splitlines()) == 1, (expected, err)
