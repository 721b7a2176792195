"""The library API: ``from pipeline import extract, Extractor``."""

import pytest

import pipeline
from pipeline import Extractor, InputError, extract
from pipeline.schema import ArticleResult

TEXTS = [
    "Alfa ha acquisito Beta per 120 milioni di euro.",
    "",
    "Gamma e Delta hanno siglato una partnership di durata triennale.",
    "Il fatturato di Epsilon è salito a 2 miliardi di euro nel 2024.",
]


def test_extract_returns_an_article_result():
    result = extract("Alfa ha acquisito Beta per 120 milioni di euro.", published="2025-01-10")
    assert isinstance(result, ArticleResult)
    assert result.published == "2025-01-10"
    assert result.model is not None and result.model.name.startswith("it_")


def test_bad_text_raises_input_error(blank_extractor):
    with pytest.raises(InputError):
        blank_extractor.extract("abc\x00def")


def test_pipe_keeps_input_order_and_ids(blank_extractor):
    items = [(text, "2025-01-10", f"doc{i}") for i, text in enumerate(TEXTS)]
    results = list(blank_extractor.pipe(items, batch_size=2))
    assert [r.id for r in results] == ["doc0", "doc1", "doc2", "doc3"]
    assert results[1].error == "empty document" and results[1].deals == []
    for i in (0, 2, 3):
        single = blank_extractor.extract(TEXTS[i], "2025-01-10", f"doc{i}")
        assert results[i].model_dump() == single.model_dump()


def test_pipe_reports_a_bad_item_and_goes_on(blank_extractor):
    results = list(blank_extractor.pipe(["Alfa compra Beta.", "x\x00y", "Gamma vende Delta."]))
    assert [r.error is not None for r in results] == [False, True, False]
    assert "binary" in results[1].error


def test_pipe_isolates_a_rule_that_raises():
    from spacy.language import Language

    @Language.component("test_raises_on_boom")
    def raises_on_boom(doc):
        if "boom" in doc.text:
            raise ValueError("boom")
        return doc

    extractor = Extractor("blank")
    extractor.nlp.add_pipe("test_raises_on_boom", first=True)
    results = list(extractor.pipe(["Alfa compra Beta.", "boom", "Gamma vende Delta."], batch_size=8))
    assert [r.error for r in results][0::2] == [None, None]
    assert "test_raises_on_boom failed: ValueError: boom" in results[1].error


def test_pipe_with_two_processes_matches_one(blank_extractor):
    items = [(text, "2025-01-10", str(i)) for i, text in enumerate(TEXTS * 3)]
    one = [r.model_dump() for r in blank_extractor.pipe(items, n_process=1)]
    two = [r.model_dump() for r in blank_extractor.pipe(items, n_process=2, batch_size=2)]
    assert one == two


def test_components_work_on_a_users_own_pipeline():
    import spacy

    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    for name in pipeline.assembly.ACCORDI_PIPES:
        nlp.add_pipe(name)
    doc = nlp("Alfa ha firmato un accordo con Beta da 5 milioni di euro.")
    assert isinstance(doc._.deals, list) and isinstance(doc._.amounts, list)
