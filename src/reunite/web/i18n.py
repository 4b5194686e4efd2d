"""English and Spanish: Babel catalogs compiled from the committed .po files when the app starts.

The language is the user's preference, else the browser's Accept-Language, else English. Dates and
numbers are formatted with Babel for that locale.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = "en"
DOMAIN = "messages"


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog for `language` (English is the source language: no catalog needed)."""
    po = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == DEFAULT_LANGUAGE or not po.exists():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def negotiate(preference: str | None, accept_language: str | None) -> str:
    """The user's preference, else the best match in Accept-Language, else English."""
    if preference in LANGUAGES:
        return preference or DEFAULT_LANGUAGE
    wanted: list[tuple[float, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag:
            wanted.append((quality - index * 1e-6, tag.strip()))
    for _, tag in sorted(wanted, reverse=True):
        base = tag.replace("_", "-").split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


@cache
def babel_locale(language: str) -> Locale:
    """Parsed once per language: Babel's formatters parse a locale name on every call otherwise."""
    return Locale.parse(language)


@lru_cache(maxsize=16_384)
def _format_date(language: str, value: date | datetime | str) -> str:
    """A date, a datetime or an ISO text as Babel's medium format for `language`.

    Cached: a case page shows its whole timeline, and the same events come back on every view
    (Babel takes about 15 µs a datetime); a few MiB at most.
    """
    if isinstance(value, str):
        text = value
        try:
            value = (
                datetime.fromisoformat(text.rstrip("Z"))
                if len(text) > 10
                else date.fromisoformat(text)
            )
        except ValueError:
            return text
    if isinstance(value, datetime):
        return format_datetime(value, format="medium", locale=babel_locale(language))
    return format_date(value, format="medium", locale=babel_locale(language))


@lru_cache(maxsize=16_384)
def _format_number(language: str, _kind: str, value: float | int) -> str:
    """A number in `language` (cached: scores and counts repeat; keyed by type too, since 1 ==
    1.0 == True)."""
    return format_decimal(value, locale=babel_locale(language))


@dataclass(frozen=True)
class Localizer:
    """Everything a template needs to speak one language."""

    language: str

    @property
    def gettext(self) -> Callable[[str], str]:
        return translations(self.language).gettext

    @property
    def ngettext(self) -> Callable[[str, str, int], str]:
        """The singular or the plural message for a count, by the language's plural rule."""
        return translations(self.language).ngettext

    def date(self, value: date | datetime | str | None) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime) and value.tzinfo is not None:
            # Aware datetimes equal across time zones would share a cache entry: not cached.
            return _format_date.__wrapped__(self.language, value)
        return _format_date(self.language, value)

    def number(self, value: float | int | None) -> str:
        if value is None:
            return "—"
        return _format_number(self.language, type(value).__name__, value)

    def language_name(self, code: str) -> str:
        return Locale.parse(code).get_display_name(self.language) or code
