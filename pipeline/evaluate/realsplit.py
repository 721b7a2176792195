"""The tune / blind split of corpus/real, fixed by each page's URL (corpus/real/README.md).

``python -m pipeline.evaluate.realsplit`` moves every NNN.txt + NNN.json of ``corpus/real/incoming`` into ``tune/``
or ``blind/`` (never reading the text), refuses an id already placed, and rewrites ``SPLIT.md``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

PARTS = ("tune", "blind")
TUNE_SHARE = 60  # percent


def normalise_url(url: str) -> str:
    """The normalisation of ../shared/eval/excluded.py: no scheme, no 'www.', no fragment, no trailing '/'."""
    u = re.sub(r"^[a-z]+://", "", url.strip().lower())
    u = re.sub(r"^www\.", "", u)
    return u.split("#")[0].rstrip("/")


def part_of(url: str) -> str:
    bucket = int(hashlib.sha256(normalise_url(url).encode()).hexdigest()[:8], 16) % 100
    return "tune" if bucket < TUNE_SHARE else "blind"


def place(real: Path) -> list[str]:
    """Move incoming articles into their part; returns what was done, one line each."""
    incoming, done = real / "incoming", []
    placed = {p.stem for part in PARTS for p in (real / part).glob("*.json")}
    for gold in sorted(incoming.glob("*.json")) if incoming.is_dir() else []:
        txt = gold.with_suffix(".txt")
        if not txt.is_file():
            done.append(f"skipped {gold.name}: no {txt.name}")
            continue
        if gold.stem in placed:
            done.append(f"skipped {gold.name}: id already placed")
            continue
        url = json.loads(gold.read_text(encoding="utf-8")).get("url") or ""
        part = part_of(url)
        (real / part).mkdir(exist_ok=True)
        gold.rename(real / part / gold.name)
        txt.rename(real / part / txt.name)
        placed.add(gold.stem)
        done.append(f"{gold.stem} -> {part}")
    write_split(real)
    return done


def write_split(real: Path) -> None:
    lines = [
        "# The split of corpus/real",
        "",
        f"Fixed by URL (`python -m pipeline.evaluate.realsplit`, rule in README.md): {TUNE_SHARE} % tune, the rest "
        "blind. Blind articles are scored only in aggregate.",
        "",
    ]
    for part in PARTS:
        ids = sorted(p.stem for p in (real / part).glob("*.json"))
        lines += [f"## {part} ({len(ids)})", "", " ".join(ids) or "(none)", ""]
    (real / "SPLIT.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    real = Path(__file__).resolve().parents[2] / "corpus" / "real"
    for line in place(real):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
