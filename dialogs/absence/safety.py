"""Is the child accounted for? A pure reading of a guardian's answer to "your child is not at school",
and of an unsolicited alarm ("Ola har ikke kommet hjem!").

An answer is a CLEAR REASON only when it states a reason category (illness, appointment, family,
other, or that the child is at home) in a statement, and says nothing that puts the child on the
way to school, asks where the child is, asks for a call or sounds an alarm. Everything else —
those signals, a reason only inside a question, or words we cannot read — means the child SHOULD
BE THERE: the caller opens an urgent case. We never close on a guess.

Words are matched on the lower-cased text in bokmål, nynorsk, common dialect spellings and English.
The text is read for this turn only; callers keep the category, never the words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bot.understanding import classify_reason
from storage.domain import Reason, UrgentSignal

__all__ = ["UNSURE", "Whereabouts", "portions", "read_answer", "read_alarm"]

# The guardian does not know where the child is. A signal for the staff's notice; the case is filed "unclear".
UNSURE = "unsure"

_NOT = r"(?:ikke|ikkje|ikkj|ikk|itj|ike|inte|not|never|ikkje|aldri)"
_PRONOUN = r"(?:han|hun|ho|hu|hen|n|a|e|he|she|they|him|her|ham|henne|dem|dei|guttungen|jenta|gutten|ungen|barnet)"
_SCHOOL = r"(?:skolen|skulen|skola|skule|skole|skuln|skol'n|school|klassen|timen|class)"
_GATE = r"(?:porten|skoleporten|grinda|skolegården|skulegarden|skoleplassen|gate|school\s+gate)"
_SCHOOL_OR_GATE = r"(?:" + _SCHOOL + r"|" + _GATE + r")"
_OBJECT = r"(?:han|ham|hun|henne|ho|hu|a|n|dem|dei|begge|ungene|ungane|barna|borna|him|her|them)"
_VEHICLE = (
    r"(?:bussen|buss|skolebussen|skolebuss|bus|school\s+bus|trikken|trikk|t-banen|tbanen|banen|tram|metro|taxi|"
    r"taxien|drosje|drosjen|skyss|skyssen|sykkelen|sykkel|bike|bicycle|scooter|sparkesykkel\w*)"
)

# Left home, on the way, took the bus, walked, cycled, was dropped off or followed: should be at school.
_GAP = r"(?:(?!til\b|te\b|to\b|på\b|hos\b|with\b)\w+\s+){0,3}?"
# Left home, on the way, took the bus, walked, cycled, was dropped off or followed: should be at school.
_ON_THE_WAY = re.compile(
    r"\b(?:dro|drog|dratt|gikk|gjekk|gjikk|gådde|gått|gatt|la\s+i\s+vei|sprang|løp|sykla|syklet)\s+" + _GAP + r"(?:"
    r"hjemmefra|hjemmafra|hjemifra|heimanfrå|heimafrå|heimefrå|heimanfra|hjemme\s+fra|til\s+" + _SCHOOL + r"|"
    r"te\s+" + _SCHOOL + r"|på\s+" + _SCHOOL + r"|kl\b|klokka|klokken|i\s+morges|i\s+mårres|i\s+morgos|"
    r"som\s+vanlig|som\s+vanleg|av\s+gårde|avgårde|ut\s+døra|ut\s+døren)"
    r"|\b(?:kjørte|kjørt|kjøyrde|køyrde|kjørde|fulgte|fulgt|følgde|følgte|følgt|fylgde|sendte|sendt|gikk\s+med|"
    r"tok\s+\w+\s+med|tok\s+med\s+\w+)\s+"
    r"(?:\w+\s+){0,2}?(?:til|te|på|i|helt\s+til|bort\s+til|fram\s+til)\s+" + _SCHOOL_OR_GATE + r"\b"
    # "bestefar kjørte han (i dag)": driven or walked by someone, to no other place named
    r"|\b(?:kjørte|kjørt|kjøyrde|køyrde|kjørde|fulgte|fulgt|følgde|følgte|følgt|fylgde|drove|walked)\s+"
    + _OBJECT
    + r"\b(?!\s+(?:til|te|hos|på|to|at)\s+(?!"
    + _SCHOOL_OR_GATE
    + r"))"
    # "gikk sammen med naboen", "he left with his friend", "they walk together"
    r"|\b(?:gikk|gjekk|left|walk|walks|walked)\s+(?:sammen|saman|together|with)\b"
    # "jeg trodde han var der", "I thought she was at school": the guardian believed the child was there
    r"|\b(?:trodde|trudde|tror|trur|thought|assumed)\s+(?:at\s+|that\s+)?\w+\s+(?:var|er|was|is|were)\s+"
    r"(?:der|dær|there|(?:på|te|at|in)\s+" + _SCHOOL + r")\b"
    r"|\b(?:tok|tatt|tar|ta|med|på|tog|took|takes|caught|catches|on|rode|got\s+on)\s+(?:the\s+|his\s+|her\s+)?"
    + _VEHICLE
    + r"\b"
    r"|\b(?:bussen|skolebussen|skolebuss|sykla|syklet|syklede)\b"
    r"|\b(?:på\s+vei|på\s+veg|på\s+veien|på\s+vegen|underveis|on\s+(?:his|her|their|the)\s+way)\b"
    r"|\b(?:lever(?:te|t|a|de)|satte\s+\w+\s+av|slapp\s+\w+\s+av|sleppte\s+\w+\s+av)\b"
    r"|\b(?:skal|skulle|burde|bør|må|skal\s+jo|skulle\s+jo)\s+(?:\w+\s+){0,3}?(?:være|vere|vera|vært|vore|ha\s+vært)\s+"
    r"(?:(?:på|i|te)\s+" + _SCHOOL + r"|der|dær|fremme|framme)\b"
    r"|\b(?:walked|walks|cycled|biked|left\s+(?:home|for\s+school|the\s+house|at|this\s+morning|as\s+usual)|"
    r"went\s+to\s+school|gone\s+to\s+school|headed\s+(?:to|for)\s+school|dropped\s+(?:\w+\s+)?off|drop\s+off|"
    r"drove\s+(?:him|her|them)\s+to\s+school|took\s+(?:him|her|them)\s+to\s+school|"
    r"brought\s+(?:him|her|them)\s+to\s+school|"
    r"should(?:\s+have)?\s+(?:be|been)\s+(?:there|at\s+school|in\s+school|in\s+class)|"
    r"must\s+be\s+(?:there|at\s+school))\b"
)
# "er på skolen", "is at school" (not negated): the guardian believes the child is there.
_AT_SCHOOL = re.compile(
    r"\b(?P<verb>er|e|var|va|is|was|'s)\s+(?P<between>(?:\w+\s+){0,2}?)(?:på|te|at|in)\s+" + _SCHOOL + r"\b"
    r"|\b(?P<verb2>er|e|is|'s)\s+(?P<between2>(?:\w+\s+){0,1}?)(?:der|dær|there)\b"
)
# Asks where the child is, or says the school must be wrong.
_ASKS = re.compile(
    r"\b(?:hvor|kvar|kor|hvur|where)\s+(?:er|e|is|'s|kan)\b"
    r"|\b(?:har|have|has)\s+(?:dere|de|du|noen|nokon|nokre|you|anyone|somebody)\s+(?:\w+\s+)?"
    r"(?:sett|sjekket|sjekka|sjekkat|funnet|funne|leita|lett|spurt|seen|checked|found|looked)\b"
    r"|\b(?:hæ|hææ|hæh|hææh|hÆ|ha\?|hva\?|what\?|huh|wtf|hva\s+mener\s+du|hva\s+mener\s+dere|kva\s+meiner|"
    r"what\s+do\s+you\s+mean|hva\s+skjer|kva\s+skjer|what'?s\s+going\s+on)"
    r"|\b(?:må\s+være\s+(?:en\s+)?feil|må\s+vere\s+(?:ein\s+)?feil|det\s+er\s+feil|tar\s+feil|umulig|"
    r"stemmer\s+" + _NOT + r"|kan\s+" + _NOT + r"\s+stemme|must\s+be\s+a\s+mistake|you'?re\s+wrong|impossible|"
    r"can'?t\s+be|cannot\s+be)\b"
)
_CALL_ME = re.compile(
    r"\b(?:ring|ringe|ringer|ringa|ringje|ringt|kontakt|kontakte|kontakta|call|phone|text\s+me|snakke\s+med|"
    r"snakka\s+med|prate\s+med|talk\s+to|speak\s+to)\b"
)
# "Sagal is not home yet", "han er fortsatt ikke hjemme": after school, the child has not come home.
_NOT_HOME = (
    r"\b(?:"
    + _NOT
    + r"|isn'?t|aren'?t)\s+(?:\w+\s+)?(?:home|hjemme|heime|hjem|heim)\s+(?:yet|ennå|enda|ennu|enno|endå)\b"
    r"|\b(?:still|fortsatt|fremdeles|framleis|enda|ennå)\s+(?:"
    + _NOT
    + r"|isn'?t)\s+(?:\w+\s+)?(?:home|hjemme|heime)\b"
)
_ALARM = re.compile(
    r"\b(?:savnet|savna|sakna|saknet|forsvunn\w*|forsvann|borte\s+vekk|kommet\s+bort|kome\s+bort|"
    r"gått\s+seg\s+(?:bort|vill)|gikk\s+seg\s+(?:bort|vill)|"
    r"finner\s+(?:\w+\s+)?" + _NOT + r"|finn\s+(?:\w+\s+)?" + _NOT + r"|"
    r"vet\s+" + _NOT + r"\s+(?:hvor|kor)|veit\s+" + _NOT + r"\s+(?:kvar|kor|hvor)|aner\s+" + _NOT + r"|"
    r"redd|redde|bekymr\w*|urolig|uroleg|engstel\w*|panikk\w*|politi\w*|nødsituasjon|hjelp|haster|hastar|akutt|"
    r"gud\s+hjelpe|missing|lost|can'?t\s+find|cannot\s+find|"
    r"could\s*n'?t\s+find|don'?t\s+know\s+where|no\s+idea\s+where|worried|worrying|scared|afraid|terrified|"
    r"panic\w*|police|emergency|urgent|asap|help)\b"
    r"|" + _NOT + r"\s+(?:\w+\s+)?(?:kommet|komme|kome|komen|kom)\s+(?:\w+\s+)?(?:hjem|heim|fram|frem)\b"
    r"|\b(?:kom|kjem|kommer)\s+" + _NOT + r"\s+(?:\w+\s+)?(?:hjem|heim)\b"
    r"|\b(?:has\s*n'?t|has\s+not|did\s*n'?t|did\s+not|not)\s+(?:\w+\s+)?(?:come|came|got|arrived|made\s+it)\s+"
    r"(?:\w+\s+)?(?:home|back)\b"
    r"|" + _NOT_HOME
)
# Does not know, is checking, is not sure: never a clear answer, whatever else it says ("vet ikke, sjekker").
_UNSURE = re.compile(
    r"\b(?:vet|veit|vait|vett|visste|veta|aner)\s+"
    + _NOT
    + r"\b(?!\s+(?:om|hvorfor|korfor|kvifor|når|kor\s+lenge|hvor\s+lenge|kva\s+tid|når)\b)"
    r"|\b(?:usikker|usikkert|uviss|ikke\s+sikker|ikkje\s+sikker|not\s+sure|unsure|no\s+idea|"
    r"do\s*n'?t\s+know|dont\s+know|did\s*n'?t\s+know|"
    r"(?:jeg|eg|je|æ|i)\s+(?:skal\s+|må\s+|ska\s+)?(?:sjekker|sjekkar|sjekke|sjekka|undersøker|undersøkjer|finner\s+ut|finn\s+ut|"
    r"ringer\s+rundt|hører\s+med|høyrer\s+med|spør)|"
    r"^\W*(?:sjekker|sjekkar|checking|undersøker|finner\s+ut)|(?:i'?m|i\s+am|will\s+be|i'?ll)\s+(?:check|checking|find\s+out))\b"
)
# The child is at home, or with someone we trust: accounted for (a reason of its own, "other").
_AT_HOME = re.compile(
    r"\b(?:er|e|blir|blei|ble|bli|holder|har|is|stays|staying|stayed|kept|keeping|keep)\s+(?P<between>(?:\w+\s+){0,2}?)"
    r"(?:hjemme|heime|home|at\s+home|hos\s+(?:meg|oss|mor|far|mamma|pappa|mormor|morfar|farmor|farfar|"
    r"bestemor|bestefar|besteforeldre\w*|faren|moren|mora|faren|me|us))\b"
    r"|\b(?:with\s+(?:me|us|his\s+\w+|her\s+\w+)\s+(?:today|at\s+home))\b"
)
# Only the unsolicited alarm: the child named (or "han"/"hun") after a where-question.
_WHERE_IS = r"\b(?:hvor|kvar|kor|hvur|where)\s+(?:er|e|is|'s)\s+(?:{names})\b"
_IS_AT_SCHOOL_QUESTION = r"\b(?:er|e|is|har|has)\s+(?:{names})\s+(?:\w+\s+)?(?:på|te|at|in|kommet|komme|arrived|come)\b"
_UNSOLICITED = re.compile(
    r"\b(?:savnet|savna|sakna|saknet|forsvunn\w*|forsvann|borte\s+vekk|kommet\s+bort|kome\s+bort|"
    r"gått\s+seg\s+(?:bort|vill)|gikk\s+seg\s+(?:bort|vill)|is\s+missing|are\s+missing|went\s+missing|gone\s+missing|"
    r"is\s+lost|got\s+lost|"
    r"finner\s+(?:\w+\s+)?" + _NOT + r"|finn\s+(?:\w+\s+)?" + _NOT + r"|"
    r"vet\s+" + _NOT + r"\s+(?:hvor|kor)|veit\s+" + _NOT + r"\s+(?:kvar|kor|hvor)|"
    r"can'?t\s+find|cannot\s+find|could\s*n'?t\s+find|don'?t\s+know\s+where|no\s+idea\s+where)\b"
    r"|" + _NOT + r"\s+(?:\w+\s+)?(?:kommet|komme|kome|komen|kom)\s+(?:\w+\s+)?(?:hjem|heim|fram|frem)\b"
    r"|\b(?:kom|kjem|kommer)\s+" + _NOT + r"\s+(?:\w+\s+)?(?:hjem|heim)\b"
    r"|\b(?:has\s*n'?t|has\s+not|did\s*n'?t|did\s+not|not)\s+(?:\w+\s+)?(?:come|came|got|arrived|made\s+it)\s+"
    r"(?:\w+\s+)?(?:home|back)\b"
    r"|" + _NOT_HOME
)
_SENTENCES = re.compile(r"[^.!?\n]*[.!?\n]*")
_CLAUSES = re.compile(r"[^.!?;\n]+(?:[.!?;\n]+|$)|[.!?;\n]+")
_CONTRAST = re.compile(r",?\s+\b(?:men|mens|but|while)\b\s+")
_NEGATION_BEFORE = re.compile(_NOT + r"\s*$")


@dataclass(frozen=True)
class Whereabouts:
    """What an answer says: the reason category when it is a clear one, and the should-be-there signals found."""

    reason: str | None
    signals: tuple[str, ...]

    @property
    def clear(self) -> bool:
        """Only a clear reason closes a follow-up: a category and no signal at all."""
        return self.reason is not None and not self.signals


def _plain(text: str) -> str:
    """Lower-case, compatibility-normalised, one space between words, typographic quotes made plain."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[ \t]+", " ", text).strip()


