"""Search: names as a parent says them find the right person first, with evidence."""

from __future__ import annotations

from datetime import date

import pytest

from reunite.errors import UsageError
from reunite.linkage.search import SearchIndex, SearchQuery, _Row
from reunite.normalize.names import canonical_given, phonetic_key


def _row(pk: int, given: str, s1: str, s2: str | None, born: date, country: str = "GT") -> _Row:
    surnames = [s for s in (s1, s2) if s]
    return _Row(
        pk=pk,
        source="shelter",
        record_id=f"ORR-{pk}",
        person=pk,
        name=f"{given} {' '.join(surnames)}",
        given_keys=frozenset(phonetic_key(g) for g in given.split()),
        given_canon=frozenset(canonical_given(g) for g in given.split()),
        surname_keys=tuple(phonetic_key(s) for s in surnames),
        birth_date=born,
        country=country,
        sex="M",
        place=None,
    )


@pytest.fixture
def index() -> SearchIndex:
    idx = SearchIndex()
    idx.add(_row(1, "JESUS", "XOC", "PEREZ", date(2012, 3, 4)))
    idx.add(_row(2, "JESUS", "XOC", "PEREZ", date(1980, 3, 4)))  # the father, same name
    idx.add(_row(3, "MARIO", "LOPEZ", "PEREZ", date(2012, 5, 5)))
    return idx


def test_nickname_and_spelling_find_the_child_first(index: SearchIndex) -> None:
    query = SearchQuery.from_text(
        name="Chuy Shoc Peres", age=8, country="Guatemala", today=date(2020, 6, 1)
    )
    hits = index.search(query, limit=3)
    assert hits[0].record_pk == 1
    assert "same given name (nicknames included)" in hits[0].evidence
    assert hits[0].score > hits[1].score


def test_bad_query_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        SearchQuery.from_text(name="   ")
    with pytest.raises(UsageError):
        SearchQuery.from_text(name="Ana Lopez", birth_date="yesterday")
