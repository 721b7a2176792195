"""The batch engine in-process: one result per document, in order; bad documents and rules cost one line."""

import io
import json
import time

import pytest
from spacy.language import Language

from batch_helpers import article, read_jsonl, write_jsonl
from pipeline import textio
from pipeline.batch import OutputError, run
from pipeline.batch import worker
from pipeline.batch.engine import chunks
from pipeline.batch.sinks import repair_jsonl
from pipeline.batch.sources import Record
from pipeline.schema import ArticleResult


@Language.component("test_batch_boom")
def _boom(doc):
    if "SLOW" in doc.text:
        time.sleep(30)
    if "BOOM" in doc.text:
        raise ValueError("a rule broke")
    if "BADVALUE" in doc.text:
        doc._.deals = [{"confidence": 7}]  # outside the schema's 0..1
    return doc


def _rows(n, start=0):
    return [{"id": f"d{i}", "text": article(i), "published": "2024-03-01"} for i in range(start, start + n)]


def test_one_valid_result_per_document_in_input_order(tmp_path):
    out = tmp_path / "out.jsonl"
    seen = []
    summary = run(
        write_jsonl(tmp_path / "in.jsonl", _rows(70)),
        out,
        model="blank",
        batch_size=8,
        progress=lambda s: seen.append(s.documents),
    )
    lines = read_jsonl(out)
    assert [line["id"] for line in lines] == [f"d{i}" for i in range(70)]
    for line in lines:
        ArticleResult.model_validate(line)
        assert line["published"] == "2024-03-01" and line["error"] is None
    assert (summary.documents, summary.errors, summary.skipped, summary.total) == (70, 0, 0, 70)
    assert seen == list(range(8, 70, 8)) + [70]


def test_bad_documents_become_error_lines_and_the_batch_goes_on(tmp_path):
    (tmp_path / "docs").mkdir()
    files = {
        "00-ok.txt": article(1).encode(),
        "01-empty.txt": b"",
        "02-blank.txt": b"  \n\t\n",
        "03-binary.txt": b"\x00\x01\x02ELF" * 50,
        "04-latin1.txt": "Società per 3 milioni di euro".encode("latin-1"),
        "05-long.txt": (article(2) + "\n").encode() * 200,
        "06-html.txt": f"<html><body><p>{article(3)}</p><div>fine</div></body></html>".encode(),
        "07-ok.txt": article(4).encode(),
    }
    for name, data in files.items():
        (tmp_path / "docs" / name).write_bytes(data)
    out = tmp_path / "out.jsonl"
    summary = run(tmp_path / "docs", out, model="blank", max_chars=5_000, batch_size=3)
    lines = {line["id"]: line for line in read_jsonl(out)}
    assert list(lines) == sorted(files)
    errors = {k: v["error"] for k, v in lines.items() if v["error"]}
    assert set(errors) == {"01-empty.txt", "02-blank.txt", "03-binary.txt", "04-latin1.txt", "05-long.txt"}
    assert "binary" in errors["03-binary.txt"] and "utf-8" in errors["04-latin1.txt"]
    assert "too long" in errors["05-long.txt"] and "empty" in errors["01-empty.txt"]
    assert summary.errors == 5 and summary.documents == 8


def test_a_rule_that_raises_costs_one_document(tmp_path, monkeypatch):
    ex = worker.extractor("blank")
    from pipeline.extractor import Extractor

    broken = Extractor("blank")
    broken.nlp.add_pipe("test_batch_boom")
    monkeypatch.setitem(worker._EXTRACTORS, ("blank", textio.MAX_CHARS), broken)
    rows = _rows(10)
    rows[3]["text"] += " BOOM"
    rows[6]["text"] += " BADVALUE"
    out = tmp_path / "out.jsonl"
    summary = run(rows, out, model="blank", batch_size=4)
    lines = read_jsonl(out)
    assert [line["id"] for line in lines] == [f"d{i}" for i in range(10)]
    assert "test_batch_boom failed: ValueError: a rule broke" in lines[3]["error"]
    assert lines[6]["error"].startswith("invalid output")
    assert all(line["error"] is None for i, line in enumerate(lines) if i not in (3, 6))
    assert summary.errors == 2
    assert ex is not broken


def test_a_document_that_takes_too_long_gets_an_error_line(tmp_path, monkeypatch):
    from pipeline.extractor import Extractor

    slow = Extractor("blank")
    slow.nlp.add_pipe("test_batch_boom")
    monkeypatch.setitem(worker._EXTRACTORS, ("blank", textio.MAX_CHARS), slow)
    rows = _rows(6)
    rows[2]["text"] += " SLOW"
    out = tmp_path / "out.jsonl"
    start = time.monotonic()
    summary = run(rows, out, model="blank", batch_size=3, doc_timeout=0.5)
    assert time.monotonic() - start < 20
    lines = read_jsonl(out)
    assert [line["id"] for line in lines] == [f"d{i}" for i in range(6)]
    assert "timed out after 0.5 s (in test_batch_boom)" in lines[2]["error"]
    assert summary.errors == 1