def _not_negated(text: str, match: re.Match[str]) -> bool:
    """True unless a negation ("ikke", "not") stands right before the match or inside its gap."""
    between = (match.groupdict().get("between") or "") + (match.groupdict().get("between2") or "")
    return not re.search(r"\b" + _NOT + r"\b", between) and not _NEGATION_BEFORE.search(text[: match.start()])


def _at_school(text: str) -> bool:
    return any(_not_negated(text, m) for m in _AT_SCHOOL.finditer(text))


def _on_the_way(text: str) -> bool:
    """Left, travelled or was taken to school, not negated ("tok ikke bussen", "gikk ikke til skolen" do not count)."""
    return any(
        _not_negated(text, m) and not re.search(r"\b" + _NOT + r"\b", m.group(0)) for m in _ON_THE_WAY.finditer(text)
    )


def _unsure(text: str) -> bool:
    """ "vet ikke, sjekker", "usikker", "not sure": the guardian does not know where the child is."""
    return bool(_UNSURE.search(text))


def _signals(text: str) -> tuple[str, ...]:
    found = []
    if _ALARM.search(text):
        found.append(UrgentSignal.ALARM.value)
    if _unsure(text):
        found.append(UNSURE)
    if _on_the_way(text) or _at_school(text):
        found.append(UrgentSignal.ON_THE_WAY.value)
    if _ASKS.search(text):
        found.append(UrgentSignal.ASKS.value)
    if _CALL_ME.search(text):
        found.append(UrgentSignal.CALL_ME.value)
    return tuple(found)


