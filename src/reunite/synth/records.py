"""The four rosters, row by row: each function yields (row, person index) in file order.

A person index of -1 marks a row that is no record (a repeated header). Every other row is one
record of that person; the writer turns the pairs into the ground truth.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Final

from reunite.synth import places_data as pd
from reunite.synth.errors import Roster, misspell, nickname
from reunite.synth.fields import HEADER, HOUSE_STYLES, FieldWriter, format_phone
from reunite.synth.models import Group, Person, SynthDataset
from reunite.synth.sampling import WeightedTable, below

Row = list[str]
RowStream = Iterator[tuple[Row, int]]

FIRST_TRACING_DATE: Final = date(2018, 7, 1)
_FACILITIES: Final = WeightedTable(((name, place), w) for name, place, w in pd.DETENTION_FACILITIES)
_SHELTERS: Final = WeightedTable(((name, place), w) for name, place, w in pd.SHELTERS)


def _writer(dataset: SynthDataset, roster: Roster) -> FieldWriter:
    # Each roster draws from its own stream, so changing one roster's rules leaves the others alone.
    rng = random.Random(f"reunite-synth:{dataset.seed}:{roster}")
    order = dataset.detention_date_order if roster == "detention" else None
    return FieldWriter(roster, dataset.rates[roster], rng, order or HOUSE_STYLES[roster].date_order)


def _pick(options: tuple[str, ...], rng: random.Random) -> str:
    return options[below(rng, len(options))]


def _relationship(parent: Person) -> str:
    return "mother" if parent.sex == "F" else "father"


def _age_on(person: Person, day: date) -> int:
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# --- apprehension.csv ---------------------------------------------------------------------------


def apprehension_rows(dataset: SynthDataset) -> RowStream:
    """The CBP log: people apprehended together listed together, in date order."""
    out = _writer(dataset, "apprehension")
    rng = out.rng
    r = rng.random
    persons = dataset.persons
    header = list(HEADER)
    repeated_header = dataset.shape.repeated_header
    groups = sorted(dataset.groups, key=lambda g: (g.apprehended_on, g.index))
    previous_unit = ""  # the last other family's id: what a clerk copies by mistake
    for group in groups:
        members = [i for i in (*group.adults, *group.children) if persons[i].in_apprehension]
        if not members:
            continue
        on = group.apprehended_on
        event_date = out.date(on)
        place = group.station.upper() if r() < 0.2 else group.station
        for index in members:
            person = persons[index]
            is_child = person.kind in ("child", "unaccompanied")
            unit = group.family_unit_id
            if unit:
                x = r()
                if x < 0.03:
                    unit = ""  # this member was not recorded as part of the family unit
                elif x < 0.04 and previous_unit:
                    unit = previous_unit  # typed from the wrong family's sheet
            related_name = relationship = ""
            if is_child and group.adults and r() < out.rates.related_named:
                parent = persons[group.adults[below(rng, len(group.adults))]]
                related_name = out.written_name(parent.given, parent.surnames)
                relationship = _relationship(parent)
            if person.kind == "parent":
                notes = _pick(pd.APPREHENSION_PARENT_NOTES, rng) if r() < 0.7 else ""
            elif person.kind == "child":
                notes = _pick(pd.APPREHENSION_CHILD_NOTES, rng) if r() < 0.5 else ""
            elif person.kind == "unaccompanied":
                notes = "UAC" if r() < 0.7 else ""
            else:
                notes = ""
            given, surnames, full = out.name(person)
            parent_a = persons[group.adults[0]].a_number if is_child and group.adults else ""
            row = [
                out.record_id(),
                "minor" if _age_on(person, on) < 18 else "adult",
                given,
                surnames,
                full,
                out.sex(person),
                out.birth_date(person),
                out.country(person),
                out.language(person),
                out.a_number(person.a_number, parent_a),
                event_date,
                place,
                "",
                unit,
                related_name,
                relationship,
                "",
                notes,
            ]
            yield row, index
            if r() < repeated_header:
                yield header, -1
        if group.family_unit_id:
            previous_unit = group.family_unit_id


# --- detention.csv ------------------------------------------------------------------------------

_ORIGINAL, _TRANSFER, _AGED_OUT = 0, 1, 2


def _detention_base(out: FieldWriter, person: Person) -> list[str]:
    """The fields a person's detention records share: [names x3, sex, birth, country, language]."""
    given, surnames, full = out.name(person)
    return [
        given,
        surnames,
        full,
        out.sex(person),
        out.birth_date(person),
        out.country(person),
        out.language(person),
    ]


