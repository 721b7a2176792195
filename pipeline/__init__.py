"""accordi: structured deal records from Italian news."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("accordi")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from . import components  # noqa: E402,F401  (registers the spaCy factories and Doc._ attributes)
from .assembly import add_accordi, build  # noqa: E402
from .extractor import Extractor, extract  # noqa: E402
from .schema import ArticleResult, DealRecord  # noqa: E402
from .textio import InputError  # noqa: E402

__all__ = ["Extractor", "extract", "build", "add_accordi", "ArticleResult", "DealRecord", "InputError", "__version__"]
