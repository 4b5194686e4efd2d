"""One import batch: read a roster, map and normalize every row, store it or quarantine it.

Everything happens in one database transaction, so a crash or Ctrl-C leaves no partial batch.
Every row read gets exactly one outcome — accepted (stored, or identical to a record already
stored: a *duplicate*) or quarantined with a reason — so `accepted + quarantined == rows`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing as mp
import os
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from json.encoder import encode_basestring
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from reunite.ingest.mapping import (
    MAPPABLE_FIELDS,
    MappingProfile,
    NameLayout,
    ResolvedMapping,
    apply,
    default_profile,
    resolve,
)
from reunite.ingest.models import ImportBatch, QuarantinedRow
from reunite.ingest.normalizer import NORMALIZED_COLUMNS, DateOrders, normalize_fields
from reunite.ingest.readers import FileInfo, RawRow, column_values, describe_file, read_rows
from reunite.normalize.codes import country_code, language_code
from reunite.normalize.dates import DateOrder, DateOrderVote
from reunite.people.models import SourceRecord

logger = logging.getLogger(__name__)

# Columns written by `reunite quarantine export`; a corrected row carries its quarantine id back.
QUARANTINE_COLUMN_PREFIX = "_quarantine_"
QUARANTINE_ID_COLUMN = "_quarantine_id"
FLUSH_EVERY = 5_000
CHUNK_ROWS = 5_000
PARALLEL_FROM_BYTES = 8 * 2**20  # files this large are normalized in a worker process
MAX_WORKERS = 3

ProgressCallback = Callable[[int], None]


@dataclass
class IngestResult:
    """What one file did to the store; `to_json()` is the CLI's `--json` object."""

    file: str
    source: str
    batch_id: str
    rows: int = 0
    accepted: int = 0
    quarantined: int = 0
    duplicates: int = 0
    warnings: int = 0
    already_imported: bool = False
    resolved_quarantine: int = 0
    quarantine_reasons: Counter[str] = field(default_factory=Counter)
    warning_codes: Counter[str] = field(default_factory=Counter)
    date_orders: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def reconciled(self) -> bool:
        return self.accepted + self.quarantined == self.rows

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "source": self.source,
            "batch_id": self.batch_id,
            "rows": self.rows,
            "accepted": self.accepted,
            "new_records": self.accepted - self.duplicates,
            "quarantined": self.quarantined,
            "duplicates": self.duplicates,
            "warnings": self.warnings,
            "already_imported": self.already_imported,
            "resolved_quarantine": self.resolved_quarantine,
            "quarantine_reasons": dict(sorted(self.quarantine_reasons.items())),
            "warning_codes": dict(sorted(self.warning_codes.items())),
            "date_orders": self.date_orders,
            "seconds": round(self.seconds, 3),
        }


class _ContentHasher:
    """A digest of a row's columns and values, independent of the file's column order.

    The sorted column order is computed once per header, not once per row.
    """

    def __init__(self) -> None:
        self._keys: tuple[str, ...] = ()
        self._prefix = b""
        self._getter: Callable[[dict[str, str | None]], Any] = lambda values: ()

    def __call__(self, values: dict[str, str | None]) -> str:
        if len(values) != len(self._keys):
            self._reset(values)
        try:
            picked = self._getter(values)
        except KeyError:  # a row with other columns than the previous one (JSON objects)
            self._reset(values)
            picked = self._getter(values)
        if len(self._keys) == 1:
            picked = (picked,)
        return _digest(self._prefix, picked)

    def _reset(self, values: dict[str, str | None]) -> None:
        self._keys = tuple(sorted(values))
        self._prefix = _digest_prefix(self._keys)
        self._getter = itemgetter(*self._keys) if self._keys else (lambda values: ())


