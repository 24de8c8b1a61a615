"""Reads a decision on a leave application given by the child's name: "innvilg søknaden for Emma",
"godkjenn fri for Emma Nordli", "avslå søknaden til Nora", "approve Nora's leave".

Pure functions; the number form ("innvilg 12") stays in dialogs/absence/understand.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERB = re.compile(
    r"^\s*(?P<verb>innvilg\w*|godkjen\w*|avslå\w*|avslaa\w*|avvis\w*|grant\w*|approve\w*|refuse\w*|deny|reject\w*)\s+(?P<rest>.+?)\s*[.!]*\s*$",
    re.I | re.S,
)
_YES = ("innvilg", "godkjen", "grant", "approve")
# Words around the name that say what is decided, never part of it.
_FILLER_WORDS = (
    "søknad søknaden søknadene søknaden soknad soknaden om fri frien permisjon permisjonen fritak for til fra sin "
    "sitt hans hennes the a application leave request of from for s please takk it den det denne this"
)
_FILLER = frozenset(_FILLER_WORDS.split())
_WORD = re.compile(r"^[a-zæøåéèäöüłóśćńżź\-]+$", re.I)


@dataclass(frozen=True)
class NamedDecision:
    """A grant or refusal of the open application of the pupil called `name`."""

    granted: bool
    name: str


def read_named_decision(text: str) -> NamedDecision | None:
    """The decision and the name, when the message is a verb, filler words and a name of 1–3 words."""
    m = _VERB.match(text)
    if not m:
        return None
    words = [w.strip(",;:") for w in re.split(r"\s+", m.group("rest").replace("'s ", " s ").replace("’s ", " s "))]
    name = [w for w in words if w and w.lower() not in _FILLER]
    if not name or len(name) > 3 or not all(_WORD.match(w) for w in name):
        return None
    return NamedDecision(m.group("verb").lower().startswith(_YES), " ".join(name))


def name_fits(wanted: str, full_name: str) -> bool:
    """True when every word of `wanted` is a word of the pupil's full name ("Emma", "Emma Nordli")."""
    have = {w.lower() for w in re.split(r"[\s\-]+", full_name) if w}
    return all(w.lower() in have for w in re.split(r"[\s\-]+", wanted) if w)
