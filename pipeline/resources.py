"""Where the rule files live, installed or in a source checkout, and how they are read."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def patterns_dir() -> Path:
    # A wheel carries patterns/ inside the package; a source checkout keeps it at the top.
    for candidate in (_PACKAGE / "patterns", _PACKAGE.parent / "patterns"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("accordi's patterns/ folder is missing from this installation")


@lru_cache(maxsize=None)
def load_jsonl(name: str) -> tuple[dict, ...]:
    """Read ``patterns/NAME`` (one JSON object per line; blank lines and // comments skipped)."""
    path = patterns_dir() / name
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: {err.msg}") from None
    return tuple(rows)