def _digest_prefix(sorted_keys: tuple[str, ...]) -> bytes:
    return json.dumps(sorted_keys, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _digest(prefix: bytes, picked: tuple[str | None, ...]) -> str:
    """The content hash of the cells `picked` in the sorted order of their column names."""
    try:  # CSV cells are always text: one C-level join
        text = "\x1f".join(picked)  # type: ignore[arg-type]
    except TypeError:  # Excel and JSON cells may be None
        text = "\x1f".join("\x00" if v is None else v for v in picked)
    payload = prefix + text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def _content_hash_writer(keys: tuple[str, ...]) -> Callable[[tuple[str | None, ...]], str]:
    """`_ContentHasher` for rows whose cells line up with `keys` (the same digest)."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    prefix = _digest_prefix(tuple(keys[i] for i in order))
    if len(order) > 1:
        pick = itemgetter(*order)
        return lambda cells: _digest(prefix, pick(cells))
    return lambda cells: _digest(prefix, tuple(cells[i] for i in order))


# One encoder for every row: building json.dumps' encoder per call costs as much as encoding.
_RAW_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _raw_json(values: dict[str, str | None]) -> str:
    return _RAW_ENCODER.encode(values)


def _raw_json_writer(keys: tuple[str, ...]) -> Callable[[tuple[str | None, ...]], str]:
    """`_raw_json` of the row whose cells line up with `keys`, without building the dict.

    The text is exactly the encoder's (same string escaping, same separators), about four times
    faster: json's C encoder calls back into Python for every string it writes.
    """
    prefixes = tuple(encode_basestring(key) + ":" for key in keys)
    # "{" "key1": ... "," "key2": ...: the members' prefixes at the even places of one list.
    separated = tuple(("," if i else "{") + prefix for i, prefix in enumerate(prefixes))
    width = 2 * len(keys)

    def raw_json(cells: tuple[str | None, ...]) -> str:
        if not separated or len(cells) != len(keys):
            return _raw_json(dict(zip(keys, cells, strict=True)))
        parts: list[str] = [""] * width
        parts[0::2] = separated
        try:  # CSV cells are always text: every cell encoded at C speed
            parts[1::2] = map(encode_basestring, cells)  # type: ignore[arg-type]
        except TypeError:  # Excel and JSON cells may be None (or, never from the readers, other)
            try:
                parts[1::2] = [
                    "null" if cell is None else encode_basestring(cell) for cell in cells
                ]
            except TypeError:
                return _raw_json(dict(zip(keys, cells, strict=True)))
        return "".join(parts) + "}"

    return raw_json


def _strip_quarantine_columns(
    values: dict[str, str | None],
) -> tuple[dict[str, str | None], int | None]:
    """Split the `_quarantine_*` columns of a corrected export from the row's own values."""
    text = (values.get(QUARANTINE_ID_COLUMN) or "").strip()
    kept = {k: v for k, v in values.items() if not k.startswith(QUARANTINE_COLUMN_PREFIX)}
    return kept, int(text) if text.isdigit() else None


def _record_id_reader(mapping: ResolvedMapping) -> Callable[[dict[str, str | None]], str | None]:
    """The row's record_id exactly as `apply` would map it (trimmed; None when blank)."""
    headers = [h for h, f in mapping.field_for_header.items() if f == "record_id"]
    if not headers:
        default = apply(mapping, {}).get("record_id")
        return lambda values: default
    header = headers[0]

    def record_id(values: dict[str, str | None]) -> str | None:
        value = values.get(header)
        return (value.strip() or None) if value else None

    return record_id


def _headers_of(row: RawRow) -> list[str]:
    return [h for h in row.values if not h.startswith("_extra_")]


class _RowSink:
    """Buffers rows and writes them in chunks inside the batch's transaction.

    Source records go straight to the driver's executemany with positional parameters: at a
    million rows SQLAlchemy's per-row parameter processing would cost more than the insert itself.
    """

    # The loader's own columns, then the normalizer's: the order of every insert-ready tuple.
    RECORD_COLUMNS: tuple[str, ...] = (
        "batch_id", "source", "record_id", "row_number", "sheet", "raw", "content_hash",
        "warnings", *NORMALIZED_COLUMNS,
    )  # fmt: skip

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.records: list[tuple[Any, ...]] = []
        self.quarantine: list[dict[str, Any]] = []
        marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self.record_sql = (
            f"INSERT INTO {SourceRecord.__tablename__} ({', '.join(self.RECORD_COLUMNS)}) "
            f"VALUES ({', '.join([marker] * len(self.RECORD_COLUMNS))})"
        )

    def flush(self) -> None:
        if self.records:
            self.conn.exec_driver_sql(self.record_sql, self.records)
            self.records.clear()
        if self.quarantine:
            self.conn.execute(insert(QuarantinedRow), self.quarantine)
            self.quarantine.clear()


# (raw values, record_id, row number, sheet, short-row detail) of one accepted row.
_PendingRecord = tuple[tuple[str | None, ...], str, int, str | None, str | None]


@dataclass
class _Chunk:
    """Rows read with one header: the worker maps them itself, so only raw values travel."""

    mapping: ResolvedMapping
    keys: tuple[str, ...]  # the column names every row's cells line up with (pickled once)
    rows: list[_PendingRecord]


_RECORD_ID = itemgetter(_RowSink.RECORD_COLUMNS.index("record_id"))
_CONTENT_HASH = itemgetter(_RowSink.RECORD_COLUMNS.index("content_hash"))

# Insert-ready rows, warning codes, and how many rows had a warning.
_Normalized = tuple[list[tuple[Any, ...]], Counter[str], int]


@dataclass(frozen=True)
class _NormalizeJob:
    """What every chunk of one batch is normalized with (picklable for a worker process)."""

    batch_pk: int
    source: str
    layout: NameLayout
    orders: DateOrders
    today: date
    # SQLite stores dates as ISO text; converting here spares the driver's per-value adapter.
    dates_as_text: bool = False

    def run(self, chunk: _Chunk) -> _Normalized:
        """Normalize a chunk: (insert-ready rows, warning codes, rows with warnings)."""
        rows: list[tuple[Any, ...]] = []
        codes: Counter[str] = Counter()
        warned = 0
        keys = chunk.keys
        fields_of = _field_picker(chunk.mapping, keys)
        batch_pk, source, layout, orders, today = (
            self.batch_pk, self.source, self.layout, self.orders, self.today
        )  # fmt: skip
        dates_as_text = self.dates_as_text
        raw_of = _raw_json_writer(keys)
        hash_of = _content_hash_writer(keys)
        append = rows.append
        for cells, record_id, row_number, sheet, short_row in chunk.rows:
            normalized, warnings = normalize_fields(
                fields_of(cells),
                layout=layout,
                orders=orders,
                today=today,
                dates_as_text=dates_as_text,
            )
            if short_row:
                warnings.append({"field": "_row", "code": "short-row", "detail": short_row})
            if warnings:
                warned += 1
                codes.update(w["code"] for w in warnings)
            append(
                (
                    batch_pk,
                    source,
                    record_id,
                    row_number,
                    sheet,
                    raw_of(cells),
                    hash_of(cells),
                    json.dumps(warnings, ensure_ascii=False) if warnings else None,
                    *normalized,
                )
            )
        return rows, codes, warned


def _field_picker(
    mapping: ResolvedMapping, keys: tuple[str, ...]
) -> Callable[[tuple[str | None, ...]], list[str | None]]:
    """What `apply` gives for a row whose cells line up with `keys`, as a list in
    `MAPPABLE_FIELDS` order, picked by position instead of through a dict per row."""
    headers_of: dict[str, list[str]] = {}
    for header, name in mapping._pairs:
        headers_of.setdefault(name, []).append(header)
    if any(len(headers) > 1 for headers in headers_of.values()):  # later headers win: use apply

        def by_apply(cells: tuple[str | None, ...]) -> list[str | None]:
            return list(apply(mapping, dict(zip(keys, cells, strict=True))).values())

        return by_apply
    position = {key: i for i, key in enumerate(keys)}
    constants: list[str | None] = []
    indexes: list[int] = []
    for name in MAPPABLE_FIELDS:
        headers = headers_of.get(name)
        if headers and headers[0] in position:
            indexes.append(position[headers[0]])
            continue
        # A mapped header missing from the row reads as blank; an unmapped field gets the
        # profile's default (already stripped, or None).
        constants.append(None if headers else mapping._template[name])
        indexes.append(len(keys) + len(constants) - 1)
    extra = tuple(constants)
    pick = itemgetter(*indexes)

    def fields_of(cells: tuple[str | None, ...]) -> list[str | None]:
        return [(v.strip() or None) if v else None for v in pick(cells + extra)]

    return fields_of


def _worker_count() -> int:
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1) - 1))


