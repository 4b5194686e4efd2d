"""Mapping profiles: which column of an agency export holds which canonical field.

A profile is a small YAML file (docs/formats.md, "Mapping profiles"). `resolve()` matches a profile
against a file's actual headers once; `apply()` then maps each row with no further decisions, so it
stays cheap at a million rows. Mapping never parses or normalizes a value: the loader does that.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from reunite.errors import MappingError

CANONICAL_FIELDS: tuple[str, ...] = (
    "record_id", "role", "given_names", "surnames", "full_name", "sex", "birth_date",
    "country_of_birth", "language", "a_number", "event_date", "event_place", "facility",
    "family_unit_id", "related_name", "related_relationship", "phone", "notes",
)  # fmt: skip
SURNAME_PART_FIELDS: tuple[str, ...] = ("surname_paternal", "surname_maternal")
MAPPABLE_FIELDS: tuple[str, ...] = CANONICAL_FIELDS + SURNAME_PART_FIELDS
DATE_FIELDS: tuple[str, ...] = ("birth_date", "event_date")

DateOrderSetting = Literal["auto", "DMY", "MDY", "ISO"]
NameLayout = Literal[
    "separate", "full_name", "surname_comma_given", "surname_first", "paternal_maternal"
]

DEFAULT_PROFILE_NAME = "canonical"  # reserved: the built-in profile for the canonical format
_FULL_NAME_LAYOUTS = ("full_name", "surname_comma_given", "surname_first")
_PROFILE_KEYS = (
    "name", "description", "sheet", "date_order", "date_orders", "name_layout", "columns",
    "defaults",
)  # fmt: skip

# Headers the canonical format also accepts, besides each field's own name. Matching ignores case,
# accents, spaces, underscores, hyphens and dots ("Fecha de Nacimiento" is fecha_de_nacimiento).
# Ambiguous words ("date", "nombre", "no.") are left out on purpose: an unmatched column is still
# kept as an extra column, while a wrongly matched one would be read as the wrong field.
_ALIASES: dict[str, tuple[str, ...]] = {
    "record_id": ("id", "record", "record_number", "record_no", "registro", "id_registro"),
    "role": ("rol", "person_role", "person_type"),
    "given_names": (
        "first_name", "first_names", "given_name", "given", "forename", "forenames", "nombres",
    ),
    "surnames": ("last_name", "last_names", "surname", "family_name", "apellidos", "apellido"),
    "full_name": ("name", "complete_name", "person_name", "nombre_completo"),
    "sex": ("gender", "sexo", "genero"),
    "birth_date": (
        "dob", "date_of_birth", "fecha_nacimiento", "fecha_de_nacimiento",
    ),
    "country_of_birth": (
        "country", "cob", "birth_country", "nationality", "citizenship", "pais", "nacionalidad",
        "pais_de_nacimiento", "pais_nacimiento",
    ),
    "language": ("idioma", "lengua", "primary_language", "preferred_language"),
    "a_number": ("a#", "a_no", "anum", "alien_number", "alien_no", "numero_a"),
    "event_date": (
        "apprehension_date", "book_in_date", "admission_date", "fecha_evento", "fecha_ingreso",
    ),
    "event_place": ("place", "location", "lugar", "apprehension_location"),
    "facility": ("fac", "facility_name", "detention_facility", "shelter", "albergue", "centro"),
    "family_unit_id": ("family_unit", "fmua", "fmua_id", "family_id", "unidad_familiar"),
    "related_name": ("relative_name", "related_person", "parent_name", "nombre_familiar"),
    "related_relationship": ("relationship", "relation", "parentesco"),
    "phone": ("telephone", "phone_number", "tel", "telefono", "celular", "mobile"),
    "notes": ("note", "comments", "comment", "remarks", "observaciones", "notas"),
    "surname_paternal": ("apellido_paterno", "primer_apellido", "paternal_surname"),
    "surname_maternal": ("apellido_materno", "segundo_apellido", "maternal_surname"),
}  # fmt: skip


@dataclass(frozen=True)
class MappingProfile:
    """How one kind of export maps onto the canonical fields (see docs/formats.md)."""

    name: str
    columns: dict[str, str]  # source column -> mappable field
    date_order: DateOrderSetting = "auto"
    date_orders: dict[str, DateOrderSetting] = field(default_factory=dict)  # per date field
    name_layout: NameLayout = "separate"
    sheet: str | None = None
    defaults: dict[str, str] = field(default_factory=dict)  # constants for absent fields
    description: str = ""


@dataclass(frozen=True)
class ResolvedMapping:
    """A profile matched against one file's headers; everything `apply` needs, precomputed."""

    profile: MappingProfile
    field_for_header: dict[str, str]  # actual header -> field
    extra_headers: tuple[str, ...]  # kept as raw values only
    missing_columns: tuple[str, ...]  # profile columns absent from the file
    _pairs: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)
    _template: dict[str, str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        mapped = set(self.field_for_header.values())
        template: dict[str, str | None] = dict.fromkeys(MAPPABLE_FIELDS)
        for name, value in self.profile.defaults.items():
            if name not in mapped:
                template[name] = value.strip() or None
        object.__setattr__(self, "_pairs", tuple(self.field_for_header.items()))
        object.__setattr__(self, "_template", template)


def apply(mapping: ResolvedMapping, values: Mapping[str, str | None]) -> dict[str, str | None]:
    """Every mappable field: the stripped cell text, a profile default, or None when blank."""
    mapped = mapping._template.copy()
    get = values.get
    for header, name in mapping._pairs:
        value = get(header)
        if value:
            value = value.strip()
            if value:
                mapped[name] = value
    return mapped


def default_profile() -> MappingProfile:
    """The canonical format: each field under its own name or a common alias, matched loosely."""
    columns = {name: name for name in MAPPABLE_FIELDS}
    for name, aliases in _ALIASES.items():
        columns.update(dict.fromkeys(aliases, name))
    return MappingProfile(
        name=DEFAULT_PROFILE_NAME,
        columns=columns,
        description="The canonical roster format (docs/formats.md), with common aliases.",
    )


def column_key(text: str) -> str:
    """How headers are compared: without case, accents, spaces, underscores, hyphens or dots."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\s_.\-\u200b\ufeff]+", "", bare.casefold())


def resolve(profile: MappingProfile, headers: Sequence[str]) -> ResolvedMapping:
    """Match `profile` against a file's headers; raise MappingError when it does not fit."""
    if profile.name == DEFAULT_PROFILE_NAME:
        return _resolve_default(profile, headers)
    field_for_header: dict[str, str] = {}
    missing: list[str] = []
    by_key: dict[str, list[str]] = {}
    for header in headers:
        by_key.setdefault(column_key(header), []).append(header)
    for column, target in profile.columns.items():
        candidates = [column] if column in headers else by_key.get(column_key(column), [])
        if not candidates:
            missing.append(column)
            continue
        if len(candidates) > 1:
            raise MappingError(
                f"mapping profile {profile.name!r}: column {column!r} matches several headers "
                f"({_listed(candidates)}); write it exactly as the file does"
            )
        header = candidates[0]
        if header in field_for_header:
            raise MappingError(
                f"mapping profile {profile.name!r}: two columns match the header {header!r}"
            )
        field_for_header[header] = target
    if missing and len(missing) == len(profile.columns):
        raise MappingError(
            f"mapping profile {profile.name!r} does not fit this file: none of its columns "
            f"({_listed(profile.columns)}) is in the file, whose headers are {_listed(headers)}"
        )
    if missing:
        raise MappingError(
            f"mapping profile {profile.name!r}: the file has no column {_listed(missing)}; "
            f"its headers are {_listed(headers)}"
        )
    extra = tuple(header for header in headers if header not in field_for_header)
    return ResolvedMapping(profile, field_for_header, extra, ())


def _resolve_default(profile: MappingProfile, headers: Sequence[str]) -> ResolvedMapping:
    lookup = {column_key(column): name for column, name in profile.columns.items()}
    header_for_field: dict[str, str] = {}
    extra: list[str] = []
    for header in headers:
        name = lookup.get(column_key(header))
        if name is None:
            extra.append(header)
        elif name in header_for_field:
            raise MappingError(
                f"headers {header_for_field[name]!r} and {header!r} both look like {name}; "
                "rename one, or use --mapping with a profile that says which one to read"
            )
        else:
            header_for_field[name] = header
    if "record_id" not in header_for_field:
        raise MappingError(
            f"no record_id column; headers are {_listed(headers)}; use --mapping with a mapping "
            "profile that says which column identifies each row (see docs/formats.md)"
        )
    missing = tuple(name for name in CANONICAL_FIELDS if name not in header_for_field)
    field_for_header = {header: name for name, header in header_for_field.items()}
    return ResolvedMapping(profile, field_for_header, tuple(extra), missing)


def _listed(items: Sequence[str] | Mapping[str, Any]) -> str:
    return ", ".join(repr(item) for item in items) or "(none)"


def _hint(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


# -- loading a profile from YAML ------------------------------------------------------------------


def load_profile(path: Path) -> MappingProfile:
    """Read and check a mapping profile; every problem is a MappingError naming file and key."""
    path = Path(path)
    where = f"mapping profile {path}"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise MappingError(f"{where}: file not found") from None
    except IsADirectoryError:
        raise MappingError(f"{where}: is a directory, not a YAML file") from None
    except PermissionError:
        raise MappingError(f"{where}: cannot be read (permission denied)") from None
    except UnicodeDecodeError:
        raise MappingError(f"{where}: is not UTF-8 text") from None
    except OSError as exc:
        raise MappingError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise MappingError(f"{where}: YAML syntax error{at}: {problem}") from None
    if document is None:
        raise MappingError(f"{where}: the file is empty; it needs at least name and columns")
    if not isinstance(document, dict):
        raise MappingError(
            f"{where}: must be a YAML mapping of keys (name, columns, ...), "
            f"not a {type(document).__name__}"
        )
    return _profile_from(document, where=where, default_name=path.stem)


def _profile_from(document: Mapping[Any, Any], *, where: str, default_name: str) -> MappingProfile:
    """Check a parsed profile document; `where` names it in error messages."""
    for key in document:
        if key not in _PROFILE_KEYS:
            raise MappingError(
                f"{where}: unknown key {key!r}{_hint(str(key), _PROFILE_KEYS)} "
                f"(allowed: {', '.join(_PROFILE_KEYS)})"
            )
    name = _text(document.get("name", default_name), f"{where}: name")
    if not name:
        raise MappingError(f"{where}: name must not be empty")
    if name == DEFAULT_PROFILE_NAME:
        raise MappingError(f"{where}: the name {name!r} is reserved for the built-in profile")
    sheet = document.get("sheet")
    columns = _columns(document.get("columns"), where)
    layout = _choice(
        document.get("name_layout", "separate"), get_args(NameLayout), f"{where}: name_layout"
    )
    _check_layout(layout, set(columns.values()), where)
    return MappingProfile(
        name=name,
        columns=columns,
        date_order=_date_order(document.get("date_order", "auto"), f"{where}: date_order"),
        date_orders=_date_orders(document.get("date_orders"), where),
        name_layout=layout,  # type: ignore[arg-type]
        sheet=None if sheet is None else _text(sheet, f"{where}: sheet"),
        defaults=_defaults(document.get("defaults"), set(columns.values()), where),
        description=_text(document.get("description") or "", f"{where}: description"),
    )


def _text(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise MappingError(f"{where}: expected text, found {value!r}")
    return str(value).strip()


def _choice(value: Any, allowed: Sequence[str], where: str) -> str:
    if isinstance(value, str):
        for option in allowed:
            if value.strip().casefold() == option.casefold():
                return option
    raise MappingError(
        f"{where}: {value!r} is not one of {', '.join(allowed)}{_hint(str(value), allowed)}"
    )


def _date_order(value: Any, where: str) -> DateOrderSetting:
    return _choice(value, get_args(DateOrderSetting), where)  # type: ignore[return-value]


def _date_orders(value: Any, where: str) -> dict[str, DateOrderSetting]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"{where}: date_orders must map a date field to an order")
    orders: dict[str, DateOrderSetting] = {}
    for name, order in value.items():
        if name not in DATE_FIELDS:
            raise MappingError(
                f"{where}: date_orders.{name}: not a date field (use {' or '.join(DATE_FIELDS)})"
            )
        orders[name] = _date_order(order, f"{where}: date_orders.{name}")
    return orders


def _columns(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise MappingError(
            f"{where}: columns must map each source column to a field, e.g. DOB: birth_date"
        )
    columns: dict[str, str] = {}
    column_for_field: dict[str, str] = {}
    for column, target in value.items():
        if isinstance(column, bool) or not isinstance(column, str | int):
            raise MappingError(
                f"{where}: columns: the key {column!r} is not text; quote the column name "
                '(YAML reads No, Yes, On, Off and null as other things), e.g. "No": record_id'
            )
        column = str(column)
        if not isinstance(target, str) or target not in MAPPABLE_FIELDS:
            raise MappingError(
                f"{where}: columns.{column!r}: {target!r} is not a field"
                f"{_hint(str(target), MAPPABLE_FIELDS)} (fields: {', '.join(MAPPABLE_FIELDS)})"
            )
        if target in column_for_field:
            raise MappingError(
                f"{where}: columns {column_for_field[target]!r} and {column!r} both map to "
                f"{target}; map one of them, the other is kept as an extra column anyway"
            )
        column_for_field[target] = column
        columns[column] = target
    if "record_id" not in column_for_field:
        raise MappingError(
            f"{where}: columns: no column maps to record_id; every row needs the export's own "
            "identifier so that a re-import recognizes it"
        )
    return columns


def _check_layout(layout: str, targets: set[str], where: str) -> None:
    if layout in _FULL_NAME_LAYOUTS and "full_name" not in targets:
        raise MappingError(
            f"{where}: name_layout {layout} reads the full_name column, but no column maps to full_name"
        )
    if layout == "paternal_maternal" and not targets & set(SURNAME_PART_FIELDS):
        raise MappingError(
            f"{where}: name_layout paternal_maternal needs a column mapped to surname_paternal "
            "or surname_maternal"
        )


def _defaults(value: Any, mapped: set[str], where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"{where}: defaults must map a field to a constant, e.g. role: minor")
    defaults: dict[str, str] = {}
    for name, constant in value.items():
        if name not in MAPPABLE_FIELDS:
            raise MappingError(
                f"{where}: defaults.{name}: not a field{_hint(str(name), MAPPABLE_FIELDS)}"
            )
        if name in mapped:
            raise MappingError(
                f"{where}: defaults.{name}: a column already maps to {name}; a default is only "
                "for a field the file does not have"
            )
        if isinstance(constant, bool) or not isinstance(constant, str | int | float):
            raise MappingError(f"{where}: defaults.{name}: expected text, found {constant!r}")
        defaults[name] = str(constant)
    return defaults
