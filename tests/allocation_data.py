"""An inline committee for the allocation tests: six parties (two join in 2019) and one project per key.

`files(**overrides)` gives the file dict for the `make_data` fixture; a value of
None removes a file. Figures are chosen so that every rule shows: half-up
rounding to whole kronor, remainders and the tie-break, a zero weight, a
negative amount, the May update of elevantal and parties joining mid-year.
"""

from __future__ import annotations

import pytest

from gns_lib.allocation.year import allocate_year
from gns_lib.data.loader import load_dataset

NAMND = """
    namn = "Fördelningsnämnden"
    kortnamn = "FN"
    vardorganisation = "Region Test"
    uppstartsar = []
    vasentlighet_kr = 50000
    vasentlighet_procent = 10
    avrundning_kr = {unit}
    ingaende_reserv = 0
    grundfinansiering_pro_rata = "{rule}"

    [grundfinansiering]
    2019 = 101600
"""

PARTIES = """
    part;namn;org_nr;typ;medlem_fran;medlem_till
    R;Region Test;232100-0016;region;2017-01-01;
    A;Aby kommun;212000-0001;kommun;2017-01-01;
    B;Bby kommun;212000-0019;kommun;2017-01-01;
    C;Cby kommun;212000-0027;kommun;2017-01-01;
    J;Juliby kommun;212000-0035;kommun;2019-07-01;
    M;Marsby kommun;212000-0043;kommun;2019-03-15;
"""

OBJECTS = """
    objekt;namn;typ;nyckel;deltagare
    N;Nämnden;nämnd;;
    LIK;Lika projekt;projekt;lika;alla
    OMS;Omslutningsprojekt;projekt;budgetomslutning;alla
    ELV;Skolprojekt;projekt;elevantal;A,B,C
    KOP;Köpprojekt;projekt;kop_salj;A,B,C
    NEG;Återbetalning;projekt;lika;R,A,B
"""

BUDGET = """
    ar;objekt;konto;belopp;version
    2019;N;5010;500000;
    2019;N;3810;-609600;
    2019;LIK;6010;1000;
    2019;LIK;3810;-1000;
    2019;OMS;6010;100000;fastställd
    2019;OMS;6010;20000;ändring
    2019;ELV;6010;50000;
    2019;KOP;6010;30000;
    2019;NEG;3010;-10000;
"""

LEDGER = """
    period;konto;objekt;belopp;text
    201903;5010;N;480000;Lön
    201901;3810;N;-609600;Bidrag
    201903;6010;LIK;1003,50;Konsult
    201903;3810;LIK;-1000;Bidrag
    201905;6010;OMS;118000;Licenser
    201905;6010;ELV;52000;Licenser
    201905;6010;KOP;31000;Tjänst
    201905;3010;NEG;-10001;Återbetalning
"""

TURNOVER = """
    part;ar;belopp;kalla
    R;2017;3000000000;ÅR 2017 Region, s. 10
    A;2017;500000000;ÅR 2017 Aby, s. 11
    B;2017;300000000;ÅR 2017 Bby, s. 12
    C;2017;200000000;ÅR 2017 Cby, s. 13
    J;2017;150000000;ÅR 2017 Juliby, s. 14
    M;2017;100000000;ÅR 2017 Marsby, s. 15
"""

# 15 October 2017 is a Sunday: the measurement is Monday 16 October.
PUPILS = """
    part;matdatum;antal;kalla
    A;2017-10-16;1000;SCB 2017
    B;2017-10-16;500;SCB 2017
    C;2017-10-16;250;SCB 2017
    A;2018-09-14;9999;SCB september (inte oktober)
    A;2018-10-01;8888;SCB tidig mätning
    A;2018-10-15;1100;SCB 2018
    B;2018-10-15;450;SCB 2018
    C;2018-10-15;300;SCB 2018
"""

PURCHASES = """
    ar;objekt;part;belopp;kalla
    2019;KOP;A;10000;Avtal A
    2019;KOP;B;10000;Avtal B
    2019;KOP;A;5000;Tilläggsavtal A
    2019;KOP;C;0;Avtal C
"""


def files(unit: str = "1", rule: str = "manader", overrides: dict[str, str | None] | None = None) -> dict[str, str | None]:
    """The committee's files, with `overrides` by file name (None removes a file)."""
    out: dict[str, str | None] = {
        "namnd.toml": NAMND.format(unit=unit, rule=rule),
        "parter.csv": PARTIES,
        "objekt.csv": OBJECTS,
        "budget.csv": BUDGET,
        "utfall.csv": LEDGER,
        "nycklar/budgetomslutning.csv": TURNOVER,
        "nycklar/elevantal.csv": PUPILS,
        "nycklar/kop_salj.csv": PURCHASES,
    }
    out.update(overrides or {})
    return out


def without_line(text: str, needle: str) -> str:
    """`text` without the one line that contains `needle`."""
    lines = text.strip("\n").split("\n")
    hits = [ln for ln in lines if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return "\n".join(ln for ln in lines if needle not in ln)


@pytest.fixture
def ds(make_data):
    """The allocation fixture committee, loaded."""
    return load_dataset(make_data(files()))


@pytest.fixture
def alloc(ds):
    """Its 2019 allocation."""
    return allocate_year(ds, 2019)
