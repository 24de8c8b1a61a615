"""Broadcast texts and numbers, all pure: the message as it goes out (ØVELSE-marked for a drill),
SMS segments and their cost, how long sending takes at the configured rates, and reading what a
sender typed ("/beredskap ...", "send melding til foresatte i 5B: ...", "VARSEL 1234 ...").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.texts import catalogue, t
from bot.texts.wording import join_sentences
from bot.understanding.answers import says_yes
from storage.audiences import Route, parse_audience
from storage.segments import count_segments, to_gsm_safe

MAX_SMS_CHARS = 1600  # Twilio refuses longer bodies (error 21617)
DRILL_MARKER = "ØVELSE"


# ---------------------------------------------------------------------------- the message


# The sender's own drill label at the start ("Øvelse: …", "ØVELSE - …", "(øving) …"): replaced by ours, not doubled.
_OWN_DRILL_LABEL = re.compile(
    r"^\s*[(\[]?\s*(?:beredskaps)?(?:øvelse|ovelse|øving|oving|drill)\s*[)\]]?\s*[:\-–—!.]\s*|"
    r"^\s*[(\[]\s*(?:øvelse|ovelse|øving|oving|drill)\s*[)\]]\s*",
    re.I,
)
_OWN_DRILL_TAIL = re.compile(r"\s*[(\[]\s*(?:øvelse|ovelse|øving|oving|drill)\s*[)\]]\s*$", re.I)


def marked(text: str, *, drill: bool) -> str:
    """The text with ØVELSE before and after it when it is a drill, so no one takes it for real; a label the
    sender wrote already ("Øvelse: brannalarmen går kl 10") gives way to ours, so it is there once."""
    text = text.strip()
    if not drill:
        return text
    text = _OWN_DRILL_TAIL.sub("", _OWN_DRILL_LABEL.sub("", text, count=1)).strip() or text
    return f"{DRILL_MARKER}: {text} ({DRILL_MARKER})"


def outgoing_text(text: str, *, drill: bool, emergency: bool, language: str, signature: str = "") -> str:
    """What every recipient reads: the (marked) text, how to acknowledge an emergency, and who sends it.

    `signature` is the sender line ("Hilsen Solbakken skole", see `signature`), on a line of its own.
    """
    body = join_sentences([marked(text, drill=drill), t(language, "broadcast.ack_hint") if emergency else ""])
    return f"{body}\n{signature}" if signature else body


def sms_text(text: str, *, drill: bool, emergency: bool, language: str, signature: str = "") -> str:
    """The SMS body: as above, with typographic characters made GSM-7 so it costs fewer segments."""
    return to_gsm_safe(outgoing_text(text, drill=drill, emergency=emergency, language=language, signature=signature))


def signature(language: str, school: str, *, teacher: str | None = None) -> str:
    """The sender line of a broadcast: "Hilsen Solbakken skole", or "Hilsen Kari Nordmann, Solbakken skole"
    for a teacher's own message; "" when there is no name to sign with."""
    if teacher and school:
        return t(language, "broadcast.signature.person_school", name=teacher, school=school)
    if teacher:
        return t(language, "broadcast.signature.person", name=teacher)
    return t(language, "broadcast.signature.school", school=school) if school else ""


# ---------------------------------------------------------------------------- the numbers


@dataclass(frozen=True)
class PreviewNumbers:
    """What the sender sees before confirming."""

    people: int
    teams: int
    sms: int
    opted_out_skipped: int  # opted out of SMS and not sent to
    opted_out_included: int  # opted out, but an emergency goes to them by the school's setting
    no_address: int  # nowhere to send (no Teams when asked, no mobile)
    segments: int  # per SMS
    encoding: str
    seconds: float  # expected sending time at the configured rates

    @property
    def addresses(self) -> int:
        return self.teams + self.sms

    @property
    def sms_segments(self) -> int:
        """The cost of the SMS part, in segments."""
        return self.sms * self.segments


def preview_numbers(
    routes: Iterable[Route], opted_out: Iterable[str], *, sms_body: str, sms_rate: float, teams_rate: float
) -> PreviewNumbers:
    """Counts, cost and duration for a planned broadcast; `opted_out` are the opted-out recipients."""
    routes = list(routes)
    opted = set(opted_out)
    info = count_segments(sms_body)
    teams = sum(1 for r in routes if r.channel == "teams")
    sms = sum(1 for r in routes if r.channel == "sms")
    return PreviewNumbers(
        people=len(routes),
        teams=teams,
        sms=sms,
        opted_out_skipped=sum(1 for r in routes if r.reason == "opted_out"),
        opted_out_included=sum(1 for r in routes if r.channel == "sms" and r.person_id in opted),
        no_address=sum(1 for r in routes if r.reason in ("no_address", "no_teams")),
        segments=info.segments,
        encoding=info.encoding,
        seconds=estimate_seconds(sms * info.segments, teams, sms_rate=sms_rate, teams_rate=teams_rate),
    )


