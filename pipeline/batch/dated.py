"""Publication dates for documents whose input carries none (a folder of .txt files, a JSONL without the field).

First found wins, per document: the input's own date (JSONL/Parquet field); a line of a sidecar ``published.csv``
(columns ``file,published``; ``file`` is the document id, the path relative to the folder, as in the output);
a date in the file name (``2025-03-14-enel.txt``, ``enel_20250314.txt``, ``2025-03/enel.txt``); the run's
``--published DATE``. Every value goes through the one check of :mod:`pipeline.published`: one that is not a
date is dropped with a warning on its document.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, Iterator, Optional

from .. import published as _published, textio
from .sources import Record, Source

SIDECAR = "published.csv"
_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?!\d)|(?<!\d)((?:19|20)\d{2})-(\d{2})(?![\d-])")


def date_in_name(doc_id: str) -> Optional[str]:
    """The last real date in a document's path (``2025-03-14``, ``20250314``, or a ``2025-03`` month), or None."""
    found = None
    for m in _IN_NAME.finditer(doc_id or ""):
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), None)
        value = f"{y}-{mo}" + (f"-{d}" if d else "")
        try:
            found = _published.normalise(value)
        except _published.PublishedError:
            continue
    return found


def read_sidecar(path: Path) -> dict[str, tuple[Optional[str], Optional[str]]]:
    """``file`` -> (date or None, warning or None). Raises InputError for a file without the two columns."""
    out: dict[str, tuple[Optional[str], Optional[str]]] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"file", "published"} <= set(reader.fieldnames):
                raise textio.InputError(f"{path}: needs the columns file,published")
            for row in reader:
                name = (row.get("file") or "").strip()
                if not name:
                    continue
                value, warning = _published.checked((row.get("published") or "").strip())
                out[name] = (value, f"{path.name}:{reader.line_num}: {warning}" if warning else None)
    except (OSError, UnicodeDecodeError) as err:
        raise textio.InputError(f"{path}: cannot read ({err})") from None
    return out


class Dated(Source):
    """``inner`` with a publication date filled in where a document has none (see the module's docstring)."""

    def __init__(
        self, inner: Source, default: Optional[str] = None, sidecar: Optional[Path] = None, from_names: bool = True
    ):
        self.inner = inner
        self.name = getattr(inner, "name", "input")
        self.default = _published.normalise(default)
        self.sidecar = read_sidecar(sidecar) if sidecar is not None and Path(sidecar).is_file() else {}
        self.from_names = from_names

    def __getattr__(self, attr: str) -> Any:  # what else callers ask of the source (its files, its path)
        return getattr(self.inner, attr)

    def count(self) -> Optional[int]:
        return self.inner.count()

    def date_of(self, rec: Record) -> tuple[Optional[str], Optional[str]]:
        if rec.id is not None and rec.id in self.sidecar:
            return self.sidecar[rec.id]
        if self.from_names and rec.id:
            found = date_in_name(rec.id)
            if found:
                return found, None
        return self.default, None

    def iter_from(self, start: int = 0) -> Iterator[Record]:
        for rec in self.inner.iter_from(start):
            if rec.published is None and rec.error is None:
                value, warning = self.date_of(rec)
                if warning:
                    warning = f"{rec.warning}; {warning}" if rec.warning else warning
                rec = rec._replace(published=value, warning=warning or rec.warning)
            yield rec


def dated(source: Source, path: str, default: Optional[str] = None) -> Source:
    """Wrap an opened source: the sidecar is ``published.csv`` in the input folder (if ``path`` is one)."""
    folder = Path(path)
    sidecar = folder / SIDECAR if folder.is_dir() else None
    if default is None and (sidecar is None or not sidecar.is_file()) and not isinstance(source, _NAMED):
        return source
    return Dated(source, default, sidecar, from_names=isinstance(source, _NAMED))


from .sources import TextFiles  # noqa: E402

_NAMED = (TextFiles,)
