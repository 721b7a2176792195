"""The deal rule files of ``patterns/``, loaded once and compiled."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..resources import load_jsonl


@dataclass(frozen=True)
class TriggerRule:
    id: str
    deal_type: str
    strength: float
    lemmas: frozenset = frozenset()
    surface: Optional[re.Pattern] = None
    phrase: tuple = ()
    generic: bool = False
    anaphor_only: bool = False
    single_ok: bool | str = False  # True: one party with an amount; "always": one party is enough
    requires: tuple = ()  # the deal needs a party in one of these slots ("fornire a X")
    orgs_only: bool = False  # people are never its parties (press metaphors: "il matrimonio tra Mario e Giulia")
    not_after: frozenset = frozenset()  # a word right before that cancels the trigger
    unless_next: Optional[re.Pattern] = None  # text right after that cancels the trigger
    money_generic: bool = False  # followed by a sum it is a payment within a known deal
    roles: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class StatusRule:
    status: str
    scope: str
    rank: int
    pattern: re.Pattern


@lru_cache(maxsize=1)
def trigger_rules() -> tuple[TriggerRule, ...]:
    rules = []
    for row in load_jsonl("deals.jsonl"):
        rules.append(TriggerRule(
            id=row["id"],
            deal_type=row["deal_type"],
            strength=float(row.get("strength", 0.5)),
            lemmas=frozenset(w.lower() for w in row.get("lemmas", [])),
            surface=re.compile(row["surface"]) if row.get("surface") else None,
            phrase=tuple(re.compile(p) for p in row.get("phrase", [])),
            generic=bool(row.get("generic")),
            anaphor_only=bool(row.get("anaphor_only")),
            single_ok="always" if row.get("single_ok") == "always" else bool(row.get("single_ok")),
            requires=tuple(row.get("requires", ())),
            orgs_only=bool(row.get("orgs_only")),
            not_after=frozenset(row.get("not_after", ())),
            unless_next=re.compile(row["unless_next"], re.I) if row.get("unless_next") else None,
            money_generic=bool(row.get("money_generic")),
            roles=row.get("roles", {}),
        ))
    return tuple(rules)


@lru_cache(maxsize=1)
def status_rules() -> tuple[StatusRule, ...]:
    return tuple(
        StatusRule(row["status"], row["scope"], int(row["rank"]), re.compile(row["pattern"], re.I))
        for row in load_jsonl("status.jsonl")
    )


@lru_cache(maxsize=1)
def word_lists() -> dict:
    lists = {}
    for row in load_jsonl("roles.jsonl"):
        lists[row["list"]] = row["map"] if "map" in row else frozenset(row["words"])
    return lists


@lru_cache(maxsize=1)
def non_deal_cues() -> tuple[tuple[str, Optional[re.Pattern], Optional[re.Pattern]], ...]:
    return tuple(
        (row["kind"],
         re.compile(row["before"], re.I) if row.get("before") else None,
         re.compile(row["after"], re.I) if row.get("after") else None)
        for row in load_jsonl("non_deal_amounts.jsonl")
    )
