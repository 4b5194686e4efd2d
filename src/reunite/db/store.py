"""Open the configured store: the engine for the settings, migrated to the newest schema."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from reunite.db.engine import make_engine
from reunite.db.migrate import upgrade
from reunite.errors import ReuniteError
from reunite.settings import Settings


def open_store(settings: Settings) -> Engine:
    """Return an engine whose schema is up to date (the app upgrades before it runs)."""
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
    except OperationalError as exc:
        raise ReuniteError(
            f"Cannot open the database ({engine.url.render_as_string(hide_password=True)}): "
            f"{exc.orig}"
        ) from exc
    # The audit log's head is also witnessed in a file beside the data (see audit.witness).
    from reunite.audit import witness

    witness.attach(engine, settings.ensure_home() / witness.FILE_NAME)
    return engine
