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


class RuleError(ValueError):
    """A row of a rule file that cannot be used: the message starts with ``file:line:``."""


# file -> (keys a row may have, keys it must have). A typo in a key would otherwise match nothing, silently.
KEYS: dict[str, tuple[frozenset, frozenset]] = {
    "currencies.jsonl": (frozenset({"code", "forms"}), frozenset({"code", "forms"})),
    "dates.jsonl": (frozenset({"cue", "days", "kind", "label", "macro", "offer_role", "pattern", "phrase", "role",
                               "token", "value", "word"}), frozenset()),
    "deals.jsonl": (frozenset({"anaphor_only", "deal_type", "generic", "id", "lemmas", "money_generic", "not_after",
                               "orgs_only", "phrase", "requires", "roles", "single_ok", "strength", "surface",
                               "unless_next"}), frozenset({"id", "deal_type", "roles"})),
    "descriptions.jsonl": (frozenset({"appositive_only", "cities", "country", "kinds", "no_bare", "region", "sectors",
                                      "target", "type", "words"}), frozenset({"type"})),
    "durations.jsonl": (frozenset({"cue", "iso", "label", "macro", "pattern", "phrase", "times", "token", "unit",
                                   "vague", "word"}), frozenset()),
    "legal_forms.jsonl": (frozenset({"form", "variants"}), frozenset({"form", "variants"})),
    "money.jsonl": (frozenset({"cue", "label", "macro", "pattern", "phrase", "token"}), frozenset()),
    "name_lexicon.jsonl": (frozenset({"type", "words"}), frozenset({"type", "words"})),
    "non_deal_amounts.jsonl": (frozenset({"after", "before", "kind"}), frozenset({"kind"})),
    "numbers.jsonl": (frozenset({"elided", "kind", "value", "word"}), frozenset({"kind", "value", "word"})),
    "organizations.jsonl": (frozenset({"aliases", "cities", "country", "epithets", "kind", "name", "parent", "people",
                                       "products", "sectors", "weak"}), frozenset({"name", "kind"})),
    "party_context.jsonl": (frozenset({"any_sentence", "cues", "excluded", "kinds", "sectors", "side", "window"}),
                            frozenset({"cues", "excluded"})),
    "roles.jsonl": (frozenset({"list", "map", "words"}), frozenset({"list"})),
    "status.jsonl": (frozenset({"pattern", "rank", "scope", "status"}), frozenset({"pattern", "rank", "scope", "status"})),
}


def _enums() -> dict[str, dict[str, frozenset]]:
    from typing import get_args

    from .schema import DateRole, DealType, Role, Status

    return {
        "deals.jsonl": {"deal_type": frozenset(get_args(DealType)), "roles": frozenset(get_args(Role))},
        "status.jsonl": {"status": frozenset(get_args(Status)), "scope": frozenset({"sentence", "near"})},
        "dates.jsonl": {"role": frozenset(get_args(DateRole))},
    }


# regular expressions compiled as written (the dimension files use @macros and are compiled by their loaders)
_REGEX_KEYS = {"deals.jsonl": ("surface", "phrase", "unless_next"), "status.jsonl": ("pattern",),
               "non_deal_amounts.jsonl": ("before", "after")}


def _leaves(value) -> list:
    """The values of a (nested) mapping: roles map a slot to a role, or "passive" to another such mapping."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    return [value]


def check_row(name: str, row, where: str) -> None:
    """Raise :class:`RuleError` (``where`` is ``file:line``) for a row with an unknown or missing key, a value
    outside its enumeration, or a regular expression that does not compile."""
    import re

    if not isinstance(row, dict):
        raise RuleError(f"{where}: a row is a JSON object")
    allowed, required = KEYS.get(name, (None, frozenset()))
    if allowed is not None and set(row) - allowed:
        raise RuleError(f"{where}: unknown key(s) {sorted(set(row) - allowed)}; allowed: {sorted(allowed)}")
    if set(required) - set(row):
        raise RuleError(f"{where}: missing key(s) {sorted(set(required) - set(row))}")
    for key, values in _enums().get(name, {}).items():
        if key not in row:
            continue
        given = _leaves(row[key])
        bad = [v for v in given if v not in values]
        if bad:
            raise RuleError(f"{where}: {key} {bad[0]!r} is not one of {sorted(values)}")
    for key in _REGEX_KEYS.get(name, ()):
        for pattern in row.get(key) if isinstance(row.get(key), list) else [row.get(key)]:
            if pattern is None:
                continue
            try:
                re.compile(pattern)
            except (re.error, TypeError) as err:
                raise RuleError(f"{where}: {key} is not a regular expression: {err}") from None


@lru_cache(maxsize=None)
def load_jsonl(name: str) -> tuple[dict, ...]:
    """Read ``patterns/NAME`` (one JSON object per line; blank lines and // comments skipped), each row checked
    by :func:`check_row`."""
    path = patterns_dir() / name
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise RuleError(f"{path}:{number}: {err.msg}") from None
            check_row(name, row, f"{path}:{number}")
            rows.append(row)
    return tuple(rows)
