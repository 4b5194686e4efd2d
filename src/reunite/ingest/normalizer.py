"""Turn one mapped roster row into the normalized columns of a source record, with field warnings.

The rules (documented in docs/formats.md, "Validation rules"): a row is accepted when its identity
(`record_id`) is usable. A bad field never rejects the row: its normalized value is left empty (or
kept, where the value is plausible but contradicts another field), a warning names the field and
the reason, and the raw value stays in the record's `raw` column exactly as read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from reunite.ingest.mapping import MAPPABLE_FIELDS, NameLayout
from reunite.normalize.codes import country_code, language_code
from reunite.normalize.dates import DateOrder, ParsedDate, age_on, parse_date
from reunite.normalize.identifiers import (
    normalize_a_number,
    normalize_phone,
    normalize_relationship,
    normalize_role,
    normalize_sex,
)
from reunite.normalize.names import (
    FullNameLayout,
    ParsedName,
    canonical_tokens,
    fold,
    name_keys,
    parse_full_name,
    parse_name,
    parse_said_name,
)

Warning_ = dict[str, str]

_FULL_NAME_LAYOUT: dict[str, FullNameLayout] = {
    "full_name": "given_first",
    "separate": "given_first",
    "paternal_maternal": "given_first",
    "surname_comma_given": "surname_comma_given",
    "surname_first": "surname_first",
}


@dataclass(frozen=True)
class DateOrders:
    birth_date: DateOrder
    event_date: DateOrder


def _last_day_of_year(day: date) -> date:
    return day.replace(month=12, day=31)


def _parse_name_fields(
    given_names: str | None,
    surnames: str | None,
    full_name: str | None,
    paternal_text: str | None,
    maternal_text: str | None,
    layout: NameLayout,
) -> ParsedName:
    if paternal_text or maternal_text:
        given = parse_name(given_names, None).given
        paternal = fold(paternal_text) or None
        maternal = fold(maternal_text) or None
        if paternal is None:  # only a maternal column filled in: it is the only surname we have
            paternal, maternal = maternal, None
        return ParsedName(given=given, paternal=paternal, maternal=maternal)
    if full_name and not (given_names or surnames):
        return parse_full_name(full_name, _FULL_NAME_LAYOUT[layout])
    return parse_name(given_names, surnames)


# Names, places and dates repeat across a roster (and across rosters): each group of columns
# derived from one or a few fields is computed once per distinct input. The functions are pure.
_CACHE_SIZE = 200_000  # as the normalizers' own caches

# (surnames as stored, given_norm, given_canon, given_key, surname_paternal, surname_maternal,
#  surname_key, no usable name)
_NameColumns = tuple[
    str | None, str | None, str | None, str | None, str | None, str | None, str | None, bool
]


@lru_cache(maxsize=_CACHE_SIZE)
def _name_columns(
    given_names: str | None,
    surnames: str | None,
    full_name: str | None,
    paternal_text: str | None,
    maternal_text: str | None,
    layout: NameLayout,
) -> _NameColumns:
    name = _parse_name_fields(
        given_names, surnames, full_name, paternal_text, maternal_text, layout
    )
    if not surnames and (paternal_text or maternal_text):
        surnames = " ".join(part for part in (paternal_text, maternal_text) if part)
    return (
        surnames,
        " ".join(name.given) or None,
        canonical_tokens(name.given) or None,
        name_keys(name.given) or None,
        name.paternal,
        name.maternal,
        name_keys(name.surnames) or None,
        not name.given and not name.surnames,
    )


def _date_or_warning(
    name: str, parsed: ParsedDate, text: str | None, warnings: list[Warning_]
) -> tuple[date | None, str]:
    """A parsed date's value and precision, or a warning on the field and no value."""
    if parsed.error:
        warnings.append({"field": name, "code": parsed.error, "detail": f"could not use {text!r}"})
        return None, "unknown"
    return parsed.value, parsed.precision


# (parsed date, value as stored: a date, or ISO text when `as_text`)
@lru_cache(maxsize=_CACHE_SIZE)
def _date_cell(text: str | None, order: DateOrder, as_text: bool) -> tuple[ParsedDate, Any]:
    parsed = parse_date(text, order)
    value = parsed.value if not parsed.error else None
    if as_text and value is not None:
        return parsed, value.isoformat()
    return parsed, value


@lru_cache(maxsize=_CACHE_SIZE)
def _related_columns(related: str) -> tuple[str | None, str | None, str | None]:
    name = parse_said_name(related)
    return " ".join(name.given) or None, name.paternal, name.maternal


@lru_cache(maxsize=_CACHE_SIZE)
def _place_norm(place: str) -> str | None:
    return fold(place) or None


# The normalized columns of a source record, in the order `normalize_fields` returns them.
NORMALIZED_COLUMNS: tuple[str, ...] = (
    "role", "given_names", "surnames", "full_name", "given_norm", "given_canon", "given_key",
    "surname_paternal", "surname_maternal", "surname_key", "sex", "birth_date",
    "birth_date_precision", "birth_date_placeholder", "event_date", "event_date_precision",
    "country_code", "language_code", "a_number", "event_place", "event_place_norm", "facility",
    "family_unit_id", "related_name", "related_given_norm", "related_surname_paternal",
    "related_surname_maternal", "related_relationship", "phone", "notes",
)  # fmt: skip

