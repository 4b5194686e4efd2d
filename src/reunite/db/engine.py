"""Engines and sessions: SQLite (WAL, foreign keys on) by default, PostgreSQL in production."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from reunite.errors import ReuniteError

logger = logging.getLogger(__name__)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # 64 MiB of page cache: bulk imports update several indexes at random positions.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Build an engine for `url`; SQLite gets its pragmas on every connection."""
    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # The pool never makes a checkout wait (max_overflow=-1): the web app checks connections
        # out on its event loop, and a wait there for a connection that only a coroutine on the
        # same loop can give back is a deadlock. SQLite connections are cheap.
        engine = create_engine(url, connect_args={"timeout": 30}, pool_size=10, max_overflow=-1)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    if url.startswith("postgresql"):
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ReuniteError(
                "PostgreSQL needs the psycopg driver: pip install 'reunite[postgres]'"
            ) from exc
        # Never wait for a pooled connection (see above): past the server's connection limit
        # PostgreSQL answers with an error, which is better than a stalled event loop.
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=-1)
    return create_engine(url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit when the block ends, roll back on any exception (Ctrl-C included)."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
