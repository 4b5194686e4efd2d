"""The synthetic population's types: people, the groups they travelled in, and the dataset.

This is the ground truth. How each roster wrote these people down (with errors) is decided when
the files are written (`records`); nothing here depends on how a name was spelled.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from reunite.synth.errors import DateOrder, ErrorRates, Roster

PersonKind = Literal["parent", "child", "unaccompanied", "single_adult"]
GroupKind = Literal["family", "unaccompanied", "single_adult"]
Status = Literal["", "detained", "removed", "released", "criminal"]

# Dates bounding the synthetic separations: the 2017 pilot to the eve of the court order.
PERIOD_START: Final = date(2017, 7, 1)
SURGE_START: Final = date(2018, 4, 15)
PERIOD_END: Final = date(2018, 6, 20)


# Age of a child at apprehension: some under 5, more teenagers.
CHILD_AGE_WEIGHTS: Final = (0.05,) * 13 + (0.07,) * 5  # ages 0..17
UNACCOMPANIED_AGE_WEIGHTS: Final = (0.0,) * 6 + (0.03,) * 6 + (0.12,) * 6


@dataclass(frozen=True, slots=True)
class Shape:
    """Population-level rates: who exists and in which rosters (per-record errors are in errors.py)."""

    both_parents: float = 0.12  # families where both parents were separated
    children_counts: tuple[float, ...] = (0.50, 0.32, 0.13, 0.05)  # 1, 2, 3, 4 children
    single_parent_father: float = 0.55  # of one-parent families
    single_mother_both_surnames: float = 0.5  # her child carries both of her surnames
    compound_given: float = 0.30  # María José, Juan Carlos
    named_after_parent: float = 0.04  # a son named like his father, a daughter like her mother
    surge_share: float = 0.78  # separations from mid-April 2018 on
    family_unit_kept: float = 0.55  # CBP kept the family-unit id
    parent_no_apprehension: float = 0.05
    child_no_apprehension: float = 0.03
    child_not_in_shelter: float = 0.03  # released at once to a relative
    parent_removed: float = 0.16
    parent_released: float = 0.30
    parent_criminal_custody: float = 0.04  # in US Marshals custody: not on the ICE roster
    transfer_duplicate: float = 0.15  # detainees listed twice after a transfer
    aged_out: float = 0.01  # children who turn 18 and are moved to adult detention
    tracing_if_removed: float = 0.65  # families with a tracing request, by the parent's status
    tracing_otherwise: float = 0.22
    unaccompanied_share: float = 0.05  # of shelter children: unaccompanied, naming a sponsor
    unaccompanied_apprehended: float = 0.90
    single_adult_apprehended: float = 0.40
    parent_has_phone: float = 0.85
    repeated_header: float = 0.002  # of apprehension rows: a header row pasted in


@dataclass(slots=True)
class Sponsor:
    """The adult an unaccompanied child names: in the US, and in no roster (not a person)."""

    given: tuple[str, ...]
    surnames: tuple[str, ...]
    relationship: str
    phone: str
    city: str


@dataclass(slots=True)
class Person:
    """One real (synthetic) human being and the rosters they appear in."""

    index: int
    kind: PersonKind
    sex: str  # M / F
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    birth_date: date
    country: str  # ISO 3166-1 alpha-2
    language: str  # ISO 639-3 (or an internal code)
    a_number: str  # nine digits
    group: int
    phone: str = ""  # "<country code> <number>", "" when none
    partner_surname: str = ""  # a mother's partner's first surname ("de X")
    status: Status = ""
    in_apprehension: bool = True
    in_detention: bool = False
    transferred: bool = False
    in_shelter: bool = False
    turns_18: date | None = None  # set for a child who ages out in care

    @property
    def person_id(self) -> str:
        return f"P{self.index + 1:07d}"


@dataclass(slots=True)
class Group:
    """People apprehended together: a family, an unaccompanied child, or a single adult."""

    index: int
    kind: GroupKind
    adults: list[int]
    children: list[int]
    apprehended_on: date
    station: str
    family_unit_id: str = ""  # "" where CBP did not keep it
    requester: int = -1  # the parent who filed a tracing request, -1 for none
    sponsor: Sponsor | None = None


@dataclass
class SynthDataset:
    """A generated population, ready to be written as rosters by `write`."""

    seed: int
    families: int
    extra_adults: int
    persons: list[Person]
    groups: list[Group]
    shape: Shape
    rates: Mapping[Roster, ErrorRates]
    detention_date_order: DateOrder
    unaccompanied: int = 0

    def parents_and_children(self) -> Iterator[tuple[Person, Person]]:
        """Every true (parent, child) pair, whether or not either has a record."""
        persons = self.persons
        for group in self.groups:
            if group.kind == "family":
                for parent in group.adults:
                    for child in group.children:
                        yield persons[parent], persons[child]

    def expected_rows(self) -> int:
        """How many records `write` will produce in the four rosters (repeated headers aside)."""
        total = 0
        for person in self.persons:
            total += person.in_apprehension + person.in_shelter
            total += person.in_detention + person.transferred + (person.turns_18 is not None)
        total += sum(len(g.children) for g in self.groups if g.requester >= 0)
        return total
