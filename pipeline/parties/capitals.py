"""Step 2 without a model: capitalised sequences judged ORG, PER or nothing by the word lists of
``name_lexicon.jsonl`` and by what surrounds them (``org_context``, also used on the model's guesses)."""

from __future__ import annotations

from typing import Optional

from spacy.lang.it.stop_words import STOP_WORDS

from ..doctext import has
from ..italian import ARTICLES, PREPOSITION_FORMS, PREPOSITIONS, SINGULAR_ARTICLES, words
from .state import DocState, is_cap

# what links a deal word to the other party: "la cessione a Ifigest", "l'accordo con Pallavolo Moncalieri"
DEAL_PREPOSITIONS = (PREPOSITIONS - {"in", "per"}).union(
    *(words("articulated_preposition", number="singular", base=b) for b in ("a", "da", "di", "su"))
)

# "il", "la", "dal", "della", ...: what a club's name takes and a city's does not
SINGULAR_ARTICLE_FORMS = SINGULAR_ARTICLES.union(
    *(words("articulated_preposition", number="singular", base=b) for b in ("a", "da", "di", "su", "con", "in"))
) - {"l'", "l’"}

PLURAL_ARTICLE_FORMS = words("definite_article", number="plural").union(
    *(words("articulated_preposition", number="plural", base=b) for b in ("a", "da", "di", "su", "con", "in"))
)

CLOSING_QUOTES = {"”", '"', "»"}

Run = tuple[int, int, str]  # start token, end token, ORG | PER | ORG? (named twice) | SKIP | LATER (undecided)


def org_context(st: DocState, s: int, e: int, org_starts: dict, org_ends: dict) -> bool:
    """Context that makes an unknown capitalised name an organisation."""
    f = st.finder
    return (
        _described_before(st, s)
        or _apposition_after(st, e)
        or (
            s >= 2
            and st.low[s - 1] in DEAL_PREPOSITIONS
            and any(w in f.lex.deal_words for w in st.low[max(0, s - 4) : s - 1])
        )
        or _coordinated(st, s, e, org_starts, org_ends)
        or _stake_next_to(st, s, e)
        or (s >= 1 and st.low[s - 1] in f.lex.role_nouns and st.doc[s - 1].text.islower())
    )


def _acts(st: DocState, s: int, e: int) -> bool:
    """The subject of a deal verb a few lower-case words later: "pochi giorni fa Zentrix ha ceduto", "Rossi sarebbe
    pronto a cedere"; at the start of a sentence only a word the tagger reads as a proper noun, or without a tagger
    one that is no common word ("Intanto ha ceduto", "Recentemente ha acquisito")."""
    doc, low, n = st.doc, st.low, len(st.doc)
    if st.initial(s):
        if has(doc, "POS") and doc[s].pos_ != "PROPN":
            return False  # "Intanto il gruppo ha ceduto"
        if not has(doc, "POS") and (low[s] in STOP_WORDS or low[s].endswith("mente")):
            return False
    for k in range(e, min(n, e + 4)):
        if low[k] in st.finder.lex.deal_verbs:
            return True
        if not doc[k].text.islower() or st.sent[k] != st.sent[s]:
            return False
    return False


def _seat_after(st: DocState, e: int) -> bool:
    """Where a company sits, written after its name: "Amon di Copparo (Ferrara)", "Esole di Alfianello (Brescia)"."""
    doc, low, n = st.doc, st.low, len(st.doc)
    return (
        e + 4 < n
        and low[e] == "di"
        and is_cap(doc[e + 1].text)
        and low[e + 2] == "("
        and is_cap(doc[e + 3].text)
        and low[e + 4] == ")"
    )


def _is_number(text: str) -> bool:
    return any(c.isdigit() for c in text) and all(c.isdigit() or c in ".," for c in text)


