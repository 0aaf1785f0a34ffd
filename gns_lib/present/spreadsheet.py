"""Text for cells Excel opens: a cell that would start a formula gets a leading apostrophe.

One guard for every CSV the package writes (tables, fakturaunderlag, the send log), so a name
like `=HYPERLINK(…)` or `-2+3` in the data is shown as text, never run (OWASP CSV injection).
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_text(text: str) -> str:
    """`text` safe for a CSV cell: a leading apostrophe before a formula-like start."""
    return "'" + text if is_formula_like(text) else text
