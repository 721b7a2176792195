"""Readers: a corpus (directory of .txt, JSONL, Parquet, glob, stdin, Python iterable) as a stream of records.

Every source numbers its documents 0, 1, 2, ... (``seq``) in a fixed order, so that output line ``k``
always belongs to input document ``k`` and ``--resume`` can skip exactly what is done. A document
that cannot be read still becomes a record, with ``error`` set: one output line per input document.
A JSONL line that is not a JSON object is such a document too (id ``FILE:LINE``); blank lines are not.
"""

from __future__ import annotations

import glob as globlib
import gzip
import io
import json
import os
import re
import sys
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, NamedTuple, Optional

from .. import textio

Warn = Callable[[str], None]


class Record(NamedTuple):
    seq: int
    id: Optional[str]
    text: Optional[str]
    published: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    error: Optional[str] = None  # the document could not be read; no extraction
    warning: Optional[str] = None  # readable, but something was ignored (e.g. a bad date)


@dataclass(frozen=True)
class Fields:
    """Names of the input columns / JSON keys."""

    id: str = "id"
    text: str = "text"
    published: str = "published"
    url: str = "url"
    title: str = "title"


_DATE = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)(?:$|[T ])")


def published_value(value: Any) -> tuple[Optional[str], Optional[str]]:
    """(YYYY-MM-DD or YYYY-MM or None, warning or None) from whatever the input holds."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value.date().isoformat(), None
    if isinstance(value, date):
        return value.isoformat(), None
    match = _DATE.match(str(value).strip())
    if match:
        return match.group(1), None
    return None, f"published {textio.scrub(str(value)[:40])!r} is not a date (YYYY-MM-DD); ignored"


def _text_or_none(value: Any) -> Optional[str]:
    return None if value is None else textio.scrub(str(value))


def make_record(seq: int, row: dict, fields: Fields, fallback_id: str, encoding: str = "utf-8") -> Record:
    """A record from one JSON object / table row."""
    raw_id = row.get(fields.id)
    id_ = textio.scrub(fallback_id if raw_id is None or raw_id == "" else str(raw_id))
    published, warning = published_value(row.get(fields.published))
    url, title = _text_or_none(row.get(fields.url)), _text_or_none(row.get(fields.title))
    text = row.get(fields.text)
    error = None
    if isinstance(text, (bytes, bytearray)):
        try:
            text = textio.decode(bytes(text), encoding, fields.text)
        except textio.InputError as err:
            text, error = None, str(err)
    elif text is None:
        error = f"no {fields.text!r} field"
    elif not isinstance(text, str):
        text, error = None, f"{fields.text!r} is a {type(text).__name__}, not text"
    return Record(seq, id_, text, published, url, title, error, warning)


class Source:
    """Base class: ``count()`` when cheaply known, ``iter_from(start)`` in a fixed order."""

    name = "input"

    def count(self) -> Optional[int]:
        return None

    def iter_from(self, start: int = 0) -> Iterator[Record]:
        raise NotImplementedError

    def paths(self) -> list[Path]:
        """The files this source reads (an output must never be one of them)."""
        return []

    def __iter__(self) -> Iterator[Record]:
        return self.iter_from(0)


class TextFiles(Source):
    """Plain-text files, one article each; id = path relative to ``root`` (POSIX separators)."""

    def __init__(
        self,
        paths: Iterable[Path],
        root: Path,
        encoding: str = "utf-8",
        name: str = "files",
        max_chars: int = textio.MAX_CHARS,
    ):
        self.root = Path(root)
        self.encoding = encoding
        self.name = name
        self.max_chars = max_chars
        rel = []
        for path in paths:
            path = Path(path)
            try:
                rid = path.relative_to(self.root).as_posix()
            except ValueError:
                rid = path.as_posix()
            rel.append((rid, path))
        self.files = sorted(rel)

    @classmethod
    def directory(
        cls,
        root: str | Path,
        pattern: str = "*.txt",
        encoding: str = "utf-8",
        max_chars: int = textio.MAX_CHARS,
        follow_symlinks: bool = False,
        warn: Optional[Warn] = None,
    ) -> "TextFiles":
        """The files under ``root`` that match ``pattern``. A symbolic link that leads out of ``root`` is
        skipped with a warning unless ``follow_symlinks``: a folder must not hand out files from elsewhere."""
        root = Path(root)
        files = folder_files(root, pattern, lambda p: True, follow_symlinks, warn)
        return cls(files, root, encoding, str(root), max_chars)

    def count(self) -> int:
        return len(self.files)

    def paths(self) -> list[Path]:
        return [path for _, path in self.files]

    def iter_from(self, start: int = 0) -> Iterator[Record]:
        for seq in range(start, len(self.files)):
            rid, path = self.files[seq]
            rid = textio.scrub(rid)  # a file name that is not UTF-8 comes as lone surrogates
            try:
                yield Record(seq, rid, textio.read_file(path, self.encoding, self.max_chars))
            except textio.InputError as err:
                yield Record(seq, rid, None, error=str(err))


def folder_files(
    root: Path, pattern: str, accept: Callable[[Path], bool], follow_symlinks: bool = False, warn: Optional[Warn] = None
) -> list[Path]:
    """Files under ``root`` matching ``pattern`` and ``accept``, without those that a symbolic link takes
    out of ``root`` (each one warned about) unless ``follow_symlinks``."""
    inside = os.path.realpath(root)
    files = []
    for p in root.rglob(pattern):
        if not p.is_file() or not accept(p):
            continue
        if not follow_symlinks and os.path.commonpath([os.path.realpath(p), inside]) != inside:
            if warn:
                warn(f"{p}: a symbolic link out of {root}; skipped (pass --follow-symlinks to read it)")
            continue
        files.append(p)
    return files


class Jsonl(Source):
    """One JSON object per line; ``-`` is standard input. ``.gz`` files are read transparently.

    Lines are read with a cap (``textio.max_bytes(max_chars)``): a longer line (a dump, a gzip bomb) is
    skipped without being kept in memory and becomes an error line. UTF-16/32 input is decoded as a stream."""

    def __init__(
        self,
        path: str | Path,
        fields: Fields = Fields(),
        encoding: str = "utf-8",
        warn: Optional[Warn] = None,
        stream: Optional[io.BufferedIOBase] = None,
        max_chars: int = textio.MAX_CHARS,
    ):
        self.path = str(path)
        self.fields = fields
        self.encoding = encoding
        self.warn = warn
        self.stream = stream
        self.max_chars = max_chars
        self.name = "stdin" if self.path == "-" else textio.scrub(Path(self.path).name)
        if self.path != "-" and not Path(self.path).is_file():
            raise textio.InputError(f"{self.path}: no such file")

    def _open(self):
        if self.path == "-":
            return self.stream or sys.stdin.buffer
        if self.path.endswith(".gz"):
            return gzip.open(self.path, "rb")
        return open(self.path, "rb")

    def paths(self) -> list[Path]:
        return [] if self.path == "-" else [Path(self.path)]

    def count(self) -> Optional[int]:
        if self.path == "-":
            return None
        return sum(1 for _ in self._lines())

    def _lines(self) -> Iterator[tuple[int, Optional[bytes]]]:
        """(line number, line as UTF-8 or the input's encoding) of the non-blank lines: each one is a
        document. A line over the cap comes as None."""
        fh = self._open()
        wide = textio.wide(self.encoding)
        # a text stream for an encoding wider than a byte (lines re-encoded as UTF-8), else the bytes as they are
        reader: IO[Any] = io.TextIOWrapper(fh, encoding=self.encoding, newline="\n") if wide else fh
        limit = textio.max_bytes(self.max_chars) // (4 if wide else 1)  # characters, for a decoded stream
        end = "\n" if wide else b"\n"
        try:
            lineno = 0
            while True:
                line = reader.readline(limit + 1)
                if not line:
                    return
                lineno += 1
                if len(line) > limit and not line.endswith(end):
                    while line and not line.endswith(end):  # skip the rest, never holding it
                        line = reader.readline(1 << 20)
                    yield lineno, None
                    continue
                if line.strip():
                    yield lineno, (line.encode("utf-8", "surrogatepass") if wide else line)
        except UnicodeDecodeError as err:
            raise textio.InputError(f"{self.path}: not valid {self.encoding} ({err.reason})") from None
        except (EOFError, zlib.error, gzip.BadGzipFile) as err:
            raise textio.InputError(f"{self.path}: a damaged gzip file ({err})") from None
        finally:
            if isinstance(reader, io.TextIOWrapper):
                reader.detach()
            if fh is not sys.stdin.buffer and fh is not self.stream:
                fh.close()

    def iter_from(self, start: int = 0) -> Iterator[Record]:
        encoding = "utf-8" if textio.wide(self.encoding) else self.encoding  # _lines re-encoded them
        for seq, (lineno, line) in enumerate(islice(self._lines(), start, None), start):
            where = f"{self.name}:{lineno}"
            if line is None:
                yield self._bad(
                    seq,
                    where,
                    f"line {lineno}: longer than {textio.max_bytes(self.max_chars):,} "
                    f"bytes (limit {self.max_chars:,} characters); split it into articles",
                )
                continue
            try:
                obj = json.loads(textio.decode(line, encoding, f"line {lineno}"))
            except textio.InputError as err:
                yield self._bad(seq, where, str(err))
                continue
            except (ValueError, RecursionError) as err:
                yield self._bad(seq, where, f"line {lineno}: malformed JSON ({textio.scrub(str(err))})")
                continue
            if not isinstance(obj, dict):
                yield self._bad(seq, where, f"line {lineno}: expected a JSON object, got {type(obj).__name__}")
                continue
            yield make_record(seq, obj, self.fields, where, self.encoding)

    def _bad(self, seq: int, where: str, message: str) -> Record:
        if self.warn:
            self.warn(f"{self.name} {message}; written as an error line with id {where!r}")
        return Record(seq, where, None, error=message)


class Parquet(Source):
    """A Parquet file with the same columns as the JSONL input; read in batches, never whole."""

    def __init__(self, path: str | Path, fields: Fields = Fields(), encoding: str = "utf-8", batch_rows: int = 1024):
        try:
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover
            raise textio.InputError("reading Parquet needs pyarrow: pip install 'accordi[parquet]'") from None
        self.path = Path(path)
        self.fields = fields
        self.encoding = encoding
        self.batch_rows = batch_rows
        self.name = self.path.name
        try:
            self.file = pq.ParquetFile(self.path)
        except FileNotFoundError:
            raise textio.InputError(f"{path}: no such file") from None
        except Exception as err:  # pyarrow raises ArrowInvalid & co. for a file that is not Parquet
            raise textio.InputError(f"{path}: not a Parquet file ({err})") from None
        names = set(self.file.schema_arrow.names)
        if fields.text not in names:
            raise textio.InputError(
                f"{path}: no {fields.text!r} column (columns: {', '.join(sorted(names))}); use --text-field"
            )
        wanted = (fields.id, fields.text, fields.published, fields.url, fields.title)
        self.columns = [c for c in dict.fromkeys(wanted) if c in names]

    def count(self) -> int:
        return self.file.metadata.num_rows

    def paths(self) -> list[Path]:
        return [self.path]

    def iter_from(self, start: int = 0) -> Iterator[Record]:
        groups: list[int] = []
        first = 0
        for g in range(self.file.num_row_groups):
            rows = self.file.metadata.row_group(g).num_rows
            if groups or first + rows > start:
                groups.append(g)
            else:
                first += rows
        if not groups:
            return
        seq = first
        for batch in self.file.iter_batches(batch_size=self.batch_rows, row_groups=groups, columns=self.columns):
            for row in batch.to_pylist():
                if seq >= start:
                    yield make_record(seq, row, self.fields, f"{self.name}:{seq + 1}", self.encoding)
                seq += 1


class Chain(Source):
    """Several sources one after the other (a glob of JSONL or Parquet files)."""

    def __init__(self, parts: list[Source], name: str = "glob"):
        self.parts = parts
        self.name = name
        self._counts: Optional[list[int]] = None

    def count(self) -> Optional[int]:
        if self._counts is None:
            counts = [p.count() for p in self.parts]
            known = [c for c in counts if c is not None]
            if len(known) < len(counts):
                return None
            self._counts = known
        return sum(self._counts)

    def paths(self) -> list[Path]:
        return [p for part in self.parts for p in part.paths()]

    def iter_from(self, start: int = 0) -> Iterator[Record]:
        if self.count() is None or self._counts is None:  # pragma: no cover (every chained source has a count)
            raise ValueError("cannot resume a chain of sources of unknown length")
        offset = 0
        for part, n in zip(self.parts, self._counts):
            if offset + n > start:
                for rec in part.iter_from(max(0, start - offset)):
                    yield rec._replace(seq=rec.seq + offset)
            offset += n


class Items(Source):
    """A Python iterable of dicts (same keys as JSONL), ``(id, text)`` pairs or plain strings."""

    def __init__(self, items: Iterable[Any], fields: Fields = Fields()):
        self.items = items
        self.fields = fields
        self.name = "items"

    def count(self) -> Optional[int]:
        try:
            return len(self.items)  # type: ignore[arg-type]
        except TypeError:
            return None

    def iter_from(self, start: int = 0) -> Iterator[Record]:
        for seq, item in enumerate(islice(self.items, start, None), start):
            if isinstance(item, dict):
                yield make_record(seq, item, self.fields, str(seq))
            elif isinstance(item, str):
                yield make_record(seq, {self.fields.text: item}, self.fields, str(seq))
            else:
                id_, text, *rest = tuple(item)
                row = {self.fields.id: id_, self.fields.text: text}
                if rest:
                    row[self.fields.published] = rest[0]
                yield make_record(seq, row, self.fields, str(seq))


_GLOB_CHARS = re.compile(r"[*?\[]")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz")
_PARQUET_SUFFIXES = (".parquet", ".pq")


def _kind(path: str) -> str:
    low = path.lower()
    if low.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if low.endswith(_PARQUET_SUFFIXES):
        return "parquet"
    return "txt"


def _static_root(pattern: str) -> Path:
    parts = []
    for part in Path(pattern).parts:
        if _GLOB_CHARS.search(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


@dataclass
class SourceOptions:
    fields: Fields = field(default_factory=Fields)
    encoding: str = "utf-8"
    pattern: str = "*.txt"  # files taken from a directory
    input_format: str = "auto"  # auto | txt | jsonl | parquet
    warn: Optional[Warn] = None
    stdin: Optional[io.BufferedIOBase] = None
    max_chars: int = textio.MAX_CHARS
    follow_symlinks: bool = False  # symbolic links out of an input folder are skipped unless this is set


def open_source(source: Any, options: Optional[SourceOptions] = None) -> Source:
    """Whatever the user named: a Source, ``-`` (JSONL on stdin), a directory, a file, a glob, an iterable."""
    opts = options or SourceOptions()
    if isinstance(source, Source):
        return source
    if not isinstance(source, (str, Path)):
        return Items(source, opts.fields)
    text = str(source)

    def one(path: str, kind: str) -> Source:
        if kind == "jsonl":
            return Jsonl(path, opts.fields, opts.encoding, opts.warn, opts.stdin, opts.max_chars)
        if kind == "parquet":
            return Parquet(path, opts.fields, opts.encoding)
        return TextFiles([Path(path)], Path(path).parent, opts.encoding, path, opts.max_chars)

    if text == "-":
        return Jsonl("-", opts.fields, opts.encoding, opts.warn, opts.stdin, opts.max_chars)
    path = Path(text)
    if path.is_dir():
        if opts.input_format in ("auto", "txt"):
            return TextFiles.directory(
                path, opts.pattern, opts.encoding, opts.max_chars, opts.follow_symlinks, opts.warn
            )
        suffixes = _JSONL_SUFFIXES if opts.input_format == "jsonl" else _PARQUET_SUFFIXES
        files = sorted(
            str(p)
            for p in folder_files(
                path, "*", lambda p: str(p).lower().endswith(suffixes), opts.follow_symlinks, opts.warn
            )
        )
        return Chain([one(f, opts.input_format) for f in files], text)
    if path.is_file():
        return one(text, _kind(text) if opts.input_format == "auto" else opts.input_format)
    if _GLOB_CHARS.search(text):
        files = sorted(f for f in globlib.glob(text, recursive=True) if Path(f).is_file())
        if not files:
            raise textio.InputError(f"{text}: no file matches")
        kinds = {(_kind(f) if opts.input_format == "auto" else opts.input_format) for f in files}
        if kinds == {"txt"}:
            return TextFiles((Path(f) for f in files), _static_root(text), opts.encoding, text, opts.max_chars)
        if len(kinds) > 1:
            raise textio.InputError(f"{text}: matches files of different kinds ({', '.join(sorted(kinds))})")
        kind = kinds.pop()
        return Chain([one(f, kind) for f in files], text)
    raise textio.InputError(f"{text}: no such file or directory")
