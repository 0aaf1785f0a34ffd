"""What may go into a message header: control characters, encoded words, lengths and addresses.

Names, addresses, the committee's name and the parties' names come from user data. A line
break or another control character in a header could add recipients (header injection), and
so can an RFC 2047 encoded word ("=?utf-8?q?…=0D=0ABcc:…?="): Python's `email` package
decodes it while folding and writes the decoded line break raw. Every header text is
therefore checked here, before a message is built; an address outside ASCII is refused by
servers without SMTPUTF8. Every check in `gns_lib.mail` uses these.
"""

from __future__ import annotations

import re
import unicodedata
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import Address

# Control (C0, C1, DEL), format (e.g. U+200B…U+200F), line (U+2028) and paragraph (U+2029) separators.
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_ADDRESS = re.compile(r"[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
# Anything a decoder could take for an RFC 2047 encoded word; "=?" alone is enough to refuse.
_ENCODED_WORD = re.compile(r"=\?")

MAX_NAME = 200  # characters in a recipient's, party's or committee's name (a header stays readable and short)
MAX_ADDRESS = 254  # characters in an address (RFC 5321: a path is at most 256 octets with its brackets)
MAX_LOCAL_PART = 64  # characters before the @ (RFC 5321 4.5.3.1.1)


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


def decoded(text: str) -> str:
    """`text` as a mail reader would show it after decoding RFC 2047 encoded words (unchanged if it has none)."""
    try:
        return str(make_header(decode_header(text)))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return text


def header_text_problem(text: str, what: str) -> str | None:
    """Why `text` may not go into a header as `what` ("namnet", "nämndens namn"), in Swedish; None if it may.

    Refused: control characters (also once encoded words are decoded), encoded words
    themselves ("=?…?="), and more than `MAX_NAME` characters.
    """
    bad = control_chars(text) or control_chars(decoded(text))
    if bad:
        return (f"otillåtet styrtecken ({', '.join(dict.fromkeys(bad))}) i {what} "
                "(skydd mot injektion i e-posthuvud)")
    if _ENCODED_WORD.search(text):
        return (f"{what} innehåller \"=?\", som e-postprogram läser som kodad text (RFC 2047) och som kan "
                "användas för att lägga till mottagare; skriv namnet som vanlig text")
    if len(text) > MAX_NAME:
        return f"{what} har {len(text)} tecken; högst {MAX_NAME} tecken är tillåtet"
    return None


def address_problem(addr: str) -> str | None:
    """Why `addr` cannot be a recipient or sender, in Swedish; None for a plain ASCII address within RFC 5321's limits."""
    if len(addr) > MAX_ADDRESS:
        return f"adressen har {len(addr)} tecken; högst {MAX_ADDRESS} är tillåtet (RFC 5321)"
    if "@" in addr and len(addr.rsplit("@", 1)[0]) > MAX_LOCAL_PART:
        return f"delen före @ har {len(addr.rsplit('@', 1)[0])} tecken; högst {MAX_LOCAL_PART} är tillåtet (RFC 5321)"
    if not is_address(addr):
        return f"ogiltig e-postadress {addr!r}; väntade namn@exempel.se"
    return None


def is_address(addr: str) -> bool:
    """True for a plain ASCII address "namn@exempel.se" that the `email` package reads back unchanged."""
    if (not addr.isascii() or control_chars(addr) or _ENCODED_WORD.search(addr) or len(addr) > MAX_ADDRESS
            or not _ADDRESS.fullmatch(addr) or len(addr.rsplit("@", 1)[0]) > MAX_LOCAL_PART):
        return False
    try:
        parsed = Address(addr_spec=addr)
    except (HeaderParseError, ValueError, IndexError):
        return False
    return parsed.addr_spec == addr
