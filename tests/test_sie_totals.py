"""Per year and account: #RES, and the sums of #PSALDO, #PBUDGET and #TRANS as `gns sie --json` shows them."""

from gns_lib.data.sie_totals import AccountTotals, account_totals
from sie_helpers import sie


def test_sums_count_account_rows_only_by_period_and_vouchers_by_date():
    s = sie("""
        #RES 0 3010 -300.00
        #RES -1 3010 -7
        #PSALDO 0 201801 3010 {} -100.00
        #PSALDO 0 201801 3010 {1 "A"} -100.00
        #PSALDO 0 201812 3010 {} -200
        #PSALDO 0 201712 3010 {} -7
        #PBUDGET 0 201806 3010 {} -250.50
        #PBUDGET 0 201806 3010 {1 "A"} -250.50
        #VER A 1 20180105 ""
        {
        #TRANS 3010 {} -1.50 20171231
        #TRANS 1930 {} 1.50
        #BTRANS 1930 {} 99
        #RTRANS 3010 {} 5
        }
        #VER A 2 20171231 ""
        {
        #TRANS 3010 {} -2
        #TRANS 1930 {} 2
        }
        """)
    assert account_totals(s) == {
        0: {"1930": AccountTotals(trans=150), "3010": AccountTotals(res=-30000, psaldo=-30000, pbudget=-25050, trans=-150, res_line=9)},
        -1: {"1930": AccountTotals(trans=200), "3010": AccountTotals(res=-700, psaldo=-700, trans=-200, res_line=10)},
    }


def test_no_years_no_totals_and_accounts_in_number_order():
    assert account_totals(sie("#VER A 1 20180101 x\n{\n#TRANS 1 {} 1\n#TRANS 1 {} -1\n}\n", head="#FLAGGA 0\n")) == {}
    s = sie("#RES 0 30100 1\n#RES 0 3010 2\n#RES 0 999 3\n")
    assert list(account_totals(s)[0]) == ["999", "3010", "30100"]
