"""The fast path takes the common lines and leaves every unusual one to the tokeniser."""

import numpy as np

from gns_lib.data import sie as sie_module
from gns_lib.data import sie_fast as k
from gns_lib.data.sie import Interner
from gns_lib.data.sie_lines import Records
from gns_lib.data.sie_scan import PAD, Scan
from sie_helpers import HEAD, read_both


def _padded(text: str) -> tuple[np.ndarray, int]:
    data = text.encode("cp437")
    return np.frombuffer(data + PAD, dtype=np.uint8), len(data)


def scan_of(text: str) -> Scan:
    data = text.encode("cp437")
    return Scan(data + PAD, len(data), "cp437")


def test_each_line_gets_its_kind_from_its_label():
    s = scan_of('#VER A 1 20180101\n {\n\t#TRANS 1 {} 5\n}\t\n\n#RTRANS 1 {} 5\n#BTRANS 1 {} 5\n#PSALDO 0 201801 1 {} 5\n'
                '#PBUDGET 0 201801 1 {} 5\n#KONTO 1 x\n#ABCDEFGHI 1\n#TRANS{} 1\ntext\n{ x\n#\n')
    kinds, label_end, words = k.classify(s)
    assert kinds.tolist() == [k.VER, k.OPEN, k.TRANS, k.CLOSE, k.EMPTY, k.RTRANS, k.BTRANS, k.PSALDO, k.PBUDGET,
                              k.LABEL, k.OTHER, k.OTHER, k.OTHER, k.OTHER, k.OTHER]
    assert words[9] == k.label_word("KONTO") and words[10] == 0
    assert label_end[2] == s.starts[2] + len("\t#TRANS")


def trans(text: str):
    s = scan_of(text)
    kinds, label_end, _ = k.classify(s)
    lines = np.flatnonzero(k.of_kinds(kinds, k.TRANS))
    records = Records("t")
    rows, left = k.fast_trans(s, lines, label_end, Interner(records))
    names = {i: konto for konto, i in records.konto_ids.items()}
    rows.columns["konto"] = [names[i] for i in rows.columns["konto"].tolist()]
    return rows, left


def test_common_trans_lines_are_read_here():
    rows, left = trans('#TRANS 3010 {1 "6663" 6 "P1"} -1234.5 20180102 "Lön för månaden" 2 "sign"\n'
                       '#TRANS\t1930\t{ }\t1234.50\n#TRANS 1 {} 5 ""\n#TRANS 1 {} 5 "" text\n#TRANS "2" {} 5\n'
                       '#TRANS 3 {1 "a\\"b"} 5 20180101 "a \\"b\\" c:\\\\"\n')
    assert left.tolist() == []
    c = rows.columns
    assert (c["konto"], c["amount_ore"].tolist(), c["date"].tolist(), c["text"].to_pylist()) == (
        ["3010", "1930", "1", "1", "2", "3"], [-123450, 123450, 500, 500, 500, 500], [20180102, 0, 0, 0, 0, 20180101],
        ["Lön för månaden", "", "", "text", "", 'a "b" c:\\'])


def test_unusual_trans_lines_are_left_to_the_tokeniser():
    lines = [
        '#TRANS FEL {} 5',  # an account that is not a number
        '#TRANS 123456789 {} 5',  # more than eight digits
        '#TRANS 1 {} 5,5',  # a decimal comma
        '#TRANS 1 {} 5 2018010',  # a date out of form
        '#TRANS 1 {1 "a}"} 5',  # a brace inside a quoted object
        '#TRANS 1 {1} 5',  # an odd object list
        '#TRANS 1 {} 5 20180101 "open',  # a quote never closed
        '#TRANS 1 5',  # no object list
        '#TRANS 1 {} 5 20180101 "a" {}',  # a second brace pair
        '#TRANS 1 {} 5 20180101 x"y',  # a quote inside a bare field
        '#TRANS 1 {} ',  # no amount
    ]
    rows, left = trans("\n".join(lines) + "\n")
    assert len(rows.lines) == 0 and left.tolist() == list(range(len(lines)))


def test_every_leftover_gets_the_same_result_from_the_tokeniser():
    text = """#VER A 1 20180101 "a \\"b\\""
{
#TRANS FEL {} 5 20180101 "x"
#TRANS 1 {1 "a}"} -5
#TRANS 123456789 {} 0.01 "" "fel plats"
#TRANS 1 {} -0.01 20180101 "öppen
}
#VER "B" "" 20180102 x"y 20180103
{
}
#PSALDO 0 201801 FEL {} 5
#PBUDGET "0" "201801" "1" {} 5
"""
    s = read_both((HEAD + text).encode("cp437"))
    assert s.trans.konto.to_pylist() == ["FEL", "1", "123456789", "1"]
    assert s.trans.text.to_pylist() == ["x", "", "fel plats", "öppen"]
    assert s.vouchers.text.to_pylist() == ['a "b"', 'x"y'] and s.vouchers.regdate.tolist() == [0, 20180103]
    assert s.psaldo.konto.to_pylist() == ["FEL"] and s.pbudget.period.tolist() == [201801]


def test_a_file_read_in_many_parts_joins_them_in_order(monkeypatch):
    monkeypatch.setattr(sie_module, "PART", 64)
    body = "".join(f'#VER A {i} 201801{i % 28 + 1:02d} "v{i}"\n{{\n#TRANS 1930 {{1 "{i % 3}"}} {i}.25\n'
                   f'#TRANS 3010 {{}} -{i}.25 "" "t{i}"\n}}\n' for i in range(1, 12))
    s = read_both((HEAD + "#OBJEKT 1 0 a\n#OBJEKT 1 1 b\n#OBJEKT 1 2 c\n" + body).encode())
    assert s.problems == ()
    assert s.vouchers.number.to_pylist() == [str(i) for i in range(1, 12)]
    assert s.trans.amount_ore.tolist() == [x for i in range(1, 12) for x in (i * 100 + 25, -(i * 100 + 25))]
    assert s.trans.voucher.tolist() == [i // 2 for i in range(22)]
    assert len(sie_module._parts(*_padded(HEAD + body))) > 10
