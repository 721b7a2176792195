"""Defect 3: the money component does per amount a bounded amount of work — no scan of every sentence or every
accepted match, no copy of the rest of the text — and keeps its results (ties go to the first listed)."""

import sys

from pipeline.dimensions import matching, money


def _doc(extractor, text):
    doc = extractor.make_doc(text, None)
    for name, proc in extractor.nlp.pipeline:
        doc = proc(doc)
        if name == "accordi_money":
            return doc


def test_inferred_currency_cases(blank_extractor):
    text = (
        "Alfa paga 38 miliardi di dollari. Poi 38 miliardi. Beta offre 5 milioni di sterline e 7 milioni. "
        "Frase vuota. Frase vuota. Frase vuota. Gamma: 5 milioni."
    )
    doc = _doc(blank_extractor, text)
    got = [(a["text"], a["currency"], a["currency_inferred"]) for a in doc._.amounts]
    assert got == [
        ("38 miliardi di dollari", "USD", False),
        ("38 miliardi", "USD", True),
        ("5 milioni di sterline", "GBP", False),
        ("7 milioni", "GBP", True),
        ("5 milioni", "GBP", True),
    ]


def test_the_text_after_a_match_is_read_through_a_bounded_window(blank_extractor, monkeypatch):
    """Each match reads at most ``money.AFTER`` characters after it (it used to copy the rest of the text)."""
    sizes = []
    real = money.re.match

    def spy(pattern, string, *args):
        sizes.append(len(string))
        return real(pattern, string, *args)

    monkeypatch.setattr(money.re, "match", spy)
    text = "Alfa paga 3 milioni di euro a Beta. " * 2000
    doc = _doc(blank_extractor, text)
    assert len(doc._.amounts) == 2000
    assert max(sizes) <= money.AFTER


def _steps(extractor, text):
    """Python lines executed in money.py and matching.py while the money component reads ``text``: a count of
    work done, not a timing."""
    doc = extractor.make_doc(text, None)
    for name, proc in extractor.nlp.pipeline:
        if name == "accordi_money":
            break
        doc = proc(doc)
    files = (money.__file__, matching.__file__)
    count = [0]

    def local(frame, event, arg):
        if event == "line":
            count[0] += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename in files else None

    sys.settrace(tracer)
    try:
        proc(doc)
    finally:
        sys.settrace(None)
    return count[0]


def test_work_grows_linearly_with_the_number_of_amounts_and_sentences(blank_extractor):
    unit = "Alfa paga 3 milioni di euro a Beta. Poi altri 4 milioni. Gamma vende il 5% per 2 milioni. "
    small, large = _steps(blank_extractor, unit * 100), _steps(blank_extractor, unit * 400)
    assert large < 4.6 * small, f"{small} lines for 100 repeats, {large} for 400: superlinear"
