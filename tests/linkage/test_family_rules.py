"""The family model's evidence rules, without a database (but one check of the DuckDB scoring)."""

from __future__ import annotations

import random
from collections.abc import Iterator

import duckdb

from reunite.linkage.family import (
    AMBIGUOUS_WITHIN,
    MAX_RUNNERS_UP,
    REVIEW_AT,
    LinkProposal,
    _best_in_sql,
    _best_per_role,
    candidates_sql,
    evidence_codes,
    related_keys,
    score,
)
from reunite.normalize.names import phonetic_key


def _codes(**overrides: object) -> list[str]:
    row: dict[str, object] = {
        "family_unit": False,
        "same_event": False,
        "named_full": False,
        "named_surname": False,
        "named_given_only": False,
        "rel_ok": False,
        "rel_bad": False,
        "single_mother": False,
        "father": False,
        "mother": False,
        "age_ok": 1,
        "age_bad": 0,
        "country_same": True,
        "country_diff": False,
        "language_same": True,
        "apart": False,
    }
    row.update(overrides)
    return evidence_codes(row)


def test_shared_event_and_father_surname_is_a_proposal() -> None:
    codes = _codes(same_event=True, father=True)
    assert "same-event" in codes and "surname-father" in codes
    assert score(codes) >= 0.85


def test_sibling_age_gap_rules_out_a_parent() -> None:
    codes = _codes(family_unit=True, same_event=True, father=True, age_ok=0, age_bad=2)
    assert "age-gap-implausible" in codes
    assert score(codes) < 0.3


def test_name_alone_with_a_wrong_relationship_is_weak() -> None:
    codes = _codes(named_full=True, named_surname=True, rel_bad=True)
    assert "relationship-inconsistent" in codes
    assert score(codes) < 0.5


def test_sponsor_namesake_who_arrived_apart_is_not_proposed() -> None:
    codes = _codes(named_full=True, named_surname=True, rel_ok=True, apart=True, father=True)
    assert "arrived-apart" in codes
    assert score(codes) < 0.85


def test_one_father_and_one_mother_per_child() -> None:
    proposals = [
        LinkProposal(1, 9, 0.95, ["same-event"]),
        LinkProposal(2, 9, 0.97, ["same-event"]),
        LinkProposal(3, 9, 0.96, ["same-event"]),
    ]
    kept = _best_per_role(proposals, {1: "M", 2: "M", 3: "F"})
    assert {(p.parent_person_id, p.child_person_id) for p in kept} == {(2, 9), (3, 9)}


def test_equally_good_namesakes_without_context_go_to_review() -> None:
    named = ["named-by-child", "relationship-consistent", "surname-father", "age-gap-plausible"]
    proposals = [LinkProposal(1, 9, score(named), list(named)) for _ in "ab"]
    proposals[1].parent_person_id = 2
    kept = _best_per_role(proposals, {1: "M", 2: "M"})
    # Both stay possible fathers for a caseworker to choose from; neither is proposed.
    assert [p.parent_person_id for p in kept] == [1, 2]
    assert all("ambiguous-name" in p.evidence and p.status == "review" for p in kept)
    # A name that fits many adults: the best and at most MAX_RUNNERS_UP more are reviewed.
    many = [LinkProposal(pid, 9, score(named), list(named)) for pid in range(1, 7)]
    kept = _best_per_role(many, dict.fromkeys(range(1, 7), "M"))
    assert [p.parent_person_id for p in kept] == list(range(1, 2 + MAX_RUNNERS_UP))


def test_a_runner_up_is_never_proposed_and_context_settles_a_tie() -> None:
    strong = ["family-unit", "same-event", "named-by-child", "surname-father"]
    tied = [LinkProposal(1, 9, score(strong), list(strong)), LinkProposal(2, 9, 0.99, ["x"])]
    kept = _best_per_role(tied, {1: "M", 2: "M"})
    assert [(p.parent_person_id, p.status) for p in kept] == [(1, "proposed")]
    alike = LinkProposal(3, 9, 0.999, ["named-by-child"], runner_up=True)
    assert alike.status == "review"


def test_a_child_naming_another_mother_counts_against_a_candidate() -> None:
    codes = _codes(family_unit=True, mother=True, named_other=True)
    assert "named-someone-else" in codes
    assert score(codes) < score(_codes(family_unit=True, mother=True))


def test_named_parent_with_another_given_name_is_not_support() -> None:
    differs = _codes(named_surname=True, named_surname_alone=False, mother=True)
    alone = _codes(named_surname=True, named_surname_alone=True, mother=True)
    assert "named-given-differs" in differs and "named-surname-only" in alone
    assert score(differs) < score(alone)


def test_different_family_unit_ids_count_against() -> None:
    codes = _codes(same_event=True, father=True, unit_differs=True)
    assert "family-unit-differs" in codes
    assert score(codes) < 0.85


def test_a_shared_surname_in_the_wrong_position_is_not_unrelated() -> None:
    shared = _codes(named_full=True, named_surname=True, rel_ok=True, shared_surname=True)
    assert "surname-shared" in shared and "surname-unrelated" not in shared
    assert score(shared) >= 0.85


def test_kinship_words_are_not_the_parents_name() -> None:
    assert related_keys("PAPA", "ROBERTO", None)[0] == "ROBERTO"
    assert related_keys("MI PAPA", "RIGOBERTO", None)[0] == "RIGOBERTO"
    canon, _, paternal, _, given, used, *_ = related_keys("MAMA ROSA", "XOC", None)
    assert canon == given == "ROSA" and paternal == phonetic_key("XOC") and used is None
    assert related_keys("CHEMA", "LOPEZ", None)[0] == "JOSE"


