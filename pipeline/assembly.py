"""The one place where accordi's spaCy pipeline is put together.

Base pipeline, first found wins: the model asked for; ``it_core_news_lg``, ``_md``, ``_sm``
when installed; the compact model shipped inside this package (by default its tokens and morphology only,
``EMBEDDED_DEFAULT_EXCLUDE``; name its path as the model for all of it); a blank Italian pipeline with a sentencizer. accordi's own components are then added on top, the same way on each.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional, cast

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer

from . import components  # noqa: F401  (registers the accordi_* factories)
from .resources import load_jsonl

INSTALLED_MODELS = ("it_core_news_lg", "it_core_news_md", "it_core_news_sm")
EMBEDDED_MODEL = Path(__file__).resolve().parent / "model" / "it_accordi_news"
# What the default run leaves out of the embedded model: chosen by quality per cost (benchmarks/pipelines.py,
# README): tokens, morphology and a sentencizer give the best blind deal figures within 0.01 at twice the speed.
EMBEDDED_DEFAULT_EXCLUDE = ("ner", "parser", "lemmatizer")
ACCORDI_PIPES = components.ACCORDI_PIPES


class ModelError(RuntimeError):
    """The requested model cannot be loaded."""


def load_base(model: Optional[str] = None, exclude: tuple = ()) -> Language:
    """``exclude``: components of the base pipeline not to load (a sentencizer stands in for a parser left out)."""
    if model == "blank":
        return blank_italian()
    nlp = None
    if model:
        try:
            nlp = spacy.load(model, exclude=list(exclude))
        except (OSError, IOError) as err:
            raise ModelError(f"cannot load spaCy model {model!r}: {str(err).splitlines()[0]}") from None
    for name in INSTALLED_MODELS if nlp is None else ():
        if spacy.util.is_package(name):
            nlp = spacy.load(name, exclude=list(exclude))
            break
    if nlp is None and (EMBEDDED_MODEL / "config.cfg").is_file():
        nlp = spacy.load(EMBEDDED_MODEL, exclude=list(exclude or EMBEDDED_DEFAULT_EXCLUDE))
    if nlp is None:
        return blank_italian()
    if not {"parser", "senter", "sentencizer"} & set(nlp.pipe_names):
        nlp.add_pipe("sentencizer", first=True)
    return nlp


def blank_italian() -> Language:
    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    nlp.meta["name"] = "blank"
    return nlp


def legal_form_tokens() -> list[str]:
    """Dotted legal forms ('S.p.A.', 'S.r.l.', 's.p.a.', 'S.a.p.a.') from legal_forms.jsonl, in the usual spellings.

    Only forms with a dot inside: a form such as 'Co.' or 'Inc.' often ends a sentence, so it stays split.
    """
    out = set()
    for row in load_jsonl("legal_forms.jsonl"):
        for form in [row["form"], *row.get("variants", [])]:
            if " " in form or not re.fullmatch(r"(?:[A-Za-z]{1,2}\.){2,}", form):
                continue
            parts = form.lower().split(".")[:-1]
            out.update(
                {
                    form,
                    form.lower(),
                    form.upper(),
                    ".".join(p.capitalize() for p in parts) + ".",
                    parts[0].capitalize() + "." + ".".join(parts[1:]) + ".",
                }
            )
    return sorted(out)


def add_legal_form_exceptions(nlp: Language) -> Language:
    """Keep dotted legal forms one token, so sentencizers and parsers do not cut 'Enel S.p.A. ha firmato'."""
    for form in legal_form_tokens():
        # spaCy types a pipeline's tokenizer as any callable; accordi's pipelines all have its Tokenizer
        nlp.tokenizer.add_special_case(form, [{ORTH: form}])  # type: ignore[union-attr]
    return nlp


# Web copy the Italian tokenizer leaves glued. An elided article or preposition whose apostrophe the page lost
# ("LEnel", "dellAutorità", "DAmico") is split off when a capitalised word follows, as in "L'Enel"; a wire dateline
# runs into the first word ("MILANO (MF-DJ)--A2A interrompe"), so "--" and a closing bracket before a word split.
STRIPPED_ELISION = r"(?:[LlDd]|[Dd]ell|[Aa]ll|[Nn]ell|[Ss]ull|[Dd]all|[Qq]uell|[Qq]uest)(?=[A-Z][a-zà-ú])"
GLUED_INFIXES = r"-{2,}|\)(?=[-\w«\"“])"


def adapt_tokenizer(nlp: Language) -> Language:
    """Add the two rules above to ``nlp``'s tokenizer (idempotent; kept when the tokenizer is serialised)."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)  # a Language's tokenizer may be any callable; ours are Tokenizers
    prefixes = tokenizer.prefix_search.__self__.pattern if tokenizer.prefix_search is not None else ""
    if STRIPPED_ELISION not in prefixes:
        tokenizer.prefix_search = re.compile("|".join(filter(None, [prefixes, f"^{STRIPPED_ELISION}"]))).search
    infixes = tokenizer.infix_finditer.__self__.pattern if tokenizer.infix_finditer is not None else ""
    if GLUED_INFIXES not in infixes:
        tokenizer.infix_finditer = re.compile("|".join(filter(None, [infixes, GLUED_INFIXES]))).finditer
    return nlp


SENTENCE_SETTERS = ("parser", "senter", "sentencizer")


def has_sentences(nlp: Language) -> bool:
    """Whether some component of ``nlp`` sets sentence boundaries (a parser, a senter, a sentencizer)."""
    return any(
        nlp.get_pipe_meta(name).factory in SENTENCE_SETTERS or name in SENTENCE_SETTERS for name in nlp.pipe_names
    )


def add_accordi(nlp: Language, deal_weights: Optional[str] = None, patterns: Optional[str] = None) -> Language:
    """Add accordi's components to any Italian pipeline (idempotent). ``deal_weights``: another JSON of learned
    deal decisions than the shipped one ('' for none: candidates as the rules leave them). ``patterns``: user
    rule folders (joined by ``os.pathsep``) for the deal components of this pipeline only; by default those of
    the process (:func:`pipeline.resources.use_patterns`).

    A pipeline that sets no sentence boundaries (``spacy.blank("it")``, or one with only a tagger or NER)
    gets a ``sentencizer`` first: accordi reads sentences. The last component, ``accordi_spans``, writes
    ``doc.spans["accordi"]`` for displaCy (``style="span", options={"spans_key": "accordi"}``)."""
    # Before the components are built: some tokenise their word lists with this tokenizer.
    add_legal_form_exceptions(nlp)
    adapt_tokenizer(nlp)
    if not has_sentences(nlp):
        nlp.add_pipe("sentencizer")
    for name in ACCORDI_PIPES:
        if name not in nlp.pipe_names:
            config: dict = {"weights": deal_weights} if name == "accordi_deals" and deal_weights is not None else {}
            if patterns is not None and name in ("accordi_deals", "accordi_spans"):
                config["patterns"] = patterns
            nlp.add_pipe(name, config=config)
    return nlp


def build(
    model: Optional[str] = None, deal_weights: Optional[str] = None, exclude: tuple = (), patterns: Optional[str] = None
) -> Language:
    return add_accordi(load_base(model, exclude), deal_weights, patterns)


def model_info(nlp: Language) -> dict:
    meta = nlp.meta
    name = meta.get("name") or "blank"
    lang = meta.get("lang", "it")
    full = name if name.startswith(f"{lang}_") else f"{lang}_{name}"
    return {"name": full, "version": str(meta.get("version", "0.0.0"))}
