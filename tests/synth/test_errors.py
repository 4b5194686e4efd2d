"""The error functions: each turns a true value into something a clerk could have written."""

from __future__ import annotations

import random
from dataclasses import fields, replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reunite.synth.errors import (
    A_NUMBER_STYLES,
    RATE_TABLE,
    ROSTERS,
    ErrorRates,
    default_rates,
    format_a_number,
    format_date,
    mayan_variant,
    misspell,
    nickname,
    render_birth_date,
    render_name,
    strip_accents,
    transpose_digits,
)
from reunite.synth.fields import HOUSE_STYLES, format_phone

NO_ERRORS = ErrorRates(**{f.name: 0.0 for f in fields(ErrorRates)})


def only(**rates: float) -> ErrorRates:
    return replace(NO_ERRORS, **rates)


def test_rate_table_has_one_column_per_roster_and_valid_chances() -> None:
    rates = default_rates()
    assert set(rates) == set(ROSTERS)
    for name, row in RATE_TABLE.items():
        assert len(row) == len(ROSTERS), name
        assert all(0.0 <= value <= 1.0 for value in row), name
    assert rates["detention"].full_name == pytest.approx(0.20)


def test_house_styles_cover_every_a_number_style() -> None:
    for style in HOUSE_STYLES.values():
        assert len(style.a_number_styles) == len(A_NUMBER_STYLES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peña", "Pena"),
        ("María José", "Maria Jose"),
        ("ÁNGEL NÚÑEZ", "ANGEL NUNEZ"),
        ("Xoc", "Xoc"),
    ],
)
def test_strip_accents(text: str, expected: str) -> None:
    assert strip_accents(text) == expected


@pytest.mark.parametrize("name", ["Hernández", "Vásquez", "Elena", "Rodríguez", "Llanos", "Ixcoy"])
def test_misspell_changes_the_name_and_keeps_the_capital(name: str) -> None:
    rng = random.Random(3)
    variants = {misspell(name, rng) for _ in range(30)}
    assert variants - {name}, "some mishearing must apply"
    assert all(v[:1].isupper() and v[1:] == v[1:].lower() for v in variants)


def test_misspell_knows_the_common_confusions() -> None:
    rng = random.Random(0)
    seen = {misspell("Hernández", rng) for _ in range(60)} | {
        misspell("Vásquez", rng) for _ in range(60)
    }
    assert {"Ernández", "Hernándes", "Básquez", "Vázquez"} <= seen


@pytest.mark.parametrize(
    ("name", "one_variant"), [("Tzoc", "Tzok"), ("Ixcoy", "Ishcoy"), ("Caal", "Cal")]
)
def test_mayan_variants(name: str, one_variant: str) -> None:
    rng = random.Random(1)
    assert one_variant in {mayan_variant(name, rng) for _ in range(80)}


@pytest.mark.parametrize(
    ("given", "allowed"),
    [
        (("Jesús",), {"Chuy", "Chucho", "Chus"}),
        (("María", "Guadalupe"), {"Lupe", "Lupita"}),
        (("María", "José"), {"Majo"}),
        (("Francisco",), {"Paco", "Pancho", "Chico"}),
        (("Rosario",), {"Chayo", "Charo"}),
        (("Wilmer",), {None}),
    ],
)
def test_nickname(given: tuple[str, ...], allowed: set[str | None]) -> None:
    rng = random.Random(5)
    assert {nickname(given, rng) for _ in range(20)} <= allowed


def test_render_name_without_errors_is_the_truth() -> None:
    rng = random.Random(0)
    assert render_name(("María", "José"), ("Pérez", "Xoc"), NO_ERRORS, rng) == (
        "María José",
        "Pérez Xoc",
        "",
    )


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        (only(drop_maternal=1.0), ("Juan Carlos", "De la Cruz", "")),
        (only(swap_surnames=1.0), ("Juan Carlos", "Pérez De la Cruz", "")),
        (only(hyphenate=1.0), ("Juan Carlos", "De la Cruz-Pérez", "")),
        (only(second_given_as_surname=1.0), ("Juan", "Carlos De la Cruz Pérez", "")),
        (only(fields_swapped=1.0), ("De la Cruz Pérez", "Juan Carlos", "")),
        (only(accents_stripped=1.0), ("Juan Carlos", "De la Cruz Perez", "")),
        (only(upper_case=1.0), ("JUAN CARLOS", "DE LA CRUZ PÉREZ", "")),
        (only(upper_case=1.0, full_name=1.0), ("", "", "DE LA CRUZ PÉREZ, JUAN CARLOS")),
        (only(married_suffix=1.0), ("Juan Carlos", "De la Cruz Pérez de López", "")),
    ],
)
def test_render_name_applies_each_error(rates: ErrorRates, expected: tuple[str, str, str]) -> None:
    rng = random.Random(0)
    assert render_name(("Juan", "Carlos"), ("De la Cruz", "Pérez"), rates, rng, "López") == expected


