"""Defect 4 (first half): runs of punctuation never reach spaCy's tokenizer (quadratic in the length of a
whitespace-free chunk): they become tokens of at most ``LONG_RUN`` characters; the Doc keeps the text, and real
text is tokenised as before."""

import re

import pytest

from pipeline import longruns


def _spy(extractor, monkeypatch):
    seen = []
    real = extractor.nlp.make_doc

    def make_doc(text):
        seen.append(max((len(m) for m in re.findall(r"\S+", text)), default=0))
        return real(text)

    monkeypatch.setattr(extractor.nlp, "make_doc", make_doc)
    return seen


@pytest.mark.parametrize("text", ['"' * 20000, "Alfa " + "!?(" * 5000 + " compra Beta", "x" * 250 + " y"])
def test_long_runs_reach_the_tokenizer_in_bounded_pieces(blank_extractor, monkeypatch, text):
    seen = _spy(blank_extractor, monkeypatch)
    doc = blank_extractor.make_doc(text, None)
    assert doc.text == text
    assert max(seen, default=0) <= longruns.LONG_RUN
    assert all(len(t) <= longruns.LONG_RUN for t in doc)
    assert len(doc) < 2 * len(text) / longruns.LONG_RUN + 10  # one token per LONG_RUN characters of a run
    result = blank_extractor.extract(text)
    assert result.error is None


def test_text_without_long_runs_is_tokenised_as_before(blank_extractor):
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    for path in sorted(corpus.glob("*.txt"))[:10]:
        text = path.read_text(encoding="utf-8")
        ours = blank_extractor.make_doc(text, None)
        theirs = blank_extractor.nlp.make_doc(text)
        assert [(t.text, t.whitespace_, t.norm_) for t in ours] == [(t.text, t.whitespace_, t.norm_) for t in theirs]
