"""The invented population: plausible families, the naming rules, the shares DOMAIN.md describes."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from reunite.synth import generate
from reunite.synth.models import Person
from reunite.synth.people import planned_groups

from .conftest import Sample


def age_on(person: Person, day: date) -> int:
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def test_generate_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        generate(0)
    with pytest.raises(ValueError):
        generate(5, extra_adults=-1)


def test_the_population_is_reproducible() -> None:
    first, again, other = generate(200, seed=3), generate(200, seed=3), generate(200, seed=4)
    assert first.persons == again.persons and first.groups == again.groups
    assert first.persons != other.persons


def test_group_counts(sample: Sample) -> None:
    kinds = Counter(g.kind for g in sample.dataset.groups)
    assert kinds["family"] == 2000
    assert kinds["single_adult"] == 1000  # families // 2 by default
    assert generate(50, extra_adults=7).extra_adults == 7
    assert len(sample.dataset.groups) == planned_groups(2000)
    assert len(generate(50, extra_adults=7).groups) == planned_groups(50, 7)


def test_families_are_plausible(sample: Sample) -> None:
    persons = sample.dataset.persons
    for group in sample.dataset.groups:
        if group.kind != "family":
            continue
        assert 1 <= len(group.adults) <= 2 and 1 <= len(group.children) <= 4
        on = group.apprehended_on
        for parent in (persons[a] for a in group.adults):
            assert 18 <= age_on(parent, on) <= 55
            for child in (persons[c] for c in group.children):
                assert 0 <= age_on(child, on) <= 17
                assert 15 <= age_on(parent, on) - age_on(child, on) <= 50
        sexes = sorted(persons[a].sex for a in group.adults)
        assert sexes in (["F"], ["M"], ["F", "M"])


def test_children_carry_fathers_then_mothers_surname(sample: Sample) -> None:
    persons = sample.dataset.persons
    single_mother_both = 0
    for group in sample.dataset.groups:
        if group.kind != "family":
            continue
        parents = {persons[a].sex: persons[a] for a in group.adults}
        surnames = {persons[c].surnames for c in group.children}
        assert len(surnames) == 1, "siblings share their surnames"
        (child_surnames,) = surnames
        if "M" in parents:
            assert child_surnames[0] == parents["M"].surnames[0]
        if "F" in parents:
            mother = parents["F"].surnames
            assert child_surnames[1] == mother[0] or child_surnames == mother
            single_mother_both += child_surnames == mother and "M" not in parents
    assert single_mother_both > 50


def test_shares(sample: Sample) -> None:
    groups = [g for g in sample.dataset.groups if g.kind == "family"]
    persons = sample.dataset.persons
    countries = Counter(persons[g.adults[0]].country for g in groups)
    assert countries["GT"] / 2000 == pytest.approx(0.45, abs=0.04)
    assert countries["HN"] / 2000 == pytest.approx(0.30, abs=0.04)
    assert countries["SV"] / 2000 == pytest.approx(0.15, abs=0.03)
    both = sum(len(g.adults) == 2 for g in groups) / 2000
    assert both == pytest.approx(0.12, abs=0.025)
    children = Counter(len(g.children) for g in groups)
    assert (children[1] + children[2]) / 2000 > 0.75
    kept = sum(bool(g.family_unit_id) for g in groups) / 2000
    assert kept == pytest.approx(0.55, abs=0.04)
    under_5 = [
        persons[c] for g in groups for c in g.children if age_on(persons[c], g.apprehended_on) < 5
    ]
    assert len(under_5) > 400


def test_mayan_speakers_and_surnames(sample: Sample) -> None:
    persons = [p for p in sample.dataset.persons if p.country == "GT"]
    languages = Counter(p.language for p in persons)
    assert {"mam", "quc", "kjb", "knj", "kek"} <= set(languages)
    mayan = sum(
        languages[code] for code in ("mam", "quc", "kjb", "knj", "kek", "cak", "cac", "ixl")
    )
    assert mayan / len(persons) == pytest.approx(0.45, abs=0.06)
    surnames = {s for p in persons for s in p.surnames}
    assert {"Xoc", "Tzoc", "Caal", "Pop", "Tut", "Ajanel", "Coc"} & surnames


def test_a_numbers_are_unique_nine_digit_numbers(sample: Sample) -> None:
    numbers = [p.a_number for p in sample.dataset.persons]
    assert len(set(numbers)) == len(numbers)
    assert all(len(n) == 9 and n.isdigit() for n in numbers)


def test_aged_out_children_turn_18_after_apprehension(sample: Sample) -> None:
    persons = sample.dataset.persons
    aged = [p for p in persons if p.turns_18 is not None]
    children = [p for p in persons if p.kind == "child"]
    assert 0.004 <= len(aged) / len(children) <= 0.02
    for child in aged:
        on = sample.dataset.groups[child.group].apprehended_on
        assert child.turns_18 is not None and child.turns_18 > on
        assert age_on(child, on) == 17 and age_on(child, child.turns_18) == 18
