"""What every ``accordi`` subcommand shares: the one-line failure and the checks of ``--published`` and
``--patterns`` (here, below the commands, so the sub-packages' commands need not import :mod:`pipeline.cli`)."""

from __future__ import annotations

from typing import NoReturn, Optional

import typer


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"accordi: {message}", err=True)
    raise typer.Exit(code)


def check_published(value: Optional[str]) -> Optional[str]:
    """``--published``: the one check of :mod:`pipeline.published`; a bad date is a one-line usage error."""
    from .published import PublishedError, normalise

    try:
        return normalise(value)
    except PublishedError as err:
        fail(f"--published: {err}", code=2)  # one line, exit 2 (a usage error)


def use_patterns(value: Optional[list[str]]) -> Optional[list[str]]:
    """``--patterns DIR``: user rule rows, checked before anything runs (one-line error with file:line)."""
    if value:
        from .resources import RuleError, use_patterns as _use

        try:
            _use(value)
        except RuleError as err:
            fail(str(err), code=2)
    return value


PATTERNS_HELP = (
    "Folder of your own rule rows (organizations.jsonl, deals.jsonl, ... as in patterns/it/), added to "
    "the shipped ones; repeatable."
)
