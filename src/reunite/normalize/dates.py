"""Dates: decide a column's day/month order, parse one value, compute ages.

Rules (quoted in docs/formats.md):

- Empty values and the markers "unknown", "desconocido", "N/A", "-", "?", "sin fecha", ... (and
  an all-zero date such as 00/00/0000) mean "not recorded": value None, precision "unknown",
  no error.
- Accepted shapes, after trimming and removing spaces around separators:
  * ISO year-month-day with "-", "/" or "." ("2010-02-28", "2010/2/28"), optionally followed by a
    time ("2010-02-28T00:00:00", "2010-02-28 00:00:00", with fractions or a zone): read the same
    way whatever the column order.
  * Day, month and year as numbers with "/", "-", "." or a space between them, read in the
    column order (DMY or MDY; an ISO column reads them as DMY). A trailing time is ignored.
    If the value is impossible in that order but possible with day and month swapped (month
    field > 12, day field <= 12, as in "02/28/2010" in a DMY column) it is read swapped: that is
    the only reading it has.
  * Eight digits: YYYYMMDD when it starts with a plausible year and forms a valid date,
    otherwise DDMMYYYY / MMDDYYYY in the column order.
  * Month and year only ("03/2010", "3-2010", "2010-03"): the first day of the month,
    precision "month". A year alone ("2010"): 1 January, precision "year".
  * Month names in English and Spanish, full or abbreviated, any case, with or without accents
    or "de": "28 feb 2010", "28-FEB-2010", "28 de febrero de 2010", "febrero 28, 2010",
    "Feb 28th 2010", "feb 2010" (precision "month").
  * Excel serial day numbers written as text: five digits, optionally ".0" or a fraction, between
    10000 (1927-05-18) and 73050 (2099-12-31), counted from 1899-12-30 ("40237" → 2010-02-28).
- Two-digit years pivot on the current year: YY up to this year's two digits is 20YY, above it
  is 19YY (in 2026: "26" → 2026, "27" → 1927). Birth dates and events then never fall in the
  future because of the pivot.
- A full date on 1 January ("01/01/1990", "1/1/1990", "1990-01-01") is the estimated-birth-date
  convention: the value is kept with precision "day" and `placeholder=True`.
- Errors: "impossible-date" (31/02/2010, month 13 in both orders), "out-of-range-date" (year
  before 1900 or after 2100), "unparseable-date" (anything else). On an error the value is None
  and the precision "unknown"; the raw text stays with the record.

Column order (`DateOrderVote`, `infer_date_order`): each value is tallied as ISO-shaped (a
4-digit first number), DMY-proof (first number > 12), MDY-proof (second number > 12) or
ambiguous; month-name values do not vote. `decide` returns: if no day-month-year numbers were
seen, "ISO" when ISO-shaped values were seen, else the default; MDY when only MDY is proven;
DMY when only DMY is proven; when both are proven (a mixed column) the order with more proofs,
and on a tie the default (or DMY when the default is ISO); the default when nothing proves
either.

`age_on` counts whole years; someone born on 29 February has a birthday on 1 March in other
years.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from reunite.normalize._tables import UNKNOWN_MARKERS

__all__ = [
    "DateOrder",
    "DateOrderVote",
    "ParsedDate",
    "Precision",
    "age_on",
    "infer_date_order",
    "parse_date",
]

DateOrder = Literal["DMY", "MDY", "ISO"]
Precision = Literal["day", "month", "year", "unknown"]

MIN_YEAR = 1900
MAX_YEAR = 2100
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_MIN, _EXCEL_MAX = 10_000, 73_050


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed date, how precise it is, whether it is a placeholder, and an error code."""

    value: datetime.date | None
    precision: Precision
    placeholder: bool
    error: str | None


