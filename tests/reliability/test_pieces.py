"""Bounded memory: a Doc over ``PIECE_TOKENS`` tokens reaches the model's components in pieces (spaCy's parser and NER
hold working memory for the whole Doc: ~3 GB for 1M characters), and accordi's components see it whole."""

from pathlib import Path

from pipeline import pieces

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _long_text(n):
    big = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    return (big * (n // len(big) + 1))[:n]


def test_cuts_are_bounded_and_after_line_ends(blank_extractor):
    doc = blank_extractor.make_doc(_long_text(230_000), None)
    bounds = pieces.cuts(doc)
    assert bounds[0] == 0 and bounds[-1] == len(doc) and len(bounds) > 3
    assert all(0 < b - a <= pieces.PIECE_TOKENS for a, b in zip(bounds, bounds[1:]))
    assert all(pieces._line_end(doc[c - 1]) for c in bounds[1:-1])
    words = blank_extractor.make_doc("x " * 25_000, None)  # nowhere to cut but anywhere
    assert pieces.cuts(words) == [0, 10_000, 20_000, 25_000]


def test_the_model_sees_pieces_and_accordi_sees_the_whole(extractor, monkeypatch):
    text = _long_text(120_000)  # ~22,000 tokens: 3 pieces
    seen = {}
    wrapped = []
    for name, proc in extractor.nlp.pipeline:

        def spy(doc, name=name, proc=proc):
            seen.setdefault(name, []).append(len(doc.text))
            return proc(doc)

        wrapped.append((name, spy))
    monkeypatch.setattr(type(extractor.nlp), "pipeline", property(lambda self: wrapped))
    result = extractor.extract(text, "2025-03-14")
    assert result.error is None and result.published == "2025-03-14"
    for name, sizes in seen.items():
        if pieces.is_accordi(name):
            assert sizes == [len(text)], name
        else:
            assert len(sizes) == 3 and max(sizes) < len(text) / 2, name
    amounts = result.mentions.amounts
    assert amounts and all(text[a.start : a.end] == a.text for a in amounts)


def test_a_short_text_is_processed_as_one_doc(extractor):
    text = (CORPUS / "c001.txt").read_text(encoding="utf-8")
    doc = extractor.run(text)
    whole = extractor.nlp(extractor.make_doc(text, None))
    assert [(t.text, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in doc] == [
        (t.text, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in whole
    ]
