"""Readers: every row of every accepted format comes back exactly as written, or says why not."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reunite.errors import InputFileError
from reunite.ingest.mapping import CANONICAL_FIELDS
from reunite.ingest.readers import FileInfo, RawRow, describe_file, read_rows

DATA = Path(__file__).parents[1] / "data"


def write(folder: Path, name: str, content: bytes | str) -> FileInfo:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return describe_file(path)


def rows_of(info: FileInfo, sheet: str | None = None) -> list[RawRow]:
    return list(read_rows(info, sheet=sheet))


def values_of(info: FileInfo, sheet: str | None = None) -> list[dict[str, str | None]]:
    return [row.values for row in rows_of(info, sheet)]


# -- describe_file --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("r.csv", "csv"), ("r.TSV", "csv"), ("r.txt", "csv"), ("r.xlsx", "xlsx"),
        ("r.xlsm", "xlsx"), ("r.json", "json"), ("r.jsonl", "jsonl"), ("r.ndjson", "jsonl"),
    ],
)  # fmt: skip
def test_format_comes_from_the_extension(tmp_path: Path, name: str, expected: str) -> None:
    content = b"PK\x03\x04rest" if expected == "xlsx" else b"record_id\n1\n"
    path = tmp_path / name
    path.write_bytes(content)
    info = describe_file(path)
    assert info.format == expected
    assert info.size == len(content)
    assert info.sha256 == hashlib.sha256(content).hexdigest()
    assert info.path == path


def test_the_hash_is_streamed_over_large_files(tmp_path: Path) -> None:
    content = b"record_id,notes\n" + b"1," + b"x" * 3_000_000 + b"\n"
    info = write(tmp_path, "big.csv", content)
    assert info.sha256 == hashlib.sha256(content).hexdigest() and info.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "file not found"),
        ("folder.csv", "dir", "is a directory"),
        ("empty.csv", b"", "empty (0 bytes)"),
        ("roster.pdf", b"%PDF-1.4", "unknown file type '.pdf'"),
        ("roster", b"a,b\n", "unknown file type '(no extension)'"),
        ("old.xls", b"\xd0\xcf\x11\xe0rest", "save it as .xlsx"),
        ("zipped.csv", b"PK\x03\x04" + bytes(100), "zip archive"),
        ("old-excel.csv", b"\xd0\xcf\x11\xe0" + bytes(100), ".xls"),
        ("report.csv", b"%PDF-1.7\n...", "a PDF"),
        ("text.xlsx", b"record_id,name\n1,Ana\n", "not a valid .xlsx workbook"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0" + bytes(100), "an old .xls: save it as .xlsx"),
        ("random.csv", os.urandom(4096), "does not look like a text table"),
        ("random.json", os.urandom(4096), "does not look like a text table"),
        ("zeros.csv", bytes(2048), "does not look like a text table"),
    ],
)
def test_describe_file_refuses_what_it_cannot_read(
    tmp_path: Path, name: str, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(InputFileError, match=r".*") as caught:
        describe_file(path)
    assert message in str(caught.value)
    assert name in str(caught.value)


def test_an_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.csv"
    path.write_text("record_id\n1\n")
    real_open = Path.open

    def locked(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(InputFileError, match="permission denied"):
        describe_file(path)


def test_random_bytes_are_refused_by_the_reader_too(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(os.urandom(4096))
    info = FileInfo(path=path, sha256="0" * 64, size=4096, format="csv")
    with pytest.raises(InputFileError, match="does not look like a text table"):
        rows_of(info)


# -- CSV: encodings -------------------------------------------------------------------------------

HEADER = "record_id,given_names,surnames\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param((HEADER + "1,José,Peña\n").encode("utf-8"), ["José", "Peña"], id="utf-8"),
        pytest.param(
            b"\xef\xbb\xbf" + (HEADER + "1,José,Peña\n").encode("utf-8"),
            ["José", "Peña"],
            id="utf-8-bom",
        ),
        pytest.param(
            (HEADER + "1,José,Peña O’Neil\n").encode("cp1252"), ["José", "Peña O’Neil"], id="cp1252"
        ),
        pytest.param(
            (HEADER + "1,José,Peña\x81\n").encode("latin-1"), ["José", "Peña\x81"], id="latin-1"
        ),
        pytest.param(
            (HEADER.replace(",", "\t") + "1\tJosé\tPeña\n").encode("utf-16"),
            ["José", "Peña"],
            id="utf-16-tab",
        ),
    ],
)
def test_encodings(tmp_path: Path, content: bytes, expected: list[str]) -> None:
    [row] = rows_of(write(tmp_path, "r.csv", content))
    assert list(row.values) == ["record_id", "given_names", "surnames"]
    assert [row.values["given_names"], row.values["surnames"]] == expected
    assert row.kind == "data" and row.row_number == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "roster-cp1252.csv",
            [
                {"record_id": "W-1", "given_names": "José", "surnames": "Peña",
                 "language": "K’iche’", "notes": "habla “poco” español"},
                {"record_id": "W-2", "given_names": "María Ángeles", "surnames": "Núñez Ibáñez",
                 "language": "Español", "notes": ""},
            ],
        ),
        (
            "roster-semicolon-bom.csv",
            [
                {"record_id": "S-1", "given_names": "Juan Carlos", "surnames": "Ajanel Xoc",
                 "notes": "peso 12,5 kg"},
                {"record_id": "S-2", "given_names": "Lupe", "surnames": "De la Cruz",
                 "notes": 'dice: "mi mamá se llama Chayo"; sin apellido'},
            ],
        ),
    ],
)  # fmt: skip
def test_committed_excel_exports(name: str, expected: list[dict[str, str]]) -> None:
    rows = rows_of(describe_file(DATA / name))
    assert [row.values for row in rows] == expected
    assert [row.row_number for row in rows] == [2, 3]


def test_a_late_line_in_another_encoding_is_unreadable_not_fatal(tmp_path: Path) -> None:
    # More than the 1 MB sample of UTF-8, then one line that Excel wrote in cp1252.
    good = "".join(f"{i},María José,Núñez\n" for i in range(60_000)).encode("utf-8")
    content = HEADER.encode() + good + "X,José,Peña\n".encode("cp1252") + b"Y,Ana,Pop\n"
    rows = rows_of(write(tmp_path, "mixed.csv", content))
    assert len(rows) == 60_002
    assert rows[0].values["given_names"] == "María José"
    bad = rows[-2]
    assert bad.kind == "unreadable" and bad.row_number == 60_002
    assert bad.detail == "line 60002: bytes that are not valid utf-8 (shown as cp1252)"
    assert bad.values == {"record_id": "X", "given_names": "José", "surnames": "Peña"}
    assert rows[-1].kind == "data" and rows[-1].values["surnames"] == "Pop"


@pytest.mark.parametrize(
    ("late_lines", "kinds", "surnames"),
    [
        # An upper-case export, plain ASCII for its first megabyte: the first accent decides.
        ("X,JOSE,PEÑA\n".encode("cp1252"), ["data"], ["PEÑA"]),
        ("X,JOSE,PEÑA\n".encode(), ["data"], ["PEÑA"]),
        (
            "X,JOSE,PEÑA\n".encode() + "Y,JOSE,NUÑEZ\n".encode("cp1252"),
            ["data", "unreadable"],
            ["PEÑA", "NUÑEZ"],
        ),
    ],
)
def test_an_ascii_start_leaves_the_encoding_to_the_first_accent(
    tmp_path: Path, late_lines: bytes, kinds: list[str], surnames: list[str]
) -> None:
    ascii_part = "".join(f"{i},JUAN CARLOS,AJANEL XOC\n" for i in range(50_000)).encode()
    rows = rows_of(write(tmp_path, "r.csv", HEADER.encode() + ascii_part + late_lines))
    late = rows[50_000:]
    assert [row.kind for row in late] == kinds
    assert [row.values["surnames"] for row in late] == surnames


def test_a_byte_undefined_in_cp1252_is_unreadable(tmp_path: Path) -> None:
    filler = "".join(f"{i},José,Peña\n" for i in range(80_000)).encode("cp1252")
    content = HEADER.encode() + filler + b"X,Jos\x81,Pe\xf1a\n"
    rows = rows_of(write(tmp_path, "r.csv", content))
    assert rows[0].values["given_names"] == "José"
    assert rows[-1].kind == "unreadable"
    assert rows[-1].values["given_names"] == "Jos\\x81"
    assert rows[-1].values["surnames"] == "Peña"


def test_a_row_with_nul_bytes_is_unreadable(tmp_path: Path) -> None:
    content = HEADER + "1,Ana,Pop\n2,Ju\x00an,Xoc\n3,Eva,Tut\n"
    rows = rows_of(write(tmp_path, "r.csv", content))
    assert [row.kind for row in rows] == ["data", "unreadable", "data"]
    assert rows[1].values["given_names"] == "Ju\\x00an"
    assert "NUL" in (rows[1].detail or "")


# -- CSV: shape -----------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed_from_the_header(tmp_path: Path, delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["record_id", "full_name", "notes"])
    writer.writerow(["1", "Pérez, Ana", "a;b|c\td"])  # the other candidates inside a value
    writer.writerow(["2", "Xoc", ""])
    rows = rows_of(write(tmp_path, "r.csv", buffer.getvalue()))
    assert [row.values for row in rows] == [
        {"record_id": "1", "full_name": "Pérez, Ana", "notes": "a;b|c\td"},
        {"record_id": "2", "full_name": "Xoc", "notes": ""},
    ]


@pytest.mark.parametrize(
    ("content", "expected_names"),
    [
        ('"name, full";record_id;notes\n"Pop, Ana";1;x\n', ["name, full", "record_id", "notes"]),
        ("sep=;\nrecord_id;name\n1;Ana\n", ["record_id", "name"]),
        ("sep=,\r\nrecord_id;name,notes\r\n1;Ana,x\r\n", ["record_id;name", "notes"]),
        ("record_id\n1\n", ["record_id"]),
    ],
)
def test_delimiter_edge_cases(tmp_path: Path, content: str, expected_names: list[str]) -> None:
    [row] = rows_of(write(tmp_path, "r.csv", content))
    assert list(row.values) == expected_names and row.kind == "data"


def test_quoted_fields_keep_newlines_and_rows_number_by_starting_line(tmp_path: Path) -> None:
    content = (
        "record_id,notes,facility\r\n"  # line 1
        '1,"first line\r\nsecond, with comma\r\nthird",A\r\n'  # lines 2-4
        "\r\n"  # line 5: blank
        '2,"say ""hola""",B\r\n'  # line 6
        "3,plain,C"  # line 7, no final newline
    )
    rows = rows_of(write(tmp_path, "r.csv", content))
    assert [row.row_number for row in rows] == [2, 6, 7]
    assert rows[0].values["notes"] == "first line\r\nsecond, with comma\r\nthird"
    assert rows[1].values["notes"] == 'say "hola"'
    assert all(row.kind == "data" for row in rows)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(tmp_path: Path, newline: str) -> None:
    content = newline.join(["record_id,name", "1,Ana", "", "2,Eva", ""])
    rows = rows_of(write(tmp_path, "r.csv", content))
    assert [(row.row_number, row.values["name"]) for row in rows] == [(2, "Ana"), (4, "Eva")]


