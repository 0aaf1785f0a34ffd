"""Tests for gns_lib.engine.results: signs, budget versions, unbudgeted rows, the nämnd's reservation."""

from __future__ import annotations

from decimal import Decimal as D

from gns_lib.present.fmt import signed_pct, signed_tkr
from gns_lib.data.loader import load_dataset
from gns_lib.present.render import as_dataframe
from gns_lib.engine import results
from gns_lib.engine.results import RESERVATION_ROW, budget_report, monthly_outcome

NB = "\u00a0"
M = "\u2212"


def test_published_municipal_table_sign_convention(make_data):
    """Intäkter 269 against 300 → −31; kostnader −1 116 against −1 149 → +33; avskrivningar
    −25 against −35 → +10; nettokostnad −872 against −884 → +12 (tkr)."""
    ds = load_dataset(make_data({
        "budget.csv": """
            ar;objekt;konto;belopp
            2018;U;3010;-300000
            2018;U;6010;1149000
            2018;U;7810;35000
        """,
        "utfall.csv": """
            period;konto;objekt;belopp
            201812;3010;U;-269000
            201812;6010;U;1116000
            201812;7810;U;25000
        """,
    }))
    u = budget_report(ds, 2018).object("U")
    revenue, costs, depreciation = (u.row(r) for r in ("Verksamhetens intäkter", "Övriga kostnader", "Avskrivningar"))
    assert (revenue.actual, revenue.budget, revenue.variance) == (D("269000.00"), D("300000.00"), D("-31000.00"))
    assert (costs.actual, costs.budget, costs.variance) == (D("-1116000.00"), D("-1149000.00"), D("33000.00"))
    assert (depreciation.actual, depreciation.budget, depreciation.variance) == (D("-25000.00"), D("-35000.00"), D("10000.00"))
    assert (u.total.actual, u.total.budget, u.total.variance) == (D("-872000.00"), D("-884000.00"), D("12000.00"))
    assert [signed_tkr(x.variance, 0) for x in (revenue, costs, depreciation, u.total)] == [
        f"{M}31{NB}tkr", f"+33{NB}tkr", f"+10{NB}tkr", f"+12{NB}tkr"]
    shown = as_dataframe(budget_report(ds, 2018), level="rad")
    assert list(shown["Avvikelse, tkr"]) == [f"{M}31", "+33", "+10", "+12", "+12"]
    assert list(shown["Utfall, tkr"]) == ["269", f"{M}1{NB}116", f"{M}25", f"{M}872", f"{M}872"]


def test_revenue_and_cost_rows_both_favourable(make_data):
    ds = load_dataset(make_data({
        "utfall.csv": """
            period;konto;objekt;belopp
            201803;3010;U;-60000
            201803;6010;U;45000
        """,
    }))
    u = budget_report(ds, 2018).object("U")
    revenue, cost = u.row("Verksamhetens intäkter"), u.row("Övriga kostnader")
    assert revenue.variance == D("10000.00") and revenue.variance_pct == D("20")
    assert cost.variance == D("5000.00") and cost.variance_pct == D("10")
    assert u.total.variance == D("15000.00")
    assert u.total.variance_pct is None  # budget netto 0: no per cent, not 0 %
    assert signed_pct(cost.variance_pct) == f"+10,0{NB}%"


def test_budget_changes_revise_the_budget(make_data):
    ds = load_dataset(make_data({
        "budget.csv": """
            ar;objekt;konto;belopp;version;beslut
            2018;U;3010;-50000;fastställd;VP 2018
            2018;U;6010;50000;fastställd;VP 2018
            2018;U;6010;8000;ändring;Beslut § 12
            2018;U;6020;2000;ändring;Beslut § 12
        """,
    }))
    u = budget_report(ds, 2018).object("U")
    cost = u.row("Övriga kostnader")
    assert (cost.original, cost.changes, cost.budget) == (D("-50000.00"), D("-10000.00"), D("-60000.00"))
    assert cost.actual == D("-45000.00")
    assert cost.variance == D("15000.00")  # against the revised budget
    new_account = next(a for a in u.accounts if a.konto == "6020")
    assert (new_account.original, new_account.changes, new_account.budget) == (D("0.00"), D("-2000.00"), D("-2000.00"))
    assert new_account.actual == D("0.00")  # budgeted, nothing booked: 0, not missing
    assert (u.total.original, u.total.changes, u.total.budget) == (D("0.00"), D("-10000.00"), D("-10000.00"))


def test_unbudgeted_object_and_account_are_shown(make_data):
    ds = load_dataset(make_data({
        "objekt.csv": """
            objekt;namn;typ;nyckel;deltagare
            N;Nämnden;nämnd;;
            U;Uppdraget;uppdrag;;
            X;Extra;uppdrag;;
        """,
        "utfall.csv": """
            period;konto;objekt;belopp
            201801;3810;N;-200000
            201806;5010;N;120000
            201803;3010;U;-50000
            201803;6010;U;45000
            201803;6990;U;1500
            201805;6010;X;7000
        """,
    }))
    report = budget_report(ds, 2018)
    x = report.object("X")
    assert x.total.budget is None and x.total.actual == D("-7000.00")
    assert x.total.variance == D("-7000.00") and x.total.variance_pct is None
    assert [(a.objekt, a.konto) for a in report.unbudgeted] == [("U", "6990"), ("X", "6010")]
    u = report.object("U")
    assert u.row("Övriga kostnader").budget == D("-50000.00")
    assert u.row("Övriga kostnader").actual == D("-46500.00")
    assert report.total.actual == D("-3500.00")  # N 0 + U 3 500 − X 7 000
    assert report.total.variance == sum((o.total.variance for o in report.objects), D(0))
    shown = as_dataframe(report)
    assert list(shown["Objekt"]) == ["N", "U", "X", ""]
    assert list(shown["Reviderad budget, tkr"])[2] == "\u2013"


