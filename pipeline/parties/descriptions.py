"""Step 5a: descriptive noun phrases ("l'azienda guidata da Sam Altman", "la società di Redmond", "il gruppo
francese", "la tedesca Rheinmetall", "Ppf, l'altro azionista"), each with what it says of the party it means:
kinds, sectors, country, place, a person, a city or a product it is tied to, a name in apposition.
``coreference`` resolves them."""

from __future__ import annotations

from typing import Optional

from ..folding import fold_word
from ..italian import ARTICLES, COPULAS, INDEFINITE_ARTICLES, OF, PREPOSITION_FORMS, PREPOSITIONS, words
from .state import DocState, is_cap, seq_at

# "le startup italiane": many companies, never one
PLURAL_DETERMINERS = (
    words("definite_article", number="plural")
    | words("demonstrative", number="plural")
    | words("articulated_preposition", number="plural")
)
# "questa società", "la suddetta società": a determiner that points back
POINTING = words("demonstrative", base="questo", number="singular") | words("anaphoric_adjective")


def _person_at(st: DocState, i: int, per_at: dict) -> Optional[tuple[int, str]]:
    """A person's name starting at token i: (end token, name)."""
    doc, low, f = st.doc, st.low, st.finder
    if i in per_at and " ".join(low[per_at[i].ts : per_at[i].te]) not in f.places:
        m = per_at[i]
        span = doc.char_span(m.start, m.end)
        return m.te, span.text if span is not None else doc[m.ts : m.te].text
    j = i
    while j < len(doc) and j - i < 4 and is_cap(doc[j].text) and not doc[j].is_punct:
        j += 1
    if j - i >= 2 and (low[i] in f.lex.first_names or f.gaz.orgs_of_person(doc[i:j].text)):
        return j, doc[i:j].text
    return None


def _city_at(st: DocState, i: int, ment_at: dict) -> Optional[tuple[int, str]]:
    doc, low, f = st.doc, st.low, st.finder
    for length in (3, 2, 1):
        if i + length <= len(doc):
            k = " ".join(low[i : i + length])
            if (k in f.city_keys or k in f.places) and is_cap(doc[i].text):
                return i + length, k
    # a place the lists do not know ("la società di Casteldebole"): capitalised, not a name we found
    if (
        i < len(doc)
        and is_cap(doc[i].text)
        and i not in ment_at
        and not doc[i].is_punct
        and low[i] not in f.lex.first_names
        and low[i] not in f.lex.not_entity
        and doc[i].text.isalpha()
    ):
        j = i + 1
        while j < len(doc) and j - i < 3 and is_cap(doc[j].text) and j not in ment_at and doc[j].text.isalpha():
            j += 1
        return j, " ".join(low[i:j])
    return None


def _product_at(st: DocState, i: int) -> Optional[tuple[int, int]]:
    doc, by_product = st.doc, st.finder.gaz.by_product
    for length in (3, 2, 1):
        if i + length <= len(doc):
            k = fold_word(doc[i : i + length].text)
            if (
                k in by_product
                and is_cap(doc[i].text)
                or (k in by_product and any(c.isupper() for c in doc[i : i + length].text))
            ):
                return i + length, by_product[k]
    return None


def _place(st: DocState, w: str) -> set:
    """'milanese' -> {'milano'}; 'lombarda' -> the Lombard cities and 'lombardia'."""
    desc = st.finder.desc
    if w in desc.city_adj:
        return {desc.city_adj[w]}
    if w in desc.region_adj:
        region = desc.region_adj[w]
        return {region} | desc.region_cities.get(region, set())
    return set()


def _sector_at(st: DocState, i: int) -> Optional[tuple[int, frozenset]]:
    low, f = st.low, st.finder
    if i >= len(low):
        return None
    for stem, secs in f.stems_by_first.get(low[i][:1], f.stems_any):
        L = len(stem)
        if i + L > len(low):
            continue
        if all(low[i + k] == stem[k] for k in range(L - 1)) and low[i + L - 1].startswith(stem[-1]):
            # Short stems ("ai", "tv", "gas") must be whole words.
            if len(stem[-1]) <= 3 and low[i + L - 1] != stem[-1]:
                continue
            return i + L, secs
    return None