def _start_workers(size: int) -> ProcessPoolExecutor | None:
    """A worker pool for a large file on a machine with a spare core (processes start lazily)."""
    if size < PARALLEL_FROM_BYTES or (os.cpu_count() or 1) < 2:
        return None
    executor = ProcessPoolExecutor(_worker_count(), mp_context=mp.get_context("spawn"))
    # The pool spawns its processes on the first task: start them now, so that they import and
    # build their lookup tables while this process scans the date columns.
    executor.submit(_warm_up)
    return executor


def _warm_up() -> None:
    """Build the normalizers' lookup tables in a new worker (pure functions: results cached)."""
    country_code("GT")
    language_code("spa")


class _NormalizePipeline:
    """Normalizes chunks inline, or in a worker process while this one reads and inserts.

    On a 2-core machine a large file goes through a worker: this process reads, decides
    duplicates and inserts; the worker maps, normalizes and digests each row and encodes its raw
    JSON. Chunks are inserted in the order they were read, and each row's content hash is known
    here once its chunk is stored (`known`).
    """

    def __init__(
        self,
        job: _NormalizeJob,
        sink: _RowSink,
        result: IngestResult,
        *,
        executor: ProcessPoolExecutor | None,
    ) -> None:
        self.job, self.sink, self.result = job, sink, result
        # record_id -> content hash; None while the row is being normalized (its hash is
        # computed with it) until `_store` fills it in.
        self.known: dict[str, str | None] = {}
        self.executor = executor
        self.workers = _worker_count()
        self.in_flight: deque[tuple[_Chunk, Future[_Normalized]]] = deque()

    def submit(self, chunk: _Chunk) -> None:
        if not chunk.rows:
            return
        if self.executor is None:
            self._store(self.job.run(chunk))
            return
        try:
            self.in_flight.append((chunk, self.executor.submit(self.job.run, chunk)))
        except BrokenProcessPool:
            self._fall_back_inline()
            self._store(self.job.run(chunk))
            return
        while len(self.in_flight) > 2 * self.workers:  # bounded memory
            self._collect_oldest()

    def drain(self) -> None:
        while self.in_flight:
            self._collect_oldest()

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def _collect_oldest(self) -> None:
        chunk, future = self.in_flight.popleft()
        try:
            done = future.result()
        except BrokenProcessPool:  # the worker died (killed, out of memory): finish here instead
            self._fall_back_inline()
            done = self.job.run(chunk)
        self._store(done)

    def _fall_back_inline(self) -> None:
        logger.warning("the normalization worker stopped; continuing in this process")
        pending = list(self.in_flight)
        self.in_flight.clear()
        self.close()
        self.executor = None
        for chunk, _ in pending:
            self._store(self.job.run(chunk))

    def _store(self, done: _Normalized) -> None:
        rows, codes, warned = done
        self.known.update(zip(map(_RECORD_ID, rows), map(_CONTENT_HASH, rows), strict=True))
        self.result.warnings += warned
        self.result.warning_codes.update(codes)
        self.sink.records.extend(rows)
        if len(self.sink.records) >= FLUSH_EVERY:
            self.sink.flush()


