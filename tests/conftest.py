"""Shared fixtures: a fresh, migrated database per test, on SQLite and (when configured) PostgreSQL.

Set REUNITE_TEST_POSTGRES_URL (e.g. postgresql+psycopg://reunite:reunite@127.0.0.1/reunite_test)
to run every database test against PostgreSQL too; `.ci/run` does. Each PostgreSQL test gets its own
schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from reunite.db.engine import make_engine, session_factory
from reunite.db.migrate import upgrade

# No per-example deadline: on a loaded 2-core CI machine a slow example is not a failure.
hypothesis_settings.register_profile("reunite", deadline=None)
hypothesis_settings.load_profile("reunite")

POSTGRES_URL = os.environ.get("REUNITE_TEST_POSTGRES_URL")
DATA = Path(__file__).parent / "data"


def _backends() -> list[object]:
    postgres_marks = []
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            # In CI the PostgreSQL run is required: fail loudly instead of skipping silently.
            postgres_marks.append(
                pytest.mark.xfail(reason="REUNITE_TEST_POSTGRES_URL not set in CI", strict=True)
            )
        else:
            postgres_marks.append(pytest.mark.skip(reason="REUNITE_TEST_POSTGRES_URL not set"))
    return ["sqlite", pytest.param("postgresql", marks=postgres_marks)]


def _postgres_engine(schema: str) -> Engine:
    assert POSTGRES_URL, "REUNITE_TEST_POSTGRES_URL is not set"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return create_engine(
        POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"}, pool_pre_ping=True
    )


def _drop_postgres_schema(schema: str) -> None:
    assert POSTGRES_URL
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=_backends())
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'reunite.db'}")
        upgrade(eng)
        yield eng
        eng.dispose()
        return
    if not POSTGRES_URL:
        pytest.fail("REUNITE_TEST_POSTGRES_URL is not set")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    eng = _postgres_engine(schema)
    try:
        upgrade(eng)
        yield eng
    finally:
        eng.dispose()
        _drop_postgres_schema(schema)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """An ORM session on the fresh database; the test commits what it needs."""
    with session_factory(engine)() as s:
        yield s


@pytest.fixture
def reunite_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at a fresh data folder (SQLite inside it)."""
    home = tmp_path / "home"
    monkeypatch.setenv("REUNITE_HOME", str(home))
    monkeypatch.delenv("REUNITE_DATABASE_URL", raising=False)
    monkeypatch.setenv("REUNITE_USER", "test-user")
    return home
