"""Where the rule files live, installed or in a source checkout, and how they are read.

User rules: folders named by :func:`use_patterns` (``Extractor(patterns=...)``, ``--patterns DIR``) or by the
``ACCORDI_PATTERNS`` environment variable (folders joined by ``os.pathsep``) hold JSONL files named like the
shipped ones (``organizations.jsonl``, ``deals.jsonl``, …); their rows are read after the shipped rows of the
same file. Every row, shipped or the user's, is checked when it is loaded (:func:`check_row`: the keys its file
allows and needs, the values the output schema allows, regular expressions that compile; the user's rows also the
value types of the shipped rows), and a bad one is a :class:`RuleError` naming ``file:line``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional, Union

_PACKAGE = Path(__file__).resolve().parent
ENV = "ACCORDI_PATTERNS"
# The language of the rules: patterns/<LANGUAGE>/ holds its rule files (a second language is a second folder).
LANGUAGE = "it"


class RuleError(ValueError):
    """A rule row that cannot be used (shipped or the user's); the message is one line naming ``file:line``."""


# file -> (keys a row may have, keys it must have). A typo in a key would otherwise match nothing, silently.
KEYS: dict[str, tuple[frozenset, frozenset]] = {
    "boilerplate.jsonl": (frozenset({"id", "pattern"}), frozenset({"id", "pattern"})),
    "currencies.jsonl": (frozenset({"code", "forms"}), frozenset({"code", "forms"})),
    "dates.jsonl": (
        frozenset(
            {
                "cue",
                "days",
                "kind",
                "label",
                "macro",
                "offer_role",
                "pattern",
                "phrase",
                "role",
                "token",
                "value",
                "word",
            }
        ),
        frozenset(),
    ),
    "deal_types.jsonl": (
        frozenset(
            {
                "bank_role",
                "borrowing_verbs",
                "deal_type",
                "default_status",
                "goods_contract",
                "headline_any_type",
                "listed_investors",
                "winning_verbs",
                "one_target_each",
                "parents_in_name",
                "perfect_status",
                "symmetric",
            }
        ),
        frozenset({"deal_type", "default_status", "perfect_status", "symmetric"}),
    ),
    "deals.jsonl": (
        frozenset(
            {
                "agreement",
                "anaphor_only",
                "bid",
                "deal_type",
                "frame",
                "generic",
                "goods",
                "id",
                "intent",
                "lemmas",
                "money_generic",
                "not_after",
                "orgs_only",
                "phrase",
                "requires",
                "roles",
                "single_ok",
                "strength",
                "surface",
                "title_ok",
                "unless_next",
            }
        ),
        frozenset({"id", "deal_type"}),
    ),
    "descriptions.jsonl": (
        frozenset(
            {"appositive_only", "cities", "country", "kinds", "no_bare", "region", "sectors", "target", "type", "words"}
        ),
        frozenset({"type"}),
    ),
    "durations.jsonl": (
        frozenset({"cue", "iso", "label", "macro", "pattern", "phrase", "times", "token", "unit", "vague", "word"}),
        frozenset(),
    ),
    "italian.jsonl": (frozenset({"base", "class", "number", "words"}), frozenset({"class", "words"})),
    "legal_forms.jsonl": (frozenset({"form", "variants"}), frozenset({"form", "variants"})),
    "money.jsonl": (frozenset({"cue", "label", "macro", "pattern", "phrase", "token"}), frozenset()),
    "name_lexicon.jsonl": (frozenset({"type", "words"}), frozenset({"type", "words"})),
    "non_deal_amounts.jsonl": (frozenset({"after", "before", "kind"}), frozenset({"kind"})),
    "numbers.jsonl": (frozenset({"elided", "kind", "value", "word"}), frozenset({"kind", "value", "word"})),
    "organizations.jsonl": (
        frozenset(
            {
                "aliases",
                "cities",
                "country",
                "epithets",
                "kind",
                "name",
                "parent",
                "people",
                "products",
                "sectors",
                "weak",
            }
        ),
        frozenset({"name"}),
    ),
    "party_context.jsonl": (
        frozenset({"any_sentence", "cues", "excluded", "kinds", "sectors", "side", "window"}),
        frozenset({"cues", "excluded"}),
    ),
    "roles.jsonl": (frozenset({"list", "map", "words"}), frozenset({"list"})),
    "status.jsonl": (
        frozenset({"pattern", "rank", "scope", "status"}),
        frozenset({"pattern", "rank", "scope", "status"}),
    ),
}
# the word classes of italian.jsonl (pipeline/italian.py)
ITALIAN_CLASSES = frozenset(
    {
        "definite_article",
        "indefinite_article",
        "preposition",
        "elided_preposition",
        "articulated_preposition",
        "demonstrative",
        "anaphoric_adjective",
        "possessive",
        "indefinite_determiner",
        "copula",
        "clause_opener",
        "reflexive_pronoun",
        "relative_pronoun",
    }
)
# regular expressions compiled as written (the dimension files use @macros and are compiled by their loaders)
_REGEX_KEYS = {
    "boilerplate.jsonl": ("pattern",),
    "deals.jsonl": ("surface", "phrase", "unless_next"),
    "status.jsonl": ("pattern",),
    "non_deal_amounts.jsonl": ("before", "after"),
}


def _enums() -> dict[str, dict[str, frozenset]]:
    from typing import get_args

    from .schema import DateRole, DealType, Role, Status

    return {
        "italian.jsonl": {"class": ITALIAN_CLASSES, "number": frozenset({"singular", "plural"})},
        "deals.jsonl": {"deal_type": frozenset(get_args(DealType)), "roles": frozenset(get_args(Role))},
        "deal_types.jsonl": {
            "deal_type": frozenset(get_args(DealType)),
            "default_status": frozenset(get_args(Status)),
            "perfect_status": frozenset(get_args(Status)),
            "bank_role": frozenset(get_args(Role)),
        },
        "status.jsonl": {"status": frozenset(get_args(Status)), "scope": frozenset({"sentence", "near"})},
        "dates.jsonl": {"role": frozenset(get_args(DateRole))},
    }


_ACCENTED = {"à": "a", "è": "e", "é": "e", "ì": "i", "ò": "o", "ù": "u"}


def accent_tolerant(pattern: str) -> str:
    """``pattern`` with each accented vowel outside a character class also matching the vowel and an apostrophe or
    backquote: wire copy typed without accents writes "e' stata" for "è stata" and "sara'" for "sarà"."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif not in_class and ch.lower() in _ACCENTED:
            ch = f"(?:{ch}|{_ACCENTED[ch.lower()]}['’`])"
        out.append(ch)
        i += 1
    return "".join(out)


def _leaves(value) -> list:
    """The values of a (nested) mapping: roles map a slot to a role, or "passive" to another such mapping."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    return [value]


def check_row(name: str, row, where: str, shape: dict | None = None) -> None:
    """Raise :class:`RuleError` (``where`` is ``file:line``) for a row with an unknown or missing key, a value
    outside its enumeration, a regular expression that does not compile, or (``shape``: key -> JSON types, for
    the user's rows) a value of another type than the shipped rows give that key."""
    if not isinstance(row, dict):
        raise RuleError(f"{where}: a rule is a JSON object, got {_json_type(row)}")
    allowed, required = KEYS.get(name, (None, frozenset()))
    unknown = sorted(set(row) - allowed) if allowed is not None else []
    if allowed is not None and unknown:
        raise RuleError(f"{where}: unknown key {unknown[0]!r} (keys of {name}: {', '.join(sorted(allowed))})")
    missing = sorted(set(required) - set(row))
    if missing:
        raise RuleError(f"{where}: missing key {missing[0]!r}")
    for key, value in row.items():
        kinds = (shape or {}).get(key)
        kind = _json_type(value)
        if kinds and kind not in kinds and not (kind == "null" or "null" in kinds):
            raise RuleError(f"{where}: {key!r} should be {' or '.join(sorted(kinds))}, got {kind}")
    for key, values in _enums().get(name, {}).items():
        bad = [v for v in _leaves(row.get(key)) if key in row and v not in values]
        if bad:
            raise RuleError(f"{where}: {key} {bad[0]!r} is not one of {sorted(values)}")
    for key in _REGEX_KEYS.get(name, ()):
        value = row.get(key)
        for pattern in value if isinstance(value, list) else [value]:
            if pattern is None:
                continue
            try:
                re.compile(pattern)
            except (re.error, TypeError) as err:
                raise RuleError(f"{where}: {key!r} is not a valid regular expression ({err})") from None


# A rule file's examples sit beside it (``money.jsonl`` -> ``money.cases.jsonl``): text, the Doc attribute read
# (``Doc._.<in>``, or several: their items together), the publication date (``published``, null for none),
# and either ``expect`` (some item holds these values) or ``expect_none`` (``true``: no item at
# all; an object: no item holds these values). ``model`` "blank" runs the pipeline without its NER model.
CASES_SUFFIX = ".cases.jsonl"
CASE_KEYS = (
    frozenset({"text", "in", "expect", "expect_none", "model", "published", "rules_only"}),
    frozenset({"text", "in"}),
)


def is_cases_file(path: Union[str, Path]) -> bool:
    return Path(path).name.endswith(CASES_SUFFIX)


def check_case(row, where: str) -> None:
    """Raise :class:`RuleError` (``where`` is ``file:line``) for an example row that cannot be run."""
    from .extensions import DOC_ATTRIBUTES

    if not isinstance(row, dict):
        raise RuleError(f"{where}: an example is a JSON object, got {_json_type(row)}")
    allowed, required = CASE_KEYS
    unknown = sorted(set(row) - allowed)
    if unknown:
        raise RuleError(f"{where}: unknown key {unknown[0]!r} (keys of a cases file: {', '.join(sorted(allowed))})")
    missing = sorted(set(required) - set(row))
    if missing:
        raise RuleError(f"{where}: missing key {missing[0]!r}")
    if ("expect" in row) == ("expect_none" in row):
        raise RuleError(f"{where}: an example has either 'expect' or 'expect_none'")
    lists = set(DOC_ATTRIBUTES) - {"published"}
    for name in row["in"] if isinstance(row["in"], list) and row["in"] else [row["in"]]:
        if not isinstance(name, str) or name not in lists:
            raise RuleError(f"{where}: in {name!r} is not one of {sorted(lists)}")
    if (
        not isinstance(row.get("expect", {}), dict)
        or row.get("expect_none", True) is not True
        and not isinstance(row["expect_none"], dict)
    ):
        raise RuleError(f"{where}: 'expect' is an object, 'expect_none' true or an object")
    if not isinstance(row.get("published", ""), (str, type(None))):
        raise RuleError(f"{where}: 'published' is a date YYYY-MM-DD or null")
    if row.get("model", "blank") != "blank":
        raise RuleError(f"{where}: model {row['model']!r} is not 'blank' (leave it out for the default model)")
    if not isinstance(row.get("rules_only", False), bool):
        raise RuleError(f"{where}: 'rules_only' is true or false")


def read_cases(path: Path) -> list[tuple[int, dict]]:
    """(line number, row) for every example of a cases file, each checked (:func:`check_case`)."""
    rows = list(_json_lines(Path(path)))
    for number, row in rows:
        check_case(row, f"{path}:{number}")
    return rows


def _json_lines(path: Path) -> Iterable[tuple[int, Any]]:
    """(line number, value) of every JSON line of a rule or cases file; blank lines and // comments skipped."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as err:
                raise RuleError(f"{path}:{number}: {err.msg}") from None


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a folder (its ``*.jsonl`` but the examples beside them)."""
    return sorted(p for p in Path(folder).glob("*.jsonl") if not is_cases_file(p))


def patterns_dir(language: str = LANGUAGE) -> Path:
    """The folder of the rule files of ``language`` (``patterns/it/``)."""
    # A wheel carries patterns/ inside the package; a source checkout keeps it at the top.
    for candidate in (_PACKAGE / "patterns" / language, _PACKAGE.parent / "patterns" / language):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"accordi's patterns/{language}/ folder is missing from this installation")