def _stake_next_to(st: DocState, s: int, e: int) -> bool:
    """A share held, written next to the name: "insieme a Rovaldi (30%)", "(51% Rovaldi e 4% Serti)"."""
    doc, low, n = st.doc, st.low, len(st.doc)
    after = e + 2 < n and low[e] == "(" and _is_number(doc[e + 1].text) and low[e + 2] == "%"
    before = s >= 2 and low[s - 1] == "%" and _is_number(doc[s - 2].text)
    return after or before


def connects(st: DocState, k: int, taken, start: Optional[int] = None) -> bool:
    """A lower-case connector at ``k`` that a name goes on across ("Banca dello Stato", "Cassa di Risparmio"):
    a capitalised word that is no first name follows it ("Estee Lauder di Tom Ford" is two names), and no place
    unless the name so far (from ``start``) is one organisation word ("Fondazione di Sardegna", "Comune di
    Bergamo"; but "Amon di Copparo" is Amon)."""
    f, doc, low = st.finder, st.doc, st.low
    return (
        low[k] in f.lex.connectors
        and not any(c.isupper() for c in doc[k].text)
        and k + 1 < len(doc)
        and k + 1 not in taken
        and is_cap(doc[k + 1].text)
        and (low[k + 1] not in f.places or _place_goes_on(st, k, start))
        and low[k + 1] not in f.lex.first_names
    )


def _place_goes_on(st: DocState, k: int, start: Optional[int]) -> bool:
    """'di <place>' belongs to a name that is one organisation word so far ("Fondazione di Sardegna") or that
    starts with the head of a body ("Università La Sapienza di Roma")."""
    lex, low = st.finder.lex, st.low
    if start is None:
        return False
    while start < k and (low[start] in ARTICLES or low[start] in PREPOSITION_FORMS):
        start += 1  # "L'Università ..." at the start of a sentence
    return (start == k - 1 and low[k - 1] in lex.org_words) or low[start] in lex.body_heads


def _number_after(st: DocState, j: int, s: int) -> bool:
    """A short number that ends a name of two words or more ("Taste of Italy 2,", "Juwi Sviluppo Italia 02”"):
    one or two digits right after the name, then punctuation."""
    doc = st.doc
    return (
        j - s >= 2
        and j + 1 < len(doc)
        and doc[j].text.isdigit()
        and len(doc[j].text) <= 2
        and bool(doc[j - 1].whitespace_)
        and "\n" not in doc[j - 1].whitespace_
        and doc[j + 1].is_punct
        and doc[j + 1].text not in {"%", ".", "/", "-"}
    )


def _described_before(st: DocState, s: int) -> bool:
    """A description right before: "la startup britannica di data center Nscale", "i cinesi di Tencent"."""
    f = st.finder
    doc, low, sent = st.doc, st.low, st.sent
    k = s - 1
    steps = 0
    bare_prep = s >= 1 and low[s - 1] in {"di", "a", "da", "in"}
    while k >= 0 and steps < 7 and sent[k] == sent[s]:
        w = low[k]
        if (w,) in f.heads or (k >= 1 and tuple(low[k - 1 : k + 1]) in f.heads):
            # "la società di Casteldebole", "il colosso di Satya Nadella": a place or a person
            if not f.heads.get((w,), {}).get("appositive_only") and not bare_prep:
                return True
        if w in f.desc.countries and steps <= 2:
            return True
        # "la lombarda X", "la milanese X" (but "il cantiere lombardo di Monfalcone" is a place)
        if (w in f.desc.region_adj or w in f.desc.city_adj) and steps <= 2 and not bare_prep:
            return True
        if doc[k].is_punct or (w in ARTICLES and steps > 0):
            break
        if is_cap(doc[k].text) and w not in f.lex.not_entity:
            break
        k -= 1
        steps += 1
    return False


