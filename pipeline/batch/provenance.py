"""What an output was made from: a sidecar file beside it, so that ``--resume`` refuses to continue an output
made with another model or from another input (ids that happen to coincide are not enough).

The sidecar of ``out.jsonl`` is ``out.jsonl.accordi.json``; of a Parquet folder, ``DIR/accordi.json``:
``{"model": the --model asked for, "input": a fingerprint of the input}``. An input fingerprint is made of
what is cheap to read: for a folder of text files their ids and sizes, for a JSONL or Parquet file its size and
its first MiB. Standard input and Python iterables have none (only the last-id check applies to them).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable, Optional

from .sinks import OutputError
from .sources import Chain, Source, TextFiles

_HEAD = 1 << 20


def fingerprint(src: Source) -> Optional[str]:
    """A digest that changes when the input does, or None when the input cannot be named (stdin, items)."""
    digest = hashlib.sha256()
    if isinstance(src, TextFiles):
        for rid, path in src.files:
            digest.update(f"{rid}\t{_size(path)}\n".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()
    parts = src.parts if isinstance(src, Chain) else [src]
    paths = [p for part in parts for p in part.paths()]
    if not paths or len(paths) != len(parts):  # stdin, a Python iterable
        return None
    for path in paths:
        digest.update(f"{_size(path)}\n".encode())
        try:
            with open(path, "rb") as fh:
                digest.update(hashlib.sha256(fh.read(_HEAD)).digest())
        except OSError:
            pass
    return digest.hexdigest()


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def sidecar(output: Any, fmt: str) -> Optional[Path]:
    if not isinstance(output, (str, Path)) or str(output) == "-":
        return None
    if os.path.exists(output) and not (os.path.isfile(output) or os.path.isdir(output)):
        return None  # a device or a pipe (/dev/null, /dev/full): nothing to resume
    return Path(output) / "accordi.json" if fmt == "parquet" else Path(f"{output}.accordi.json")


def describe(model: Optional[str], src: Source) -> dict:
    return {"model": model or "default", "input": fingerprint(src)}


def check(path: Optional[Path], made: dict, warn: Optional[Callable[[str], None]]) -> None:
    """Raise OutputError when the output at ``path``'s sidecar was made with another model or input."""
    if path is None:
        return
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if warn:
            warn(
                f"{path} is missing: cannot tell which model and input made this output; resuming on the last id alone"
            )
        return
    except (OSError, ValueError):
        raise OutputError(f"{path}: unreadable; delete it to resume on the last id alone") from None
    if old.get("model") != made["model"]:
        raise OutputError(
            f"the output was made with --model {old.get('model')!r}, not {made['model']!r}: run with that model, "
            f"or --overwrite to start again"
        )
    if old.get("input") and made["input"] and old["input"] != made["input"]:
        raise OutputError(
            "the output was made from another input (or the input has changed since): name the same input, "
            "or --overwrite to start again"
        )


def record(path: Optional[Path], made: dict) -> None:
    if path is None:
        return
    from .sinks import cannot_open

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(made) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as err:
        raise cannot_open(str(path), err) from None
