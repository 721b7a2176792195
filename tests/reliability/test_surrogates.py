"""Defect 1: a lone surrogate (a JSON escape such as "\\ud800") costs one document, never the batch."""

import json

import pytest

from pipeline import InputError
from pipeline.batch import run

LINES = [
    '{"id": "a", "text": "\\ud800"}',
    '{"id": "b\\udc00", "text": "Alfa compra Beta per 3 milioni di euro."}',
    '{"id": "c", "text": "Alfa compra Beta.", "published": "\\ud800x"}',
    '{"id": "d", "text": "Alfa \\udfff compra Beta."}',
]


def test_the_library_raises_input_error_for_a_lone_surrogate(blank_extractor):
    for text in ("\ud800", "Alfa compra Beta \udc00 per 3 milioni"):
        with pytest.raises(InputError, match="lone surrogate"):
            blank_extractor.extract(text)


def test_a_batch_writes_one_line_per_document_and_resume_goes_on(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = run(src, out, model="blank")
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert summary.documents == 4 and len(lines) == 4
    assert [x["id"] for x in lines] == ["a", "b\ufffd", "c", "d"]
    assert "lone surrogate" in lines[0]["error"] and "lone surrogate" in lines[3]["error"]
    assert lines[1]["error"] is None and lines[2]["error"] is None
    # cut the last line in two: --resume repairs it and finishes
    data = out.read_bytes()
    out.write_bytes(data[: data.rindex(b"\n", 0, len(data) - 1) + 5])
    summary = run(src, out, model="blank", resume=True)
    assert summary.documents == 1 and summary.skipped == 3
    assert out.read_bytes() == data
