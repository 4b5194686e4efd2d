"""Names: fold, parse into given names and two surnames, canonicalize nicknames, phonetic keys.

Rules (quoted in docs/formats.md):

Folding (`fold`)
- Upper-case ASCII. Accents and diacritics are stripped (Á→A, Ñ→N, Ü→U, Ç→C); letters with no
  decomposition are spelled out (ß→SS, Æ→AE, Ø→O, Ł→L). Any other non-ASCII character (for
  example Chinese script) becomes a space: the raw value is always kept next to the folded one.
- Apostrophes of every kind are removed (K'ICHE → KICHE, O'NEIL → ONEIL, Q’EQCHI’ → QEQCHI).
- Every other punctuation mark except the hyphen becomes a space; dashes (– — ‐) are hyphens.
  Runs of hyphens collapse to one, spaces around a hyphen are removed ("PEREZ - LOPEZ" →
  "PEREZ-LOPEZ"), hyphens at the edge of a word are dropped. Digits are kept by `fold`.
- Whitespace collapses to single spaces; the result is stripped. `fold(None) == ""`.
  `fold` is idempotent.

Parsing (`parse_name`, `parse_full_name`)
- Names are split into words at spaces and hyphens; digits are dropped.
- Given names: one token per word ("María José" → MARIA, JOSE). Leading courtesy titles (SR,
  SRA, DR ...) are dropped, and so are particles inside given names ("María del Carmen" →
  MARIA, CARMEN; "José de Jesús" → JOSE, JESUS). Clerk abbreviations are expanded (MA/MA. →
  MARIA, FCO → FRANCISCO, GPE → GUADALUPE, JSE/JOS/JO → JOSE, GMO → GUILLERMO ...). A single
  letter is kept as an initial ("J." → "J"): it may stand for José, Juan, Jesús or Jorge, and
  expanding it would invent an exact match.
- Surnames: particles (DE, DEL, LA, LAS, LOS, SAN, SANTA, DA, DOS, DI, VAN, VON) glue to the next
  word and stay in the surname ("De la Cruz" → "DE LA CRUZ"; "DE LEON GARCIA" → "DE LEON",
  "GARCIA"); a particle with nothing after it is dropped. The joiners Y/E between surnames
  ("Ortega y Gasset" → ORTEGA, GASSET) and the widow markers VDA/VIUDA are dropped. A hyphen
  separates two surnames ("Pérez-López" → PEREZ, LOPEZ). Surname abbreviations are expanded
  (HDZ → HERNANDEZ, GLZ → GONZALEZ, MTZ → MARTINEZ ...).
  One surname unit → paternal only; two → paternal, maternal; more than two → the first is the
  paternal surname and the rest, joined by spaces, the maternal one ("GREEN MORALES DE PEREZ"
  → "GREEN", "MORALES DE PEREZ": a married "de X" suffix stays visible; `name_keys` still
  gives MORALES its own key).
- Separate fields: a surname field of three or more units whose first unit is a known given
  name that is not also a frequent surname gives that unit back to the given names ("ROSA" /
  "ELVIRA HERNANDEZ MURILLO" → ROSA ELVIRA / HERNANDEZ, MURILLO): officers put a second given
  name in the surname field.
- Full names, layout "given_first": with three or more units the last two are surnames, unless,
  in a name of three units, the unit before the last is a known given name that is not also a
  frequent surname ("María José López" → MARIA JOSE / LOPEZ; but "Juan Diego Pascual" → JUAN /
  DIEGO, PASCUAL, because Diego and Pascual are common Guatemalan surnames). With four or more
  units the last two are surnames unless the one before the last is a given-name compound
  ("María Fernanda Pablo López" → MARIA FERNANDA / PABLO, LOPEZ). Two units: given + paternal.
  One unit: a given name if it is a known given name, otherwise a paternal surname.
- A name as someone said it (`parse_said_name`: the parent a child names, a tracing requester)
  is a full name in layout "given_first", except that one word that can be a given name at all
  (also Pedro, Pascual, Diego) is a given name: a child says "Pedro", not a surname.
  Layout "surname_first" mirrors this (the first two units are surnames unless the second is a
  known given name). "surname_comma_given" splits at the first comma; any full name that
  contains a comma is split there whatever the layout, and "surname_comma_given" without a
  comma is read as "surname_first".

Canonical given names (`canonical_given`): folded, abbreviation-expanded, then mapped through a
nickname table (CHUY → JESUS, PEPE → JOSE, LUPE → GUADALUPE, PACO/PANCHO → FRANCISCO, NACHO →
IGNACIO, MEMO → GUILLERMO, LALO → EDUARDO, TOÑO → ANTONIO, CHAYO → ROSARIO ...). An ambiguous
nickname maps to its most frequent full name: BETO → ROBERTO (not Alberto), CHEMA → JOSE,
KIKO → FEDERICO. Unknown tokens map to themselves.

Phonetic key (`phonetic_key`): a Spanish-aware key computed on the folded word (so Ñ, accents
and apostrophes never split a key), spaces and hyphens removed ("DE LA CRUZ" → one key):
- B=V; C before E/I, S and Z → S; other C, K, Q and QU before E/I → K; CH is its own sound.
- G, GU before E/I, and J → J (Spanish g/j plus the English reading of g: RODRIGUEZ =
  RODRIGES). GU before A/O/U, HU before a vowel and an initial U before a vowel → W.
- H is otherwise silent; LL → Y; Y before a consonant or at the end → I; N before B/P/V → M;
  PH → F; TH → T; SH → X; TZ/TS → S. X stays X (the Mayan/Nahuatl "sh": XOC = SHOC) except an
  initial XIM → JIM (XIMENA = JIMENA).
- Vowels are kept in three classes (A, E=I, O=U); doubled codes collapse.
Same key: VASQUEZ/VAZQUEZ/BASQUEZ, GONZALES/GONZALEZ, HERNANDEZ/ERNANDEZ, YESENIA/LLESENIA,
JIMENEZ/GIMENEZ, RODRIGUEZ/RODRIGES, QUIQUE/KIKE, TZOC/TZUC. Different keys: LOPEZ/PEREZ,
GARCIA/GARZA (the vowel after the S keeps them apart), MOYA/MOLA, XOC/CHOC.

How the vowel and G/J choices were made (synthetic and biased towards these very rules): 221
folded Mexican/Central American name words, 953 single-confusion variants (b/v, s/z/c, ll/y,
h, j/g, qu/k, doubled letters, tz/z, x/sh; 360 of them e/i or o/u swaps), and 91 pairs of
different names with Jaro-Winkler >= 0.80. Recall (a variant gets the same key) / false merge
(different names get the same key): vowels kept exactly 0.552 / 0.022; E=I and O=U 0.905 /
0.022 (chosen); vowels dropped after the first letter 0.929 / 0.033; hard G kept apart from J
0.835 / 0.022. On the consonant confusions alone the vowel options do not differ (0.89).
One class for L, LL and Y would lift recall to 0.95 but merges real surnames (MOYA/MOLA,
REYES/RELES), so a dropped second L (CASTILO) is left to the string-similarity comparisons.
names.md §0.4 found the same direction on a larger set (vowels kept: false merge 0.11;
dropped: 0.26).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from reunite.normalize._tables import (
    GIVEN_ABBREVIATIONS,
    GIVEN_COMPOUNDS,
    GIVEN_NAMES,
    GIVEN_OR_SURNAME,
    NICKNAMES,
    PARTICLES,
    SURNAME_ABBREVIATIONS,
    SURNAME_DROPPED,
    SURNAME_JOINERS,
    TITLES,
)

__all__ = [
    "FullNameLayout",
    "ParsedName",
    "canonical_given",
    "canonical_tokens",
    "fold",
    "name_keys",
    "parse_full_name",
    "parse_name",
    "phonetic_key",
]

FullNameLayout = Literal["given_first", "surname_comma_given", "surname_first"]

_CACHE_SIZE = 200_000


def _build_ascii_table() -> dict[int, int | None]:
    table: dict[int, int | None] = {}
    for code in range(128):
        ch = chr(code)
        if ch.isalnum() or ch == "-":
            continue
        table[code] = None if ch in "'`" else ord(" ")
    return table


_ASCII_TABLE = _build_ascii_table()
# Applied to upper-cased text before NFKD: apostrophe look-alikes vanish (NFKD would turn the
# acute accent U+00B4 into a space), dashes become hyphens, undecomposable letters are spelled.
_PRE_NFKD_TABLE: dict[int, str | None] = {
    **{ord(ch): None for ch in "’‘‛ʼʻʹ′´ˈ"},
    **{ord(ch): "-" for ch in "‐‑‒–—―−"},
    ord("Æ"): "AE",
    ord("Œ"): "OE",
    ord("Ø"): "O",
    ord("Ł"): "L",
    ord("Đ"): "D",
    ord("Ð"): "D",
    ord("Þ"): "TH",
    ord("ẞ"): "SS",
    ord("Ħ"): "H",
    ord("Ŧ"): "T",
}
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_HYPHEN_RE = re.compile(r"\s*-[\s-]*")
_NOT_NAME_RE = re.compile(r"[^A-Z ]+")
_NOT_LETTER_RE = re.compile(r"[^A-Z]+")


@lru_cache(maxsize=_CACHE_SIZE)
def fold(text: str | None) -> str:
    """Upper-case ASCII without accents or apostrophes, punctuation (except hyphens) as spaces."""
    if not text:
        return ""
    text = text.upper()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_PRE_NFKD_TABLE))
        text = _NON_ASCII_RE.sub(" ", _COMBINING_RE.sub("", text)).upper()
    text = _HYPHEN_RE.sub("-", text.translate(_ASCII_TABLE))
    return " ".join(word.strip("-") for word in text.split() if word.strip("-"))


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A person's name split into folded given names and the paternal and maternal surnames."""

    given: tuple[str, ...]
    paternal: str | None
    maternal: str | None

    @property
    def surnames(self) -> tuple[str, ...]:
        """The surnames that are present, paternal first."""
        return tuple(part for part in (self.paternal, self.maternal) if part is not None)