def estimate_seconds(sms_segments: int, teams_sends: int, *, sms_rate: float, teams_rate: float) -> float:
    """SMS and Teams go out side by side, each at its own rate; the slower one decides."""
    return max(sms_segments / sms_rate if sms_rate > 0 else 0.0, teams_sends / teams_rate if teams_rate > 0 else 0.0)


def duration_text(language: str, seconds: float) -> str:
    """ "under ett minutt", "ca. 4 minutter", "ca. 2 timer"."""
    if seconds < 60:
        return t(language, "broadcast.duration.under_minute")
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return t(language, "broadcast.duration.minutes", n=minutes)
    return t(language, "broadcast.duration.hours", n=round(minutes / 60, 1))


# ---------------------------------------------------------------------------- reading requests

_COMMAND = re.compile(
    r"^\s*/?(?P<word>beredskapsøvelse|beredskapsovelse|beredskapsmelding|beredskap|øvelse|ovelse|drill|"
    r"emergency|varsel|varsle|melding|broadcast)\b[\s:,.-]*(?P<text>.*)$",
    re.I | re.S,
)
_SLASH_ONLY = frozenset({"øvelse", "ovelse", "drill", "melding"})  # everyday words: only as /command
# "send melding til 5B: …", also after an acknowledgement ("ok, send en vanlig melding til foresatte i 1A: …")
_SEND_TO = re.compile(
    r"^\s*(?:(?:ok|okei|okay|greit|fint|ja|jo|javel|fine|alright)\b\s*[,.!]?\s*)*(?:kan\s+du\s+)?"
    r"(?:send|sende|skriv|gi)\w*\s+(?:en\s+|ei\s+|et\s+|eit\s+)?"
    r"(?P<ordinary>(?:vanlig|vanleg|alminnelig|ordinær|normal|ordinary|regular)\s+)?"
    r"(?P<kind>beredskapsmelding|melding|beskjed|sms|varsel|info\w*|message)\s+til\s+(?P<rest>.+)$",
    re.I | re.S,
)


@dataclass(frozen=True)
class ComposeRequest:
    """What a sender asked for so far; None fields are asked for by the dialog."""

    emergency: bool = False
    drill: bool = False
    text: str | None = None
    audience: str | None = None
    command: bool = True  # "/beredskap ...", "varsel": a command, not a request in plain words
    ordinary: bool = False  # "send det som vanlig melding": everyday news, whatever words it uses


def read_compose(text: str | None) -> ComposeRequest | None:
    """A request to compose a broadcast, or None when the message is about something else."""
    raw = (text or "").strip()
    if not raw:
        return None
    match = _COMMAND.match(raw)
    if match:
        word = match.group("word").lower()
        if word in _SLASH_ONLY and not raw.startswith("/"):
            return None
        drill = word in ("beredskapsøvelse", "beredskapsovelse", "øvelse", "ovelse", "drill")
        emergency = drill or word in ("beredskap", "beredskapsmelding", "emergency")
        return ComposeRequest(emergency=emergency, drill=drill, text=match.group("text").strip() or None)
    match = _SEND_TO.match(raw)
    if match:
        ordinary = bool(match.group("ordinary"))
        emergency = match.group("kind").lower() == "beredskapsmelding" and not ordinary
        rest = match.group("rest")
        phrase, _, body = rest.partition(":")
        return ComposeRequest(
            emergency=emergency,
            audience=audience_from_phrase(phrase),
            text=body.strip() or None,
            command=False,
            ordinary=ordinary,
        )
    return None