def _determiner(t0: str) -> tuple[Optional[str], int]:
    """("def" | "indef" | None, tokens it takes) for a word that may open a description."""
    if t0 in ARTICLES or t0 in POINTING:
        return ("def" if t0 not in INDEFINITE_ARTICLES else "indef"), 1
    if t0 in PREPOSITION_FORMS and t0 not in PREPOSITIONS:
        return "def", 1
    return None, 0


def _head_at(st: DocState, k: int) -> Optional[tuple]:
    f, low = st.finder, st.low
    for L in range(f.max_head, 0, -1):
        h = tuple(low[k : k + L])
        if len(h) == L and h in f.heads:
            return h
    return None


def _link_at(st: DocState, k: int, cons: dict, ment_at: dict, per_at: dict) -> Optional[int]:
    """A person, city or product the description is tied to from ``k`` on ("guidata da Sam Altman", "di
    Redmond", "che produce ChatGPT"): set in ``cons``; returns where it ends."""
    low, f = st.low, st.finder
    for target in ("person", "city", "product"):
        link = seq_at(low, k, f.links.get(target, []))
        if not link:
            continue
        a = k + len(link)
        if target in ("person", "city"):
            found = _person_at(st, a, per_at) if target == "person" else _city_at(st, a, ment_at)
            if found and not (a in ment_at and ment_at[a].label == "ORG"):
                cons[target] = found[1]
                return found[0]
        else:
            p = _product_at(st, a)
            if p:
                cons["product"] = p[1]
                return p[0]
    return None


def _modifiers(st: DocState, k: int, cons: dict, inside: set, ment_at: dict, per_at: dict) -> int:
    """What follows the head: countries, places, sectors, links, other heads ("società e piattaforma");
    returns where the description ends."""
    f, low = st.finder, st.low
    n = len(st.doc)
    desc = f.desc
    end = k
    steps = 0
    while k < n and steps < 10 and k not in inside:
        steps += 1
        w = low[k]
        if w == "e" and k + 1 < n:
            nh = next((h for h in f.heads if tuple(low[k + 1 : k + 1 + len(h)]) == h), None)
            if nh is not None:
                k = end = k + 1 + len(nh)
                continue
        if w in desc.countries:
            cons["country"].add(desc.countries[w])
            k += 1
            end = k
            continue
        if _place(st, w):
            cons["place"] |= _place(st, w)
            k += 1
            end = k
            continue
        if "-" in w and all(p in desc.countries for p in w.split("-") if p):
            cons["country"].update(desc.countries[p] for p in w.split("-") if p)
            k += 1
            end = k
            continue
        sec = _sector_at(st, k)
        if sec:
            cons["sectors"] |= set(sec[1])
            cons.setdefault("groups", []).append(set(sec[1]))
            k = end = sec[0]
            continue
        if w in desc.fillers and w != "e":
            k += 1
            continue
        linked = _link_at(st, k, cons, ment_at, per_at)
        if linked is not None:
            k = end = linked
            continue
        if w in OF and k + 1 < n:
            a = k + 1
            while a < n and low[a] in desc.fillers and low[a] != "e":
                a += 1
            sec = _sector_at(st, a)
            if sec:
                cons["sectors"] |= set(sec[1])
                cons.setdefault("groups", []).append(set(sec[1]))
                k = end = sec[0]
                continue
            # "dei servizi di", "delle risorse": one plain word then a sector or stop
        break
    return end


