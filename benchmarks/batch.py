"""Batch throughput benchmark (issue 7). Not a test: a reproducible command whose figures go in the notes.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/batch.py --n 2000 --out benchmarks/out/batch

1. generates N articles from ``corpus/`` (party names, numbers, years, months and publication dates varied)
   into ``OUT/articles.jsonl`` (``benchmarks/out/`` is git-ignored; nothing generated is committed);
2. measures, each in a fresh process: ``spacy.blank("it")`` tokenizer only (the floor); the base model's own
   ``nlp.pipe`` without accordi components; ``accordi batch`` with 1 and 2 workers; the same on a 2-worker
   Dask LocalCluster — seconds, docs/s, words/s, peak RSS per worker and RSS growth over the run;
3. kills a 2-worker ``accordi batch`` with SIGKILL halfway, resumes it and compares the output with the
   uninterrupted run byte for byte.

Timings exclude loading the model and starting processes/clusters ("steady": from the first finished chunk
to the last; "wall" includes everything after the model is loaded in the parent). Ratios are what count.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# PYTHONPATH may point at a frozen copy of the tree (other work goes on in this one): every process uses it.
CODE_PATH = os.environ.get("PYTHONPATH") or str(ROOT)
sys.path.insert(0, CODE_PATH.split(os.pathsep)[0])

# ------------------------------------------------------------------ generator

_HEADS = [
    "Alfa",
    "Borealis",
    "Castello",
    "Dolomia",
    "Etruria",
    "Falco",
    "Gemini",
    "Iride",
    "Lario",
    "Monviso",
    "Nettuno",
    "Orsa",
    "Padana",
    "Quercia",
    "Rialto",
    "Sirio",
    "Tirreno",
    "Umbra",
    "Vesta",
    "Zenit",
    "Aurora",
    "Brenta",
    "Corallo",
    "Dora",
    "Elba",
    "Fenice",
    "Garda",
    "Ionio",
    "Ligure",
    "Marmolada",
]
_TAILS = [
    "Energia",
    "Holding",
    "Capital",
    "Tech",
    "Group",
    "Infrastrutture",
    "Sistemi",
    "Logistica",
    "Partners",
    "Banca",
    "Reti",
    "Servizi",
    "Industrie",
    "Investimenti",
    "Digitale",
    "Costruzioni",
    "Farmaceutici",
]
_FORMS = ["S.p.A.", "S.r.l.", "", "", ""]
_MONTHS = "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split()
_MONTH_RE = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
_NUM_RE = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR_RE = re.compile(r"^(19|20)\d\d$")


def _fake_name(rng: random.Random) -> str:
    return " ".join(x for x in (rng.choice(_HEADS), rng.choice(_TAILS), rng.choice(_FORMS)) if x)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper() and "." not in w)


def _vary(text: str, names: list[str], rng: random.Random) -> str:
    mapping = {}
    for name in sorted(set(names), key=len, reverse=True):
        new = _fake_name(rng)
        mapping[name] = _acronym(new) if name.isupper() and len(name) <= 6 else new
    if mapping:
        text = re.sub(
            "|".join(re.escape(n) for n in sorted(mapping, key=len, reverse=True)), lambda m: mapping[m.group(0)], text
        )

    def number(m: re.Match) -> str:
        s = m.group(0)
        if _YEAR_RE.match(s):
            return str(rng.randint(2015, 2028))
        following = text[m.end() : m.end() + 12]
        if len(s) <= 2 and _MONTH_RE.match(following.strip()):
            return str(rng.randint(1, 28))
        digits = [str(rng.randint(1 if i == 0 else 0, 9)) if ch.isdigit() else ch for i, ch in enumerate(s)]
        return "".join(digits)

    text = _NUM_RE.sub(number, text)
    return _MONTH_RE.sub(lambda m: rng.choice(_MONTHS), text)


def generate(n: int, path: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    templates = []
    for txt in sorted((ROOT / "corpus").glob("*.txt")):
        gold = txt.with_suffix(".json")
        names = []
        if gold.is_file():
            for deal in json.loads(gold.read_text(encoding="utf-8")).get("deals", []):
                for party in deal.get("parties", []):
                    names.append(party["name"])
                    names += [a for a in party.get("aliases", []) if a[:1].isupper()]
        templates.append((txt.stem, txt.read_text(encoding="utf-8"), [x for x in names if len(x) > 1]))
    if not templates:
        raise SystemExit("corpus/ has no articles to generate from")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            stem, text, names = templates[i % len(templates)]
            published = f"{rng.randint(2018, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            row = {"id": f"gen{i:05d}-{stem}", "text": _vary(text, names, rng), "published": published}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


# ------------------------------------------------------------------ measurements (each in its own process)


def _peak_rss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _texts(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh]


def measure(kind: str, articles: Path, out: Path, model: str | None) -> dict:
    from pipeline.batch import worker

    texts = _texts(articles)
    words = sum(len(t.split()) for t in texts)
    result = {"kind": kind, "docs": len(texts), "words": words}
    if kind in ("floor", "model"):
        import spacy

        from pipeline import assembly

        nlp = spacy.blank("it") if kind == "floor" else assembly.load_base(model)
        result["model"] = assembly.model_info(nlp)["name"] + " " + "+".join(nlp.pipe_names)
        rss0 = worker.rss_bytes()
        start, cpu = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        result["seconds"] = result["steady"] = time.perf_counter() - start
        result["workers"] = [
            {"peak_rss": _peak_rss(), "first_rss": rss0, "rss": worker.rss_bytes(), "cpu": time.process_time() - cpu}
        ]
        result["parent_cpu"] = 0.0
        return result

    if kind == "profile":  # where the time goes inside the accordi pipeline, component by component
        from pipeline.extractor import Extractor

        ex = Extractor(model)
        sample = texts[:300]
        spent: dict = {}
        for text in sample:
            start = time.perf_counter()
            doc = ex.make_doc(text, None)
            spent["tokenizer"] = spent.get("tokenizer", 0) + time.perf_counter() - start
            for name, proc in ex.nlp.pipeline:
                start = time.perf_counter()
                doc = proc(doc)
                spent[name] = spent.get(name, 0) + time.perf_counter() - start
            start = time.perf_counter()
            ex.result(doc).model_dump_json()
            spent["result+json"] = spent.get("result+json", 0) + time.perf_counter() - start
        result["ms_per_doc"] = {k: round(v / len(sample) * 1000, 2) for k, v in spent.items()}
        return result

    from pipeline.batch import run

    workers = 2 if kind in ("accordi2", "dask2") else 1
    client = cluster = None
    marks = []

    def progress(summary):
        if not marks:
            marks.append((summary.seconds, summary.documents))

    if kind == "dask2":
        import logging

        import distributed

        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
            env={"OMP_NUM_THREADS": "1"},
        )
        client = distributed.Client(cluster)
        client.wait_for_workers(2)
        client.run(worker.warm, worker.Job(model=model))  # model loaded once per worker, before timing
    elif workers == 1:
        worker.extractor(model)  # load before timing, as for the model's own nlp.pipe
    summary = run(articles, out, model=model, workers=workers, overwrite=True, dask=client, progress=progress)
    result["model"] = worker.extractor(model).model["name"] if workers == 1 else model or "default"
    result["seconds"] = summary.seconds
    first_s, first_docs = marks[0]
    result["steady"] = (summary.seconds - first_s) * summary.documents / max(1, summary.documents - first_docs)
    result["deals"], result["errors"] = summary.deals, summary.errors
    result["workers"] = [
        {
            "pid": w.pid,
            "docs": w.documents,
            "peak_rss": w.peak_rss,
            "first_rss": w.first_rss,
            "rss": w.rss,
            "cpu": w.cpu,
        }
        for w in summary.workers.values()
    ]
    # with 1 worker the work runs in this process: its chunk CPU is already in the worker figure
    result["parent_cpu"] = summary.parent_cpu - (sum(w.cpu for w in summary.workers.values()) if workers == 1 else 0)
    if client is not None:
        client.close()
        cluster.close()
    return result


def _sub(kind: str, articles: Path, out: Path, model: str | None) -> dict:
    cmd = [sys.executable, __file__, "_measure", kind, str(articles), str(out)] + (["--model", model] if model else [])
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=CODE_PATH)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode:
        raise SystemExit(f"{kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def kill_and_resume(articles: Path, reference: Path, out: Path, model: str | None, workers: int = 2) -> dict:
    n = sum(1 for _ in open(articles, encoding="utf-8"))
    base = [
        sys.executable,
        "-c",
        "from pipeline.cli import app; app(prog_name='accordi')",
        "batch",
        str(articles),
        "-o",
        str(out),
        "--workers",
        str(workers),
    ] + (["--model", model] if model else [])
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=CODE_PATH)
    out.unlink(missing_ok=True)
    cwd = CODE_PATH.split(os.pathsep)[0]  # `python -c` puts the working directory first on sys.path
    proc = subprocess.Popen(
        base + ["--overwrite"], env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while proc.poll() is None:
        if out.is_file() and out.read_bytes().count(b"\n") >= n // 2:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    at_kill = out.read_bytes().count(b"\n")
    torn = not out.read_bytes().endswith(b"\n")
    subprocess.run(
        base + ["--resume"], env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    data = out.read_bytes()
    ids = [json.loads(line)["id"] for line in data.splitlines()]
    return {
        "lines_at_kill": at_kill,
        "torn_line_at_kill": torn,
        "lines_after_resume": len(ids),
        "unique_ids": len(set(ids)),
        "identical_to_uninterrupted": data == reference.read_bytes(),
    }


def _mb(x: int) -> str:
    return f"{x / 2**20:.0f}"


def report(results: list[dict], resume: dict) -> str:
    by = {r["kind"]: r for r in results}
    names = {
        "floor": 'spacy.blank("it") tokenizer',
        "model": "base model nlp.pipe (no accordi)",
        "accordi1": "accordi batch, 1 worker",
        "accordi2": "accordi batch, 2 workers",
        "dask2": "accordi batch, Dask LocalCluster 2 workers",
    }
    rows = [
        "| run | model | s (steady) | s (wall) | docs/s | words/s | CPU ms/doc (workers + parent) "
        "| peak RSS MB per worker | RSS first→last MB |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for kind in ("floor", "model", "accordi1", "accordi2", "dask2"):
        r = by.get(kind)
        if not r:
            continue
        peaks = ", ".join(_mb(w["peak_rss"]) for w in r["workers"])
        growth = ", ".join(f"{_mb(w['first_rss'])}→{_mb(w['rss'])}" for w in r["workers"])
        cpu = sum(w.get("cpu", 0) for w in r["workers"]) / r["docs"] * 1000
        parent = r.get("parent_cpu", 0) / r["docs"] * 1000
        rows.append(
            f"| {names[kind]} | {r.get('model', '')} | {r['steady']:.2f} | {r['seconds']:.2f} | "
            f"{r['docs'] / r['steady']:.1f} | {r['words'] / r['steady']:.0f} | {cpu:.1f} + {parent:.1f} | "
            f"{peaks} | {growth} |"
        )
    ratios = []
    if "model" in by and "accordi1" in by:
        ratios.append(
            f"accordi 1 worker / model's own nlp.pipe: {by['accordi1']['steady'] / by['model']['steady']:.2f}× "
            f"(target ≤ 1.3×)"
        )
    if "accordi1" in by and "accordi2" in by:
        ratios.append(
            f"speed-up 2 workers vs 1: {by['accordi1']['steady'] / by['accordi2']['steady']:.2f}× (target ≥ 1.8×)"
        )
    if "accordi2" in by and "dask2" in by:
        ratios.append(
            f"Dask / local 2 workers time: {by['dask2']['steady'] / by['accordi2']['steady']:.2f}× (target ≤ 1.25×)"
        )
    if "floor" in by and "model" in by:
        ratios.append(f"model / tokenizer floor: {by['model']['steady'] / by['floor']['steady']:.1f}×")
    lines = rows + [""] + [f"- {x}" for x in ratios]
    lines.append(f"- kill -9 halfway + --resume: {json.dumps(resume)}")
    if "profile" in by:
        lines.append(
            f"- ms per document by component (first 300 articles, 1 process): {json.dumps(by['profile']['ms_per_doc'])}"
        )
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_measure":
        ap = argparse.ArgumentParser()
        ap.add_argument("cmd"), ap.add_argument("kind"), ap.add_argument("articles"), ap.add_argument("out")
        ap.add_argument("--model")
        a = ap.parse_args()
        print(json.dumps(measure(a.kind, Path(a.articles), Path(a.out), a.model)))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles to generate")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "batch"))
    ap.add_argument("--model", help="base model (default: what assembly.load_base() picks)")
    ap.add_argument("--resume-workers", type=int, default=2, help="workers of the killed and resumed run")
    ap.add_argument("--only", help="comma-separated: floor,model,accordi1,accordi2,dask2,resume,profile")
    ap.add_argument("--report", action="store_true", help="only print the table of OUT/results.json")
    a = ap.parse_args()
    out = Path(a.out).resolve()
    if a.report:
        saved = json.loads((out / "results.json").read_text())
        print(report(saved["results"], saved["resume"]))
        return
    articles = generate(a.n, out / "articles.jsonl")
    only = (
        set(a.only.split(",")) if a.only else {"floor", "model", "accordi1", "accordi2", "dask2", "resume", "profile"}
    )
    results: list = []
    resume: dict = {}

    def save():
        (out / "results.json").write_text(json.dumps({"results": results, "resume": resume}, indent=2))

    for kind in ("floor", "model", "accordi1", "accordi2", "dask2", "profile"):
        if kind in only:
            results.append(_sub(kind, articles, out / f"{kind}.jsonl", a.model))
            print(f"{kind}: {results[-1].get('seconds', 0):.2f} s", file=sys.stderr)
            save()
    if "resume" in only:
        reference = out / "accordi1.jsonl"
        if "accordi1" not in only:  # the reference must come from these very articles
            results.append(_sub("accordi1", articles, reference, a.model))
        resume = kill_and_resume(articles, reference, out / "resumed.jsonl", a.model, a.resume_workers)
        save()
    print(report(results, resume))


if __name__ == "__main__":
    main()
