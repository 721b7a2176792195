"""The deal rule files of ``patterns/it/``, compiled once per rule set and held by the components that use them."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Optional

from spacy.tokens import Doc

from ..resources import accent_tolerant, load_jsonl, user_patterns


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
    frame: bool = False  # "contratto per l'acquisto": fused with a word of another type, that word names the deal
    title_ok: bool = False  # capitalised inside a sentence it still names a deal ("un Green Bond"), not a company
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
    winning_verbs: bool = False
    bank_role: Optional[str] = None


@dataclass(frozen=True)
class StatusRule:
    status: str
    scope: str
    rank: int
    pattern: re.Pattern


@dataclass(frozen=True, eq=False)
class DealRules:
    """One rule set of the deal rules (the shipped rows plus a user's), held by the components that read it."""

    triggers: tuple[TriggerRule, ...]
    status: tuple[StatusRule, ...]
    lists: dict  # roles.jsonl: list name -> words (a frozenset) or a word -> key map
    non_deal: tuple[tuple[str, Optional[re.Pattern], Optional[re.Pattern]], ...]
    types: dict  # deal type -> DealTypeRule (deal_types.jsonl; a later row, the user's, replaces the shipped one)
    by_id: dict  # rule id -> the first trigger rule of that id
    boilerplate: Optional[re.Pattern]  # the lines of a page that are not the article (boilerplate.jsonl)
    # triggers.find's memo: (lower, lemma, pos, use_lemma) -> the rules whose first token can match
    first_rules: dict = field(default_factory=dict)


def _trigger_rule(row: dict) -> TriggerRule:
    return TriggerRule(
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
        unless_next=re.compile(accent_tolerant(row["unless_next"]), re.I) if row.get("unless_next") else None,
        money_generic=bool(row.get("money_generic")),
        bid=bool(row.get("bid")),
        goods=bool(row.get("goods")),
        intent=bool(row.get("intent")),
        agreement=bool(row.get("agreement")),
        frame=bool(row.get("frame")),
        title_ok=bool(row.get("title_ok")),
        roles=row.get("roles", {}),
    )


@lru_cache(maxsize=None)
def deal_rules(user: str) -> DealRules:
    """The deal rules of ``patterns/`` plus the rows of the user folders ``user`` (joined by ``os.pathsep``)."""
    lists = {}
    for row in load_jsonl("roles.jsonl", user):
        lists[row["list"]] = row["map"] if "map" in row else frozenset(row["words"])
    triggers = tuple(_trigger_rule(row) for row in load_jsonl("deals.jsonl", user))
    by_id: dict[str, TriggerRule] = {}
    for rule in triggers:
        by_id.setdefault(rule.id, rule)
    page = [f"(?:{accent_tolerant(row['pattern'])})" for row in load_jsonl("boilerplate.jsonl", user)]
    return DealRules(
        triggers=triggers,
        status=tuple(
            StatusRule(row["status"], row["scope"], int(row["rank"]), re.compile(accent_tolerant(row["pattern"]), re.I))
            for row in load_jsonl("status.jsonl", user)
        ),
        lists=lists,
        non_deal=tuple(
            (
                row["kind"],
                re.compile(row["before"], re.I) if row.get("before") else None,
                re.compile(row["after"], re.I) if row.get("after") else None,
            )
            for row in load_jsonl("non_deal_amounts.jsonl", user)
        ),
        types={row["deal_type"]: DealTypeRule(**row) for row in load_jsonl("deal_types.jsonl", user)},
        by_id=by_id,
        boilerplate=re.compile("|".join(page), re.I) if page else None,
    )


_RULES_KEY = ("accordi", "deal_rules")


@contextmanager
def reading(doc: Doc, rules: DealRules) -> Iterator[Doc]:
    """The rules a component holds, lent to the functions it calls on ``doc`` while it runs (and taken back:
    a Doc that is saved must not carry them)."""
    data: dict = doc.user_data  # tuple keys, as in doctext.has
    data[_RULES_KEY] = rules
    try:
        yield doc
    finally:
        data.pop(_RULES_KEY, None)


def rules_of(doc: Doc) -> DealRules:
    """The rules of the component running on ``doc``; outside one (a helper called on its own), this process's."""
    data: dict = doc.user_data
    rules = data.get(_RULES_KEY)
    return rules if rules is not None else deal_rules(user_patterns())


def deal_type(name: str, rules: Optional[DealRules] = None) -> DealTypeRule:
    """What a deal type does (``rules``: a component's rule set; by default this process's)."""
    return (rules or deal_rules(user_patterns())).types.get(name) or DealTypeRule(name)


def rules_by_id(rules: Optional[DealRules] = None) -> dict[str, TriggerRule]:
    return (rules or deal_rules(user_patterns())).by_id
