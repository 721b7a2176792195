"""The library API: text in, :class:`~pipeline.schema.ArticleResult` out."""
from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator, Optional, Union

from spacy.tokens import Doc

from . import assembly, published as _published, textio
from .schema import ArticleResult, Mentions

_WARNINGS = "accordi_warnings"
NOT_ITALIAN = "the text does not look Italian; accordi's rules are for Italian news"

Item = Union[str, tuple]  # text, or (text, published) / (text, published, id)


def _split(item: Item) -> tuple[str, Optional[str], Optional[str]]:
    if isinstance(item, str):
        return item, None, None
    text, published, *rest = tuple(item) + (None,) * (2 - len(item))
    return text, published, (rest[0] if rest else None)


class Extractor:
    """Loads the pipeline once; ``extract`` one article or ``pipe`` many."""

    def __init__(self, model: Optional[str] = None, max_chars: int = textio.MAX_CHARS, explain: bool = False,
                 deal_weights: Optional[str] = None):
        """``explain``: keep on each record the features that weighed most in keeping it.
        ``deal_weights``: a JSON of learned deal decisions other than the shipped one."""
        self.model_arg = model
        self.nlp = assembly.build(model, deal_weights)
        self.model = assembly.model_info(self.nlp)
        self.max_chars = max_chars
        self.explain = explain

    def extract(self, text: str, published: Optional[str] = None, id: Optional[str] = None) -> ArticleResult:
        """Raises :class:`pipeline.textio.InputError` for text that cannot be an article."""
        text = textio.clean(text, self.max_chars)
        return self.result(self.nlp(self.make_doc(text, published)), id)

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

    def make_doc(self, text: str, published: Optional[Union[str, date]]) -> Doc:
        """A Doc ready for the pipeline, with ``doc._.published`` set (YYYY-MM-DD or YYYY-MM: it anchors
        relative dates). A value that is not a date is dropped with a warning in the result."""
        doc = self.nlp.make_doc(text)
        value, warning = _published.checked(published)
        doc._.published = value
        if warning:
            doc.user_data[_WARNINGS] = [warning]
        return doc

    def result(self, doc: Doc, id: Optional[str] = None, published: Optional[str] = None) -> ArticleResult:
        warnings = list(doc.user_data.get(_WARNINGS, []))
        if doc.text.strip() and not textio.looks_italian(doc.text):
            warnings.append(NOT_ITALIAN)
        unvalued = [d.get("text") for d in doc._.dates or [] if d.get("value") is None]
        if unvalued and not doc._.published:
            shown = ", ".join(repr(t) for t in unvalued[:3]) + (", …" if len(unvalued) > 3 else "")
            warnings.append(f"{len(unvalued)} relative date(s) ({shown}) left without a value: no publication "
                            "date to anchor them (pass published / --published)")
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


_DEFAULT: Optional[Extractor] = None


def extract(text: str, published: Optional[str] = None) -> ArticleResult:
    """One article with the default pipeline (loaded on first use and kept)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.extract(text, published)
