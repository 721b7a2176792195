"""The ``accordi`` command line."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from . import __version__, textio
from .assembly import ModelError
from .batch.cli import register as register_batch
from .cli_options import PATTERNS_HELP, check_published, fail, use_patterns
from .evaluate.cli import register as register_evaluate

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Structured deal records (who, what, how much, when, how sure) from Italian news.",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accordi {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    pass


def table_lines(result, name: Optional[str] = None) -> list[str]:
    """One line per deal, for a terminal: article, type, status, confidence, parties (roles), amount, dates."""
    label = name or result.id or "-"
    if result.error:
        return [f"{label}\terror: {result.error}"]
    if not result.deals:
        return [f"{label}\t(no deal)"]
    out = []
    for d in result.deals:
        parties = ", ".join(f"{p.name} ({p.role})" for p in d.parties)
        amount = f"{d.amount.value:,.0f} {d.amount.currency}" if d.amount else ""
        if d.stake_percent is not None:
            amount = (amount + " " if amount else "") + f"{d.stake_percent:g}%"
        dates = " ".join(f"{x.role}={x.value}" for x in d.dates if x.value)
        out.append("\t".join((label, d.deal_type, d.status, f"{d.confidence:.2f}", parties, amount, dates)).rstrip())
    return out


@app.command()
def extract(
    files: list[str] = typer.Argument(
        ...,
        help="Article text file(s) (UTF-8), or - for standard input. "
        "Several files: one JSON line each, id = the file name.",
    ),
    published: Optional[str] = typer.Option(
        None, callback=check_published, help="Publication date (YYYY-MM-DD), anchors relative dates."
    ),
    pretty: bool = typer.Option(False, "--pretty", help="Indent the JSON."),
    fmt: str = typer.Option(
        "json",
        "--format",
        "-f",
        help="json (one object; JSON lines for several files) or table (one line per deal, for a terminal).",
    ),
    model: Optional[str] = typer.Option(None, help="spaCy pipeline name or path ('blank' for none)."),
    encoding: str = typer.Option("utf-8", help="Encoding of the input."),
    patterns: Optional[list[str]] = typer.Option(None, "--patterns", callback=use_patterns, help=PATTERNS_HELP),
    explain: bool = typer.Option(False, "--explain", help="Add to each record the features that decided it."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No warnings on stderr (they stay in the JSON)."),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Say on stderr which model ran and how long each file took."
    ),
) -> None:
    """Read articles and print their deal records (one JSON object, or a JSON line per file)."""
    import time

    from .extractor import Extractor
    from .schema import ArticleResult

    if fmt not in ("json", "table"):
        raise typer.BadParameter("json or table", param_hint="--format")
    try:
        extractor = Extractor(model, explain=explain)
    except ModelError as err:
        fail(str(err))
    if verbose:
        typer.echo(f"accordi: model {extractor.model['name']} {extractor.model['version']}", err=True)
    several, failed = len(files) > 1, 0
    for file in files:
        started = time.perf_counter()
        try:
            if file == "-":
                text = textio.decode(sys.stdin.buffer.read(), encoding, "stdin")
            else:
                text = textio.read_file(file, encoding)
            text = textio.clean(text)
            result = extractor.extract(text, published, file if several else None)
        except textio.InputError as err:
            if not several:
                fail(str(err))
            failed += 1
            typer.echo(f"accordi: {err}", err=True)
            result = ArticleResult(id=file, published=published, model=extractor.model, error=str(err))
        if not quiet and result.error and not several:
            typer.echo(f"accordi: {result.error}", err=True)
        if not quiet:
            for warning in result.warnings:  # also in the JSON; stderr so a person at a terminal sees it
                typer.echo(f"accordi: warning: {file if several else ''}{': ' if several else ''}{warning}", err=True)
        if verbose:
            typer.echo(
                f"accordi: {file}: {len(result.deals)} deal(s) in {time.perf_counter() - started:.2f} s", err=True
            )
        if fmt == "table":
            for line in table_lines(result, file):
                typer.echo(line)
        else:
            typer.echo(result.model_dump_json(indent=2 if pretty and not several else None))
    if failed:
        raise typer.Exit(1)


@app.command()
def show(
    file: str = typer.Argument(..., help="Article text file (UTF-8 or HTML), or - for standard input."),
    published: Optional[str] = typer.Option(
        None, callback=check_published, help="Publication date (YYYY-MM-DD), anchors relative dates."
    ),
    output: str = typer.Option("-", "--output", "-o", help="HTML file to write (- = standard output)."),
    title: Optional[str] = typer.Option(None, help="Title shown on the page (default: the file name)."),
    patterns: Optional[list[str]] = typer.Option(None, "--patterns", callback=use_patterns, help=PATTERNS_HELP),
    url: Optional[str] = typer.Option(None, help="Address of the article, linked from the page."),
    model: Optional[str] = typer.Option(None, help="spaCy pipeline name or path ('blank' for none)."),
    encoding: str = typer.Option("utf-8", help="Encoding of the input."),
) -> None:
    """Write a review page: the article with its mentions highlighted and one card per deal, linked to its evidence."""
    from pathlib import Path

    from .extractor import Extractor
    from .review import render_page

    try:
        if file == "-":
            text = textio.decode(textio.read_capped(sys.stdin.buffer, "stdin"), encoding, "stdin")
        else:
            text = textio.read_file(file, encoding)
        text = textio.clean(text)
        result = Extractor(model).extract(text, published, None if file == "-" else Path(file).name)
    except (textio.InputError, ModelError) as err:
        fail(str(err))
    page = render_page(text, result, title=title or (None if file == "-" else Path(file).name), url=url)
    if output == "-":
        typer.echo(page, nl=False)
        return
    try:
        Path(output).write_text(page, encoding="utf-8")
    except OSError as err:
        fail(f"{output}: cannot write ({err.strerror or type(err).__name__})")
    typer.echo(f"accordi show: {len(result.deals)} deal(s) -> {output}", err=True)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    from .schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@app.command("export-review")
def export_review(
    source: str = typer.Argument(
        ...,
        help="Article file, folder of .txt, JSONL (id, text, published?, url?, title?), glob, or - (JSONL on stdin).",
    ),
    output: str = typer.Option("-", "--output", "-o", help="File to write (- = standard output)."),
    patterns: Optional[list[str]] = typer.Option(None, "--patterns", callback=use_patterns, help=PATTERNS_HELP),
    fmt: str = typer.Option(
        "jsonl",
        "--format",
        "-f",
        help="jsonl (one article per line: text, deals in the gold format, spans for Prodigy / Label Studio) or csv (one row per deal).",
    ),
    published: Optional[str] = typer.Option(
        None, callback=check_published, help="Publication date of documents whose input gives none."
    ),
    model: Optional[str] = typer.Option(None, help="spaCy pipeline name or path ('blank' for none)."),
    encoding: str = typer.Option("utf-8", help="Encoding of the input."),
) -> None:
    """Write accordi's records in a form a person can correct; `accordi eval FILE` reads the corrected file as gold."""
    from pathlib import Path

    from . import correction
    from .batch.dated import dated
    from .batch.sources import SourceOptions, open_source
    from .extractor import Extractor

    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("jsonl or csv", param_hint="--format")
    try:
        path = Path(source)
        if path.is_file() and not path.name.lower().endswith((".jsonl", ".jsonl.gz", ".json", ".parquet")):
            from .batch.sources import TextFiles

            src = dated(TextFiles([path], path.parent, encoding, source), source, published)
        else:
            src = dated(open_source(source, SourceOptions(encoding=encoding)), source, published)
        extractor = Extractor(model)
    except (textio.InputError, ModelError) as err:
        fail(str(err))

    def pairs():
        for rec in src.iter_from(0):
            if rec.error:
                typer.echo(f"accordi: {rec.id}: {rec.error}; skipped", err=True)
                continue
            try:
                text = textio.clean(rec.text)
            except textio.InputError as err:
                typer.echo(f"accordi: {rec.id}: {err}; skipped", err=True)
                continue
            result = extractor.extract(text, rec.published, rec.id)
            result.url, result.title = rec.url, rec.title
            yield text, result

    try:
        if output == "-":
            n = correction.write(pairs(), sys.stdout, fmt)
        else:
            with open(output, "w", encoding="utf-8", newline="" if fmt == "csv" else "\n") as fh:
                n = correction.write(pairs(), fh, fmt)
    except OSError as err:
        fail(f"{output}: cannot write ({err.strerror or type(err).__name__})")
    typer.echo(f"accordi export-review: {n} articles" + ("" if output == "-" else f" -> {output}"), err=True)


# Commands that live beside the code they drive, in the order `accordi --help` lists them.
register_batch(app)
register_evaluate(app)