_CLASS = r"(?P<klass>\d{1,2}\s?[a-zæøå])"
_PLAIN_AUDIENCES = ("school", "staff", "guardians", "pupils")  # audience strings that are one plain word
# "(på|ved) (hele) skolen", "at the school", "in our school": the whole school, said after a group
_AT_SCHOOL = (
    r"(?:\s+(?:på|ved|i|at|in|of|on)\s+(?:hele\s+|heile\s+|the\s+whole\s+|the\s+|our\s+|this\s+)?"
    r"(?:skolen|skulen|skole|skule|school))?"
)
# "foreldrene til (alle) elevene", "parents of the pupils": the guardians of pupils, still the guardians
_OF_PUPILS = (
    r"(?:\s+(?:til|åt|for|of)\s+(?:alle\s+|alle\s+de\s+|all\s+(?:the\s+)?|the\s+|our\s+)?"
    r"(?:elevene|elevane|elever|elevar|barna|borna|ungene|ungane|pupils|students|children|kids))?"
)
_GUARDIANS = (
    r"(?:(?:every|each)\s+(?:parent|guardian)|(?:alle\s+|all\s+(?:the\s+)?|the\s+|dei\s+|de\s+)?"
    r"(?:foresatte|foreldre(?:ne)?|foreldra|føresette|føresatte|parents|guardians))" + _OF_PUPILS
)
_PUPILS = r"(?:alle\s+|all\s+(?:the\s+)?|the\s+)?(?:elev(?:ene|er)?|elevane|elevar|pupils|students)"
_STAFF = (
    r"(?:alle\s+|hele\s+|heile\s+|all\s+(?:the\s+)?|the\s+|every\s+|dei\s+|de\s+)?"
    r"(?:ansatte|tilsette|personalet|lærerne|lærere|lærarane|lærarar|kollegaene|kollegene|kollegane|"
    r"staff|staff\s+members|teachers|employees|colleagues)"
)
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^" + _GUARDIANS + r"\s+(?:i|på|til|in|of)\s+(?:klasse\s+|class\s+)?" + _CLASS + r"$"),
        "guardians:class:{klass}",
    ),
    (
        re.compile(
            r"^(?:the\s+|alle\s+|all\s+(?:the\s+)?)?"
            + _CLASS
            + r"(?:-|\s)?(?:foreldrene|foresatte|foreldre|foreldra|føresette|parents|guardians)$"
        ),
        "guardians:class:{klass}",
    ),
    (
        re.compile(r"^" + _PUPILS + r"\s+(?:i|på|in)\s+(?:klasse\s+|class\s+)?" + _CLASS + r"$"),
        "pupils:class:{klass}",
    ),
    (
        re.compile(r"^" + _GUARDIANS + r"\s+(?:i|på|til|in|of)\s+(?P<grade>\d{1,2})\.?\s*(?:trinn|steg|grade)$"),
        "guardians:grade:{grade}",
    ),
    (
        re.compile(r"^" + _GUARDIANS + r"\s+(?:i|på|in)\s+(?:trinn|grade)\s+(?P<grade>\d{1,2})$"),
        "guardians:grade:{grade}",
    ),
    (re.compile(r"^(?:hele\s+|heile\s+)?(?P<grade>\d{1,2})\.?\s*(?:trinn|steg)$"), "grade:{grade}"),
    (re.compile(r"^(?:trinn|grade)\s+(?P<grade>\d{1,2})$"), "grade:{grade}"),
    (re.compile(r"^(?:hele\s+|heile\s+)?(?:klasse\s+|klassen\s+|class\s+)?" + _CLASS + r"$"), "class:{klass}"),
    (re.compile(r"^" + _GUARDIANS + _AT_SCHOOL + r"$"), "guardians"),
    (re.compile(r"^" + _STAFF + _AT_SCHOOL + r"$"), "staff"),
    (re.compile(r"^" + _PUPILS + _AT_SCHOOL + r"$"), "pupils"),
    (
        re.compile(
            r"^(?:hele\s+skolen|heile\s+skulen|skolen|skulen|alle|everyone|everybody|the\s+whole\s+school"
            r"|whole\s+school|school|(?:alle|everyone|everybody)(?:\s+(?:på|ved|at|in)\s+(?:hele\s+|heile\s+|the\s+"
            r"whole\s+|the\s+)?(?:skolen|skulen|school)))$"
        ),
        "school",
    ),
]
# "til alle ansatte" (an answer to "who?"), "foresatte i 5B da", "the parents in 5B then": the words around a group
_AUDIENCE_LEAD = re.compile(r"^(?:(?:til|åt|to|for)\s+)+")
_AUDIENCE_TAIL = re.compile(
    r"(?:\s+(?:da|då|then|nå|no|now|også|og|too|as\s+well|i\s+stedet|istedet|i\s+staden|istaden|instead|takk|"
    r"please))+$"
)


