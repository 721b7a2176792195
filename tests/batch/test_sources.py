"""Readers: every input document becomes exactly one record, in a fixed order, bad ones included."""

import pytest

from batch_helpers import article, write_jsonl
from pipeline.batch.sources import Fields, Jsonl, open_source, published_value
from pipeline.textio import InputError


def _records(src, start=0):
    return list(open_source(src).iter_from(start)) if start else list(open_source(src))


def test_directory_ids_are_relative_paths_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(article(1), encoding="utf-8")
    (tmp_path / "a.txt").write_text(article(2), encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x01binary")
    recs = _records(tmp_path)
    assert [r.id for r in recs] == ["a.txt", "b/z.txt", "bad.txt"]
    assert [r.seq for r in recs] == [0, 1, 2]
    assert recs[0].text == article(2) and recs[0].error is None
    assert recs[2].text is None and "binary" in recs[2].error
    assert [r.id for r in open_source(tmp_path).iter_from(1)] == ["b/z.txt", "bad.txt"]


def test_jsonl_malformed_lines_become_error_records_with_their_line_number(tmp_path):
    warnings = []
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "a", "text": article(1), "published": "2024-03-05T10:00:00Z", "url": "http://x/a"},
            "{not json",
            "",
            "[1, 2]",
            {"text": article(2)},
            {"id": 7, "text": 12},
            {"id": "b", "text": article(3), "published": "ieri"},
        ],
    )
    src = Jsonl(path, warn=warnings.append)
    assert src.count() == 6  # the blank line is not a document
    recs = list(src)
    assert [r.id for r in recs] == ["a", "in.jsonl:2", "in.jsonl:4", "in.jsonl:5", "7", "b"]
    assert recs[0].published == "2024-03-05" and recs[0].url == "http://x/a"
    assert "line 2: malformed JSON" in recs[1].error
    assert "expected a JSON object" in recs[2].error
    assert recs[3].error is None and recs[3].text == article(2)
    assert recs[4].error and "int" in recs[4].error
    assert recs[5].published is None and "ieri" in recs[5].warning
    assert len(warnings) == 2 and "line 2" in warnings[0] and "line 4" in warnings[1]
    assert [r.id for r in src.iter_from(4)] == ["7", "b"]


def test_jsonl_field_names_are_configurable(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [{"key": "k1", "body": article(1), "date": "2023-01-02"}])
    (rec,) = list(Jsonl(path, Fields(id="key", text="body", published="date")))
    assert (rec.id, rec.text, rec.published) == ("k1", article(1), "2023-01-02")


def test_parquet_source_reads_in_batches_and_resumes_mid_file(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [
        {"id": f"p{i}", "text": article(i), "published": None if i % 2 else "2024-01-01", "title": f"t{i}"}
        for i in range(25)
    ]
    rows[3]["text"] = None
    rows[4]["id"] = None
    path = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=7)
    src = open_source(path)
    assert src.count() == 25
    recs = list(src)
    assert [r.seq for r in recs] == list(range(25))
    assert recs[0].published == "2024-01-01" and recs[0].title == "t0"
    assert recs[3].error and recs[4].id == "in.parquet:5"
    assert [r.id for r in src.iter_from(13)] == [f"p{i}" for i in range(13, 25)]
    with pytest.raises(InputError, match="text"):
        open_source(_write_parquet_without_text(tmp_path, pa, pq))


def _write_parquet_without_text(tmp_path, pa, pq):
    path = tmp_path / "notext.parquet"
    pq.write_table(pa.Table.from_pylist([{"id": "a", "body": "x"}]), path)
    return path


def test_glob_of_jsonl_files_is_one_sequence(tmp_path):
    write_jsonl(tmp_path / "1.jsonl", [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}])
    write_jsonl(tmp_path / "2.jsonl", [{"id": "c", "text": "z"}])
    src = open_source(str(tmp_path / "*.jsonl"))
    assert src.count() == 3
    assert [(r.seq, r.id) for r in src] == [(0, "a"), (1, "b"), (2, "c")]
    assert [(r.seq, r.id) for r in src.iter_from(2)] == [(2, "c")]


def test_glob_of_text_files_ids_relative_to_the_fixed_part(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "1.txt").write_text("uno", encoding="utf-8")
    (tmp_path / "x" / "2.txt").write_text("due", encoding="utf-8")
    assert [r.id for r in open_source(str(tmp_path / "x" / "*.txt"))] == ["1.txt", "2.txt"]


def test_missing_source_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        open_source(tmp_path / "nope.jsonl")
    with pytest.raises(InputError):
        open_source(str(tmp_path / "*.nothing"))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03", "2024-03"),
        ("2024-03-05T08:00:00+01:00", "2024-03-05"),
        ("2024-03-05 08:00", "2024-03-05"),
        (None, None),
        ("", None),
        ("5 marzo", None),
    ],
)
def test_published_values(value, expected):
    assert published_value(value)[0] == expected


def test_gzipped_jsonl_and_a_byte_order_mark(tmp_path):
    import gzip

    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'\xef\xbb\xbf{"id": "a", "text": "uno"}\r\n{"id": "b", "text": "due"}\r\n')
    assert [(r.id, r.text, r.error) for r in open_source(path)] == [("a", "uno", None), ("b", "due", None)]
