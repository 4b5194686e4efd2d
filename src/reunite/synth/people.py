"""Inventing the population: families, unaccompanied children and single adults, and their rosters.

Only who exists and where they appear is decided here (see `models`); spelling is left to `records`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from reunite.synth import names_data as nd
from reunite.synth import places_data as pd
from reunite.synth.errors import ErrorRates, Roster, default_rates
from reunite.synth.models import (
    CHILD_AGE_WEIGHTS,
    PERIOD_END,
    PERIOD_START,
    SURGE_START,
    UNACCOMPANIED_AGE_WEIGHTS,
    Group,
    Person,
    Shape,
    Sponsor,
    Status,
    SynthDataset,
)
from reunite.synth.sampling import WeightedTable, below, merged_table, zipf_table

logger = logging.getLogger(__name__)


@dataclass
class _Generator:
    rng: random.Random
    shape: Shape
    persons: list[Person] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    a_numbers: set[str] = field(default_factory=set)
    family_unit_ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.countries = WeightedTable(pd.COUNTRY_SHARES.items())
        self.languages = {c: WeightedTable(s.items()) for c, s in pd.LANGUAGE_SHARES.items()}
        self.stations = WeightedTable(pd.STATIONS)
        self.child_ages = WeightedTable(enumerate(CHILD_AGE_WEIGHTS))
        self.uac_ages = WeightedTable(enumerate(UNACCOMPANIED_AGE_WEIGHTS))
        self.child_counts = WeightedTable(enumerate(self.shape.children_counts, start=1))
        self.relationships = WeightedTable(pd.SPONSOR_RELATIONSHIPS)
        # P(aged out | 17 years old), so that `aged_out` is the share of all children.
        self.aged_out_if_17 = min(
            1.0, self.shape.aged_out / (CHILD_AGE_WEIGHTS[17] / sum(CHILD_AGE_WEIGHTS))
        )

    # --- small draws ---

    def a_number(self) -> str:
        while True:
            digits = str(200_000_000 + below(self.rng, 20_000_000))
            if digits not in self.a_numbers:
                self.a_numbers.add(digits)
                return digits

    def family_unit_id(self, on: date) -> str:
        while True:
            candidate = f"FMUA-{on.year % 100:02d}-{below(self.rng, 10**7):07d}"
            if candidate not in self.family_unit_ids:
                self.family_unit_ids.add(candidate)
                return candidate

    def event_date(self) -> date:
        rng = self.rng
        if rng.random() < self.shape.surge_share:
            start, end = SURGE_START, PERIOD_END
        else:
            start, end = PERIOD_START, SURGE_START - timedelta(days=1)
        return date.fromordinal(start.toordinal() + below(rng, (end - start).days + 1))

    def given(self, sex: str, young: bool) -> tuple[str, ...]:
        if self.rng.random() < self.shape.compound_given:
            return _compound_table(sex).pick(self.rng)
        return (_given_table(sex, young).pick(self.rng),)

    def phone(self, country: str, in_us: bool) -> str:
        rng = self.rng
        if in_us:
            area = pd.US_AREA_CODES[below(rng, len(pd.US_AREA_CODES))]
            return f"1 {area}55501{below(rng, 100):02d}"
        code, length, leading = pd.PHONE_PLANS[country]
        rest = str(below(rng, 10 ** (length - 1))).zfill(length - 1)
        return f"{code} {leading[below(rng, len(leading))]}{rest}"

    def status(self) -> Status:
        x = self.rng.random()
        shape = self.shape
        if x < shape.parent_removed:
            return "removed"
        x -= shape.parent_removed
        if x < shape.parent_released:
            return "released"
        x -= shape.parent_released
        if x < shape.parent_criminal_custody:
            return "criminal"
        return "detained"

    def add(self, person: Person) -> int:
        self.persons.append(person)
        return person.index

    # --- groups ---

    def family(self) -> None:
        rng, shape = self.rng, self.shape
        group_index = len(self.groups)
        country = self.countries.pick(rng)
        language = self.languages[country].pick(rng)
        surnames = _surname_table(country, language)
        on = self.event_date()

        ages = [self.child_ages.pick(rng) for _ in range(self.child_counts.pick(rng))]
        turns_18: list[date | None] = [None] * len(ages)
        for i, age in enumerate(ages):
            if age == 17 and rng.random() < self.aged_out_if_17:
                turns_18[i] = on + timedelta(days=rng.randint(1, 150))
        lowest = max(18, max(ages) + 15)
        highest = min(55, min(ages) + 50)
        first_age = round(rng.triangular(lowest, highest, min(highest, max(lowest, 29))))

        if rng.random() < shape.both_parents:
            parent_sexes = ["M", "F"]
        else:
            parent_sexes = ["M" if rng.random() < shape.single_parent_father else "F"]
        father = (surnames.pick(rng), surnames.pick(rng))
        mother = (surnames.pick(rng), surnames.pick(rng))
        if "M" in parent_sexes:
            child_surnames = (father[0], mother[0])
        elif rng.random() < shape.single_mother_both_surnames:
            child_surnames = mother  # father unknown: she gives both of hers
        else:
            child_surnames = (father[0], mother[0])  # the father is in no roster

        adults: list[int] = []
        requester_weight = 0.0
        for n, sex in enumerate(parent_sexes):
            age = first_age if n == 0 else min(highest, max(lowest, first_age + rng.randint(-4, 6)))
            status = self.status()
            in_us = status == "released" or (status != "removed" and rng.random() < 0.3)
            adults.append(
                self.add(
                    Person(
                        index=len(self.persons),
                        kind="parent",
                        sex=sex,
                        given=self.given(sex, young=False),
                        surnames=father if sex == "M" else mother,
                        birth_date=birth_date_at(on, age, rng),
                        country=country,
                        language=language,
                        a_number=self.a_number(),
                        group=group_index,
                        phone=self.phone(country, in_us)
                        if rng.random() < shape.parent_has_phone
                        else "",
                        partner_surname=child_surnames[0]
                        if sex == "F" and child_surnames[0] != mother[0]
                        else "",
                        status=status,
                        in_apprehension=rng.random() >= shape.parent_no_apprehension,
                        in_detention=status != "criminal",
                        transferred=status != "criminal"
                        and rng.random() < shape.transfer_duplicate,
                    )
                )
            )
            requester_weight = max(
                requester_weight,
                shape.tracing_if_removed if status == "removed" else shape.tracing_otherwise,
            )

        children: list[int] = []
        taken: set[tuple[str, ...]] = set()
        for age, eighteen in zip(ages, turns_18, strict=True):
            sex = "M" if rng.random() < (0.55 if age >= 13 else 0.5) else "F"
            same_sex_parent = [a for a in adults if self.persons[a].sex == sex]
            if same_sex_parent and rng.random() < shape.named_after_parent:
                given = self.persons[same_sex_parent[0]].given
            else:
                given = self.given(sex, young=True)
                while given in taken:  # siblings do not share a name
                    given = self.given(sex, young=True)
            taken.add(given)
            # A child is missing from at most one of apprehension log and shelter roster.
            x = rng.random()
            children.append(
                self.add(
                    Person(
                        index=len(self.persons),
                        kind="child",
                        sex=sex,
                        given=given,
                        surnames=child_surnames,
                        birth_date=birth_date_at(on, age, rng, eighteen),
                        country=country,
                        language=language,
                        a_number=self.a_number(),
                        group=group_index,
                        in_apprehension=x >= shape.child_no_apprehension,
                        in_shelter=not (
                            shape.child_no_apprehension
                            <= x
                            < shape.child_no_apprehension + shape.child_not_in_shelter
                        ),
                        turns_18=eighteen,
                    )
                )
            )

        group = Group(
            index=group_index,
            kind="family",
            adults=adults,
            children=children,
            apprehended_on=on,
            station=self.stations.pick(rng),
        )
        if rng.random() < shape.family_unit_kept:
            group.family_unit_id = self.family_unit_id(on)
        if rng.random() < requester_weight:
            removed = [a for a in adults if self.persons[a].status == "removed"]
            pool = removed or adults
            group.requester = pool[rng.randrange(len(pool))]
        self.groups.append(group)

    def unaccompanied_child(self) -> None:
        rng, shape = self.rng, self.shape
        group_index = len(self.groups)
        country = self.countries.pick(rng)
        language = self.languages[country].pick(rng)
        surnames = _surname_table(country, language)
        on = self.event_date()
        sex = "M" if rng.random() < 0.6 else "F"
        own = (surnames.pick(rng), surnames.pick(rng))
        child = self.add(
            Person(
                index=len(self.persons),
                kind="unaccompanied",
                sex=sex,
                given=self.given(sex, young=True),
                surnames=own,
                birth_date=birth_date_at(on, self.uac_ages.pick(rng), rng),
                country=country,
                language=language,
                a_number=self.a_number(),
                group=group_index,
                in_apprehension=rng.random() < shape.unaccompanied_apprehended,
                in_shelter=True,
            )
        )
        relationship = self.relationships.pick(rng)
        sponsor_sex = "F" if relationship in ("aunt", "sister", "grandmother", "mother") else "M"
        if relationship == "family friend":
            sponsor_sex = "M" if rng.random() < 0.5 else "F"
            sponsor_surnames = (surnames.pick(rng), surnames.pick(rng))
        elif relationship in ("sister", "brother", "father"):
            sponsor_surnames = (own[0], own[1] if relationship != "father" else surnames.pick(rng))
        elif relationship == "mother":
            sponsor_surnames = (own[1], surnames.pick(rng))
        else:
            sponsor_surnames = (own[rng.randrange(2)], surnames.pick(rng))
        sponsor = Sponsor(
            given=self.given(sponsor_sex, young=False),
            surnames=sponsor_surnames,
            relationship=relationship,
            phone=self.phone(country, in_us=True) if rng.random() < 0.6 else "",
            city=pd.SPONSOR_CITIES[rng.randrange(len(pd.SPONSOR_CITIES))],
        )
        self.groups.append(
            Group(
                index=group_index,
                kind="unaccompanied",
                adults=[],
                children=[child],
                apprehended_on=on,
                station=self.stations.pick(rng),
                sponsor=sponsor,
            )
        )

    def single_adult(self) -> None:
        rng, shape = self.rng, self.shape
        group_index = len(self.groups)
        country = self.countries.pick(rng)
        language = self.languages[country].pick(rng)
        surnames = _surname_table(country, language)
        on = self.event_date()
        sex = "M" if rng.random() < 0.8 else "F"
        status = self.status()
        if status == "criminal":
            status = "detained"  # an adult on no roster at all would not be in the data
        adult = self.add(
            Person(
                index=len(self.persons),
                kind="single_adult",
                sex=sex,
                given=self.given(sex, young=False),
                surnames=(surnames.pick(rng), surnames.pick(rng)),
                birth_date=birth_date_at(on, round(rng.triangular(18, 55, 27)), rng),
                country=country,
                language=language,
                a_number=self.a_number(),
                group=group_index,
                status=status,
                in_apprehension=rng.random() < shape.single_adult_apprehended,
                in_detention=True,
                transferred=rng.random() < shape.transfer_duplicate,
            )
        )
        self.groups.append(
            Group(
                index=group_index,
                kind="single_adult",
                adults=[adult],
                children=[],
                apprehended_on=on,
                station=self.stations.pick(rng),
            )
        )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def birth_date_at(on: date, age: int, rng: random.Random, turns_18: date | None = None) -> date:
    """A birth date giving exactly `age` full years on `on` (or an 18th birthday on `turns_18`)."""
    if turns_18 is not None:
        return _add_years(turns_18, -18)
    earliest = _add_years(on, -(age + 1)).toordinal() + 1
    latest = _add_years(on, -age).toordinal()
    return date.fromordinal(earliest + below(rng, latest - earliest + 1))


@cache
def _given_table(sex: str, young: bool) -> WeightedTable[str]:
    common = nd.MALE_GIVEN if sex == "M" else nd.FEMALE_GIVEN
    if not young:
        return zipf_table(common)
    recent = nd.MALE_GIVEN_YOUNG if sex == "M" else nd.FEMALE_GIVEN_YOUNG
    return merged_table([(common, 0.6), (recent, 0.4)])


@cache
def _compound_table(sex: str) -> WeightedTable[tuple[str, ...]]:
    return zipf_table(nd.MALE_COMPOUND if sex == "M" else nd.FEMALE_COMPOUND, exponent=0.8)


@cache
def _surname_table(country: str, language: str) -> WeightedTable[str]:
    local = nd.COUNTRY_SURNAMES.get(country, ())
    own = nd.LANGUAGE_SURNAMES.get(language)
    if own:
        return merged_table([(own, 0.55), (local, 0.15), (nd.COMMON_SURNAMES, 0.30)])
    if country == "GT":
        mayan = nd.LANGUAGE_SURNAMES["quc"] + nd.LANGUAGE_SURNAMES["kek"]
        return merged_table([(nd.COMMON_SURNAMES, 0.68), (local, 0.2), (mayan, 0.12)])
    return merged_table([(nd.COMMON_SURNAMES, 0.7), (local, 0.3)])


def unaccompanied_count(families: int, shape: Shape) -> int:
    """How many unaccompanied children make up `unaccompanied_share` of the shelter roster."""
    weights = shape.children_counts
    mean_children = sum(n * w for n, w in enumerate(weights, start=1)) / sum(weights)
    separated = families * mean_children * (1 - shape.child_not_in_shelter)
    share = shape.unaccompanied_share
    return round(separated * share / (1 - share))


def planned_groups(
    families: int, extra_adults: int | None = None, shape: Shape | None = None
) -> int:
    """How many groups (families, unaccompanied children, single adults) `generate` will make."""
    extra = families // 2 if extra_adults is None else extra_adults
    return families + unaccompanied_count(families, shape or Shape()) + extra


def generate(
    families: int,
    seed: int = 0,
    extra_adults: int | None = None,
    *,
    shape: Shape | None = None,
    rates: Mapping[Roster, ErrorRates] | None = None,
    progress: Callable[[int], None] | None = None,
) -> SynthDataset:
    """Invent `families` separated families, unaccompanied children and unrelated detainees.

    `extra_adults` (adult detainees with no child in the data) defaults to families // 2.
    The same arguments always give the same population; `progress` is told of each 10,000 groups.
    """
    if families < 1:
        raise ValueError("families must be at least 1")
    if extra_adults is None:
        extra_adults = families // 2
    if extra_adults < 0:
        raise ValueError("extra_adults cannot be negative")
    shape = shape or Shape()
    rng = random.Random(f"reunite-synth:{seed}:population")
    generator = _Generator(rng=rng, shape=shape)
    uac = unaccompanied_count(families, shape)
    # Interleave the three kinds so that person ids say nothing about who is who.
    plan = [0] * families + [1] * uac + [2] * extra_adults
    rng.shuffle(plan)
    makers = (generator.family, generator.unaccompanied_child, generator.single_adult)
    for done, kind in enumerate(plan, start=1):
        makers[kind]()
        if progress is not None and done % 10_000 == 0:
            progress(10_000)
    if progress is not None:
        progress(len(plan) % 10_000)
    logger.info("generated %d people in %d groups", len(generator.persons), len(generator.groups))
    return SynthDataset(
        seed=seed,
        families=families,
        extra_adults=extra_adults,
        persons=generator.persons,
        groups=generator.groups,
        shape=shape,
        rates=dict(rates) if rates is not None else default_rates(),
        detention_date_order="ISO" if rng.random() < 0.5 else "DMY",
        unaccompanied=uac,
    )
