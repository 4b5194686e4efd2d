"""One 2,000-family sample, written once per test session and read by the synth tests."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from reunite.synth import SynthDataset, generate, write
from reunite.synth.models import Person

ROSTERS = ("apprehension", "detention", "shelter", "tracing")


@dataclass
class Sample:
    dataset: SynthDataset
    folder: Path
    counts: dict[str, int]
    rows: dict[str, list[dict[str, str]]]  # roster -> data rows (repeated headers removed)
    raw_rows: dict[str, list[list[str]]]  # roster -> every row below the header, as written
    truth: list[dict[str, str]]
    parent_child: list[dict[str, str]]

    def person(self, person_id: str) -> Person:
        return self.dataset.persons[int(person_id[1:]) - 1]

    def person_of(self, roster: str) -> dict[str, Person]:
        """record_id -> the true person behind it, for one roster."""
        return {
            t["record_id"]: self.person(t["person_id"]) for t in self.truth if t["source"] == roster
        }


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    folder = tmp_path_factory.mktemp("synth") / "rosters"
    dataset = generate(2000, seed=7)
    counts = write(dataset, folder)
    raw_rows: dict[str, list[list[str]]] = {}
    rows: dict[str, list[dict[str, str]]] = {}
    for roster in ROSTERS:
        with (folder / f"{roster}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            raw_rows[roster] = list(reader)
        rows[roster] = [dict(zip(header, r, strict=True)) for r in raw_rows[roster] if r != header]
    return Sample(
        dataset=dataset,
        folder=folder,
        counts=counts,
        rows=rows,
        raw_rows=raw_rows,
        truth=read_csv(folder / "truth" / "persons.csv"),
        parent_child=read_csv(folder / "truth" / "parent_child.csv"),
    )
