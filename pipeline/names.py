"""Comparing organisation names: accents, case, punctuation and legal forms folded away."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .resources import load_jsonl

# A word article needs a space after it ("Il Sole" -> "Sole", but "Intesa" and "Leonardo" keep their letters).
_ARTICLE = re.compile(r"^(?:(?:il|lo|la|i|gli|le|the)\s+|l['’]\s*)", re.I)
_NON_WORD = re.compile(r"[^\w&]+")


@lru_cache(maxsize=1)
def _legal_forms() -> tuple[str, ...]:
    variants = {v for row in load_jsonl("legal_forms.jsonl") for v in row["variants"]}
    folded = {_NON_WORD.sub(" ", strip_accents(v.lower())).strip() for v in variants}
    return tuple(sorted((f for f in folded if f), key=len, reverse=True))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(name: str) -> str:
    """'Poste Italiane S.p.A.' -> 'poste italiane'; 'l’Eni' -> 'eni'. Idempotent."""
    text = strip_accents(name).replace("’", "'").strip()
    text = _ARTICLE.sub("", text)
    text = _NON_WORD.sub(" ", text.lower()).strip()
    text = re.sub(r"^(gruppo|group) ", "", text)
    changed = True
    while changed:  # "Alfa Holding S.p.A." loses both
        changed = False
        for form in _legal_forms():
            if text.endswith(" " + form):
                text = text[: -len(form) - 1].rstrip()
                changed = True
    return text