def _apposition_after(st: DocState, e: int) -> bool:
    """An apposition right after: "Square, società fondata da...", "Wass, la divisione ..."."""
    f = st.finder
    low, n = st.low, len(st.doc)
    k = e
    if k < n and low[k] in {",", "(", "–"}:
        k += 1
        if k < n and (low[k] in ARTICLES or low[k] in {"ovvero", "cioè"}):
            k += 1
        while k < n and low[k] in f.desc.fillers:
            k += 1
        if k < n and any(tuple(low[k : k + len(h)]) == h for h in f.heads):
            return True
    return False


def _coordinated(st: DocState, s: int, e: int, org_starts: dict, org_ends: dict) -> bool:
    """Coordinated with a known organisation: "Tim e Lgt", "Thrive Capital e SoftBank"."""
    low, n = st.low, len(st.doc)
    if s >= 2 and low[s - 1] in {"e", ",", "&", "ed"} and org_ends.get(s - 2):
        return True
    # "da parte di Ermenegildo Zegna e di Estee Lauder": the same preposition repeated after the conjunction
    if s >= 3 and low[s - 1] in DEAL_PREPOSITIONS and low[s - 2] in {"e", "ed"} and org_ends.get(s - 3):
        return True
    return bool(e + 1 < n and low[e] in {"e", ",", "ed"} and org_starts.get(e + 1))


def _runs(st: DocState, taken: set) -> list[tuple[int, int]]:
    """Capitalised sequences outside ``taken`` (connectors between capitals inside), one sentence each."""
    doc, sent = st.doc, st.sent
    n = len(doc)
    runs = []
    i = 0
    while i < n:
        if i in taken or not is_cap(doc[i].text) or doc[i].is_punct:
            i += 1
            continue
        j = i + 1
        while j < n and j not in taken:
            if (
                is_cap(doc[j].text)
                and not doc[j].is_punct
                and sent[j] == sent[i]
                and "\n" not in doc[j - 1].whitespace_
            ):
                j += 1
            elif connects(st, j, taken, i):
                j += 2
            else:
                break
        if j < n and j not in taken and _number_after(st, j, i):
            j += 1
        runs.append((i, j))
        i = j
    # a legal form ends the name ("Cdp Equity S.p.A." is cut "S.p", ".", "A.")
    cut = []
    for s, e in runs:
        for k in range(s + 1, e):
            if st.legal_after(st.token_end(k - 1)):
                e = k
                break
        if e - 2 > s and st.low[e - 2] == "di" and _seat_after(st, e - 2):
            e -= 2  # "Amon di Copparo (Ferrara)": the town is where Amon sits
        s, e = _trim(st, s, e)
        if s < e:
            cut.append(_public_body(st, *_head_with_adjectives(st, s, e, taken), taken))
    return cut


def _public_body(st: DocState, s: int, e: int, taken) -> tuple[int, int]:
    """A public body named by a lower-case head and its complement is one name, with the adjectives after it:
    "il ministero delle Forze armate francese", "il dipartimento dell'Energia"."""
    low = st.low
    if not (
        s >= 2
        and low[s - 1] in st.finder.lex.connectors
        and low[s - 2] in st.finder.lex.public_heads
        and not {s - 1, s - 2} & set(taken)
        and st.sent[s - 2] == st.sent[s]
    ):
        return s, e
    return s - 2, _adjectives_after(st, e, taken)


def _adjectives_after(st: DocState, e: int, taken) -> int:
    doc = st.doc
    x = e
    countries = st.finder.desc.countries  # nationality adjectives the tagger may call nouns ("slovena")
    while (
        x < len(doc)
        and x - e < 3
        and x not in taken
        and (doc[x].pos_ == "ADJ" or st.low[x] in countries)
        and doc[x].text.islower()
    ):
        x += 1
    return x


