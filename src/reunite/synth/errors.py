"""Recording errors: the one table of per-record error rates, and the functions that apply them.

Each function takes the true value and the roster's rates and returns the value as a clerk wrote it.
None of them changes who a record is about: the ground truth stays exact under all of this.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields
from datetime import date
from typing import Final, Literal

from reunite.synth.names_data import (
    GIVEN_ABBREVIATIONS,
    MAYAN_SURNAMES,
    NICKNAMES,
    SURNAME_ABBREVIATIONS,
)
from reunite.synth.sampling import below

Roster = Literal["apprehension", "detention", "shelter", "tracing"]
ROSTERS: Final[tuple[Roster, ...]] = ("apprehension", "detention", "shelter", "tracing")
DateOrder = Literal["MDY", "DMY", "ISO"]

# fmt: off
# The chance that one record of each roster carries each error. Edit here to change the data.
#                                apprehension detention shelter tracing
RATE_TABLE: Final[dict[str, tuple[float, float, float, float]]] = {
    # names
    "nickname":                  (0.03,  0.02,  0.05,  0.25),  # Chuy for Jesús, Majo for María José
    "abbreviation":              (0.04,  0.03,  0.01,  0.00),  # MA., FCO, GPE, HDZ
    "drop_maternal":             (0.25,  0.20,  0.12,  0.15),  # second surname left out
    "swap_surnames":             (0.04,  0.03,  0.03,  0.02),  # maternal surname written first
    "hyphenate":                 (0.03,  0.05,  0.02,  0.01),  # Garcia-Lopez
    "second_given_as_surname":   (0.04,  0.05,  0.02,  0.01),  # Juan | Carlos García López
    "fields_swapped":            (0.02,  0.015, 0.01,  0.01),  # surname in the given-name field
    "misspelling":               (0.06,  0.05,  0.06,  0.08),  # b/v, s/z/c, ll/y, j/g, silent h
    "mayan_variant":             (0.35,  0.30,  0.30,  0.40),  # of records with a Mayan surname
    "married_suffix":            (0.02,  0.03,  0.00,  0.00),  # "de Pérez" added (mothers)
    "accents_stripped":          (0.90,  0.95,  0.50,  0.20),  # Peña -> Pena
    "upper_case":                (0.70,  0.90,  0.20,  0.05),
    "full_name":                 (0.00,  0.20,  0.00,  0.10),  # one name column instead of two
    # dates of birth
    "birth_missing":             (0.02,  0.01,  0.03,  0.05),
    "birth_year_only":           (0.00,  0.00,  0.00,  0.35),  # "2012"
    "birth_placeholder":         (0.04,  0.03,  0.05,  0.15),  # 01/01/YYYY
    "birth_day_month_swap":      (0.03,  0.02,  0.04,  0.03),  # where the day is 12 or less
    "birth_year_off":            (0.02,  0.02,  0.02,  0.08),  # one year early or late
    # other fields
    "sex_missing":               (0.02,  0.01,  0.02,  0.03),
    "country_missing":           (0.02,  0.01,  0.03,  0.40),
    "language_missing":          (0.05,  0.03,  0.04,  0.80),
    "language_as_spanish":       (0.35,  0.25,  0.15,  0.00),  # Mayan speaker recorded "Spanish"
    "a_number_missing":          (0.05,  0.01,  0.04,  0.92),
    "a_number_transposed":       (0.005, 0.02,  0.005, 0.02),  # two adjacent digits swapped
    "a_number_of_parent":        (0.01,  0.00,  0.01,  0.00),  # on a child's record
    # how a child names the parent (shelter) or a parent the co-traveller (apprehension)
    "related_named":             (0.25,  0.00,  1.00,  1.00),  # children naming a parent (tracing: always)
    "related_blank":             (0.00,  0.00,  0.03,  0.00),  # the child could not say
    "related_title_only":        (0.00,  0.00,  0.08,  0.00),  # "Mamá Rosa"
    "related_given_only":        (0.00,  0.00,  0.04,  0.00),  # "Rosa"
    "related_one_surname":       (0.05,  0.00,  0.35,  0.10),  # "Rosa López"
    "related_nickname":          (0.00,  0.00,  0.30,  0.00),  # "Chayo López"
    "related_misspelling":       (0.03,  0.00,  0.15,  0.03),
}
# fmt: on


@dataclass(frozen=True, slots=True)
class ErrorRates:
    """One roster's column of RATE_TABLE: the chance that a record carries each error."""

    nickname: float
    abbreviation: float
    drop_maternal: float
    swap_surnames: float
    hyphenate: float
    second_given_as_surname: float
    fields_swapped: float
    misspelling: float
    mayan_variant: float
    married_suffix: float
    accents_stripped: float
    upper_case: float
    full_name: float
    birth_missing: float
    birth_year_only: float
    birth_placeholder: float
    birth_day_month_swap: float
    birth_year_off: float
    sex_missing: float
    country_missing: float
    language_missing: float
    language_as_spanish: float
    a_number_missing: float
    a_number_transposed: float
    a_number_of_parent: float
    related_named: float
    related_blank: float
    related_title_only: float
    related_given_only: float
    related_one_surname: float
    related_nickname: float
    related_misspelling: float


