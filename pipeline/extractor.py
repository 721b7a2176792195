"""The library API: text in, :class:`~pipeline.schema.ArticleResult` out."""
from __future__ import annotations

from typing import Iterable, Iterator, Optional, Union

from spacy.tokens import Doc

from . import assembly, longruns, pieces, textio
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
        self.model_arg = model
        self.nlp = assembly.build(model)
        self.model = assembly.model_info(self.nlp)
        self.max_chars = max_chars

    def extract(self, text: str, published: Optional[str] = None, id: Optional[str] = None) -> ArticleResult:
        """Raises :class:`pipeline.textio.InputError` for text that cannot be an article."""
        text = textio.clean(text, self.max_chars)
        return self.result(self.run(text, published), id)

    def run(self, text: str, published: Optional[str] = None) -> Doc:
        """The Doc of a clean text after every component (a long text goes through the model in pieces)."""
        for _, doc in self.stages(text, published):
            pass
        return doc

    def stages(self, text: str, published: Optional[str] = None, where: Optional[list] = None
               ) -> Iterator[tuple[str, Doc]]:
        """(stage, Doc after it): the tokenizer, then each component; see :mod:`pipeline.pieces`."""
        first = True
        for name, doc in pieces.stages(self.nlp, text, lambda part: longruns.make_doc(self.nlp, part), where):
            if first:  # the tokenizer's Doc, or the one joined from pieces
                doc._.published = published
                first = False
            yield name, doc

    def pipe(self, items: Iterable[Item], n_process: int = 1, batch_size: int = 16) -> Iterator[ArticleResult]:
        """Results in input order. A bad item (unreadable, empty, a rule that raises) yields a result with
        ``error`` set instead of raising. ``n_process > 1`` runs the batch engine's worker pool, where each
        worker loads the same model as this extractor."""
        from .batch import engine, worker
        from .batch.sources import Record

        records = (Record(seq, id_, text, published)
                   for seq, (text, published, id_) in enumerate(map(_split, items)))
        chunks = engine.chunks(records, max_docs=batch_size)
        if n_process <= 1:
            for chunk in chunks:
                with self.nlp.memory_zone():  # frees the strings each chunk adds: memory stays flat
                    results = worker.extract_records(self, chunk, batch_size)
                yield from results
            return
        job = worker.Job(model=self.model_arg, max_chars=self.max_chars, batch_size=batch_size)
        for result in engine.local_results(chunks, job, n_process):
            for line in result.payload:
                yield ArticleResult.model_validate_json(line)

    def make_doc(self, text: str, published: Optional[str]) -> Doc:
        doc = longruns.make_doc(self.nlp, text)  # linear also on runs of punctuation
        doc._.published = published
        return doc

    def result(self, doc: Doc, id: Optional[str] = None, published: Optional[str] = None) -> ArticleResult:
        warnings = []
        if doc.text.strip() and not textio.looks_italian(doc.text):
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
        )


_DEFAULT: Optional[Extractor] = None


def extract(text: str, published: Optional[str] = None) -> ArticleResult:
    """One article with the default pipeline (loaded on first use and kept)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.extract(text, published)