def audience_from_phrase(phrase: str | None) -> str | None:
    """ "foresatte i 5B" -> "guardians:class:5B", "hele skolen" -> "school"; None when unclear."""
    low = " ".join((phrase or "").lower().replace("«", "").replace("»", "").split()).strip(" .,!?")
    low = _AUDIENCE_TAIL.sub("", _AUDIENCE_LEAD.sub("", low)).strip(" .,!?")
    if not low:
        return None
    for pattern, template in _PHRASES:
        match = pattern.match(low)
        if match:
            values = {k: v.replace(" ", "").upper() for k, v in match.groupdict().items() if v}
            return template.format(**values)
    if re.match(r"^(?:guardians:|pupils:|students:)?(?:class|grade):\S+$", low) or low in _PLAIN_AUDIENCES:
        return phrase.strip() if phrase else None
    return None


def channels_from_answer(text: str | None) -> str | None:
    """ "Teams og SMS" -> "both", "bare SMS" -> "sms", "sms,teams" -> "both"; None when unclear."""
    low = (text or "").lower()
    has_sms = "sms" in low or "tekst" in low
    has_teams = "teams" in low
    if "begge" in low or "both" in low or "alle" in low or (has_sms and has_teams):
        return "both"
    if has_sms:
        return "sms"
    if has_teams:
        return "teams"
    return None


def channels_from_option(value: str) -> str:
    """The CLI's --channels ("sms", "teams", "sms,teams", "both") as sms/teams/both."""
    parts = {p.strip().lower() for p in value.split(",") if p.strip()}
    if "both" in parts or {"sms", "teams"} <= parts:
        return "both"
    if parts == {"sms"}:
        return "sms"
    if parts == {"teams"}:
        return "teams"
    raise ValueError("channels must be sms, teams or sms,teams")


_SMS_COMMAND = re.compile(
    r"^\s*(?P<word>varsel|beredskap|øvelse|ovelse)\s+(?P<pin>\d{4,12})\b\s*(?P<rest>.*)$", re.I | re.S
)
_SMS_WORD_ONLY = re.compile(r"^\s*(?:varsel|beredskap|øvelse|ovelse)\b", re.I)


@dataclass(frozen=True)
class SmsCommand:
    """ "VARSEL 1234 Skolen stenger kl 12": the PIN, the audience (default the school) and the text."""

    pin: str
    text: str
    audience: str = "school"
    emergency: bool = False
    drill: bool = False


# The answer to "Svar med PIN-koden din": "2580", "PIN 2580", "koden er 2580", "my PIN is 2580".
_PIN_ANSWER = re.compile(
    r"^\s*(?:(?:min\s+|mi\s+|my\s+|the\s+)?(?:pin(?:-?\s?kode(?:n)?|-?\s?code)?|kode(?:n)?|code)"
    r"(?:\s+(?:er|is))?\s*[:=]?\s*)?(?P<pin>\d{4,12})\s*[.!]?\s*$",
    re.I,
)


def read_pin(text: str | None) -> str | None:
    """The PIN in an answer that is only a PIN ("2580", "PIN: 2580", "koden er 2580"); None otherwise."""
    match = _PIN_ANSWER.match(text or "")
    return match.group("pin") if match else None


def is_sms_command(text: str | None) -> bool:
    """True when an SMS starts with VARSEL/BEREDSKAP/ØVELSE (well formed or not)."""
    return bool(_SMS_WORD_ONLY.match(text or ""))


def read_sms_command(text: str | None) -> SmsCommand | None:
    """Parse "VARSEL <PIN> [audience] text"; BEREDSKAP is an emergency, ØVELSE a drill."""
    match = _SMS_COMMAND.match(text or "")
    if not match:
        return None
    word = match.group("word").lower()
    rest = match.group("rest").strip()
    audience = "school"
    first, _, after = rest.partition(" ")
    parsed = parse_audience(first) if ":" in first or first.lower() in _PLAIN_AUDIENCES else None
    if parsed is not None and after.strip():
        audience, rest = str(parsed), after.strip()
    if not rest:
        return None
    drill = word in ("øvelse", "ovelse")
    return SmsCommand(
        pin=match.group("pin"), text=rest, audience=audience, emergency=drill or word == "beredskap", drill=drill
    )


_ACK_WORDS = frozenset(
    {
        "ok",
        "okay",
        "okei",
        "mottatt",
        "motteke",
        "motteken",
        "received",
        "lest",
        "ok mottatt",
        "mottatt ok",
        "ok takk",
        "mottatt takk",
        "lest og forstått",
    }
)
_YES_WORDS = frozenset({"ja", "yes", "send", "send den", "ja send", "ja takk", "bekreft", "jepp"})


