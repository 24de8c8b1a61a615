"""Putting words together without the small faults people notice: doubled punctuation, "1 ganger", "fra X til X".

`fill` is what `t()` uses to fill a catalogue template. Two rules on top of `str.format`:

- Plural forms in the template, ICU-like, chosen by babel's plural rules for the language:
  ``{count:# gang|# ganger}`` gives "1 gang", "3 ganger" ("#" is the number; the forms are
  one|other, the categories bokmål, nynorsk and English have).
- Punctuation is not doubled where a value meets the template: a value that ends a sentence
  ("e.l.", "håndkle!") or is a dash placeholder ("-") is not followed by the template's ".".

`join_sentences` does the same for sentences a renderer puts together, and `day_span` writes a range
of days that collapses to one day when it starts and ends on the same day.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Mapping
from functools import cache

from babel import Locale

SENTENCE_ENDS = (".", "!", "?", "…")
DASHES = frozenset({"-", "–", "—"})
_FORMATTER = string.Formatter()


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def plural_form(lang: str, number: float) -> str:
    """The CLDR plural category of `number` in `lang`: "one" or "other" for nb, nn and en."""
    return str(_locale(lang).plural_form(number))


def choose_plural(lang: str, number: object, spec: str) -> str:
    """ "# gang|# ganger" with 3 -> "3 ganger": the form for the number's plural category."""
    forms = spec.split("|")
    if not isinstance(number, int | float):
        raise TypeError(f"a plural form needs a number, not {number!r}")
    form = forms[0] if plural_form(lang, number) == "one" else forms[-1]
    return form.replace("#", str(number))


def ends_sentence(text: str) -> bool:
    """True when `text` already ends with a full stop, ! or ?, or is only a dash placeholder ("-")."""
    stripped = text.rstrip()
    return stripped.endswith(SENTENCE_ENDS) or stripped in DASHES


def fill(template: str, values: Mapping[str, object], lang: str) -> str:
    """The template with its {fields} filled, plural forms chosen and no doubled full stop after a value."""
    out: list[str] = []
    previous: str | None = None  # the value just written, to look at where the literal text goes on
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        if (
            previous is not None
            and literal.startswith(".")
            and not literal.startswith("..")
            and ends_sentence(previous)
        ):
            literal = literal[1:]
        out.append(literal)
        previous = None
        if field is None:
            continue
        value, _ = _FORMATTER.get_field(field, (), values)
        value = _FORMATTER.convert_field(value, conversion)
        if spec and "|" in spec:
            previous = choose_plural(lang, value, spec)
        else:
            previous = _FORMATTER.format_field(value, _FORMATTER.vformat(spec or "", (), values))
        out.append(previous)
    return "".join(out)


def upper_first(text: str) -> str:
    """The text with its first letter in upper case and the rest as written ("Monday 7 December", not "december")."""
    return text[:1].upper() + text[1:]


def join_sentences(parts: Iterable[str], sep: str = " ", *, last_stop: bool = False) -> str:
    """Sentences in a row, each ended with one full stop unless it has its own ("håndkle!" stays "håndkle!").

    Empty parts are left out. The last part keeps its own ending unless `last_stop` asks for a full stop.
    """
    kept = [p.strip() for p in parts if p and p.strip()]
    out = []
    for i, part in enumerate(kept):
        last = i == len(kept) - 1
        if (not last or last_stop) and not ends_sentence(part):
            part += "."
        out.append(part)
    return sep.join(out)


def day_span(lang: str | None, first: dt.date, last: dt.date) -> str:
    """ "fredag 18. desember" or "fra fredag 18. desember til fredag 8. januar" in the language."""
    from bot.texts import day, t  # the catalogue functions; imported here because they use this module

    if first == last:
        return t(lang, "span.one_day", day=day(lang, first))
    return t(lang, "span.days", first=day(lang, first), last=day(lang, last))
