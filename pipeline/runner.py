"""One document through accordi's spaCy pipeline: the part of extraction that :class:`pipeline.extractor.Extractor`
and the batch workers share, so that neither imports the other."""

from __future__ import annotations

from typing import Iterator, Optional

from spacy.tokens import Doc

from . import assembly, longruns, pieces, textio
from . import published as _published
from .schema import ArticleResult, Mentions

EMPTY = "empty document"
NOT_ITALIAN = "the text does not look Italian; accordi's rules are for Italian news"


class Runner:
    """The loaded pipeline (``nlp``, ``model`` as ``{name, version}``) and one clean text at a time through it."""

    def __init__(
        self,
        model: Optional[str] = None,
        max_chars: int = textio.MAX_CHARS,
        explain: bool = False,
        deal_weights: Optional[str] = None,
        exclude: tuple = (),
    ):
        self.model_arg = model
        self.nlp = assembly.build(model, deal_weights, tuple(exclude))
        self.model = assembly.model_info(self.nlp)
        self.max_chars = max_chars
        self.explain = explain

    def extract(self, text: str, published: Optional[str] = None, id: Optional[str] = None) -> ArticleResult:
        """Raises :class:`pipeline.textio.InputError` for text that cannot be an article. Empty or
        whitespace-only text gives a result with ``error`` "empty document", as in ``pipe`` and batch runs."""
        text = textio.clean(text, self.max_chars)
        if not text.strip():
            return ArticleResult(id=id, published=_published.checked(published)[0], model=self.model, error=EMPTY)
        return self.result(self.run(text, published), id)

    def run(self, text: str, published: Optional[str] = None) -> Doc:
        """The Doc of a clean text after every component (a long text goes through the model in pieces)."""
        for _, doc in self.stages(text, published):
            pass
        return doc

    def stages(
        self, text: str, published: Optional[str] = None, where: Optional[list] = None
    ) -> Iterator[tuple[str, Doc]]:
        """(stage, Doc after it): the tokenizer, then each component; see :mod:`pipeline.pieces`."""
        first = True
        for name, doc in pieces.stages(self.nlp, text, lambda part: longruns.make_doc(self.nlp, part), where):
            if first:  # the tokenizer's Doc, or the one joined from pieces
                doc._.published = published
                first = False
            yield name, doc

    def make_doc(self, text: str, published: Optional[str]) -> Doc:
        doc = longruns.make_doc(self.nlp, text)  # linear also on runs of punctuation
        doc._.published = published
        return doc

    def result(self, doc: Doc, id: Optional[str] = None, published: Optional[str] = None) -> ArticleResult:
        warnings = list(doc.user_data.get(_published.WARNINGS_KEY, []))
        if doc.text.strip() and not textio.looks_italian(doc.text):
            warnings.append(NOT_ITALIAN)
        unvalued = [d.get("text") for d in doc._.dates or [] if d.get("value") is None]
        if unvalued and not doc._.published:
            shown = ", ".join(repr(t) for t in unvalued[:3]) + (", …" if len(unvalued) > 3 else "")
            warnings.append(
                f"{len(unvalued)} relative date(s) ({shown}) left without a value: no publication "
                "date to anchor them (pass published / --published)"
            )
        return ArticleResult(
            id=id,
            published=doc._.published or _published.checked(published)[0],
            model=self.model,
            deals=[d if self.explain else {k: v for k, v in d.items() if k != "explain"} for d in doc._.deals or []],
            mentions=Mentions(
                amounts=doc._.amounts or [],
                prices=doc._.prices or [],
                stakes=doc._.stakes or [],
                durations=doc._.durations or [],
                dates=doc._.dates or [],
                parties=doc._.party_mentions or [],
                triggers=doc._.triggers or [],
            ),
            warnings=warnings,
        )
