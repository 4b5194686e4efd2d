"""Feature derivation: names read the other way round when the data says the fields are swapped."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from reunite.linkage.features import RECORD_COLUMNS, build_features
from reunite.normalize.names import canonical_tokens, name_keys


def _row(rid: int, given: str, paternal: str, maternal: str | None) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(RECORD_COLUMNS)
    surnames = [s for s in (paternal, maternal) if s]
    row.update(
        id=rid,
        source="test",
        record_id=f"R{rid}",
        role="minor",
        given_norm=given,
        given_canon=canonical_tokens(given.split()),
        given_key=name_keys(given.split()),
        surname_paternal=paternal,
        surname_maternal=maternal,
        surname_key=name_keys(surnames),
        birth_date=date(2010, 1, 2),
        birth_date_precision="day",
        birth_date_placeholder=False,
    )
    return row


def _features(rows: list[dict[str, object]]) -> dict[int, dict[str, object]]:
    con = duckdb.connect()
    frame = pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
    con.register("frame", frame)
    con.execute("CREATE TABLE records AS SELECT * FROM frame")
    build_features(con)
    cursor = con.execute("SELECT * FROM features ORDER BY unique_id")
    names = [d[0] for d in cursor.description]
    return {r[0]: dict(zip(names, r, strict=True)) for r in cursor.fetchall()}


BACKGROUND = [
    ("GLENDA CAROLINA", "YAC", "LOPEZ"),
    ("GLENDA", "PEREZ", "YAC"),
    ("CAROLINA", "YAC", None),
    ("JUAN", "LOPEZ", "PEREZ"),
    ("ROSA", "GARCIA", "YAC"),
    ("ROSA ELVIRA", "LOPEZ", "GARCIA"),
    ("ELVIRA", "PEREZ", None),
    ("ELVIRA", "GARCIA", "LOPEZ"),
]


def test_given_names_and_surnames_swapped_between_fields_are_read_back() -> None:
    rows = [_row(i, *names) for i, names in enumerate(BACKGROUND, start=1)]
    rows.append(_row(100, "YAC", "GLENDA", "CAROLINA"))
    feats = _features(rows)
    swapped = feats[100]
    assert swapped["names_swapped"] is True
    assert swapped["given_arr"] == ["GLENDA", "CAROLINA"] and swapped["s1"] == "YAC"
    assert swapped["canon1"] == "GLENDA" and swapped["s1_key"] == name_keys(["YAC"])
    assert not any(f["names_swapped"] for rid, f in feats.items() if rid != 100)


def test_second_given_name_in_the_surname_column_moves_to_the_given_names() -> None:
    rows = [_row(i, *names) for i, names in enumerate(BACKGROUND, start=1)]
    rows.append(_row(100, "ROSA", "ELVIRA", "LOPEZ GARCIA"))
    feats = _features(rows)
    moved = feats[100]
    assert moved["given_in_surnames"] is True
    assert moved["given_arr"] == ["ROSA", "ELVIRA"]
    assert (moved["s1"], moved["s2"]) == ("LOPEZ", "GARCIA")
    assert moved["s1_key"] == name_keys(["LOPEZ"])
    assert feats[6]["given_in_surnames"] is False  # ROSA ELVIRA / LOPEZ GARCIA as written


def test_nickname_alternatives_and_surname_pair_columns() -> None:
    rows = [_row(1, "BETO", "LOPEZ", "GARCIA"), _row(2, "ALBERTO", "LOPEZ", None)]
    feats = _features(rows)
    assert "ALBERTO" in feats[1]["given_alts"]
    assert feats[1]["sur_full"] == "LOPEZ GARCIA" and feats[2]["sur_full"] is None
