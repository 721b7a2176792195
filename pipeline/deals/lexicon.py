"""The deal rule files of ``patterns/it/``, loaded once and compiled."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..resources import accent_tolerant, load_jsonl


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
    bid: bool = False
    goods: bool = False
    intent: bool = False
    agreement: bool = False
    roles: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class DealTypeRule:
    """What a deal type does whatever word named it (``patterns/it/deal_types.jsonl``)."""
    deal_type: str
    symmetric: bool = False
    default_status: str = "announced"
    perfect_status: str = "signed"
    headline_any_type: bool = False
    goods_contract: bool = False
    one_target_each: bool = False
    parents_in_name: bool = False
    listed_investors: bool = False
    borrowing_verbs: bool = False
    bank_role: Optional[str] = None


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
            single_ok=row.get("single_ok") if row.get("single_ok") == "always" else bool(row.get("single_ok")),
            requires=tuple(row.get("requires", ())),
            orgs_only=bool(row.get("orgs_only")),
            not_after=frozenset(row.get("not_after", ())),
            unless_next=re.compile(accent_tolerant(row["unless_next"]), re.I) if row.get("unless_next") else None,
            money_generic=bool(row.get("money_generic")),
            bid=bool(row.get("bid")),
            goods=bool(row.get("goods")),
            intent=bool(row.get("intent")),
            agreement=bool(row.get("agreement")),
            roles=row.get("roles", {}),
        ))
    return tuple(rules)


@lru_cache(maxsize=1)
def rules_by_id() -> dict[str, TriggerRule]:
    by_id: dict[str, TriggerRule] = {}
    for rule in trigger_rules():
        by_id.setdefault(rule.id, rule)  # the first row of an id, as a lookup by id always gave
    return by_id


@lru_cache(maxsize=1)
def deal_types() -> dict[str, DealTypeRule]:
    types: dict[str, DealTypeRule] = {}
    for row in load_jsonl("deal_types.jsonl"):
        types[row["deal_type"]] = DealTypeRule(**row)  # a later row (the user's) replaces a type's shipped row
    return types


def deal_type(name: str) -> DealTypeRule:
    return deal_types().get(name) or DealTypeRule(name)


@lru_cache(maxsize=1)
def status_rules() -> tuple[StatusRule, ...]:
    return tuple(
        StatusRule(row["status"], row["scope"], int(row["rank"]), re.compile(accent_tolerant(row["pattern"]), re.I))
        for row in load_jsonl("status.jsonl")
    )


@lru_cache(maxsize=1)
def boilerplate() -> Optional[re.Pattern]:
    """One pattern for the lines of a page that are not the article (``boilerplate.jsonl``)."""
    patterns = [f"(?:{accent_tolerant(row['pattern'])})" for row in load_jsonl("boilerplate.jsonl")]
    return re.compile("|".join(patterns), re.I) if patterns else None


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
