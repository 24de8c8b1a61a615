"""User-facing messages in bokmål (default), nynorsk and English, from JSON catalogues."""

from __future__ import annotations

import datetime as dt
import json
import string
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from babel.dates import format_date

from bot.texts.wording import fill

LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"
_DAY_PATTERNS = {"nb": "EEEE d. MMMM", "nn": "EEEE d. MMMM", "en": "EEEE d MMMM"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The messages of one language: every `bot/texts/<lang>/*.json` file (one per flow), merged.

    Read once; the files ship inside the package. A key defined twice is a mistake we refuse.
    """
    merged: dict[str, str] = {}
    folder = files("bot.texts") / lang
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        for key, value in json.loads(entry.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"bot/texts/{lang}/{entry.name}: key {key!r} is defined twice")
            merged[key] = value
    return merged


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
    """The message `key` in `lang`, falling back to bokmål; `{name}` fields filled from values.

    Filled by `wording.fill`: plural forms ("{count:# gang|# ganger}") and no doubled full stop after a value.
    """
    lang = normalise_language(lang)
    template = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE)[key]
    return fill(template, values, lang) if values else template


def and_list(lang: str | None, items: Sequence[str]) -> str:
    """ "Ola", "Ola og Emma", "Ola, Emma og Jonas" ("and" in English); empty items are left out."""
    kept = [item for item in items if item]
    if len(kept) <= 1:
        return "".join(kept)
    return ", ".join(kept[:-1]) + " " + t(lang, "core.and") + " " + kept[-1]


def day(lang: str | None, date: dt.date) -> str:
    """A date written the local way: "mandag 30. november", "måndag 30. november", "Monday 30 November"."""
    lang = normalise_language(lang)
    return format_date(date, _DAY_PATTERNS[lang], locale=lang)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "and_list", "catalogue", "normalise_language", "t", "day", "placeholders"]
