"""Defects 5, 6 and 10 (second half): the output never destroys the input, a write failure is one line that says
what to do, and --resume refuses an output made with another model or from another input."""

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "batch"))
from batch_helpers import cli, short, write_jsonl  # noqa: E402

from pipeline.batch import OutputError, run  # noqa: E402


def _rows(n, tag="d"):
    return [{"id": f"{tag}{i}", "text": short(i)} for i in range(n)]


@pytest.mark.parametrize("flag", ["--overwrite", "--resume"])
def test_the_output_is_refused_when_it_is_the_input(tmp_path, flag):
    src = write_jsonl(tmp_path / "in.jsonl", _rows(3))
    before = src.read_bytes()
    link = tmp_path / "link.jsonl"
    link.symlink_to(src)
    for out in (src, link):
        proc = cli("batch", str(src), "-o", str(out), flag, "--model", "blank")
        assert proc.returncode == 1, proc.stderr.decode()
        err = proc.stderr.decode()
        assert err.count("\n") == 1 and "input file" in err and "Traceback" not in err
        assert src.read_bytes() == before


def test_a_text_file_of_an_input_folder_is_refused_as_output(tmp_path):
    (tmp_path / "a.txt").write_text("Alfa compra Beta.", encoding="utf-8")
    with pytest.raises(OutputError, match="input file"):
        run(tmp_path, tmp_path / "a.txt", model="blank", overwrite=True)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Alfa compra Beta."


@pytest.mark.parametrize("target", ["/dev/full", "DIR", "FILE/out.jsonl"])
def test_write_failures_are_one_line_with_the_path_and_what_to_do(tmp_path, target):
    if target == "/dev/full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    src = write_jsonl(tmp_path / "in.jsonl", _rows(3))
    (tmp_path / "file").write_text("x")
    out = target.replace("DIR", str(tmp_path)).replace("FILE", str(tmp_path / "file"))
    proc = cli("batch", str(src), "-o", out, "--model", "blank")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"accordi: {out}")
    if target == "/dev/full":
        assert "--resume" in err and "No space left" in err
        assert not os.path.exists("/dev/full.accordi.json")


def test_a_write_that_fails_halfway_leaves_an_output_that_resume_finishes(tmp_path, monkeypatch):
    from pipeline.batch import sinks

    src = write_jsonl(tmp_path / "in.jsonl", _rows(10))
    whole = tmp_path / "whole.jsonl"
    run(src, whole, model="blank", batch_size=2)
    out = tmp_path / "out.jsonl"
    real = sinks.JsonlSink.write
    calls = []

    def failing(self, payload):
        calls.append(1)
        if len(calls) == 3:  # a torn chunk, then the disk is full
            self.fh.write(payload[0][:20])
            self.fh.flush()
            raise sinks.write_failed(self.path, OSError(28, "No space left on device"), self.written)
        return real(self, payload)

    monkeypatch.setattr(sinks.JsonlSink, "write", failing)
    with pytest.raises(OutputError, match=r"after 4 documents.*--resume"):
        run(src, out, model="blank", batch_size=2)
    monkeypatch.setattr(sinks.JsonlSink, "write", real)
    run(src, out, model="blank", batch_size=2, resume=True)
    assert out.read_bytes() == whole.read_bytes()


def test_resume_refuses_an_output_of_another_model(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", _rows(6))
    out = tmp_path / "out.jsonl"
    run(src, out, model="blank")
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:3]))
    with pytest.raises(OutputError, match="--model 'blank'"):
        run(src, out, resume=True)  # the default model
    assert out.read_bytes() == b"".join(lines[:3])
    run(src, out, model="blank", resume=True)
    assert out.read_bytes() == b"".join(lines)


def test_resume_refuses_an_output_of_another_input_whose_ids_coincide(tmp_path):
    one = write_jsonl(tmp_path / "one.jsonl", _rows(6))
    other = write_jsonl(
        tmp_path / "other.jsonl", [{"id": f"d{i}", "text": f"Altro {i}: Gamma vende Delta."} for i in range(6)]
    )
    out = tmp_path / "out.jsonl"
    run(one, out, model="blank")
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:3]))
    with pytest.raises(OutputError, match="another input"):
        run(other, out, model="blank", resume=True)
    proc = cli("batch", str(other), "-o", str(out), "--resume", "--model", "blank")
    assert proc.returncode == 1 and proc.stderr.decode().count("\n") == 1
    assert json.loads((tmp_path / "out.jsonl.accordi.json").read_text())["model"] == "blank"