_EMPTY = ParsedName(given=(), paternal=None, maternal=None)


@lru_cache(maxsize=_CACHE_SIZE)
def _word_parts(raw_word: str) -> tuple[str, ...]:
    return tuple(_NOT_NAME_RE.sub(" ", fold(raw_word)).split())


def _words(text: str) -> tuple[str, ...]:
    """Folded words of a name field: split at spaces and hyphens, digits dropped."""
    # Folding word by word lets a never-seen full name reuse the folds of its familiar words
    # (a cache on whole strings hit 8 % of a million synthetic rows; the word cache hits ~100 %).
    raw_words = text.split()
    if len(raw_words) == 1:
        return _word_parts(raw_words[0])
    return tuple(part for raw_word in raw_words for part in _word_parts(raw_word))


def _drop_titles(words: tuple[str, ...]) -> tuple[str, ...]:
    start = 0
    while start < len(words) - 1 and words[start] in TITLES:
        start += 1
    return words[start:]


def _group_units(words: Iterable[str]) -> tuple[str, ...]:
    """Glue particles to the next word, drop joiners: DE LA CRUZ Y LOPEZ → (DE LA CRUZ, LOPEZ)."""
    units: list[str] = []
    pending: list[str] = []
    for word in words:
        if word in PARTICLES:
            pending.append(word)
        elif word in SURNAME_DROPPED or (word in SURNAME_JOINERS and units and not pending):
            continue
        elif pending:
            units.append(" ".join((*pending, word)))
            pending = []
        else:
            units.append(word)
    if pending and not units:  # the field holds nothing but particles: keep what was written
        units.append(" ".join(pending))
    return tuple(units)