def _read(path: Path, shape: dict | None = None) -> list[dict]:
    rows = []
    for number, row in _json_lines(path):
        check_row(path.name, row, f"{path}:{number}", shape)
        rows.append(row)
    return rows


@lru_cache(maxsize=None)
def _shipped(name: str) -> tuple[dict, ...]:
    return tuple(_read(patterns_dir() / name))


def user_dirs() -> list[Path]:
    return [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p]


@lru_cache(maxsize=None)
def _load(name: str, user: str) -> tuple[dict, ...]:
    rows = list(_shipped(name))
    for folder in (Path(p) for p in user.split(os.pathsep) if p):
        path = folder / name
        if path.is_file():
            rows.extend(check_rows(path))
    return tuple(rows)


def load_jsonl(name: str, user: Optional[str] = None) -> tuple[dict, ...]:
    """Read ``patterns/<LANGUAGE>/NAME`` (one JSON object per line; blank lines and // comments skipped), then the rows of
    a file of the same name in each user folder: ``user`` (folders joined by ``os.pathsep``), by default
    :func:`user_patterns`."""
    return _load(name, user_patterns() if user is None else user)


def user_patterns() -> str:
    """The user rule folders of this process (``ACCORDI_PATTERNS``), as the components' ``patterns`` setting."""
    return os.environ.get(ENV, "")


