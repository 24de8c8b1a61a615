"""How staff ask for a broadcast in plain words, beside the commands `read_compose` reads.

"send til alle foresatte: …", "melding til 5B: …", "send a message to all parents: …" (an audience
we know and a text after the colon), "øvelse" / "drill" alone (a drill), and "send beredskapsvarsel",
"send akuttvarsel til alle", "emergency alert" (an emergency), "si til foreldrene i 5B at …" and "kan du si til
alle foreldrene på skolen at …?" (reported speech), "send foreldrene i 5B en melding om at …" (the group first),
"ok, send det som vanlig melding til foresatte i 5B da: …", "ok, send en vanlig melding til …", "bare en melding til …"
(everyday news, never an emergency, even about a fire drill), and an answer that names its group before the text
("til alle ansatte: Brannøvelse …"). An acknowledgement first ("ok,", "greit,", "ja,", "fine,") changes nothing.
Pure: text in, ComposeRequest or None out.
"""

from __future__ import annotations

import re

from dialogs.broadcast.render import ComposeRequest, audience_from_phrase

__all__ = [
    "asks_status",
    "asks_who_sends",
    "mentions_emergency",
    "message_text",
    "read_staff_compose",
    "split_addressed",
]

_DRILL_ALONE = re.compile(
    r"^\s*/?(?:øvelse|ovelse|øving|beredskapsøvelse|beredskapsovelse|beredskapsøving|drill|emergency\s+drill)"
    r"\s*[.!]?\s*$",
    re.I,
)
# An acknowledgement or a link word before a request: "ok, …", "greit da, …", "ja, …", "fine, …", "men …".
_ACK_LEAD = (
    r"(?:(?:ok|okei|okay|greit|fint|flott|javel|ja|jo|nei|men|da|så|fine|alright|right|well|then|but|so)"
    r"\b\s*[,.!]?\s*)*"
)
_EMERGENCY_WORD = (
    r"(?:beredskapsvarsel|beredskapsvarselet|beredskapsmelding|akuttvarsel|akuttmelding|nødvarsel|nødmelding|"
    r"krisevarsel|krisemelding|emergency\s+(?:alert|message|broadcast|notice|warning))"
)
_EMERGENCY = re.compile(
    r"^\s*"
    + _ACK_LEAD
    + r"(?:kan\s+du\s+|kan\s+eg\s+|kan\s+jeg\s+|jeg\s+vil\s+|eg\s+vil\s+|i\s+want\s+to\s+|please\s+)?"
    r"(?:send\w*\s+(?:ut\s+|out\s+)?)?(?:et\s+|eit\s+|ei\s+|en\s+|ein\s+|an\s+|a\s+)?" + _EMERGENCY_WORD + r"\b"
    r"(?:\s+(?:til|to)\s+(?P<audience>[^:]+?))?\s*(?:[:\-–]\s*(?P<text>.+))?\s*[.!?]?\s*$",
    re.I | re.S,
)
# What comes before the request itself: "ok, …", "greit da, …", "men kan du …", "please just …".
_LEAD = (
    r"^\s*"
    + _ACK_LEAD
    + r"(?:(?:kan|kunne|vil|gidder)\s+(?:du|dere|de)\s+|(?:can|could|would|will)\s+you\s+|please\s+)?"
    r"(?:(?:bare|berre|heller|helst|just|simply|rather|please)\s+)?"
)
_A = r"(?:(?:en|ei|et|eit|ein|a|an)\s+)"
_KIND = r"(?:melding|meldinga|meldingen|beskjed|sms|tekstmelding|message|note|text|notice)"
_IT = r"(?:(?:det|den|dette|denne|it|that|this)\s+)?(?:(?:bare|berre|heller|just|rather|then)\s+)?"
_ORDINARY_ADJ = r"(?:vanlig|vanleg|alminnelig|ordinær|normal|regular|ordinary|plain|standard|everyday)"
# "melding", "en vanlig melding", "ei vanleg melding", "a normal message": the thing to send, perhaps called ordinary
_NOUN = _A + r"?(?:(?:helt|heilt|just)\s+)?(?:" + _ORDINARY_ADJ + r"\s+)?" + _KIND
# "som vanlig melding", "som ei vanleg melding", "as a normal message": explicitly not an emergency
_ORDINARY_WORDS = r"(?:som|as)\s+" + _A + r"?(?:helt\s+|heilt\s+|just\s+)?" + _ORDINARY_ADJ + r"\s+" + _KIND
# Anywhere in the request before its text: "en vanlig melding", "som vanleg melding", "bare en melding", "just a
# message" say it is everyday news, not an alert, whatever the text speaks of ("Vi har brannøvelse kl 11").
_ORDINARY_HINT = re.compile(
    r"\b(?:" + _ORDINARY_ADJ + r"\s+" + _KIND + r"|(?:bare|berre|kun|just|only|simply)\s+" + _A + r"?" + _KIND + r")\b",
    re.I,
)
_ORDINARY = r"(?P<ordinary>" + _ORDINARY_WORDS + r"\s+)?"
_SEND = r"(?:send|sende|send\s+ut|sende\s+ut|post|poste|skriv|skrive|write|message|text)"
_PLAIN_SEND = re.compile(
    _LEAD
    + r"(?:"
    + _SEND
    + r"|gi|gje|give|si|sei|seie|tell)\s+"
    + _IT
    + _ORDINARY
    + r"(?:"
    + _NOUN
    + r"\s+)?(?:(?:fra|ifra|frå)\s+)?(?:til|åt|to)\s+(?P<audience>[^:]+?)\s*:\s*(?P<text>.+)$",
    re.I | re.S,
)
# "ok, send det som vanlig melding da", "send it as a normal message to 5B parents": the everyday form asked for,
# the audience and text perhaps still to come.
_AS_ORDINARY = re.compile(
    _LEAD
    + _SEND
    + r"\s+"
    + _IT
    + r"(?P<ordinary>"
    + _ORDINARY_WORDS
    + r"|"
    + _A
    + r"?"
    + _ORDINARY_ADJ
    + r"\s+"
    + _KIND
    + r"|(?:bare|berre|kun|just|only|simply)\s+"
    + _A
    + r"?"
    + _KIND
    + r")(?:\s+(?:til|åt|to)\s+(?P<audience>[^:]+?))?"
    r"(?:\s+(?:da|då|then|i\s+stedet|istedet|i\s+staden|istaden|instead))?\s*[.!?]*\s*(?::\s*(?P<text>.+))?$",
    re.I | re.S,
)
_TO_GROUP = re.compile(
    r"^\s*"
    + _ACK_LEAD
    + r"(?:melding|beskjed|message|info|sms)\s+(?:til|to)\s+(?P<audience>[^:]+?)\s*:\s*(?P<text>.+)$",
    re.I | re.S,
)
# "si til foreldrene i 5B at …", "gi beskjed til 2A-foreldre om at …", "send beskjed til foresatte i 5B om at …",
# "tell the 5B parents that …", "kan du seie til føresette på skulen at …": an audience, then reported speech.
_TELL_VERB = (
    r"(?:si|sei|seie|sie|fortell|fortelle|fortel|fortelje|tell|let|minne|minn|remind|informer|informere|inform|"
    r"varsle|notify|(?:gi|gje|send|sende|send\s+ut|sende\s+ut|skriv|skrive|write)\s+" + _IT + _ORDINARY + _NOUN + r")"
)
_TELL_HEAD = re.compile(_LEAD + _TELL_VERB + r"(?:\s+(?:fra|ifra|frå|i\s+frå))?(?:\s+(?:til|åt|to))?\s+", re.I)
# Where the group ends and the message begins; "at" is also English ("all parents at the school that …"),
# so every place is tried and the longest group we know wins.
_THAT = re.compile(
    r"\s+(?:om\s+at|på\s+at|about\s+(?:the\s+fact\s+)?that|know\s+that|saying\s+that|og\s+(?:si|sei|seie)\s+at|"
    r"at|that|saying)\s+",
    re.I,
)
# "… at vi går på tur, og at de må ha matpakke": the second reported clause as the parents read it ("og de må …")
_AND_THAT = re.compile(r"(,?\s+(?:og|and))\s+(?:om\s+)?(?:at|that)\s+", re.I)
# "send foreldrene i 5B en melding om at …", "gi foresatte på skolen beskjed: …", "send the 5B parents a message: …"
_DATIVE = re.compile(
    _LEAD
    + r"(?:send|sende|send\s+ut|gi|gje|give|text)\s+(?P<audience>[^:]+?)\s+"
    + _NOUN
    + r"\s*(?:(?:om\s+at|på\s+at|at|about\s+that|that|saying|:)\s*(?P<text>.+))$",
    re.I | re.S,
)
# A polite request ends in its own question mark: "kan du si til foreldrene at turen er fredag? takk" –
# the reported "at …"-clause states something, so its "?" is the request's, not the message's.
_ASKED = re.compile(
    r"^\s*(?:(?:ok|okei|okay|greit|hei|hallo|ja|men|så|hi|hey|so|but)\b\s*[,.!]?\s*)*"
    r"(?:kan|kunne|vil|gidder|can|could|would|will)\s+(?:du|dere|de|you)\b",
    re.I,
)
# A sentence ends before the first "?" ("Turen er fredag. Kan noen kjøre?"): that "?" is the message's own.
_SENTENCE_END = re.compile(r"[!]|\.\s+[A-ZÆØÅ]")
# A reported clause that is itself a question ("om de kan kjøre?", "who can drive?") keeps its question mark.
_QUESTION_START = re.compile(
    r"^\s*(?:om|hvem|hva|hvor|hvorfor|når|hvordan|kven|kva|kor|korleis|kvifor|who|what|where|when|why|how|if|"
    r"whether|noen|nokon|anyone|anybody)\b",
    re.I,
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
    everyday = _everyday(raw)  # a message and its group in words: news, even when it speaks of a drill
    if everyday is not None:
        return everyday
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
    return None


def _everyday(raw: str) -> ComposeRequest | None:
    """ "send til alle foresatte: …", "si til foreldrene i 5B at …", "send det som vanlig melding til 5B: …"."""
    asked = bool(_ASKED.match(raw))
    for pattern in (_PLAIN_SEND, _TO_GROUP, _DATIVE):
        match = pattern.match(raw)
        found = match and _group_message(
            match.group("audience"), match.group("text"), _ordinary(raw[: match.start("text")]), asked=asked
        )
        if found:
            return found
    told = _told(raw, asked=asked)
    if told is not None:
        return told
    match = _AS_ORDINARY.match(raw)
    if match is None:
        return None
    phrase, body = match.group("audience"), (match.group("text") or "").strip()
    audience = audience_from_phrase(phrase) if phrase else None
    if phrase and audience is None:
        return None  # "send det som vanlig melding til læreren" is for a person
    return ComposeRequest(audience=audience, text=message_text(body) or None, command=False, ordinary=True)


def _told(raw: str, *, asked: bool) -> ComposeRequest | None:
    """ "si til foreldrene i 5B at vi går på tur fredag" → to 5B's guardians: "Vi går på tur fredag"."""
    head = _TELL_HEAD.match(raw)
    if head is None:
        return None
    rest = raw[head.end() :]
    splits = [(rest[: m.start()], rest[m.end() :]) for m in _THAT.finditer(rest)]
    known = [(phrase, body) for phrase, body in splits if audience_from_phrase(phrase) is not None]
    if not known:
        return None  # "si til Ola at …", "minn meg om at …": a person, not a group
    phrase, body = known[-1]
    ordinary = _ordinary(raw[: head.end()] + phrase)
    return _group_message(phrase, _AND_THAT.sub(r"\1 ", body), ordinary, asked=asked)


def _ordinary(request: str) -> bool:
    """Whether the request (the words before its message) calls it an ordinary message: "send en vanlig melding
    til …", "som vanleg melding", "bare en beskjed", "just a message"; the message's own words do not count."""
    return bool(_ORDINARY_HINT.search(request))


def _group_message(phrase: str, body: str, ordinary: bool, *, asked: bool) -> ComposeRequest | None:
    """The request for a group and a text, or None when it names no group we know ("melding til læreren: …")."""
    audience = audience_from_phrase(phrase)
    text = message_text(body, asked=asked)
    if audience is None or not text:
        return None
    return ComposeRequest(audience=audience, text=text, command=False, ordinary=ordinary)


def message_text(body: str, *, asked: bool = False) -> str:
    """The message as recipients read it: from a capital letter, and without the request's own question mark.

    "kan du si til foreldrene at turen er fredag? takk for hjelpen" asks a question, but the "at"-clause it
    reports states something: "Turen er fredag." – the "?" closing the first sentence (or the whole) is dropped.
    """
    text = body.strip()
    if asked:
        first, mark, rest = text.partition("?")
        if mark and not _SENTENCE_END.search(first) and not _QUESTION_START.match(first):
            rest = rest.lstrip("?").strip()
            text = first.rstrip() + "." + (" " + rest[:1].upper() + rest[1:] if rest else "")
    return text[:1].upper() + text[1:]


# An answer that names its group first: "til alle ansatte: Brannøvelse kl 10.15", "foresatte i 5B: Husk gymtøy",
# "to all staff - fire drill at 10", or the group alone ("til alle ansatte").
_ADDRESSED = re.compile(
    r"^\s*(?P<to>(?:send\w*\s+(?:ut\s+|out\s+)?(?:det\s+|den\s+|it\s+)?)?(?:til|åt|to|for)\s+)?"
    r"(?P<audience>[^:\n–—]{1,60}?)\s*(?:(?:[:–—]|\s-)\s*(?P<text>.*))?$",
    re.I | re.S,
)
# A group alone that is also an everyday word ("Alle: møt i gymsalen"): a group only after "til"/"to".
_BARE_WORDS = frozenset({"alle", "skolen", "skulen", "everyone", "everybody", "school"})


def split_addressed(text: str | None) -> tuple[str | None, str]:
    """The group an answer names before its message, and the message: ("staff", "Brannøvelse kl 10.15") for
    "til alle ansatte: Brannøvelse kl 10.15"; (None, text) when it names none, so the whole is the message."""
    raw = (text or "").strip()
    whole = audience_from_phrase(raw)
    match = _ADDRESSED.match(raw)
    if whole is not None or match is None:  # "guardians:class:5B", "alle ansatte": a group, and no message
        to = bool(match and match.group("to"))
        return (whole, "") if whole is not None and to else (None, raw)
    phrase = match.group("audience")
    audience = audience_from_phrase(phrase)
    if audience is None:
        return None, raw
    if not match.group("to") and (match.group("text") is None or phrase.strip().lower() in _BARE_WORDS):
        return None, raw  # "5B" or "Alle: …" alone is not clearly a group: read as the message
    return audience, message_text(match.group("text") or "")
