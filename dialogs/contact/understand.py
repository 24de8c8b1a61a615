"""Reading the messages no other flow took: social turns, answers to a broadcast, who a question is for,
and whether a message can be read at all. Pure functions over the text; nothing is kept.
"""

from __future__ import annotations

import re
from typing import Literal

Social = Literal["thanks", "ack", "greeting", "farewell", "thanks_farewell"]
Addressee = Literal["teacher", "office", "leaders"]

_WORD = re.compile(r"[a-zæøåäöüéèàáóúß0-9]+", re.I)
_LETTER = re.compile(r"[a-zæøåäöüéèàáóúß]", re.I)
_PUNCT_ONLY = re.compile(r"^[\s.,;:!¡¿\-–—_*~'\"«»()]*$")

# Whole phrases that are thanks, acknowledgements or greetings; a message made only of these is social.
_THANKS = (
    r"tusen (?:hjertelig |hjartans )?takk|mange takk|takk skal du ha|takk takk|takker|takk|tack|"
    r"thank you(?: so much| very much)?|thanks(?: a lot)?|thx|ty"
)
_THANKS_FOR = (
    r"for (?:hjelpa|hjelpen|hjelp|svaret|svar|beskjeden|beskjed|infoen|info|informasjonen|meldinga|meldingen|"
    r"det|alt|oppdateringa|oppdateringen|the help|the info|letting me know|your help)"
)
_ACKS = (
    r"ok(?:ay|ei|i|e)?|oki doki|jepp|jepps|ja|yes|greit|greitt|fint|flott|supert|super|kjempebra|bra|perfekt|topp|"
    r"skjønner|skjønt|forstår|forstått|skjønar|forstår|notert|mottatt|motteke|motteken|mottat|fått med meg|"
    r"det er greit|den er grei|helt greit|sånn ja|got it|noted|great|fine|alright|all right|sounds good|"
    r"perfect|understood|received|cool|nice|lovely"
)
_GREETINGS = (
    r"hei hei|heisann|hei|hallo|halla|hallais|god morgen|god dag|goddag|god ettermiddag|morn|morna|"
    r"hi|hello|hey|good morning|good afternoon"
)
# Wishes that close a conversation ("ha en fin dag!", "god helg", "have a nice day"): answered in kind.
_FAREWELLS = (
    r"(?:(?:(?:riktig|ha en|ha ei|ha ein|ha eit|ha et|og|and) )?(?:god|fin|fint|godt|god og|fin og|ein fin|en fin|"
    r"ei fin|ein god|en god|ei god) )(?:jul|påske|helg|sommar|sommer|ferie|kveld|dag|år|nyttår|"
    r"juleferie|vinterferie|høstferie|haustferie|påskeferie|sommarferie|sommerferie)|godt nytt år|godt nyttår|"
    r"god jul og godt nytt år|god kveld|god natt|natta|i like måte|i lik måte|ha det(?: bra| godt| fint| så lenge)?|"
    r"snakkes|vi snakkes|ha de|hade|ses|vi ses|bye|goodbye|bye bye|see you|take care|cheers|"
    r"merry christmas|happy (?:new year|easter|holidays)|"
    r"have a (?:nice|good|great|lovely) (?:day|weekend|holiday|evening|christmas)|you too|same to you"
)
# Relief and delight around thanks ("puh. takk", "så godt å høre, takk!"): nothing to act on.
_INTERJECTIONS = (
    r"puh|pust|phew|oi|oj|åh|å|uff|wow|jøss|jøye meg|herlig|deilig|heldigvis|fantastisk|endelig|gudskjelov|"
    r"takk og lov|for en lettelse|(?:så |det var )?(?:godt|fint|bra|kjekt|flott) (?:å høre|å vite)|så bra|så fint|"
    r"så godt|så kjekt|what a relief|thank god|thank goodness|good to (?:hear|know)|great to hear|glad to hear|"
    r"glad|lettet|letta|relieved"
)
_FILLERS = r"og|da|då|du|dere|de|så|altså|igjen|skolebot|bot|again|then|and|you|mvh|hilsen|helsing"
_SOCIAL_PART = re.compile(
    rf"\b(?:(?P<thanks>(?:{_THANKS})(?:\s+{_THANKS_FOR})?)|(?P<farewell>{_FAREWELLS})|(?P<ack>{_ACKS})|"
    rf"(?P<greeting>{_GREETINGS})|(?:{_INTERJECTIONS})|(?:{_FILLERS}))\b",
    re.I,
)
# Thanks for something said in a few words of one's own ("takk for at dere følger med", "takk for rask
# beskjed", "thanks for looking after her"): the words after "for" up to the end or a stop, none of which
# asks, counts, objects or reports.
_THANKS_FOR_ANY = re.compile(rf"\b(?:{_THANKS})\s+(?:for|for at|that)\s+(?P<what>[^.,;:!?\n]+)", re.I)
_NOT_THANKS = (
    "men but kan kunne vil ville skal må bør burde can could would should will must please ikke ikkje not no "
    "hvorfor kvifor korfor why hvordan korleis how når kva hva what hvem kven who"
)
_NOT_THANKS_WORDS = frozenset(_NOT_THANKS.split())