def test_blank_lines_and_empty_rows_are_skipped(tmp_path: Path) -> None:
    content = "\n  \nrecord_id,name,notes\n\n1,Ana,\n,,\n   \n , \t,\n2,Eva,x\n\n"
    rows = rows_of(write(tmp_path, "r.csv", content))
    assert [(row.row_number, row.values["record_id"]) for row in rows] == [(5, "1"), (9, "2")]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("record_id,given_names,surnames", "repeated-header"),
        ("RECORD_ID,Given Names,SURNAMES", "repeated-header"),
        (" record_id , given_names ,surnames", "repeated-header"),
        ("record_id,,surnames", "repeated-header"),
        ("record_id,,", "data"),  # one matching cell is not enough with three columns
        ("record_id,Ana,Pop", "data"),
        ("R-1,given_names,surnames", "data"),
    ],
)
def test_repeated_header_rows(tmp_path: Path, line: str, kind: str) -> None:
    rows = rows_of(write(tmp_path, "r.csv", f"{HEADER}1,Ana,Pop\n{line}\n2,Eva,Tut\n"))
    assert [row.kind for row in rows] == ["data", kind, "data"]
    assert rows[1].row_number == 3
    assert list(rows[1].values) == ["record_id", "given_names", "surnames"]


@pytest.mark.parametrize(
    ("line", "kind", "values", "detail"),
    [
        ("1,Ana,Pop", "data", {"record_id": "1", "given_names": "Ana", "surnames": "Pop"}, None),
        (
            "1,Ana",
            "data",
            {"record_id": "1", "given_names": "Ana", "surnames": ""},
            "short-row: 2 of 3 fields",
        ),
        (
            "1,Pop, Ana,Tut",
            "ragged",
            {"record_id": "1", "given_names": "Pop", "surnames": " Ana", "_extra_1": "Tut"},
            "4 fields but the header has 3: extra kept as _extra_1",
        ),
        (
            "1,a,b,c,d",
            "ragged",
            {
                "record_id": "1",
                "given_names": "a",
                "surnames": "b",
                "_extra_1": "c",
                "_extra_2": "d",
            },
            "5 fields but the header has 3: extra kept as _extra_1 to _extra_2",
        ),
        (
            "1,Ana,Pop,,",
            "data",
            {"record_id": "1", "given_names": "Ana", "surnames": "Pop"},
            None,
        ),
    ],
)
def test_ragged_and_short_rows(
    tmp_path: Path, line: str, kind: str, values: dict[str, str], detail: str | None
) -> None:
    [row] = rows_of(write(tmp_path, "r.csv", f"{HEADER}{line}\n"))
    assert (row.kind, row.values, row.detail) == (kind, values, detail)


