"""The written files: canonical columns, determinism, and a ground truth that accounts for every row."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from reunite.synth import generate, write
from reunite.synth.fields import HEADER

from .conftest import ROSTERS, Sample

FILES = [f"{r}.csv" for r in ROSTERS] + [
    "truth/persons.csv",
    "truth/parent_child.csv",
    "truth/README.md",
]


def digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in FILES}


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    write(generate(300, seed=11), tmp_path / "a")
    write(generate(300, seed=11), tmp_path / "b")
    write(generate(300, seed=12), tmp_path / "c")
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    different = digests(tmp_path / "c")
    assert all(different[name] != digests(tmp_path / "a")[name] for name in FILES)


def test_writing_twice_gives_the_same_files(tmp_path: Path) -> None:
    dataset = generate(100, seed=5)
    write(dataset, tmp_path / "a")
    write(dataset, tmp_path / "b")
    assert digests(tmp_path / "a") == digests(tmp_path / "b")


def test_every_roster_has_the_canonical_header_and_shape(sample: Sample) -> None:
    for roster in ROSTERS:
        text = (sample.folder / f"{roster}.csv").read_text(encoding="utf-8")
        assert text.splitlines()[0] == ",".join(HEADER)
        assert all(len(row) == len(HEADER) for row in sample.raw_rows[roster])
        for row in sample.rows[roster]:
            assert row["role"] in ("adult", "minor")
            assert bool(row["full_name"]) != bool(row["given_names"] or row["surnames"])


def test_counts_match_the_files(sample: Sample) -> None:
    for roster in ROSTERS:
        assert sample.counts[f"{roster}.csv"] == len(sample.raw_rows[roster])
    assert sample.counts["truth/persons.csv"] == len(sample.truth)
    assert sample.counts["truth/parent_child.csv"] == len(sample.parent_child)
    assert sample.dataset.expected_rows() == len(sample.truth)


def test_every_record_is_in_the_truth_exactly_once(sample: Sample) -> None:
    truth_keys = Counter((t["source"], t["record_id"]) for t in sample.truth)
    assert all(n == 1 for n in truth_keys.values())
    record_keys = {(roster, row["record_id"]) for roster in ROSTERS for row in sample.rows[roster]}
    assert set(truth_keys) == record_keys
    for roster in ROSTERS:
        ids = [row["record_id"] for row in sample.rows[roster]]
        assert len(ids) == len(set(ids))


def test_repeated_header_rows_are_in_the_apprehension_log_only(sample: Sample) -> None:
    header = list(HEADER)
    repeated = sum(row == header for row in sample.raw_rows["apprehension"])
    assert 2 <= repeated <= 35  # ~0.2% of about 6,000 rows
    for roster in ("detention", "shelter", "tracing"):
        assert header not in sample.raw_rows[roster]
    readme = (sample.folder / "truth" / "README.md").read_text(encoding="utf-8")
    assert f"includes {repeated} repeated header rows" in readme


def test_parent_child_pairs_are_true_and_complete(sample: Sample) -> None:
    with_records = {t["person_id"] for t in sample.truth}
    pairs = {(p["parent_person_id"], p["child_person_id"]) for p in sample.parent_child}
    assert len(pairs) == len(sample.parent_child)
    expected = {
        (parent.person_id, child.person_id)
        for parent, child in sample.dataset.parents_and_children()
        if parent.person_id in with_records and child.person_id in with_records
    }
    assert pairs == expected
    parents_of: dict[str, list[str]] = {}
    for parent_id, child_id in pairs:
        assert parent_id != child_id
        assert parent_id in with_records and child_id in with_records
        parent, child = sample.person(parent_id), sample.person(child_id)
        assert parent.kind == "parent" and child.kind == "child"
        assert parent.birth_date < child.birth_date
        parents_of.setdefault(child_id, []).append(parent.sex)
    assert all(sorted(sexes) in (["F"], ["M"], ["F", "M"]) for sexes in parents_of.values())
    assert sum(len(s) == 2 for s in parents_of.values()) > 100  # both parents detained


def test_people_without_an_apprehension_record(sample: Sample) -> None:
    in_log = {t["person_id"] for t in sample.truth if t["source"] == "apprehension"}
    with_records = {t["person_id"] for t in sample.truth}
    persons = sample.dataset.persons
    parents = [p for p in persons if p.kind == "parent" and p.person_id in with_records]
    children = [p for p in persons if p.kind == "child"]
    assert sum(p.person_id not in in_log for p in parents) / len(parents) == pytest.approx(
        0.05, abs=0.02
    )
    assert sum(p.person_id not in in_log for p in children) / len(children) == pytest.approx(
        0.03, abs=0.015
    )


def test_dates_follow_each_rosters_order(sample: Sample) -> None:
    formats = {
        "apprehension": "%m/%d/%Y",
        "shelter": "%d/%m/%Y",
        "tracing": "%d/%m/%Y",
        "detention": "%Y-%m-%d" if sample.dataset.detention_date_order == "ISO" else "%d/%m/%Y",
    }
    for roster, fmt in formats.items():
        for row in sample.rows[roster]:
            datetime.strptime(row["event_date"], fmt)
            if row["birth_date"] and len(row["birth_date"]) > 4:
                datetime.strptime(row["birth_date"], fmt)  # a swap never makes an impossible date
    event_days = {row["event_date"][3:5] for row in sample.rows["apprehension"]}
    assert any(int(day) > 12 for day in event_days), "US order: the day is in the middle"


def test_detention_date_order_is_chosen_per_file() -> None:
    orders = {generate(5, seed=seed).detention_date_order for seed in range(12)}
    assert orders == {"ISO", "DMY"}
