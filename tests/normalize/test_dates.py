"""Date parsing, column-order votes and ages (synthetic values only)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reunite.normalize.dates import (
    DateOrder,
    DateOrderVote,
    ParsedDate,
    age_on,
    infer_date_order,
    parse_date,
)

D = datetime.date


def day(value: datetime.date, placeholder: bool = False) -> ParsedDate:
    return ParsedDate(value=value, precision="day", placeholder=placeholder, error=None)


UNKNOWN = ParsedDate(value=None, precision="unknown", placeholder=False, error=None)


def error(code: str) -> ParsedDate:
    return ParsedDate(value=None, precision="unknown", placeholder=False, error=code)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("28/02/2010", "DMY", day(D(2010, 2, 28))),
        ("28-02-2010", "DMY", day(D(2010, 2, 28))),
        ("28.02.2010", "DMY", day(D(2010, 2, 28))),
        ("28 02 2010", "DMY", day(D(2010, 2, 28))),
        (" 28 / 02 / 2010 ", "DMY", day(D(2010, 2, 28))),
        ("3/4/2010", "DMY", day(D(2010, 4, 3))),
        ("3/4/2010", "MDY", day(D(2010, 3, 4))),
        ("02/28/2010", "MDY", day(D(2010, 2, 28))),
        ("02/28/2010", "DMY", day(D(2010, 2, 28))),  # only one possible reading
        ("28/02/2010 00:00", "DMY", day(D(2010, 2, 28))),
        ("2/28/2010 12:00 PM", "MDY", day(D(2010, 2, 28))),
        ("2010-02-28", "DMY", day(D(2010, 2, 28))),
        ("2010-02-28", "MDY", day(D(2010, 2, 28))),
        ("2010-02-28", "ISO", day(D(2010, 2, 28))),
        ("2010/2/28", "MDY", day(D(2010, 2, 28))),
        ("2010-02-28T00:00:00", "DMY", day(D(2010, 2, 28))),
        ("2010-02-28T13:45:00Z", "MDY", day(D(2010, 2, 28))),
        ("2010-02-28 00:00:00", "DMY", day(D(2010, 2, 28))),
        ("2010-02-28 00:00:00.000", "DMY", day(D(2010, 2, 28))),
        ("04/03/2010", "ISO", day(D(2010, 3, 4))),
        ("20100228", "DMY", day(D(2010, 2, 28))),
        ("28022010", "DMY", day(D(2010, 2, 28))),
        ("02282010", "MDY", day(D(2010, 2, 28))),
        ("40237", "DMY", day(D(2010, 2, 28))),
        ("40237.0", "MDY", day(D(2010, 2, 28))),
        ("28 feb 2010", "DMY", day(D(2010, 2, 28))),
        ("28-FEB-2010", "MDY", day(D(2010, 2, 28))),
        ("28/Feb/10", "DMY", day(D(2010, 2, 28))),
        ("28 de febrero de 2010", "DMY", day(D(2010, 2, 28))),
        ("febrero 28, 2010", "DMY", day(D(2010, 2, 28))),
        ("February 28th, 2010", "MDY", day(D(2010, 2, 28))),
        ("Sábado, 28 de febrero de 2010", "DMY", day(D(2010, 2, 28))),
        ("5 ene 2015", "DMY", day(D(2015, 1, 5))),
        ("12 DIC 2016", "DMY", day(D(2016, 12, 12))),
        ("7 agosto 2017", "DMY", day(D(2017, 8, 7))),
        ("15 sept. 2009", "DMY", day(D(2009, 9, 15))),
        ("28/02/98", "DMY", day(D(1998, 2, 28))),
        ("28/02/10", "DMY", day(D(2010, 2, 28))),
        ("01/01/1990", "DMY", day(D(1990, 1, 1), placeholder=True)),
        ("1/1/1990", "MDY", day(D(1990, 1, 1), placeholder=True)),
        ("1990-01-01", "DMY", day(D(1990, 1, 1), placeholder=True)),
        ("1900-01-01", "DMY", day(D(1900, 1, 1), placeholder=True)),
        ("2010", "DMY", ParsedDate(D(2010, 1, 1), "year", False, None)),
        ("03/2010", "DMY", ParsedDate(D(2010, 3, 1), "month", False, None)),
        ("3-2010", "MDY", ParsedDate(D(2010, 3, 1), "month", False, None)),
        ("2010-03", "DMY", ParsedDate(D(2010, 3, 1), "month", False, None)),
        ("feb 2010", "DMY", ParsedDate(D(2010, 2, 1), "month", False, None)),
        ("marzo de 2011", "DMY", ParsedDate(D(2011, 3, 1), "month", False, None)),
        (None, "DMY", UNKNOWN),
        ("", "DMY", UNKNOWN),
        ("   ", "MDY", UNKNOWN),
        ("unknown", "DMY", UNKNOWN),
        ("Desconocido", "DMY", UNKNOWN),
        ("N/A", "DMY", UNKNOWN),
        ("-", "DMY", UNKNOWN),
        ("?", "DMY", UNKNOWN),
        ("00/00/0000", "DMY", UNKNOWN),
        ("31/02/2010", "DMY", error("impossible-date")),
        ("02/31/2010", "MDY", error("impossible-date")),
        ("29/02/2011", "DMY", error("impossible-date")),
        ("13/13/2010", "DMY", error("impossible-date")),
        ("2010-13-01", "DMY", error("impossible-date")),
        ("00/05/2010", "DMY", error("impossible-date")),
        ("31 feb 2010", "DMY", error("impossible-date")),
        ("1850-01-01", "DMY", error("out-of-range-date")),
        ("12/05/2150", "DMY", error("out-of-range-date")),
        ("1899", "DMY", error("out-of-range-date")),
        ("99999", "DMY", error("unparseable-date")),
        ("ayer", "DMY", error("unparseable-date")),
        ("28 frob 2010", "DMY", error("unparseable-date")),
        ("12/05", "DMY", error("unparseable-date")),
        ("approx. 2010", "DMY", error("unparseable-date")),
    ],
)
def test_parse_date(text: str | None, order: DateOrder, expected: ParsedDate) -> None:
    assert parse_date(text, order) == expected


def test_two_digit_year_pivots_on_the_current_year() -> None:
    this_year = datetime.date.today().year
    this_yy, next_yy = this_year % 100, (this_year + 1) % 100
    assert parse_date(f"01/06/{this_yy:02d}", "DMY").value == D(this_year, 6, 1)
    assert parse_date(f"01/06/{next_yy:02d}", "DMY").value == D(this_year + 1 - 100, 6, 1)


@given(st.text(), st.sampled_from(["DMY", "MDY", "ISO"]))
def test_parse_date_never_raises(text: str, order: DateOrder) -> None:
    parsed = parse_date(text, order)
    if parsed.error is not None or parsed.value is None:
        assert parsed.value is None and parsed.precision == "unknown"
    else:
        assert 1900 <= parsed.value.year <= 2100


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
def test_parse_date_round_trips_written_dates(value: datetime.date) -> None:
    assert parse_date(value.strftime("%d/%m/%Y"), "DMY").value == value
    assert parse_date(value.strftime("%m/%d/%Y"), "MDY").value == value
    assert parse_date(value.isoformat(), "MDY").value == value
    assert parse_date(value.isoformat(), "DMY").placeholder == (value.month == value.day == 1)


@pytest.mark.parametrize(
    ("values", "default", "expected"),
    [
        (["28/02/2010", "01/02/2010"], "DMY", "DMY"),
        (["28/02/2010", "01/02/2010"], "MDY", "DMY"),
        (["02/28/2010", "01/02/2010"], "DMY", "MDY"),
        (["01/02/2010", "03/04/2011"], "DMY", "DMY"),
        (["01/02/2010", "03/04/2011"], "MDY", "MDY"),
        (["2010-02-28", "2011-03-04", None, ""], "DMY", "ISO"),
        (["2010-02-28T00:00:00", "2011-03"], "MDY", "ISO"),
        (["2010-02-28", "01/02/2010"], "MDY", "MDY"),
        (["02/28/2010", "02/27/2010", "28/02/2010"], "DMY", "MDY"),  # mixed: majority
        (["28/02/2010", "27/02/2010", "02/28/2010"], "MDY", "DMY"),
        (["02/28/2010", "28/02/2010"], "MDY", "MDY"),  # tie: default
        (["02/28/2010", "28/02/2010"], "ISO", "DMY"),
        ([], "DMY", "DMY"),
        ([], "MDY", "MDY"),
        ([None, "", "unknown", "28 feb 2010", "2010", "40237"], "MDY", "MDY"),
        (["13-02-10", "1.2.2010"], "MDY", "DMY"),
    ],
)
def test_infer_date_order(values: list[str | None], default: DateOrder, expected: str) -> None:
    assert infer_date_order(values, default) == expected


def test_date_order_vote_streams() -> None:
    vote = DateOrderVote()
    assert vote.decide() == "DMY"
    for text in ["05/06/2010", None, "12/25/2010", "not a date"]:
        vote.add(text)
    assert vote.decide() == "MDY"
    assert (vote.mdy, vote.dmy, vote.ambiguous, vote.iso) == (1, 0, 1, 0)


@given(st.lists(st.one_of(st.none(), st.text())))
def test_infer_date_order_never_raises(values: list[str | None]) -> None:
    assert infer_date_order(values) in ("DMY", "MDY", "ISO")


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (D(2010, 2, 28), D(2018, 6, 26), 8),
        (D(2000, 7, 10), D(2018, 7, 10), 18),
        (D(2000, 7, 11), D(2018, 7, 10), 17),
        (D(2013, 7, 11), D(2018, 7, 10), 4),
        (D(2008, 2, 29), D(2018, 2, 28), 9),
        (D(2008, 2, 29), D(2018, 3, 1), 10),
        (D(2018, 6, 1), D(2018, 6, 26), 0),
        (D(2019, 1, 1), D(2018, 6, 26), -1),
    ],
)
def test_age_on(birth: datetime.date, on: datetime.date, age: int) -> None:
    assert age_on(birth, on) == age
