"""Shared fixtures: small inline committee folders written to tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from browsing import browser  # noqa: F401  (a shared fixture: headless Chromium, network blocked)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

# A minimal valid committee: two parties, a nämnd object and an uppdrag, one year.
BASE_FILES: dict[str, str] = {
    "namnd.toml": None,  # filled in below from namnd_toml()
    "parter.csv": """
        part;namn;org_nr;typ;medlem_fran;medlem_till
        R;Region Test;232100-0016;region;2017-01-01;
        A;Testby kommun;212000-0001;kommun;2017-01-01;
    """,
    "objekt.csv": """
        objekt;namn;typ;nyckel;deltagare
        N;Nämnden;nämnd;;
        U;Uppdraget;uppdrag;;
    """,
    "kontoplan.csv": """
        fran_konto;till_konto;rad
        3000;3799;Verksamhetens intäkter
        3800;3899;Bidrag från parter
        5000;5999;Personalkostnader
        6000;7799;Övriga kostnader
        7800;7899;Avskrivningar
        8000;8999;Finansiella poster
    """,
    "budget.csv": """
        ar;objekt;konto;belopp
        2018;N;5010;150000
        2018;N;3810;-200000
        2018;U;3010;-50000
        2018;U;6010;50000
    """,
    "utfall.csv": """
        period;konto;objekt;belopp;text
        201801;3810;N;-200000;Bidrag
        201812;5010;N;120000;Lön
        201803;3010;U;-50000;Försäljning
        201803;6010;U;45000;Köpt tjänst
    """,
}


def namnd_toml(*, uppstartsar: str = "[]", ingaende_reserv: str = "0", ingaende_reserv_ar: int | None = None,
               grundfinansiering: str = "2018 = 100000", extra: str = "", enhet: str | None = "tkr") -> str:
    """The fixture committee's namnd.toml, with the settings a test wants changed (enhet None: chosen by size)."""
    opening_year = [] if ingaende_reserv_ar is None else [f"ingaende_reserv_ar = {ingaende_reserv_ar}"]
    return "\n".join([
        'namn = "Testnämnden"', 'kortnamn = "TN"', 'vardorganisation = "Region Test"',
        f"uppstartsar = {uppstartsar}", "vasentlighet_kr = 50000", "vasentlighet_procent = 10",
        "avrundning_kr = 1", f"ingaende_reserv = {ingaende_reserv}", *opening_year, 'grundfinansiering_pro_rata = "helar"',
        *([f'enhet = "{enhet}"'] if enhet else []), "", "[grundfinansiering]", grundfinansiering, extra,
    ])


BASE_FILES["namnd.toml"] = namnd_toml()


def write_folder(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write BASE_FILES overridden by `files` (None deletes a file) into `root`."""
    merged: dict[str, str | bytes | None] = {**BASE_FILES, **files}
    for name, content in merged.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).strip() + "\n", encoding="utf-8")
    return root


@pytest.fixture
def make_data(tmp_path):
    """Build a committee folder from BASE_FILES plus overrides: make_data({"budget.csv": "..."})."""
    counter = iter(range(1000))

    def build(files: dict[str, str | bytes | None] | None = None) -> Path:
        return write_folder(tmp_path / f"data{next(counter)}", files or {})

    return build


def mapped_from(values, path: Path) -> bool:
    """The numpy array `values` lies in this process's memory map of the file `path` (Linux: /proc/self/maps)."""
    address = values.__array_interface__["data"][0]
    target = str(Path(path).resolve())
    with open("/proc/self/maps") as maps:
        for line in maps:
            fields = line.split(maxsplit=5)
            if len(fields) == 6 and fields[5].strip() == target:
                start, end = (int(x, 16) for x in fields[0].split("-"))
                if start <= address < end:
                    return True
    return False
