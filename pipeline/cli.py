"""The ``accordi`` command line."""
from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from . import __version__, textio
from .assembly import ModelError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Structured deal records (who, what, how much, when, how sure) from Italian news.",
    pretty_exceptions_enable=False,
)

def fail(message: str, code: int = 1) -> None:
    typer.echo(f"accordi: {message}", err=True)
    raise typer.Exit(code)


def check_published(value: Optional[str]) -> Optional[str]:
    """``--published``: the one check of :mod:`pipeline.published`; a bad date is a one-line usage error."""
    from .published import PublishedError, normalise

    try:
        return normalise(value)
    except PublishedError as err:
        fail(f"--published: {err}", code=2)  # one line, exit 2 (a usage error)
        raise  # unreachable: fail() exits


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accordi {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    pass


@app.command()
def extract(
    file: str = typer.Argument(..., help="Article text file (UTF-8), or - for standard input."),
    published: Optional[str] = typer.Option(
        None, callback=check_published, help="Publication date (YYYY-MM-DD), anchors relative dates."
    ),
    pretty: bool = typer.Option(False, "--pretty", help="Indent the JSON."),
    model: Optional[str] = typer.Option(None, help="spaCy pipeline name or path ('blank' for none)."),
    encoding: str = typer.Option("utf-8", help="Encoding of the input."),
    explain: bool = typer.Option(False, "--explain", help="Add to each record the features that decided it."),
) -> None:
    """Read one article and print its deal records as one JSON object."""
    from .extractor import Extractor

    try:
        if file == "-":
            text = textio.decode(sys.stdin.buffer.read(), encoding, "stdin")
        else:
            text = textio.read_file(file, encoding)
        text = textio.clean(text)
        result = Extractor(model, explain=explain).extract(text, published)
    except (textio.InputError, ModelError) as err:
        fail(str(err))
    for warning in result.warnings:  # also in the JSON; stderr so a person at a terminal sees it
        typer.echo(f"accordi: warning: {warning}", err=True)
    typer.echo(result.model_dump_json(indent=2 if pretty else None))


@app.command()
def show(
    file: str = typer.Argument(..., help="Article text file (UTF-8 or HTML), or - for standard input."),
    published: Optional[str] = typer.Option(
        None, callback=check_published, help="Publication date (YYYY-MM-DD), anchors relative dates."
    ),
    output: str = typer.Option("-", "--output", "-o", help="HTML file to write (- = standard output)."),
    title: Optional[str] = typer.Option(None, help="Title shown on the page (default: the file name)."),
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
            text = textio.decode(sys.stdin.buffer.read(), encoding, "stdin")
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


# Commands that live beside the code they drive.
from .batch.cli import batch  # noqa: E402
from .evaluate.cli import evaluate, train_command  # noqa: E402

app.command("batch")(batch)
app.command("eval")(evaluate)
app.command("train")(train_command)