def _head_with_adjectives(st: DocState, s: int, e: int, taken) -> tuple[int, int]:
    """One organisation word named with its adjectives, and the capitals after them: "la Banca nazionale
    svizzera", "l'Agenzia regionale Laore Sardegna"."""
    doc, low = st.doc, st.low
    if e - s != 1 or low[s] not in st.finder.lex.body_heads or st.initial(s):
        return s, e
    x = _adjectives_after(st, e, taken)
    if x == e:
        return s, e
    # "Banca europea degli investimenti", "Agenzia italiana del farmaco": one complement after the adjectives
    if x + 1 < len(doc) and low[x] in st.finder.lex.connectors and not {x, x + 1} & set(taken):
        if doc[x + 1].pos_ == "NOUN" and doc[x + 1].text.islower():
            return s, _adjectives_after(st, x + 2, taken)
    while x < len(doc) and x not in taken and is_cap(doc[x].text) and not doc[x].is_punct and st.sent[x] == st.sent[s]:
        x += 1
    return s, x


def _body_of(st: DocState, s: int, e: int) -> bool:
    """'Comune di Bergamo', 'Regione Lombardia': a head that is no name alone, with its complement."""
    return st.low[s] in st.finder.lex.body_heads and e - s >= 2


def _distinctive(st: DocState, s: int, e: int) -> bool:
    """'Primo Space', 'Nuova Holding': a word that is no name alone, mid-sentence before organisation words only,
    is what tells the name apart."""
    org_words = st.finder.lex.org_words
    places = st.finder.places
    return (
        e - s >= 2
        and not st.initial(s)
        and not (e < len(st.doc) and st.low[e] in st.finder.lex.connectors)  # "Secondo Fondo [di F2i]": cut already
        and all(w in org_words and w not in places for w in st.low[s + 1 : e])
    )


def _common_noun(st: DocState, s: int, e: int) -> bool:
    """What a name seldom is: Italian common words after a plural article ("sui Mercati Privati"; "ai Chantiers
    de l'Atlantique" is a name)."""
    doc, low = st.doc, st.low
    return (
        s >= 1
        and low[s - 1] in PLURAL_ARTICLE_FORMS
        and doc[s - 1].text.islower()
        and all(t.pos_ in ("NOUN", "ADJ") or w in st.finder.lex.org_words for t, w in zip(doc[s:e], low[s:e]))
    )


def _trim(st: DocState, s: int, e: int) -> tuple[int, int]:
    """Words that are no names off both ends: "Secondo", "Il", "CEO", months."""
    lex, low, doc = st.finder.lex, st.low, st.doc
    places = st.finder.places
    while s < e and (
        (
            low[s] in lex.not_entity
            and not _body_of(st, s, e)
            and not _distinctive(st, s, e)
            and " ".join(low[s : s + 2]) not in places  # "Stati Uniti" is no "Uniti"
        )
        or low[s] in lex.connectors
        or ((low[s] in ARTICLES or low[s] in PREPOSITION_FORMS) and (st.initial(s) or doc[s].text.islower()))
    ):
        s += 1
    # lower-case words at the end were taken on purpose ("Banca nazionale")
    while e > s and ((low[e - 1] in lex.not_entity and not doc[e - 1].text.islower()) or low[e - 1] in lex.connectors):
        if e - 2 > s and low[e - 2] in lex.connectors and low[e - 1] in st.finder.places:
            break  # "... di Roma": the runs only take a place after a connector when it belongs to the name
        e -= 1
    return s, e


def capital_names(st: DocState, taken: set, org_starts: dict, org_ends: dict) -> list[Run]:
    """Capitalised sequences outside ``taken``, for pipelines without NER (or names the model left alone):
    ORG, PER or ORG? (an organisation only because the text names it twice)."""
    low = st.low
    runs = _runs(st, taken)
    counts: dict[str, int] = {}
    for s, e in runs:
        counts[" ".join(low[s:e])] = counts.get(" ".join(low[s:e]), 0) + 1
    org_starts = dict(org_starts)
    org_ends = dict(org_ends)
    decided: dict[tuple, Run] = {}
    for _ in range(3):  # an organisation found teaches its neighbours ("Tim e Lgt")
        changed = False
        for s0, e0 in runs:
            if (s0, e0) in decided:
                continue
            r = _classify_run(st, s0, e0, counts, org_starts, org_ends)
            if r is None or r[2] == "LATER":
                continue
            decided[(s0, e0)] = r
            if r[2] == "ORG":
                org_starts[r[0]] = True
                org_ends[r[1] - 1] = True
                changed = True
        if not changed:
            break
    out = []
    for s0, e0 in runs:
        if (s0, e0) in decided and decided[(s0, e0)][2] != "SKIP":
            out.append(decided[(s0, e0)])
            continue
        r = _classify_run(st, s0, e0, counts, org_starts, org_ends, final=True)
        if r is not None and r[2] not in ("SKIP", "LATER"):
            out.append(r)
    return out