def _appositions(st: DocState, d: dict, ment_at: dict, ends: dict) -> None:
    """The name a description stands beside: after ("il colosso ... giapponese Softbank", "Il fondo americano,
    Blackstonne,"), before ("Nvidia, il gigante ...", "Ppf, l'altro azionista", "Lgt, ovvero il ..."), or
    across a copula ("Microsoft resta il fornitore principale")."""
    doc, low, sent = st.doc, st.low, st.sent
    n = len(doc)
    start, end = d["ts"], d["te"]
    nxt = end
    if nxt < n and nxt in ment_at and ment_at[nxt].label == "ORG":
        d["appos_after"] = ment_at[nxt]
    elif (
        nxt + 1 < n
        and low[nxt] == ","
        and nxt + 1 in ment_at
        and ment_at[nxt + 1].label == "ORG"
        and start > 0
        and (st.initial(start) or low[start - 1] in {",", "e"})
    ):
        after = ment_at[nxt + 1]
        if after.te < n and low[after.te] in {",", ")"}:
            d["appos_after"] = after
    b = start - 1
    if b >= 0 and low[b] in {"ovvero", "cioè", "ossia"}:
        b -= 1
    if b >= 1 and low[b] in {",", "(", "–", "—"} and (b - 1) in ends and d["det"] != "indef":
        before = ends[b - 1]
        # "Secondo il Financial Times, la società di Redmond ...": a source is no apposition
        if before.label == "ORG" and not before.excluded:
            d["appos_before"] = before
    elif b >= 1 and doc[b].text.lower() in COPULAS and "appos_after" not in d:
        # "Microsoft resta il fornitore principale", "Amazon è il principale finanziatore"
        for x in range(b - 1, max(-1, b - 4), -1):
            if x in ends and ends[x].label == "ORG" and sent[x] == sent[b]:
                d["appos_before"] = ends[x]
                break


def scan(st: DocState) -> list[dict]:
    """The descriptions of the text, unresolved: dicts with the token span (ts, te), the constraints
    (``cons``), the determiner (``det``), the ``head`` and any name in apposition."""
    f, doc, low = st.finder, st.doc, st.low
    per_at = {m.ts: m for m in st.mentions if m.label == "PER"}
    ment_at = {m.ts: m for m in st.mentions if m.proper}
    ends = {m.te - 1: m for m in ment_at.values()}
    out = []
    inside = {i for m in ment_at.values() if m.label == "ORG" for i in range(m.ts, m.te)}
    n = len(doc)
    i = 0
    while i < n:
        t0 = low[i]
        if i in inside or t0 in PLURAL_DETERMINERS:
            i += 1
            continue
        det, skip = _determiner(t0)
        j = i + skip
        start = i if (t0 in ARTICLES or t0 in POINTING) else j
        cons: dict = {
            "kinds": None,
            "sectors": set(),
            "country": set(),
            "person": None,
            "city": None,
            "product": None,
            "place": set(),
        }
        k = j
        # pre-modifiers: fillers and nationality ("la tedesca Rheinmetall", "il celebre marchio")
        pre_country = set()
        pre_place = set()
        while k < n and (low[k] in f.desc.fillers or low[k] in f.desc.countries or _place(st, low[k])) and k - j < 3:
            if low[k] in f.desc.countries:
                pre_country.add(f.desc.countries[low[k]])
            pre_place |= _place(st, low[k])
            k += 1
        named_after = bool(det and (pre_country or pre_place) and k in ment_at and k > j)
        if k in inside and not named_after:
            i += 1
            continue
        head = _head_at(st, k)
        if head is None:
            # "la tedesca Rheinmetall": a nationality used as the noun, a name right after.
            if named_after:
                out.append(
                    {
                        "ts": start,
                        "te": k,
                        "cons": {**cons, "country": pre_country, "place": pre_place},
                        "det": det,
                        "head": None,
                        "appos_after": ment_at[k],
                    }
                )
            i += 1
            continue
        if det is None and not (i > 0 and low[i - 1] in {",", "–", "(", "ovvero", "cioè"}):
            i += 1
            continue
        if doc[k].text[:1].isupper() and not st.initial(k) and det is None:
            i += 1
            continue
        hv = f.heads[head]
        cons["kinds"] = hv["kinds"]
        cons["country"] |= pre_country
        cons["place"] |= pre_place
        end = _modifiers(st, k + len(head), cons, inside, ment_at, per_at)
        if not cons["sectors"] and hv["sectors"]:
            cons["implied"] = set(hv["sectors"])
        d = {
            "ts": start,
            "te": end,
            "cons": cons,
            "det": det,
            "head": head,
            "appositive_only": hv["appositive_only"],
            "no_bare": hv.get("no_bare", False),
        }
        _appositions(st, d, ment_at, ends)
        out.append(d)
        i = max(end, i + 1)
    return out
