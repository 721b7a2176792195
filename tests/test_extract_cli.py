"""The ``accordi`` command in a subprocess: output, exit codes, one-line errors."""

import json

import pytest

from conftest import CORPUS, SHARED_EVAL, run_cli


def _json(proc):
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def _one_line_error(proc, code=1):
    err = proc.stderr.decode().strip()
    assert proc.returncode == code, (proc.returncode, err)
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert proc.stdout == b""
    return err


def test_version():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("accordi ")


def test_schema_command_prints_json_schema():
    schema = _json(run_cli("schema"))
    assert schema["title"] == "ArticleResult"


def test_extract_file_and_stdin_agree(tmp_path):
    text = "Alfa ha firmato un contratto da 3 milioni di euro con Beta."
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    from_file = _json(run_cli("extract", str(path), "--published", "2025-03-01", "--model", "blank"))
    from_stdin = _json(run_cli("extract", "-", "--published", "2025-03-01", "--model", "blank", input=text.encode()))
    assert from_file == from_stdin
    assert from_file["published"] == "2025-03-01"
    assert from_file["model"]["name"] == "it_blank"


def test_pretty_is_indented(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Niente da segnalare oggi.", encoding="utf-8")
    proc = run_cli("extract", str(path), "--pretty", "--model", "blank")
    assert proc.returncode == 0 and proc.stdout.startswith(b"{\n  ")


@pytest.mark.parametrize("args", [["extract"], ["extract", "x.txt", "--published", "ieri"], ["nonsense"]])
def test_usage_errors_exit_2(args):
    proc = run_cli(*args)
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr


def test_missing_file(tmp_path):
    err = _one_line_error(run_cli("extract", str(tmp_path / "nope.txt")))
    assert "no such file" in err


def test_unknown_model(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Testo.", encoding="utf-8")
    err = _one_line_error(run_cli("extract", str(path), "--model", "it_core_news_nope"))
    assert "it_core_news_nope" in err


@pytest.mark.parametrize(
    "name,data,expect",
    [
        ("binary.bin", bytes(range(256)) * 40, "binary"),
        ("latin1.txt", "Perché l'accordo è firmato".encode("latin-1"), "not valid utf-8"),
        ("huge.txt", ("Alfa compra Beta per 3 milioni di euro. " * 130_000).encode(), "too long"),
    ],
)
def test_bad_input_gives_one_line_error(tmp_path, name, data, expect):
    path = tmp_path / name
    path.write_bytes(data)
    err = _one_line_error(run_cli("extract", str(path)))
    assert expect in err.lower()


def test_wrong_encoding_can_be_named(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_text("Perché l'accordo è firmato.", encoding="latin-1")
    result = _json(run_cli("extract", str(path), "--encoding", "latin-1", "--model", "blank"))
    assert result["deals"] == []


@pytest.mark.parametrize("data", [b"", b"   \n\t  \n", "Accordo firmato tra Alfa e Beta: è".encode()[:-1]])
def test_empty_whitespace_and_cut_text_give_a_result(tmp_path, data):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    proc = run_cli("extract", str(path), "--model", "blank")
    assert proc.returncode == 0
    result = _json(proc)
    if not data.strip():  # the same as in a batch: no deals, error "empty document"
        assert result["deals"] == [] and result["mentions"]["amounts"] == []
        assert result["error"] == "empty document" and b"empty document" in proc.stderr
    else:
        assert result["error"] is None


def test_html_is_read_as_its_text(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><script>var x = '300 miliardi';</script></head><body>"
        "<p>Alfa ha firmato un accordo con Beta.</p><p>Fine.</p></body></html>",
        encoding="utf-8",
    )
    result = _json(run_cli("extract", str(path), "--model", "blank"))
    for mention in result["mentions"]["amounts"]:
        assert "300" not in mention["text"]  # script content is not article text


def test_other_language_is_flagged(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text(
        "The company said on Monday that it would buy its rival for three billion dollars, "
        "according to people familiar with the matter who asked not to be named because the talks "
        "are private and could still fall apart before any announcement is made.",
        encoding="utf-8",
    )
    result = _json(run_cli("extract", str(path), "--model", "blank"))
    assert result["warnings"] and "Italian" in result["warnings"][0]


def _source_style_article():
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if "38 miliardi di dollari" in text and "Amazon Web Services" in text:
            return path
    pytest.skip("no source-style article in corpus/ yet")


def _has_first_slice(result):
    for deal in result["deals"]:
        names = {n for p in deal["parties"] for n in [p["name"], *p["aliases"]]}
        if {"OpenAI", "Amazon Web Services"} <= names or {"OpenAI", "AWS"} <= names:
            amount = deal["amount"] or {}
            return (
                amount.get("value") == 38e9
                and amount.get("currency") == "USD"
                and (deal["duration"] or {}).get("iso") == "P7Y"
                and "2026-12-31" in {d["value"] for d in deal["dates"]}
            )
    return False


def test_first_slice_on_the_corpus_article():
    result = _json(run_cli("extract", str(_source_style_article())))
    assert _has_first_slice(result), json.dumps(result["deals"], indent=1, ensure_ascii=False)


def test_first_slice_on_the_seed_article():
    seed = SHARED_EVAL / "seed" / "000.txt"
    if not seed.exists():
        pytest.skip("../shared/eval is not beside this checkout")
    result = _json(run_cli("extract", str(seed)))
    assert _has_first_slice(result), json.dumps(result["deals"], indent=1, ensure_ascii=False)