def test_resume_after_a_torn_last_line_gives_the_uninterrupted_output(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", _rows(40))
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    run(src, full, model="blank")
    data = full.read_bytes().splitlines(keepends=True)
    part.write_bytes(b"".join(data[:17]) + data[17][:25])  # as if killed in the middle of line 18
    assert repair_jsonl(part) == (17, "d16")
    assert part.read_bytes() == b"".join(data[:17])
    part.write_bytes(b"".join(data[:17]) + data[17][:25])
    summary = run(src, part, model="blank", resume=True)
    assert (summary.skipped, summary.documents) == (17, 23)
    assert part.read_bytes() == full.read_bytes()
    again = run(src, part, model="blank", resume=True)  # nothing left to do
    assert again.documents == 0 and part.read_bytes() == full.read_bytes()


def test_resume_refuses_an_output_of_another_input(tmp_path):
    out = tmp_path / "out.jsonl"
    run(_rows(5), out, model="blank")
    with pytest.raises(OutputError, match="another input"):
        run(_rows(5, start=100), out, model="blank", resume=True)
    with pytest.raises(OutputError, match="--resume"):
        run(_rows(5), out, model="blank")
    assert run(_rows(3), out, model="blank", overwrite=True).documents == 3
    assert len(read_jsonl(out)) == 3


def test_interrupt_keeps_a_valid_prefix_and_resume_completes_it(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", _rows(50))
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    run(src, full, model="blank", batch_size=5)

    def stop(summary):
        if summary.documents >= 20:
            raise KeyboardInterrupt

    first = run(src, part, model="blank", batch_size=5, progress=stop)
    assert first.interrupted and first.documents == 20
    assert len(read_jsonl(part)) == 20
    run(src, part, model="blank", batch_size=7, resume=True)
    assert part.read_bytes() == full.read_bytes()


def test_stream_output_and_iterable_input():
    buf = io.StringIO()
    summary = run([article(1), ("x", article(2), "2024-05-06")], buf, model="blank")
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [line["id"] for line in lines] == ["0", "x"]
    assert lines[1]["published"] == "2024-05-06" and summary.documents == 2


def test_parquet_output_tables_and_resume(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from pipeline.batch.sinks import ParquetSink

    rows = _rows(30)
    rows[5]["text"] = ""
    rows[8]["url"] = "http://example.org/8"
    out = tmp_path / "pq"
    sink = ParquetSink(out, rows_per_part=10)
    summary = run(rows, sink, fmt="parquet", model="blank", batch_size=4)
    assert summary.documents == 30
    articles = pq.read_table(out / "articles").to_pylist()
    assert [a["id"] for a in articles] == [f"d{i}" for i in range(30)]
    assert [a["seq"] for a in articles] == list(range(30))
    assert articles[5]["error"] and articles[8]["url"] == "http://example.org/8"
    assert sorted(p.name for p in (out / "articles").iterdir()) == sorted(p.name for p in (out / "deals").iterdir())
    deals = pq.read_table(out / "deals")
    assert {"article_id", "deal_type", "amount_value", "party_names", "date_signing"} <= set(deals.column_names)
    assert sum(a["deals"] for a in articles) == deals.num_rows

    # A kill between parts: the last articles part is lost, its deals part and a temp file remain.
    parts = sorted((out / "articles").iterdir())
    kept = sum(pq.ParquetFile(p).metadata.num_rows for p in parts[:-1])
    parts[-1].unlink()
    (out / "deals" / "part-999.tmp").write_bytes(b"junk")
    resumed = run(rows, ParquetSink(out, rows_per_part=10), fmt="parquet", model="blank", resume=True)
    assert (resumed.skipped, resumed.documents) == (kept, 30 - kept) and 0 < kept < 30
    assert pq.read_table(out / "articles").to_pylist() == articles
    assert not list((out / "deals").glob("*.tmp"))


def test_chunks_are_cut_by_count_and_by_characters():
    recs = [Record(i, str(i), "x" * n) for i, n in enumerate([10, 10, 500, 10, 10, 10, 10])]
    sizes = [[r.seq for r in c] for c in chunks(recs, max_docs=3, max_chars=100)]
    assert sizes == [[0, 1], [2], [3, 4, 5], [6]]
