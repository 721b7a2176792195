"""Cost against document length (issue 15). Not a test: a reproducible command whose figures go in the README.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/length.py                 # 10k ... 1M characters, default model
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/length.py --model blank --kind quotes --sizes 10000,100000

Each size runs in a fresh process (so peak RSS is that document's): load the pipeline, extract one short
article (warm-up), then one document of N characters, timing each stage (tokenizer, every component, building
the result). Kinds: ``article`` (the corpus articles one after another, cut at N: a long real text),
``quotes`` (N × '"'), ``digits`` (runs of digits), ``amounts`` (one amount sentence repeated). Reports seconds
and seconds per 10k characters, peak RSS (VmHWM) and its growth over the loaded pipeline, and the stages that
took most.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)


def make_text(kind: str, n: int) -> str:
    if kind == "article":
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
        unit = "\n\n".join(texts)
    elif kind == "quotes":
        unit = '"' * 1000
    elif kind == "digits":
        unit = "1234567890" * 30 + " "
    elif kind == "amounts":
        unit = "Alfa paga 3 milioni di euro a Beta. "
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    return (unit * (n // len(unit) + 1))[:n]


def hwm_mb() -> float:
    with open("/proc/self/status") as fh:
        return int(re.search(r"VmHWM:\s+(\d+)", fh.read()).group(1)) / 1024


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return int(re.search(r"VmRSS:\s+(\d+)", fh.read()).group(1)) / 1024


def one(model: str | None, kind: str, n: int) -> dict:
    """Runs in the child process."""
    from pipeline import Extractor

    ex = Extractor(model)
    ex.extract("Alfa S.p.A. ha acquisito Beta per 3 milioni di euro il 9 ottobre 2025.")
    base = rss_mb()
    text = make_text(kind, n)
    stages: dict = {}
    start = t = time.perf_counter()
    clean = ex_clean(ex, text)
    for name, doc in ex.stages(clean):  # what extract() runs: a long text goes through the model in pieces
        now = time.perf_counter()
        stages[name] = stages.get(name, 0.0) + now - t
        t = now
    ex.result(doc).model_dump_json()
    stages["result"] = time.perf_counter() - t
    seconds = time.perf_counter() - start
    return {
        "chars": n,
        "seconds": seconds,
        "per10k": seconds / n * 10_000,
        "peak_mb": hwm_mb(),
        "growth_mb": hwm_mb() - base,
        "stages": stages,
        "model": f"{ex.model['name']}-{ex.model['version']}",
    }


def ex_clean(ex, text: str) -> str:
    from pipeline import textio

    return textio.clean(text, ex.max_chars)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="as accordi's --model (default: the default pipeline)")
    ap.add_argument("--kind", default="article", choices=["article", "quotes", "digits", "amounts"])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated character counts")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(one(args.model, args.kind, args.child)))
        return
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
    print(f"kind {args.kind}, model {args.model or 'default'}")
    print("| characters | seconds | s / 10k chars | peak RSS (MB) | growth (MB) | slowest stages |")
    print("|---:|---:|---:|---:|---:|---|")
    for n in map(int, args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--kind", args.kind, "--child", str(n)]
        if args.model:
            cmd += ["--model", args.model]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode:
            print(f"| {n:,} | failed: {proc.stderr.strip().splitlines()[-1]} |||||")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        top = sorted(r["stages"].items(), key=lambda kv: -kv[1])[:3]
        print(
            f"| {n:,} | {r['seconds']:.2f} | {r['per10k']:.3f} | {r['peak_mb']:.0f} | {r['growth_mb']:.0f} | "
            + ", ".join(f"{k} {v:.2f}" for k, v in top)
            + " |",
            flush=True,
        )


if __name__ == "__main__":
    main()