def test_the_name_a_parent_goes_by_is_kept_for_the_search() -> None:
    # The child says José Luis; a roster may list the father as Luis.
    assert related_keys("JOSE LUIS", "MARTINEZ", "RELLES")[5] == "LUIS"
    assert related_keys("MARIA ELENA", "LOPEZ", None)[5] == "ELENA"
    assert related_keys("JUAN CARLOS", "LOPEZ", None)[5] is None


def test_a_surname_with_a_particle_is_also_searched_without_it() -> None:
    assert related_keys("LUIS FERNANDO", "DE LEON", None)[7] == phonetic_key("LEON")
    assert related_keys("LUIS", "LEON", None)[7] is None


_FLAGS = [
    "named_full",
    "named_surname",
    "named_surname_alone",
    "named_given_only",
    "rel_ok",
    "rel_bad",
    "shared_surname",
    "single_mother",
    "father",
    "mother",
    "apart",
    "family_unit",
    "same_event",
    "unit_differs",
    "named_other",
    "country_same",
    "country_diff",
    "language_same",
    "same_name_as_apprehended",
]
_COLUMNS = ["parent_pid", "child_pid", "parent_sex", *_FLAGS, "age_ok", "age_bad"]


def _per_row(rows: list[tuple[object, ...]]) -> list[LinkProposal]:
    """The per-row Python path: score every pair, then keep the best adult per role."""
    sexes: dict[int, str | None] = {}

    def scored() -> Iterator[LinkProposal]:
        for values in rows:
            row = dict(zip(_COLUMNS, values, strict=True))
            codes = evidence_codes(row)
            value = score(codes)
            if "age-gap-implausible" in codes or value < REVIEW_AT - AMBIGUOUS_WITHIN:
                continue
            parent, child = int(row["parent_pid"]), int(row["child_pid"])  # type: ignore[call-overload]
            sexes[parent] = row["parent_sex"]  # type: ignore[assignment]
            yield LinkProposal(parent, child, value, codes)

    return _best_per_role(scored(), sexes)


def test_scoring_in_duckdb_equals_scoring_each_pair_in_python() -> None:
    rng = random.Random(11)
    rows: list[tuple[object, ...]] = []
    for child in range(80):
        for parent in rng.sample(range(1000, 1040), rng.randint(1, 8)):
            flags = [rng.choice([True, False, False, None]) for _ in _FLAGS]
            age_ok = rng.choice([0, 1, 1, 1])
            age_bad = 0 if age_ok else rng.choice([0, 1])
            # NULL and "" both mean an unknown sex; pairs of one parent may disagree on it.
            sex = rng.choice(["F", "M", None, ""])
            rows.append((parent, child, sex, *flags, age_ok, age_bad))
    # Namesakes scored the same: both kept for review, and both are ambiguous.
    named = [f in {"named_full", "rel_ok", "father", "country_same"} for f in _FLAGS]
    rows += [(2001, 500, "M", *named, 1, 0), (2000, 500, "M", *named, 1, 0)]
    con = duckdb.connect()
    flags = ", ".join(f"{f} BOOLEAN" for f in _FLAGS)
    con.execute(
        "CREATE TABLE fam_person (parent_pid BIGINT, child_pid BIGINT, parent_sex VARCHAR, "
        f"{flags}, age_ok INTEGER, age_bad INTEGER)"
    )
    con.executemany(f"INSERT INTO fam_person VALUES ({', '.join('?' * len(_COLUMNS))})", rows)

    def as_tuples(ps: list[LinkProposal]) -> list[tuple[int, int, float, list[str]]]:
        return [(p.parent_person_id, p.child_person_id, p.score, p.evidence) for p in ps]

    got = _best_in_sql(con)
    assert len(got) > 30 and any("ambiguous-name" in p.evidence for p in got)
    assert [(p.parent_person_id, p.child_person_id) for p in got if p.child_person_id == 500] == [
        (2000, 500),
        (2001, 500),
    ]
    assert [p.status for p in got if p.child_person_id == 500] == ["review", "review"]
    assert as_tuples(got) == as_tuples(_per_row(rows))
    assert [p.runner_up for p in got] == [p.runner_up for p in _per_row(rows)]


def test_a_persons_sex_for_the_parent_slot_is_the_majority_of_their_records() -> None:
    [statement] = [s for s in candidates_sql().split(";") if "TABLE person_sex AS" in s]
    con = duckdb.connect()
    con.execute("CREATE TABLE fam_rec (person_id BIGINT, sex VARCHAR)")
    rows = [(1, "M"), (1, "M"), (1, "F"), (2, "F"), (2, "M"), (3, None), (3, ""), (4, "M")]
    con.executemany("INSERT INTO fam_rec VALUES (?, ?)", rows)
    for _ in range(3):  # the same answer every time, ties included
        con.execute(statement)
        got = dict(con.execute("SELECT person_id, sex FROM person_sex").fetchall())
        assert got == {1: "M", 2: "F", 4: "M"}


def test_no_sql_comment_holds_a_semicolon() -> None:
    # The candidate SQL runs statement by statement, split at semicolons: one in a comment
    # would cut a statement in two.
    comments = [line.split("--", 1)[1] for line in candidates_sql().splitlines() if "--" in line]
    assert comments and not [c for c in comments if ";" in c]