def _given_from_units(units: Iterable[str]) -> tuple[str, ...]:
    return tuple(
        GIVEN_ABBREVIATIONS.get(word, word)
        for unit in units
        for word in unit.split()
        if word not in PARTICLES
    )


def _split_surnames(units: tuple[str, ...]) -> tuple[str | None, str | None]:
    expanded = [SURNAME_ABBREVIATIONS.get(unit, unit) for unit in units]
    if not expanded:
        return None, None
    if len(expanded) == 1:
        return expanded[0], None
    return expanded[0], " ".join(expanded[1:])


@lru_cache(maxsize=_CACHE_SIZE)
def _given_tokens(text: str) -> tuple[str, ...]:
    return _given_from_units(_drop_titles(_words(text)))


@lru_cache(maxsize=_CACHE_SIZE)
def _surname_parts(text: str) -> tuple[str | None, str | None]:
    return _split_surnames(_group_units(_words(text)))


@lru_cache(maxsize=_CACHE_SIZE)
def _surname_field(text: str) -> tuple[tuple[str, ...], str | None, str | None]:
    """(given names found in it, paternal, maternal) of a surname field."""
    units = _group_units(_words(text))
    if len(units) >= 3 and _is_given_unit(units[0]):
        return _given_from_units(units[:1]), *_split_surnames(units[1:])
    return (), *_split_surnames(units)


