"""The ``accordi batch`` command: a thin layer over :func:`pipeline.batch.engine.run`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Optional, Union

import typer

from .. import textio
from ..cli_options import check_published, use_patterns

if TYPE_CHECKING:
    from rich.progress import TaskID

_MAX_WARNINGS = 20


class _Warnings:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, message: str) -> None:
        self.count += 1
        if self.count <= _MAX_WARNINGS:
            typer.echo(f"accordi batch: {message}", err=True)
        elif self.count == _MAX_WARNINGS + 1:
            typer.echo("accordi batch: more malformed input lines; see the error lines in the output", err=True)


class _Bar:
    """A rich progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]accordi batch"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} docs/s"),
            TextColumn("{task.fields[errors]:,} errors"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task: Optional[TaskID] = None

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()

    def __call__(self, s) -> None:
        total = (s.total - s.skipped) if s.total is not None else None
        if self.task is None:
            self.task = self.progress.add_task("batch", total=total, rate=0.0, deals=0, errors=0)
        self.progress.update(self.task, completed=s.documents, rate=s.docs_per_second, deals=s.deals, errors=s.errors)


class _Tee:
    """A text stream for the JSONL sink: standard output and ``FOLDER/results.jsonl``."""

    def __init__(self, folder: str) -> None:
        from pathlib import Path

        Path(folder).mkdir(parents=True, exist_ok=True)
        self.path = str(Path(folder) / "results.jsonl")
        self.fh = open(self.path, "w", encoding="utf-8", newline="\n")

    def write(self, data: str) -> int:
        self.fh.write(data)
        return sys.stdout.write(data)

    def flush(self) -> None:
        self.fh.flush()
        sys.stdout.flush()

    def close(self) -> None:
        self.fh.close()


def _source_options(options: dict):
    """The SourceOptions that ``run`` would build from the same options (whatever fields it has)."""
    import dataclasses

    from .sources import SourceOptions

    names = {f.name for f in dataclasses.fields(SourceOptions)}
    return SourceOptions(**{k: v for k, v in options.items() if k in names})


def _write_pages(source: str, results: str, folder: str, options: dict) -> int:
    """One review page per document and an index, from the input (read again) and the JSONL results."""
    from ..review import batch_pages, write_site
    from .sources import open_source

    src = open_source(source, _source_options(dict(options, warn=None)))
    try:
        with open(results, encoding="utf-8") as fh:
            return write_site(batch_pages(src.iter_from(0), fh, options["max_chars"]), folder)
    except (OSError, ValueError) as err:
        typer.echo(f"accordi: review pages: {err}", err=True)
        raise typer.Exit(1)


def batch(
    source: str = typer.Argument(
        ..., help="Directory of .txt, JSONL (.jsonl/.gz), Parquet file, glob, or - (JSONL on stdin)."
    ),
    output: str = typer.Option("-", "--output", "-o", help="JSONL file (- = stdout), or folder for --format parquet."),
    fmt: str = typer.Option(
        "jsonl",
        "--format",
        "-f",
        help="jsonl (one result per document), csv (one row per deal: the columns of the Parquet deals table) or parquet (articles + deals tables).",
    ),
    published: Optional[str] = typer.Option(
        None,
        "--published",
        help="Publication date (YYYY-MM-DD or YYYY-MM) of documents whose input gives none; a folder's published.csv (file,published) or a date in a file name comes first.",
    ),
    patterns: Optional[list[str]] = typer.Option(
        None,
        "--patterns",
        help="Folder of your own rule rows (organizations.jsonl, deals.jsonl, ...), added to the shipped ones; repeatable (local workers too, not a remote Dask cluster).",
    ),
    html: Optional[str] = typer.Option(
        None,
        "--html",
        help="Also write a review page per article and an index.html (sortable by confidence, type, status) to this folder.",
    ),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes (each loads the model once)."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Documents per chunk handed to a worker."),
    resume: bool = typer.Option(
        False, "--resume", help="Continue an interrupted run: process only what the output lacks."
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing output."),
    model: Optional[str] = typer.Option(None, help="spaCy pipeline name or path ('blank' for none)."),
    dask: Optional[str] = typer.Option(
        None,
        "--dask",
        help="Run on a Dask cluster: tcp://HOST:8786 or tls://HOST:8786 (TLS settings from Dask's config), a scheduler file (*.json), or 'local' for a LocalCluster of --workers processes.",
    ),
    input_format: str = typer.Option("auto", "--input-format", help="auto, txt, jsonl or parquet."),
    pattern: str = typer.Option("*.txt", "--glob", help="Files taken from a directory (recursive)."),
    id_field: str = typer.Option("id", help="JSONL key / Parquet column of the document id."),
    text_field: str = typer.Option("text", help="... of the article text."),
    published_field: str = typer.Option("published", help="... of the publication date."),
    url_field: str = typer.Option("url", help="... of the URL (Parquet output keeps it)."),
    title_field: str = typer.Option("title", help="... of the title (Parquet output keeps it)."),
    encoding: str = typer.Option("utf-8", help="Encoding of the input."),
    max_chars: int = typer.Option(textio.MAX_CHARS, help="Longer documents get an error line."),
    doc_timeout: float = typer.Option(
        300.0, help="Seconds one document may take before it gets an error line (0 = no limit; not on Dask)."
    ),
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress", help="Progress bar (default: when stderr is a terminal)."
    ),
    follow_symlinks: bool = typer.Option(
        False,
        "--follow-symlinks",
        help="Read files that symbolic links in an input folder lead to outside it (skipped with a warning by default).",
    ),
) -> None:
    """Extract deal records from a whole corpus: one result per document, in input order, resumable."""
    from .engine import run
    from .sinks import OutputError
    from .dated import dated
    from .sources import Fields, open_source
    from ..assembly import ModelError

    if fmt not in ("jsonl", "csv", "parquet"):
        raise typer.BadParameter("jsonl, csv or parquet", param_hint="--format")
    published = check_published(published)
    use_patterns(patterns)
    if html is not None:
        if fmt != "jsonl":
            raise typer.BadParameter("--html reads the JSONL results: use it with --format jsonl", param_hint="--html")
        if source == "-":
            raise typer.BadParameter("--html reads the input again: not with standard input", param_hint="--html")
    show = sys.stderr.isatty() if progress is None else progress
    options: dict[str, Any] = dict(  # run()'s keyword arguments, read again for the review pages
        fmt=fmt,
        model=model,
        workers=workers,
        batch_size=batch_size,
        resume=resume,
        overwrite=overwrite,
        fields=Fields(id_field, text_field, published_field, url_field, title_field),
        encoding=encoding,
        pattern=pattern,
        input_format=input_format,
        max_chars=max_chars,
        doc_timeout=doc_timeout,
        dask=dask,
        warn=_Warnings(),
        follow_symlinks=follow_symlinks,
    )
    target: Union[str, _Tee] = output
    tee: Optional[_Tee] = None
    try:
        if (
            html is not None and output == "-"
        ):  # results go to stdout and to HTML/results.jsonl, read back for the pages
            tee = _Tee(html)
            target = tee
        src = dated(open_source(source, _source_options(options)), source, published)
        if show:
            with _Bar() as bar:
                summary = run(src, target, progress=bar, **options)
        else:
            summary = run(src, target, **options)
    except (textio.InputError, OutputError, ModelError) as err:
        typer.echo(f"accordi: {err}", err=True)
        raise typer.Exit(1)
    finally:
        if tee is not None:
            tee.close()
    where = "" if output == "-" else f" -> {output}"
    typer.echo(f"accordi batch: {summary.line()}{where}", err=True)
    if html is not None and not summary.interrupted:
        pages = _write_pages(source, tee.path if tee is not None else output, html, options)
        typer.echo(f"accordi batch: {pages} review pages -> {html}/index.html", err=True)
    if summary.interrupted:
        typer.echo(
            "accordi batch: interrupted; the output is complete up to the last document written. "
            "Run the same command with --resume to finish.",
            err=True,
        )
        raise typer.Exit(130)


def register(app: typer.Typer) -> None:
    """Add ``accordi batch`` to the command line."""
    app.command("batch")(batch)
