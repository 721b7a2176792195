"""Agreement between two independent annotations of the same articles, scored with ``accordi eval``'s matching.

``python -m pipeline.evaluate.agreement DIR_A DIR_B`` treats A as predictions and B as gold over the ids both hold
and prints aggregates only: record F1, status, role, type and amount agreement on matched records.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .score import Scores


def agreement(dir_a: Path, dir_b: Path) -> dict:
    from ..schema import GoldArticle

    scores = Scores()
    for path_b in sorted(dir_b.glob("*.json")):
        path_a = dir_a / path_b.name
        if not path_a.is_file():
            continue
        a = GoldArticle.model_validate_json(path_a.read_text(encoding="utf-8"))
        b = GoldArticle.model_validate_json(path_b.read_text(encoding="utf-8"))
        scores.add_article(path_b.stem, a.deals, b.deals)
    d = scores.as_dict()
    return {
        "articles": d["articles"],
        "records": d["records"],
        "status_agreement": d["status_accuracy"],
        "role_agreement": d["role_accuracy"],
        "type_agreement": d["type_accuracy"],
        "amount_agreement": d["amount"],
        "parties_all_records": d["parties_all_records"],
        "status_confusion": d["status_confusion"],
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m pipeline.evaluate.agreement DIR_A DIR_B", file=sys.stderr)
        return 2
    print(json.dumps(agreement(Path(argv[0]), Path(argv[1])), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