@lru_cache(maxsize=_CACHE_SIZE)
def parse_name(given_names: str | None, surnames: str | None) -> ParsedName:
    """Parse separate given-name and surname fields into a `ParsedName`."""
    given = _given_tokens(given_names) if given_names else ()
    paternal = maternal = None
    if surnames:
        moved, paternal, maternal = _surname_field(surnames)
        given += moved
    if not given and paternal is None:
        return _EMPTY
    return ParsedName(given=given, paternal=paternal, maternal=maternal)


def _is_given_unit(unit: str) -> bool:
    if unit in GIVEN_COMPOUNDS or unit in GIVEN_ABBREVIATIONS or unit in NICKNAMES:
        return True
    return unit in GIVEN_NAMES and unit not in GIVEN_OR_SURNAME


def _one_surname(unit: str, count: int) -> bool:
    """Is `unit`, next to the last surname in a full name of `count` units, a given name?

    With three units a known given name is ("María José López"); with four or more only a
    given-name compound is ("Juan José de Jesús López"): two given names and two surnames
    ("María Fernanda Pablo López") are far more common than three given names and one.
    """
    if count >= 4:
        return unit in GIVEN_COMPOUNDS
    return _is_given_unit(unit)


@lru_cache(maxsize=_CACHE_SIZE)
def parse_full_name(full_name: str | None, layout: FullNameLayout = "given_first") -> ParsedName:
    """Parse a whole name written in one field, in the given layout (see the module rules)."""
    if not full_name:
        return _EMPTY
    if "," in full_name:
        surname_text, _, given_text = full_name.partition(",")
        return parse_name(given_text.replace(",", " "), surname_text)
    units = _group_units(_drop_titles(_words(full_name)))
    count = len(units)
    if count == 0:
        return _EMPTY
    if count == 1:
        if _is_given_unit(units[0]):
            return ParsedName(given=_given_from_units(units), paternal=None, maternal=None)
        return ParsedName(given=(), paternal=_split_surnames(units)[0], maternal=None)
    if layout == "given_first":
        surname_count = 1 if count == 2 or _one_surname(units[-2], count) else 2
        given_units, surname_units = units[:-surname_count], units[-surname_count:]
    else:
        surname_count = 1 if count == 2 or _one_surname(units[1], count) else 2
        surname_units, given_units = units[:surname_count], units[surname_count:]
    paternal, maternal = _split_surnames(surname_units)
    return ParsedName(given=_given_from_units(given_units), paternal=paternal, maternal=maternal)


@lru_cache(maxsize=_CACHE_SIZE)
def parse_said_name(text: str | None) -> ParsedName:
    """A name as someone said it: one word that can be a given name is one ("Pedro"), and so
    are two when the second can only be a given name ("Ana Lucía", "María José")."""
    name = parse_full_name(text, "given_first")
    if name.maternal is None and name.paternal is not None and len(name.given) <= 1:
        word = name.paternal
        if not name.given and (
            word in GIVEN_NAMES or word in GIVEN_OR_SURNAME or word in NICKNAMES
        ):
            return ParsedName(given=(word,), paternal=None, maternal=None)
        if name.given and name.given[0] in GIVEN_NAMES and _is_given_unit(word):
            return ParsedName(given=(*name.given, word), paternal=None, maternal=None)
    return name


