"""What may go into a message header: one control-character check and one e-mail address check.

Names, addresses and the committee's name come from user data; a line break or another
control character in a header could add recipients (header injection), and an address
outside ASCII is refused by servers without SMTPUTF8. Every check in `gns_lib.mail` uses these.
"""

from __future__ import annotations

import re
import unicodedata
from email.errors import HeaderParseError
from email.headerregistry import Address

# Control (C0, C1, DEL), format (e.g. U+200B…U+200F), line (U+2028) and paragraph (U+2029) separators.
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_ADDRESS = re.compile(r"[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def is_control(ch: str) -> bool:
    """True for a character that must not reach a header: a control, format, line or paragraph separator."""
    return unicodedata.category(ch) in _CONTROL_CATEGORIES


def control_chars(text: str) -> list[str]:
    """The control characters of `text` as code points ("U+2028"), in order, for a Swedish message."""
    return [f"U+{ord(ch):04X}" for ch in text if is_control(ch)]


def one_line(text: str) -> str:
    """A header value from data that may hold line breaks or control characters: one line, blanks collapsed."""
    kept = "".join(" " if is_control(ch) else ch for ch in text)
    return " ".join(kept.split())


def is_address(addr: str) -> bool:
    """True for a plain ASCII address "namn@exempel.se" that the `email` package reads back unchanged."""
    if not addr.isascii() or control_chars(addr) or not _ADDRESS.fullmatch(addr):
        return False
    try:
        parsed = Address(addr_spec=addr)
    except (HeaderParseError, ValueError, IndexError):
        return False
    return parsed.addr_spec == addr
