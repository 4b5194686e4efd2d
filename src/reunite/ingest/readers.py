"""Read roster files (CSV, XLSX, JSON, JSONL) into raw rows, exactly as written.

A reader never interprets a value: it hands back each row's cells as text, keyed by the header, and
says when a row is not a plain data row (a repeated header, a row with too many fields, a row that
could not be decoded) so the loader can quarantine it instead of losing it. Only rows whose cells
are all empty are skipped. The rules are documented in docs/formats.md, "Accepted file formats".
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import hashlib
import io
import json
import logging
import re
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

from reunite.errors import InputFileError

logger = logging.getLogger(__name__)

FileFormat = Literal["csv", "xlsx", "json", "jsonl"]
RowKind = Literal["data", "repeated-header", "unreadable", "ragged"]

_FORMAT_BY_SUFFIX: dict[str, FileFormat] = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
}  # fmt: skip
_DELIMITERS = (",", ";", "\t", "|")  # ties go to the earlier one
_HASH_CHUNK = 1 << 20
_ENCODING_SAMPLE = 1 << 20  # bytes used to choose a CSV file's encoding
_SNIFF_BYTES = 1024  # bytes used to tell text from binary
_FIELD_LIMIT = 2**31 - 1  # the csv module's default (128 KiB) rejects long notes fields
_JSONL_HEADER_SAMPLE = 1000  # objects whose keys make a JSONL file's header
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_OLE = b"\xd0\xcf\x11\xe0"  # old binary Office files (.xls, .doc)
_SIGNATURES = (
    (b"PK\x03\x04", "a zip archive (if it is an Excel workbook, name it .xlsx)"),
    (_OLE, "an old binary Excel (.xls) or Word file (save it as .xlsx)"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
)
_SEP_LINE = re.compile(r"sep=(.)\s*")  # Excel's "sep=;" hint on the first line


@dataclass(frozen=True)
class FileInfo:
    """A roster file as found on disk: what the batch records about it."""

    path: Path
    sha256: str
    size: int
    format: FileFormat


@dataclass(slots=True)
class RawRow:
    """One row as read. `row_number` is the physical row (CSV: the line where the record starts)."""

    row_number: int
    sheet: str | None
    values: dict[str, str | None]
    kind: RowKind
    detail: str | None = None


def describe_file(path: Path) -> FileInfo:
    """Check that `path` is a readable, non-empty roster file and hash it (streamed)."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: file not found")
    if path.is_dir():
        raise InputFileError(f"{path}: is a directory, not a file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputFileError(
            f"{path}: old binary Excel files (.xls) cannot be read; "
            "open it in Excel or LibreOffice and save it as .xlsx"
        )
    file_format = _FORMAT_BY_SUFFIX.get(suffix)
    if file_format is None:
        accepted = ", ".join(_FORMAT_BY_SUFFIX)
        raise InputFileError(
            f"{path}: unknown file type {suffix or '(no extension)'!r}; Reunite reads {accepted}"
        )
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_HASH_CHUNK):
                if not size:
                    head = chunk[:_SNIFF_BYTES]
                digest.update(chunk)
                size += len(chunk)
    except PermissionError:
        raise InputFileError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise InputFileError(f"{path}: the file is empty (0 bytes)")
    _check_content(path, file_format, head)
    return FileInfo(path=path, sha256=digest.hexdigest(), size=size, format=file_format)


def read_rows(info: FileInfo, *, sheet: str | None = None) -> Iterator[RawRow]:
    """Yield every non-blank row after the header; `sheet` picks one sheet of a workbook."""
    if info.format == "xlsx":
        yield from _xlsx_rows(info, sheet)  # `sheet` means nothing to the other formats
    else:
        yield from {"csv": _csv_rows, "json": _json_rows, "jsonl": _jsonl_rows}[info.format](info)


# -- telling text from binary ---------------------------------------------------------------------


def _check_content(path: Path, file_format: FileFormat, head: bytes) -> None:
    if file_format == "xlsx":
        if head.startswith(b"PK\x03\x04"):
            return
        hint = "an old .xls: save it as .xlsx" if head.startswith(_OLE) else "a renamed CSV?"
        raise InputFileError(f"{path}: not a valid .xlsx workbook ({hint})")
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            raise InputFileError(f"{path}: does not look like a text table: it is {what}")
    if _looks_binary(head):
        raise InputFileError(
            f"{path}: does not look like a text table (its first bytes are binary data); "
            "export the roster as CSV, XLSX, JSON or JSONL"
        )


