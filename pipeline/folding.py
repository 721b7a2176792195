"""Text folding (case, accents, apostrophes), one module for every stage.

Two folds, because their callers have always compared different things and changing either would change
outputs: :func:`fold_word` keys the parties' word lists and gazetteer (only the curly apostrophe is made
plain, ends are stripped); :func:`fold_text` reads amounts, dates and durations in running text, where every
typographic apostrophe (’ ‘ ` ´ ʼ) counts as ' and offsets must survive (no strip). ``pipeline.names.fold``
builds on :func:`fold_word` to compare organisation names (articles and legal forms dropped too).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

APOSTROPHES = "’‘`´ʼ"


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def fold_word(text: str) -> str:
    """Lower case, accents and curly apostrophes folded, ends stripped: the key of the word lists."""
    return strip_accents(text.replace("’", "'")).lower().strip()


def fold_text(text: str) -> str:
    """Lower case, accents stripped, typographic apostrophes made plain; length kept for one-character input."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for ch in APOSTROPHES:
        text = text.replace(ch, "'")
    return text.lower().replace("\u00a0", " ")
