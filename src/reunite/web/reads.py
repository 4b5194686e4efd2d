"""Audited reads (the family case page and its API twin): read, then audit the read and commit.

Every read of a case writes an audit event, and on SQLite a write takes the database's one write
lock. These writes used to run in thread-pool threads, dozens at once: the writers of one
process queued inside SQLite, whose busy handler polls with growing sleeps (1, 2, 5, 10 ... 100
ms), while the thread holding the lock waited for the GIL behind the event loop (up to 5 ms per
statement, `sys.getswitchinterval()`). Under load most of a case page's latency was that queue.

So, on SQLite:

- the reads run on the event loop (WAL: a read never waits for a writer);
- the audit event is written and committed on the event loop too, on its own connection with
  SQLite's busy timeout cut to `LOOP_BUSY_WAIT_MS`: another worker process holds the lock for a
  millisecond or so per write, and waiting for it right there (blocking the loop that long) is
  far cheaper than going back to the loop's queue — under load a retry scheduled with
  `asyncio.sleep` resumed only after every request queued before it, 50–500 ms later (the bench:
  5 % of writes retried, and they made the case page's p95). A write still refused after that
  wait (an import or a linkage run holds the lock) waits *asynchronously* and tries again; within
  one process the loop runs one write at a time;
- a write still refused after `LOOP_WRITE_PATIENCE` seconds (a long import or linkage run holds
  the lock) is written in the thread pool with the normal busy timeout, one at a time per app.

Elsewhere (PostgreSQL) the read and the write run in the thread pool: a round trip to the server
must not hold up the loop.

The event is the same record `audit.service.record` writes, in the same hash chain, committed
(and noted in the witness file) before the page is sent.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from reunite.audit import service as audit_service
from reunite.audit.events import AuditEvent

T = TypeVar("T")

LOOP_WRITE_PATIENCE = 2.0  # seconds of retries on the loop before the thread pool takes over
LOOP_BUSY_WAIT_MS = 20  # how long one try on the loop waits for another process's write
_FIRST_RETRY, _LONGEST_RETRY = 0.0005, 0.002  # seconds between tries on the loop
_LOCK = "audit_writer_lock"


def writer_lock(request: Request) -> threading.Lock:
    """The app's lock for audited reads' thread-pool writes (one per app: tests build many)."""
    state = request.app.state
    lock: threading.Lock | None = getattr(state, _LOCK, None)
    if lock is None:
        lock = threading.Lock()
        setattr(state, _LOCK, lock)
    return lock


def _write(lock: threading.Lock, session: Session, event: AuditEvent, actor: str) -> None:
    """Write and commit `event` in the request's session, waiting for the lock as long as needed."""
    with lock:
        try:
            audit_service.record_many(session, [event], actor)
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _busy(exc: OperationalError) -> bool:
    orig = exc.orig
    return isinstance(orig, sqlite3.OperationalError) and (
        getattr(orig, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED")
        or "locked" in str(orig)
    )


def try_write_now(engine: Engine, event: AuditEvent, actor: str) -> bool:
    """Write and commit `event` on SQLite unless another writer holds the lock (then False).

    Its own connection, with SQLite's busy timeout at `LOOP_BUSY_WAIT_MS` for this write only
    (restored before the connection goes back to the pool).
    """
    with engine.connect() as connection:
        raw: Any = connection.connection.driver_connection
        (timeout,) = raw.execute("PRAGMA busy_timeout").fetchone()
        raw.execute(f"PRAGMA busy_timeout = {LOOP_BUSY_WAIT_MS}")
        try:
            with Session(bind=connection) as session:
                try:
                    audit_service.record_many(session, [event], actor)
                    session.commit()
                except OperationalError as exc:
                    session.rollback()
                    if _busy(exc):
                        return False
                    raise
            return True
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(timeout)}")


async def read_audited(
    request: Request,
    session: Session,
    read: Callable[[], T],
    event: Callable[[], AuditEvent],
    actor: str,
) -> T:
    """`read()`, then `event()` written to the audit log and committed (see the module)."""
    engine = session.get_bind()
    if not isinstance(engine, Engine) or engine.dialect.name != "sqlite":
        value = await run_in_threadpool(read)
        await run_in_threadpool(_write, writer_lock(request), session, event(), actor)
        return value
    value = read()
    session.close()  # the reads are done: give the connection back before writing on another
    written = event()
    give_up = time.monotonic() + LOOP_WRITE_PATIENCE
    delay = _FIRST_RETRY
    while not try_write_now(engine, written, actor):
        if time.monotonic() > give_up:
            await run_in_threadpool(_write, writer_lock(request), session, written, actor)
            break
        await asyncio.sleep(delay)
        delay = min(delay * 2, _LONGEST_RETRY)
    return value
