"""Clustering with decisions, and person ids that survive re-runs."""

from __future__ import annotations

from reunite.linkage.clusters import assign_person_ids, cluster


def test_pairs_join_records_into_persons() -> None:
    result = cluster([1, 2, 3, 4], [(1, 2, 0.99), (2, 3, 0.9)])
    assert result[1] == result[2] == result[3] == 1
    assert result[4] == 4


def test_rejected_pair_never_ends_in_one_person_even_through_a_chain() -> None:
    result = cluster([1, 2, 3], [(1, 2, 0.99), (2, 3, 0.95), (1, 3, 0.6)], rejected=[(1, 3)])
    assert result[1] != result[3]
    assert result[1] == result[2]  # the stronger pair wins the shared record


def test_confirmed_pair_joins_without_model_support() -> None:
    result = cluster([1, 2, 3], [], confirmed=[(1, 3)])
    assert result[1] == result[3] != result[2]


def test_person_keeps_its_id_when_new_records_join() -> None:
    first, next_id = assign_person_ids({10: 10, 11: 10, 12: 12}, {}, next_id=1)
    assert first[10] == first[11] != first[12]
    # record 5 is new and is the smallest record of the cluster: the id must not change
    second, _ = assign_person_ids({5: 5, 10: 5, 11: 5, 12: 12, 13: 13}, first, next_id)
    assert second[10] == second[11] == second[5] == first[10]
    assert second[12] == first[12]
    assert second[13] not in (first[10], first[12])


def test_split_person_id_stays_with_the_bigger_part() -> None:
    first = {1: 7, 2: 7, 3: 7}
    second, _ = assign_person_ids({1: 1, 2: 1, 3: 3}, first, next_id=8)
    assert second[1] == second[2] == 7
    assert second[3] == 8


def test_average_linkage_keeps_a_namesake_father_and_son_apart() -> None:
    # 1, 2: the father (two records); 3: the son; 4: the son's record with no birth date,
    # which matches both. Single linkage would chain all four into one person.
    pairs = [(1, 2, 0.99), (3, 4, 0.97), (2, 4, 0.9)]
    weights = {(1, 2): 12.0, (3, 4): 9.0, (2, 4): 3.0, (1, 3): -15.0, (1, 4): 2.0, (2, 3): -14.0}
    chained = cluster([1, 2, 3, 4], pairs)
    assert len(set(chained.values())) == 1
    result = cluster([1, 2, 3, 4], pairs, weights=weights)
    assert result[1] == result[2] != result[3] == result[4]


def test_average_linkage_still_joins_a_record_with_one_bad_field() -> None:
    pairs = [(1, 2, 0.99), (1, 3, 0.9)]
    weights = {(1, 2): 15.0, (1, 3): 4.0, (2, 3): -1.0}
    result = cluster([1, 2, 3], pairs, weights=weights)
    assert result[1] == result[2] == result[3]


def test_average_linkage_respects_decisions() -> None:
    weights = {(1, 2): -20.0}
    result = cluster([1, 2, 3], [(2, 3, 0.9)], confirmed=[(1, 2)], weights=weights)
    assert result[1] == result[2]  # a person's decision outranks the model
    weights[(2, 3)] = 5.0
    weights[(1, 3)] = -9.0
    result = cluster([1, 2, 3], [(2, 3, 0.9)], confirmed=[(1, 2)], weights=weights)
    assert result[3] != result[1]  # average evidence of 3 against {1, 2} is negative
