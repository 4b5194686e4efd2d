"""The loader's positional normalizer gives what `normalize_row` gives."""

from __future__ import annotations

from datetime import date

from reunite.ingest.mapping import MAPPABLE_FIELDS
from reunite.ingest.normalizer import (
    NORMALIZED_COLUMNS,
    DateOrders,
    normalize_fields,
    normalize_row,
)

ORDERS = DateOrders(birth_date="DMY", event_date="MDY")
TODAY = date(2026, 1, 1)


def test_fields_in_order_give_the_row_columns_and_dates_as_text() -> None:
    mapped: dict[str, str | None] = dict.fromkeys(MAPPABLE_FIELDS)
    mapped.update(
        record_id="1",
        role="menor",
        given_names="Ma. José",
        surname_paternal="de la Cruz",
        birth_date="31/12/2001",
        event_date="06/14/2018",
        related_name="Pedro Xoc",
        phone="abc",
        country_of_birth="Narnia",
    )
    out, warnings = normalize_row(mapped, layout="paternal_maternal", orders=ORDERS, today=TODAY)
    fields = [mapped[name] for name in MAPPABLE_FIELDS]
    values, same = normalize_fields(
        fields, layout="paternal_maternal", orders=ORDERS, today=TODAY, dates_as_text=True
    )
    assert same == warnings
    assert [w["code"] for w in warnings] == ["unknown-country", "malformed-phone"]
    as_text = dict(zip(NORMALIZED_COLUMNS, values, strict=True))
    assert as_text["birth_date"] == "2001-12-31" and out["birth_date"] == date(2001, 12, 31)
    assert as_text["event_date"] == "2018-06-14"
    assert {k: v for k, v in as_text.items() if not k.endswith("_date")} == {
        k: v for k, v in out.items() if not k.endswith("_date")
    }
    assert out["surnames"] == "de la Cruz" and out["surname_paternal"] == "DE LA CRUZ"
    assert out["related_surname_paternal"] == "XOC"
