"""How one roster writes each field of a person: its house style plus the errors of RATE_TABLE."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Final

from reunite.synth import places_data as pd
from reunite.synth.errors import (
    DateOrder,
    ErrorRates,
    Roster,
    format_a_number,
    format_date,
    misspell,
    nickname,
    render_birth_date,
    render_name,
    strip_accents,
    transpose_digits,
    used_given,
)
from reunite.synth.models import Person
from reunite.synth.sampling import WeightedTable, below

HEADER: Final = (
    "record_id", "role", "given_names", "surnames", "full_name", "sex", "birth_date",
    "country_of_birth", "language", "a_number", "event_date", "event_place", "facility",
    "family_unit_id", "related_name", "related_relationship", "phone", "notes",
)  # fmt: skip


@dataclass(frozen=True)
class HouseStyle:
    """What one roster does the same way on most rows."""

    date_order: DateOrder
    country_styles: tuple[float, float, float, float, float]  # see COUNTRY_SPELLINGS columns
    language_preferred: int  # which spelling of a language this roster favours
    a_number_styles: tuple[float, ...]  # weights over errors.A_NUMBER_STYLES
    sex_labels: tuple[tuple[str, str, float], ...]  # (male, female, share)
    record_prefix: str


# The detention roster's date order is drawn per dataset (ISO or DMY): see SynthDataset.
HOUSE_STYLES: Final[dict[Roster, HouseStyle]] = {
    "apprehension": HouseStyle(
        "MDY", (0.10, 0.60, 0.10, 0.20, 0.0), 0, (0.85, 0.0, 0.15, 0.0, 0.0),
        (("M", "F", 1.0),), "APR",
    ),
    "detention": HouseStyle(
        "ISO", (0.10, 0.30, 0.50, 0.10, 0.0), 2, (0.45, 0.25, 0.25, 0.05, 0.0),
        (("M", "F", 0.9), ("Male", "Female", 0.1)), "DET",
    ),
    "shelter": HouseStyle(
        "DMY", (0.70, 0.10, 0.0, 0.05, 0.15), 1, (0.50, 0.0, 0.40, 0.0, 0.10),
        (("M", "F", 1.0),), "ORR",
    ),
    "tracing": HouseStyle(
        "DMY", (0.90, 0.0, 0.0, 0.0, 0.10), 0, (0.0, 0.0, 1.0, 0.0, 0.0),
        (("M", "F", 1.0),), "TRC",
    ),
}  # fmt: skip


def format_phone(phone: str, rng: random.Random) -> str:
    """A stored "<country code> <number>" phone written one of the ways people write phones."""
    code, number = phone.split(" ", 1)
    style = below(rng, 4)
    if code == "1":
        area, exchange, line = number[:3], number[3:6], number[6:]
        return (
            f"({area}) {exchange}-{line}",
            f"{area}-{exchange}-{line}",
            number,
            f"+1 {area} {exchange} {line}",
        )[style]
    half = len(number) // 2
    return (
        f"+{code} {number[:half]} {number[half:]}",
        f"{code}-{number[:half]}-{number[half:]}",
        number,
        f"({code}) {number}",
    )[style]


class FieldWriter:
    """Renders a person's fields for one roster, drawing every choice from that roster's rng."""

    def __init__(
        self, roster: Roster, rates: ErrorRates, rng: random.Random, date_order: DateOrder
    ) -> None:
        style = HOUSE_STYLES[roster]
        self.roster = roster
        self.rates = rates
        self.rng = rng
        self.date_order: DateOrder = date_order
        self.prefix = style.record_prefix
        self.count = 0
        self._country_styles = WeightedTable(enumerate(style.country_styles))
        self._a_number_styles = WeightedTable(enumerate(style.a_number_styles))
        self._sex_labels = WeightedTable(((m, f), w) for m, f, w in style.sex_labels)
        self._language_preferred = style.language_preferred

    def record_id(self) -> str:
        self.count += 1
        return f"{self.prefix}-{self.count:07d}"

    def name(self, person: Person) -> tuple[str, str, str]:
        return render_name(
            person.given, person.surnames, self.rates, self.rng, person.partner_surname
        )

    def sex(self, person: Person) -> str:
        rng = self.rng
        if rng.random() < self.rates.sex_missing:
            return ""
        male, female = self._sex_labels.pick(rng)
        return male if person.sex == "M" else female

    def birth_date(self, person: Person) -> str:
        return render_birth_date(person.birth_date, self.date_order, self.rates, self.rng)

    def date(self, day: date) -> str:
        return format_date(day.year, day.month, day.day, self.date_order)

    def country(self, person: Person) -> str:
        rng = self.rng
        if rng.random() < self.rates.country_missing:
            return ""
        return pd.COUNTRY_SPELLINGS[person.country][self._country_styles.pick(rng)]

    def language(self, person: Person) -> str:
        rng = self.rng
        rates = self.rates
        if rng.random() < rates.language_missing:
            return ""
        code = person.language
        if code != pd.SPANISH and rng.random() < rates.language_as_spanish:
            code = pd.SPANISH  # an indigenous-language speaker taken for a Spanish speaker
        spellings = pd.LANGUAGE_SPELLINGS[code]
        if rng.random() < 0.7:
            return spellings[self._language_preferred % len(spellings)]
        return spellings[below(rng, len(spellings))]

    def a_number(self, digits: str, parent_digits: str = "") -> str:
        rng = self.rng
        rates = self.rates
        if rng.random() < rates.a_number_missing:
            return ""
        if parent_digits and rng.random() < rates.a_number_of_parent:
            digits = parent_digits  # the parent's number typed on the child's record
        if rng.random() < rates.a_number_transposed:
            digits = transpose_digits(digits, rng)
        return format_a_number(digits, self._a_number_styles.pick(rng))

    def a_number_style(self) -> int:
        return self._a_number_styles.pick(self.rng)

    def spoken_name(self, person: Person, child_age: int) -> str:
        """A parent's name as their child said it: "Mamá Rosa", "Chayo López", "Rosa Lopes"."""
        rng = self.rng
        r = rng.random
        rates = self.rates
        if r() < (0.5 if child_age < 3 else rates.related_blank):
            return ""  # too young to say, or did not know
        nick = nickname(person.given, rng) if r() < rates.related_nickname else None
        first = nick or used_given(person.given, rng)
        x = r()
        if x < rates.related_title_only:
            titles = (
                ("Mamá", "Mami", "mi mamá") if person.sex == "F" else ("Papá", "Papi", "mi papá")
            )
            return f"{titles[below(rng, 3)]} {first}"
        x -= rates.related_title_only
        if x < rates.related_given_only:
            words = [first]
        elif x - rates.related_given_only < rates.related_one_surname:
            words = [first, person.surnames[0]]
        else:
            words = [nick or " ".join(person.given), *person.surnames]
        return self._finish_spoken(words)

    def written_name(self, given: tuple[str, ...], surnames: tuple[str, ...]) -> str:
        """A name someone wrote out in full: a parent's own, or a sponsor's."""
        words = [" ".join(given), surnames[0]]
        if len(surnames) > 1 and self.rng.random() >= self.rates.related_one_surname:
            words.append(surnames[1])
        return self._finish_spoken(words)

    def _finish_spoken(self, words: list[str]) -> str:
        rng = self.rng
        rates = self.rates
        if rng.random() < rates.related_misspelling:
            at = below(rng, len(words))
            words[at] = misspell(words[at], rng)
        text = " ".join(words)
        if rng.random() < rates.accents_stripped:
            text = strip_accents(text)
        if rng.random() < rates.upper_case:
            text = text.upper()
        return text
