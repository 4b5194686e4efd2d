"""Pairwise precision, recall and F1 against synthetic ground truth (truth/persons.csv, parent_child.csv)."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reunite.errors import InputFileError


@dataclass(frozen=True)
class Scores:
    true_positives: int
    predicted: int
    actual: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.actual if self.actual else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "actual": self.actual,
        }


def _pairs_count(groups: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in groups)


def identity_scores(
    predicted: Mapping[tuple[str, str], str], truth: Mapping[tuple[str, str], str]
) -> Scores:
    """Pairwise scores of a clustering: both map (source, record_id) → a cluster label."""
    keys = [k for k in predicted if k in truth]
    joint: dict[tuple[str, str], int] = defaultdict(int)
    pred_sizes: dict[str, int] = defaultdict(int)
    for k in keys:
        joint[(predicted[k], truth[k])] += 1
        pred_sizes[predicted[k]] += 1
    true_sizes: dict[str, int] = defaultdict(int)
    for k in truth:
        true_sizes[truth[k]] += 1
    return Scores(
        true_positives=_pairs_count(joint.values()),
        predicted=_pairs_count(pred_sizes.values()),
        actual=_pairs_count(true_sizes.values()),
    )


def link_scores(
    predicted: Iterable[tuple[str, str]],
    truth: Iterable[tuple[str, str]],
    predicted_persons: Mapping[tuple[str, str], str],
    truth_persons: Mapping[tuple[str, str], str],
) -> Scores:
    """Parent–child scores, compared as record pairs so person ids need not agree.

    A predicted (parent person, child person) link is mapped to the true person pair most of
    its records belong to; a true link counts as found if any predicted link maps to it.
    """
    majority = _majority(predicted_persons, truth_persons)
    truth_set = set(truth)
    found: set[tuple[str, str]] = set()
    predicted_list = list(dict.fromkeys(predicted))
    correct = 0
    for parent, child in predicted_list:
        pair = (majority.get(parent, ""), majority.get(child, ""))
        if pair in truth_set:
            if pair not in found:
                correct += 1
            found.add(pair)
    return Scores(true_positives=correct, predicted=len(predicted_list), actual=len(truth_set))


def _majority(
    predicted: Mapping[tuple[str, str], str], truth: Mapping[tuple[str, str], str]
) -> dict[str, str]:
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, pid in predicted.items():
        tid = truth.get(key)
        if tid is not None:
            votes[pid][tid] += 1
    return {pid: max(v.items(), key=lambda kv: (kv[1], kv[0]))[0] for pid, v in votes.items()}


def read_truth(truth_dir: Path) -> tuple[dict[tuple[str, str], str], list[tuple[str, str]]]:
    """Read truth/persons.csv and truth/parent_child.csv (the folder itself or its truth/)."""
    folder = truth_dir / "truth" if (truth_dir / "truth" / "persons.csv").exists() else truth_dir
    persons_file = folder / "persons.csv"
    links_file = folder / "parent_child.csv"
    if not persons_file.exists():
        raise InputFileError(f"No persons.csv in {truth_dir} (expected truth/persons.csv)")
    with persons_file.open(newline="", encoding="utf-8") as fh:
        persons = {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(fh)}
    links: list[tuple[str, str]] = []
    if links_file.exists():
        with links_file.open(newline="", encoding="utf-8") as fh:
            links = [(r["parent_person_id"], r["child_person_id"]) for r in csv.DictReader(fh)]
    return persons, links


def evaluate_store(engine: object, truth_dir: Path) -> dict[str, dict[str, float | int]]:
    """Score the stored persons and proposed/confirmed links against a synthetic truth folder."""
    from sqlalchemy import Engine

    from reunite.linkage.exports import family_rows, person_rows

    assert isinstance(engine, Engine)
    truth_persons, truth_links = read_truth(truth_dir)
    predicted = {(source, record_id): pid for source, record_id, pid in person_rows(engine)}
    links = [(row[0], row[1]) for row in family_rows(engine) if row[3] in ("proposed", "confirmed")]
    return {
        "identity": identity_scores(predicted, truth_persons).as_dict(),
        "parent-child": link_scores(links, truth_links, predicted, truth_persons).as_dict(),
    }