def default_rates() -> dict[Roster, ErrorRates]:
    """The rates of RATE_TABLE, one ErrorRates per roster."""
    names = [f.name for f in fields(ErrorRates)]
    missing = set(names) ^ set(RATE_TABLE)
    if missing:  # pragma: no cover - a programming error caught by the tests
        raise RuntimeError(f"RATE_TABLE and ErrorRates disagree on: {sorted(missing)}")
    return {
        roster: ErrorRates(**{name: RATE_TABLE[name][column] for name in names})
        for column, roster in enumerate(ROSTERS)
    }


# --- Names ------------------------------------------------------------------------------------

_ACCENTS: Final = str.maketrans("áéíóúüñÁÉÍÓÚÜÑàèìòùÀÈÌÒÙ", "aeiouunAEIOUUNaeiouAEIOU")


def strip_accents(text: str) -> str:
    """Peña -> Pena, as in most US systems (ASCII only)."""
    return text.translate(_ACCENTS)


# Mishearings of Spanish sounds: (what was said, what was written), on lower-case text.
_MISHEARINGS: Final = (
    ("v", "b"), ("b", "v"), ("z", "s"), ("s", "z"), ("ce", "se"), ("ci", "si"), ("se", "ce"),
    ("si", "ci"), ("ll", "y"), ("y", "ll"), ("ge", "je"), ("gi", "ji"), ("je", "ge"),
    ("ji", "gi"), ("rr", "r"), ("ñ", "n"), ("ñ", "ni"), ("qu", "k"), ("x", "j"),
    ("guez", "quez"), ("nn", "n"), ("ss", "s"),
)  # fmt: skip
# How clerks wrote Mayan surnames "as they heard the sounds", old and ALMG spellings.
_MAYAN_SPELLINGS: Final = (
    ("ca", "ka"), ("co", "ko"), ("cu", "ku"), ("qu", "k"), ("x", "sh"), ("tz", "z"),
    ("tz", "ts"), ("aa", "a"), ("j", "h"), ("ch", "tch"), ("ix", "is"), ("oo", "o"),
    ("í", "i"), ("á", "a"), ("ó", "o"),
)  # fmt: skip
_VOWELS: Final = frozenset("aeiouáéíóú")


def _replace_once(unit: str, rules: tuple[tuple[str, str], ...], rng: random.Random) -> str:
    low = unit.lower()
    options = [(said, written) for said, written in rules if said in low]
    if low.startswith("h") and len(low) > 3:
        options.append(("h", ""))  # the silent h dropped: Hernández -> Ernández
    elif low[:1] in _VOWELS:
        options.append(("", "h"))  # a silent h added: Elena -> Helena
    if low[-1:] == "c":
        options.append(("c$", "k"))
    if not options:
        return unit
    said, written = options[below(rng, len(options))]
    if said == "c$":
        return unit[:-1] + ("K" if unit[-1] == "C" else "k")
    at = low.find(said) if said else 0
    rest = unit[at + len(said) :]
    if at == 0 and unit[:1].isupper():
        # Keep the capital at the front: Hernández -> Ernández, Elena -> Helena, Vega -> Bega.
        body = written + rest[:1].lower() + rest[1:]
        changed = body[:1].upper() + body[1:]
    else:
        changed = unit[:at] + written + rest
    return changed.upper() if unit.isupper() else changed


def misspell(unit: str, rng: random.Random) -> str:
    """One Spanish mishearing in a name unit (b/v, s/z/c, ll/y, j/g, a silent h ...)."""
    return _replace_once(unit, _MISHEARINGS, rng)


def mayan_variant(surname: str, rng: random.Random) -> str:
    """One other way to spell a Mayan surname: Tzoc -> Tzok, Ixcoy -> Ishcoy, Caal -> Cal."""
    return _replace_once(surname, _MAYAN_SPELLINGS, rng)


def nickname(given: tuple[str, ...] | list[str], rng: random.Random) -> str | None:
    """A nickname for the name a person goes by, or None when the name has none."""
    whole = NICKNAMES.get(" ".join(given))
    if whole:
        return whole[rng.randrange(len(whole))]
    # People named María Guadalupe or José Antonio go by the second name.
    order = given[::-1] if len(given) > 1 and given[0] in ("María", "José") else given
    for unit in order:
        options = NICKNAMES.get(unit)
        if options:
            return options[rng.randrange(len(options))]
    return None


def used_given(given: tuple[str, ...] | list[str], rng: random.Random) -> str:
    """The one given name someone says: the first, or the second after María/José."""
    if len(given) > 1 and given[0] in ("María", "José", "Juan", "Ana") and rng.random() < 0.5:
        return given[1]
    return given[0]


