"""Gold folders: ``NNN.txt`` articles beside their ``NNN.json`` deal records."""

from __future__ import annotations

from pathlib import Path

from ..schema import GoldArticle


def gold_articles(gold_dir: Path) -> list[tuple[str, str, GoldArticle]]:
    """(id, text, GoldArticle) for every NNN.json with its NNN.txt beside it, in name order."""
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        txt = path.with_suffix(".txt")
        if not txt.is_file():
            continue
        gold = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        out.append((path.stem, txt.read_text(encoding="utf-8"), gold))
    return out
