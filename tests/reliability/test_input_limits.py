"""Defects 7, 8 and 9: --encoding utf-16 works, input size is checked while it is read, and symbolic links do
not take a folder's batch out of that folder."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import textio
from pipeline.batch import run
from pipeline.batch.sources import open_source

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "batch"))
from batch_helpers import cli  # noqa: E402

TEXT = "Alfa S.p.A. ha acquisito Beta per 3 milioni di euro."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_utf32_are_read(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode(encoding))
    proc = cli("extract", str(path), "--encoding", encoding, "--model", "blank")
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["mentions"]["amounts"][0]["text"] == "3 milioni di euro"
    rows = "".join(json.dumps({"id": f"r{i}", "text": TEXT}, ensure_ascii=False) + "\n" for i in range(3))
    (tmp_path / "in.jsonl").write_bytes(rows.encode(encoding))
    recs = list(open_source(tmp_path / "in.jsonl", _options(encoding)))
    assert [(r.id, r.text, r.error) for r in recs] == [(f"r{i}", TEXT, None) for i in range(3)]
    recs = list(open_source(tmp_path, _options(encoding)))
    assert [(r.id, r.text) for r in recs] == [("a.txt", TEXT)]


def _options(encoding):
    from pipeline.batch.sources import SourceOptions

    return SourceOptions(encoding=encoding)


def test_binary_data_is_still_refused_in_utf8_and_in_utf16():
    with pytest.raises(textio.InputError, match="binary"):
        textio.decode(b"\x00\x01\x02abc", "utf-8")
    with pytest.raises(textio.InputError, match="binary"):
        textio.clean(textio.decode("\x00\x00abc".encode("utf-16"), "utf-16"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_a_long_jsonl_line_is_an_error_line_and_is_never_held_whole(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'{"id": "a", "text": "ok"}\n')
        fh.write(b'{"id": "bomb", "text": "' + b"a" * (200 << 20) + b'"}\n')  # 200 MB, 200 kB compressed
        fh.write(b'{"id": "c", "text": "ok"}\n')
    # VmHWM, not ru_maxrss: the latter keeps the (large) RSS of the pytest process across fork and exec
    code = (
        "import re, sys; from pipeline.batch.sources import Jsonl;"
        "recs = [(r.id, r.error) for r in Jsonl(sys.argv[1])];"
        "print(recs[0][1], recs[2][1], recs[1][0], recs[1][1][:35], recs[1][1].count('longer than'));"
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) // 1024)"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    first, peak = proc.stdout.splitlines()
    assert first == "None None in.jsonl.gz:2 line 2: longer than 8,000,000 bytes 1"
    assert int(peak) < 250, f"peak RSS {peak} MB: the line was held whole"


def test_a_file_over_the_byte_limit_is_refused_without_being_read(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.truncate(textio.max_bytes(1000) + 1)  # sparse: reading it would cost time, not disk
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    recs = list(open_source(tmp_path, _limit(1000)))
    assert recs[0].id == "big.txt" and "too large" in recs[0].error
    assert recs[1].text == TEXT
    with pytest.raises(textio.InputError, match="too large"):
        textio.read_file(path, max_chars=1000)


def _limit(max_chars):
    from pipeline.batch.sources import SourceOptions

    return SourceOptions(max_chars=max_chars)


def test_a_text_longer_than_eight_bytes_a_character_is_refused_before_html_parsing():
    markup = "<p>" + "<b>x</b>" * 2000 + "</p><div>a</div>"
    with pytest.raises(textio.InputError, match="too long"):
        textio.clean(markup, max_chars=1000)


def test_symlinks_out_of_the_input_folder_are_skipped_with_a_warning(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Segreto: Gamma compra Delta.", encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "sub" / "alias.txt").symlink_to(folder / "a.txt")  # stays inside: kept
    warnings = []
    out = tmp_path / "out.jsonl"
    run(folder, out, model="blank", warn=warnings.append)
    ids = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["a.txt", "sub/alias.txt"]
    assert len(warnings) == 1 and "leak.txt" in warnings[0] and "--follow-symlinks" in warnings[0]
    run(folder, out, model="blank", overwrite=True, follow_symlinks=True)
    ids = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["a.txt", "leak.txt", "sub/alias.txt"]
    proc = cli("batch", str(folder), "--model", "blank")
    assert proc.returncode == 0 and b"leak.txt" in proc.stderr and b"Segreto" not in proc.stdout
