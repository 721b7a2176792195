"""Turning whatever the user hands us into article text, or a clear one-line reason why not."""

from __future__ import annotations

import codecs
import html
import re
from html.parser import HTMLParser
from pathlib import Path

MAX_CHARS = 1_000_000  # spaCy's own default limit; a longer "article" is almost always a whole dump
# Raw input read for one document, per character of the limit: UTF-8 takes up to 4 bytes a character, a JSON
# escape 6, and HTML markup more than its visible text. Anything longer is refused while it is read.
BYTES_PER_CHAR = 8


def max_bytes(max_chars: int = MAX_CHARS) -> int:
    return BYTES_PER_CHAR * max_chars


class InputError(ValueError):
    """Input that cannot be read as an article; the message is one line for the user."""


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None


def wide(encoding: str) -> bool:
    """UTF-16 and UTF-32 write NUL bytes in every ASCII character and are not ASCII-compatible."""
    return _codec(encoding).startswith(("utf-16", "utf-32"))


def decode(data: bytes, encoding: str = "utf-8", source: str = "input") -> str:
    codec = _codec(encoding)
    is_wide = codec.startswith(("utf-16", "utf-32"))
    # NUL bytes mean binary data, except in UTF-16/32 (checked on the decoded text instead, by ``clean``)
    if not is_wide and b"\x00" in data[:65536]:
        raise InputError(f"{source}: binary data (NUL bytes), not text")
    if not is_wide and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        # A text cut in the middle of a multi-byte character: keep everything before the cut.
        if codec == "utf-8" and err.start >= len(data) - 3 and err.reason == "unexpected end of data":
            return data[: err.start].decode(encoding)
        raise InputError(
            f"{source}: not valid {encoding} (byte {err.start}); pass --encoding, e.g. --encoding latin-1"
        ) from None


def too_large(source: str, size: int, max_chars: int) -> InputError:
    return InputError(
        f"{source}: too large: {size:,} bytes or more (limit {max_bytes(max_chars):,} bytes for "
        f"{max_chars:,} characters); split it into articles"
    )


def read_capped(fh, source: str, max_chars: int = MAX_CHARS) -> bytes:
    """The whole stream, refused as soon as it passes the byte limit (a pipe, a device, a growing file)."""
    limit = max_bytes(max_chars)
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise too_large(source, len(data), max_chars)
    return data


def read_file(path: str | Path, encoding: str = "utf-8", max_chars: int = MAX_CHARS) -> str:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes(max_chars):  # refused before reading a byte
            raise too_large(str(path), size, max_chars)
        with open(path, "rb") as fh:
            data = read_capped(fh, str(path), max_chars)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    return decode(data, encoding, str(path))


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_HINT = re.compile(r"<\s*(html|body|p|div|article|span|br|a|h[1-6])\b[^>]*>", re.I)


class _TextOnly(HTMLParser):
    _SKIP = {"script", "style", "noscript", "head", "nav", "footer"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def looks_like_html(text: str) -> bool:
    return len(_HTML_HINT.findall(text[:20000])) >= 2


def scrub(value: str) -> str:
    """``value`` with every lone surrogate replaced by U+FFFD (for ids and messages, which must be written)."""
    return _SURROGATE.sub("\ufffd", value)


def clean(text: str, max_chars: int = MAX_CHARS) -> str:
    """Validate article text; HTML becomes its visible text. Raises InputError."""
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    if len(text) > max_bytes(max_chars):  # not even HTML shrinks that much: refused before any parsing
        raise InputError(f"text too long: {len(text):,} characters (limit {max_chars:,}); split it into articles")
    if "\x00" in text:
        raise InputError("binary data (NUL characters), not text")
    bad = _SURROGATE.search(text)
    if bad:  # from a JSON escape such as "\ud800": no encoder can write it, spaCy's string store included
        raise InputError(f"not valid Unicode: a lone surrogate (U+{ord(bad.group()):04X}) at character {bad.start():,}")
    if len(_CONTROL.findall(text[:65536])) > 0.05 * min(len(text), 65536) + 8:
        raise InputError("binary data (control characters), not text")
    if looks_like_html(text):
        text = html_to_text(text)
    if len(text) > max_chars:
        raise InputError(f"text too long: {len(text):,} characters (limit {max_chars:,}); split it into articles")
    return text


_ITALIAN_WORDS = frozenset(
    "il lo la i gli le di del della dei delle che è e per con un una non in nel nella sono ha ai alla al "
    "dal dalla da anche più come questo questa tra fra sul sulla ad agli".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.U)


def looks_italian(text: str) -> bool:
    """Cheap stop-word test; False only when a reasonably long text has almost no Italian function words."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < 20:
        return True
    hits = sum(w in _ITALIAN_WORDS for w in words)
    return hits / len(words) >= 0.08