_FIELD_INDEX = {name: i for i, name in enumerate(MAPPABLE_FIELDS)}
(
    _ROLE, _GIVEN, _SURNAMES, _FULL, _SEX, _BIRTH, _COUNTRY, _LANGUAGE, _A_NUMBER, _EVENT,
    _PLACE, _FACILITY, _FAMILY, _RELATED, _RELATIONSHIP, _PHONE, _NOTES, _PATERNAL, _MATERNAL,
) = (
    _FIELD_INDEX[name]
    for name in (
        "role", "given_names", "surnames", "full_name", "sex", "birth_date", "country_of_birth",
        "language", "a_number", "event_date", "event_place", "facility", "family_unit_id",
        "related_name", "related_relationship", "phone", "notes", "surname_paternal",
        "surname_maternal",
    )
)  # fmt: skip
_NO_RELATED: tuple[str | None, str | None, str | None] = (None, None, None)


def normalize_row(
    mapped: dict[str, str | None],
    *,
    layout: NameLayout,
    orders: DateOrders,
    today: date,
) -> tuple[dict[str, Any], list[Warning_]]:
    """Return the normalized columns of a source record and the list of field warnings."""
    fields = [mapped.get(name) for name in MAPPABLE_FIELDS]
    values, warnings = normalize_fields(fields, layout=layout, orders=orders, today=today)
    return dict(zip(NORMALIZED_COLUMNS, values, strict=True)), warnings


def normalize_fields(
    fields: Sequence[str | None],
    *,
    layout: NameLayout,
    orders: DateOrders,
    today: date,
    dates_as_text: bool = False,
) -> tuple[tuple[Any, ...], list[Warning_]]:
    """`normalize_row` for the loader: `fields` are the mapped values in `MAPPABLE_FIELDS` order
    (stripped, None when blank); returns the values of `NORMALIZED_COLUMNS` and the warnings.
    With `dates_as_text` the two dates are ISO text (how SQLite stores them)."""
    warnings: list[Warning_] = []

    role_text = fields[_ROLE]
    role = normalize_role(role_text)
    if role_text and role is None:
        warnings.append({"field": "role", "code": "unknown-role", "detail": "not adult or minor"})

    given_names = fields[_GIVEN]
    full_name = fields[_FULL]
    (
        surnames,
        given_norm,
        given_canon,
        given_key,
        paternal,
        maternal,
        surname_key,
        nameless,
    ) = _name_columns(
        given_names, fields[_SURNAMES], full_name, fields[_PATERNAL], fields[_MATERNAL], layout
    )
    if nameless:
        warnings.append({"field": "name", "code": "missing-name", "detail": "no usable name"})

    sex_text = fields[_SEX]
    sex = normalize_sex(sex_text)
    if sex_text and sex is None:
        warnings.append({"field": "sex", "code": "unknown-sex", "detail": "not a known sex code"})

    birth, birth_stored = _date_cell(fields[_BIRTH], orders.birth_date, dates_as_text)
    birth_value, birth_precision = _date_or_warning("birth_date", birth, fields[_BIRTH], warnings)
    placeholder = bool(birth.placeholder and not birth.error)
    event, event_stored = _date_cell(fields[_EVENT], orders.event_date, dates_as_text)
    event_value, event_precision = _date_or_warning("event_date", event, fields[_EVENT], warnings)

    if birth_value:
        if birth_value > today:
            warnings.append(
                {"field": "birth_date", "code": "birth-in-future", "detail": "after today"}
            )
        if event_value and birth_value > event_value:
            warnings.append(
                {
                    "field": "birth_date",
                    "code": "birth-after-event",
                    "detail": "after the event date",
                }
            )
        if role is not None and birth.precision != "unknown":
            # An estimated date (year only, or the 01/01/YYYY placeholder) gives an age range:
            # warn only when every birthday in that year agrees.
            on = event_value or today
            if birth.precision == "day" and not birth.placeholder:
                youngest = oldest = age_on(birth_value, on)
            else:
                youngest = age_on(_last_day_of_year(birth_value), on)
                oldest = age_on(birth_value.replace(month=1, day=1), on)
            if role == "minor" and youngest >= 18:
                warnings.append(
                    {
                        "field": "role",
                        "code": "minor-over-18",
                        "detail": f"age {youngest} at the event",
                    }
                )
            elif role == "adult" and 0 <= oldest < 18:
                warnings.append(
                    {
                        "field": "role",
                        "code": "adult-under-18",
                        "detail": f"age {oldest} at the event",
                    }
                )

    country_text = fields[_COUNTRY]
    country = country_code(country_text)
    if country_text and country is None:
        warnings.append({"field": "country_of_birth", "code": "unknown-country", "detail": ""})

    language_text = fields[_LANGUAGE]
    language = language_code(language_text)
    if language_text and language is None:
        warnings.append({"field": "language", "code": "unknown-language", "detail": ""})

    a_number, a_error = normalize_a_number(fields[_A_NUMBER])
    if a_error:
        warnings.append({"field": "a_number", "code": a_error, "detail": "not 8 or 9 digits"})

    place = fields[_PLACE]
    family_unit = fields[_FAMILY]
    related = fields[_RELATED]
    related_given, related_paternal, related_maternal = (
        _related_columns(related) if related else _NO_RELATED
    )

    phone_text = fields[_PHONE]
    phone = normalize_phone(phone_text) if phone_text else None
    if phone_text and phone is None:
        warnings.append({"field": "phone", "code": "malformed-phone", "detail": "too few digits"})
    return (
        role,
        given_names,
        surnames,
        full_name,
        given_norm,
        given_canon,
        given_key,
        paternal,
        maternal,
        surname_key,
        sex,
        birth_stored,
        birth_precision,
        placeholder,
        event_stored,
        event_precision,
        country,
        language,
        a_number,
        place,
        _place_norm(place) if place else None,
        fields[_FACILITY],
        family_unit.upper() if family_unit else None,
        related,
        related_given,
        related_paternal,
        related_maternal,
        normalize_relationship(fields[_RELATIONSHIP]),
        phone,
        fields[_NOTES],
    ), warnings