_UNKNOWN = ParsedDate(value=None, precision="unknown", placeholder=False, error=None)
_UNPARSEABLE = ParsedDate(
    value=None, precision="unknown", placeholder=False, error="unparseable-date"
)
_IMPOSSIBLE = ParsedDate(
    value=None, precision="unknown", placeholder=False, error="impossible-date"
)
_OUT_OF_RANGE = ParsedDate(
    value=None, precision="unknown", placeholder=False, error="out-of-range-date"
)

_MONTH_NAMES = (
    "january jan enero ene",
    "february feb febrero",
    "march mar marzo",
    "april apr abril abr",
    "may mayo",
    "june jun junio",
    "july jul julio",
    "august aug agosto ago",
    "september sep sept septiembre setiembre set",
    "october oct octubre",
    "november nov noviembre",
    "december dec diciembre dic",
)
_MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()
}

_SEP = r"[/.\- ]"
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[AP]\.?M\.?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO_RE = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}", re.IGNORECASE)
_NUMERIC_RE = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}}){_TIME}", re.I)
_COMPACT_RE = re.compile(r"\d{8}")
_MONTH_YEAR_RE = re.compile(r"(\d{1,2})[/.\-](\d{4})|(\d{4})[/.\-](\d{1,2})")
_YEAR_RE = re.compile(r"\d{4}")
_EXCEL_RE = re.compile(r"(\d{5})(?:\.\d+)?")
_DAY_MONTH_NAME_RE = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?[/.\- ,]*(?:de )?([a-z]{3,10})\.?[/.\- ,]*(?:de |del )?(\d{4}|\d{2})"
)
_MONTH_NAME_DAY_RE = re.compile(
    r"([a-z]{3,10})\.?[/.\- ]*(\d{1,2})(?:st|nd|rd|th)?[/.\- ,]+(?:de |del )?(\d{4}|\d{2})"
)
_MONTH_NAME_YEAR_RE = re.compile(r"([a-z]{3,10})\.?[/.\- ,]*(?:de |del )?(\d{4})")
_SPACED_SEP_RE = re.compile(r"\s*([/.\-,])\s*")
_ZERO_DATE_RE = re.compile(r"0{1,4}[/.\-]0{1,2}[/.\-]0{1,4}")
_WEEKDAY_RE = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lunes|martes|miercoles|jueves|viernes|sabado|domingo)[, ]+"
)


def _full_year(year_text: str) -> int:
    year = int(year_text)
    if len(year_text) == 2:
        pivot = datetime.date.today().year % 100
        year += 2000 if year <= pivot else 1900
    return year


def _make(year: int, month: int, day: int, precision: Precision) -> ParsedDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return _OUT_OF_RANGE
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        return _IMPOSSIBLE
    placeholder = precision == "day" and month == 1 and day == 1
    return ParsedDate(value=value, precision=precision, placeholder=placeholder, error=None)


def _day_month(first: int, second: int, order: DateOrder) -> tuple[int, int]:
    day, month = (second, first) if order == "MDY" else (first, second)
    if month > 12 and day <= 12:  # the only possible reading of this value
        day, month = month, day
    return day, month


def _clean(text: str) -> str:
    cleaned = text.strip().lower()
    if not cleaned.isascii():
        cleaned = unicodedata.normalize("NFKD", cleaned).encode("ascii", "ignore").decode()
    if " " in cleaned or "\t" in cleaned:
        cleaned = _SPACED_SEP_RE.sub(r"\1", " ".join(cleaned.split()))
    if cleaned[:1].isalpha():
        cleaned = _WEEKDAY_RE.sub("", cleaned, count=1)
    return cleaned.strip("\"' ")


