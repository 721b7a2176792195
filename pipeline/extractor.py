"""The library API: text in, :class:`~pipeline.schema.ArticleResult` out."""

from __future__ import annotations

import multiprocessing
import re
import sys
from collections.abc import Mapping
from types import FrameType
from typing import Iterable, Iterator, Optional, Union

from . import textio
from .runner import Runner
from .schema import ArticleResult

Item = Union[str, tuple, dict]
"""What :meth:`Extractor.pipe` takes: a text; a ``(text,)``, ``(text, published)`` or ``(text, published, id)``
tuple (or list); or a dict with ``text`` and optionally ``published``, ``id``, ``url``, ``title``."""

_ITEM_KEYS = {"text", "published", "id", "url", "title"}


def _split(item: Item) -> tuple:
    """(text, published, id, url, title) of one item; TypeError for anything else (no silent guessing)."""
    if isinstance(item, str):
        return item, None, None, None, None
    if isinstance(item, Mapping):
        unknown = set(item) - _ITEM_KEYS
        if "text" not in item or unknown:
            raise TypeError(
                f"a dict item needs the key 'text' and may have {sorted(_ITEM_KEYS - {'text'})}; "
                f"got keys {sorted(map(str, item))}"
            )
        return item["text"], item.get("published"), item.get("id"), item.get("url"), item.get("title")
    if isinstance(item, (tuple, list)) and 1 <= len(item) <= 3:
        text, published, id_ = tuple(item) + (None,) * (3 - len(item))
        return text, published, id_, None, None
    raise TypeError(
        f"Extractor.pipe takes texts, (text, published, id) tuples or dicts with those keys; "
        f"got {type(item).__name__}" + (f" of length {len(item)}" if isinstance(item, (tuple, list)) else "")
    )


def _check_main_guard() -> None:
    """Worker processes import the user's script again (``spawn``/``forkserver``). Called from a script's top
    level with no ``if __name__ == "__main__":`` guard, each worker would run the script again: say so at once."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise RuntimeError(_GUARD_MESSAGE)
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or not path or not str(path).endswith(".py"):
        return
    frame: Optional[FrameType] = sys._getframe(1)
    at_top = False
    while frame is not None:  # is the script's top level (directly or through its functions) running this?
        at_top = at_top or (frame.f_globals is vars(main) and frame.f_code.co_name == "<module>")
        frame = frame.f_back
    if not at_top:
        return
    try:
        source = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return
    if not _GUARD.search(source):
        raise RuntimeError(_GUARD_MESSAGE)


_GUARD = re.compile(r"""__name__\s*==\s*['"]__main__['"]|['"]__main__['"]\s*==\s*__name__""")
_GUARD_MESSAGE = (
    "Extractor.pipe(n_process > 1) starts worker processes that import your script again; put the code "
    'that calls it under `if __name__ == "__main__":` (or use n_process=1)'
)


class Extractor(Runner):
    """accordi's entry point: loads the spaCy pipeline once; ``extract`` one article or ``pipe`` many.

    >>> ex = Extractor()                      # embedded model (or it_core_news_lg/_md/_sm when installed)
    >>> ex.extract(text, published="2025-03-14").deals
    >>> for result in ex.pipe([{"text": t, "published": "2025-03", "id": "a1"}]): ...

    ``model``: a spaCy pipeline name or path, ``"blank"`` for a bare tokenizer; ``max_chars``: longer texts
    are refused; ``explain`` and ``deal_weights``: see ``__init__``. ``nlp`` is the spaCy pipeline; ``model``
    (after loading) says which one as ``{name, version}``.
    """

    def __init__(
        self,
        model: Optional[str] = None,
        max_chars: int = textio.MAX_CHARS,
        explain: bool = False,
        deal_weights: Optional[str] = None,
        exclude: tuple = (),
        patterns=None,
    ):
        """``explain``: keep on each record the features that weighed most in keeping it.
        ``deal_weights``: a JSON of learned deal decisions other than the shipped one.
        ``exclude``: components of the base pipeline not to run (e.g. ``("ner",)``).
        ``patterns``: a folder (or several) of your own rule rows (``organizations.jsonl``, ``deals.jsonl``, …)
        read on top of the shipped ones, checked first (:class:`pipeline.resources.RuleError` with
        ``file:line``); they hold for the whole process and the worker processes it starts."""
        if patterns is not None:
            from .resources import use_patterns

            use_patterns(patterns)
        super().__init__(model, max_chars, explain, deal_weights, exclude)

    def pipe(self, items: Iterable[Item], n_process: int = 1, batch_size: int = 16) -> Iterator[ArticleResult]:
        """Results in input order. ``items``: texts, ``(text, published, id)`` tuples (shorter ones too) or
        dicts with ``text`` and optionally ``published``, ``id``, ``url``, ``title``; anything else raises
        ``TypeError``. A bad text (unreadable, empty, a rule that raises) yields a result with ``error`` set
        instead of raising. ``n_process > 1`` runs the batch engine's worker pool, where each worker loads the
        same model as this extractor; from a script, call it under ``if __name__ == "__main__":``."""
        from .batch import engine, worker
        from .batch.sources import Record

        if n_process > 1:
            _check_main_guard()
        records = (
            Record(seq, id_, text, published, url, title)
            for seq, (text, published, id_, url, title) in enumerate(map(_split, items))
        )
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


_DEFAULT: Optional[Extractor] = None


def extract(text: str, published: Optional[str] = None) -> ArticleResult:
    """One article with the default pipeline (loaded on first use and kept)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.extract(text, published)
