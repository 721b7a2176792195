"""Who does what in a deal: the role of each party from its position and preposition.

Surface reading (works on every pipeline): the party before the trigger is its subject, a party after
it is an object reached by a preposition ("in OpenAI", "da Vivendi", "a Fincantieri", "con AWS").
A dependency parse, where present, corrects the subject/object split (nsubj, obl:agent for passives).
Each trigger row of ``patterns/it/deals.jsonl`` maps these slots to roles.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from .lexicon import deal_type as type_rule, rules_of
from ..doctext import has
from ..italian import ARTICLES, INDEFINITE_DETERMINERS, POSSESSIVES, REFLEXIVE_PRONOUNS

_PARTICIPLE_ENDINGS = ("to", "ta", "ti", "te")


def preposition(doc: Doc, start: int, floor: int, strict: bool = False) -> Optional[str]:
    """The preposition governing a party that starts at token ``start`` ("agent" for "da parte di").

    ``strict``: only articles and short epithet words may stand between (for names before a trigger,
    where "Nell'ottobre 2023 Stellantis" must not read as "in Stellantis").
    """
    lists = rules_of(doc).lists
    preps, skip = lists["prepositions"], lists["skip"]
    k = start - 1
    steps = 0
    # The nearest preposition within four words (a description may sit between), not across punctuation.
    while k >= floor and steps < 4:
        word = doc[k].lower_
        if word in preps and not (word == "da" and k + 1 < start and doc[k + 1].lower_ in preps):
            key = preps[word]
            if key == "di" and k >= 2 and doc[k - 1].lower_ == "parte" and doc[k - 2].lower_ == "da":
                return "agent"
            if key == "di" and k >= 2 and doc[k - 1].lower_ == "conto" and doc[k - 2].lower_ == "per":
                return "per"  # "una commessa per conto di Neom": the customer
            if key == "a" and k >= 1 and doc[k - 1].lower_ in ("insieme", "assieme", "accanto"):
                return "con"
            if key == "da" and k >= 1 and doc[k - 1].lower_ in lists["describing_participles"]:
                return "described"  # "il fondo Soreo, gestito da Polis Fondi": Polis describes Soreo
            if k >= 2 and (doc[k - 2].lower_, doc[k - 1].lower_, key) in _HELD_BY:
                return "owner"  # "la maison, oggi nelle mani di Capri Holdings": who holds what is sold
            if key == "di" and k >= 2 and doc[k - 1].lower_ == "favore" and doc[k - 2].lower_ in ("a", "in"):
                return "a"  # "un finanziamento a favore di Aca": who receives it
            return key
        if (doc[k].is_punct and word not in ("'", "’")) or doc[k].is_space:
            return None
        if strict and word not in skip:
            return None
        if doc[k].is_title and k != floor and steps > 0:
            return None  # another name in between: "di Iveco Group, controllato da Exor"
        k -= 1
        steps += 1
    return None


_HELD_BY = {("nelle", "mani", "di"), ("in", "mano", "a"), ("di", "proprietà", "di"), ("in", "capo", "a")}


def is_passive(doc: Doc, trigger_start: int, floor: int, bare: bool = True) -> bool:
    """'è stata acquisita', 'saranno invece acquistate', 'sarebbe stata rilevata', and (``bare``) a participle
    with no auxiliary: 'Musement, acquisita da TUI', 'lo stabilimento ceduto a Stellantis'."""
    tok = doc[trigger_start]
    if has(doc, "MORPH") and "Pass" in tok.morph.get("Voice", None):
        return True
    if not tok.lower_.endswith(_PARTICIPLE_ENDINGS):
        return False
    if trigger_start > floor and doc[trigger_start - 1].lower_ in _DETERMINERS:
        return False  # "l'acquisto": a noun
    lists = rules_of(doc).lists
    # Deal verbs take "avere" in active perfect tenses, so "è"/"viene" + participle is passive (an adverb may
    # stand between: "è stata infatti ceduta").
    for k in range(trigger_start - 1, max(floor, trigger_start - 4) - 1, -1):
        word = doc[k].lower_
        if word in lists["perfect_aux"] or word in REFLEXIVE_PRONOUNS:
            return False  # "ha infatti acquisito", "si sono poi aggiudicate"
        if word in lists["passive_aux"]:
            return not (k > floor and doc[k - 1].lower_ in REFLEXIVE_PRONOUNS)  # "si è aggiudicata"
        if doc[k].pos_ != "ADV":
            break
    return bare and _bare_participle(doc, trigger_start, lists)


def _bare_participle(doc: Doc, trigger_start: int, lists: dict) -> bool:
    """A past participle no auxiliary governs reads as passive (only where the morphology says participle:
    a surface ending alone cannot tell 'acquisito' from 'l'acquisto')."""
    tok = doc[trigger_start]
    if not has(doc, "MORPH"):
        return False
    if "Part" in tok.morph.get("VerbForm", None) and "Past" in tok.morph.get("Tense", None):
        return True
    # tagged as an adjective, a participle still reads as passive with its agent right after it
    after = doc[trigger_start + 1].lower_ if trigger_start + 1 < len(doc) else ""
    agent = lists["prepositions"].get(after) == "da" or after in lists["through_words"]
    return tok.lower_.endswith(_PARTICIPLE) and agent


_DETERMINERS = ARTICLES | POSSESSIVES | INDEFINITE_DETERMINERS | {"nuova", "nuovo", "nuove", "nuovi", "due", "tre"}
_PARTICIPLE = ("ato", "ata", "ati", "ate", "ito", "ita", "iti", "ite", "uto", "uta", "uti", "ute")


def is_perfect(doc: Doc, trigger_start: int, floor: int) -> bool:
    """'ha acquisito', 'hanno ceduto', '13 miliardi investiti dal 2019': a deal verb in the past."""
    tok = doc[trigger_start]
    if trigger_start > floor and doc[trigger_start - 1].lower_ in _DETERMINERS:
        return False  # "ha lanciato un'offerta": a noun after its article, not a participle
    if has(doc, "MORPH") and "Part" in tok.morph.get("VerbForm", None) and "Past" in tok.morph.get("Tense", None):
        return True
    if tok.lower_.endswith(_PARTICIPLE) and len(tok.lower_) > 6:
        return True
    if not tok.lower_.endswith(("to", "ta", "ti", "te", "so", "sa", "si", "se")):
        return False
    aux = rules_of(doc).lists["perfect_aux"]
    for k in range(trigger_start - 1, max(floor, trigger_start - 3) - 1, -1):
        if doc[k].lower_ in aux:
            return True
    return False


def role_for(roles: dict, slot: str, passive: bool, kind: Optional[str], deal_type: str) -> str:
    """Map a slot ('subj', 'obj', a preposition key, 'agent') to a role through the trigger's table."""
    if slot == "owner":  # the holder of what a buyer takes sells it; elsewhere a plain object
        if roles.get("da") == "seller":
            return "seller"
        slot = "obj"
    table = dict(roles)
    if passive and isinstance(roles.get("passive"), dict):
        table.update(roles["passive"])
    if slot in ("agent", "via", "through"):  # "da parte di X"; "tramite la controllata X"; "attraverso X"
        slot = "da" if passive else "subj"
    role = table.get(slot)
    if role is None:
        role = table.get("obj" if slot != "subj" else "subj")
    bank_role = type_rule(deal_type).bank_role
    if bank_role and kind == "bank":
        # "bank_subj": a row whose subject issues what it names ("Banca X ha collocato un bond": it borrows)
        role = table["bank_subj"] if slot == "subj" and "bank_subj" in table else bank_role
    if role is None:
        role = "partner"
    return role


def dep_subjects(doc: Doc, trigger_start: int) -> set[int]:
    """Token indices of the syntactic subject of the trigger's clause (pipelines with a parser only).

    A verb trigger's own subject; for a noun trigger ("ha firmato un accordo") the subject of the verb that
    governs it. Climbs through xcomp/ccomp/advcl ("ha deciso di acquisire"). Relative clauses inside the
    subject and subjects that contain the trigger itself are left out.
    """
    if not has(doc, "DEP"):
        return set()
    tok = doc[trigger_start]
    head = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for _ in range(3):
        subs = [c for c in head.children if c.dep_ in ("nsubj", "nsubj:pass")]
        subs = [c for c in subs if not (c.left_edge.i <= trigger_start <= c.right_edge.i)]
        if subs:
            out: set[int] = set()
            for sub in subs:
                skip: set[int] = set()
                for t in sub.subtree:
                    if t.dep_ in ("acl:relcl", "acl", "appos", "parataxis") and t is not sub:
                        skip.update(x.i for x in t.subtree)
                out.update(t.i for t in sub.subtree if t.i not in skip)
            return out
        if head.dep_ not in ("xcomp", "ccomp", "advcl", "conj", "acl") or head.head is head:
            break
        head = head.head
    return set()
