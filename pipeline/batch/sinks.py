"""Writers: JSONL (one ArticleResult per line), CSV (one row per deal) or a Parquet folder (articles + deals tables).

Both are append-only and crash-safe. JSONL: after ``kill -9`` the file is valid up to its last
newline; ``open(resume=True)`` cuts a torn last line and says how many documents are done.
Parquet: results are written as numbered parts, each one complete (written to a temporary name and
renamed); a part of the articles table is the commit mark for the deals part of the same name.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Optional, TextIO

from ..schema import ArticleResult
from .sources import Record


class OutputError(RuntimeError):
    """The output cannot be written or does not belong to this input."""


def write_failed(path: str, err: OSError, done: int) -> OutputError:
    """One line: where, why, and what to do (the output stays valid up to its last complete line)."""
    why = err.strerror or type(err).__name__
    if path == "-":
        return OutputError(f"cannot write to standard output ({why}) after {done:,} documents")
    return OutputError(
        f"{path}: write failed ({why}) after {done:,} documents; the output is valid up to its last complete "
        f"line: fix the cause (free space, permissions) and run the same command with --resume to finish"
    )


def cannot_open(path: str, err: OSError) -> OutputError:
    why = err.strerror or type(err).__name__
    return OutputError(f"{path}: cannot write there ({why}); choose another output path (-o)")


class Sink:
    def open(self, resume: bool, overwrite: bool) -> tuple[int, Optional[str]]:
        """Prepare to write; returns (documents already done, id of the last one)."""
        raise NotImplementedError

    def write(self, payload: list) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


# ---------------------------------------------------------------- JSONL


def repair_jsonl(path: str | Path) -> tuple[int, Optional[str]]:
    """Cut a torn last line; return (complete lines, id of the last one)."""
    path = Path(path)
    with open(path, "r+b") as fh:
        size = fh.seek(0, os.SEEK_END)
        pos, keep = size, 0
        while pos > 0:  # find the last newline
            step = min(1 << 16, pos)
            pos -= step
            fh.seek(pos)
            chunk = fh.read(step)
            cut = chunk.rfind(b"\n")
            if cut != -1:
                keep = pos + cut + 1
                break
        if keep != size:
            fh.truncate(keep)
        fh.seek(0)
        lines = 0
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            lines += chunk.count(b"\n")
        last_id = None
        if keep:
            line = _last_line(fh, keep)
            try:
                last_id = json.loads(line)["id"]
            except (ValueError, KeyError, TypeError):
                raise OutputError(f"{path}: the last complete line is not an accordi result; not resuming") from None
    return lines, last_id


def _last_line(fh, keep: int) -> bytes:
    """The last line of a file whose first ``keep`` bytes end with a newline."""
    end = keep - 1  # the final newline
    pos, data = end, b""
    while pos > 0:
        step = min(1 << 16, pos)
        pos -= step
        fh.seek(pos)
        data = fh.read(step) + data
        cut = data.rfind(b"\n")
        if cut != -1:
            return data[cut + 1 :]
    return data


class JsonlSink(Sink):
    def __init__(self, path: str | Path, stream: Optional[TextIO] = None):
        self.path = str(path)
        self.stream = stream
        self.fh: Optional[TextIO] = None
        self.written = 0  # documents written by this run
        self.failed = False

    def open(self, resume: bool, overwrite: bool) -> tuple[int, Optional[str]]:
        if self.path == "-":
            if resume:
                raise OutputError("--resume needs an output file (-o FILE)")
            self.fh = self.stream or sys.stdout
            return 0, None
        path = Path(self.path)
        if path.is_dir():
            raise OutputError(f"{path} is a folder; -o takes a file for JSONL output (a folder for --format parquet)")
        done, last = 0, None
        try:
            if path.exists() and path.stat().st_size:
                if resume:
                    done, last = repair_jsonl(path)
                elif not overwrite:
                    raise OutputError(f"{path} exists: pass --resume to continue it or --overwrite to start again")
            elif path.parent and not path.parent.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
            self.fh = open(path, "a" if resume else "w", encoding="utf-8", newline="\n")
        except OSError as err:
            raise cannot_open(self.path, err) from None
        return done, last

    def write(self, payload: list) -> None:
        # One write per chunk: a kill can tear at most the line being written, never reorder lines.
        assert self.fh is not None, "open() first"
        try:
            self.fh.write("".join(line + "\n" for line in payload))
            self.fh.flush()
        except OSError as err:
            self.failed = True
            raise write_failed(self.path, err, self.written) from None
        self.written += len(payload)

    def close(self) -> None:
        fh, self.fh = self.fh, None
        if fh is None:
            return
        try:
            if fh not in (sys.stdout, self.stream):
                fh.close()
            else:
                fh.flush()
        except OSError as err:
            if not self.failed:  # the write that failed has said so already
                self.failed = True
                raise write_failed(self.path, err, self.written) from None


# ---------------------------------------------------------------- Parquet

_DATE_ROLES = ("signing", "announcement", "closing", "start", "end", "deadline")


def _schemas():
    import pyarrow as pa

    strings = pa.list_(pa.string())
    articles = pa.schema(
        [
            ("seq", pa.int64()),
            ("id", pa.string()),
            ("published", pa.string()),
            ("url", pa.string()),
            ("title", pa.string()),
            ("model", pa.string()),
            ("deals", pa.int32()),
            ("amounts", pa.int32()),
            ("prices", pa.int32()),
            ("stakes", pa.int32()),
            ("durations", pa.int32()),
            ("dates", pa.int32()),
            ("parties", pa.int32()),
            ("warnings", strings),
            ("error", pa.string()),
        ]
    )
    deals = pa.schema(
        [
            ("seq", pa.int64()),
            ("article_id", pa.string()),
            ("url", pa.string()),
            ("title", pa.string()),
            ("published", pa.string()),
            ("deal_index", pa.int32()),
            ("deal_type", pa.string()),
            ("status", pa.string()),
            ("confidence", pa.float64()),
            ("party_names", strings),
            ("party_roles", strings),
            ("amount_value", pa.float64()),
            ("amount_upper", pa.float64()),
            ("amount_currency", pa.string()),
            ("amount_approximate", pa.bool_()),
            ("amount_text", pa.string()),
            ("stake_percent", pa.float64()),
            ("price_per_share", pa.float64()),
            ("price_currency", pa.string()),
            ("duration_iso", pa.string()),
            ("duration_text", pa.string()),
            *[(f"date_{role}", pa.string()) for role in _DATE_ROLES],
            ("evidence", strings),
            ("parties_json", pa.string()),
            ("dates_json", pa.string()),
        ]
    )
    return articles, deals


def table_rows(rec: Record, res: ArticleResult) -> tuple[dict, list[dict]]:
    """One articles row and the flattened deal rows of one result."""
    m = res.mentions
    article = {
        "seq": rec.seq,
        "id": res.id,
        "published": res.published,
        "url": rec.url or res.url,
        "title": rec.title or res.title,
        "model": f"{res.model.name}-{res.model.version}" if res.model else None,
        "deals": len(res.deals),
        "amounts": len(m.amounts),
        "prices": len(m.prices),
        "stakes": len(m.stakes),
        "durations": len(m.durations),
        "dates": len(m.dates),
        "parties": len(m.parties),
        "warnings": list(res.warnings),
        "error": res.error,
    }
    deals = []
    for k, d in enumerate(res.deals):
        row = {
            "seq": rec.seq,
            "article_id": res.id,
            "url": article["url"],
            "title": article["title"],
            "published": res.published,
            "deal_index": k,
            "deal_type": d.deal_type,
            "status": d.status,
            "confidence": d.confidence,
            "party_names": [p.name for p in d.parties],
            "party_roles": [p.role for p in d.parties],
            "amount_value": d.amount.value if d.amount else None,
            "amount_upper": d.amount.upper if d.amount else None,
            "amount_currency": d.amount.currency if d.amount else None,
            "amount_approximate": d.amount.approximate if d.amount else None,
            "amount_text": d.amount.text if d.amount else None,
            "stake_percent": d.stake_percent,
            "price_per_share": d.price_per_share.value if d.price_per_share else None,
            "price_currency": d.price_per_share.currency if d.price_per_share else None,
            "duration_iso": d.duration.iso if d.duration else None,
            "duration_text": d.duration.text if d.duration else None,
            "evidence": list(d.evidence),
            "parties_json": json.dumps([p.model_dump() for p in d.parties], ensure_ascii=False),
            "dates_json": json.dumps([x.model_dump() for x in d.dates], ensure_ascii=False),
        }
        for role in _DATE_ROLES:
            row[f"date_{role}"] = next((x.value for x in d.dates if x.role == role and x.value), None)
        deals.append(row)
    return article, deals


class ParquetSink(Sink):
    """``DIR/articles/part-<first seq>.parquet`` and ``DIR/deals/part-<first seq>.parquet``.

    Read the whole table with ``pyarrow.dataset.dataset(DIR / "deals")`` or ``pandas.read_parquet``.
    """

    def __init__(self, path: str | Path, rows_per_part: int = 2000):
        try:
            import pyarrow  # noqa: F401
        except ImportError:  # pragma: no cover
            raise OutputError(
                "--format parquet needs pyarrow: pip install 'accordi[parquet]' "
                "(in a source checkout: pip install '.[parquet]')"
            ) from None
        self.dir = Path(path)
        self.rows_per_part = rows_per_part
        self.articles: list[dict] = []
        self.deals: list[dict] = []
        self.next_seq = 0

    def open(self, resume: bool, overwrite: bool) -> tuple[int, Optional[str]]:
        if str(self.dir) == "-":
            raise OutputError("--format parquet needs an output folder (-o DIR)")
        try:
            return self._open(resume, overwrite)
        except OSError as err:
            raise cannot_open(str(self.dir), err) from None

    def _open(self, resume: bool, overwrite: bool) -> tuple[int, Optional[str]]:
        import pyarrow.parquet as pq

        adir, ddir = self.dir / "articles", self.dir / "deals"
        existing = sorted(adir.glob("part-*.parquet")) if adir.is_dir() else []
        if self.dir.exists() and not self.dir.is_dir():
            raise OutputError(f"{self.dir} exists and is not a folder")
        if existing and not resume:
            if not overwrite:
                raise OutputError(f"{self.dir} holds results: pass --resume to continue or --overwrite to start again")
            for sub in (adir, ddir):
                for f in sub.glob("part-*"):
                    f.unlink()
            existing = []
        adir.mkdir(parents=True, exist_ok=True)
        ddir.mkdir(parents=True, exist_ok=True)
        for sub in (adir, ddir):
            for f in sub.glob("*.tmp"):
                f.unlink()
        done, last = 0, None
        for part in existing:
            start = int(part.stem.split("-")[1])
            if start != done:
                raise OutputError(f"{part}: starts at document {start}, expected {done}; the folder is inconsistent")
            meta = pq.ParquetFile(part).metadata
            done += meta.num_rows
        if existing:
            ids = pq.read_table(existing[-1], columns=["id"]).column("id").to_pylist()
            last = ids[-1] if ids else None
        names = {p.name for p in existing}
        for f in ddir.glob("part-*.parquet"):  # a deals part whose articles part never landed
            if f.name not in names:
                f.unlink()
        self.next_seq = done
        return done, last

    def write(self, payload: list) -> None:
        for article, deals in payload:
            self.articles.append(article)
            self.deals.extend(deals)
        if len(self.articles) >= self.rows_per_part:
            self.flush()

    def flush(self) -> None:
        try:
            self._flush()
        except OSError as err:
            self.articles, self.deals = [], []  # not written: --resume redoes them
            raise write_failed(str(self.dir), err, self.next_seq) from None

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.articles:
            return
        aschema, dschema = _schemas()
        name = f"part-{self.next_seq:012d}.parquet"
        for sub, rows, schema in (("deals", self.deals, dschema), ("articles", self.articles, aschema)):
            target = self.dir / sub / name
            tmp = target.with_suffix(".tmp")
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp)
            os.replace(tmp, target)
        self.next_seq += len(self.articles)
        self.articles, self.deals = [], []

    def close(self) -> None:
        self.flush()


# ---------------------------------------------------------------- CSV


DEAL_COLUMNS = (
    "seq",
    "article_id",
    "url",
    "title",
    "published",
    "deal_index",
    "deal_type",
    "status",
    "confidence",
    "party_names",
    "party_roles",
    "amount_value",
    "amount_upper",
    "amount_currency",
    "amount_approximate",
    "amount_text",
    "stake_percent",
    "price_per_share",
    "price_currency",
    "duration_iso",
    "duration_text",
    *[f"date_{role}" for role in _DATE_ROLES],
    "evidence",
    "parties_json",
    "dates_json",
)


def csv_columns() -> list[str]:
    """The CSV's columns: those of the Parquet deals table, in its order (a test holds the two together)."""
    return list(DEAL_COLUMNS)


