"""The library surface: what Extractor.pipe takes, n_process > 1 from a script, typing marker, docstrings,
schema descriptions."""

import inspect
import subprocess
import sys
import textwrap
import time
from importlib import resources

import pytest

import pipeline
import pipeline.batch
import pipeline.schema

TEXT = "Enel ha acquisito Alfa Energia per 120 milioni di euro."


def test_pipe_takes_strings_tuples_and_dicts(blank_extractor):
    items = [
        TEXT,
        (TEXT,),
        (TEXT, "2025-03-14"),
        (TEXT, "2025-03-14", "t3"),
        [TEXT, None, "l4"],
        {"text": TEXT, "published": "2025-03", "id": "d5", "url": "https://example.org/5", "title": "T"},
    ]
    results = list(blank_extractor.pipe(items))
    assert [r.id for r in results] == [None, None, None, "t3", "l4", "d5"]
    assert [r.published for r in results] == [None, None, "2025-03-14", "2025-03-14", None, "2025-03"]
    assert results[5].url == "https://example.org/5" and results[5].title == "T"
    assert all(r.deals and r.error is None for r in results)


@pytest.mark.parametrize(
    "bad",
    [
        42,
        b"bytes are not text",
        None,
        {"body": TEXT},
        {"text": TEXT, "pubished": "2025-03-14"},
        (TEXT, None, "id", "extra"),
        (),
        {1, 2},
    ],
)
def test_pipe_refuses_anything_else_with_a_type_error(blank_extractor, bad):
    with pytest.raises(TypeError):
        list(blank_extractor.pipe([bad]))


def _script(tmp_path, body: str):
    path = tmp_path / "script.py"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, str(path)], capture_output=True, timeout=300, cwd=tmp_path)
    return proc, time.monotonic() - start


def test_n_process_from_a_script_without_a_main_guard_says_to_add_one(tmp_path):
    proc, seconds = _script(
        tmp_path,
        f"""
        from pipeline import Extractor
        ex = Extractor("blank")
        print(len(list(ex.pipe([{TEXT!r}] * 4, n_process=2))))
    """,
    )
    err = proc.stderr.decode()
    assert proc.returncode != 0
    assert 'if __name__ == "__main__":' in err and "RuntimeError" in err
    assert "bootstrapping" not in err
    assert seconds < 60


def test_n_process_from_a_guarded_script_matches_one_process(tmp_path):
    proc, _ = _script(
        tmp_path,
        f"""
        from pipeline import Extractor

        def main():
            ex = Extractor("blank")
            items = [({TEXT!r}, "2025-03-14", str(i)) for i in range(6)]
            two = [r.model_dump() for r in ex.pipe(items, n_process=2)]
            one = [r.model_dump() for r in ex.pipe(items)]
            print("same" if two == one else "different")

        if __name__ == "__main__":
            main()
    """,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().strip() == "same"


def test_the_package_says_it_is_typed():
    assert resources.files("pipeline").joinpath("py.typed").is_file()


def _public_classes():
    seen = {}
    for module, names in ((pipeline, pipeline.__all__), (pipeline.batch, pipeline.batch.__all__)):
        for name in names:
            obj = getattr(module, name)
            if inspect.isclass(obj):
                seen[name] = obj
    for name, obj in vars(pipeline.schema).items():
        if inspect.isclass(obj) and obj.__module__ == "pipeline.schema" and not name.startswith("_"):
            seen[name] = obj
    return seen


def test_public_classes_have_docstrings():
    missing = [name for name, cls in _public_classes().items() if not (cls.__dict__.get("__doc__") or "").strip()]
    assert not missing


def test_every_schema_field_is_described():
    schema = pipeline.schema.json_schema()
    missing = [
        (name, field)
        for name, d in [("ArticleResult", schema), *schema["$defs"].items()]
        for field, prop in d.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert not missing


def test_empty_text_is_treated_the_same_in_extract_pipe_and_batch(blank_extractor):
    import io
    import json as _json

    from pipeline.batch import run

    for text in ("", "  \n\t "):
        one = blank_extractor.extract(text, "2025-03-14", "e")
        piped = next(iter(blank_extractor.pipe([(text, "2025-03-14", "e")])))
        out = io.StringIO()
        run([{"id": "e", "text": text, "published": "2025-03-14"}], out, model="blank")
        batched = _json.loads(out.getvalue())
        assert one.error == piped.error == batched["error"] == "empty document"
        assert one.deals == piped.deals == [] and batched["deals"] == []


def test_a_processed_doc_survives_to_bytes(extractor):
    """spaCy's nlp.pipe(n_process=N) ships Docs back with to_bytes: what the components cache on a Doc must pack."""
    from spacy.tokens import Doc

    doc = extractor.nlp(
        "Enel ha acquisito Alfa Energia per 120 milioni di euro. Secondo fonti, Eni sarebbe interessata."
    )
    back = Doc(extractor.nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.deals == doc._.deals and back._.deals
