"""Encodings named as what they are (no database): UTF-16 refused as UTF-16 by the OFAC and
UK parsers and read by the UN one, UTF-8 read where OFAC's ASCII is expected, mixed
encodings refused, a cut UN file refused as truncated."""

import shutil
from pathlib import Path

import pytest

from importer.parsers import ofac, uk, un
from importer.parsers.encoding import wide_unicode
from importer.records import ParseError, ParseWarning
from tests.importer.conftest import OFAC_NDC, UK_SAMPLE, UN_SAMPLE

WIDE = [
    ("utf-16-le", b"\xff\xfe", "UTF-16 (little-endian, with a BOM)"),
    ("utf-16-be", b"\xfe\xff", "UTF-16 (big-endian, with a BOM)"),
    ("utf-16-le", b"", "UTF-16 (little-endian, no BOM)"),
    ("utf-16-be", b"", "UTF-16 (big-endian, no BOM)"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with a BOM)"),
]


@pytest.fixture
def ndc(tmp_path) -> Path:
    folder = tmp_path / "ndc"
    shutil.copytree(OFAC_NDC, folder)
    return folder


def test_wide_unicode_is_recognised_and_text_is_not():
    for codec, bom, name in WIDE:
        assert str(wide_unicode(bom + "52049,NATIONAL\r\n".encode(codec))) == name
    for text in (b"52049,NATIONAL\r\n", "CENTR\u00c9".encode(), b"", b"a", b"\x00"):
        assert wide_unicode(text) is None


# ----------------------------------------------------------------------------------- OFAC


@pytest.mark.parametrize(("codec", "bom", "name"), WIDE)
@pytest.mark.parametrize("file", ["sdn.csv", "add.csv"])
def test_ofac_utf16_is_refused_as_utf16(ndc, codec, bom, name, file):
    """Regression: a UTF-16 sdn.csv was refused as 'unexpected 0x1A byte before the end'."""
    path = ndc / file
    path.write_bytes(bom + path.read_bytes().decode("ascii").encode(codec))
    with pytest.raises(ParseError) as refused:
        ofac.parse_folder(ndc, kind="sdn")
    assert str(refused.value) == (
        f"{file}: the file is {name}, not ASCII as OFAC publishes it: download it again "
        "(re-saved as Unicode text?)"
    )


def test_ofac_utf8_is_read_as_utf8_with_a_warning(ndc):
    path = ndc / "alt.csv"
    path.write_bytes(path.read_bytes().replace(b"CENTRE", "CENTR\u00c9".encode()))
    parsed = ofac.parse_source(ndc, kind="sdn")
    ndc_entry = next(e for e in parsed.entries if e.reference == "52049")
    assert "NATIONAL DEVELOPMENT CENTR\u00c9" in {a.name for a in ndc_entry.aliases}
    assert parsed.warnings == [
        ParseWarning(
            "alt.csv",
            1,
            "read as UTF-8 (OFAC publishes ASCII): 1 non-ASCII character, the first on this line",
        )
    ]


def test_ofac_utf8_bom_is_read_with_a_warning(ndc):
    path = ndc / "sdn.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    parsed = ofac.parse_source(ndc, kind="sdn")
    plain = ofac.parse_source(OFAC_NDC, kind="sdn")
    assert [e.digest() for e in parsed.entries] == [e.digest() for e in plain.entries]
    assert parsed.warnings == [
        ParseWarning("sdn.csv", 1, "read as UTF-8 (OFAC publishes ASCII): the file has a BOM")
    ]


def test_ofac_windows_1252_is_refused_never_guessed(ndc):
    path = ndc / "alt.csv"
    path.write_bytes(path.read_bytes().replace(b"CENTRE", "CENTR\u00c9".encode("cp1252")))
    with pytest.raises(ParseError) as refused:
        ofac.parse_folder(ndc, kind="sdn")
    assert str(refused.value) == (
        "alt.csv, line 1: byte 0xC9 is not ASCII, nor part of a UTF-8 character "
        "(Windows-1252? wrong encoding or not an OFAC file)"
    )


# ------------------------------------------------------------------------------------- UK


@pytest.mark.parametrize(("codec", "bom", "name"), WIDE[:4])
def test_uk_utf16_is_refused_as_utf16(tmp_path, codec, bom, name):
    path = tmp_path / "ConList.csv"
    path.write_bytes(bom + UK_SAMPLE.read_bytes().decode("cp1252").encode(codec))
    with pytest.raises(ParseError) as refused:
        uk.parse_file(path)
    assert str(refused.value) == (
        f"ConList.csv: the file is {name}, not Windows-1252 or UTF-8 as OFSI publishes the "
        "ConList: download it again (re-saved as Unicode text?)"
    )


