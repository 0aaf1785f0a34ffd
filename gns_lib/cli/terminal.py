"""What `gns` prints reaches a terminal: control characters from the data are shown, never obeyed.

A committee name in `namnd.toml` (or any data string) may hold an escape sequence that
would recolour, clear or rewrite the terminal, or a right-to-left override that reorders
what is shown. Every character of Unicode categories Cc (except line feed and tab), Cf,
Zl and Zp is printed as its escape `\\u001b`, which is visible, and in JSON means the same.
"""

from __future__ import annotations

import unicodedata

_KEEP = frozenset("\n\t")
_ESCAPED = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _escape(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # as a UTF-16 surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control, format and separator character written as a visible `\\uXXXX`."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escape(ch) if ch not in _KEEP and unicodedata.category(ch) in _ESCAPED else ch for ch in text)


class VisibleStream:
    """A text stream that writes `visible(text)` to the stream it wraps."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)