def _stated_reason(text: str) -> str | None:
    """The reason category of the first statement that gives one; a reason only inside a question does not count."""
    for sentence in _SENTENCES.findall(text):
        if not sentence.strip() or "?" in sentence:
            continue
        reason = classify_reason(sentence)
        if reason is None and any(_not_negated(sentence, m) for m in _AT_HOME.finditer(sentence)):
            reason = Reason.OTHER.value
        if reason is not None:
            return reason
    return None


def read_answer(text: str) -> Whereabouts:
    """An answer to "your child is not at school": a clear reason, or why the child should be there.

    A question with no stated reason counts as asking where the child is; no signal and no reason is
    "unclear", which the caller treats as should-be-there too.
    """
    plain = _plain(text)
    signals = list(_signals(plain))
    reason = _stated_reason(plain)
    if "?" in plain and reason is None and UrgentSignal.ASKS.value not in signals:
        signals.append(UrgentSignal.ASKS.value)
    if reason is None and not signals:
        signals.append(UrgentSignal.UNCLEAR.value)
    return Whereabouts(reason, tuple(signals))


def read_alarm(text: str, names: Iterable[str]) -> str | None:
    """An unsolicited message that says a child is missing ("alarm") or asks where one is ("asks"); else None.

    Stricter than `read_answer`: with no question from the school, only words about a missing child
    count, or a where-question about one of `names` (the sender's children) or "han"/"hun".
    """
    plain = _plain(text)
    if _UNSOLICITED.search(plain):
        return UrgentSignal.ALARM.value
    alternatives = "|".join([re.escape(n.lower()) for n in names if n] + ["han", "hun", "ho", "hu", "he", "she"])
    where = re.compile(_WHERE_IS.format(names=alternatives))
    at_school = re.compile(_IS_AT_SCHOOL_QUESTION.format(names=alternatives))
    if where.search(plain) or ("?" in plain and at_school.search(plain)):
        return UrgentSignal.ASKS.value
    return None


def portions(text: str, names: Iterable[str]) -> dict[str, str]:
    """The words about each named child in an answer about several ("Emma er syk, men Ola tok bussen!
    Er han ikke der?"): clauses naming a child, and the unnamed clauses after them, go to that child.
    Names the text does not mention are left out; with no name at all, the whole text is everyone's."""
    wanted = [n for n in names if n]
    clauses = [c for part in _CLAUSES.findall(text) for c in _CONTRAST.split(part) if c.strip()]
    out: dict[str, list[str]] = {}
    last: list[str] = []
    for clause in clauses:
        named = [n for n in wanted if re.search(rf"\b{re.escape(n)}\b", clause, re.I)]
        last = named or last
        for n in last:
            out.setdefault(n, []).append(clause.strip())
    if not out:
        return {n: text for n in wanted}
    return {n: " ".join(parts) for n, parts in out.items()}
