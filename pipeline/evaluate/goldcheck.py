"""Checks that a gold file is well formed: what annotators run on their own work (it never runs accordi).

``python -m pipeline.evaluate.goldcheck corpus/real/tune corpus/real/blind`` prints one line per problem
(``file: what is wrong``) and exits 1 when there is any.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Callable, Optional

from pydantic import ValidationError

MAX_EXCERPT = 2000  # characters: real pages are kept as short quotations (corpus/real/README.md)
_DATE_VALUE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-Q[1-4]|-H[12])?$")
_ISO_DURATION = re.compile(r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")


def _is_publication_date(value: str) -> bool:
    from ..published import PublishedError, normalise

    try:
        return normalise(value) == value
    except PublishedError:
        return False


def check_article(
    stem: str, text: str, raw: str, excluded: Optional[Callable[[str], bool]] = None, real: bool = False
) -> list[str]:
    """Problems of one gold file (empty when it is fine). ``real``: a page of corpus/real (url and length)."""
    from ..schema import GoldArticle

    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        return [f"not JSON: {err}"]
    try:
        gold = GoldArticle.model_validate(data)
    except ValidationError as err:
        return [f"not a gold article: {err.errors()[0]['loc']}: {err.errors()[0]['msg']}"]
    problems = []
    if gold.id != stem:
        problems.append(f"id {gold.id!r} is not the file name {stem!r}")
    if gold.published is not None and not _is_publication_date(gold.published):
        problems.append(f"published {gold.published!r} is not YYYY-MM-DD or YYYY-MM")
    if real:
        if not gold.url or not gold.url.startswith(("http://", "https://")):
            problems.append("a real page needs its url")
        elif excluded is not None and excluded(gold.url):
            problems.append("url is on the held-out exclusion list: drop the page")
        if len(text) > MAX_EXCERPT:
            problems.append(f"text is {len(text)} characters (at most {MAX_EXCERPT})")
    folded = text.casefold()
    for n, deal in enumerate(data.get("deals") or []):
        where = f"deal {n + 1}"
        if not deal.get("parties"):
            problems.append(f"{where}: no party")
        for party in deal.get("parties") or []:
            for name in [party.get("name")] + list(party.get("aliases") or []):
                if not name or name.casefold() not in folded:
                    problems.append(f"{where}: party name or alias {name!r} is not in the text")
        for sentence in deal.get("evidence") or []:
            if sentence not in text:
                problems.append(f"{where}: evidence not verbatim in the text: {sentence[:60]!r}")
        if not deal.get("evidence"):
            problems.append(f"{where}: no evidence")
        spans = [deal.get("amount"), deal.get("duration")] + list(deal.get("dates") or [])
        for span in spans:
            if span and span.get("text") and span["text"] not in text:
                problems.append(f"{where}: span text not verbatim in the text: {span['text']!r}")
        for date in deal.get("dates") or []:
            if date.get("value") and not _DATE_VALUE.match(date["value"]):
                problems.append(f"{where}: date value {date['value']!r} is not YYYY[-MM[-DD]], YYYY-Qn or YYYY-Hn")
        duration = deal.get("duration")
        if duration and duration.get("iso") and not _ISO_DURATION.match(duration["iso"]):
            problems.append(f"{where}: duration {duration['iso']!r} is not ISO 8601")
        amount = deal.get("amount")
        if amount and amount.get("upper") is not None and amount["upper"] < amount["value"]:
            problems.append(f"{where}: amount upper below value")
    return problems


def check_folder(folder: Path, excluded=None, real: bool = False) -> list[str]:
    """``path: problem`` lines for every NNN.json of a folder (and .json files missing their .txt)."""
    out = []
    for path in sorted(folder.glob("*.json")):
        txt = path.with_suffix(".txt")
        if not txt.is_file():
            out.append(f"{path}: no {txt.name} beside it")
            continue
        text = txt.read_text(encoding="utf-8")
        out.extend(
            f"{path}: {p}" for p in check_article(path.stem, text, path.read_text(encoding="utf-8"), excluded, real)
        )
    for txt in sorted(folder.glob("*.txt")):
        if not txt.with_suffix(".json").is_file():
            out.append(f"{txt}: no gold file beside it")
    return out


def exclusion_check(shared_eval: Path):
    """``is_excluded`` of ../shared/eval/excluded.py, or None when it is not there."""
    script = shared_eval / "excluded.py"
    if not script.is_file():
        return None
    import importlib.util

    spec = importlib.util.spec_from_file_location("accordi_excluded", script)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.is_excluded


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = Path(__file__).resolve().parents[2]
    excluded = exclusion_check(root.parent / "shared" / "eval")
    problems = []
    for arg in argv:
        folder = Path(arg)
        real = "real" in folder.resolve().parts
        problems.extend(check_folder(folder, excluded, real))
    for line in problems:
        print(line)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