def _json_type(value) -> str:
    return {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "string",
        list: "list",
        dict: "object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


@lru_cache(maxsize=None)
def _shape(name: str) -> dict[str, set]:
    """key -> the JSON types the shipped rows of ``name`` give it."""
    shape: dict[str, set] = {}
    for row in _shipped(name):
        for key, value in row.items():
            shape.setdefault(key, set()).add(_json_type(value))
    return shape


def check_rows(path: Path) -> list[dict]:
    """The rows of a user rule file, each checked like the shipped ones and against their value types."""
    path = Path(path)
    if not (patterns_dir() / path.name).is_file():
        known = ", ".join(p.name for p in rule_files(patterns_dir()))
        raise RuleError(f"{path}: accordi has no rule file of this name (it reads {known})")
    return _read(path, _shape(path.name))


def check_folder(folder: Union[str, Path]) -> int:
    """Check every ``*.jsonl`` of a user rule folder; returns the number of rows. Raises RuleError."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RuleError(f"{folder}: not a folder of rule files")
    files = rule_files(folder)
    if not files:
        raise RuleError(f"{folder}: no .jsonl rule files in it")
    return sum(len(check_rows(f)) for f in files)


def clear_caches() -> None:
    """Forget every rule table accordi compiled, so the next pipeline built reads the rule files again."""
    for name, module in list(sys.modules.items()):
        if not (name == "pipeline" or name.startswith("pipeline.")) or module is None:
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
    _load.cache_clear()


def use_patterns(folders: Union[None, str, Path, Iterable[Union[str, Path]]]) -> list[Path]:
    """Add user rule folders (on top of the shipped rules) for this process and the worker processes it starts.
    Every file is checked first; tables already compiled are forgotten, so the pipeline built next uses them."""
    if folders is None:
        return []
    items = [folders] if isinstance(folders, (str, Path)) else list(folders)
    paths = [Path(f).resolve() for f in items]
    for path in paths:
        check_folder(path)
    current = user_dirs()
    merged = current + [p for p in paths if p not in current]
    os.environ[ENV] = os.pathsep.join(str(p) for p in merged)
    clear_caches()
    return merged
