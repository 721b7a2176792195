"""Finding the parties an article names and tying every way it names them to one canonical name.

Order of work on a Doc (each step sees what the earlier ones found; each is a module of this package):
1. gazetteer names, epithets, products and people (``known``: PhraseMatcher on lower case, then case checks);
2. names from the model's NER (``model_names``: ORG, PER, MISC with an organisation word) or, with no NER in
   the pipeline, capitalised sequences judged by the word lists of ``name_lexicon.jsonl`` (``capitals``);
   families (``proper_names``);
3. acronyms defined in the text ("Amazon Web Services (AWS)", "Cdp Equity S.p.A. (“Cdpe”)") and initials of a
   name used earlier ("Idv" for "Iveco Defence Vehicles") (``acronyms``); persons tied to organisations (``ties``);
4. context cues that rule a mention out (advisor, news source, product) (``context``), before descriptions, so
   that "il gruppo" never resolves to an advisor;
5. descriptions ("l'azienda guidata da Sam Altman", "la società di Redmond", "il gruppo francese",
   "la tedesca Rheinmetall", "Ppf, l'altro azionista") (``descriptions``) resolved to a party of the article
   (``coreference``);
6. clusters: one canonical name per party, the fullest proper name the article uses (``clusters``).
"""

from __future__ import annotations

from typing import cast

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from ..folding import fold_word
from . import acronyms, clusters, context, coreference, descriptions, known, proper_names, ties
from .gazetteer import context_rules, gazetteer, legal_form_regex, lexicon, without_article
from .gazetteer import descriptions as description_lists
from .state import DocState


class PartyFinder:
    """Built once per pipeline (tokenises the word lists with the pipeline's own tokenizer) and only read
    afterwards: what belongs to one document lives in the :class:`DocState` each call makes, so one finder
    serves any number of threads."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.gaz = gazetteer()
        self.lex = lexicon()
        self.desc = description_lists()
        self.rules = context_rules()
        self.legal = legal_form_regex()
        tok = cast(Tokenizer, nlp.tokenizer)  # the word lists are cut in batches (Tokenizer.pipe)

        def toks(phrase: str) -> tuple:
            return tuple(fold_word(t.text) for t in tok(phrase))

        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.surface_case: dict[str, set] = {}
        patterns: dict[str, list[str]] = {}
        for org in self.gaz.orgs:
            for s in org.surfaces:
                patterns.setdefault(f"O{org.id}", []).append(s)
            for e in org.epithets:
                patterns.setdefault(f"E{org.id}", []).append(without_article(e))
            for p in org.products:
                patterns.setdefault(f"P{org.id}", []).append(p)
            for h in org.people:
                patterns.setdefault(f"H{org.id}", []).append(h)
        for label, phrases in patterns.items():
            phrases = list(dict.fromkeys(phrases))
            for p in phrases:
                self.surface_case.setdefault(p.lower(), set()).add(p)
            self.matcher.add(label, list(tok.pipe(phrases)))
        # Word lists in the tokenizer's own cut ("dell'e-commerce" -> dell' e - commerce).
        self.heads = {toks(" ".join(h)): v for h, v in self.desc.heads.items()}
        self.max_head = max(len(h) for h in self.heads)
        self.sector_stems = [(toks(" ".join(s)), secs) for s, secs in self.desc.sectors]
        # only the stems that start with a word's first letter can match at it (same order as the list)
        firsts = {stem[0][:1] for stem, _ in self.sector_stems if stem and stem[0]}
        self.stems_by_first = {
            c: [(stem, secs) for stem, secs in self.sector_stems if not stem or not stem[0] or stem[0][:1] == c]
            for c in firsts
        }
        self.stems_any = [(stem, secs) for stem, secs in self.sector_stems if not stem or not stem[0]]
        self.links = {t: [toks(" ".join(w)) for w in ws] for t, ws in self.desc.links.items()}
        self.ties = [toks(" ".join(w)) for w in self.desc.ties]
        # a tie can only start at its own first word
        self.ties_by_first: dict = {}
        for t in self.ties:
            self.ties_by_first.setdefault(t[0] if t else None, []).append(t)
        self.cues = []
        for r in self.rules:
            by_last: dict[str, list] = {}
            by_first: dict[str, list] = {}
            for c in r.cues:
                t = toks(" ".join(c))
                if t:
                    by_last.setdefault(t[-1], []).append(t)
                    by_first.setdefault(t[0], []).append(t)
            self.cues.append((r, by_last, by_first))
        self.city_keys = set(self.gaz.by_city)
        self.gaz_surnames = {p.split()[-1] for p in self.gaz.by_person if len(p.split()) > 1}
        self.cities = set().union(*self.desc.region_cities.values()) if self.desc.region_cities else set()
        self.places = self.lex.places | self.city_keys | set(self.desc.region_cities) | self.cities

    def __call__(self, doc: Doc) -> list[dict]:
        """The party mentions of ``doc``."""
        if not len(doc):
            return []
        st = DocState(doc, self)
        known.add_known(st)
        has_ner = any(p in ("ner", "entity_ruler") for p in self.nlp.pipe_names) or len(doc.ents) > 0
        proper_names.add_names(st, has_ner)
        proper_names.add_families(st)
        acronyms.add_acronyms(st)
        ties.tie_people(st)
        context.exclude(st)
        coreference.resolve(st, descriptions.scan(st))
        coreference.drop_people_inside(st)
        return clusters.finish(st)