def _abbreviate(given: list[str], surnames: list[str], rng: random.Random) -> None:
    for i, unit in enumerate(given):
        options = GIVEN_ABBREVIATIONS.get(unit)
        if options:
            given[i] = options[rng.randrange(len(options))]
            return
    for i, unit in enumerate(surnames):
        options = SURNAME_ABBREVIATIONS.get(unit)
        if options:
            surnames[i] = options[rng.randrange(len(options))]
            return


def render_name(
    given: tuple[str, ...],
    surnames: tuple[str, ...],
    rates: ErrorRates,
    rng: random.Random,
    partner_surname: str = "",
) -> tuple[str, str, str]:
    """(given_names, surnames, full_name) as a roster wrote one person's name.

    Either the first two are filled and full_name is "", or full_name alone is filled, as
    "SURNAME SURNAME, GIVEN" or "Given Surname Surname".
    """
    r = rng.random
    g = list(given)
    s = list(surnames)
    if r() < rates.nickname:
        nick = nickname(g, rng)
        if nick:
            g = [nick]
    if r() < rates.abbreviation:
        _abbreviate(g, s, rng)
    if len(s) > 1:
        x = r()
        if x < rates.drop_maternal:
            del s[1:]
        elif x < rates.drop_maternal + rates.swap_surnames:
            s[0], s[1] = s[1], s[0]
        elif x < rates.drop_maternal + rates.swap_surnames + rates.hyphenate:
            s = [f"{s[0]}-{s[1]}"]
    if partner_surname and r() < rates.married_suffix:
        s.append(f"de {partner_surname}")
    if len(g) > 1 and r() < rates.second_given_as_surname:
        s = g[1:] + s
        g = g[:1]
    if r() < rates.mayan_variant:
        for i, unit in enumerate(s):
            if unit in MAYAN_SURNAMES:
                s[i] = mayan_variant(unit, rng)
    if r() < rates.misspelling:
        at = rng.randrange(len(g) + len(s))
        if at < len(g):
            g[at] = misspell(g[at], rng)
        else:
            s[at - len(g)] = misspell(s[at - len(g)], rng)
    if r() < rates.fields_swapped:
        g, s = s, g
    given_text = " ".join(g)
    surname_text = " ".join(s)
    if r() < rates.accents_stripped:
        given_text = given_text.translate(_ACCENTS)
        surname_text = surname_text.translate(_ACCENTS)
    upper = r() < rates.upper_case
    if r() < rates.full_name:
        if upper or r() < 0.5:
            return "", "", f"{surname_text}, {given_text}".upper()
        return "", "", f"{given_text} {surname_text}"
    if upper:
        return given_text.upper(), surname_text.upper(), ""
    return given_text, surname_text, ""


# --- Dates ------------------------------------------------------------------------------------


def format_date(year: int, month: int, day: int, order: DateOrder) -> str:
    """A date written in one roster's order: MDY 06/14/2018, DMY 14/06/2018, ISO 2018-06-14."""
    if order == "MDY":
        return f"{month:02d}/{day:02d}/{year:04d}"
    if order == "DMY":
        return f"{day:02d}/{month:02d}/{year:04d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def render_birth_date(
    birth_date: date, order: DateOrder, rates: ErrorRates, rng: random.Random
) -> str:
    """A date of birth as written: exact, missing, year only, 01/01/YYYY, swapped or a year off."""
    year, month, day = birth_date.year, birth_date.month, birth_date.day
    x = rng.random()
    if x < rates.birth_missing:
        return ""
    x -= rates.birth_missing
    if x < rates.birth_year_only:
        return str(year)
    x -= rates.birth_year_only
    if x < rates.birth_placeholder:
        return format_date(year, 1, 1, order)
    x -= rates.birth_placeholder
    if x < rates.birth_day_month_swap:
        # Only where the swapped date exists: a clerk's swap is invisible, not a parse error.
        if day <= 12 and day != month:
            return format_date(year, day, month, order)
        return format_date(year, month, day, order)
    x -= rates.birth_day_month_swap
    if x < rates.birth_year_off:
        year += 1 if rng.random() < 0.5 else -1
        if month == 2 and day == 29:
            day = 28
    return format_date(year, month, day, order)


# --- A-numbers --------------------------------------------------------------------------------

A_NUMBER_STYLES: Final = ("A{}", "A-{}-{}-{}", "{}", "A {} {} {}", "A#{}")


def transpose_digits(digits: str, rng: random.Random) -> str:
    """Two adjacent, different digits swapped: the commonest typing error in an A-number."""
    start = rng.randrange(len(digits) - 1)
    for offset in range(len(digits) - 1):
        i = (start + offset) % (len(digits) - 1)
        if digits[i] != digits[i + 1]:
            return digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    return digits


def format_a_number(digits: str, style: int) -> str:
    """One of the ways rosters write an A-number: A123456789, A-123-456-789, 123456789 ..."""
    pattern = A_NUMBER_STYLES[style]
    if pattern.count("{}") == 3:
        return pattern.format(digits[:3], digits[3:6], digits[6:])
    return pattern.format(digits)
