"""Thin adapters over linkage, kept in one place so they can be pointed at linkage's own API later.

- A person's links as the removal safeguard reads them come from `families.linked.links_for`,
  shared with `reunite safeguard check`.
- `SearchCache`: the web app keeps one `linkage.search.SearchIndex` in memory and rebuilds it when
  the number of stored records changes (after an import), instead of rebuilding per query.
- `person_ref` / `resolve_ref`: a case names a person by linkage's label (P0000012) or, before
  linkage has run, by a source record (SOURCE:RECORD_ID).
"""

from __future__ import annotations

import gc
import threading
import time

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from reunite.linkage.decisions import resolve_person_record
from reunite.linkage.search import SearchIndex
from reunite.people.models import SourceRecord


def resolve_ref(session: Session, ref: str) -> int:
    """A source record id for a person label or a record reference (raises NotFoundError)."""
    return resolve_person_record(session, ref)


class SearchCache:
    """One search index per app, rebuilt when the record count changes.

    `ready()` never blocks: it hands back the index in memory and, at most every
    CHECK_EVERY_SECONDS, starts a background thread that counts the records and rebuilds the
    index when the count changed (searches go on with the old index meanwhile). `index()` blocks
    until an index exists: the first search after start-up or after `invalidate()` waits for it.
    """

    # Imports through this app invalidate at once; other writers (the CLI) show up within this
    # (plus the rebuild).
    CHECK_EVERY_SECONDS = 30.0

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()  # held while building for `index()`
        self._checking = threading.Lock()  # held by the one background check
        self._index: SearchIndex | None = None
        self._records = -1
        self._generation = 0  # bumped by invalidate(): a check that started before it is dropped
        self._checked_at = 0.0

    def invalidate(self) -> None:
        with self._lock:
            self._index = None
            self._records = -1
            self._generation += 1

    def _count(self) -> int:
        with Session(self._engine) as session:
            return int(session.scalar(select(func.count()).select_from(SourceRecord)) or 0)

    def ready(self) -> SearchIndex | None:
        """The index in memory, or None when there is none yet (then call `index()`)."""
        index = self._index
        stale = time.monotonic() - self._checked_at > self.CHECK_EVERY_SECONDS
        if index is not None and stale and self._checking.acquire(blocking=False):
            self._checked_at = time.monotonic()
            threading.Thread(
                target=self._refresh, args=(self._generation,), name="search-check", daemon=True
            ).start()
        return index

    def _refresh(self, generation: int) -> None:
        try:
            count = self._count()
            if count != self._records:
                fresh = _build(self._engine)
                with self._lock:
                    if generation == self._generation and self._index is not None:
                        self._index, self._records = fresh, count
        finally:
            self._checked_at = time.monotonic()
            self._checking.release()

    def index(self) -> SearchIndex:
        """The index, built now if there is none (blocks: call it from a thread)."""
        index = self.ready()
        if index is not None:
            return index
        with self._lock:
            if self._index is None:
                count = self._count()
                self._index = _build(self._engine)
                self._records = count
                self._checked_at = time.monotonic()
            return self._index


_build_lock = threading.Lock()


def _build(engine: Engine) -> SearchIndex:
    """Build an index with the cyclic garbage collector paused, then freeze what it built.

    The index is millions of long-lived objects: while it is built, each full collection would walk
    all of them, and afterwards every full collection would too (at 1,000,000 records a search that
    happened to trigger one paused the process for seconds, long enough for uvicorn's supervisor,
    which pings its workers every few seconds, to kill the worker). `gc.freeze()` moves every
    object alive now out of the collector's sight. Reference counting still frees an index that
    is replaced (an index holds no reference cycles).
    """
    with _build_lock:
        enabled = gc.isenabled()
        gc.disable()
        try:
            index = SearchIndex.from_store(engine)
        finally:
            gc.freeze()
            if enabled:
                gc.enable()
    return index
