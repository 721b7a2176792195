"""The ``accordi eval`` command: run the extractor on a gold folder and score it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

import typer

from ..cli_options import fail
from .gold import gold_articles


def run(gold_dirs: list[Path], model: Optional[str] = None, extractor=None):
    """Score the extractor on one or more gold folders; returns (Scores, {id: ArticleResult})."""
    from ..extractor import Extractor
    from .score import Scores

    extractor = extractor or Extractor(model)
    scores, results = Scores(), {}
    for gold_dir in gold_dirs:
        for article_id, text, gold in gold_articles(gold_dir):
            result = extractor.extract(text, gold.published, id=article_id)
            key = f"{gold_dir.name}/{article_id}"
            results[key] = result
            scores.add_article(key, result.deals, gold.deals)
    return scores, results


def _fmt(x) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def table(d: dict, seconds: float, model: str) -> str:
    rows = [f"accordi eval · {d['articles']} articles · model {model} · {seconds:.1f} s", ""]
    rows.append(f"{'':<22}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}")
    for key, label in (
        ("records", "records"),
        ("parties", "parties (matched)"),
        ("parties_all_records", "parties (end to end)"),
        ("amount", "amount (matched)"),
        ("amount_all_records", "amount (end to end)"),
        ("duration", "duration"),
        ("dates", "dates (matched)"),
        ("dates_all_records", "dates (end to end)"),
        ("stake", "stake"),
    ):
        v = d[key]
        rows.append(
            f"{label:<22}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}{v['tp']:>6}{v['fp']:>5}{v['fn']:>5}"
        )
    rows.append("")
    rows.append(f"{'status accuracy':<22}{_fmt(d['status_accuracy'])}")
    rows.append(f"{'type accuracy':<22}{_fmt(d['type_accuracy'])}")
    rows.append(f"{'role accuracy':<22}{_fmt(d['role_accuracy'])}")
    rows.append(f"{'rumor recall':<22}{_fmt(d['rumor_recall'])}  ({d['rumors_gold']} gold rumors)")
    rows.append(f"{'negatives empty':<22}{d['negatives_empty']}/{d['negatives']}")
    rows.append(f"{'ECE':<22}{_fmt(d['ece'])}")
    rows.append(f"{'precision @conf>=0.8':<22}{_fmt(d['precision_at_0.8'])}  ({d['records_at_0.8']} records)")
    if d["reliability"]:
        rows += ["", f"{'confidence':<22}{'records':>8}{'mean':>7}{'right':>7}"]
        for b in d["reliability"]:
            band = f"  {b['from']:.1f}-{b['to']:.1f}"
            rows.append(f"{band:<22}{b['records']:>8}{b['confidence']:>7.2f}{b['precision']:>7.2f}")
    rows += ["", f"{'records by type':<22}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}"]
    for deal_type, v in d["by_type"].items():
        rows.append(
            f"  {deal_type:<20}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}"
            f"{v['tp']:>6}{v['fp']:>5}{v['fn']:>5}"
        )
    statuses = sorted({s for row in d["status_confusion"].values() for s in row} | set(d["status_confusion"]))
    if statuses:
        rows += [
            "",
            "status: gold (rows) × predicted (columns), matched records",
            " " * 14 + "".join(f"{s[:6]:>7}" for s in statuses),
        ]
        for gold in statuses:
            row = d["status_confusion"].get(gold, {})
            rows.append(f"  {gold:<12}" + "".join(f"{row.get(s, 0):>7}" for s in statuses))
    return "\n".join(rows)


def evaluate(gold_dir: list[Path], as_json: bool = False, model: Optional[str] = None, articles: bool = False) -> None:
    """Print the scores of accordi against gold folders (the body of ``accordi eval``, whose options are these);
    exits 1 with a one-line message when a folder is missing or holds no gold."""
    from ..assembly import ModelError
    from ..extractor import Extractor

    for folder in gold_dir:
        if not folder.is_dir():
            typer.echo(f"accordi: not a folder: {folder}", err=True)
            raise typer.Exit(1)
    started = time.perf_counter()
    try:
        extractor = Extractor(model)
    except ModelError as err:
        typer.echo(f"accordi: {err}", err=True)
        raise typer.Exit(1)
    scores, _ = run(gold_dir, extractor=extractor)
    if scores.articles == 0:
        typer.echo("accordi: no NNN.json + NNN.txt pairs found", err=True)
        raise typer.Exit(1)
    d = scores.as_dict(per_article=articles)
    seconds = time.perf_counter() - started
    if as_json:
        d["seconds"] = round(seconds, 2)
        d["model"] = extractor.model
        typer.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    typer.echo(table(d, seconds, extractor.model["name"]))
    if articles:
        for a in d["per_article"]:
            typer.echo(f"  {a['id']:<14} gold {a['gold']:>2}  predicted {a['predicted']:>2}  matched {a['matched']:>2}")


def train_command(
    gold_dir: list[Path] = typer.Argument(
        ..., help="Gold folders to learn from (e.g. corpus/real/tune ../shared/eval/dev corpus)."
    ),
    model: Optional[list[str]] = typer.Option(
        None,
        "--model",
        help="Pipeline(s) whose candidates are learned from (repeatable; default: the default pipeline and 'blank').",
    ),
    out: Optional[Path] = typer.Option(
        None, "-o", "--out", help="Where to write the weights (default: the shipped file)."
    ),
    tune_fraction: float = typer.Option(
        1.0, min=0.01, max=1.0, help="Share of a 'tune' folder to learn from (learning curve)."
    ),
) -> None:
    """Learn the deal decisions (keep, status, roles, calibrated confidence) from gold folders. Needs scikit-learn."""
    from ..assembly import ModelError
    from ..deals.model import WEIGHTS
    from . import train

    for folder in gold_dir:
        if not folder.is_dir():
            typer.echo(f"accordi: not a folder: {folder}", err=True)
            raise typer.Exit(1)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        typer.echo("accordi: training needs scikit-learn: pip install 'accordi[train]'", err=True)
        raise typer.Exit(1)
    models: list[Optional[str]] = list(model) if model else [None, "blank"]
    try:
        rows = train.collect(train.sources_of(gold_dir, tune_fraction), models)
    except ModelError as err:
        typer.echo(f"accordi: {err}", err=True)
        raise typer.Exit(1)
    if len({r for _, _, r in rows.keep}) < 2:
        typer.echo("accordi: too little gold to learn from (need right and wrong candidates)", err=True)
        raise typer.Exit(1)
    weights, report = train.train(rows)
    target = out or WEIGHTS
    train.write(weights, report, gold_dir, models, target)
    typer.echo(json.dumps(report, indent=1))
    typer.echo(f"wrote {target}")


def eval_command(
    gold: list[str] = typer.Argument(
        ...,
        help="Gold folder(s) of NNN.txt + NNN.json, or corrected files (.jsonl, .csv) "
        "written by accordi export-review.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    model: Optional[str] = typer.Option(None, help="spaCy pipeline name or path ('blank' for none)."),
    articles: bool = typer.Option(
        False,
        "--articles",
        help="Also list gold/predicted/matched per article. Not for corpus/real/blind: a blind set looked at "
        "per file is no longer blind.",
    ),
) -> None:
    """Score accordi against gold deal records (record, party, amount, date P/R/F1; status; calibration)."""
    import tempfile

    from ..correction import CorrectionError, to_gold_folder

    with tempfile.TemporaryDirectory(prefix="accordi-gold-") as tmp:
        folders = []
        for k, item in enumerate(gold):
            path = Path(item)
            if path.is_file() and path.suffix.lower() in (".jsonl", ".csv"):
                try:
                    folders.append(to_gold_folder(path, Path(tmp) / str(k) / path.stem))
                except CorrectionError as err:
                    fail(str(err))
            else:
                folders.append(path)
        evaluate(folders, as_json=as_json, model=model, articles=articles)


def register(app: typer.Typer) -> None:
    """Add ``accordi eval`` and ``accordi train`` to the command line."""
    app.command("eval")(eval_command)
    app.command("train")(train_command)
