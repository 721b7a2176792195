"""Comparing organisation names: accents, case, punctuation and legal forms folded away."""

from __future__ import annotations

import re
from functools import lru_cache

from .folding import fold_word, strip_accents
from .italian import leading_article
from .resources import load_jsonl

_ARTICLE = leading_article("the")
_NON_WORD = re.compile(r"[^\w&]+")


@lru_cache(maxsize=1)
def _legal_forms() -> tuple[str, ...]:
    variants = {v for row in load_jsonl("legal_forms.jsonl") for v in row["variants"]}
    folded = {_NON_WORD.sub(" ", strip_accents(v.lower())).strip() for v in variants}
    return tuple(sorted((f for f in folded if f), key=len, reverse=True))


def fold(name: str) -> str:
    """'Poste Italiane S.p.A.' -> 'poste italiane'; 'l’Eni' -> 'eni'. Idempotent."""
    text = _ARTICLE.sub("", fold_word(name))
    text = _NON_WORD.sub(" ", text).strip()
    text = re.sub(r"^(gruppo|group) ", "", text)
    changed = True
    while changed:  # "Alfa Holding S.p.A." loses both
        changed = False
        for form in _legal_forms():
            if text.endswith(" " + form):
                text = text[: -len(form) - 1].rstrip()
                changed = True
    return text
