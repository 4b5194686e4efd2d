"""Measured on the files: the errors and quirks of each roster appear at about their stated rates."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from reunite.synth.models import Person

from .conftest import Sample

ACCENTED = re.compile("[áéíóúñÁÉÍÓÚÑ]")
MOTHER_FATHER = {"mother", "father"}


def digits(a_number: str) -> str:
    return re.sub(r"\D", "", a_number)


def share(hits: int, total: int) -> float:
    assert total > 0
    return hits / total


def test_full_name_in_one_roster(sample: Sample) -> None:
    rows = sample.rows
    assert share(
        sum(bool(r["full_name"]) for r in rows["detention"]), len(rows["detention"])
    ) == pytest.approx(0.20, abs=0.03)
    assert not any(r["full_name"] for r in rows["apprehension"] + rows["shelter"])
    shapes = [r["full_name"] for r in rows["detention"] if r["full_name"]]
    assert any(", " in f for f in shapes) and any(", " not in f for f in shapes)


def test_dropped_maternal_surname_and_accents(sample: Sample) -> None:
    person_of = sample.person_of("apprehension")
    dropped = total = stripped = accented = 0
    for row in sample.rows["apprehension"]:
        person = person_of[row["record_id"]]
        if len(person.surnames) == 2 and all(" " not in s for s in person.surnames):
            total += 1
            dropped += len(row["surnames"].split()) == 1 and "-" not in row["surnames"]
        if ACCENTED.search(" ".join(person.given + person.surnames)):
            accented += 1
            stripped += not ACCENTED.search(row["given_names"] + row["surnames"])
    assert share(dropped, total) == pytest.approx(0.25, abs=0.04)
    assert share(stripped, accented) == pytest.approx(0.90, abs=0.04)


@pytest.mark.parametrize(
    ("roster", "placeholder", "missing"),
    [
        ("apprehension", 0.04, 0.02),
        ("detention", 0.03, 0.01),
        ("shelter", 0.05, 0.03),
        ("tracing", 0.15, 0.05),
    ],
)
def test_birth_date_errors(sample: Sample, roster: str, placeholder: float, missing: float) -> None:
    person_of = sample.person_of(roster)
    rows = sample.rows[roster]
    placeholders = blanks = 0
    for row in rows:
        born = person_of[row["record_id"]].birth_date
        written = row["birth_date"]
        blanks += not written
        is_placeholder = written.startswith("01/01/") or written.endswith("-01-01")
        placeholders += is_placeholder and (born.month, born.day) != (1, 1)
    assert share(placeholders, len(rows)) == pytest.approx(placeholder, abs=0.02)
    assert share(blanks, len(rows)) == pytest.approx(missing, abs=0.02)


def test_tracing_requests_remember_children_approximately(sample: Sample) -> None:
    rows = sample.rows["tracing"]
    year_only = sum(len(r["birth_date"]) == 4 for r in rows)
    assert share(year_only, len(rows)) == pytest.approx(0.35, abs=0.05)
    person_of = sample.person_of("tracing")
    nicknames = sum(
        bool(r["given_names"])
        and r["given_names"].split()[0] not in person_of[r["record_id"]].given
        for r in rows
    )
    assert share(nicknames, len(rows)) > 0.05
    assert all(r["related_relationship"] in MOTHER_FATHER and r["related_name"] for r in rows)
    assert share(sum(bool(r["phone"]) for r in rows), len(rows)) > 0.6
    families = [g for g in sample.dataset.groups if g.kind == "family"]
    assert share(sum(g.requester >= 0 for g in families), len(families)) == pytest.approx(
        0.30, abs=0.05
    )


def test_family_unit_ids(sample: Sample) -> None:
    person_of = sample.person_of("apprehension")
    groups = sample.dataset.groups
    with_unit = [r for r in sample.rows["apprehension"] if r["family_unit_id"]]
    wrong = sum(
        groups[person_of[r["record_id"]].group].family_unit_id != r["family_unit_id"]
        for r in with_unit
    )
    assert 0.003 <= share(wrong, len(with_unit)) <= 0.02
    families_with_unit = {person_of[r["record_id"]].group for r in with_unit}
    families = sum(g.kind == "family" for g in groups)
    assert share(len(families_with_unit), families) == pytest.approx(0.55, abs=0.04)


def test_detention_transfers_and_aged_out_children(sample: Sample) -> None:
    person_of = sample.person_of("detention")
    listings: dict[str, list[dict[str, str]]] = {}
    for row in sample.rows["detention"]:
        listings.setdefault(person_of[row["record_id"]].person_id, []).append(row)
    adults = {pid: rows for pid, rows in listings.items() if sample.person(pid).kind != "child"}
    twice = [rows for rows in adults.values() if len(rows) == 2]
    assert all(len(rows) <= 2 for rows in adults.values())
    assert share(len(twice), len(adults)) == pytest.approx(0.15, abs=0.03)
    assert all(a["facility"] != b["facility"] for a, b in twice)
    differ = sum(
        (a["given_names"], a["surnames"], a["full_name"])
        != (b["given_names"], b["surnames"], b["full_name"])
        for a, b in twice
    )
    assert differ / len(twice) > 0.6
    aged_out = [pid for pid in listings if sample.person(pid).kind == "child"]
    children = sum(p.kind == "child" for p in sample.dataset.persons)
    assert 0.004 <= share(len(aged_out), children) <= 0.02
    assert all(row["role"] == "adult" for pid in aged_out for row in listings[pid])


def test_a_numbers(sample: Sample) -> None:
    person_of = sample.person_of("detention")
    rows = [r for r in sample.rows["detention"] if r["a_number"]]
    styles = Counter(
        "A-"
        if r["a_number"].startswith("A-")
        else "A"
        if r["a_number"].startswith("A")
        else "digits"
        for r in rows
    )
    assert all(share(styles[s], len(rows)) > 0.15 for s in ("A-", "A", "digits"))
    transposed = 0
    for row in rows:
        true, written = person_of[row["record_id"]].a_number, digits(row["a_number"])
        transposed += written != true and sorted(written) == sorted(true)
    assert share(transposed, len(rows)) == pytest.approx(0.02, abs=0.01)

    shelter_of = sample.person_of("shelter")
    persons = sample.dataset.persons
    groups = sample.dataset.groups
    parents_number = 0
    for row in sample.rows["shelter"]:
        child = shelter_of[row["record_id"]]
        parent_numbers = {persons[a].a_number for a in groups[child.group].adults}
        parents_number += digits(row["a_number"]) in parent_numbers
    assert 0.002 <= share(parents_number, len(sample.rows["shelter"])) <= 0.025


def test_shelter_children_name_a_parent_or_a_sponsor(sample: Sample) -> None:
    person_of = sample.person_of("shelter")
    rows = sample.rows["shelter"]
    unaccompanied = [r for r in rows if person_of[r["record_id"]].kind == "unaccompanied"]
    assert share(len(unaccompanied), len(rows)) == pytest.approx(0.05, abs=0.015)
    in_pairs = {p["child_person_id"] for p in sample.parent_child} | {
        p["parent_person_id"] for p in sample.parent_child
    }
    assert not any(person_of[r["record_id"]].person_id in in_pairs for r in unaccompanied)
    relationships = Counter(r["related_relationship"] for r in unaccompanied)
    assert relationships["aunt"] + relationships["uncle"] > len(unaccompanied) / 4
    separated = [r for r in rows if person_of[r["record_id"]].kind == "child"]
    assert all(r["related_relationship"] in MOTHER_FATHER for r in separated)
    titles = sum(
        r["related_name"].lower().startswith(("mamá ", "papá ", "mami ", "papi ", "mi "))
        for r in separated
    )
    assert share(titles, len(separated)) == pytest.approx(0.08, abs=0.03)
    exact = sum(
        r["related_name"] in _true_parent_names(sample, person_of[r["record_id"]])
        for r in separated
    )
    assert 0.05 < share(exact, len(separated)) < 0.5, (
        "a child seldom gives the parent's name exactly"
    )


def _true_parent_names(sample: Sample, child: Person) -> set[str]:
    persons = sample.dataset.persons
    parents = (persons[a] for a in sample.dataset.groups[child.group].adults)
    return {" ".join(p.given + p.surnames) for p in parents}


def test_languages_and_countries_are_written_many_ways(sample: Sample) -> None:
    languages = Counter(r["language"] for rows in sample.rows.values() for r in rows)
    assert {"K'iche'", "Mam", "Spanish", "Español"} <= set(languages)
    assert {"Kiche", "Quiché", "Quiche", "KICHE", "K'iche"} & set(languages)
    countries = Counter(r["country_of_birth"] for rows in sample.rows.values() for r in rows)
    assert {"Guatemala", "GUATEMALA", "GTM", "GT", "Honduras", "El Salvador"} <= set(countries)
    sexes = Counter(r["sex"] for rows in sample.rows.values() for r in rows)
    assert 0.005 < share(sexes[""], sum(sexes.values())) < 0.05
