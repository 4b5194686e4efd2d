"""End to end on a tiny committed synthetic roster set (40 families): persons, links, decisions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reunite.db.engine import make_engine
from reunite.db.migrate import upgrade
from reunite.ingest.loader import ingest_file
from reunite.linkage import identity
from reunite.linkage.decisions import record_decision, resolve_record
from reunite.linkage.evaluate import evaluate_store, read_truth
from reunite.linkage.exports import family_rows, person_rows
from reunite.linkage.pipeline import run_linkage
from reunite.people.persons import PersonMember

DATA = Path(__file__).parent / "data"
SOURCES = ("apprehension", "detention", "shelter", "tracing")


def _ingest(engine: Engine, *sources: str) -> None:
    for source in sources:
        ingest_file(engine, path=DATA / f"{source}.csv", source=source, actor="test")


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Path]]:
    home = tmp_path_factory.mktemp("home")
    engine = make_engine(f"sqlite:///{home / 'reunite.db'}")
    upgrade(engine)
    _ingest(engine, *SOURCES)
    run_linkage(engine, home=home)
    yield engine, home
    engine.dispose()


def test_the_right_persons_and_links_come_out(linked: tuple[Engine, Path]) -> None:
    engine, _ = linked
    result = evaluate_store(engine, DATA)
    assert result["identity"]["f1"] >= 0.95
    assert result["identity"]["precision"] >= 0.98
    assert result["parent-child"]["f1"] >= 0.9
    assert result["parent-child"]["precision"] >= 0.95


def test_export_has_every_record_once(linked: tuple[Engine, Path]) -> None:
    engine, _ = linked
    rows = list(person_rows(engine))
    truth, _ = read_truth(DATA)
    assert {(s, r) for s, r, _ in rows} == set(truth)
    assert len(rows) == len(truth)


def test_siblings_are_never_parent_and_child(linked: tuple[Engine, Path]) -> None:
    engine, _ = linked
    truth, true_links = read_truth(DATA)
    children = {child for _, child in true_links}
    predicted = {(s, r): p for s, r, p in person_rows(engine)}
    members: dict[str, set[str]] = {}
    for key, pid in predicted.items():
        members.setdefault(pid, set()).add(truth[key])
    for parent, child, *_ in family_rows(engine, include_review=True):
        assert not (
            members[parent] & children
            and members[child] & children
            and not members[parent] & {p for p, _ in true_links}
        ), (parent, child)


def test_learned_weights_are_sane(linked: tuple[Engine, Path]) -> None:
    _, home = linked
    weights = identity.level_weights(identity.model_path(home / "linkage" / "models"))
    assert weights["a_number"]["Exact match on a_number"] > 8
    assert weights["a_number"]["All other comparisons"] < -3
    assert weights["birth_date"]["same birth date"] > 6
    assert weights["birth_date"]["All other comparisons"] < -3
    assert weights["surnames"]["both surnames"] > weights["surnames"]["first surname only"] > 0
    assert weights["surnames"]["All other comparisons"] < -3
    assert weights["given"]["Exact match on given_norm"] > 3
    # a parent's A-number on a child's record is no evidence of one person
    assert abs(weights["a_number"]["same A-number, a generation apart"]) < 1
    assert weights["birth_date"]["All other comparisons"] < weights["birth_date"]["same year"]
    # a different country or sex weighs against, but never rules a match out on its own
    assert -8 < weights["country_code"]["All other comparisons"] < 0
    assert -8 < weights["sex"]["All other comparisons"] < 0


def test_the_saved_model_is_reused(linked: tuple[Engine, Path]) -> None:
    engine, home = linked
    summary = run_linkage(engine, home=home)
    assert summary.model_trained is False
    assert Path(summary.model_file).exists()


@pytest.mark.slow
def test_decisions_and_person_ids_survive_a_relink_with_new_records(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'reunite.db'}")
    upgrade(engine)
    _ingest(engine, "apprehension", "detention", "shelter")
    run_linkage(engine, home=tmp_path)
    with Session(engine) as session:
        before = dict(
            session.execute(select(PersonMember.source_record_id, PersonMember.person_id)).all()
        )
        # a pair the model joined, now rejected; two records it kept apart, now confirmed
        by_person: dict[int, list[int]] = {}
        for rid, pid in sorted(before.items()):
            by_person.setdefault(pid, []).append(rid)
        joined = next(rids for rids in by_person.values() if len(rids) == 2)
        singles = [rids[0] for rids in by_person.values() if len(rids) == 1][:2]
        record_decision(
            session,
            kind="same-person",
            verdict="rejected",
            record_a_id=joined[0],
            record_b_id=joined[1],
            actor="tester",
            reason="different mothers",
        )
        record_decision(
            session,
            kind="same-person",
            verdict="confirmed",
            record_a_id=singles[0],
            record_b_id=singles[1],
            actor="tester",
            reason="DNA",
        )
        link = next(row for row in family_rows(engine))
        parent_rec = min(r for r, p in before.items() if p == int(link[0][1:]))
        child_rec = min(r for r, p in before.items() if p == int(link[1][1:]))
        record_decision(
            session,
            kind="parent-child",
            verdict="rejected",
            record_a_id=parent_rec,
            record_b_id=child_rec,
            actor="tester",
            reason="not the father",
        )
        session.commit()

    _ingest(engine, "tracing")  # new records arrive
    run_linkage(engine, home=tmp_path)

    with Session(engine) as session:
        after = dict(
            session.execute(select(PersonMember.source_record_id, PersonMember.person_id)).all()
        )
        assert resolve_record(session, "tracing:" + "TRC-0000001")
    assert after[joined[0]] != after[joined[1]]
    assert after[singles[0]] == after[singles[1]]
    links = {(r[0], r[1]): r[3] for r in family_rows(engine, include_rejected=True)}
    pair = (f"P{after[parent_rec]:07d}", f"P{after[child_rec]:07d}")
    assert links.get(pair) == "rejected"
    untouched = [r for r in before if r not in (*joined, *singles)]
    kept = sum(1 for r in untouched if after[r] == before[r])
    assert kept / len(untouched) >= 0.97  # person ids stay when new records join
