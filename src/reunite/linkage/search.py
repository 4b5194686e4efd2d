"""Search: what a parent can tell (names as spoken, an age, a country) → ranked persons with evidence.

An in-memory index keyed on Spanish phonetic keys of surnames and given names: a query looks up
a few short posting lists and scores only those records, so one search stays in milliseconds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reunite.errors import UsageError
from reunite.normalize.codes import country_code
from reunite.normalize.names import canonical_given, parse_full_name, phonetic_key
from reunite.people.models import SourceRecord
from reunite.people.persons import PersonMember

MAX_CANDIDATES = 3_000  # entries read from one posting list
MAX_SCORED = 1_500  # records scored per query, those sharing the most keys with it first


@dataclass(frozen=True)
class SearchQuery:
    given_keys: tuple[str, ...]
    given_canon: tuple[str, ...]
    surname_keys: tuple[str, ...]
    birth_year: int | None = None
    birth_date: date | None = None
    country_code: str | None = None
    sex: str | None = None
    place: str | None = None

    @classmethod
    def from_text(
        cls,
        *,
        name: str,
        age: int | None = None,
        birth_date: str | None = None,
        country: str | None = None,
        sex: str | None = None,
        place: str | None = None,
        today: date | None = None,
    ) -> SearchQuery:
        parsed = parse_full_name(name, "given_first")
        if not parsed.given and not parsed.surnames:
            raise UsageError("Give at least one name to search for")
        year: int | None = None
        exact: date | None = None
        if birth_date:
            text = birth_date.strip()
            try:
                if len(text) == 4 and text.isdigit():
                    year = int(text)
                else:
                    exact = date.fromisoformat(text)
                    year = exact.year
            except ValueError as exc:
                raise UsageError("--birth-date must be YYYY-MM-DD or a year") from exc
        elif age is not None:
            year = (today or date.today()).year - age
        code = country_code(country) if country else None
        if country and code is None:
            raise UsageError(f"Unknown country {country!r}")
        sex_code = sex.strip().upper()[:1] if sex else None
        if sex_code not in (None, "M", "F"):
            raise UsageError("--sex must be M or F")
        return cls(
            given_keys=tuple(phonetic_key(g) for g in parsed.given),
            given_canon=tuple(canonical_given(g) for g in parsed.given),
            surname_keys=tuple(phonetic_key(s) for s in parsed.surnames),
            birth_year=year,
            birth_date=exact,
            country_code=code,
            sex=sex_code,
            place=place.upper() if place else None,
        )


@dataclass
class SearchHit:
    record_pk: int
    source: str
    record_id: str
    person_id: str | None
    display_name: str
    birth_date: date | None
    country_code: str | None
    score: float
    evidence: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class _Row:
    pk: int
    source: str
    record_id: str
    person: int | None
    name: str
    given_keys: frozenset[str]
    given_canon: frozenset[str]
    surname_keys: tuple[str, ...]
    birth_date: date | None
    country: str | None
    sex: str | None
    place: str | None


class SearchIndex:
    """Posting lists from phonetic keys to records, built once, queried many times."""

    def __init__(self) -> None:
        self.rows: list[_Row] = []
        self.by_surname: dict[str, list[int]] = defaultdict(list)
        self.by_given: dict[str, list[int]] = defaultdict(list)
        # surname key + given key (or canonical given name): short lists even for common names
        self.by_name: dict[tuple[str, str], list[int]] = defaultdict(list)

    def add(self, row: _Row) -> None:
        index = len(self.rows)
        self.rows.append(row)
        for key in set(row.surname_keys):
            self.by_surname[key].append(index)
        for key in row.given_keys:
            self.by_given[key].append(index)
        for skey in set(row.surname_keys):
            for gkey in row.given_keys | row.given_canon:
                self.by_name[(skey, gkey)].append(index)

    @classmethod
    def from_store(cls, engine: Engine) -> SearchIndex:
        index = cls()
        query = select(
            SourceRecord.id,
            SourceRecord.source,
            SourceRecord.record_id,
            PersonMember.person_id,
            SourceRecord.given_norm,
            SourceRecord.surname_paternal,
            SourceRecord.surname_maternal,
            SourceRecord.given_key,
            SourceRecord.given_canon,
            SourceRecord.surname_key,
            SourceRecord.birth_date,
            SourceRecord.country_code,
            SourceRecord.sex,
            SourceRecord.event_place_norm,
        ).outerjoin(PersonMember, PersonMember.source_record_id == SourceRecord.id)
        with Session(engine) as session:
            for r in session.execute(query).yield_per(50_000):
                name = " ".join(part for part in (r[4], r[5], r[6]) if part)
                index.add(
                    _Row(
                        pk=r[0],
                        source=r[1],
                        record_id=r[2],
                        person=r[3],
                        name=name,
                        given_keys=frozenset((r[7] or "").split()),
                        given_canon=frozenset((r[8] or "").split()),
                        surname_keys=tuple((r[9] or "").split()),
                        birth_date=r[10],
                        country=r[11],
                        sex=r[12],
                        place=r[13],
                    )
                )
        return index

    def search(self, query: SearchQuery, limit: int = 10) -> list[SearchHit]:
        """The best `limit` records (one per person), scored with their evidence."""
        # Count how many of the query's (surname, given name) keys each record shares, in C
        # (Counter.update); score in Python only the records sharing the most. A record with both
        # surnames and the given name comes before one that shares a single common surname.
        shared: Counter[int] = Counter()
        given = set(query.given_keys) | set(query.given_canon)
        for skey in query.surname_keys:
            for gkey in given:
                shared.update(self.by_name.get((skey, gkey), ())[:MAX_CANDIDATES])
        if len(shared) < limit:  # a nickname or a given name not as spoken: widen
            for key in query.surname_keys:
                shared.update(self.by_surname.get(key, ())[:MAX_CANDIDATES])
        if not query.surname_keys or len(shared) < limit:
            for key in query.given_keys:
                shared.update(self.by_given.get(key, ())[:MAX_CANDIDATES])
        candidates = (
            [index for index, _ in shared.most_common(MAX_SCORED)]
            if len(shared) > MAX_SCORED
            else list(shared)
        )
        # Score every candidate (a number only), then explain only the hits shown: the evidence
        # words cost more than the arithmetic, and 1,500 candidates make ten hits.
        score = _scorer(query)
        rows = self.rows
        scored = sorted([(-score(rows[index], None), index) for index in candidates])
        hits: list[SearchHit] = []
        seen_persons: set[int] = set()
        for _, index in scored:
            row = rows[index]
            if row.person is not None:
                if row.person in seen_persons:
                    continue
                seen_persons.add(row.person)
            evidence: list[str] = []
            total = score(row, evidence)
            hits.append(
                SearchHit(
                    record_pk=row.pk,
                    source=row.source,
                    record_id=row.record_id,
                    person_id=f"P{row.person:07d}" if row.person is not None else None,
                    display_name=row.name,
                    birth_date=row.birth_date,
                    country_code=row.country,
                    score=round(total, 2),
                    evidence=evidence,
                )
            )
            if len(hits) >= limit:
                break
        return hits


def _scorer(query: SearchQuery) -> Callable[[_Row, list[str] | None], float]:
    """`score(row, evidence=None)` for this query: the record's score; with `evidence`, the
    reasons are appended to it. The query's parts are bound once (this runs ~1,000 times a search).
    """
    query_surnames = query.surname_keys
    first_surname = query_surnames[:1]
    given_canon, given_keys = frozenset(query.given_canon), frozenset(query.given_keys)
    birth_date, birth_year = query.birth_date, query.birth_year
    country, sex, place = query.country_code, query.sex, query.place

    def score(row: _Row, evidence: list[str] | None = None) -> float:
        total = 0.0
        surname_keys = row.surname_keys
        shared = 0
        for key in query_surnames:  # a loop, not sum(): cheaper for one or two keys
            if key in surname_keys:
                shared += 1
        if shared:
            if surname_keys[:1] == first_surname:
                total += 4.0
                if evidence is not None:
                    evidence.append("first surname sounds the same")
            else:
                total += 2.5
                if evidence is not None:
                    evidence.append("a surname sounds the same")
            if shared >= 2:
                total += 3.0
                if evidence is not None:
                    evidence.append("both surnames sound the same")
        if not given_canon.isdisjoint(row.given_canon):
            total += 4.0
            if evidence is not None:
                evidence.append("same given name (nicknames included)")
        elif not given_keys.isdisjoint(row.given_keys):
            total += 3.0
            if evidence is not None:
                evidence.append("given name sounds the same")
        if birth_date and row.birth_date == birth_date:
            total += 5.0
            if evidence is not None:
                evidence.append("same birth date")
        elif birth_year and row.birth_date:
            gap = abs(row.birth_date.year - birth_year)
            if gap <= 1:
                total += 2.0
                if evidence is not None:
                    evidence.append("age fits")
            elif gap > 3:
                total -= 3.0
                if evidence is not None:
                    evidence.append("age does not fit")
        if country and row.country:
            if row.country == country:
                total += 0.5
                if evidence is not None:
                    evidence.append("same country")
            else:
                total -= 2.0
                if evidence is not None:
                    evidence.append("different country")
        if sex and row.sex:
            if row.sex == sex:
                total += 0.5
            else:
                total -= 4.0
                if evidence is not None:
                    evidence.append("different sex")
        if place and row.place and place in row.place:
            total += 1.0
            if evidence is not None:
                evidence.append("same place")
        return total

    return score


def search_store(
    engine: Engine, *, home: object, query: SearchQuery, limit: int = 10
) -> list[SearchHit]:
    """Build the index from the store and run one search (the web app keeps the index instead)."""
    return SearchIndex.from_store(engine).search(query, limit)
