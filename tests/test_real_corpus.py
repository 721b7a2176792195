"""corpus/real: every gold file well formed, no held-out page, the split as its rule says (corpus/real/README.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.evaluate.goldcheck import check_folder, exclusion_check
from pipeline.evaluate.realsplit import PARTS, part_of

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"
EXCLUDED = exclusion_check(ROOT.parent / "shared" / "eval")


def _golds():
    return [(part, path) for part in PARTS for path in sorted((REAL / part).glob("*.json"))]


@pytest.mark.parametrize("part", PARTS)
def test_gold_files_are_well_formed(part):
    assert check_folder(REAL / part, EXCLUDED, real=True) == []


@pytest.mark.skipif(EXCLUDED is None, reason="../shared/eval is not here")
def test_no_page_of_the_held_out_set():
    urls = [json.loads(p.read_text(encoding="utf-8"))["url"] for _, p in _golds()]
    assert urls and not [u for u in urls if EXCLUDED(u)]


def test_each_article_sits_in_the_part_its_url_gives():
    misplaced = [p.name for part, p in _golds() if part_of(json.loads(p.read_text(encoding="utf-8"))["url"]) != part]
    assert misplaced == []


def test_split_md_lists_exactly_the_articles():
    text = (REAL / "SPLIT.md").read_text(encoding="utf-8")
    for part in PARTS:
        block = text.split(f"## {part} (")[1].split("\n\n")[1]
        assert set(re.findall(r"\d{3}", block)) == {p.stem for p in (REAL / part).glob("*.json")}


def test_ids_and_urls_are_unique():
    golds = _golds()
    stems = [p.stem for _, p in golds]
    urls = [json.loads(p.read_text(encoding="utf-8"))["url"] for _, p in golds]
    assert len(stems) == len(set(stems)) and len(urls) == len(set(urls))


def test_size_and_negatives():
    deals = [len(json.loads(p.read_text(encoding="utf-8"))["deals"]) for _, p in _golds()]
    assert sum(1 for n in deals if n) >= 150 and sum(1 for n in deals if not n) >= 20


def test_part_of_is_fixed_by_the_normalised_url():
    assert part_of("https://www.example.com/a/") == part_of("http://example.com/a#top")
    share = sum(part_of(f"https://example.com/{i}") == "tune" for i in range(2000)) / 2000
    assert 0.55 < share < 0.65
