"""The checks a SIE file makes possible on itself."""

from gns_lib.data.sie_checks import voucher_sums
from sie_helpers import messages, sie

TYPE3 = """
#DIM 1 "Kostnadsställe"
#OBJEKT 1 "A" "Avdelning A"
#OBJEKT 1 "B" "Avdelning B"
#RES 0 3010 -300.00
#PSALDO 0 201801 3010 {} -100.00
#PSALDO 0 201801 3010 {1 "A"} -60.00
#PSALDO 0 201801 3010 {1 "B"} -40.00
#PSALDO 0 201802 3010 {} -200.00
#PSALDO 0 201802 3010 {1 "A"} -200.00
"""


def test_a_type_3_file_with_account_and_object_rows_is_consistent():
    s = sie(TYPE3)
    assert s.problems == ()


def test_psaldo_that_does_not_add_up_to_res_names_the_account_and_year():
    s = sie(TYPE3.replace("#RES 0 3010 -300.00", "#RES 0 3010 -360.00\n#RES -1 3010 -1\n#PSALDO -1 201712 3010 {} -1"))
    assert messages(s) == [(12, "konto 3010, år 0 (2018-01-01–2018-12-31): #RES är -360.00 men summan av #PSALDO är -300.00")]


def test_object_rows_without_an_account_row_are_problems_unless_they_cancel_out():
    s = sie("""
        #OBJEKT 1 "A" "A"
        #OBJEKT 1 "B" "B"
        #PSALDO 0 201801 3010 {1 "A"} -60.00
        #PSALDO 0 201802 3010 {1 "A"} -10.00
        #PSALDO 0 201801 4010 {1 "A"} 5
        #PSALDO 0 201801 4010 {1 "B"} -5
        #PBUDGET 0 201801 5010 {1 "B"} 7
        """)
    assert messages(s) == [
        (11, "#PSALDO: konto 3010 har objektrader men ingen rad för kontot som helhet ({}) i perioden 201801 (och 1 perioder till)"),
        (15, "#PBUDGET: konto 5010 har objektrader men ingen rad för kontot som helhet ({}) i perioden 201801"),
    ]


def test_period_rows_in_a_file_without_rar():
    s = sie("#PSALDO 0 201801 3010 {} 1\n#RES 0 3010 1\n", head="#FLAGGA 0\n#SIETYP 2\n")
    assert messages(s) == [(3, "filen har #PSALDO men inget #RAR; raderna kan inte knytas till ett räkenskapsår"),
                           (4, "#RES anger år 0, som filen saknar #RAR för")]


def test_voucher_sums_count_trans_rows_only():
    s = sie("""
        #VER A 1 20180101 ""
        {
        #TRANS 1930 {} 10
        #BTRANS 1930 {} 99
        #TRANS 3010 {} -10
        }
        #VER A 2 20180101 ""
        {
        #TRANS 1930 {} 10.01
        #RTRANS 3010 {} -10
        #TRANS 3010 {} -10
        }
        """)
    assert voucher_sums(s).tolist() == [0, 1]
    assert messages(s) == [(15, "verifikation A 2 (2018-01-01) balanserar inte: summan av dess #TRANS-rader är 0.01")]