# An answer to a broadcast opens with an acknowledgement ("Mottatt, henter Ola kl 12"); to an emergency,
# saying that one comes or picks up is an answer too ("vi kommer", "henter Emma kl 12").
_ACK_OPENING = re.compile(
    r"^\s*(?:ok(?:ay|ei|i)?|mottatt|motteke|motteken|mottat|received|noted|got it|lest|sett|greit|skjønner|"
    r"forstått|takk for (?:beskjed(?:en)?|info(?:en)?|informasjonen|meldinga|meldingen)|thanks for (?:the )?"
    r"(?:message|info|update)|👍|👌)(?=$|[\s,.!:;\-–—👍👌])",
    re.I,
)
_PICKUP = re.compile(
    r"\b(?:henter|hentar|hente|kommer og henter|vi kommer|jeg kommer|eg kjem|vi kjem|kommer nå|på vei|på veg|"
    r"picking up|pick (?:him|her|them|up)|on (?:my|our) way|we(?:'re| are)? coming|i(?:'m| am) coming)\b",
    re.I,
)
# Words that make an answer about the child's absence rather than about the broadcast.
_ABSENCE_WORDS = re.compile(
    r"\b(?:syk\w*|sjuk\w*|feber|forkjøl\w*|omgangssyke|vondt|borte|fri|fridag|tannlege\w*|lege\w*|hjemme|heime|"
    r"sick|ill|fever|doctor|dentist|absent|off school)\b",
    re.I,
)

# Words that turn a remark after "ok" into a question, an objection or a change of the child's day.
_NOT_A_REMARK_WORDS = (
    "men but ikke ikkje not no kan kunne can could hvorfor kvifor why hvordan korleis how når hvem kven who "
    "hjem heim home tidlig tidleg early seint sent late henter hentar hente reiser reise går gå"
)
_NOT_A_REMARK = frozenset(_NOT_A_REMARK_WORDS.split())

_LEADERS = re.compile(
    r"\b(?:rektor\w*|inspektør\w*|inspektor\w*|ledelse\w*|leiing\w*|leiinga|avdelingsleder\w*|avdelingsleiar\w*|"
    r"assisterende rektor|principal|head ?teacher|headmaster|headmistress|management)\b",
    re.I,
)
_OFFICE = re.compile(
    r"\b(?:kontor(?:et)?|skolekontor\w*|postmottak\w*|sekretær\w*|skrivar\w*|merkantil\w*|administrasjon\w*|"
    r"ekspedisjon\w*|resepsjon\w*|office|school office|secretary|reception|sfo|aks)\b",
    re.I,
)
# Single words that are a whole request on their own ("Mobbing!"): forwarded, not "not understood".
_TOPIC_WORDS = frozenset(
    {
        "mobbing",
        "mobbet",
        "mobba",
        "bullying",
        "bullied",
        "rektor",
        "lærer",
        "læreren",
        "læraren",
        "kontaktlærer",
        "kontaktlæreren",
        "kontaktlæraren",
        "teacher",
        "kontoret",
        "klage",
        "complaint",
        "samtale",
        "ring",
        "ringe",
        "call",
        "helsesykepleier",
        "helsesjukepleiar",
        "nurse",
    }
)
_SIGNATURE = re.compile(
    r"(?:^|[\s,.!])(?:mvh|hilsen|helsing|vennlig hilsen|venleg helsing|med vennlig hilsen|best regards|regards|"
    r"kind regards|cheers)\b.*$",
    re.I | re.S,
)
# One capitalised word closing a short thank-you or greeting is a name ("Takk Kari!", "Hei Skolebot").
_CLOSING_NAME = re.compile(r"(?<=[\s,])[A-ZÆØÅ][a-zæøåäöüé]+\s*[.!]*\s*$")
_VOWELS = set("aeiouyæøåäöüéèàáóú")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}", re.I)
_REPEATS = re.compile(r"(.)\1\1")


