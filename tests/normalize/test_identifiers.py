"""A-numbers, sex, role, relationship, phone and record ids (synthetic values only)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reunite.normalize.identifiers import (
    normalize_a_number,
    normalize_phone,
    normalize_record_id,
    normalize_relationship,
    normalize_role,
    normalize_sex,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A123456789", ("123456789", None)),
        ("A-123-456-789", ("123456789", None)),
        ("a 123 456 789", ("123456789", None)),
        ("123456789", ("123456789", None)),
        ("  A#123456789 ", ("123456789", None)),
        ("A: 123.456.789", ("123456789", None)),
        ("123-456-789", ("123456789", None)),
        ("A12345678", ("012345678", None)),
        ("A-12-345-678", ("012345678", None)),
        ("12345678", ("012345678", None)),
        ("A1234567", (None, "malformed-a-number")),
        ("A1234567890", (None, "malformed-a-number")),
        ("A12345678X", (None, "malformed-a-number")),
        ("B123456789", (None, "malformed-a-number")),
        ("AA123456789", (None, "malformed-a-number")),
        ("000000000", (None, "malformed-a-number")),
        ("A١٢٣٤٥٦٧٨٩", (None, "malformed-a-number")),
        ("see file", (None, "malformed-a-number")),
        ("", (None, None)),
        ("   ", (None, None)),
        (None, (None, None)),
        ("N/A", (None, None)),
        ("unknown", (None, None)),
        ("-", (None, None)),
    ],
)
def test_normalize_a_number(text: str | None, expected: tuple[str | None, str | None]) -> None:
    assert normalize_a_number(text) == expected


@given(st.text())
def test_a_number_never_raises_and_is_stable(text: str) -> None:
    digits, error = normalize_a_number(text)
    assert digits is None or error is None
    if digits is not None:
        assert len(digits) == 9 and digits.isdigit()
        assert normalize_a_number(digits) == (digits, None)
        assert normalize_a_number("A-" + digits) == (digits, None)


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("M", "M"),
        ("m", "M"),
        ("Male", "M"),
        ("MASCULINO", "M"),
        ("Masc.", "M"),
        ("Hombre", "M"),
        ("H", "M"),
        ("Niño", "M"),
        ("nino", "M"),
        ("boy", "M"),
        ("Varón", "M"),
        ("Male child", "M"),
        ("F", "F"),
        ("f", "F"),
        ("Female", "F"),
        ("Femenino", "F"),
        ("Fem", "F"),
        ("Mujer", "F"),
        ("Niña", "F"),
        ("girl", "F"),
        ("Hembra", "F"),
        ("X", "X"),
        ("other", "X"),
        ("Otro", "X"),
        ("non-binary", "X"),
        ("U", None),
        ("unknown", None),
        ("??", None),
        ("", None),
        (None, None),
        ("M/F", None),
        ("Hombre Mujer", None),
    ],
)
def test_normalize_sex(text: str | None, sex: str | None) -> None:
    assert normalize_sex(text) == sex


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("adult", "adult"),
        ("Adulto", "adult"),
        ("ADULTA", "adult"),
        ("parent", "adult"),
        ("Padre", "adult"),
        ("madre", "adult"),
        ("AD", "adult"),
        ("mayor de edad", "adult"),
        ("FMUA", "adult"),
        ("minor", "minor"),
        ("Menor", "minor"),
        ("menor de edad", "minor"),
        ("child", "minor"),
        ("Niño", "minor"),
        ("niña", "minor"),
        ("UAC", "minor"),
        ("uc", "minor"),
        ("MIN", "minor"),
        ("juvenile", "minor"),
        ("adult/minor", None),
        ("staff", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_role(text: str | None, role: str | None) -> None:
    assert normalize_role(text) == role


@pytest.mark.parametrize(
    ("text", "relationship"),
    [
        ("mother", "mother"),
        ("Mamá", "mother"),
        ("madre", "mother"),
        ("mom", "mother"),
        ("MADRE DEL MENOR", "mother"),
        ("mother of child", "mother"),
        ("father", "father"),
        ("Papá", "father"),
        ("padre", "father"),
        ("dad", "father"),
        ("parent", "parent"),
        ("Mother/Father", "parent"),
        ("padres", "parent"),
        ("abuela", "grandparent"),
        ("Abuelo paterno", "grandparent"),
        ("paternal grandmother", "grandparent"),
        ("grand mother", "grandparent"),
        ("hermano", "sibling"),
        ("Hermana", "sibling"),
        ("half brother", "sibling"),
        ("medio hermano", "sibling"),
        ("sister", "sibling"),
        ("tía", "aunt_uncle"),
        ("Tio materno", "aunt_uncle"),
        ("uncle", "aunt_uncle"),
        ("prima", "cousin"),
        ("primo hermano", "cousin"),
        ("cousin", "cousin"),
        ("sobrino", "other_relative"),
        ("cuñada", "other_relative"),
        ("stepfather", "other_relative"),
        ("step mother", "other_relative"),
        ("mother-in-law", "other_relative"),
        ("padrastro", "other_relative"),
        ("relative", "other_relative"),
        ("amigo de la familia", "sponsor_non_relative"),
        ("family friend", "sponsor_non_relative"),
        ("friend of the family", "sponsor_non_relative"),
        ("vecina", "sponsor_non_relative"),
        ("mother's friend", "sponsor_non_relative"),
        ("madrina", "sponsor_non_relative"),
        ("hijo", "child"),
        ("daughter", "child"),
        ("son", "child"),
        ("stepson", "child"),
        ("unknown", "unknown"),
        ("desconocido", "unknown"),
        ("guardian", "unknown"),
        ("sponsor", "unknown"),
        ("Sponsor (aunt)", "aunt_uncle"),
        ("xyz", "unknown"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_normalize_relationship(text: str | None, relationship: str | None) -> None:
    assert normalize_relationship(text) == relationship


_VOCABULARY = {
    "mother",
    "father",
    "parent",
    "grandparent",
    "sibling",
    "aunt_uncle",
    "cousin",
    "other_relative",
    "sponsor_non_relative",
    "child",
    "unknown",
}


@given(st.text())
def test_relationship_stays_in_vocabulary(text: str) -> None:
    result = normalize_relationship(text)
    assert result is None or result in _VOCABULARY
    assert (result is None) == (not text.strip())


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("+1 (555) 123-4567", "+15551234567"),
        ("555-123-4567", "5551234567"),
        ("+502 5555 1234", "+50255551234"),
        ("(502) 5555-1234 / (502) 4444-1234", "50255551234"),
        ("5555-1234 o 4444-1234", "55551234"),
        ("tel: 504.9999.8888", "50499998888"),
        ("123-456", None),
        ("none", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_phone(text: str | None, phone: str | None) -> None:
    assert normalize_phone(text) == phone


@given(st.text())
def test_phone_is_digits_and_stable(text: str) -> None:
    phone = normalize_phone(text)
    if phone is not None:
        assert phone.lstrip("+").isdigit() and len(phone.lstrip("+")) >= 7
        assert normalize_phone(phone) == phone


@pytest.mark.parametrize(
    ("text", "record_id"),
    [
        ("  ORR-2018-00017 ", "ORR-2018-00017"),
        ("\ufeffCBP 123", "CBP 123"),
        ("12345.0", "12345.0"),
        ("   ", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_record_id(text: str | None, record_id: str | None) -> None:
    assert normalize_record_id(text) == record_id
