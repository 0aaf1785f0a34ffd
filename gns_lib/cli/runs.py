"""What `gns report` and `gns plan` print when a notebook run ends: notebooks done, page sizes, problems."""

from __future__ import annotations

import sys


LISTED = 10  # a folder with more files of one kind than this (a big committee's party pages) gets one line


def print_summary(title: str, run_) -> None:
    """"<title>: N av M notebookar klara på S s." and each page's size in kB; one line for a folder's many pages
    (or PDF files) of one kind."""
    from gns_lib.present.fmt import kr

    ok = sum(1 for r in run_.results if r.ok)
    print(f"\n{title}: {ok} av {len(run_.results)} notebookar klara på "
          f"{str(round(run_.seconds, 1)).replace('.', ',')} s.")
    groups: dict[tuple[str, str], list[int]] = {}
    for name, size in run_.sizes.items():
        groups.setdefault(_group(name), []).append(size)
    summarised: set[tuple[str, str]] = set()
    for name, size in sorted(run_.sizes.items()):
        group = _group(name)
        if not group[0] or len(groups[group]) <= LISTED:
            print(f"  {name}: {kr(size // 1000)} kB")
        elif group not in summarised:
            summarised.add(group)
            sizes = groups[group]
            kind = "PDF-filer" if group[1] == ".pdf" else "sidor"
            print(f"  {group[0]}/*{group[1]}: {kr(len(sizes))} {kind}, "
                  f"{kr(min(sizes) // 1000)}–{kr(max(sizes) // 1000)} kB var, sammanlagt {kr(sum(sizes) // 1000)} kB")


def _group(name: str) -> tuple[str, str]:
    """(folder, suffix) of a file's path in the report folder."""
    folder, _, file = name.rpartition("/")
    return folder, file[file.rfind("."):] if "." in file else ""


def print_failure(untouched: str, run_) -> int:
    """A failed run: that the last good output is untouched, where the failed files are, every problem; exit 1."""
    print(f"\n{untouched}", file=sys.stderr)
    print(f"Den misslyckade körningens filer finns i {run_.folder} för felsökning.", file=sys.stderr)
    for problem in run_.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1
