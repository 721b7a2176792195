"""The closed-class Italian words load from patterns/it/italian.jsonl, and a bad row there stops with file:line."""

from __future__ import annotations

import pytest

from pipeline import italian, resources
from pipeline.resources import RuleError, load_jsonl


def test_every_class_loads_with_words():
    for cls in italian.CLASSES:
        assert italian.words(cls), cls
    assert {"il", "l'", "l’", "gli"} <= italian.DEFINITE_ARTICLES
    assert "un" in italian.INDEFINITE_ARTICLES and "un" not in italian.DEFINITE_ARTICLES
    assert italian.ARTICLES == italian.DEFINITE_ARTICLES | italian.INDEFINITE_ARTICLES


def test_subsets_by_number_and_base():
    assert italian.words("definite_article", number="plural") == {"i", "gli", "le"}
    assert italian.words("articulated_preposition", base="di", number="plural") == {"dei", "degli", "delle"}
    assert italian.OF == {"di", "d'", "d’", "del", "dello", "della", "dell'", "dell’", "dei", "degli", "delle"}
    with pytest.raises(KeyError):
        italian.words("articles")  # a class the file does not have is an error, not an empty set


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"class": "artcle", "words": ["il"]}', "class 'artcle'"),
        ('{"class": "definite_article", "number": "dual", "words": ["il"]}', "number 'dual'"),
        ('{"class": "definite_article", "word": ["il"]}', "unknown key 'word'"),
        ('{"class": "definite_article"}', "missing key 'words'"),
    ],
)
def test_a_bad_row_in_italian_jsonl_names_file_and_line(tmp_path, monkeypatch, line, message):
    (tmp_path / "italian.jsonl").write_text(
        '// closed classes\n{"class": "copula", "words": ["è"]}\n' + line + "\n", encoding="utf-8"
    )
    monkeypatch.setattr(resources, "patterns_dir", lambda: tmp_path)
    resources.clear_caches()
    try:
        with pytest.raises(RuleError, match=r"italian.jsonl:3: .*" + message):
            load_jsonl("italian.jsonl")
    finally:
        monkeypatch.undo()
        resources.clear_caches()
