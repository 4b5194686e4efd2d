"""The family model's evidence rules, without a database."""

from __future__ import annotations

from reunite.linkage.family import (
    LinkProposal,
    _best_per_role,
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
    proposals = [
        LinkProposal(
            1, 9, score(["named-by-child", "surname-father"]), ["named-by-child", "surname-father"]
        ),
        LinkProposal(
            2, 9, score(["named-by-child", "surname-father"]), ["named-by-child", "surname-father"]
        ),
    ]
    kept = _best_per_role(proposals, {1: "M", 2: "M"})
    assert len(kept) <= 1
    assert all("ambiguous-name" in p.evidence and p.status == "review" for p in kept)


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
    canon, _, paternal, _, given = related_keys("MAMA ROSA", "XOC", None)
    assert canon == given == "ROSA" and paternal == phonetic_key("XOC")
    assert related_keys("CHEMA", "LOPEZ", None)[0] == "JOSE"
