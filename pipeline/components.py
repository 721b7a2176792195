"""accordi's spaCy components, in the order they run. Importing this registers their factories."""

from . import extensions  # noqa: F401
from .dimensions import component as _dimensions  # noqa: F401
from .parties import component as _parties  # noqa: F401
from .deals import component as _deals  # noqa: F401
from . import spans as _spans  # noqa: F401

ACCORDI_PIPES = (
    "accordi_money",
    "accordi_durations",
    "accordi_dates",
    "accordi_parties",
    "accordi_deals",
    "accordi_spans",
)