def _plain(text: str | None) -> str:
    return " ".join(re.findall(r"[\wæøåÆØÅ]+", (text or "").lower()))


_STATUS = re.compile(r"^\s*(?:status|rapport|report)(?:\s+(?:nr\.?\s*)?(?P<id>\d{1,9}))?\s*[.!?]?\s*$", re.I)


@dataclass(frozen=True)
class StatusRequest:
    """ "status" (the latest message one may see) or "status 12" (that one)."""

    broadcast_id: int | None


def read_status_request(text: str | None) -> StatusRequest | None:
    """A request for a broadcast's report, as the whole message; None when it is not one."""
    match = _STATUS.match(text or "")
    if not match:
        return None
    return StatusRequest(int(match.group("id")) if match.group("id") else None)


def is_acknowledgement(text: str | None) -> bool:
    """ "OK", "ok!", "Mottatt." and the like, as the whole message."""
    return _plain(text) in _ACK_WORDS


# "ser bra ut, kjør", "ok, send den", "looks good, go ahead", "perfekt, sett i gang": praise of the preview and
# an explicit go-ahead verb. "ok" or "greit" alone only acknowledges, and sends nothing.
_APPROVAL = (
    r"(?:ja|jo|jepp|yes|yep|ok|okei|okay|greit|fint|flott|supert|perfekt|topp|bra|nice|great|good|fine|takk|thanks|"
    r"da|då|then|(?:(?:det|den|dette|that|it|this)\s+)?(?:ser|sjå|sjer|looks?|seems?)\s+(?:veldig\s+|very\s+|really\s+)?"
    r"(?:bra|fint|riktig|rett|greit|ok|perfekt|good|fine|great|right|correct)(?:\s+ut)?|"
    r"(?:det|dette|den|that|it|this)\s+(?:er|is)\s+(?:bra|fint|riktig|rett|greit|ok|good|fine|right|correct))"
)
_GO = (
    r"(?:(?:bare|berre|just)\s+)?(?:(?:kjør|køyr|kjøyr|send|go)(?:\s+(?:på|den|det|ho|han|it|ahead|ut|out|nå|no|now|"
    r"away|i\s+vei|av\s+gårde))*|sett\s+i\s+gang|set\s+i\s+gang|fyr\s+løs|gjør\s+det|gjer\s+det|do\s+it|ship\s+it)"
)
_GO_AHEAD = re.compile(r"^(?:" + _APPROVAL + r"\s+)*" + _GO + r"(?:\s+(?:" + _APPROVAL + r"|" + _GO + r"))*$")


def is_yes(text: str | None) -> bool:
    """The go-ahead to a preview: "ja", "send", a whole yes in any of our languages ("jepp", "yes please"),
    or praise with a go-ahead verb ("ser bra ut, kjør", "looks good, send it")."""
    plain = _plain(text)
    return plain in _YES_WORDS or says_yes(text) or bool(_GO_AHEAD.match(plain))


def short(text: str, limit: int = 80) -> str:
    """The start of a text for a short SMS preview."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


# ---------------------------------------------------------------------------- labels

_SCHOOL_KEYS = {"all": "school", "guardians": "guardians", "pupils": "pupils"}


def audience_label(language: str, audience: str, *, person_name: str | None = None) -> str:
    """ "guardians:class:5B" -> "foresatte i 5B", "school" -> "hele skolen" (in the language)."""
    parsed = parse_audience(audience)
    if parsed is None:
        return audience
    if parsed.scope == "person":
        return person_name or audience
    if parsed.scope == "staff":
        return t(language, "broadcast.audience.staff")
    if parsed.scope == "school":
        return t(language, "broadcast.audience." + _SCHOOL_KEYS[parsed.members])
    key = parsed.scope if parsed.members == "all" else f"{parsed.members}_{parsed.scope}"
    return t(language, f"broadcast.audience.{key}", value=parsed.value)


def reason_label(language: str, reason: str) -> str:
    """A delivery's failure reason for people: "teams: blocked; sms: opted_out" in words."""
    known = catalogue("nb")
    parts = []
    for part in reason.split("; "):
        channel, _, code = part.rpartition(": ")
        key = "broadcast.reason." + code.split(" ")[0]
        words = t(language, key) if key in known else code
        parts.append(f"{'SMS' if channel == 'sms' else channel.capitalize()}: {words}" if channel else words)
    return "; ".join(parts)
