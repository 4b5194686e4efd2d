"""Identifiers and small coded fields: A-numbers, sex, role, relationship, phone, record ids.

Rules (quoted in docs/formats.md):

- A-number (`normalize_a_number`): an optional leading "A" (any case, followed or not by "#",
  ":", "-", "." or spaces), then digits with optional spaces, hyphens, dots or slashes between
  them. Nine digits are kept as they are; eight digits are zero-padded to nine ("A12345678" →
  "012345678"). Anything else that is not empty → (None, "malformed-a-number"); so is an
  all-zero number. Empty text and "unknown"/"N/A"/"-" style markers → (None, None).
- Sex (`normalize_sex`): M for M, Male, Man, Boy, Masculino, Masc, Hombre, Varón, Niño and a bare
  "H" (Spanish rosters write H for hombre; no agency form uses H for hembra); F for F, Female,
  Woman, Girl, Femenino, Fem, Mujer, Niña, Hembra; X for X, Other, Otro, Non-binary. Anything else
  → None. Multi-word values count when all the words that mean something agree ("Male child").
- Role (`normalize_role`): "adult" for adult, adulto/a, parent, padre, madre, AD, ADT, father,
  mother, FMUA; "minor" for minor, menor, child, niño/a, UAC, UC, MIN, juvenile, FMUC. Multi-word
  values count when their meaningful words agree. Anything else → None.
- Relationship (`normalize_relationship`), a closed vocabulary: mother, father, parent,
  grandparent, sibling, aunt_uncle, cousin, other_relative, sponsor_non_relative, child,
  unknown. English and Spanish words, any case, with or without accents. The text is cut at
  "of"/"de"/"del" ("madre del menor" → madre, "friend of the family" → friend) and possessives
  are dropped ("mother's friend" → friend). The first word that means a relationship wins;
  "mother/father" (both named) → parent. "Step" and "in-law" make any relation
  other_relative, as do padrastro, madrastra, cuñado, suegro, sobrino, spouse ...; padrino/
  madrina, friend, amigo, vecino, novio → sponsor_non_relative. "Guardian", "tutor" and a bare
  "sponsor" say nothing about kinship and give "unknown" ("sponsor (aunt)" → aunt_uncle).
  Empty → None; text that names no relationship → "unknown".
- Phone (`normalize_phone`): the first of several numbers separated by "/", ";", ",", "|" or
  " or "/" o ", digits only, a leading "+" kept when written; None when fewer than 7 digits.
- Record id (`normalize_record_id`): surrounding whitespace (and a byte-order mark) stripped;
  None when nothing is left. Nothing else is changed: the id is the source's own key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, TypeVar

from reunite.normalize._tables import UNKNOWN_MARKERS
from reunite.normalize.names import fold

__all__ = [
    "Relationship",
    "Role",
    "Sex",
    "normalize_a_number",
    "normalize_phone",
    "normalize_record_id",
    "normalize_relationship",
    "normalize_role",
    "normalize_sex",
]

Sex = Literal["M", "F", "X"]
Role = Literal["adult", "minor"]
Relationship = Literal[
    "mother",
    "father",
    "parent",
    "grandparent",
    "sibling",
    "aunt_uncle",
    "cousin",
    "other_relative",
    "sponsor_non_relative",
    "child",
    "unknown",
]

_CACHE_SIZE = 200_000
_A_NUMBER_RE = re.compile(r"(?:A\s*[#:.\-]?\s*)?(\d(?:[\s.\-/]*\d)*)", re.IGNORECASE | re.ASCII)
_NOT_DIGIT_RE = re.compile(r"\D+", re.ASCII)
_PHONE_SPLIT_RE = re.compile(r"[/;,|]| or | o ", re.IGNORECASE)


def _is_unknown(text: str) -> bool:
    return text.strip().lower() in UNKNOWN_MARKERS


# Not cached: an A-number or a phone number is nearly unique per row, so a cache never hits.
def normalize_a_number(text: str | None) -> tuple[str | None, str | None]:
    """The nine-digit A-number and an error code: (digits, None), (None, code) or (None, None)."""
    if text is None:
        return None, None
    # The common cases, digits alone or after an "A": the same rules without the regex.
    digits = text[1:] if text[:1] in ("A", "a") else text
    if digits.isdigit() and digits.isascii():
        if len(digits) in (8, 9) and digits.strip("0"):
            return digits.zfill(9), None
        return None, "malformed-a-number"
    if _is_unknown(text):
        return None, None
    match = _A_NUMBER_RE.fullmatch(text.strip())
    if match is None:
        return None, "malformed-a-number"
    digits = _NOT_DIGIT_RE.sub("", match[1])
    if len(digits) not in (8, 9) or not digits.strip("0"):
        return None, "malformed-a-number"
    return digits.zfill(9), None


# fmt: off
_SEX_WORDS: dict[str, Sex] = {
    **dict.fromkeys(
        ("M", "MALE", "MAN", "BOY", "MASCULINO", "MASC", "HOMBRE", "H", "VARON", "NINO",
         "MASCULINE", "MALES", "HOMBRES", "V"),
        "M",
    ),
    **dict.fromkeys(
        ("F", "FEMALE", "WOMAN", "GIRL", "FEMENINO", "FEM", "MUJER", "NINA", "HEMBRA",
         "FEMININE", "FEMALES", "MUJERES"),
        "F",
    ),
    **dict.fromkeys(("X", "OTHER", "OTRO", "OTRA", "NONBINARY", "NON-BINARY", "NB"), "X"),
}

_ROLE_WORDS: dict[str, Role] = {
    **dict.fromkeys(
        ("ADULT", "ADULTO", "ADULTA", "ADULTS", "ADULTOS", "PARENT", "PADRE", "MADRE", "AD",
         "ADT", "FATHER", "MOTHER", "FMUA", "MAYOR"),
        "adult",
    ),
    **dict.fromkeys(
        ("MINOR", "MENOR", "CHILD", "NINO", "NINA", "UAC", "UC", "MIN", "JUVENILE", "KID",
         "MINORS", "MENORES", "CHILDREN", "FMUC", "HIJO", "HIJA", "NINOS"),
        "minor",
    ),
}
# fmt: on

_Code = TypeVar("_Code", bound=str)


def _agreed(words: dict[str, _Code], text: str | None) -> _Code | None:
    folded = fold(text)
    if not folded:
        return None
    found = words.get(folded)
    if found is not None:
        return found
    values = {words[word] for word in folded.replace("-", " ").split() if word in words}
    return values.pop() if len(values) == 1 else None


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_sex(text: str | None) -> Sex | None:
    """M, F or X from English and Spanish words and codes; None when unknown."""
    return _agreed(_SEX_WORDS, text)


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_role(text: str | None) -> Role | None:
    """ "adult" or "minor" from English and Spanish words and agency codes; None when unknown."""
    return _agreed(_ROLE_WORDS, text)


# fmt: off
_RELATIONSHIP_WORDS: dict[str, Relationship] = {
    **dict.fromkeys(
        ("MOTHER", "MOM", "MOMMY", "MUM", "MAMA", "MAMI", "MADRE", "MAMITA", "MA"), "mother"
    ),
    **dict.fromkeys(("FATHER", "DAD", "DADDY", "PAPA", "PAPI", "PADRE", "PAPITO", "PA"), "father"),
    **dict.fromkeys(
("PARENT", "PARENTS", "PADRES", "PROGENITOR", "PROGENITORA"), "parent",
    ),
    **dict.fromkeys(
        ("GRANDPARENT", "GRANDMOTHER", "GRANDFATHER", "GRANDMA", "GRANDPA", "GRANNY",
         "ABUELO", "ABUELA", "ABUELITA", "ABUELITO", "ABUELOS", "GRAND", "GRANDPARENTS"),
        "grandparent",
    ),
    **dict.fromkeys(
        ("SIBLING", "BROTHER", "SISTER", "HERMANO", "HERMANA", "HERMANOS", "HERMANAS",
         "SIBLINGS", "BRO", "SIS"),
        "sibling",
    ),
    **dict.fromkeys(("AUNT", "UNCLE", "TIA", "TIO", "AUNTIE", "TIOS", "TITA"), "aunt_uncle"),
    **dict.fromkeys(("COUSIN", "PRIMO", "PRIMA", "PRIMOS", "COUSINS"), "cousin"),
    **dict.fromkeys(
        ("STEP", "STEPMOTHER", "STEPFATHER", "STEPBROTHER", "STEPSISTER", "STEPPARENT",
         "PADRASTRO", "MADRASTRA", "HERMANASTRO", "HERMANASTRA", "INLAW", "LAW", "CUNADO",
         "CUNADA", "SUEGRO", "SUEGRA", "SOBRINO", "SOBRINA", "NIECE", "NEPHEW", "RELATIVE",
         "PARIENTE", "FAMILIAR", "BISABUELO", "BISABUELA", "NUERA", "YERNO", "CONCUNO",
         "CONCUNA", "ESPOSO", "ESPOSA", "HUSBAND", "WIFE", "SPOUSE", "PAREJA", "PARTNER"),
        "other_relative",
    ),
    **dict.fromkeys(
        ("FRIEND", "AMIGO", "AMIGA", "NEIGHBOR", "NEIGHBOUR", "VECINO", "VECINA", "PADRINO",
         "MADRINA", "GODFATHER", "GODMOTHER", "GODPARENT", "NOVIO", "NOVIA", "BOYFRIEND",
         "GIRLFRIEND", "ACQUAINTANCE", "CONOCIDO", "CONOCIDA", "NONRELATIVE", "EMPLOYER",
         "PATRON", "COMPADRE", "COMADRE"),
        "sponsor_non_relative",
    ),
    **dict.fromkeys(
        ("CHILD", "SON", "DAUGHTER", "HIJO", "HIJA", "HIJOS", "HIJAS", "HIJASTRO",
         "HIJASTRA", "STEPSON", "STEPDAUGHTER", "KID", "BEBE", "BABY"),
        "child",
    ),
    **dict.fromkeys(
        ("UNKNOWN", "DESCONOCIDO", "DESCONOCIDA", "UNK", "NONE", "NINGUNO", "NINGUNA"), "unknown"
    ),
}
# fmt: on
# Words that turn any relation they qualify into a relation by marriage ("mother-in-law").
_BY_MARRIAGE = frozenset({"STEP", "STEPFATHER", "STEPMOTHER", "STEPPARENT", "LAW", "INLAW"})
_CUT_WORDS = frozenset({"OF", "DE", "DEL", "FOR", "PARA"})
_POSSESSIVE_RE = re.compile(r"\b\w+['’]s\b", re.IGNORECASE)


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_relationship(text: str | None) -> Relationship | None:
    """The relationship in the closed vocabulary; None for empty, "unknown" when unrecognized."""
    if text is None or not text.strip():
        return None
    words = fold(_POSSESSIVE_RE.sub(" ", text)).replace("-", " ").split()
    for index, word in enumerate(words):
        if index and word in _CUT_WORDS:
            words = words[:index]
            break
    if _BY_MARRIAGE.intersection(words):
        return "other_relative"
    found = [_RELATIONSHIP_WORDS[word] for word in words if word in _RELATIONSHIP_WORDS]
    if not found:
        joined = "".join(words)  # "IN LAW", "NON RELATIVE", "GRAND MOTHER" written apart
        found = [_RELATIONSHIP_WORDS[joined]] if joined in _RELATIONSHIP_WORDS else []
    if not found:
        return "unknown"
    if "mother" in found and "father" in found:
        return "parent"
    return found[0]


def normalize_phone(text: str | None) -> str | None:
    """Digits of the first phone number, with a leading + when written; None if < 7 digits."""
    if not text:
        return None
    for part in _PHONE_SPLIT_RE.split(text):
        digits = _NOT_DIGIT_RE.sub("", part)
        if len(digits) >= 7:
            return "+" + digits if part.strip().startswith("+") else digits
    return None


def normalize_record_id(text: str | None) -> str | None:
    """The source's record id without surrounding whitespace; None when empty."""
    if text is None:
        return None
    stripped = text.strip().strip("\ufeff").strip()
    return stripped or None
