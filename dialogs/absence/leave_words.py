"""Reads a decision on a leave application given by the child's name: "innvilg søknaden for Emma",
"godkjenn fri for Emma Nordli", "avslå søknaden til Nora", "approve Nora's leave", or in a sentence:
"Nora kan få fri", "ja, Nora får fri 17. desember", "nei, Emma får ikke fri", "Emma can't have the day off".

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


# "(ja,) Nora kan få fri (…)", "nei, Emma får ikkje fri", "det er greit at Nora får fri", "Nora can have the day off"
_SENTENCE = re.compile(
    r"^\s*(?:(?:ja|jo|jada|ja\s+da|jau|jauda|javisst|jepp|ok|okei|okay|greit|fint|klart|selvfølgelig|sjølvsagt|"
    r"absolutt|nei|neida|nope|no|yes|yep|yeah|sure|of\s+course|absolutely|sorry|beklager|dessverre)\s*[,.!:]?\s+)*"
    r"(?:det\s+er\s+(?:greit|ok|i\s+orden|fint)\s*,?\s+(?:at\s+)?)?"
    r"(?P<name>[^\W\d_][\w\-]*(?:\s+[^\W\d_][\w\-]*){0,2}?)\s+"
    r"(?:kan|får|fær|skal|may|can|gets|will\s+get)(?P<neg>n'?t|'t|not|\s+ikke|\s+ikkje|\s+not)?\s+"
    r"(?:få\s+|have\s+|take\s+|get\s+)?(?:innvilget\s+|innvilga\s+|godkjent\s+)?(?:the\s+)?"
    r"(?:fri|fritt|permisjon|leave|day\s+off|days\s+off|time\s+off)\b",
    re.I,
)
_NOT_A_NAME_WORDS = "han hun ho de dei vi me du jeg eg alle ingen barnet eleven he she they we you i it"
_NOT_A_NAME = frozenset(_NOT_A_NAME_WORDS.split())


@dataclass(frozen=True)
class NamedDecision:
    """A grant or refusal of the open application of the pupil called `name`."""

    granted: bool
    name: str


def read_named_decision(text: str) -> NamedDecision | None:
    """The decision and the name, when the message is a verb, filler words and a name of 1–3 words."""
    m = _VERB.match(text)
    if not m:
        return _decision_in_a_sentence(text)
    words = [w.strip(",;:") for w in re.split(r"\s+", m.group("rest").replace("'s ", " s ").replace("’s ", " s "))]
    name = [w for w in words if w and w.lower() not in _FILLER]
    if not name or len(name) > 3 or not all(_WORD.match(w) for w in name):
        return None
    return NamedDecision(m.group("verb").lower().startswith(_YES), " ".join(name))


def _decision_in_a_sentence(text: str) -> NamedDecision | None:
    """ "Nora kan få fri" (granted), "nei, Emma får ikke fri" (refused): the name before the verb."""
    m = _SENTENCE.match(text)
    if not m:
        return None
    name = m.group("name").split()
    if not all(_WORD.match(w) for w in name) or any(w.lower() in _NOT_A_NAME or w.lower() in _FILLER for w in name):
        return None
    return NamedDecision(m.group("neg") is None, " ".join(name))


def name_fits(wanted: str, full_name: str) -> bool:
    """True when every word of `wanted` is a word of the pupil's full name ("Emma", "Emma Nordli")."""
    have = {w.lower() for w in re.split(r"[\s\-]+", full_name) if w}
    return all(w.lower() in have for w in re.split(r"[\s\-]+", wanted) if w)