def test_a_ten_megabyte_field_is_read(tmp_path: Path) -> None:
    notes = "nota larga " * 1_000_000  # 11 MB
    content = f'record_id,notes\n1,"{notes}"\n2,short\n'
    rows = rows_of(write(tmp_path, "r.csv", content))
    assert len(rows[0].values["notes"] or "") == len(notes)
    assert rows[1].values == {"record_id": "2", "notes": "short"} and rows[1].row_number == 3


def test_a_quote_never_closed_is_reported_not_swallowed_silently(tmp_path: Path) -> None:
    content = f'{HEADER}1,Ana,Pop\n2,"Eva,Tut\n3,Juan,Xoc\n'
    rows = rows_of(write(tmp_path, "r.csv", content))
    assert [row.kind for row in rows] == ["data", "unreadable"]
    assert rows[1].row_number == 3
    assert "never closed" in (rows[1].detail or "") and "lines 3-4" in (rows[1].detail or "")
    assert "3,Juan,Xoc" in (rows[1].values["given_names"] or "")  # kept, for a person to fix


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("\n\n\r\n", "no header row"),
        (",,\n1,2,3\n", "the header row (line 1) has no column names"),
        ("\n  \n  ,  \n1,2\n", "the header row (line 3) has no column names"),
        ("record_id,DOB,name,DOB\n1,2,3,4\n", "'DOB' (columns 2, 4)"),
        ("id,a,a,b,b\n", "'a' (columns 2, 3); 'b' (columns 4, 5)"),
        ('record_id,"notes\n1,a\n2,b\n', "a quote in the header (line 1) never closes"),
    ],
)
def test_header_problems(tmp_path: Path, content: str, message: str) -> None:
    info = write(tmp_path, "r.csv", content)
    with pytest.raises(InputFileError) as caught:
        rows_of(info)
    assert message in str(caught.value) and "r.csv" in str(caught.value)


