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


def _alternatives_map() -> str:
    """NICKNAME_ALTERNATIVES as a DuckDB MAP literal: token → the full names it may stand for."""
    from reunite.normalize._tables import NICKNAME_ALTERNATIVES

    entries = ", ".join(
        f"'{token}': [{', '.join(repr(n) for n in names)}]::VARCHAR[]"
        for token, names in sorted(NICKNAME_ALTERNATIVES.items())
        if names
    )
    return f"MAP {{{entries}}}"


def _alternative_keys() -> str:
    from reunite.normalize._tables import NICKNAME_ALTERNATIVES

    keys = ", ".join(
        f"'{token}'" for token, names in sorted(NICKNAME_ALTERNATIVES.items()) if names
    )
    return f"[{keys}]::VARCHAR[]"


# A record whose given-name field holds surnames and whose surname field holds given names
# ("YAC" / "GLENDA CAROLINA") is read the other way round. Whether a word is a given name or a
# surname is learned from the data itself: how often it is written in each field across every
# record (the record's own use left out). Both fields must point the same way, clearly.
SWAP_MARGIN = 1.0

FEATURES_SQL = f"""
CREATE OR REPLACE TEMP TABLE feat_base AS
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
FROM records;

CREATE OR REPLACE TEMP TABLE feat_tokens AS
WITH uses AS (
    SELECT DISTINCT unique_id, unnest(given_arr) AS token, 1 AS g FROM feat_base
    UNION ALL
    SELECT DISTINCT unique_id, unnest(string_split(array_to_string(sur_arr, ' '), ' ')) AS token,
           0 AS g
    FROM feat_base
)
SELECT token, count(*) FILTER (g = 1) AS in_given, count(*) FILTER (g = 0) AS in_surname
FROM uses GROUP BY token;

CREATE OR REPLACE TEMP TABLE feat_swapped AS
WITH scored AS (
    SELECT b.unique_id,
        avg(CASE WHEN u.g = 1 THEN ln(t.in_given / (t.in_surname + 1.0)) END) AS given_side,
        avg(CASE WHEN u.g = 0 THEN ln((t.in_given + 1.0) / t.in_surname) END) AS surname_side
    FROM feat_base b
    JOIN (
        SELECT DISTINCT unique_id, unnest(given_arr) AS token, 1 AS g FROM feat_base
        WHERE given_arr IS NOT NULL AND sur_arr IS NOT NULL
        UNION ALL
        SELECT DISTINCT unique_id,
               unnest(string_split(array_to_string(sur_arr, ' '), ' ')) AS token, 0 AS g
        FROM feat_base WHERE given_arr IS NOT NULL AND sur_arr IS NOT NULL
    ) u USING (unique_id)
    JOIN feat_tokens t USING (token)
    GROUP BY b.unique_id
)
SELECT unique_id FROM scored
WHERE given_side < -{SWAP_MARGIN} AND surname_side > {SWAP_MARGIN};

-- A second given name written in the surname column ("ROSA" / "ELVIRA HERNANDEZ MURILLO"):
-- three plain surname words of which the first is, by the same counts, a given name.
CREATE OR REPLACE TEMP TABLE feat_shifted AS
SELECT b.unique_id FROM feat_base b JOIN feat_tokens t ON t.token = b.s1
WHERE b.given_arr IS NOT NULL AND len(b.sur_key_arr) = 3 AND len(b.sur_arr) = 3
  AND ln((t.in_given + 1.0) / t.in_surname) > {SWAP_MARGIN}
  AND b.unique_id NOT IN (SELECT unique_id FROM feat_swapped);

CREATE OR REPLACE TABLE features AS
WITH fixed AS (
    SELECT b.* REPLACE (
        CASE WHEN sw.unique_id IS NULL THEN b.given_norm
             ELSE array_to_string(string_split(array_to_string(b.sur_arr, ' '), ' '), ' ')
        END AS given_norm,
        CASE WHEN sw.unique_id IS NULL THEN b.given_arr
             ELSE string_split(array_to_string(b.sur_arr, ' '), ' ') END AS given_arr,
        CASE WHEN sw.unique_id IS NULL THEN b.given_canon_arr
             ELSE list_transform(string_split(array_to_string(b.sur_arr, ' '), ' '),
                                 lambda t: reunite_canon1(t)) END AS given_canon_arr,
        CASE WHEN sw.unique_id IS NULL THEN b.given_key_arr ELSE b.sur_key_arr END
            AS given_key_arr,
        CASE WHEN sw.unique_id IS NULL THEN b.s1 ELSE b.given_arr[1] END AS s1,
        CASE WHEN sw.unique_id IS NULL THEN b.s2
             WHEN len(b.given_arr) > 1 THEN array_to_string(b.given_arr[2:], ' ') END AS s2,
        CASE WHEN sw.unique_id IS NULL THEN b.sur_arr ELSE b.given_arr END AS sur_arr,
        CASE WHEN sw.unique_id IS NULL THEN b.sur_key_arr ELSE b.given_key_arr END
            AS sur_key_arr
    ),
    sw.unique_id IS NOT NULL AS names_swapped
    FROM feat_base b LEFT JOIN feat_swapped sw USING (unique_id)
),
shifted AS (
    SELECT f.* REPLACE (
        CASE WHEN sh.unique_id IS NULL THEN f.given_norm
             ELSE concat(f.given_norm, ' ', f.s1) END AS given_norm,
        CASE WHEN sh.unique_id IS NULL THEN f.given_arr
             ELSE list_append(f.given_arr, f.s1) END AS given_arr,
        CASE WHEN sh.unique_id IS NULL THEN f.given_canon_arr
             ELSE list_append(f.given_canon_arr, reunite_canon1(f.s1)) END AS given_canon_arr,
        CASE WHEN sh.unique_id IS NULL THEN f.given_key_arr
             ELSE list_append(f.given_key_arr, f.sur_key_arr[1]) END AS given_key_arr,
        CASE WHEN sh.unique_id IS NULL THEN f.s1 ELSE f.sur_arr[2] END AS s1,
        CASE WHEN sh.unique_id IS NULL THEN f.s2 ELSE f.sur_arr[3] END AS s2,
        CASE WHEN sh.unique_id IS NULL THEN f.sur_arr ELSE f.sur_arr[2:] END AS sur_arr,
        CASE WHEN sh.unique_id IS NULL THEN f.sur_key_arr ELSE f.sur_key_arr[2:] END
            AS sur_key_arr
    ),
    sh.unique_id IS NOT NULL AS given_in_surnames
    FROM fixed f LEFT JOIN feat_shifted sh USING (unique_id)
)
SELECT
    *,
    given_arr[1] AS given1,
    left(given_norm, 1) AS ginit,
    CASE WHEN len(given_arr) > 1 AND given_arr[1] IN ('MARIA', 'JOSE') THEN given_arr[2]
         ELSE given_arr[1] END AS given_used,
    given_canon_arr[1] AS canon1,
    list_filter(given_canon_arr, lambda x: x NOT IN ('MARIA', 'JOSE')) AS canon_distinct,
    CASE WHEN len(given_canon_arr) > 1 AND given_canon_arr[1] IN ('MARIA', 'JOSE')
         THEN given_canon_arr[2] ELSE given_canon_arr[1] END AS used_canon,
    given_key_arr[1] AS gkey1,
    sur_key_arr[1] AS s1_key,
    sur_key_arr[2] AS s2_key,
    CASE WHEN s2 IS NOT NULL THEN concat(s1, ' ', s2) END AS sur_full,
    CASE WHEN list_has_any(given_arr, {_alternative_keys()}) THEN list_distinct(flatten(
        list_transform(given_arr, lambda t: coalesce({_alternatives_map()}[t], []))
    )) END AS given_alts,
    list_concat(coalesce(given_arr, []), coalesce(sur_arr, [])) AS all_tokens,
    CAST(dob_day AS VARCHAR) AS dob_str,
    strftime(dob_day, '%m-%d') AS dob_md
FROM shifted;

DROP TABLE feat_base;
DROP TABLE feat_tokens;
DROP TABLE feat_swapped;
DROP TABLE feat_shifted
"""


def _register_udfs(con: duckdb.DuckDBPyConnection) -> None:
    import contextlib

    from duckdb.sqltypes import VARCHAR

    from reunite.normalize.names import canonical_given

    def canon1(token: str | None) -> str | None:
        return canonical_given(token).split()[0] if token else None

    with contextlib.suppress(duckdb.CatalogException, duckdb.NotImplementedException):
        con.create_function("reunite_canon1", canon1, [VARCHAR], VARCHAR, null_handling="special")  # type: ignore[call-overload]


def build_features(con: duckdb.DuckDBPyConnection) -> None:
    """Derive the `features` table (one row per record, Splink's unique_id = source_record.id)."""
    _register_udfs(con)
    for statement in FEATURES_SQL.split(";"):
        if statement.strip():
            con.execute(statement)
