"""`reunite link` end to end: records → identity → persons → family links, with decisions applied."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from reunite.linkage import clusters, family, features, identity
from reunite.linkage.decisions import active_decisions
from reunite.people.persons import ParentChildLink, Person, PersonMember

logger = logging.getLogger(__name__)

MATCH_AT = 0.5  # same person when the identity model says so at least this strongly
REVIEW_PAIRS_AT = 0.1  # pairs between this and MATCH_AT go to the review queue
REVIEW_FILE = "review-pairs.parquet"
# Chained groups up to this size have every record pair scored (pairs grow with the square);
# a larger one (never seen on the synthetic rosters) keeps its chained clustering.
MAX_SCORED_GROUP = 500


def person_label(person_id: int) -> str:
    return f"P{person_id:07d}"


@dataclass
class LinkSummary:
    records: int = 0
    persons: int = 0
    pairs_scored: int = 0
    links_proposed: int = 0
    links_review: int = 0
    links_confirmed: int = 0
    pairs_review: int = 0
    model_file: str = ""
    model_trained: bool = False
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def linkage_dir(home: Path) -> Path:
    path = home / "linkage"
    path.mkdir(parents=True, exist_ok=True)
    return path


def run_linkage(
    engine: Engine,
    *,
    home: Path,
    retrain: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> LinkSummary:
    """Rebuild persons and parent–child links from every stored record; decisions always win."""
    summary = LinkSummary()
    workdir = linkage_dir(home)
    started = time.perf_counter()
    current = ""

    def step(name: str) -> None:
        # Each step's time is recorded under its own name when the next one starts.
        nonlocal started, current
        now = time.perf_counter()
        if current:
            summary.seconds[current] = round(now - started, 2)
        current, started = name, now
        if on_step and name != "done":
            on_step(name)

    step("load records")
    con = features.connect(workdir)
    summary.records = features.load_records(engine, con)
    features.build_features(con)

    step("identity model")
    linker, summary.model_trained = identity.make_linker(con, workdir / "models", retrain=retrain)
    summary.model_file = str(identity.model_path(workdir / "models"))

    step("score pairs")
    predictions = identity.predict(linker, REVIEW_PAIRS_AT)
    pairs = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability FROM {predictions.physical_name}"
    ).fetchall()
    summary.pairs_scored = len(pairs)

    step("persons")
    with Session(engine) as session:
        decided = active_decisions(session)
        record_ids = [r[0] for r in con.execute("SELECT unique_id FROM features").fetchall()]
        strong = [p for p in pairs if p[2] >= MATCH_AT]
        chained = clusters.cluster(
            record_ids,
            strong,
            confirmed=decided.same_confirmed,
            rejected=decided.same_rejected,
        )
        # Groups of three or more may hold pairs the model never compared: score them all and
        # join groups only on average evidence (no chaining through one weak record).
        sizes: dict[int, int] = {}
        for root in chained.values():
            sizes[root] = sizes.get(root, 0) + 1
        groups = {
            rid: root for rid, root in chained.items() if 3 <= sizes[root] <= MAX_SCORED_GROUP
        }
        clustered = clusters.cluster(
            record_ids,
            strong,
            confirmed=decided.same_confirmed,
            rejected=decided.same_rejected,
            weights=identity.score_within(con, linker, groups),
        )
        previous = dict(
            session.execute(select(PersonMember.source_record_id, PersonMember.person_id)).all()
        )
        next_id = (session.scalar(select(func.max(Person.id))) or 0) + 1
        assigned, _ = clusters.assign_person_ids(clustered, previous, next_id)
        _store_persons(session, assigned)
        summary.persons = len(set(assigned.values()))
        _store_review_pairs(workdir, pairs, assigned)
        summary.pairs_review = sum(
            1 for a, b, p in pairs if p < MATCH_AT and assigned.get(a) != assigned.get(b)
        )

        step("family links")
        con.register(
            "members_df",
            pd.DataFrame({"unique_id": list(assigned), "person_id": list(assigned.values())}),
        )
        con.execute("CREATE OR REPLACE TABLE members AS SELECT * FROM members_df")
        proposals = family.propose_links(con)
        counts = _store_links(session, proposals, assigned, decided)
        summary.links_proposed, summary.links_review, summary.links_confirmed = counts
        step("save")
        session.commit()
    con.close()
    step("done")
    return summary


def _store_persons(session: Session, assigned: dict[int, int]) -> None:
    now = datetime.now(UTC)
    sizes: dict[int, int] = {}
    for pid in assigned.values():
        sizes[pid] = sizes.get(pid, 0) + 1
    existing = set(session.scalars(select(Person.id)).all())
    new = [
        {"id": pid, "created_at": now, "updated_at": now, "record_count": n, "retired_at": None}
        for pid, n in sizes.items()
        if pid not in existing
    ]
    session.execute(delete(ParentChildLink))
    session.execute(delete(PersonMember))
    if new:
        session.execute(insert(Person), new)
    kept = [{"pid": pid, "n": n} for pid, n in sizes.items() if pid in existing]
    if kept:
        from sqlalchemy import bindparam

        table = Person.__table__
        assert isinstance(table, Table)
        session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("pid"))
            .values(record_count=bindparam("n"), updated_at=now, retired_at=None),
            kept,
        )
    retired = existing - set(sizes)
    if retired:
        session.execute(
            update(Person)
            .where(Person.id.in_(retired), Person.retired_at.is_(None))
            .values(retired_at=now, record_count=0)
        )
    rows = [{"source_record_id": rid, "person_id": pid} for rid, pid in assigned.items()]
    for start in range(0, len(rows), 50_000):
        session.execute(insert(PersonMember), rows[start : start + 50_000])


def _store_review_pairs(
    workdir: Path, pairs: list[tuple[int, int, float]], assigned: dict[int, int]
) -> None:
    review = [(a, b, p) for a, b, p in pairs if p < MATCH_AT and assigned.get(a) != assigned.get(b)]
    frame = pd.DataFrame(review, columns=["record_a_id", "record_b_id", "match_probability"])
    frame.to_parquet(workdir / REVIEW_FILE, index=False)


def _store_links(
    session: Session,
    proposals: list[family.LinkProposal],
    assigned: dict[int, int],
    decided: object,
) -> tuple[int, int, int]:
    from reunite.linkage.decisions import ActiveDecisions

    assert isinstance(decided, ActiveDecisions)
    now = datetime.now(UTC)
    rows: dict[tuple[int, int], dict[str, object]] = {}
    for p in proposals:
        rows[(p.parent_person_id, p.child_person_id)] = {
            "parent_person_id": p.parent_person_id,
            "child_person_id": p.child_person_id,
            "score": round(p.score, 4),
            "status": p.status,
            "evidence": json.dumps(p.evidence_json(), ensure_ascii=False),
            "updated_at": now,
        }
    for verdict, pairs in (
        ("confirmed", decided.link_confirmed),
        ("rejected", decided.link_rejected),
    ):
        for parent_rec, child_rec in pairs:
            parent, child = assigned.get(parent_rec), assigned.get(child_rec)
            if parent is None or child is None or parent == child:
                continue
            row = rows.get((parent, child))
            if row is None:
                row = {
                    "parent_person_id": parent,
                    "child_person_id": child,
                    "score": 1.0 if verdict == "confirmed" else 0.0,
                    "evidence": json.dumps(
                        [{"code": "human-decision", "detail": "decided by a reviewer", "weight": 0}]
                    ),
                    "updated_at": now,
                }
                rows[(parent, child)] = row
            row["status"] = verdict
    if rows:
        session.execute(insert(ParentChildLink), list(rows.values()))
    statuses = [r["status"] for r in rows.values()]
    return statuses.count("proposed"), statuses.count("review"), statuses.count("confirmed")
