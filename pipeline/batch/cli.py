"""PLACEHOLDER (issue 7 replaces it): the ``accordi batch`` command."""
import typer


def batch(source: str = typer.Argument(..., help="Directory, JSONL or Parquet file of articles.")) -> None:
    """Extract deal records from a whole corpus."""
    typer.echo("accordi batch: not implemented yet", err=True)
    raise typer.Exit(1)