def test_header_cells_blank_in_the_middle_are_named_and_trailing_ones_ignored(
    tmp_path: Path,
) -> None:
    [row] = rows_of(write(tmp_path, "r.csv", "record_id,,notes,,\n1,kept,x,,\n"))
    assert row.values == {"record_id": "1", "_column_2": "kept", "notes": "x"}
    assert row.kind == "data"


def test_a_header_only_file_yields_no_rows(tmp_path: Path) -> None:
    assert rows_of(write(tmp_path, "r.csv", HEADER)) == []
    assert rows_of(write(tmp_path, "bom.csv", b"\xef\xbb\xbf" + HEADER.encode())) == []


def test_a_sheet_name_means_nothing_to_a_csv_file(tmp_path: Path) -> None:
    info = write(tmp_path, "r.csv", HEADER + "1,Ana,Pop\n")
    assert values_of(info, sheet="Menores") == values_of(info)


def test_reading_streams(tmp_path: Path) -> None:
    info = write(tmp_path, "r.csv", HEADER + "".join(f"{i},a,b\n" for i in range(1000)))
    rows = read_rows(info)
    first = next(rows)
    assert first.row_number == 2 and iter(rows) is rows


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(['"', ",", ";", "\t", "|", "\n", "\r", " "]),
    max_size=15,
)
NAMES = ["record_id", "given_names", "notes"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.lists(cell_text, min_size=3, max_size=3).filter(lambda r: "".join(r).strip() != ""),
        max_size=20,
    ),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig"]),
)
def test_any_csv_written_by_the_csv_module_reads_back_the_same(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    path = folder / "r.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(NAMES)
        writer.writerows(rows)
    read = rows_of(describe_file(path))
    assert [row.values for row in read] == [dict(zip(NAMES, r, strict=True)) for r in rows]
    assert all(row.kind == "data" for row in read)
    numbers = [row.row_number for row in read]
    assert numbers == sorted(set(numbers)) and all(n >= 2 for n in numbers)


@pytest.mark.slow
def test_a_large_csv_is_streamed_whole(tmp_path: Path) -> None:
    # Speed is measured by bench/ingest.py, not here: this checks every row of a large file
    # arrives, with the right row numbers, from a generator (nothing read ahead into a list).
    path = tmp_path / "big.csv"
    line = (
        "R{},adult,María José,Xoc Pérez,,F,14/03/1990,GT,quc,A-123-456-789,14/06/2018,"
        "El Paso,Example,FU-1,,,+502 5555 0101,\n"
    )
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(CANONICAL_FIELDS) + "\n")
        handle.writelines(line.format(i) for i in range(200_000))
    rows = read_rows(describe_file(path))
    assert iter(rows) is rows
    count, last = 0, None
    for row in rows:
        count, last = count + 1, row
    assert count == 200_000
    assert last is not None and last.row_number == 200_001 and last.values["record_id"] == "R199999"