@lru_cache(maxsize=_CACHE_SIZE)
def canonical_given(token: str) -> str:
    """The canonical given name of one token: PEPE → JOSE, MA. → MARIA, unknown → itself."""
    word = fold(token)
    word = GIVEN_ABBREVIATIONS.get(word, word)
    return NICKNAMES.get(word, word)


def canonical_tokens(tokens: Iterable[str]) -> str:
    """Space-joined canonical given names of the words in `tokens` (the given_canon column)."""
    return _canonical_tokens(tuple(tokens))


@lru_cache(maxsize=_CACHE_SIZE)
def _canonical_tokens(tokens: tuple[str, ...]) -> str:
    return " ".join(canonical_given(word) for token in tokens for word in _words(token))


_VOWELS = frozenset("AEIOU")
_FRONT_VOWELS = frozenset("EI")
_LABIALS = frozenset("BPV")
_SIBILANTS = frozenset("SZ")
# Vowel classes: E/I and O/U are the confusions that survive transcription (Tzoc/Tzuc,
# Ixcoy/Ixcuy, Yesenia/Yesinia); A stays apart.
_VOWEL_CODE = {"A": "A", "E": "I", "I": "I", "O": "U", "U": "U"}
_PLAIN_CODE = {
    "B": "B",
    "V": "B",
    "D": "D",
    "F": "F",
    "J": "J",
    "K": "K",
    "R": "R",
    "X": "X",
    "W": "W",
    "Z": "S",
    "M": "M",
}


@lru_cache(maxsize=_CACHE_SIZE)
def phonetic_key(token: str) -> str:
    """Spanish-aware phonetic key of one name word (or one particle-glued surname unit)."""
    text = _NOT_LETTER_RE.sub("", fold(token))
    if text.startswith("XIM"):
        text = "J" + text[1:]
    codes: list[str] = []
    length = len(text)
    i = 0
    while i < length:
        ch = text[i]
        nxt = text[i + 1] if i + 1 < length else ""
        after = text[i + 2] if i + 2 < length else ""
        step = 1
        if ch in _VOWELS:
            code = "W" if ch == "U" and i == 0 and nxt in _VOWELS else _VOWEL_CODE[ch]
        elif ch in _PLAIN_CODE:
            code = _PLAIN_CODE[ch]
        elif ch == "C":
            if nxt == "H":
                code, step = "C", 2
            else:
                code = "S" if nxt in _FRONT_VOWELS else "K"
        elif ch == "G":
            if nxt == "U" and after in _VOWELS:
                code, step = ("J", 2) if after in _FRONT_VOWELS else ("W", 2)
            else:
                code = "J"
        elif ch == "H":
            code, step = ("W", 2) if nxt == "U" and after in _VOWELS else ("", 1)
        elif ch == "Q":
            code, step = ("K", 2) if nxt == "U" and after in _FRONT_VOWELS else ("K", 1)
        elif ch == "L":
            code, step = ("Y", 2) if nxt == "L" else ("L", 1)
        elif ch == "N":
            code = "M" if nxt in _LABIALS else "N"
        elif ch == "P":
            code, step = ("F", 2) if nxt == "H" else ("P", 1)
        elif ch == "S":
            code, step = ("X", 2) if nxt == "H" else ("S", 1)
        elif ch == "T":
            if nxt == "H":
                code, step = "T", 2
            else:
                code, step = ("S", 2) if nxt in _SIBILANTS else ("T", 1)
        else:  # Y
            code = "Y" if nxt in _VOWELS else "I"
        if code and (not codes or codes[-1] != code):
            codes.append(code)
        i += step
    return "".join(codes)


def name_keys(tokens: Iterable[str]) -> str:
    """Space-joined phonetic keys, one per name unit (particles stay glued to their surname)."""
    return _name_keys(tuple(tokens))


@lru_cache(maxsize=_CACHE_SIZE)
def _name_keys(tokens: tuple[str, ...]) -> str:
    keys = (phonetic_key(unit) for token in tokens for unit in _group_units(_words(token)))
    return " ".join(key for key in keys if key)