def test_uk_mixed_encodings_are_refused_not_garbled(tmp_path):
    """Windows-1252 with UTF-8 names pasted in: read as Windows-1252, they would be garbled."""
    lines = UK_SAMPLE.read_bytes().split(b"\n")
    cp1252_line = next(i for i, line in enumerate(lines, 1) if any(b > 127 for b in line))
    assert cp1252_line > 12
    for number in (10, 11, 12):  # names in UTF-8, below the file's Windows-1252 quotes
        lines[number - 1] = lines[number - 1].replace(b",", "\u00c9,".encode(), 1)
    path = tmp_path / "ConList.csv"
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(ParseError) as refused:
        uk.parse_file(path)
    message = str(refused.value)
    assert message.startswith(f"ConList.csv, line {cp1252_line}: byte 0x9")
    assert "is not UTF-8, but 3 characters of the file are (the first on line 10): two " in message


def test_uk_a_windows_1252_accent_or_two_is_still_windows_1252(tmp_path):
    data = UK_SAMPLE.read_bytes()
    path = tmp_path / "ConList.csv"
    # An accented capital and a curly quote in Windows-1252 are also the bytes of one UTF-8
    # character: not enough to call the file mixed.
    path.write_bytes(data.replace(b"Last Updated", b"Last Updated\xc9\x92", 1))
    with pytest.raises(ParseError, match="not a UK ConList CSV"):  # the preamble: read, and odd
        uk.parse_file(path)


# ------------------------------------------------------------------------------------- UN


def _un_as(tmp_path, codec: str, bom: bytes, declaration: str | None) -> Path:
    text = UN_SAMPLE.read_text(encoding="utf-8")
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    new = f" encoding='{declaration}'" if declaration else ""
    text = text.replace(" encoding='utf-8'", new, 1)
    path = tmp_path / "un.xml"
    path.write_bytes(bom + text.encode(codec))
    return path


@pytest.mark.parametrize(("codec", "bom", "name"), WIDE[:4])
@pytest.mark.parametrize("declaration", ["UTF-16", None])
def test_un_utf16_is_legitimate_xml_and_reads_the_same(tmp_path, codec, bom, name, declaration):
    parsed = un.parse_file(_un_as(tmp_path, codec, bom, declaration))
    plain = un.parse_file(UN_SAMPLE)
    assert [e.as_dict() for e in parsed.entries] == [e.as_dict() for e in plain.entries]
    assert [e.line for e in parsed.entries] == [e.line for e in plain.entries]
    assert [(w.line, w.message) for w in parsed.warnings] == [
        (w.line, w.message) for w in plain.warnings
    ]


@pytest.mark.parametrize(("codec", "bom", "name"), WIDE[:4])
def test_un_utf16_declaring_utf8_is_refused_as_such(tmp_path, codec, bom, name):
    with pytest.raises(ParseError) as refused:
        un.parse_file(_un_as(tmp_path, codec, bom, "utf-8"))
    assert str(refused.value) == (
        f"un.xml, line 1: the file is {name}, but its XML declaration says 'utf-8': re-saved "
        "without updating the declaration? download it again"
    )


def test_un_utf32_is_refused_as_utf32(tmp_path):
    with pytest.raises(ParseError) as refused:
        un.parse_file(_un_as(tmp_path, "utf-32-le", b"\xff\xfe\x00\x00", None))
    assert str(refused.value) == (
        "un.xml: the file is UTF-32 (little-endian, with a BOM): the XML parser reads UTF-8 "
        "and UTF-16 only"
    )


def _cut_after_element(data: bytes, keep: float, closing: bytes) -> bytes:
    """The file cut just after the last ``closing`` tag within its first ``keep`` bytes."""
    end = data.rindex(closing, 0, int(len(data) * keep)) + len(closing)
    return data[:end] + b"\n"


@pytest.mark.parametrize(
    "cut",
    [
        lambda data: _cut_after_element(data, 0.9, b"</INDIVIDUAL>"),
        lambda data: _cut_after_element(data, 0.9, b"</ENTITY>"),
        lambda data: _cut_after_element(data, 1.0, b"</INDIVIDUALS>"),
        lambda data: data[: int(len(data) * 0.9)],
    ],
)
def test_un_a_cut_file_does_not_parse(tmp_path, cut):
    """No orphan-row check is needed for the UN list: a cut file is not XML any more."""
    path = tmp_path / "un.xml"
    path.write_bytes(cut(UN_SAMPLE.read_bytes()))
    with pytest.raises(ParseError, match=r"the file ends too early \(truncated\?\)$"):
        un.parse_file(path)


def test_un_a_cut_utf16_file_does_not_parse(tmp_path):
    data = _un_as(tmp_path, "utf-16-le", b"\xff\xfe", "UTF-16").read_bytes()
    (tmp_path / "cut.xml").write_bytes(data[: len(data) // 2 * 9 // 10 * 2])
    with pytest.raises(ParseError, match=r"the file ends too early \(truncated\?\)$"):
        un.parse_file(tmp_path / "cut.xml")
