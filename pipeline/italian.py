"""Closed-class Italian words, one place for every stage: ``patterns/it/italian.jsonl`` as frozensets.

A stage that needs a narrower set builds it from these classes (``words("articulated_preposition", base="di")``)
rather than writing the words again. The constants below are read when this module is imported: rows of an
``italian.jsonl`` in a user rule folder count when ``ACCORDI_PATTERNS`` names the folder before accordi is imported.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .resources import ITALIAN_CLASSES as CLASSES
from .resources import load_jsonl

FILE = "italian.jsonl"


@lru_cache(maxsize=None)
def words(cls: str, number: Optional[str] = None, base: Optional[str] = None) -> frozenset[str]:
    """The words of a class, optionally only those of one ``number`` (singular | plural) or ``base``."""
    if cls not in CLASSES:
        raise KeyError(f"{FILE} has no class {cls!r}")
    return frozenset(
        w
        for row in load_jsonl(FILE)
        if row["class"] == cls
        and (number is None or row.get("number") == number)
        and (base is None or row.get("base") == base)
        for w in row["words"]
    )


DEFINITE_ARTICLES = words("definite_article")
SINGULAR_ARTICLES = words("definite_article", number="singular")
INDEFINITE_ARTICLES = words("indefinite_article")
ARTICLES = DEFINITE_ARTICLES | INDEFINITE_ARTICLES
PREPOSITIONS = words("preposition")
ELIDED_PREPOSITIONS = words("elided_preposition")
ARTICULATED_PREPOSITIONS = words("articulated_preposition")
DEMONSTRATIVES = words("demonstrative")
ANAPHORIC_ADJECTIVES = words("anaphoric_adjective")
POSSESSIVES = words("possessive")
INDEFINITE_DETERMINERS = words("indefinite_determiner")
COPULAS = words("copula")
CLAUSE_OPENERS = words("clause_opener")
REFLEXIVE_PRONOUNS = words("reflexive_pronoun")
RELATIVE_PRONOUNS = words("relative_pronoun")
# simple and articulated prepositions (not the elided "d'")
PREPOSITION_FORMS = PREPOSITIONS | ARTICULATED_PREPOSITIONS
# "di" in every form: "di", "d'", "del", "della", "degli"...
OF = frozenset({"di"}) | ELIDED_PREPOSITIONS | words("articulated_preposition", base="di")


def leading_article(*extra: str) -> re.Pattern:
    """A definite article opening a text: a word article needs a space after it ("Il Sole" -> "Sole", but
    "Intesa" keeps its letters), an elided one does not ("l’Eni"). ``extra``: more words taken as articles."""
    full = sorted(w for w in DEFINITE_ARTICLES if not w.endswith(("'", "’")))
    elided = sorted(w for w in DEFINITE_ARTICLES if w.endswith(("'", "’")))
    return re.compile(
        r"^(?:(?:"
        + "|".join(map(re.escape, full + list(extra)))
        + r")\s+|(?:"
        + "|".join(map(re.escape, elided))
        + r")\s*)",
        re.I,
    )
