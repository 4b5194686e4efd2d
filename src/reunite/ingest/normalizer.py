"""Turn one mapped roster row into the normalized columns of a source record, with field warnings.

The rules (documented in docs/formats.md, "Validation rules"): a row is accepted when its identity
(`record_id`) is usable. A bad field never rejects the row: its normalized value is left empty (or
kept, where the value is plausible but contradicts another field), a warning names the field and
the reason, and the raw value stays in the record's `raw` column exactly as read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reunite.ingest.mapping import NameLayout
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


def _parsed_name(mapped: dict[str, str | None], layout: NameLayout) -> ParsedName:
    paternal_text = mapped.get("surname_paternal")
    maternal_text = mapped.get("surname_maternal")
    if paternal_text or maternal_text:
        given = parse_name(mapped.get("given_names"), None).given
        paternal = fold(paternal_text) or None
        maternal = fold(maternal_text) or None
        if paternal is None:  # only a maternal column filled in: it is the only surname we have
            paternal, maternal = maternal, None
        return ParsedName(given=given, paternal=paternal, maternal=maternal)
    given_names, surnames, full_name = (
        mapped.get("given_names"),
        mapped.get("surnames"),
        mapped.get("full_name"),
    )
    if full_name and not (given_names or surnames):
        return parse_full_name(full_name, _FULL_NAME_LAYOUT[layout])
    return parse_name(given_names, surnames)


def _date_fields(
    prefix: str, parsed: ParsedDate, raw: str | None, warnings: list[Warning_]
) -> dict[str, Any]:
    if parsed.error:
        warnings.append({"field": prefix, "code": parsed.error, "detail": f"could not use {raw!r}"})
    return {
        prefix: parsed.value if not parsed.error else None,
        f"{prefix}_precision": parsed.precision if not parsed.error else "unknown",
    }


def normalize_row(
    mapped: dict[str, str | None],
    *,
    layout: NameLayout,
    orders: DateOrders,
    today: date,
) -> tuple[dict[str, Any], list[Warning_]]:
    """Return the normalized columns of a source record and the list of field warnings."""
    warnings: list[Warning_] = []
    out: dict[str, Any] = {}

    role_text = mapped.get("role")
    role = normalize_role(role_text)
    if role_text and role is None:
        warnings.append({"field": "role", "code": "unknown-role", "detail": "not adult or minor"})
    out["role"] = role

    name = _parsed_name(mapped, layout)
    out["given_names"] = mapped.get("given_names")
    surnames = mapped.get("surnames")
    if not surnames and (mapped.get("surname_paternal") or mapped.get("surname_maternal")):
        surnames = " ".join(
            part
            for part in (mapped.get("surname_paternal"), mapped.get("surname_maternal"))
            if part
        )
    out["surnames"] = surnames
    out["full_name"] = mapped.get("full_name")
    out["given_norm"] = " ".join(name.given) or None
    out["given_canon"] = canonical_tokens(name.given) or None
    out["given_key"] = name_keys(name.given) or None
    out["surname_paternal"] = name.paternal
    out["surname_maternal"] = name.maternal
    out["surname_key"] = name_keys(name.surnames) or None
    if not name.given and not name.surnames:
        warnings.append({"field": "name", "code": "missing-name", "detail": "no usable name"})

    sex_text = mapped.get("sex")
    out["sex"] = normalize_sex(sex_text)
    if sex_text and out["sex"] is None:
        warnings.append({"field": "sex", "code": "unknown-sex", "detail": "not a known sex code"})

    birth_text = mapped.get("birth_date")
    birth = parse_date(birth_text, orders.birth_date)
    out.update(_date_fields("birth_date", birth, birth_text, warnings))
    out["birth_date_placeholder"] = bool(birth.placeholder and not birth.error)

    event_text = mapped.get("event_date")
    event = parse_date(event_text, orders.event_date)
    out.update(_date_fields("event_date", event, event_text, warnings))

    birth_value: date | None = out["birth_date"]
    event_value: date | None = out["event_date"]
    if birth_value and birth_value > today:
        warnings.append({"field": "birth_date", "code": "birth-in-future", "detail": "after today"})
    if birth_value and event_value and birth_value > event_value:
        warnings.append(
            {"field": "birth_date", "code": "birth-after-event", "detail": "after the event date"}
        )
    if birth_value and role is not None and birth.precision != "unknown":
        # An estimated date (year only, or the 01/01/YYYY placeholder) gives an age range:
        # warn only when every birthday in that year agrees.
        on = event_value or today
        youngest = age_on(_last_day_of_year(birth_value), on)
        oldest = age_on(birth_value.replace(month=1, day=1), on)
        if birth.precision == "day" and not birth.placeholder:
            youngest = oldest = age_on(birth_value, on)
        if role == "minor" and youngest >= 18:
            warnings.append(
                {"field": "role", "code": "minor-over-18", "detail": f"age {youngest} at the event"}
            )
        elif role == "adult" and 0 <= oldest < 18:
            warnings.append(
                {"field": "role", "code": "adult-under-18", "detail": f"age {oldest} at the event"}
            )

    country_text = mapped.get("country_of_birth")
    out["country_code"] = country_code(country_text)
    if country_text and out["country_code"] is None:
        warnings.append({"field": "country_of_birth", "code": "unknown-country", "detail": ""})

    language_text = mapped.get("language")
    out["language_code"] = language_code(language_text)
    if language_text and out["language_code"] is None:
        warnings.append({"field": "language", "code": "unknown-language", "detail": ""})

    a_number, a_error = normalize_a_number(mapped.get("a_number"))
    out["a_number"] = a_number
    if a_error:
        warnings.append({"field": "a_number", "code": a_error, "detail": "not 8 or 9 digits"})

    out["event_place"] = mapped.get("event_place")
    out["event_place_norm"] = fold(out["event_place"]) or None
    out["facility"] = mapped.get("facility")
    family_unit = mapped.get("family_unit_id")
    out["family_unit_id"] = family_unit.upper() if family_unit else None

    related = mapped.get("related_name")
    out["related_name"] = related
    related_name = parse_full_name(related, "given_first") if related else None
    out["related_given_norm"] = " ".join(related_name.given) or None if related_name else None
    out["related_surname_paternal"] = related_name.paternal if related_name else None
    out["related_surname_maternal"] = related_name.maternal if related_name else None
    relationship_text = mapped.get("related_relationship")
    out["related_relationship"] = normalize_relationship(relationship_text)

    phone_text = mapped.get("phone")
    out["phone"] = normalize_phone(phone_text)
    if phone_text and out["phone"] is None:
        warnings.append({"field": "phone", "code": "malformed-phone", "detail": "too few digits"})
    out["notes"] = mapped.get("notes")
    return out, warnings
