"""Alembic environment: the engine comes from the caller (reunite.db.migrate), never from an ini file."""

from __future__ import annotations

from alembic import context

from reunite.db import models  # noqa: F401  - registers every table on Base.metadata
from reunite.db.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