def _looks_binary(head: bytes) -> bool:
    if not head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    share = (len(head) - len(head.translate(None, _CONTROL_BYTES))) / len(head)
    if share >= 0.30:
        return True
    # Random bytes are never valid UTF-8 and hold ~12% control bytes; text holds almost none.
    return share >= 0.05 and not _decodes(head, "utf-8", final=False)


def _decodes(data: bytes, encoding: str, *, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _detect_encoding(sample: bytes, *, complete: bool) -> str | None:
    """UTF-8, UTF-16 with a BOM, else Excel's cp1252, else latin-1; None while only ASCII is seen."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample.isascii():
        return "utf-8" if complete else None
    for encoding in ("utf-8", "cp1252"):
        if _decodes(sample, encoding, final=complete):
            return encoding
    return "latin-1"


@functools.cache
def _recovery_table() -> dict[int, str]:
    """Show undecodable bytes (kept as lone surrogates) as cp1252 text, and NUL visibly."""
    table = {0: "\\x00"}
    for byte in range(0x80, 0x100):
        try:
            table[0xDC00 + byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            table[0xDC00 + byte] = f"\\x{byte:02x}"
    return table


def _visible(text: str) -> str:
    return text.translate(_recovery_table())


# -- the header and the shape of each row ---------------------------------------------------------


def _header_key(text: str) -> str:
    return "".join(text.split()).casefold().replace("_", "").replace("-", "")


class _Table:
    """A header, and the rules that turn one row's cells into a RawRow."""

    def __init__(self, path: Path, cells: Sequence[str | None], where: str, *, csv_rows: bool):
        names = ["" if cell is None else cell for cell in cells]
        while names and not names[-1].strip():
            names.pop()  # trailing blank header cells are layout, not columns
        if not names:
            raise InputFileError(f"{path}: the header row ({where}) has no column names")
        names = [name if name.strip() else f"_column_{i}" for i, name in enumerate(names, 1)]
        duplicated = [name for name, n in Counter(names).items() if n > 1]
        if duplicated:
            listed = "; ".join(
                f"{name!r} (columns {', '.join(str(i) for i, n in enumerate(names, 1) if n == name)})"
                for name in duplicated
            )
            raise InputFileError(
                f"{path}: the header ({where}) repeats column names: {listed}; "
                "rename them so that each column has its own name"
            )
        self.names = names
        self.keys = [_header_key(name) for name in names]
        self.width = len(names)
        self.blank: str | None = "" if csv_rows else None
        self.csv_rows = csv_rows

    def row(self, number: int, sheet: str | None, cells: Sequence[str | None]) -> RawRow:
        count = len(cells)
        values: dict[str, str | None] = dict(zip(self.names, cells, strict=False))
        if count == self.width:
            kind: RowKind = "data"
            detail = None
        elif count < self.width:
            kind = "data"
            for name in self.names[count:]:
                values[name] = self.blank
            detail = f"short-row: {count} of {self.width} fields" if self.csv_rows else None
        elif not any(cells[self.width :]):
            kind, detail = "data", None  # trailing empty fields: nothing to keep
        else:
            extra = cells[self.width :]
            for i, cell in enumerate(extra, 1):
                values[f"_extra_{i}"] = cell
            kind = "ragged"
            kept = "_extra_1" if len(extra) == 1 else f"_extra_1 to _extra_{len(extra)}"
            detail = f"{count} fields but the header has {self.width}: extra kept as {kept}"
        if kind == "data" and self._is_header(cells):
            kind = "repeated-header"
        return RawRow(number, sheet, values, kind, detail)

    def _is_header(self, cells: Sequence[str | None]) -> bool:
        """Every non-blank cell equals its column's name; blank cells are allowed."""
        matched = 0
        for cell, key in zip(cells, self.keys, strict=False):
            if cell is None:
                continue
            head = cell.lstrip(" \t_-")[:1]
            if not head:
                continue
            # Cheap first-character test before the full comparison: most rows fail it.
            if head.casefold() != key[:1] or _header_key(cell) != key:
                return False
            matched += 1
        return matched >= min(2, self.width)


# -- CSV ------------------------------------------------------------------------------------------


class _Lines:
    """Decodes a CSV file line by line and remembers what it saw: the last line with bad bytes or
    NUL (and why), the current record's lines, and whether the file ended.

    Lines arrive as latin-1 text (one character per byte, split at any line ending) and only the
    non-ASCII ones are decoded again, so a bad line can be reported instead of stopping the read,
    and a file whose first megabyte is plain ASCII gets its encoding from its first accent.
    """

    def __init__(self, encoding: str | None) -> None:
        self.encoding = encoding
        self.bad_line = 0
        self.bad_reason = ""
        self.lines: list[str] = []
        self.eof = False

    def feed(self, text: Iterable[str]) -> Iterator[str]:
        keep = self.lines.append
        for number, line in enumerate(text, 1):
            if "\x00" in line or not line.isascii():
                line = self._decode(number, line)
            keep(line)
            yield line
        self.eof = True

    def _decode(self, number: int, line: str) -> str:
        if "\x00" in line:
            self.bad_line, self.bad_reason = number, "contains NUL bytes (shown as \\x00)"
            line = line.replace("\x00", "\\x00")
        if self.encoding == "utf-16":  # already decoded; bad bytes became U+FFFD
            if "\ufffd" in line:
                self.bad_line, self.bad_reason = number, "bytes that are not valid utf-16"
            return line
        data = line.encode("latin-1")
        if self.encoding is None and not data.isascii():
            self.encoding = _detect_encoding(data, complete=True)
        encoding = self.encoding or "utf-8"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            self.bad_line = number
            self.bad_reason = f"bytes that are not valid {encoding} (shown as cp1252)"
            return _visible(data.decode(encoding, "surrogateescape"))


def _sniff_delimiter(first_line: str) -> str:
    """The candidate that occurs most often outside quotes in the header line."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_line(sample_text: str) -> str:
    for line in re.split(r"\r\n|\r|\n", sample_text):
        if line.strip():
            return line
    return ""


def _unclosed_quote(lines: list[str], delimiter: str) -> bool:
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


@contextlib.contextmanager
def _csv_reader(info: FileInfo) -> Iterator[tuple[Any, _Lines, bool]]:
    """The file's csv reader (encoding and delimiter detected), its line decoder, and whether the
    first line is Excel's `sep=` hint."""
    with info.path.open("rb") as handle:
        sample = handle.read(_ENCODING_SAMPLE)
        _check_content(info.path, "csv", sample[:_SNIFF_BYTES])
        bom = sample.startswith(codecs.BOM_UTF8)
        encoding = (
            "utf-8" if bom else _detect_encoding(sample, complete=len(sample) < _ENCODING_SAMPLE)
        )
        first = _first_line(sample.decode(encoding or "ascii", errors="replace").lstrip("\ufeff"))
        sep_hint = _SEP_LINE.fullmatch(first.strip())
        delimiter = sep_hint.group(1) if sep_hint else _sniff_delimiter(first)
        logger.debug("%s: encoding %s, delimiter %r", info.path.name, encoding, delimiter)
        handle.seek(len(codecs.BOM_UTF8) if bom else 0)
        text = io.TextIOWrapper(
            handle,
            encoding="utf-16" if encoding == "utf-16" else "latin-1",
            errors="replace",
            newline="",
        )
        csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
        lines = _Lines(encoding)
        yield csv.reader(lines.feed(text), delimiter=delimiter, strict=False), lines, bool(sep_hint)


def _csv_rows(info: FileInfo) -> Iterator[RawRow]:
    with _csv_reader(info) as (reader, lines, skip_sep):
        yield from _csv_records(info, reader, lines, skip_sep=skip_sep)


def column_values(
    info: FileInfo, headers: Sequence[str], *, sheet: str | None = None
) -> Iterator[tuple[str | None, ...]]:
    """Only the cells of `headers` (names as in the file), for every data row — a quick scan.

    CSV files skip building a RawRow per line; other formats go through `read_rows`. Blank rows
    are skipped; a repeated header row or an unreadable row may appear: callers use this for
    whole-column statistics (such as the day/month order), never to store rows.
    """
    if info.format != "csv":
        for row in read_rows(info, sheet=sheet):
            if row.kind == "data":
                yield tuple(row.values.get(h) for h in headers)
        return
    with _csv_reader(info) as (reader, lines, skip_sep):
        positions: list[int] | None = None
        for fields in reader:
            lines.lines.clear()
            if not any(fields):
                continue
            if skip_sep:
                skip_sep = False
                continue
            if positions is None:
                names = list(fields)
                positions = [names.index(h) if h in names else -1 for h in headers]
                continue
            width = len(fields)
            yield tuple(fields[i] if 0 <= i < width else None for i in positions)


def _csv_records(info: FileInfo, reader: Any, lines: _Lines, *, skip_sep: bool) -> Iterator[RawRow]:
    table: _Table | None = None
    end = 0
    delimiter = reader.dialect.delimiter
    for fields in reader:
        start, end = end + 1, reader.line_num
        suspect = lines.bad_line >= start
        unclosed = lines.eof and _unclosed_quote(lines.lines, delimiter)
        lines.lines.clear()
        if (not any(fields) or "".join(fields).isspace()) and (table or len(fields) < 2):
            continue  # a blank line, or a row of empty cells (a header of them is an error)
        if skip_sep:
            skip_sep = False
            continue
        if table is None:
            if unclosed:
                raise InputFileError(
                    f"{info.path}: a quote in the header (line {start}) never closes"
                )
            table = _Table(info.path, fields, f"line {start}", csv_rows=True)
            continue
        row = table.row(start, None, fields)
        if suspect or unclosed:
            row.kind = "unreadable"
            where = f"line {start}" if end == start else f"lines {start}-{end}"
            row.detail = (
                f"a quoted field opened in {where} is never closed (read to the end)"
                if unclosed
                else f"{where}: {lines.bad_reason}"
            )
        yield row
    if table is None:
        raise InputFileError(f"{info.path}: no header row (the file holds only blank lines)")


# -- XLSX -----------------------------------------------------------------------------------------


def _cell_text(value: object) -> str | None:
    """A cell's value as text, without loss: dates as ISO, whole numbers without '.0'."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    text = getattr(value, "text", None)  # array and data-table formulas
    return text if isinstance(text, str) else str(value)


def _is_formula(value: object) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


class _CachedValues:
    """The workbook opened a second time for formulas' cached values, only when one shows up.

    openpyxl gives either the cached values (data_only) or the formula text, never both, and a
    formula without a cached value must still be read (as its text), never evaluated.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book: Any = None
        self.cursors: dict[str, tuple[Iterator[tuple[Any, ...]], int]] = {}

    def row(self, title: str, number: int) -> tuple[Any, ...]:
        import openpyxl

        if self.book is None:
            self.book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        cursor = self.cursors.get(title)
        if cursor is None or cursor[1] > number:
            sheet = self.book[title]
            sheet.reset_dimensions()
            cursor = (sheet.iter_rows(min_row=number, values_only=True), number)
        rows, next_number = cursor
        for _ in range(next_number, number):
            next(rows, None)
        found = next(rows, None)
        self.cursors[title] = (rows, number + 1)
        return found or ()

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def _xlsx_rows(info: FileInfo, sheet: str | None) -> Iterator[RawRow]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(info.path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl fails with zip, XML and key errors alike
        raise InputFileError(
            f"{info.path}: cannot be read as an .xlsx workbook ({type(exc).__name__}: {exc})"
        ) from None
    cached = _CachedValues(info.path)
    try:
        titles = [worksheet.title for worksheet in book.worksheets]
        if sheet is not None and sheet not in titles:
            listed = ", ".join(repr(title) for title in titles)
            raise InputFileError(f"{info.path}: no sheet named {sheet!r}; its sheets are {listed}")
        found_header = False
        for title in [sheet] if sheet is not None else titles:
            found_header |= yield from _sheet_rows(info.path, book[title], cached)
        if not found_header:
            where = f"sheet {sheet!r} is" if sheet is not None else "every sheet is"
            raise InputFileError(f"{info.path}: no header row ({where} empty)")
    finally:
        cached.close()
        book.close()


def _sheet_rows(path: Path, worksheet: Any, cached: _CachedValues) -> Generator[RawRow, None, bool]:
    """Yield one sheet's rows; return whether the sheet had a header."""
    title = worksheet.title
    worksheet.reset_dimensions()  # a wrong stored dimension would silently cut rows or columns
    rows = enumerate(worksheet.iter_rows(values_only=True), 1)
    table: _Table | None = None
    number = 0
    while True:
        try:
            number, cells = next(rows)
        except StopIteration:
            break
        except Exception as exc:  # a damaged sheet: refuse it rather than import part of it
            raise InputFileError(
                f"{path}: sheet {title!r} cannot be read after row {number} "
                f"({type(exc).__name__}: {exc})"
            ) from None
        try:
            if any(_is_formula(value) for value in cells):
                twin = cached.row(title, number)
                cells = tuple(
                    twin[i]
                    if _is_formula(value) and i < len(twin) and twin[i] not in (None, "")
                    else value
                    for i, value in enumerate(cells)
                )
            texts = [_cell_text(value) for value in cells]
        except Exception as exc:  # keep going: this row is quarantined, the others are read
            if table is None:
                raise InputFileError(f"{path}: sheet {title!r} row {number}: {exc}") from None
            detail = f"sheet {title!r} row {number} could not be decoded ({exc})"
            yield RawRow(number, title, {"_cells": repr(cells)}, "unreadable", detail)
            continue
        if not any(texts) or "".join(text for text in texts if text).isspace():
            continue
        if table is None:
            table = _Table(path, texts, f"sheet {title!r} row {number}", csv_rows=False)
            continue
        yield table.row(number, title, texts)
    return table is not None


# -- JSON and JSONL -------------------------------------------------------------------------------


class _DuplicateKeys(dict[str, Any]):
    """An object in which a key appears twice; later copies are kept as 'key (2)'."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    renamed, seen = _DuplicateKeys(), Counter[str]()
    for key, value in pairs:
        seen[key] += 1
        renamed[key if seen[key] == 1 else f"{key} ({seen[key]})"] = value
    renamed.duplicates = tuple(key for key, n in seen.items() if n > 1)
    return renamed


def _loads(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_object)


def _json_kind(value: object) -> str:
    kinds = {bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
    return "null" if value is None else kinds.get(type(value), "object")


def _json_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # shortest text that reads back as the same number
    return json.dumps(value, ensure_ascii=False)


def _keys_of(items: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(key for item in items if isinstance(item, dict) for key in item))


def _object_row(number: int, item: dict[str, Any], header: list[str]) -> RawRow:
    values: dict[str, str | None] = dict.fromkeys(header)
    for key, value in item.items():
        values[key] = _json_text(value)
    if isinstance(item, _DuplicateKeys):
        keys = ", ".join(repr(key) for key in item.duplicates)
        detail = f"the object repeats keys {keys}; later copies kept as 'key (2)'"
        return RawRow(number, None, values, "unreadable", detail)
    return RawRow(number, None, values, "data")


def _records_of(path: Path, document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        arrays = {key: value for key, value in document.items() if isinstance(value, list)}
        named = [key for key in arrays if key in ("records", "rows", "data")]
        if len(arrays) == 1:
            return next(iter(arrays.values()))
        if len(named) == 1:
            return arrays[named[0]]
    raise InputFileError(
        f"{path}: expected a JSON array of objects, or an object holding one array "
        f"(such as 'records'); found a JSON {_json_kind(document)}"
    )


def _json_rows(info: FileInfo) -> Iterator[RawRow]:
    data = info.path.read_bytes()
    _check_content(info.path, "json", data[:_SNIFF_BYTES])
    try:
        document = _loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{info.path}: JSON must be UTF-8 (byte {exc.start} is not)") from None
    except json.JSONDecodeError as exc:
        raise InputFileError(
            f"{info.path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise InputFileError(f"{info.path}: the JSON is nested too deeply to read") from None
    items = _records_of(info.path, document)
    header = _keys_of(items)
    for number, item in enumerate(items, 1):
        if isinstance(item, dict):
            yield _object_row(number, item, header)
        else:
            detail = f"item {number} is a JSON {_json_kind(item)}, not an object"
            yield RawRow(number, None, {"_value": _json_text(item)}, "unreadable", detail)


def _jsonl_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip(b"\r\n")
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if line.strip():
                yield number, line


def _jsonl_header(path: Path) -> list[str]:
    """Keys of the first objects, in order of first appearance (later new keys are kept too)."""
    items: list[Any] = []
    for _, line in _jsonl_lines(path):
        with contextlib.suppress(ValueError, RecursionError):  # reported by the real pass
            items.append(_loads(line.decode("utf-8")))
        if len(items) >= _JSONL_HEADER_SAMPLE:
            break
    return _keys_of(items)


def _jsonl_rows(info: FileInfo) -> Iterator[RawRow]:
    with info.path.open("rb") as handle:
        _check_content(info.path, "jsonl", handle.read(_SNIFF_BYTES))
    header = _jsonl_header(info.path)
    seen_any = False
    for number, line in _jsonl_lines(info.path):
        seen_any = True
        text = _visible(line.decode("utf-8", errors="surrogateescape"))
        try:
            item = _loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            detail = f"line {number} is not valid UTF-8 (bytes shown as cp1252)"
            yield RawRow(number, None, {"_line": text}, "unreadable", detail)
            continue
        except (ValueError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            detail = f"line {number} is not valid JSON ({reason})"
            yield RawRow(number, None, {"_line": text}, "unreadable", detail)
            continue
        if not isinstance(item, dict):
            detail = f"line {number} is a JSON {_json_kind(item)}, not an object"
            yield RawRow(number, None, {"_line": text}, "unreadable", detail)
            continue
        yield _object_row(number, item, header)
    if not seen_any:
        raise InputFileError(f"{info.path}: no JSON lines (the file holds only blank lines)")
