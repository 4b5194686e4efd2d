"""Load source records into DuckDB and derive the columns the identity and family models compare."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
from sqlalchemy import Engine, text

logger = logging.getLogger(__name__)

RECORD_COLUMNS = (
    "id",
    "source",
    "record_id",
    "role",
    "given_norm",
    "given_canon",
    "given_key",
    "surname_paternal",
    "surname_maternal",
    "surname_key",
    "sex",
    "birth_date",
    "birth_date_precision",
    "birth_date_placeholder",
    "country_code",
    "language_code",
    "a_number",
    "event_date",
    "event_place_norm",
    "family_unit_id",
    "related_given_norm",
    "related_surname_paternal",
    "related_surname_maternal",
    "related_relationship",
    "phone",
)

_CHUNK = 200_000


def connect(workdir: Path | None = None, *, memory_limit: str = "4GB") -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection that spills to `workdir` and stays within the memory budget."""
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = false")
    # Never DuckDB's default (./.tmp in whatever folder the command runs from).
    spill = (
        (workdir / "spill")
        if workdir is not None
        else Path(tempfile.gettempdir()) / "reunite-duckdb"
    )
    spill.mkdir(parents=True, exist_ok=True)
    con.execute(f"SET temp_directory = '{spill}'")
    return con


def load_records(
    engine: Engine, con: duckdb.DuckDBPyConnection, *, only_ids: tuple[int, ...] = ()
) -> int:
    """Copy the source records (all, or only `only_ids`) into the DuckDB table `records`."""
    columns = ", ".join(RECORD_COLUMNS)
    con.execute("DROP TABLE IF EXISTS records")
    total = 0
    where = f" WHERE id IN ({', '.join(str(int(i)) for i in only_ids)})" if only_ids else ""
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(
            text(f"SELECT {columns} FROM source_record{where} ORDER BY id")
        )
        while True:
            rows = result.fetchmany(_CHUNK)
            if not rows:
                break
            frame = pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
            for column in ("birth_date", "event_date"):
                frame[column] = pd.to_datetime(frame[column], errors="coerce").dt.date
            frame["birth_date_placeholder"] = frame["birth_date_placeholder"].astype(bool)
            con.register("chunk", frame)
            if total == 0:
                con.execute(f"CREATE TABLE records AS SELECT {_typed_columns()} FROM chunk")
            else:
                con.execute(f"INSERT INTO records SELECT {_typed_columns()} FROM chunk")
            con.unregister("chunk")
            total += len(frame)
    if total == 0:
        con.execute(
            f"CREATE TABLE records AS SELECT {_typed_columns()} FROM (SELECT {_empty_row()}) WHERE false"
        )
    logger.info("loaded %d records", total)
    return total


def _typed_columns() -> str:
    typed = []
    for column in RECORD_COLUMNS:
        if column == "id":
            typed.append("CAST(id AS BIGINT) AS id")
        elif column in ("birth_date", "event_date"):
            typed.append(f"CAST({column} AS DATE) AS {column}")
        elif column == "birth_date_placeholder":
            typed.append("CAST(birth_date_placeholder AS BOOLEAN) AS birth_date_placeholder")
        else:
            typed.append(f"CAST({column} AS VARCHAR) AS {column}")
    return ", ".join(typed)


def _empty_row() -> str:
    return ", ".join(f"NULL AS {c}" if c not in ("id",) else "0 AS id" for c in RECORD_COLUMNS)


def _split(column: str) -> str:
    return f"CASE WHEN {column} IS NULL OR {column} = '' THEN NULL ELSE string_split({column}, ' ') END"


FEATURES_SQL = f"""
CREATE OR REPLACE TABLE features AS
WITH base AS (
    SELECT
        id AS unique_id,
        source, record_id, role, sex, country_code, language_code, a_number,
        given_norm, given_canon,
        {_split("given_norm")} AS given_arr,
        {_split("given_canon")} AS given_canon_arr,
        {_split("given_key")} AS given_key_arr,
        surname_paternal AS s1,
        surname_maternal AS s2,
        {_split("trim(concat_ws(' ', surname_paternal, surname_maternal))")} AS sur_arr,
        {_split("surname_key")} AS sur_key_arr,
        CASE WHEN birth_date_precision IN ('day', 'month') AND NOT birth_date_placeholder
             THEN birth_date END AS dob,
        CASE WHEN birth_date_precision = 'day' AND NOT birth_date_placeholder
             THEN birth_date END AS dob_day,
        year(birth_date) AS dob_year,
        birth_date_placeholder OR birth_date_precision = 'year' AS dob_rough,
        event_date, event_place_norm, family_unit_id,
        related_given_norm, related_surname_paternal, related_surname_maternal,
        related_relationship, phone
    FROM records
)
SELECT
    *,
    given_arr[1] AS given1,
    left(given_norm, 1) AS ginit,
    CASE WHEN len(given_arr) > 1 AND given_arr[1] IN ('MARIA', 'JOSE') THEN given_arr[2]
         ELSE given_arr[1] END AS given_used,
    given_canon_arr[1] AS canon1,
    given_key_arr[1] AS gkey1,
    sur_key_arr[1] AS s1_key,
    sur_key_arr[2] AS s2_key,
    list_concat(coalesce(given_arr, []), coalesce(sur_arr, [])) AS all_tokens,
    CAST(dob_day AS VARCHAR) AS dob_str,
    strftime(dob_day, '%m-%d') AS dob_md
FROM base
"""


def build_features(con: duckdb.DuckDBPyConnection) -> None:
    """Derive the `features` table (one row per record, Splink's unique_id = source_record.id)."""
    con.execute(FEATURES_SQL)