# -- XLSX -----------------------------------------------------------------------------------------


def workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> FileInfo:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return describe_file(path)


def patch_sheet(path: Path, member: str, old: str, new: str) -> None:
    """Edit a workbook's XML the way another program would have written it."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    text = parts[member].decode()
    assert old in text
    parts[member] = text.replace(old, new).encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


TWO_SHEETS: dict[str, list[list[object]]] = {
    "Adultos": [["record_id", "full_name"], ["A-1", "Elena Tzoc"], ["A-2", "Juan Pop"]],
    "Vacía": [],
    "Menores": [[None, None], ["record_id", "given_names"], ["M-1", "Ana"]],
}


def test_xlsx_reads_every_sheet_by_default(tmp_path: Path) -> None:
    rows = rows_of(workbook(tmp_path / "r.xlsx", TWO_SHEETS))
    assert [(row.sheet, row.row_number, row.values) for row in rows] == [
        ("Adultos", 2, {"record_id": "A-1", "full_name": "Elena Tzoc"}),
        ("Adultos", 3, {"record_id": "A-2", "full_name": "Juan Pop"}),
        ("Menores", 3, {"record_id": "M-1", "given_names": "Ana"}),
    ]


def test_xlsx_reads_a_chosen_sheet(tmp_path: Path) -> None:
    info = workbook(tmp_path / "r.xlsx", TWO_SHEETS)
    assert [row.values for row in rows_of(info, sheet="Menores")] == [
        {"record_id": "M-1", "given_names": "Ana"}
    ]
    with pytest.raises(
        InputFileError, match=r"no sheet named 'Kids'.*'Adultos', 'Vacía', 'Menores'"
    ):
        rows_of(info, sheet="Kids")
    with pytest.raises(InputFileError, match="sheet 'Vacía' is empty"):
        rows_of(info, sheet="Vacía")


def test_xlsx_with_only_empty_sheets_has_no_header(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="every sheet is empty"):
        rows_of(workbook(tmp_path / "r.xlsx", {"Uno": [], "Dos": []}))


def test_xlsx_header_only_yields_no_rows(tmp_path: Path) -> None:
    assert rows_of(workbook(tmp_path / "r.xlsx", {"S": [["record_id", "name"]]})) == []


def test_xlsx_values_become_text_without_loss(tmp_path: Path) -> None:
    header = ["record_id", "a_number", "birth_date", "event_at", "weight", "flag", "empty", "text"]
    row = [101, 123456789.0, datetime(2012, 3, 4), datetime(2018, 6, 2, 8, 30), 12.5, True, None,
           "000123"]  # fmt: skip
    info = workbook(tmp_path / "r.xlsx", {"S": [header, row]})
    [read] = rows_of(info)
    assert read.values == {
        "record_id": "101", "a_number": "123456789", "birth_date": "2012-03-04",
        "event_at": "2018-06-02T08:30:00", "weight": "12.5", "flag": "TRUE", "empty": None,
        "text": "000123",
    }  # fmt: skip
    assert read.kind == "data" and read.detail is None


def test_xlsx_dates_typed_as_date_cells(tmp_path: Path) -> None:
    info = workbook(
        tmp_path / "r.xlsx", {"S": [["record_id", "birth_date"], ["1", date(2010, 6, 5)]]}
    )
    assert values_of(info) == [{"record_id": "1", "birth_date": "2010-06-05"}]


def test_xlsx_formulas_are_never_evaluated(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    workbook(
        path,
        {
            "S": [
                ["record_id", "link", "total"],
                ["1", '=HYPERLINK("http://example.invalid","x")', "=1+2"],
            ]
        },
    )
    # openpyxl saves no cached values; give one formula the cached value Excel would have saved.
    patch_sheet(path, "xl/worksheets/sheet1.xml", "<f>1+2</f><v />", "<f>1+2</f><v>3</v>")
    [row] = rows_of(describe_file(path))
    assert row.values == {
        "record_id": "1",
        "link": '=HYPERLINK("http://example.invalid","x")',
        "total": "3",
    }


def test_xlsx_short_rows_are_padded_and_cells_past_the_header_are_ragged(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["record_id", "name", "notes"],
        ["1", "Ana"],
        ["2", "Eva", None, "stray"],
        ["3"],
    ]
    read = rows_of(workbook(tmp_path / "r.xlsx", {"S": rows}))
    assert (read[0].kind, read[0].detail) == ("data", None)
    assert read[0].values == {"record_id": "1", "name": "Ana", "notes": None}
    assert read[1].kind == "ragged" and read[1].values["_extra_1"] == "stray"
    assert read[2].values == {"record_id": "3", "name": None, "notes": None}


def test_xlsx_repeated_header_rows(tmp_path: Path) -> None:
    rows = [["record_id", "name"], ["1", "Ana"], ["RECORD_ID", "Name"], ["2", "Eva"]]
    read = rows_of(workbook(tmp_path / "r.xlsx", {"S": rows}))
    assert [(row.row_number, row.kind) for row in read] == [
        (2, "data"), (3, "repeated-header"), (4, "data"),
    ]  # fmt: skip


def test_xlsx_with_a_wrong_stored_dimension_loses_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    workbook(path, {"S": [["record_id", "name"], ["1", "Ana"], ["2", "Eva"], ["3", "Juan"]]})
    patch_sheet(
        path, "xl/worksheets/sheet1.xml", '<dimension ref="A1:B4" />', '<dimension ref="A1:A2" />'
    )
    assert [row.values for row in rows_of(describe_file(path))] == [
        {"record_id": "1", "name": "Ana"},
        {"record_id": "2", "name": "Eva"},
        {"record_id": "3", "name": "Juan"},
    ]


def test_xlsx_duplicate_headers_are_refused(tmp_path: Path) -> None:
    info = workbook(tmp_path / "r.xlsx", {"S": [["record_id", "DOB", "DOB"], ["1", "a", "b"]]})
    with pytest.raises(InputFileError, match=r"sheet 'S' row 1.*'DOB' \(columns 2, 3\)"):
        rows_of(info)


def test_a_damaged_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(InputFileError, match=r"cannot be read as an \.xlsx workbook"):
        rows_of(describe_file(path))


# -- JSON and JSONL -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        [{"record_id": "1", "name": "Ana"}, {"record_id": "2", "name": "Eva"}],
        {"records": [{"record_id": "1", "name": "Ana"}, {"record_id": "2", "name": "Eva"}]},
        {"data": [{"record_id": "1", "name": "Ana"}, {"record_id": "2", "name": "Eva"}]},
        {"exported": "2018-07-01", "rows": [{"record_id": "1", "name": "Ana"},
                                             {"record_id": "2", "name": "Eva"}]},
        {"rows": [{"record_id": "1", "name": "Ana"}, {"record_id": "2", "name": "Eva"}],
         "facilities": ["x"]},
    ],
)  # fmt: skip
def test_json_shapes(tmp_path: Path, document: object) -> None:
    rows = rows_of(write(tmp_path, "r.json", json.dumps(document)))
    assert [(row.row_number, row.values, row.kind) for row in rows] == [
        (1, {"record_id": "1", "name": "Ana"}, "data"),
        (2, {"record_id": "2", "name": "Eva"}, "data"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("42", "found a JSON number"),
        ('"roster"', "found a JSON string"),
        ('{"name": "roster"}', "found a JSON object"),
        ('{"a": [], "b": []}', "found a JSON object"),
        ('[{"record_id": 1},\n {"record_id": 2,}]', "not valid JSON (line 2, column"),
        (b'[{"name": "Pe\xf1a"}]', "must be UTF-8"),
    ],
)
def test_json_errors(tmp_path: Path, text: str | bytes, message: str) -> None:
    info = write(tmp_path, "r.json", text)
    with pytest.raises(InputFileError) as caught:
        rows_of(info)
    assert message in str(caught.value) and "r.json" in str(caught.value)


def test_json_values_become_text(tmp_path: Path) -> None:
    text = (
        '[{"record_id": 7, "weight": 12.50, "minor": true, "phone": null,'
        ' "names": ["Ana", "María"], "address": {"city": "Xela"}, "notes": "ok"},'
        ' {"record_id": "8", "late_key": "kept"}, "not an object", 5]'
    )
    rows = rows_of(write(tmp_path, "r.json", text))
    assert rows[0].values == {
        "record_id": "7", "weight": "12.5", "minor": "true", "phone": None,
        "names": '["Ana", "María"]', "address": '{"city": "Xela"}', "notes": "ok", "late_key": None,
    }  # fmt: skip
    assert rows[1].values["late_key"] == "kept" and rows[1].values["weight"] is None
    assert list(rows[1].values)[:2] == ["record_id", "weight"]  # every row has the whole header
    assert [(row.kind, row.detail) for row in rows[2:]] == [
        ("unreadable", "item 3 is a JSON string, not an object"),
        ("unreadable", "item 4 is a JSON number, not an object"),
    ]
    assert rows[2].values == {"_value": "not an object"}


def test_json_header_only_equivalent_is_empty(tmp_path: Path) -> None:
    assert rows_of(write(tmp_path, "r.json", "[]")) == []
    assert rows_of(write(tmp_path, "r2.json", '{"records": []}')) == []


def test_json_object_repeating_a_key_is_unreadable(tmp_path: Path) -> None:
    [row] = rows_of(write(tmp_path, "r.json", '[{"record_id": "1", "name": "Ana", "name": "Eva"}]'))
    assert row.kind == "unreadable"
    assert row.values == {"record_id": "1", "name": "Ana", "name (2)": "Eva"}
    assert "'name'" in (row.detail or "")


def test_jsonl_committed_file_with_a_bad_line() -> None:
    rows = rows_of(describe_file(DATA / "roster.jsonl"))
    assert [(row.row_number, row.kind) for row in rows] == [
        (1, "data"), (3, "unreadable"), (4, "unreadable"), (5, "data"),
    ]  # fmt: skip
    assert rows[0].values == {
        "record_id": "J-1", "given_names": "Elena", "surnames": "Tzoc", "phone": None,
    }  # fmt: skip
    assert rows[1].values == {"_line": '{"record_id": "J-2", "given_names": "Ana", "surnames": '}
    assert "not valid JSON" in (rows[1].detail or "")
    assert rows[2].detail == "line 4 is a JSON array, not an object"
    assert rows[3].values["phone"] == "+502 5555 0199"


def test_jsonl_line_that_is_not_utf8(tmp_path: Path) -> None:
    content = b'{"record_id": "1"}\n{"record_id": "2", "name": "Pe\xf1a"}\n\xef\xbb\xbf\n'
    rows = rows_of(write(tmp_path, "r.jsonl", b"\xef\xbb\xbf" + content))
    assert rows[0].values == {"record_id": "1"}
    assert rows[1].kind == "unreadable"
    assert rows[1].values == {"_line": '{"record_id": "2", "name": "Peña"}'}
    assert rows[2].kind == "unreadable"  # a stray BOM mid-file is not JSON


def test_jsonl_with_only_blank_lines_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no JSON lines"):
        rows_of(write(tmp_path, "r.jsonl", "\n \n\r\n"))
