"""What `gns report` and `gns plan` print when a notebook run ends: notebooks done, page sizes, problems."""

from __future__ import annotations

import sys


LISTED = 10  # a folder with more pages than this (the party reports of a big committee) gets one line


def print_summary(title: str, run_) -> None:
    """"<title>: N av M notebookar klara på S s." and each page's size in kB (one line for a folder of many)."""
    from gns_lib.present.fmt import kr

    ok = sum(1 for r in run_.results if r.ok)
    print(f"\n{title}: {ok} av {len(run_.results)} notebookar klara på "
          f"{str(round(run_.seconds, 1)).replace('.', ',')} s.")
    folders: dict[str, list[int]] = {}
    for name, size in run_.sizes.items():
        folders.setdefault(name.rpartition("/")[0], []).append(size)
    for name, size in sorted(run_.sizes.items()):
        folder = name.rpartition("/")[0]
        if len(folders[folder]) <= LISTED or not folder:
            print(f"  {name}: {kr(size // 1000)} kB")
        elif name == min(n for n in run_.sizes if n.rpartition("/")[0] == folder):
            sizes = folders[folder]
            print(f"  {folder}/: {len(sizes)} sidor, {kr(min(sizes) // 1000)}–{kr(max(sizes) // 1000)} kB var, "
                  f"sammanlagt {kr(sum(sizes) // 1000)} kB")


def print_failure(untouched: str, run_) -> int:
    """A failed run: that the last good output is untouched, where the failed files are, every problem; exit 1."""
    print(f"\n{untouched}", file=sys.stderr)
    print(f"Den misslyckade körningens filer finns i {run_.folder} för felsökning.", file=sys.stderr)
    for problem in run_.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1