LIST_SEPARATOR = " | "


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v).replace("\n", " ") for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class CsvSink(Sink):
    """One row per deal, the columns of the Parquet deals table (lists joined by `` | ``; ``parties_json`` and
    ``dates_json`` hold the full objects). UTF-8, a header row, RFC 4180 quoting. An article without deals
    writes no row; its result (and any error) is in the JSONL or Parquet output.
    """

    def __init__(self, path: str | Path | TextIO, stream: Optional[TextIO] = None):
        self.path = str(path) if isinstance(path, (str, Path)) else "-"
        self.stream = stream if isinstance(path, (str, Path)) else path
        self.fh: Optional[TextIO] = None
        self.writer: Any = None
        self.seq = 0

    def open(self, resume: bool, overwrite: bool) -> tuple[int, Optional[str]]:
        import csv

        if resume:
            raise OutputError(
                "--resume needs --format jsonl or parquet (a CSV has no row for an article "
                "without deals); run again with --overwrite"
            )
        if self.path == "-":
            self.fh = self.stream or sys.stdout
        else:
            path = Path(self.path)
            if path.is_dir():
                raise OutputError(f"{path} is a folder; -o takes a file for CSV output")
            if path.exists() and path.stat().st_size and not overwrite:
                raise OutputError(f"{path} exists: pass --overwrite to replace it")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.fh = open(path, "w", encoding="utf-8", newline="")
            except OSError as err:
                raise OutputError(f"{path}: cannot write there ({err.strerror or type(err).__name__})") from None
        assert self.fh is not None
        self.writer = csv.writer(self.fh, lineterminator="\r\n")
        self.writer.writerow(csv_columns())
        return 0, None

    def write(self, payload: list) -> None:
        columns = csv_columns()
        rows: list[list] = []
        for line in payload:
            res = ArticleResult.model_validate_json(line)
            rec = Record(self.seq, res.id, None, res.published, res.url, res.title)
            _, deals = table_rows(rec, res)
            rows.extend([csv_cell(d.get(c)) for c in columns] for d in deals)
            self.seq += 1
        self.writer.writerows(rows)
        assert self.fh is not None, "open() first"
        self.fh.flush()

    def close(self) -> None:
        fh, self.fh = self.fh, None
        if fh is not None and fh not in (sys.stdout, self.stream):
            fh.close()
        elif fh is not None:
            fh.flush()
