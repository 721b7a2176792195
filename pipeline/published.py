"""The one check of a publication date, used by the CLI, batch runs and the library.

A publication date is a real calendar date, ``YYYY-MM-DD`` or ``YYYY-MM`` (a string), or a ``datetime.date``
(a ``datetime`` counts as its date). A string that starts with such a date and goes on with a time
(``2025-03-14T09:30:00Z``, as exports often have) is read as that date. Anything else is refused: the CLI
says so in one line (exit 2); a batch run and the library keep the document, without the date, with a
warning in ``warnings``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Optional

FORMAT = "YYYY-MM-DD or YYYY-MM"
WARNINGS_KEY = "accordi_warnings"  # doc.user_data: warnings for the result (a publication date ignored)
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:$|[T ]\S*$)")


class PublishedError(ValueError):
    """Not a publication date; the message is one line."""


def normalise(value: Any) -> Optional[str]:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / None for a publication date; raises :class:`PublishedError` otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise PublishedError(f"published {value!r} is a {type(value).__name__}, not a date ({FORMAT})")
    shown = repr(value.strip()[:40])
    match = _DATE.match(value.strip())
    if not match:
        raise PublishedError(f"published {shown} is not a date ({FORMAT})")
    year, month, day = int(match[1]), int(match[2]), int(match[3]) if match[3] else None
    try:
        date(year, month, day or 1)
    except ValueError as err:
        raise PublishedError(f"published {shown} is not a real date ({err}); use {FORMAT}") from None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def on_doc(doc) -> Optional[str]:
    """Check ``doc._.published`` in place (the dates component does, so every path is covered: the CLI, batch,
    the library, a user's own spaCy pipeline). A value that is not a date becomes None, with a warning kept in
    ``doc.user_data`` for the result."""
    value, warning = checked(doc._.published)
    doc._.published = value
    if warning:
        doc.user_data.setdefault(WARNINGS_KEY, []).append(warning)
    return value


def checked(value: Any) -> tuple[Optional[str], Optional[str]]:
    """(the date or None, a warning or None): for places that go on without the date."""
    try:
        return normalise(value), None
    except PublishedError as err:
        return None, f"{err}; ignored, so relative dates get no value"
