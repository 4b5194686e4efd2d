"""Helpers every command shares: settings, the store, and consoles."""

from __future__ import annotations

from rich.console import Console
from sqlalchemy import Engine

from reunite.db.store import open_store
from reunite.settings import Settings

console = Console()
err_console = Console(stderr=True)


def settings() -> Settings:
    return Settings()


def store(current: Settings | None = None) -> Engine:
    return open_store(current or settings())
