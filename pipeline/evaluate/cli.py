"""PLACEHOLDER (issue 6 replaces it): the ``accordi eval`` command."""
import typer


def evaluate(gold_dir: str = typer.Argument(..., help="Folder of NNN.txt + NNN.json gold files.")) -> None:
    """Score accordi against gold deal records."""
    typer.echo("accordi eval: not implemented yet", err=True)
    raise typer.Exit(1)
