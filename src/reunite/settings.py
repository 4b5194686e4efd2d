"""One settings object, read from REUNITE_* environment variables. No work at import time."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where Reunite keeps its data and how it connects to its database."""

    model_config = SettingsConfigDict(env_prefix="REUNITE_", extra="ignore")

    home: Path = Path("reunite-data")
    """The data folder: the embedded SQLite database, linkage artifacts, exports."""

    database_url: str | None = None
    """A SQLAlchemy URL (postgresql+psycopg://...). Empty means SQLite inside `home`."""

    user: str | None = None
    """Who runs CLI commands, recorded on every import batch and decision. Defaults to the OS user."""

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'reunite.db').resolve()}"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home

    @property
    def actor(self) -> str:
        if self.user:
            return self.user
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # no login name in some containers
            return "unknown"
