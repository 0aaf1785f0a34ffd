"""Tests for gns_lib.present.reprs and the display registration: short, escaped Swedish HTML."""

from __future__ import annotations

import pytest

from gns_lib.data.loader import load_dataset
from gns_lib.engine.analysis import analyse_year
from gns_lib.engine.drilldown import largest_vouchers, ledger_rows
from gns_lib.engine.results import monthly_outcome
from gns_lib.allocation.statements import check_balance, committee_totals, party_statements
from gns_lib.allocation.year import allocate_year
from gns_lib.present.reprs import html

HOSTILE = "<script>alert(1)</script> & 'Ö'"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;Ö&#x27;"


@pytest.fixture
def hostile(make_data):
    return load_dataset(make_data({
        "objekt.csv": f"objekt;namn;typ;nyckel;deltagare\nN;Nämnden;nämnd;;\nU;{HOSTILE};uppdrag;;\n",
        "utfall.csv": "period;konto;objekt;belopp;text\n201801;3810;N;-200000;Bidrag\n201812;5010;N;120000;Lön\n"
                      f"201803;3010;U;-50000;{HOSTILE}\n201803;6010;U;45000;Köpt tjänst\n",
    }))


def _values(ds):
    analysis = analyse_year(ds, 2018)
    rows = ledger_rows(ds, 2018, objekt="U")
    return [ds, analysis, analysis.budget, analysis.budget.object("U"), analysis.budget.object("U").total,
            analysis.forecasts, analysis.reserve, analysis.contributions, analysis.accumulated, analysis.net_cost,
            monthly_outcome(ds, 2018), rows, largest_vouchers(rows), allocate_year(ds, 2018)]


def test_every_value_is_escaped_html_and_a_short_repr(hostile):
    for value in _values(hostile):
        page = html(value)
        assert "<script>alert" not in page, type(value).__name__
        assert len(repr(value)) < 200, type(value).__name__
    pages = {type(v).__name__: html(v) for v in _values(hostile)}
    for name in ("Dataset", "YearAnalysis", "BudgetReport", "ObjectResult", "Drilldown", "VoucherList"):
        assert ESCAPED in pages[name] or ESCAPED.replace("&#x27;", "'") in pages[name].replace("&#39;", "'"), name


def test_dataset_summary_is_swedish_and_compact(hostile):
    page = html(hostile)
    assert "Utfall per år, kr i bokföringens tecken (kostnader positiva)" in page
    assert "<td style=\"text-align:left\">2018</td><td style=\"text-align:left\">4</td>" in page
    assert len(page) < 6000


def test_budget_report_shows_the_object_table(hostile):
    page = html(analyse_year(hostile, 2018).budget)
    assert "<caption>Budget och utfall per objekt 2018</caption>" in page


def test_ipython_shows_registered_values_as_html(hostile):
    from IPython.core.interactiveshell import InteractiveShell

    import gns_lib

    shell = InteractiveShell.instance()
    try:
        gns_lib._register_display()
        data, _ = shell.display_formatter.format(analyse_year(hostile, 2018).budget)
        assert data["text/plain"].startswith("<BudgetReport 2018: 2 objekt")
        assert "<caption>Budget och utfall per objekt 2018</caption>" in data["text/html"]
        data, _ = shell.display_formatter.format(hostile)
        assert ESCAPED.split(" & ")[0] in data["text/html"]
    finally:
        InteractiveShell.clear_instance()


def test_registration_waits_for_the_first_display(hostile):
    """`import gns_lib` does not build IPython's formatters (start-up cost); the first display does."""
    from IPython.core.interactiveshell import InteractiveShell

    import gns_lib

    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance()
    try:
        assert "formatters" not in shell.display_formatter._trait_values
        gns_lib._register_display()
        assert "formatters" not in shell.display_formatter._trait_values
        data, _ = shell.display_formatter.format(analyse_year(hostile, 2018).budget)
        assert "<caption>Budget och utfall per objekt 2018</caption>" in data["text/html"]
        assert "format" not in vars(shell.display_formatter)
    finally:
        InteractiveShell.clear_instance()


def test_a_party_statement_and_its_balance_check_show_as_escaped_swedish_html(make_data):
    ds = load_dataset(make_data({"parter.csv": "part;namn;org_nr;typ;medlem_fran;medlem_till\n"
                                               f"R;{HOSTILE};232100-0016;region;2017-01-01;\n"
                                               "A;Testby kommun;212000-0001;kommun;2017-01-01;\n"}))
    alloc = allocate_year(ds, 2018)
    statements = party_statements(ds, alloc)
    page = html(statements[0])
    assert "<script>alert" not in page
    assert f"<strong>Partsavräkning 2018: {ESCAPED}</strong>" in page.replace("&#39;", "&#x27;")
    assert repr(statements[0]).startswith("<PartyStatement 2018 R: ") and len(repr(statements[0])) < 200
    check = html(check_balance(statements, committee_totals(alloc)))
    assert check.endswith("<p>Parternas avräkningar summerar till nämndens totaler, på öret.</p></div>")