def _transfer_variant(base: list[str], person: Person, out: FieldWriter) -> list[str]:
    """The same detainee re-listed by the next facility: most often with a small difference."""
    rng = out.rng
    varied = list(base)
    name_at = 0 if varied[0] else 2  # given names, or the full name when that was used
    x = rng.random()
    if x < 0.15 and " " in varied[1]:
        varied[1] = varied[1].split(" ")[0]  # the second surname dropped this time
    elif x < 0.25:
        for at in (name_at, 1):
            varied[at] = varied[at].title() if varied[at].isupper() else varied[at].upper()
    elif x < 0.35:
        varied[4] = out.birth_date(person)  # the birth date keyed in again
    elif x < 0.80:
        field_at = 1 if varied[1] and rng.random() < 0.5 else name_at
        words = varied[field_at].split(" ")
        for _ in range(3):  # a word with no mishearing to make stays as it is: try another
            at = below(rng, len(words))
            heard = misspell(words[at], rng)
            if heard != words[at]:
                words[at] = heard
                break
        varied[field_at] = " ".join(words)
    return varied


def detention_rows(dataset: SynthDataset) -> RowStream:
    """The ICE roster: separated parents, single adults, transfers listed twice, aged-out children."""
    out = _writer(dataset, "detention")
    rng = out.rng
    r = rng.random
    persons = dataset.persons
    groups = dataset.groups
    listings: list[tuple[int, int]] = []
    for person in persons:
        if person.in_detention:
            listings.append((person.index, _ORIGINAL))
            if person.transferred:
                listings.append((person.index, _TRANSFER))
        if person.turns_18 is not None:
            listings.append((person.index, _AGED_OUT))
    rng.shuffle(listings)
    # Both listings of a transferred detainee share one base, whichever comes first in the file.
    pending: dict[int, tuple[list[str], tuple[str, str], tuple[str, str], date]] = {}
    for index, listing in listings:
        person = persons[index]
        group = groups[person.group]
        if listing == _AGED_OUT:
            assert person.turns_18 is not None
            base = _detention_base(out, person)
            facility = _FACILITIES.pick(rng)
            booked = person.turns_18 + timedelta(days=below(rng, 3))
            notes = "Aged out - transferred from ORR" if r() < 0.6 else ""
            a_number = out.a_number(person.a_number)
        else:
            shared = pending.pop(index, None)
            if shared is None:
                base = _detention_base(out, person)
                first = _FACILITIES.pick(rng)
                second = _FACILITIES.pick(rng)
                while second == first:
                    second = _FACILITIES.pick(rng)
                booked = group.apprehended_on + timedelta(days=1 + below(rng, 6))
                if person.transferred:
                    pending[index] = (base, first, second, booked)
            else:
                base, first, second, booked = shared
            if listing == _TRANSFER:
                base = _transfer_variant(base, person, out)
                facility = second
                booked += timedelta(days=7 + below(rng, 54))
                notes = f"Transferred from {first[0]}" if r() < 0.5 else ""
            else:
                facility = first
                status_notes = pd.DETENTION_STATUS_NOTES.get(person.status, ("",))
                notes = _pick(status_notes, rng) if r() < 0.6 else ""
            a_number = out.a_number(person.a_number)
        yield (
            [
                out.record_id(),
                "adult",
                *base,
                a_number,
                out.date(booked),
                facility[1],
                facility[0],
                "",
                "",
                "",
                "",
                notes,
            ],
            index,
        )


# --- shelter.csv --------------------------------------------------------------------------------