def test_render_name_abbreviates_like_a_clerk() -> None:
    rng = random.Random(0)
    given, surnames, _ = render_name(
        ("María", "Guadalupe"), ("Hernández", "Cruz"), only(abbreviation=1.0), rng
    )
    assert given.split()[0] in {"Ma.", "Ma", "M."}
    assert surnames == "Hernández Cruz"


@pytest.mark.parametrize(
    ("order", "expected"),
    [("MDY", "06/14/2018"), ("DMY", "14/06/2018"), ("ISO", "2018-06-14")],
)
def test_format_date(order: str, expected: str) -> None:
    assert format_date(2018, 6, 14, order) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rates", "born", "expected"),
    [
        (NO_ERRORS, date(2012, 3, 5), "03/05/2012"),
        (only(birth_missing=1.0), date(2012, 3, 5), ""),
        (only(birth_year_only=1.0), date(2012, 3, 5), "2012"),
        (only(birth_placeholder=1.0), date(2012, 3, 5), "01/01/2012"),
        (only(birth_day_month_swap=1.0), date(2012, 3, 5), "05/03/2012"),
        # A swap that would give no date (day 25 as a month) is not made.
        (only(birth_day_month_swap=1.0), date(2012, 3, 25), "03/25/2012"),
    ],
)
def test_render_birth_date(rates: ErrorRates, born: date, expected: str) -> None:
    assert render_birth_date(born, "MDY", rates, random.Random(0)) == expected


def test_year_off_by_one_keeps_a_real_date() -> None:
    rng = random.Random(0)
    written = {
        render_birth_date(date(2012, 2, 29), "ISO", only(birth_year_off=1.0), rng)
        for _ in range(20)
    }
    assert written == {"2011-02-28", "2013-02-28"}


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (0, "A212345678"),
        (1, "A-212-345-678"),
        (2, "212345678"),
        (3, "A 212 345 678"),
        (4, "A#212345678"),
    ],
)
def test_format_a_number(style: int, expected: str) -> None:
    assert format_a_number("212345678", style) == expected


def test_transpose_digits_swaps_two_neighbours() -> None:
    rng = random.Random(2)
    for _ in range(50):
        swapped = transpose_digits("212345678", rng)
        diffs = [i for i, (a, b) in enumerate(zip("212345678", swapped, strict=True)) if a != b]
        assert len(diffs) == 2 and diffs[1] == diffs[0] + 1
        assert sorted(swapped) == sorted("212345678")


@pytest.mark.parametrize(
    ("phone", "one_format"),
    [("502 51234567", "+502 5123 4567"), ("1 9565550123", "(956) 555-0123")],
)
def test_format_phone(phone: str, one_format: str) -> None:
    rng = random.Random(0)
    assert one_format in {format_phone(phone, rng) for _ in range(40)}


chances = st.floats(min_value=0.0, max_value=1.0)


@given(
    rates=st.builds(ErrorRates, **{f.name: chances for f in fields(ErrorRates)}),
    seed=st.integers(min_value=0, max_value=2**32),
)
@settings(max_examples=200, deadline=None)
def test_a_rendered_name_always_says_something(rates: ErrorRates, seed: int) -> None:
    rng = random.Random(seed)
    given_names, surnames, full_name = render_name(
        ("María", "de los Ángeles"), ("De la Cruz", "Xoc"), rates, rng, "Pop"
    )
    if full_name:
        assert not given_names and not surnames
    else:
        assert given_names.strip() and surnames.strip()
