"""``python -m pipeline``: the ``accordi`` command line."""

from .cli import app

app(prog_name="accordi")
