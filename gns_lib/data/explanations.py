"""`kommentarer/<år>.md`: the ekonom's own explanations, one `## ` section per object or topic."""

from __future__ import annotations

import re


def parse_comments(text: str) -> dict[str, str]:
    """Split a `kommentarer/<år>.md` into {heading: markdown text} at `## ` headings."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if m and not line.startswith("###"):
            current = m.group(1).strip()
            sections.setdefault(current, [])
        elif current is not None:
            sections[current].append(line)
    return {k: "\n".join(v).strip() for k, v in sections.items()}