@lru_cache(maxsize=200_000)
def parse_date(text: str | None, order: DateOrder) -> ParsedDate:
    """Parse one date value written in the column's order (see the module rules)."""
    if text is None:
        return _UNKNOWN
    cleaned = _clean(text)
    if cleaned in UNKNOWN_MARKERS or _ZERO_DATE_RE.fullmatch(cleaned):
        return _UNKNOWN
    if match := _ISO_RE.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
        return _make(year, month, day, "day")
    if match := _NUMERIC_RE.fullmatch(cleaned):
        day, month = _day_month(int(match[1]), int(match[2]), order)
        return _make(_full_year(match[3]), month, day, "day")
    if _COMPACT_RE.fullmatch(cleaned):
        return _parse_compact(cleaned, order)
    if match := _MONTH_YEAR_RE.fullmatch(cleaned):
        month_text, year_text = (match[1], match[2]) if match[1] else (match[4], match[3])
        return _make(int(year_text), int(month_text), 1, "month")
    if _YEAR_RE.fullmatch(cleaned):
        return _make(int(cleaned), 1, 1, "year")
    if match := _EXCEL_RE.fullmatch(cleaned):
        serial = int(match[1])
        if _EXCEL_MIN <= serial <= _EXCEL_MAX:
            return _make_from(_EXCEL_EPOCH + datetime.timedelta(days=serial))
        return _UNPARSEABLE
    return _parse_month_name(cleaned)


def _make_from(value: datetime.date) -> ParsedDate:
    return _make(value.year, value.month, value.day, "day")


def _parse_compact(digits: str, order: DateOrder) -> ParsedDate:
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= 31:
        parsed = _make(year, month, day, "day")
        if parsed.error is None:
            return parsed
    day, month = _day_month(int(digits[:2]), int(digits[2:4]), order)
    return _make(int(digits[4:]), month, day, "day")


def _parse_month_name(cleaned: str) -> ParsedDate:
    if (match := _DAY_MONTH_NAME_RE.fullmatch(cleaned)) and match[2] in _MONTHS:
        return _make(_full_year(match[3]), _MONTHS[match[2]], int(match[1]), "day")
    if (match := _MONTH_NAME_DAY_RE.fullmatch(cleaned)) and match[1] in _MONTHS:
        return _make(_full_year(match[3]), _MONTHS[match[1]], int(match[2]), "day")
    if (match := _MONTH_NAME_YEAR_RE.fullmatch(cleaned)) and match[1] in _MONTHS:
        return _make(int(match[2]), _MONTHS[match[1]], 1, "month")
    return _UNPARSEABLE


_VOTE_ISO_RE = re.compile(r"\s*\d{4}[-/.]\d{1,2}")
_VOTE_DM_RE = re.compile(r"\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*\d")


class DateOrderVote:
    """Streaming tally of the evidence for a column's date order; `decide` gives the verdict."""

    __slots__ = ("ambiguous", "dmy", "iso", "mdy")

    def __init__(self) -> None:
        self.iso = 0
        self.dmy = 0
        self.mdy = 0
        self.ambiguous = 0

    def add(self, text: str | None) -> None:
        """Tally one value: ISO-shaped, proof of DMY, proof of MDY, ambiguous, or no vote."""
        if not text:
            return
        if _VOTE_ISO_RE.match(text):
            self.iso += 1
            return
        match = _VOTE_DM_RE.match(text)
        if match is None:
            return
        first, second = int(match[1]), int(match[2])
        if first > 12 and second <= 12:
            self.dmy += 1
        elif second > 12 and first <= 12:
            self.mdy += 1
        else:
            self.ambiguous += 1

    def decide(self, default: DateOrder = "DMY") -> DateOrder:
        """The order for the whole column (see the module rules for mixed columns)."""
        if self.dmy + self.mdy + self.ambiguous == 0:
            return "ISO" if self.iso else default
        if self.mdy > self.dmy:
            return "MDY"
        if self.dmy > self.mdy:
            return "DMY"
        return "DMY" if default == "ISO" else default


def infer_date_order(values: Iterable[str | None], default: DateOrder = "DMY") -> DateOrder:
    """Decide the date order of a whole column of values."""
    vote = DateOrderVote()
    for value in values:
        vote.add(value)
    return vote.decide(default)


def age_on(birth: datetime.date, on: datetime.date) -> int:
    """Age in whole years on the date `on` (negative when `on` is before `birth`)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
