"""The organisation gazetteer and the word lists of the parties component, read from ``patterns/it/``.

``organizations.jsonl``: one organisation a line (name, aliases, epithets, country, kind, sectors,
people, cities, parent, products, weak). ``descriptions.jsonl``: how Italian news describes a
company without naming it. ``party_context.jsonl``: cues that rule a mention out as a deal party.
``name_lexicon.jsonl``: first names, places and organisation words for pipelines without NER.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from ..folding import fold_word
from ..italian import leading_article
from ..names import fold
from ..resources import load_jsonl

KINDS = ("company", "fund", "bank", "insurer", "public_body", "regulator", "media", "person")
_LEADING_ARTICLE = leading_article()


@dataclass
class Org:
    id: int
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    epithets: list[str] = field(default_factory=list)
    country: Optional[str] = None
    sectors: frozenset = frozenset()
    people: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    parent: Optional[str] = None
    products: list[str] = field(default_factory=list)
    weak: frozenset = frozenset()

    @property
    def label(self) -> str:
        return "PER" if self.kind == "person" else "ORG"

    @property
    def surfaces(self) -> list[str]:
        return [self.name] + self.aliases


def without_article(text: str) -> str:
    return _LEADING_ARTICLE.sub("", text.strip())


class Gazetteer:
    def __init__(self, rows: Iterable[dict]) -> None:
        self.orgs: list[Org] = []
        self.by_fold: dict[str, list[int]] = {}
        self.by_person: dict[str, list[int]] = {}
        self.by_city: dict[str, list[int]] = {}
        self.by_product: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        for i, row in enumerate(rows):
            org = Org(
                id=i,
                name=row["name"],
                kind=row.get("kind", "company"),
                aliases=list(row.get("aliases", [])),
                epithets=list(row.get("epithets", [])),
                country=row.get("country"),
                sectors=frozenset(row.get("sectors", [])),
                people=list(row.get("people", [])),
                cities=list(row.get("cities", [])),
                parent=row.get("parent"),
                products=list(row.get("products", [])),
                weak=frozenset(row.get("weak", [])),
            )
            self.orgs.append(org)
            self.by_name[org.name] = i
            for surface in org.surfaces:
                ids = self.by_fold.setdefault(fold(surface), [])
                if i not in ids:
                    ids.append(i)
            for person in org.people:
                self.by_person.setdefault(fold_word(person), []).append(i)
            for city in org.cities:
                self.by_city.setdefault(fold_word(city), []).append(i)
            for product in org.products:
                self.by_product.setdefault(fold_word(product), i)

    def lookup(self, name: str) -> Optional[Org]:
        """The organisation a proper name (any legal form, case, accents) stands for, if known."""
        ids = self.by_fold.get(fold(name))
        return self.orgs[ids[0]] if ids else None

    def orgs_of_person(self, person: str) -> list[int]:
        k = fold_word(person)
        if k in self.by_person:
            return self.by_person[k]
        # "Altman" alone for "Sam Altman": a surname that names one gazetteer person only.
        hits = {i for p, ids in self.by_person.items() if p.split()[-1] == k for i in ids}
        return sorted(hits)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(load_jsonl("organizations.jsonl"))


@dataclass
class Descriptions:
    heads: dict[tuple, dict]  # token tuple -> {"kinds": set|None, "sectors": set|None}
    countries: dict[str, str]
    sectors: list[tuple[tuple, frozenset]]  # (stem token tuple, sectors), longest first
    links: dict[str, list[tuple]]  # target -> token tuples
    fillers: set
    ties: list[tuple]
    city_adj: dict = field(default_factory=dict)  # "milanese" -> "milano"
    region_adj: dict = field(default_factory=dict)  # "lombarda" -> "lombardia"
    region_cities: dict = field(default_factory=dict)  # "lombardia" -> {"milano", ...}


def _split(phrase: str) -> tuple:
    # Tokens as spaCy's Italian tokenizer cuts them, near enough: elided articles apart.
    phrase = fold_word(phrase).replace("'", "' ")
    return tuple(t for t in re.split(r"\s+", phrase) if t)


@lru_cache(maxsize=1)
def descriptions() -> Descriptions:
    heads: dict[tuple, dict] = {}
    countries: dict[str, str] = {}
    sectors: list[tuple[tuple, frozenset]] = []
    links: dict[str, list[tuple]] = {}
    fillers: set[str] = set()
    ties: list[tuple] = []
    city_adj: dict[str, str] = {}
    region_adj: dict[str, str] = {}
    region_cities: dict[str, set[str]] = {}
    for row in load_jsonl("descriptions.jsonl"):
        kind = row["type"]
        if kind == "head":
            for w in row["words"]:
                heads[_split(w)] = {
                    "kinds": set(row["kinds"]) if row.get("kinds") else None,
                    "sectors": set(row["sectors"]) if row.get("sectors") else None,
                    "appositive_only": bool(row.get("appositive_only")),
                    "no_bare": bool(row.get("no_bare")),
                }
        elif kind == "country":
            for w in row["words"]:
                countries[fold_word(w)] = row["country"]
        elif kind == "sector":
            for w in row["words"]:
                sectors.append((_split(w), frozenset(row["sectors"])))
        elif kind == "link":
            links.setdefault(row["target"], []).extend(_split(w) for w in row["words"])
        elif kind == "filler":
            fillers.update(fold_word(w) for w in row["words"])
        elif kind == "tie":
            ties.extend(_split(w) for w in row["words"])
        elif kind == "city_adj":
            city_adj.update({fold_word(a): fold_word(c) for a, c in row["words"].items()})
        elif kind == "region_adj":
            region_adj.update({fold_word(a): fold_word(r) for a, r in row["words"].items()})
        elif kind == "region_cities":
            region_cities.setdefault(fold_word(row["region"]), set()).update(fold_word(c) for c in row["cities"])
    sectors.sort(key=lambda s: -len(s[0]))
    for target in links:
        links[target].sort(key=len, reverse=True)
    ties.sort(key=len, reverse=True)
    return Descriptions(heads, countries, sectors, links, fillers, ties, city_adj, region_adj, region_cities)


@dataclass
class ContextRule:
    excluded: str
    side: str
    window: int
    kinds: Optional[frozenset]
    cues: list[tuple]
    sectors: frozenset = frozenset()
    any_sentence: bool = False  # the cue may sit in the sentence before ("©" | "Agenzia Nova" split by a parser)


@lru_cache(maxsize=1)
def context_rules() -> list[ContextRule]:
    rules = []
    for row in load_jsonl("party_context.jsonl"):
        rules.append(
            ContextRule(
                excluded=row["excluded"],
                side=row["side"],
                window=int(row.get("window", 0)),
                kinds=frozenset(row["kinds"]) if row.get("kinds") else None,
                cues=sorted({_split(c) for c in row["cues"]}, key=len, reverse=True),
                sectors=frozenset(row.get("sectors", [])),
                any_sentence=bool(row.get("any_sentence", False)),
            )
        )
    return rules


@dataclass
class Lexicon:
    first_names: set
    places: set
    not_entity: set
    org_words: set
    generic_lead: set
    deal_words: set
    connectors: set
    same_suffix: set = field(default_factory=set)
    name_kind: dict = field(default_factory=dict)
    name_sector: dict = field(default_factory=dict)
    inside_name: set = field(default_factory=set)
    body_heads: set = field(default_factory=set)
    public_heads: set = field(default_factory=set)
    deal_verbs: set = field(default_factory=set)
    role_nouns: set = field(default_factory=set)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    lists: dict[str, set] = {}
    maps: dict[str, dict] = {}
    for row in load_jsonl("name_lexicon.jsonl"):
        if isinstance(row["words"], dict):
            maps.setdefault(row["type"], {}).update({fold_word(w): v for w, v in row["words"].items()})
        else:
            lists.setdefault(row["type"], set()).update(fold_word(w) for w in row["words"])
    return Lexicon(
        first_names=lists.get("first_name", set()),
        places=lists.get("place", set()),
        not_entity=lists.get("not_entity", set()),
        org_words=lists.get("org_word", set()),
        generic_lead=lists.get("generic_lead", set()),
        deal_words=lists.get("deal_word", set()),
        connectors=lists.get("connector", set()),
        same_suffix=lists.get("same_entity_suffix", set()),
        name_kind=maps.get("name_kind", {}),
        name_sector={w: set(v) for w, v in maps.get("name_sector", {}).items()},
        inside_name=lists.get("inside_name", set()),
        body_heads=lists.get("body_head", set()),
        public_heads=lists.get("public_head", set()),
        deal_verbs=lists.get("deal_verb", set()),
        role_nouns=lists.get("role_noun", set()),
    )


@lru_cache(maxsize=1)
def legal_form_regex() -> re.Pattern:
    """A legal form written right after a name: ' S.p.A.', ', Inc.', ' SpA' (kept in the surface text)."""
    forms = set()
    for row in load_jsonl("legal_forms.jsonl"):
        if row["form"] == "Group":
            continue
        forms.add(row["form"])
        forms.update(v for v in row["variants"] if not v.startswith("società"))
    variants = set()
    for f in forms:
        for v in {f, f.upper(), f.capitalize()}:
            # Two bare letters only in capitals: "Eni se ne va" has no legal form in it.
            if len(v.replace(".", "")) >= 3 or v.isupper():
                variants.add(v)
                if v.endswith(".") and v.count(".") > 1:
                    variants.add(v.rstrip("."))
    variants.update({"SpA", "S.p.a.", "S.p.a", "SrL"})
    # Longest first so "S.p.A." wins over "S.p.A".
    alternation = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(r"(?:,?\s+|\s*)(?:" + alternation + r")(?![\w])")
