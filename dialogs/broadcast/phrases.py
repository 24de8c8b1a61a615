"""How staff ask for a broadcast in plain words, beside the commands `read_compose` reads.

"send til alle foresatte: …", "melding til 5B: …", "send a message to all parents: …" (an audience
we know and a text after the colon), "øvelse" / "drill" alone (a drill), and "send beredskapsvarsel",
"send akuttvarsel til alle", "emergency alert" (an emergency), "si til foreldrene i 5B at …" (reported
speech). Pure: text in, ComposeRequest or None out.
"""

from __future__ import annotations

import re

from dialogs.broadcast.render import ComposeRequest, audience_from_phrase

__all__ = ["asks_status", "asks_who_sends", "mentions_emergency", "read_staff_compose"]

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
# "si til foreldrene i 5B at …", "gi beskjed til 2A-foreldre om at …", "send beskjed til foresatte i 5B om at …",
# "tell the 5B parents that …": an audience, then the message as reported speech.
_TELL_THAT = re.compile(
    r"^\s*(?:kan\s+du\s+|vil\s+du\s+|please\s+|can\s+you\s+)?"
    r"(?:si|sei|fortell|fortel|tell|let|minne|minn|remind|"
    r"(?:gi|gje|send|sende|send\s+ut|sende\s+ut)\s+(?:(?:en|ei|et|eit|ein|a)\s+)?(?:beskjed|melding|message|word))"
    r"(?:\s+(?:fra|ifra|frå|i\s+frå))?(?:\s+(?:til|åt|to))?\s+(?P<audience>[^:]+?)\s+"
    r"(?:om\s+at|på\s+at|at|know\s+that|that)\s+(?P<text>[^:]+)$",
    re.I | re.S,
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
# "vi har brannøvelse kl 10, send øvelsesvarsel til hele skolen", "kan du sende ut en brannøvelse til alle?":
# a drill word and a word for sending it, without a message text after a colon (that is everyday news).
_DRILL_WORD = re.compile(r"(?:øvelse|ovelse|øving|\bdrill)", re.I)
_SEND_WORD = re.compile(r"\b(?:send\w*|varsl\w*|\w*varsel\w*|start\w*|kjør|køyr|run|trigger|alert)\b", re.I)
_DRILL_AUDIENCE = re.compile(
    r"\b(?:til|to)\s+(?P<audience>[^,.!?:]+?)\s*(?:\b(?:nå|no|now|da|då)\b)?\s*[.!?]*\s*$", re.I
)
# "hvem kan sende det da?", "kven kan sende beredskapsvarsel?", "who can send it then?"
_WHO_SENDS = re.compile(
    r"^\s*(?:(?:men|ok|okei|okay|så|but|so)\s*,?\s+)?(?:hvem|kven|who)\s+(?:kan|får\s+lov\s+til\s+å|får|skal|"
    r"can|may|is\s+allowed\s+to|should)?\s*(?:sende\w*|send|sends|varsle)\s*(?:ut\s+|out\s+)?"
    r"(?:(?:det|den|dette|sånt|slikt|slike|sånne|it|that|this|them|one|et|eit|ei|en|ein|an|a)\s*)?"
    r"(?:(?:beredskap\w*|akutt\w*|nød\w*|krise\w*|varsel\w*|sms\w*|melding\w*|emergency\s+\w+|alerts?|"
    r"messages?)\s*)?(?:(?:til|to)\s+alle\s*|(?:to\s+)?everyone\s*)?(?:da|då|then|nå|now)?\s*[?.!]*\s*$",
    re.I,
)


# "status på siste varsel", "hvordan gikk det med varselet?", "har alle fått meldingen?", "how did the last alert go?"
_MESSAGE_WORD = (
    r"(?:varsel\w*|beredskaps\w*|melding\w*|beskjed\w*|sms\w*|utsending\w*|øvelse\w*|øving\w*|alert\w*|"
    r"message\w*|broadcast\w*|drill)"
)
_STATUS_WORDS = re.compile(
    r"^\s*(?:"
    r"(?:status|rapport|report)\s+(?:på|for|om|til|on|for|of)\s+(?:det\s+|den\s+|the\s+)?(?:siste|forrige|last|latest)?\s*"
    + _MESSAGE_WORD
    + r"|(?:hvordan|korleis|how)\s+(?:gikk|gjekk|går|did|is|was|went)\s+(?:det\s+med\s+|it\s+with\s+)?"
    r"(?:det\s+|den\s+|the\s+)?"
    r"(?:siste\s+|forrige\s+|last\s+|latest\s+)?"
    + _MESSAGE_WORD
    + r"(?:\s+(?:go|going|gå))?"
    + r"|(?:har|fikk|fekk|did|have|has)\s+(?:alle|everyone|everybody|all)\s+"
    r"(?:fått|fenge|got|gotten|received|lest|read)\s+(?:det\s+|den\s+|the\s+)?"
    r"(?:siste\s+|last\s+)?"
    + _MESSAGE_WORD
    + r"|(?:hvem|kven|who)\s+(?:har\s+ikke|har\s+ikkje|hasn'?t|has\s+not|did\s+not|didn'?t)\s+"
    r"(?:fått|fenge|got|received|read|lest|svart\s+på|answered|replied\s+to)\s+(?:det\s+|den\s+|the\s+)?"
    r"(?:siste\s+|last\s+)?" + _MESSAGE_WORD + r")\s*(?:da|då|then|nå|no|now|i\s*dag|today)?\s*[?.!]*\s*$",
    re.I,
)


def asks_status(text: str | None) -> bool:
    """Whether staff ask in plain words how the last broadcast went ("hvordan gikk det med siste varsel?")."""
    return bool(_STATUS_WORDS.match(text or ""))


def mentions_emergency(text: str | None) -> bool:
    """Whether a request to message people speaks of an emergency (fire, evacuation, danger), not of a drill."""
    raw = text or ""
    return bool(_EMERGENCY_HINT.search(raw)) and not _DRILL_HINT.search(raw)


# "hvem skal jeg spørre da?", "hvem må eg kontakte?", "who should I ask then?" (after being refused an alert)
_WHO_TO_ASK = re.compile(
    r"^\s*(?:(?:men|ok|okei|okay|så|but|so)\s*,?\s+)?(?:hvem|kven|who)\s+(?:skal|må|bør|kan|should|do|can|must)\s+"
    r"(?:jeg|eg|i)\s+(?:spørre|spørja|spørje|kontakte|ringe|snakke\s+med|ask|contact|call|talk\s+to)"
    r"(?:\s+(?:om\s+det|om\s+dette|about\s+it|da|då|then|nå|now))*\s*[?.!]*\s*$",
    re.I,
)


def asks_who_sends(text: str | None) -> bool:
    """Whether the message asks who may send an alert ("hvem kan sende det da?"), e.g. after being refused one."""
    return bool(_WHO_SENDS.match(text or "") or _WHO_TO_ASK.match(text or ""))


def read_staff_compose(text: str | None) -> ComposeRequest | None:
    """A broadcast asked for in plain words; None when the message is not one (or names no audience we know)."""
    raw = (text or "").strip()
    if not raw:
        return None
    if _DRILL_ALONE.match(raw):
        return ComposeRequest(emergency=True, drill=True)
    if ":" not in raw and _DRILL_WORD.search(raw) and _SEND_WORD.search(raw):
        to = _DRILL_AUDIENCE.search(raw)
        return ComposeRequest(
            emergency=True, drill=True, audience=audience_from_phrase(to.group("audience")) if to else None
        )
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
    return _told(raw)


def _told(raw: str) -> ComposeRequest | None:
    """ "si til foreldrene i 5B at vi går på tur fredag" → to 5B's guardians: "Vi går på tur fredag"."""
    match = _TELL_THAT.match(raw)
    if match is None:
        return None
    audience = audience_from_phrase(match.group("audience"))
    body = match.group("text").strip()
    if audience is None or not body:
        return None
    return ComposeRequest(audience=audience, text=body[:1].upper() + body[1:], command=False)