def test_namnd_reservation_makes_the_result_zero(make_data):
    ds = load_dataset(make_data({}))
    n = budget_report(ds, 2018).object("N")
    reservation = n.row(RESERVATION_ROW)
    assert reservation.budget == D("-50000.00")  # 200 000 contributions − 150 000 budgeted costs
    assert reservation.actual == D("-80000.00")  # 200 000 − 120 000 booked
    assert (n.total.budget, n.total.actual, n.total.variance) == (D("0.00"), D("0.00"), D("0.00"))
    assert n.before_reservation.actual == D("80000.00")
    assert n.accounts[-1].rad == RESERVATION_ROW and n.accounts[-1].konto is None


def test_year_without_outcome_is_missing_not_zero(make_data):
    ds = load_dataset(make_data({
        "budget.csv": """
            ar;objekt;konto;belopp
            2018;U;3010;-50000
            2018;U;6010;50000
            2019;U;3010;-60000
            2019;U;6010;55000
        """,
    }))
    u = budget_report(ds, 2019).object("U")
    assert u.total.budget == D("5000.00")
    assert u.total.actual is None and u.total.variance is None and u.total.variance_pct is None


def test_committee_rows_add_up_to_the_total(make_data):
    report = budget_report(load_dataset(make_data({})), 2018)
    assert [r.rad for r in report.rows] == [
        "Bidrag från parter", "Verksamhetens intäkter", "Personalkostnader", "Övriga kostnader", RESERVATION_ROW]
    assert sum((r.actual for r in report.rows), D(0)) == report.total.actual == D("5000.00")
    assert sum((r.budget for r in report.rows), D(0)) == report.total.budget == D("0.00")


JUNE_LEDGER = """
    period;konto;objekt;belopp;text
    201801;3810;N;-200000;Bidrag
    201806;5010;N;120000;Lön
    201803;3010;U;-50000;Försäljning
    201803;6010;U;45000;Köpt tjänst
"""


def test_monthly_outcome_missing_after_last_booked_month(make_data):
    m = monthly_outcome(load_dataset(make_data({"utfall.csv": JUNE_LEDGER})), 2018, by="objekt")
    assert m.last_month == 6
    n = next(line for line in m.lines if line.objekt == "N")
    assert n.months[:6] == (D("200000.00"), D("0.00"), D("0.00"), D("0.00"), D("0.00"), D("-120000.00"))
    assert n.months[6:] == (None,) * 6
    assert n.accumulated[5] == D("80000.00") and n.accumulated[6] is None
    assert m.total.year_total == D("85000.00")  # before the nämnd's reservation
    rows = monthly_outcome(load_dataset(make_data({"utfall.csv": JUNE_LEDGER})), 2018, by="rad")
    assert [line.rad for line in rows.lines] == ["Bidrag från parter", "Verksamhetens intäkter", "Personalkostnader", "Övriga kostnader"]


def test_monthly_outcome_per_account(make_data):
    m = monthly_outcome(load_dataset(make_data({})), 2018, by="konto")
    assert [line.konto for line in m.lines] == ["3010", "3810", "5010", "6010"]
    assert m.lines[1].months[0] == D("200000.00") and m.lines[1].year_total == D("200000.00")
    assert sum((line.year_total for line in m.lines), D(0)) == m.total.year_total


class _CountingSums(dict):
    """The sums `monthly_outcome` reads, counting every (key, month) it visits."""

    visits = 0

    def items(self):
        for kv in super().items():
            type(self).visits += 1
            yield kv

    def __iter__(self):
        for k in super().__iter__():
            type(self).visits += 1
            yield k


def test_monthly_outcome_visits_each_sum_a_fixed_number_of_times(make_data, monkeypatch):
    # 40 accounts × 12 months: a pass per account and month (the old quadratic code) visits each
    # of the 480 sums 12 × 41 times; a single pivot visits each a fixed few times, whatever the size.
    ledger = "period;konto;objekt;belopp\n" + "\n".join(
        f"2018{m:02d};{6000 + k};U;{k * 100 + m}" for k in range(40) for m in range(1, 13))
    ds = load_dataset(make_data({"utfall.csv": ledger}))
    real = results.sums
    monkeypatch.setattr(results, "sums", lambda *a, **kw: _CountingSums(real(*a, **kw)))
    _CountingSums.visits = 0
    m = monthly_outcome(ds, 2018, by="konto")
    assert len(m.lines) == 40 and m.lines[39].months[11] == D("-3912.00")
    assert m.total.year_total == D("-939120.00")  # −(100 × 12 × (0 + … + 39) + 40 × (1 + … + 12)) kr
    assert _CountingSums.visits <= 3 * 480
