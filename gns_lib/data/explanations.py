"""`kommentarer/<år>.md`: the ekonom's own explanations, one `## ` section per object or topic."""

from __future__ import annotations

import re

from gns_lib.core.errors import Problem


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


_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def comment_problems(text: str, name: str, known_objects: set[str]) -> list[Problem]:
    """Control characters, and `## <code>` headings naming an object that does not exist (its text would not be shown)."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if _CONTROL.search(line.rstrip("\r")):
            problems.append(Problem(name, number, None, "kontrolltecken i texten; väntade text utan kontrolltecken"))
        m = _HEADING.match(line)
        if not m or line.startswith("###"):
            continue
        first = m.group(1).split()[0]
        if first.isdigit() and first not in known_objects and not re.fullmatch(r"(19|20)[0-9][0-9]", first):
            problems.append(Problem(name, number, None, f"rubriken ## {first} är inget objekt i objekt.csv, så texten "
                                                        "under den visas inte; väntade en objektkod eller en fri rubrik"))
    return problems
