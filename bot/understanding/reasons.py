"""Why a child is away: illness, appointment, family, other, or no reason given.

Categories are checked in that order, so "syk, skal til legen" is illness (the cause) and
"tannlege" alone is an appointment. Family covers funerals, weddings, religious and family
celebrations and family trips: a holiday trip ("ferie", "reise", "hytta") counts as family,
because the school handles it as a family matter when granting leave. A reason that is
given ("pga fotballcup", "flytting", "passkontoret") but fits none of these is "other".
"""

from __future__ import annotations

import re

from storage.domain import Reason

from .normalise import canonical, clean

__all__ = ["ILLNESS", "APPOINTMENT", "FAMILY", "OTHER", "classify_reason", "reason_of"]

ILLNESS = re.compile(
    r"\b(?:syk|syke|sykt|sykdom\w*|sykemeld\w*|sykmeld\w*|feber|febersyk|kaste\s+opp|kastet\s+opp|kasta\s+opp|"
    r"kaster\s+opp|kastar\s+opp|spy\w*|oppkast|omgangssyk\w*|magesyk\w*|mageinfluensa|vondt|vondt\s+i\s+\w+|"
    r"hodepine|hovudpine|migrene|forkjøl\w*|snue|snørr\w*|hoste\w*|hostar|influensa|influenza|flu|covid\w*|korona\w*|"
    r"corona\w*|rs-virus|virus|halsbetennelse|ørebetennelse|øyebetennelse|betennelse|diaré|diare|diarrhea|"
    r"diarrhoea|vannkopper|skarlagensfeber|brukket|brekt|skadet|skada|skade|hjernerystelse|astma\w*|allergi\w*|"
    r"uvel|(?<!sovet\s)(?<!sov\s)(?:dårlig|darlig|dårleg|dårli|dårlige)(?!\s+(?:samvittighet|vær|tid|natt|søvn|humør))|slapp|utslett|tett\s+nese|halsen|ikke\s+i\s+form|ikke\s+helt\s+i\s+form|"
    r"fever|vomit\w*|threw\s+up|throwing\s+up|stomach\w*|headache|cough\w*|a\s+cold|infection|legevakt\w*|"
    r"innlagt|pneumoni|lungebetennelse|bronkitt|kvalm\w*|svimmel|svimle|mageknip|mage\w+|pjusk\w*|"
    r"dårle|dålig|dåli|brekker\s+seg|brekte\s+seg|brakk\s+seg|sjuk\w*|"
    r"sore|throat|ache|aches|hurts?|pain\w*|ill|nausea|dizzy|ikke\s+(?:helt\s+|heilt\s+)?frisk\w*)\b"
    # Compounds name an illness by their last part: øyekatarr, mellomørebetennelse, tannverk, magesmerter.
    r"|\b\w+(?:betennelse|katarr|infeksjon|smerter|smerte|pine|feber|virus|syke|sjuke|sykdom)\b"
    r"|\b\w*(?:øre|tann|rygg|mage|hode|hals|kne|fot|bein|arm|ledd|vokse)verk\b"
)
APPOINTMENT = re.compile(
    r"\b(?:tannlege\w*|tannlækj\w*|lege|legen|legetime\w*|legesjekk|legekontor\w*|fastlege\w*|sykehus\w*|"
    r"kontroll\w*|fysio\w*|tannregulering\w*|regulering\w*|kjeveortoped\w*|helsesykepleier\w*|helsesøster\w*|"
    r"helsestasjon\w*|bup|ppt|psykolog\w*|øyelege\w*|optiker\w*|ørelege\w*|audiograf\w*|hørsel\w*|"
    r"logoped\w*|ergoterapeut\w*|time\s+(?:hos|på|til|ved)|har\s+(?:en\s+)?time|legeundersøkelse|undersøkelse\w*|"
    r"vaksin\w*|sjekk\w*|avtale|avtale\s+hos|operasjon\w*|opere\w*|operert\w*|dentist\w*|doctor\w*|doktor\w*|appointment\w*|"
    r"hospital\w*|clinic\w*|orthodontist\w*|physio\w*|optician\w*|check-up|checkup|ortodontist\w*|tannpleier\w*|"
    r"kiropraktor\w*|osteopat\w*|legesenter\w*|blodprøve\w*|røntgen\w*|ultralyd\w*|allergitest\w*|ahus|ullevål|"
    r"rikshospitalet|haukeland|st\.?\s+olavs)\b"
)
# Relatives are a reason only when the child goes to them or does something for them
# ("skal til mormor", "besøke besteforeldre"), not when they just fetch the child.
_RELATIVE = (
    r"(?:besteforeldre\w*|bestemor\w*|bestefar\w*|farmor\w*|farfar\w*|mormor\w*|morfar\w*|oldemor\w*|"
    r"oldefar\w*|onkel\w*|tante\w*|kusine\w*|fetter\w*|søsken\w*|grandparent\w*|grandma|grandpa|"
    r"grandmother|grandfather)"
)
FAMILY = re.compile(
    r"\b(?:begravelse\w*|gravferd\w*|døde|død|dødsfall\w*|sorg\w*|bisettelse\w*|minnestund\w*|\w*bryllup\w*|\w*bryllaup\w*|famili\w*|"
    r"(?:til|hos|med|besøke|besøk|pga|for|visit|visiting|see)\s+(?:\w+\s+)?" + _RELATIVE + r"|"
    r"dåp\w*|barnedåp\w*|konfirmasjon\w*|jubileum\w*|"
    r"feiring\w*|bursdag\w*|\w*årsdag\w*|selskap\w*|ferie\w*|reise|reiser|reisa|tur|turen|hytta|hytte\w*|syden|utlandet|utenlands|"
    r"hjemlandet|besøk\w*|eid|bayram|ramadan|diwali|religiøs\w*|høytid\w*|funeral\w*|wedding\w*|family|"
    r"vacation\w*|holiday\w*|trip|travel\w*|visit\w*|"
    r"flyet|flyreise\w*|flytur\w*|flyplass\w*|flight\w*|ferja|ferga|ferje\w*|"
    r"christening|baptism|celebration)\b"
)
# Phrases that give a reason but are none of the above; sports and culture events also as the
# last part of a compound ("hockeycup", "håndballturnering", "skirenn").
OTHER = re.compile(
    r"\b\w*(?:cup|turnering|stevne|kamp|kamper|konkurranse|renn|konsert|forestilling|oppvisning|leir|trening)\b|"
    r"\b(?:personlige|private|praktiske)\s+(?:grunner|årsaker|årsak|grunnar)\b|\bforsov\w*|\bpasset\b|\b(?:fotball\w*|cup|turnering\w*|kamp\w*|stevne\w*|idrettsstevne\w*|håndball\w*|svømmestevne\w*|"
    r"trening\w*|konkurranse\w*|renn|skirenn|\w+renn|klubb\w*|korps\w*|teater\w*|musikal\w*|konsert\w*|opptreden|forestilling\w*|audition|flytting|flytter|flytte|pass|"
    r"passkontor\w*|politi\w*|nav|udi|intervju\w*|kurs\w*|leir\w*|speider\w*|tv-opptak|opptak|innspilling|"
    r"bilverksted|transport|buss\w*|streik\w*|moving|passport|tournament|match|competition)\b"
)
# "pga X" / "because X": a reason is given even when we do not know the word.
_CAUSE = re.compile(r"\bpga\s+(?P<what>(?:[\w-]+\s+){0,4}[\w-]+)")
_NEGATED_ILLNESS = re.compile(r"\b(?:ikke|aldri|no\s+longer|not)\s+(?:\w+\s+)?(?:syk|syke|dårlig|feber)\b")
_FILLER_CAUSE = frozenset(
    [
        "det",
        "at",
        "dette",
        "han",
        "hun",
        "de",
        "vi",
        "jeg",
        "noe",
        "hans",
        "hennes",
        "en",
        "et",
        "ei",
        "skal",
        "er",
        "har",
        "må",
        "blir",
        "ble",
        "var",
        "i",
        "på",
        "til",
        "med",
        "som",
        "og",
        "så",
        "den",
        "litt",
        "bare",
        "ting",
        "grunner",
        "grunn",
    ]
)


def reason_of(text: str) -> str | None:
    """Reason category of canonical text (see module docstring), None when none is given.

    Plain strings (`.value`), not members: the result goes into dialog state, which jsonpickle keeps.
    """
    illness = [m for m in ILLNESS.finditer(text) if not _NEGATED_ILLNESS.search(text[max(0, m.start() - 20) : m.end()])]
    if illness:
        return Reason.ILLNESS.value
    if APPOINTMENT.search(text):
        return Reason.APPOINTMENT.value
    if FAMILY.search(text):
        return Reason.FAMILY.value
    if OTHER.search(text):
        return Reason.OTHER.value
    cause = _CAUSE.search(text)
    if cause and any(w not in _FILLER_CAUSE and not w.isdigit() for w in cause.group("what").split()):
        return Reason.OTHER.value
    return None


def classify_reason(text: str) -> str | None:
    """Reason category of a raw message or dialog reply: illness, appointment, family, other or None."""
    return reason_of(canonical(clean(text)))