def _clean(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _without_signature(text: str) -> str:
    """The message without a signature ("… mvh Anne", "… hilsen Per og Kari") and a closing name ("takk Kari")."""
    text = _SIGNATURE.sub(" ", text)
    return _CLOSING_NAME.sub(" ", text)


def social_kind(text: str | None) -> Social | None:
    """ "takk", "ok, takk for beskjed", "👍", "god morgen!" -> what kind of social turn; None for anything more.

    A message is social when nothing but thanks, acknowledgements, greetings, filler words, emoji and a
    signature is left after reading it. Thanks with a parting wish are both answered; thanks win over an
    acknowledgement ("ok takk"), an acknowledgement over a greeting; a greeting may ask ("hallo?").
    """
    if not (text or "").strip() or (text or "").strip() == "?":
        return None
    cleaned = _clean(_without_signature(text or ""))
    found: set[str] = set()

    def strip(match: re.Match[str]) -> str:
        for kind in ("thanks", "farewell", "ack", "greeting"):
            if match.group(kind):
                found.add(kind)
        return " "

    cleaned = _THANKS_FOR_ANY.sub(lambda m: _thanks_for(m, found), cleaned)
    rest = _SOCIAL_PART.sub(strip, cleaned)
    if _WORD.search(rest) or ("?" in rest and found != {"greeting"}):
        return None
    if not found:  # a signature alone, or emoji only (a thumbs-up, a heart); not bare punctuation ("...")
        return "ack" if not cleaned or not _PUNCT_ONLY.match(cleaned) else None
    if {"thanks", "farewell"} <= found:  # "takk for i dag, ha en fin kveld": both are answered
        return "thanks_farewell"
    order: tuple[Social, ...] = ("thanks", "farewell", "ack")
    return next((kind for kind in order if kind in found), "greeting")


def _thanks_for(match: re.Match[str], found: set[str]) -> str:
    """ "takk for at dere følger med" -> removed as thanks, when what is thanked for is a few plain words."""
    words = _WORD.findall(match.group("what"))
    if not words or len(words) > 7 or any(w.isdigit() or w in _NOT_THANKS_WORDS for w in words):
        return match.group(0)
    if _ABSENCE_WORDS.search(match.group("what")):
        return match.group(0)
    found.add("thanks")
    return " "


def answers_broadcast(text: str | None, *, emergency: bool) -> bool:
    """Whether a message reads as an answer to a broadcast just received: it opens with an acknowledgement
    ("OK", "Mottatt, henter Ola og Emma kl 12", "received"), or after an emergency says one is coming or
    picking up ("vi kommer", "henter Emma kl 12"); never when it is about illness or another absence.

    After an everyday broadcast an acknowledgement may carry thanks and a remark ("Ok mottatt. Takk skal du
    ha, Antoni gleder seg til tur"), but nothing that asks, objects or changes a day: "ok, Ola går hjem kl 12"
    is an absence report that happens to start with "ok"."""
    cleaned = _clean(text)
    if not cleaned or _ABSENCE_WORDS.search(cleaned):
        return False
    if social_kind(cleaned) == "ack":
        return True
    opening = _ACK_OPENING.match(cleaned)
    if opening and emergency:
        return True
    if opening:
        rest = cleaned[opening.end() :]
        words = _WORD.findall(rest)
        return len(words) <= 12 and "?" not in rest and not any(w.isdigit() or w in _NOT_A_REMARK for w in words)
    return emergency and bool(_PICKUP.search(cleaned))


def addressee(text: str | None) -> Addressee:
    """Who a message is for: the leaders when it names the principal or the management, the office when it
    names the office (or SFO), otherwise the child's contact teacher."""
    cleaned = _clean(text)
    if _LEADERS.search(cleaned):
        return "leaders"
    if _OFFICE.search(cleaned):
        return "office"
    return "teacher"


def _wordish(token: str) -> bool:
    """A token that could be a word: it has a vowel, no long consonant run and no letter three times over."""
    if token.isdigit():
        return True
    if len(token) == 1:
        return token in {"i", "å", "a", "e", "o", "u", "y"}
    return bool(set(token) & _VOWELS) and not _CONSONANT_RUN.search(token) and not _REPEATS.search(token)


def is_readable(text: str | None) -> bool:
    """Whether a message says something a person could act on (a question, a request, a complaint), as
    opposed to keyboard noise ("asdfgh", "jjjj", "...") or one word too little to go on ("gymtøy")."""
    cleaned = _clean(text)
    words = _WORD.findall(cleaned)
    lettered = [w for w in words if _LETTER.search(w)]
    if not lettered:
        return False
    wordish = [w for w in lettered if _wordish(w)]
    if len(wordish) * 2 < len(lettered) + 1 and len(lettered) > 1:
        return False
    if len(lettered) == 1:
        word = lettered[0]
        return word in _TOPIC_WORDS or (_wordish(word) and len(word) >= 4 and cleaned.rstrip().endswith("?"))
    return len(wordish) >= 2