class Ingestor:
    """Reads one file into one source. Construct, then call `run()` once."""

    def __init__(
        self,
        engine: Engine,
        *,
        path: Path,
        source: str,
        actor: str,
        profile: MappingProfile | None = None,
        sheet: str | None = None,
        today: date | None = None,
        on_rows: ProgressCallback | None = None,
    ) -> None:
        self.engine = engine
        self.info: FileInfo = describe_file(path)
        self.source = source
        self.actor = actor
        self.profile = profile or default_profile()
        self.sheet = sheet or self.profile.sheet
        self.today = today or date.today()
        self.on_rows = on_rows

    # -- passes ---------------------------------------------------------------------------

    def _decide_date_orders(self) -> tuple[DateOrders, int]:
        """Read the whole file once to choose each date column's day/month order."""
        settings: dict[str, str] = {
            name: self.profile.date_orders.get(name, self.profile.date_order)
            for name in ("birth_date", "event_date")
        }
        votes = {name: DateOrderVote() for name, setting in settings.items() if setting == "auto"}
        rows = 0
        if votes and self.info.format == "csv":
            rows = self._vote_csv(votes)
        elif votes:
            headers_for: dict[str, list[str]] | None = None
            sheet: str | None = None
            for row in read_rows(self.info, sheet=self.sheet):
                rows += 1
                if row.kind != "data":
                    continue
                if headers_for is None or row.sheet != sheet:  # each sheet has its own header
                    sheet = row.sheet
                    headers_for = self._date_headers(_headers_of(row), votes)
                for name, vote in votes.items():
                    for header in headers_for[name]:
                        vote.add(row.values.get(header))
        chosen: dict[str, DateOrder] = {}
        for name, setting in settings.items():
            chosen[name] = votes[name].decide() if name in votes else setting  # type: ignore[assignment]
        return DateOrders(birth_date=chosen["birth_date"], event_date=chosen["event_date"]), rows

    def _date_headers(
        self, headers: list[str], votes: dict[str, DateOrderVote]
    ) -> dict[str, list[str]]:
        mapping = resolve(self.profile, headers)
        return {
            name: [h for h, f in mapping.field_for_header.items() if f == name] for name in votes
        }

    def _vote_csv(self, votes: dict[str, DateOrderVote]) -> int:
        """The date columns alone, scanned without building whole rows (a CSV has one header)."""
        first = next((r for r in read_rows(self.info) if r.kind == "data"), None)
        if first is None:
            return 0
        headers_for = self._date_headers(_headers_of(first), votes)
        wanted = [(vote, h) for name, vote in votes.items() for h in headers_for[name]]
        if not wanted:
            return 0
        rows = 0
        adders = [vote.add for vote, _ in wanted]
        for cells in column_values(self.info, [h for _, h in wanted]):
            rows += 1
            for add, cell in zip(adders, cells, strict=True):
                add(cell)
        return rows

    def _existing_hashes(self, conn: Connection) -> dict[str, str]:
        query = select(SourceRecord.record_id, SourceRecord.content_hash).where(
            SourceRecord.source == self.source
        )
        return {record_id: content_hash for record_id, content_hash in conn.execute(query)}

    def run(self) -> IngestResult:
        started = time.perf_counter()
        with self.engine.connect() as conn:
            previous = conn.execute(
                select(ImportBatch.batch_uid, ImportBatch.rows).where(
                    ImportBatch.source == self.source,
                    ImportBatch.file_sha256 == self.info.sha256,
                    ImportBatch.sheet_key == (self.sheet or ""),
                )
            ).first()
        if previous is not None:
            logger.info("file already imported as batch %s", previous[0])
            return IngestResult(
                file=str(self.info.path),
                source=self.source,
                batch_id=previous[0],
                already_imported=True,
                seconds=time.perf_counter() - started,
            )

        executor = _start_workers(self.info.size)
        try:
            return self._import(executor, started)
        finally:
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)

    def _import(self, executor: ProcessPoolExecutor | None, started: float) -> IngestResult:
        orders, _ = self._decide_date_orders()
        result = IngestResult(
            file=str(self.info.path), source=self.source, batch_id=str(uuid.uuid4())
        )
        result.date_orders = {"birth_date": orders.birth_date, "event_date": orders.event_date}
        # engine.begin(): one transaction for the whole batch — commit at the end or nothing.
        with self.engine.begin() as conn:
            batch_pk = conn.execute(
                insert(ImportBatch).returning(ImportBatch.id),
                {
                    "batch_uid": result.batch_id,
                    "source": self.source,
                    "file_name": self.info.path.name,
                    "file_sha256": self.info.sha256,
                    "file_size": self.info.size,
                    "file_format": self.info.format,
                    "sheet_key": self.sheet or "",
                    "mapping_profile": self.profile.name,
                    "date_orders": json.dumps(result.date_orders),
                    "imported_by": self.actor,
                    "imported_at": datetime.now(UTC),
                },
            ).scalar_one()
            self._store_rows(conn, batch_pk, orders, result, executor)
            conn.execute(
                update(ImportBatch)
                .where(ImportBatch.id == batch_pk)
                .values(
                    rows=result.rows,
                    accepted=result.accepted,
                    quarantined=result.quarantined,
                    duplicates=result.duplicates,
                    warnings=result.warnings,
                )
            )
            if not result.reconciled:  # a bug, never the user's fault: refuse to commit it
                raise AssertionError(f"rows do not reconcile: {result.to_json()}")
        result.seconds = time.perf_counter() - started
        return result

    def _store_rows(
        self,
        conn: Connection,
        batch_pk: int,
        orders: DateOrders,
        result: IngestResult,
        executor: ProcessPoolExecutor | None,
    ) -> None:
        content_hash_of = _ContentHasher()
        sink = _RowSink(conn)
        mapping: ResolvedMapping | None = None
        mapping_sheet: str | None = None
        resolved_ids: list[tuple[int, str]] = []  # (quarantine id, record_id)
        pending: list[_PendingRecord] = []
        chunk_keys: tuple[str, ...] = ()
        job = _NormalizeJob(
            batch_pk=batch_pk,
            source=self.source,
            layout=self.profile.name_layout,
            orders=orders,
            today=self.today,
            dates_as_text=conn.dialect.name == "sqlite",
        )
        pipeline = _NormalizePipeline(job, sink, result, executor=executor)
        known = pipeline.known
        known.update(self._existing_hashes(conn))

        def quarantine(
            row: RawRow, reason: str, detail: str, values: dict[str, str | None]
        ) -> None:
            result.quarantined += 1
            result.quarantine_reasons[reason] += 1
            sink.quarantine.append(
                {
                    "batch_id": batch_pk,
                    "source": self.source,
                    "row_number": row.row_number,
                    "sheet": row.sheet,
                    "reason": reason,
                    "detail": detail,
                    "raw": _raw_json(values),
                }
            )

        try:
            corrected_export: bool | None = None  # a file written by `reunite quarantine export`?
            for row in read_rows(self.info, sheet=self.sheet):
                result.rows += 1
                if self.on_rows is not None and result.rows % 1000 == 0:
                    self.on_rows(result.rows)
                if corrected_export is None:
                    corrected_export = any(
                        k.startswith(QUARANTINE_COLUMN_PREFIX) for k in row.values
                    )
                values, quarantine_id = (
                    _strip_quarantine_columns(row.values)
                    if corrected_export
                    else (row.values, None)
                )
                if row.kind == "repeated-header":
                    quarantine(row, "repeated-header", "a copy of the header row", values)
                    continue
                if row.kind == "unreadable":
                    quarantine(row, "unreadable-row", row.detail or "could not be read", values)
                    continue
                if row.kind == "ragged":
                    quarantine(
                        row, "ragged-row", row.detail or "more fields than the header", values
                    )
                    continue
                if mapping is None or row.sheet != mapping_sheet:  # each sheet has its own header
                    if mapping is not None:
                        pipeline.submit(_Chunk(mapping, chunk_keys, pending))
                        pending = []
                    mapping_sheet = row.sheet
                    mapping = resolve(self.profile, _headers_of(row))
                    record_id_of = _record_id_reader(mapping)
                record_id = record_id_of(values)
                if not record_id:
                    quarantine(row, "missing-record-id", "the record_id is empty", values)
                    continue
                if record_id in known:  # read before: a duplicate, or a conflict
                    seen = known[record_id]
                    if seen is None:  # its first row is still being normalized (and hashed)
                        if pending:
                            pipeline.submit(_Chunk(mapping, chunk_keys, pending))
                            pending = []
                        pipeline.drain()
                        seen = known[record_id]
                    if seen == content_hash_of(values):
                        result.accepted += 1
                        result.duplicates += 1
                        continue
                    quarantine(
                        row,
                        "conflicting-record-id",
                        "this record_id was already read with different content",
                        values,
                    )
                    continue
                known[record_id] = None  # hashed with the rest of the row, see _store
                short_row = row.detail if row.kind == "data" else None  # padded with blanks
                row_keys = tuple(values)
                if row_keys != chunk_keys:  # JSON objects may differ: a chunk has one key order
                    if pending:
                        pipeline.submit(_Chunk(mapping, chunk_keys, pending))
                        pending = []
                    chunk_keys = row_keys
                pending.append(
                    (
                        tuple(values.values()),
                        record_id,
                        row.row_number,
                        row.sheet,
                        short_row,
                    )
                )
                result.accepted += 1
                if quarantine_id is not None:
                    resolved_ids.append((quarantine_id, record_id))
                if len(pending) >= CHUNK_ROWS:
                    pipeline.submit(_Chunk(mapping, chunk_keys, pending))
                    pending = []
            if mapping is not None:
                pipeline.submit(_Chunk(mapping, chunk_keys, pending))
            pipeline.drain()
        finally:
            pipeline.close()
        sink.flush()
        if self.on_rows is not None:
            self.on_rows(result.rows)
        self._resolve_quarantine(conn, resolved_ids, result)

    def _resolve_quarantine(
        self, conn: Connection, resolved: list[tuple[int, str]], result: IngestResult
    ) -> None:
        """Mark quarantined rows whose corrected copy was just accepted."""
        now = datetime.now(UTC)
        for quarantine_id, record_id in resolved:
            record_pk = conn.execute(
                select(SourceRecord.id).where(
                    SourceRecord.source == self.source, SourceRecord.record_id == record_id
                )
            ).scalar_one()
            updated = conn.execute(
                update(QuarantinedRow)
                .where(
                    QuarantinedRow.id == quarantine_id,
                    QuarantinedRow.source == self.source,
                    QuarantinedRow.resolved_at.is_(None),
                )
                .values(resolved_at=now, resolved_by_record_id=record_pk)
            )
            result.resolved_quarantine += updated.rowcount or 0


def ingest_file(
    engine: Engine,
    *,
    path: Path,
    source: str,
    actor: str,
    profile: MappingProfile | None = None,
    sheet: str | None = None,
    today: date | None = None,
    on_rows: ProgressCallback | None = None,
) -> IngestResult:
    """Import one file as one batch (see the module docstring for the guarantees)."""
    return Ingestor(
        engine,
        path=path,
        source=source,
        actor=actor,
        profile=profile,
        sheet=sheet,
        today=today,
        on_rows=on_rows,
    ).run()
