"""Pairwise precision/recall/F1 arithmetic."""

from __future__ import annotations

import pytest

from reunite.linkage.evaluate import identity_scores, link_scores


def test_identity_scores_count_pairs() -> None:
    truth = {("s", "1"): "A", ("s", "2"): "A", ("s", "3"): "A", ("s", "4"): "B"}
    predicted = {("s", "1"): "x", ("s", "2"): "x", ("s", "3"): "y", ("s", "4"): "y"}
    scores = identity_scores(predicted, truth)
    assert (scores.true_positives, scores.predicted, scores.actual) == (1, 2, 3)
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(1 / 3)


def test_link_scores_map_person_ids_through_records() -> None:
    truth_persons = {("s", "p"): "T1", ("s", "c"): "T2", ("s", "d"): "T3"}
    predicted_persons = {("s", "p"): "P9", ("s", "c"): "P8", ("s", "d"): "P7"}
    scores = link_scores(
        [("P9", "P8"), ("P9", "P7")], [("T1", "T2")], predicted_persons, truth_persons
    )
    assert scores.true_positives == 1
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(1.0)
