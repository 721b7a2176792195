"""The library API: text in, :class:`~pipeline.schema.ArticleResult` out."""
from __future__ import annotations

from itertools import tee
from typing import Iterable, Iterator, Optional, Union

from spacy.tokens import Doc

from . import assembly, textio
from .schema import ArticleResult, Mentions

Item = Union[str, tuple]  # text, or (text, published) / (text, published, id)


def _split(item: Item) -> tuple[str, Optional[str], Optional[str]]:
    if isinstance(item, str):
        return item, None, None
    text, published, *rest = tuple(item) + (None,) * (2 - len(item))
    return text, published, (rest[0] if rest else None)


class Extractor:
    """Loads the pipeline once; ``extract`` one article or ``pipe`` many."""

    def __init__(self, model: Optional[str] = None, max_chars: int = textio.MAX_CHARS):
        self.nlp = assembly.build(model)
        self.model = assembly.model_info(self.nlp)
        self.max_chars = max_chars

    def extract(self, text: str, published: Optional[str] = None, id: Optional[str] = None) -> ArticleResult:
        """Raises :class:`pipeline.textio.InputError` for text that cannot be an article."""
        text = textio.clean(text, self.max_chars)
        return self.result(self.nlp(self.make_doc(text, published)), id)

    def pipe(self, items: Iterable[Item], n_process: int = 1, batch_size: int = 16) -> Iterator[ArticleResult]:
        """Results in input order. A bad item yields a result with ``error`` set instead of raising."""
        items, ids = tee(_split(item) for item in items)

        def docs():
            for text, published, _ in items:
                try:
                    yield self.make_doc(textio.clean(text, self.max_chars), published)
                except textio.InputError as err:
                    doc = self.nlp.make_doc("")
                    doc.user_data["accordi_error"] = str(err)
                    yield doc

        for doc, (_, published, id_) in zip(self.nlp.pipe(docs(), n_process=n_process, batch_size=batch_size), ids):
            yield self.result(doc, id_, published)

    def make_doc(self, text: str, published: Optional[str]) -> Doc:
        doc = self.nlp.make_doc(text)
        doc._.published = published
        return doc

    def result(self, doc: Doc, id: Optional[str] = None, published: Optional[str] = None) -> ArticleResult:
        error = doc.user_data.get("accordi_error")
        warnings = []
        if not error and doc.text.strip() and not textio.looks_italian(doc.text):
            warnings.append("the text does not look Italian; accordi's rules are for Italian news")
        return ArticleResult(
            id=id,
            published=doc._.published or published,
            model=self.model,
            deals=doc._.deals or [],
            mentions=Mentions(
                amounts=doc._.amounts or [],
                prices=doc._.prices or [],
                stakes=doc._.stakes or [],
                durations=doc._.durations or [],
                dates=doc._.dates or [],
                parties=doc._.party_mentions or [],
            ),
            warnings=warnings,
            error=error,
        )


_DEFAULT: Optional[Extractor] = None


def extract(text: str, published: Optional[str] = None) -> ArticleResult:
    """One article with the default pipeline (loaded on first use and kept)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.extract(text, published)
