"""Fuzzing ``extract`` and ``batch`` (issue 15): random Unicode (lone surrogates included), random bytes, HTML
fragments and mutated real articles. Whatever comes in: no exception but ``InputError``; every output valid
against ``accordi schema``; every offset inside the text accordi read, every span's text and every evidence
sentence equal to that text at its offsets. Bounded for CI: a fixed number of examples, derandomised, well
under a minute."""

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline import InputError, textio
from pipeline.batch import run
from pipeline.schema import json_schema

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
ARTICLES = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:12]]
VALIDATOR = jsonschema.Draft202012Validator(json_schema())
FUZZ = settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

unicode_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=300) | st.lists(
    st.sampled_from(
        [
            "\ud800",
            "\udfff",
            "\x00",
            "\u200b",
            "\ufeff",
            "€",
            "«",
            "’",
            "\r\n",
            '"' * 150,
            "1" * 120,
            "3 milioni di euro",
            "Alfa S.p.A.",
            "ha acquisito",
            "il 29,9%",
            "entro il 2026",
            "\t",
        ]
    ),
    max_size=30,
).map("".join)

_TAGS = ["p", "div", "span", "b", "a href='x'", "br", "script", "style", "h1", "li", "article", "!--", "td"]
html_fragment = st.lists(
    st.one_of(
        st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(_TAGS).map(lambda t: f"</{t.split()[0]}>"),
        st.sampled_from(["&amp;", "&euro;", "&#8364;", "&#xD800;", "&nbsp;", "<", ">", "&"]),
        st.sampled_from(ARTICLES).map(lambda a: a[:200]),
        st.text(max_size=20),
    ),
    max_size=40,
).map(lambda parts: "<html><body><p>" + "".join(parts) + "</p><div>fine</div>")


@st.composite
def mutated_article(draw):
    text = draw(st.sampled_from(ARTICLES))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "run"]))
        if op == "insert":
            text = text[:at] + draw(st.text(max_size=15)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif op == "duplicate":
            text = text[:at] + text[at : at + 300] * draw(st.integers(1, 4)) + text[at:]
        else:
            text = (
                text[:at]
                + draw(st.sampled_from(['"', ".", "(", "-", "1", "€", " "])) * draw(st.integers(50, 3000))
                + text[at:]
            )
    return text


def check_result(data: dict, text: str) -> None:
    """``data``: one output line; ``text``: the article text as accordi read it (HTML: its visible text)."""
    VALIDATOR.validate(data)
    if data["error"] is not None:
        assert "\n" not in data["error"]
        return

    def span(item, exact=True):
        if item.get("start") is None:
            return
        assert 0 <= item["start"] <= item["end"] <= len(text), item
        if exact and item.get("text") is not None:
            assert text[item["start"] : item["end"]] == item["text"], item

    mentions = data["mentions"]
    for kind in ("amounts", "prices", "stakes", "durations", "dates", "parties"):
        for item in mentions[kind]:
            span(item)
    for deal in data["deals"]:
        for party in deal["parties"]:
            span(party, exact=False)  # the name is the canonical one, not the text at the offsets
        for key in ("amount", "price_per_share", "duration"):
            if deal.get(key):
                span(deal[key])
        for date in deal["dates"]:
            span(date)
        spans = deal.get("evidence_spans") or []
        for sp in spans:
            span(sp)
        assert [sp["text"] for sp in spans] == deal["evidence"] if spans else True
        for sentence in deal["evidence"]:
            assert sentence in text


def check_extract(extractor, text) -> None:
    try:
        result = extractor.extract(text, "2025-03-14")
    except InputError as err:
        assert "\n" not in str(err)
        return
    check_result(json.loads(result.model_dump_json()), textio.clean(text, extractor.max_chars))


@FUZZ
@given(st.one_of(unicode_text, html_fragment))
def test_extract_unicode_and_html(blank_extractor, text):
    check_extract(blank_extractor, text)


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_extract_random_bytes(blank_extractor, data, encoding):
    try:
        text = textio.decode(data, encoding)
    except InputError:
        return
    check_extract(blank_extractor, text)


@settings(FUZZ, max_examples=60)
@given(mutated_article())
def test_extract_mutated_articles_with_the_default_model(extractor, text):
    check_extract(extractor, text)


@settings(FUZZ, max_examples=150)
@given(
    st.lists(st.one_of(unicode_text, html_fragment, mutated_article(), st.binary(max_size=200)), min_size=1, max_size=6)
)
def test_batch(tmp_path_factory, docs):
    """The same inputs as JSONL lines (bytes: raw, so possibly not JSON at all) through ``accordi batch``."""
    folder = tmp_path_factory.mktemp("fuzz")
    src, out = folder / "in.jsonl", folder / "out.jsonl"
    texts = {}
    with open(src, "wb") as fh:
        for i, doc in enumerate(docs):
            if isinstance(doc, bytes):
                fh.write(doc.replace(b"\n", b" ").strip() or b"x")
            else:
                texts[f"d{i}"] = doc
                fh.write(json.dumps({"id": f"d{i}", "text": doc}).encode())
            fh.write(b"\n")
    summary = run(src, out, model="blank", overwrite=True)
    lines = out.read_bytes().decode("utf-8").splitlines()
    assert summary.documents == len(docs) == len(lines)
    for line in lines:
        data = json.loads(line)
        if data["id"] in texts and data["error"] is None:
            check_result(data, textio.clean(texts[data["id"]]))
        else:
            VALIDATOR.validate(data)