def shelter_rows(dataset: SynthDataset) -> RowStream:
    """The ORR roster of children: each names a parent (or, if unaccompanied, a sponsor)."""
    out = _writer(dataset, "shelter")
    rng = out.rng
    r = rng.random
    persons = dataset.persons
    groups = [g for g in dataset.groups if any(persons[c].in_shelter for c in g.children)]
    rng.shuffle(groups)
    for group in groups:
        shelter = _SHELTERS.pick(rng)
        admitted = group.apprehended_on + timedelta(days=1 + below(rng, 4))
        for index in group.children:
            person = persons[index]
            if not person.in_shelter:
                continue
            if r() < 0.15:
                shelter = _SHELTERS.pick(rng)  # siblings split up by age or sex
            phone = ""
            parent_a = ""
            sponsor = group.sponsor
            if sponsor is not None:
                related_name = out.written_name(sponsor.given, sponsor.surnames)
                relationship = sponsor.relationship
                if sponsor.phone and r() < 0.6:
                    phone = format_phone(sponsor.phone, rng)
                notes = _pick(pd.SHELTER_UAC_NOTES, rng).format(
                    city=sponsor.city, relationship=relationship
                )
            else:
                parents = sorted((persons[a] for a in group.adults), key=lambda p: p.sex)
                # With both parents separated, a child names the mother more often.
                named = parents[0] if len(parents) == 1 or r() < 0.6 else parents[1]
                related_name = out.spoken_name(named, _age_on(person, group.apprehended_on))
                relationship = _relationship(named)
                parent_a = named.a_number
                if named.phone and r() < 0.2:
                    phone = format_phone(
                        named.phone, rng
                    )  # a number written on a paper she carried
                notes = _pick(pd.SHELTER_SEPARATED_NOTES, rng).format(
                    parent="mother" if named.sex == "F" else "father",
                    madre="madre" if named.sex == "F" else "padre",
                )
            if r() >= out.rates.related_named:
                related_name = relationship = ""  # the roster left the contact columns empty
            given, surnames, full = out.name(person)
            yield (
                [
                    out.record_id(),
                    "minor",
                    given,
                    surnames,
                    full,
                    out.sex(person),
                    out.birth_date(person),
                    out.country(person),
                    out.language(person),
                    out.a_number(person.a_number, parent_a),
                    out.date(admitted),
                    shelter[1],
                    shelter[0],
                    "",
                    related_name,
                    relationship,
                    phone,
                    notes,
                ],
                index,
            )


# --- tracing.csv --------------------------------------------------------------------------------


def _tracing_note(child: Person, parent: Person, group: Group, rng: random.Random) -> str:
    template = _pick(pd.TRACING_NOTES, rng)
    girl = child.sex == "F"
    return template.format(
        hijo="hija" if girl else "hijo",
        son="daughter" if girl else "son",
        He="She" if girl else "He",
        him="her" if girl else "him",
        el="ella" if girl else "él",
        o="a" if parent.sex == "F" else "o",
        year=group.apprehended_on.year,
        age=_age_on(child, group.apprehended_on),
        place=group.station,
        nick=nickname(child.given, rng) or child.given[0],
        country=pd.COUNTRY_SPELLINGS[parent.country][0],
    )


def tracing_rows(dataset: SynthDataset) -> RowStream:
    """Requests from parents: one row per sought child, as the parent remembers the child."""
    out = _writer(dataset, "tracing")
    rng = out.rng
    r = rng.random
    persons = dataset.persons
    groups = [g for g in dataset.groups if g.requester >= 0]
    rng.shuffle(groups)
    for group in groups:
        parent = persons[group.requester]
        filed = max(FIRST_TRACING_DATE, group.apprehended_on + timedelta(days=14))
        filed += timedelta(days=below(rng, 900))
        location = parent.country if parent.status == "removed" else "US"
        place = _pick(pd.TRACING_PLACES[location], rng)
        requester = out.written_name(parent.given, parent.surnames)
        phone = format_phone(parent.phone, rng) if parent.phone and r() < 0.95 else ""
        for index in group.children:
            child = persons[index]
            given, surnames, full = out.name(child)
            notes = _tracing_note(child, parent, group, rng) if r() < 0.7 else ""
            yield (
                [
                    out.record_id(),
                    "minor",
                    given,
                    surnames,
                    full,
                    out.sex(child),
                    out.birth_date(child),
                    out.country(child),
                    out.language(child),
                    out.a_number(child.a_number),
                    out.date(filed),
                    place,
                    "",
                    "",
                    requester,
                    _relationship(parent),
                    phone,
                    notes,
                ],
                index,
            )


ROSTER_ROWS: Final = {
    "apprehension": apprehension_rows,
    "detention": detention_rows,
    "shelter": shelter_rows,
    "tracing": tracing_rows,
}
