"""Where the rule files live, installed or in a source checkout, and how they are read.

User rules: folders named by :func:`use_patterns` (``Extractor(patterns=...)``, ``--patterns DIR``) or by the
``ACCORDI_PATTERNS`` environment variable (folders joined by ``os.pathsep``) hold JSONL files named like the
shipped ones (``organizations.jsonl``, ``deals.jsonl``, …); their rows are read after the shipped rows of the
same file. Each row is checked when it is loaded against the keys and value types of the shipped rows, and a
bad one is a :class:`PatternError` naming ``file:line``.
"""
from __future__ import annotations

import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Union

_PACKAGE = Path(__file__).resolve().parent
ENV = "ACCORDI_PATTERNS"
_REGEX_KEYS = {"surface", "unless_next", "pattern", "before", "after"}
# Keys a row cannot do without, where fewer than every shipped row has (the rest is optional).
_REQUIRED = {"organizations.jsonl": {"name"}, "deals.jsonl": {"id", "deal_type"}}


class PatternError(ValueError):
    """A user rule file that cannot be used; the message is one line naming ``file:line``."""


def patterns_dir() -> Path:
    # A wheel carries patterns/ inside the package; a source checkout keeps it at the top.
    for candidate in (_PACKAGE / "patterns", _PACKAGE.parent / "patterns"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("accordi's patterns/ folder is missing from this installation")


def _read(path: Path, error=ValueError) -> list[tuple[int, object]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as err:
                raise error(f"{path}:{number}: {err.msg}") from None
    return rows


@lru_cache(maxsize=None)
def _shipped(name: str) -> tuple[dict, ...]:
    return tuple(row for _, row in _read(patterns_dir() / name))


def user_dirs() -> list[Path]:
    return [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p]


@lru_cache(maxsize=None)
def _load(name: str, user: str) -> tuple[dict, ...]:
    rows = list(_shipped(name))
    for folder in (Path(p) for p in user.split(os.pathsep) if p):
        path = folder / name
        if path.is_file():
            rows.extend(check_rows(path))
    return tuple(rows)


def load_jsonl(name: str) -> tuple[dict, ...]:
    """Read ``patterns/NAME`` (one JSON object per line; blank lines and // comments skipped), then the rows of
    a file of the same name in each user folder (``ACCORDI_PATTERNS``)."""
    return _load(name, os.environ.get(ENV, ""))


load_jsonl.cache_clear = _load.cache_clear  # type: ignore[attr-defined]  (callers cleared the old cache)


def _json_type(value) -> str:
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "list", dict: "object",
            type(None): "null"}.get(type(value), type(value).__name__)


@lru_cache(maxsize=None)
def _shape(name: str) -> dict[str, set]:
    """key -> the JSON types the shipped rows of ``name`` give it."""
    shape: dict[str, set] = {}
    for row in _shipped(name):
        for key, value in row.items():
            shape.setdefault(key, set()).add(_json_type(value))
    return shape


def check_rows(path: Path) -> list[dict]:
    """The rows of a user rule file, each checked against the shipped file of the same name."""
    path = Path(path)
    shipped = patterns_dir() / path.name
    if not shipped.is_file():
        known = ", ".join(sorted(p.name for p in patterns_dir().glob("*.jsonl")))
        raise PatternError(f"{path}: accordi has no rule file of this name (it reads {known})")
    shape = _shape(path.name)
    required = _REQUIRED.get(path.name)
    if required is None:  # otherwise: the keys every shipped row has
        required = set.intersection(*(set(r) for r in _shipped(path.name))) if _shipped(path.name) else set()
    rows = []
    for number, row in _read(path, PatternError):
        where = f"{path}:{number}"
        if not isinstance(row, dict):
            raise PatternError(f"{where}: a rule is a JSON object, got {_json_type(row)}")
        unknown = sorted(set(row) - set(shape))
        if unknown:
            raise PatternError(f"{where}: unknown key {unknown[0]!r} (keys of {path.name}: {', '.join(sorted(shape))})")
        missing = sorted(required - set(row))
        if missing:
            raise PatternError(f"{where}: missing key {missing[0]!r}")
        for key, value in row.items():
            kinds = shape[key]
            kind = _json_type(value)
            if kind not in kinds and not (kind == "null" or "null" in kinds):
                raise PatternError(f"{where}: {key!r} should be {' or '.join(sorted(kinds))}, got {kind}")
            if key in _REGEX_KEYS and isinstance(value, str):
                try:
                    re.compile(value)
                except re.error as err:
                    raise PatternError(f"{where}: {key!r} is not a valid regular expression ({err})") from None
        rows.append(row)
    return rows


def check_folder(folder: Union[str, Path]) -> int:
    """Check every ``*.jsonl`` of a user rule folder; returns the number of rows. Raises PatternError."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PatternError(f"{folder}: not a folder of rule files")
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise PatternError(f"{folder}: no .jsonl rule files in it")
    return sum(len(check_rows(f)) for f in files)


def clear_caches() -> None:
    """Forget every rule table accordi compiled, so the next pipeline built reads the rule files again."""
    for name, module in list(sys.modules.items()):
        if not (name == "pipeline" or name.startswith("pipeline.")) or module is None:
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
    _load.cache_clear()


def use_patterns(folders: Union[None, str, Path, Iterable[Union[str, Path]]]) -> list[Path]:
    """Add user rule folders (on top of the shipped rules) for this process and the worker processes it starts.
    Every file is checked first; tables already compiled are forgotten, so the pipeline built next uses them."""
    if folders is None:
        return []
    items = [folders] if isinstance(folders, (str, Path)) else list(folders)
    paths = [Path(f).resolve() for f in items]
    for path in paths:
        check_folder(path)
    current = user_dirs()
    merged = current + [p for p in paths if p not in current]
    os.environ[ENV] = os.pathsep.join(str(p) for p in merged)
    clear_caches()
    return merged
