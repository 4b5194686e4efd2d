"""Thin adapters over linkage, kept in one place so they can be pointed at linkage's own API later.

- `links_for(session)`: a person's parent–child links as the removal safeguard wants them
  (linkage has no public function for this yet; this reads `parent_child_link`).
- `SearchCache`: the web app keeps one `linkage.search.SearchIndex` in memory and rebuilds it when
  the number of stored records changes (after an import), instead of rebuilding per query.
- `person_ref` / `resolve_ref`: a case names a person by linkage's label (P0000012) or, before
  linkage has run, by a source record (SOURCE:RECORD_ID).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from reunite.families.safeguards import ParentChildLinkView
from reunite.linkage.decisions import resolve_person_record
from reunite.linkage.search import SearchIndex
from reunite.people.models import SourceRecord
from reunite.people.persons import ParentChildLink

_LINK_STATUS = {"proposed": "proposed", "review": "proposed", "confirmed": "confirmed"}


def person_number(label: str) -> int | None:
    text = label.strip().upper()
    return int(text[1:]) if text.startswith("P") and text[1:].isdigit() else None


def label_of(person_id: int) -> str:
    return f"P{person_id:07d}"


def links_for(session: Session) -> Callable[[str], Sequence[ParentChildLinkView]]:
    """`links_for(person_label)` over linkage's stored links (rejected links are not links)."""

    def lookup(person_label: str) -> Sequence[ParentChildLinkView]:
        number = person_number(person_label)
        if number is None:
            return ()
        rows = session.scalars(
            select(ParentChildLink).where(ParentChildLink.parent_person_id == number)
        )
        views = []
        for link in rows:
            status = _LINK_STATUS.get(link.status, "rejected")
            views.append(
                ParentChildLinkView(
                    parent_person_id=label_of(link.parent_person_id),
                    child_person_id=label_of(link.child_person_id),
                    status=status,  # type: ignore[arg-type]
                    score=link.score,
                )
            )
        return [v for v in views if v.status != "rejected"]

    return lookup


def resolve_ref(session: Session, ref: str) -> int:
    """A source record id for a person label or a record reference (raises NotFoundError)."""
    return resolve_person_record(session, ref)


class SearchCache:
    """One search index per app, rebuilt when the record count changes."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._index: SearchIndex | None = None
        self._records = -1
        self._checked_at = 0.0

    # Imports through this app invalidate at once; other writers (the CLI) show up within this.
    CHECK_EVERY_SECONDS = 30.0

    def invalidate(self) -> None:
        with self._lock:
            self._records = -1

    def _count(self) -> int:
        with Session(self._engine) as session:
            return int(session.scalar(select(func.count()).select_from(SourceRecord)) or 0)

    def index(self) -> SearchIndex:
        with self._lock:
            stale = time.monotonic() - self._checked_at > self.CHECK_EVERY_SECONDS
            if self._index is None or self._records < 0 or stale:
                count = self._count()
                self._checked_at = time.monotonic()
                if self._index is None or count != self._records:
                    self._index = SearchIndex.from_store(self._engine)
                    self._records = count
            return self._index
