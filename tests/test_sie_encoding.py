"""The encoding of a SIE file is told from its bytes, whatever #FORMAT says."""

import pytest

from gns_lib.data.sie_encoding import decode_bytes, detect_encoding, is_utf8

TEXT = '#FORMAT PC8\n#FNAMN "Övningsbolaget i Åre"\n#KONTO 3010 "Försäljning, café"\n#KONTO 4010 Inköp\n'


@pytest.mark.parametrize("encoding", ["cp437", "utf-8", "latin-1"])
def test_the_real_encoding_is_found_and_letters_come_out_right(encoding):
    data = TEXT.encode(encoding)
    assert detect_encoding(data) == encoding
    assert decode_bytes(data, detect_encoding(data)) == TEXT


def test_pure_ascii_counts_as_the_specifications_cp437():
    assert detect_encoding(b"#FLAGGA 0\n#KONTO 1930 Bank\n") == "cp437"
    assert detect_encoding(b"") == "cp437"


def test_utf8_is_only_taken_when_every_byte_sequence_is_valid():
    assert is_utf8("åäö".encode("utf-8"))
    assert not is_utf8("åäö".encode("cp437"))
    assert not is_utf8("åäö".encode("utf-8")[:-1])  # a cut sequence


def test_a_few_stray_latin1_bytes_do_not_outvote_cp437_words():
    # Real exports mix: a path typed in Windows (Latin-1 "Ö") among CP437 names.
    names = '\n#KONTO 3010 "Försäljning av varor och tjänster åt kunder"\n'.encode("cp437") * 3
    data = "#FNR \"C:\\Företag\\Övning\"".encode("latin-1") + names
    assert detect_encoding(data) == "cp437"


def test_latin1_reads_windows_signs_in_0x80_to_0x9f():
    assert decode_bytes("Resor Åre–Östersund €5".encode("cp1252"), "latin-1") == "Resor Åre–Östersund €5"
    assert detect_encoding("Resor Åre–Östersund, Västerås och Luleå".encode("cp1252")) == "latin-1"
