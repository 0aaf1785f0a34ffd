"""The one control-character check and the one address check every part of the mail package uses."""

from __future__ import annotations

import pytest

from gns_lib.mail.addresses import control_chars, is_address, is_control, one_line


@pytest.mark.parametrize("ch", ["\r", "\n", "\t", "\x00", "\x7f", "\x85", "\u200b", "\u2028", "\u2029", "\ufeff"])
def test_control_characters(ch):
    assert is_control(ch)


@pytest.mark.parametrize("ch", [" ", "\u00a0", "å", "Ö", "-", "<", "@", "\u2013"])
def test_ordinary_characters(ch):
    assert not is_control(ch)


def test_control_chars_are_named_by_code_point_in_order():
    assert control_chars("Eva\u2028Bcc: x\x85y\r\n") == ["U+2028", "U+0085", "U+000D", "U+000A"]
    assert control_chars("Åsa Öberg\u00a0– ekonom") == []


def test_one_line_turns_control_characters_into_single_blanks():
    assert one_line("Årsbokslut\r\nBcc: evil@example.org\u2028 \t slut ") == "Årsbokslut Bcc: evil@example.org slut"
    assert one_line("Nämnd\u00a0 X – år") == "Nämnd X – år"  # any run of blanks becomes one space


@pytest.mark.parametrize("addr", ["gns@region.example", "a.b+c@sub.region-x.example", "X@Test.example"])
def test_good_addresses(addr):
    assert is_address(addr)


@pytest.mark.parametrize("addr", [
    "", "gns", "gns@", "@region.example", "gns@region", "åsa@region.example", "gns@regiön.example",
    "gns@region.example\r\nBcc: evil@example.org", "gns\u2028@region.example", "gns @region.example",
    "a@b@region.example", "gns@region_x.example", "gns@region..example", "(gns)@region.example"])
def test_bad_addresses(addr):
    assert not is_address(addr)
