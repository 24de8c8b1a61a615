"""User-facing messages in bokmål (default), nynorsk and English, from JSON catalogues."""

from __future__ import annotations

import datetime as dt
import json
import string
from functools import lru_cache
from importlib.resources import files

from babel.dates import format_date

LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"
_DAY_PATTERNS = {"nb": "EEEE d. MMMM", "nn": "EEEE d. MMMM", "en": "EEEE d MMMM"}


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The messages of one language (read once; the files ship inside the package)."""
    return json.loads((files("bot.texts") / f"{lang}.json").read_text(encoding="utf-8"))


def normalise_language(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    lang = lang.lower().replace("_", "-")
    if lang.startswith(("nn",)):
        return "nn"
    if lang.startswith(("nb", "no")):
        return "nb"
    if lang.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def t(lang: str | None, key: str, **values: object) -> str:
    """The message `key` in `lang`, falling back to bokmål; `{name}` fields filled from values."""
    lang = normalise_language(lang)
    template = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE)[key]
    return template.format(**values) if values else template


def day(lang: str | None, date: dt.date) -> str:
    """A date written the local way: "mandag 30. november", "måndag 30. november", "Monday 30 November"."""
    lang = normalise_language(lang)
    return format_date(date, _DAY_PATTERNS[lang], locale=lang)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "catalogue", "normalise_language", "t", "day", "placeholders"]
