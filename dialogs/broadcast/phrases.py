"""How staff ask for a broadcast in plain words, beside the commands `read_compose` reads.

"send til alle foresatte: …", "melding til 5B: …", "send a message to all parents: …" (an audience
we know and a text after the colon), "øvelse" / "drill" alone (a drill), and "send beredskapsvarsel",
"send akuttvarsel til alle", "emergency alert" (an emergency). Pure: text in, ComposeRequest or None out.
"""

from __future__ import annotations

import re

from dialogs.broadcast.render import ComposeRequest, audience_from_phrase

__all__ = ["asks_who_sends", "mentions_emergency", "read_staff_compose"]

_DRILL_ALONE = re.compile(
    r"^\s*/?(?:øvelse|ovelse|øving|beredskapsøvelse|beredskapsovelse|beredskapsøving|drill|emergency\s+drill)"
    r"\s*[.!]?\s*$",
    re.I,
)
_EMERGENCY_WORD = (
    r"(?:beredskapsvarsel|beredskapsvarselet|beredskapsmelding|akuttvarsel|akuttmelding|nødvarsel|nødmelding|"
    r"krisevarsel|krisemelding|emergency\s+(?:alert|message|broadcast|notice|warning))"
)
_EMERGENCY = re.compile(
    r"^\s*(?:kan\s+du\s+|kan\s+eg\s+|kan\s+jeg\s+|jeg\s+vil\s+|eg\s+vil\s+|i\s+want\s+to\s+|please\s+)?"
    r"(?:send\w*\s+(?:ut\s+|out\s+)?)?(?:et\s+|eit\s+|ei\s+|en\s+|ein\s+|an\s+|a\s+)?" + _EMERGENCY_WORD + r"\b"
    r"(?:\s+(?:til|to)\s+(?P<audience>[^:]+?))?\s*(?:[:\-–]\s*(?P<text>.+))?\s*[.!?]?\s*$",
    re.I | re.S,
)
_PLAIN_SEND = re.compile(
    r"^\s*(?:kan\s+du\s+|please\s+)?(?:send|sende|send\s+ut|sende\s+ut)\s+(?:(?:en|ei|et|eit|ein|a|an)\s+)?"
    r"(?:(?:melding|beskjed|message|note|sms|text)\s+)?(?:til|to)\s+(?P<audience>[^:]+?)\s*:\s*(?P<text>.+)$",
    re.I | re.S,
)
_TO_GROUP = re.compile(
    r"^\s*(?:melding|beskjed|message|info|sms)\s+(?:til|to)\s+(?P<audience>[^:]+?)\s*:\s*(?P<text>.+)$", re.I | re.S
)
# Words that make a request to message people an emergency ("varsle alle om evakuering nå, det er brann");
# a planned drill ("brannøvelse i morgen") is everyday news, so drill words keep it one.
_EMERGENCY_HINT = re.compile(
    r"\b(?:brann|brannen|brenn\w*|evakuer\w*|beredskap\w*|akutt\w*|fare|livsfare|nødsituasjon\w*|krise\w*|"
    r"lockdown|innelåsing|inneslåing|skyting|trussel|trusselen|gasslekkasje|"
    r"emergency|evacuat\w*|danger|(?:a|the)\s+fire|fire\s+alarm|fire!)(?!\w)",
    re.I,
)
_DRILL_HINT = re.compile(r"(?:øvelse|ovelse|øving|\bdrill|\bexercise)", re.I)
# "hvem kan sende det da?", "kven kan sende beredskapsvarsel?", "who can send it then?"
_WHO_SENDS = re.compile(
    r"^\s*(?:(?:men|ok|okei|okay|så|but|so)\s*,?\s+)?(?:hvem|kven|who)\s+(?:kan|får\s+lov\s+til\s+å|får|skal|"
    r"can|may|is\s+allowed\s+to|should)?\s*(?:sende\w*|send|sends|varsle)\s*(?:ut\s+|out\s+)?"
    r"(?:(?:det|den|dette|sånt|slikt|slike|sånne|it|that|this|them|one|et|eit|ei|en|ein|an|a)\s*)?"
    r"(?:(?:beredskap\w*|akutt\w*|nød\w*|krise\w*|varsel\w*|sms\w*|melding\w*|emergency\s+\w+|alerts?|"
    r"messages?)\s*)?(?:(?:til|to)\s+alle\s*|(?:to\s+)?everyone\s*)?(?:da|då|then|nå|now)?\s*[?.!]*\s*$",
    re.I,
)


def mentions_emergency(text: str | None) -> bool:
    """Whether a request to message people speaks of an emergency (fire, evacuation, danger), not of a drill."""
    raw = text or ""
    return bool(_EMERGENCY_HINT.search(raw)) and not _DRILL_HINT.search(raw)


def asks_who_sends(text: str | None) -> bool:
    """Whether the message asks who may send an alert ("hvem kan sende det da?"), e.g. after being refused one."""
    return bool(_WHO_SENDS.match(text or ""))


def read_staff_compose(text: str | None) -> ComposeRequest | None:
    """A broadcast asked for in plain words; None when the message is not one (or names no audience we know)."""
    raw = (text or "").strip()
    if not raw:
        return None
    if _DRILL_ALONE.match(raw):
        return ComposeRequest(emergency=True, drill=True)
    match = _EMERGENCY.match(raw)
    if match:
        phrase = match.group("audience")
        return ComposeRequest(
            emergency=True,
            audience=audience_from_phrase(phrase) if phrase else None,
            text=(match.group("text") or "").strip() or None,
        )
    for pattern in (_PLAIN_SEND, _TO_GROUP):
        match = pattern.match(raw)
        if match:
            audience = audience_from_phrase(match.group("audience"))
            body = match.group("text").strip()
            if audience is None or not body:
                return None  # "melding til læreren: …" is for a person, not a group: not ours
            return ComposeRequest(audience=audience, text=body, command=False)
    return None
