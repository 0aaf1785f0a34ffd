"""Records and row tables: the small helpers a later loader calls."""

from datetime import date

import numpy as np
import pyarrow as pa

from gns_lib.data.sie_records import (
    NO_YEAR,
    FinancialYear,
    int_values,
    objects_in_dimension,
    string_array,
    take,
    voucher_labels,
    year_of_periods,
)
from sie_helpers import sie


def test_year_of_periods_follows_rar_including_broken_years():
    years = (FinancialYear(0, date(2018, 5, 1), date(2019, 4, 30), 1), FinancialYear(-1, date(2017, 5, 1), date(2018, 4, 30), 2))
    assert year_of_periods(years, np.array([201805, 201904, 201804, 201705, 201905, 201704])).tolist() == [
        0, 0, -1, -1, NO_YEAR, NO_YEAR]
    assert (years[0].first_period, years[0].last_period) == (201805, 201904)


def test_objects_in_a_chosen_dimension_per_row():
    s = sie("""
        #PSALDO 0 201801 3010 {1 "A" 6 "P1"} 1
        #PSALDO 0 201801 3010 {6 "P2"} 2
        #PSALDO 0 201801 3010 {} 3
        """)
    assert objects_in_dimension(s, s.psaldo, "1").to_pylist() == ["A", None, None]
    assert objects_in_dimension(s, s.psaldo, "6").to_pylist() == ["P1", "P2", None]
    assert s.year(0).start == date(2018, 1, 1) and s.year(-5) is None
    assert s.dimension_name("1") == "Kostnadsställe" and s.dimension_name("10") == "Faktura"


def test_each_row_names_its_voucher():
    s = sie("""
        #VER A 12 20180101 x
        {
        #TRANS 1930 {} 1
        #TRANS 3010 {} -1
        }
        #VER "" 3 20180102 y
        {
        #TRANS 1930 {} 0
        }
        """)
    assert voucher_labels(s, s.trans).to_pylist() == ["A 12", "A 12", "3"]


def test_arrow_helpers_build_arrays_without_pandas():
    strings = string_array(["Åre", "", "Östersund"])
    assert strings.type == pa.large_string() and strings.to_pylist() == ["Åre", "", "Östersund"]
    assert take(strings, np.array([2, 0])).to_pylist() == ["Östersund", "Åre"]
    assert take(strings, np.array([True, False, True])).to_pylist() == ["Åre", "Östersund"]
    encoded = strings.dictionary_encode()
    assert int_values(encoded.indices).tolist() == [0, 1, 2]
    assert int_values(pa.array([5, 6, 7], pa.int64()).slice(1)).tolist() == [6, 7]