def _club(st: DocState, s: int, e: int) -> bool:
    """A city written with an article is its club: "il Bologna", "dal Basilea" ("a Bologna" is the city)."""
    f = st.finder
    phrase = " ".join(st.low[s:e])
    return (
        s >= 1
        and (phrase in f.city_keys or phrase in f.cities)
        and st.low[s - 1] in SINGULAR_ARTICLE_FORMS
        and st.doc[s - 1].text.islower()
    )


def _classify_run(
    st: DocState, s: int, e: int, counts: dict, org_starts: dict, org_ends: dict, final: bool = False
) -> Optional[Run]:
    lex = st.finder.lex
    s, e = _trim(st, s, e)
    if s >= e:
        return (s, e, "SKIP")
    words = st.low[s:e]
    phrase = " ".join(words)
    if st.finder.legal.fullmatch(st.doc[s:e].text) or (
        s >= 1 and st.doc[s - 1].text in CLOSING_QUOTES and st.finder.legal.match(st.text, st.doc[s].idx)
    ):
        return (s, e, "SKIP")  # "Srl" alone names nobody, nor "Srl di Faenza" after '“Ctg Ra”'
    if _club(st, s, e):
        return (s, e, "ORG")
    # "Valle d’Aosta": the elided word is cut in two tokens
    joined = "".join(w + st.doc[i].whitespace_ for i, w in zip(range(s, e), words)).strip()
    if phrase in st.finder.places or joined in st.finder.places or all(w in st.finder.places for w in words):
        return (s, e, "SKIP")
    if words[0] in lex.first_names and e - s >= 2 and not any(w in lex.org_words for w in words[1:]):
        return (s, e, "PER")
    if _seat_after(st, e) or _acts(st, s, e):
        return (s, e, "ORG")
    if e - s == 1 and words[0] in st.surnames:
        return (s, e, "SKIP")
    doc, n = st.doc, len(st.doc)
    # '“Ctg Ra” Srl': the legal form after the closing quote
    legal = st.legal_after(st.token_end(e - 1)) or (
        e < n and doc[e].text in CLOSING_QUOTES and st.legal_after(st.token_end(e))
    )
    initial = st.initial(s)
    # "Thrive Capital" (a name and an organisation word); "Energy Infrastructure Partners" (three of them)
    org_word = any(w in lex.org_words for w in words) and (
        not all(w in lex.org_words for w in words) or (e - s >= 3 and not initial)
    )
    if legal or _body_of(st, s, e):
        return (s, e, "ORG")
    if _common_noun(st, s, e):
        return (s, e, "SKIP")
    if org_word:
        return (s, e, "ORG")
    if org_context(st, s, e, org_starts, org_ends) and not (initial and e - s == 1 and not org_ends.get(s - 1)):
        return (s, e, "ORG")
    if not final:
        return (s, e, "LATER")
    # named twice, and nothing else: not a word the tagger reads as a plural common noun ("19.800.000 Azioni")
    if (
        counts.get(phrase, 0) >= 2
        and len(phrase) > 2
        and not (initial and e - s == 1 and counts[phrase] < 3)
        and not (e - s == 1 and words[0] in st.plural_nouns)
    ):
        return (s, e, "ORG?")
    return (s, e, "SKIP")
