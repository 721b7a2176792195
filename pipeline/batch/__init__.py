"""Batch processing of a corpus: ``run(source, output, ...)`` from Python, ``accordi batch`` on the command line."""

from .engine import Summary, run  # noqa: F401
from .sinks import OutputError  # noqa: F401
from .sources import Fields, Record, Source, open_source  # noqa: F401

__all__ = ["run", "Summary", "OutputError", "Fields", "Record", "Source", "open_source"]
