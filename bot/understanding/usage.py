"""Messages about the service itself, in words: how to use it (help), and SMS opt-out and opt-in.

"hva kan jeg skrive her?", "korleis fungerer dette?", "what can I text this number?" ask for help;
"jeg vil ikke ha flere sms fra skolen", "please stop texting me", "meld meg av" opt out;
"eg vil ha meldingar igjen", "start sending me texts again", "meld meg på igjen" opt in.
Read on canonical text (see `normalise`), clause by clause. What a request to stop or send is
about decides: "slutt å sende ukeplanen på papir" and "ikke send meldinger til faren hans" are
no opt-outs, and "Kan noen hjelpe Ola med leseleksa?" is no help request.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from .normalise import split_message

__all__ = [
    "UsageIntent",
    "asks_to_stop_something",
    "beside_stop_requests",
    "is_help_sentence",
    "usage_intent",
    "usage_reading",
    "usage_request",
]

UsageIntent = Literal["help", "stop", "start"]

_CLAUSES = re.compile(r"(?<!\d)\.+|[,;!?:\n]+|\s+-\s+")
# Words a request may open or close with without changing it.
_POLITE = r"vennligst|vær\s+så\s+snill|vær\s+snill|please|pls|plz|takk|thanks|thank\s+you|kindly"
_POLITE_EDGES = re.compile(
    rf"^(?:(?:{_POLITE}|hei|hi|hello|ok|okei|ja|yes|jo|bare|just)\b\s*)+|(?:\s*\b(?:{_POLITE}))+$"
)

# --- what a message is: the nouns of the channel ------------------------------------------

_MESSAGES = (
    r"(?:sms(?:-?\w+)?|tekstmeld\w*|meldinger|meldingar|meldinga|meldingene|meldingane|meldingen|melding|"
    r"beskjeder|beskjedar|varsl\w*|varsel|messages?|texts?|text\s+messages|notifications?|alerts?)"
)
# Words that may close an opt-out or opt-in without naming something else: "... fra skolen, takk".
_TAIL = re.compile(
    r"\b(?:takk|thanks|thank\s+you|please|pls|lenger|lengre|mer|meir|more|anymore|any\s+more|flere|fleire|fler|"
    r"noen|noko|any|all|alle|igjen|att|atter|likevel|allikevel|tilbake|nå|no|now|her|hit|here|"
    r"(?:fra|from)\s+(?:the\s+)?(?:skolen|dere|dokker|dykk|deg|you|us|oss|this\s+number|dette\s+nummeret|\w*skolen)|"
    r"(?:til|to|på|on)\s+(?:meg|me|mitt\s+nummer|my\s+number|this\s+number|dette\s+nummeret|denne\s+telefonen|"
    r"this\s+phone|min\s+telefon|my\s+phone|mobilen\s+min|telefonen\s+min)|"
    r"this\s+number|dette\s+nummeret|denne\s+telefonen|this\s+phone|meg|me|oss|us|om\s+fravær|"
    # "... for the school texts", "... på skolens sms-er", "... on the list", "... til lista".
    r"(?:for|to|til|på|on|onto|of|from|fra)\s+(?:the\s+|de\s+)?(?:skolens?\s+|school'?s?\s+)?"
    r"(?:" + _MESSAGES + r"(?:\s*-?\s*(?:lista|listen|list))?|mailing\s+list|lista|listen|list)|" + _MESSAGES + r")\b"
)


def _only_tail(rest: str) -> bool:
    """Whether what follows a request names nothing else ("til meg, takk" yes; "til faren hans" no)."""
    return not re.search(r"\w", _TAIL.sub(" ", rest))


_I = r"(?:jeg|æ|i|je|vi|we|man|one)"

# --- opt-out ------------------------------------------------------------------------------

_NEG = r"(?:ikke|aldri|never|no\s+longer|ikke\s+lenger)"
_WANT = r"(?:vil|ønsker|ønskjer|ønske|want|wish|trenger|treng|need|orker|gidder)"
_GET = r"(?:ha|få|motta|mottatt|receive|get|getting|receiving)"
_SEND = r"(?:sende|send|sending|sendt|sms-e|tekste|texte|texting|text|messaging|message|skrive\s+til|write\s+to|writing\s+to)"
_QUANT = r"(?:(?:meg|me|oss|us|til\s+meg|to\s+me|mer|meir|more|flere|fleire|fler|noen|noko|any|alle|all|the|these|disse|de|those)\s+)*"

_STOP_RULES: tuple[re.Pattern[str], ...] = (
    # "jeg vil ikke ha flere sms", "ønsker ikke å motta meldinger", "i don't want more texts"
    re.compile(
        rf"\b(?:{_NEG}\s+(?:\w+\s+){{0,2}}?(?:{_WANT}\s+(?:å\s+|to\s+)?(?:{_GET}\s+)?|(?:å\s+|to\s+)?{_GET}\s+)|"
        rf"{_WANT}\s+{_NEG}\s+(?:å\s+|to\s+)?(?:{_GET}\s+)?){_QUANT}{_MESSAGES}\b"
    ),
    # "no more texts", "ingen flere meldinger", "ikkje meir sms"
    re.compile(rf"\b(?:no|ingen|ikke|not\s+any)\s+(?:mer|meir|more|flere|fleire|fler)\s+{_MESSAGES}\b"),
    # "send ikke flere meldinger til meg"
    re.compile(
        rf"\b{_SEND}\s+(?:meg\s+|me\s+)?{_NEG}(?:\s+(?:meg|me|mer|meir|more|flere|fleire|fler|noen|noko|noe|{_MESSAGES}))+\b"
    ),
    # "slutt å sende meg meldinger", "please stop texting me", "stop sending sms til meg"
    re.compile(rf"\b(?:slutt\w*|stopp?(?:e|er)?|quit|cease|hold\s+opp)\s+(?:å\s+|to\s+|med\s+å\s+)?{_SEND}\b"),
    # "I'd like to stop receiving these text messages", "slutte å få sms fra skolen"
    re.compile(rf"\b(?:slutt\w*|stopp?(?:e|er)?|quit)\s+(?:å\s+|to\s+|med\s+å\s+)?{_GET}\s+{_QUANT}{_MESSAGES}\b"),
    # "stopp alle meldinger", "stop the texts"
    re.compile(rf"\b(?:slutt\w*|stopp?(?:e|er)?)\s+(?:(?:alle|all|the|these|disse|de|med)\s+)?{_MESSAGES}\b"),
    # "ikke send mer hit", "don't text me", "ikkje send meir meldingar til meg"
    re.compile(
        rf"\b{_NEG}\s+{_SEND}(?:\s+(?:meg|me|mer|meir|more|flere|fleire|fler|noen|noko|noe|any|anything|hit|{_MESSAGES}))+\b"
    ),
    # "meld meg av", "avmeld", "unsubscribe", "opt out", "hvordan melder jeg meg av?"
    re.compile(
        r"\b(?:meld\w*\s+(?:jeg\s+|vi\s+)?(?:meg|oss)\s+(?:av|ut)|avmeld\w*|unsubscribe\w*|opt(?:\s+|-)?out|"
        r"reserver\w*\s+(?:meg|oss)\s+mot)\b"
    ),
    # "jeg vil ikke abonnere lenger", "ønskjer ikkje å abonnere meir", "slutte å abonnere", "don't want to be subscribed"
    re.compile(
        rf"\b(?:{_WANT}\s+{_NEG}|{_NEG}\s+(?:\w+\s+)?{_WANT}|slutt\w*|stopp?\w*|quit)\s+(?:å\s+|to\s+|med\s+å\s+)?"
        r"(?:abonnere|abonnera|subscribe|be\s+subscribed|være\s+abonnent|stå\s+på\s+lista)\b"
    ),
    # "avslutt abonnement", "si opp abonnementet", "cancel my subscription", "end the sms service"
    re.compile(
        r"\b(?:avslutt\w*|avslutte|si\s+opp|sei\s+opp|sier\s+opp|seier\s+opp|kanseller\w*|stopp?\w*|cancel\w*|end|"
        r"terminate)\s+(?:mitt\s+|mi\s+|my\s+|the\s+|this\s+|dette\s+|denne\s+|vårt\s+|our\s+)?"
        r"(?:abonnement\w*|abonnoment\w*|abbonement\w*|subscription\w*|sms-?(?:tjeneste\w*|varsl\w*|service)|"
        r"varsling\w*)(?:\s+(?:mitt|mi|min|vårt|vår|våres|mine|my|our))?\b"
    ),
    # "fjern nummeret mitt fra lista", "remove me from this list", "take me off the list"
    re.compile(
        r"\b(?:fjern\w*|slett\w*|ta|tar|remove|delete|take)\s+(?:meg|me|oss|us|nummeret\s+mitt|mitt\s+nummer|"
        r"nummeret\s+vårt|my\s+number|this\s+number|dette\s+nummeret|nummeret)\s*"
        r"(?:(?:ut\s+)?(?:fra|av|from|off|ut\s+av|out\s+of)\s+(?:the\s+|this\s+|your\s+|denne\s+)?"
        r"(?:[\w-]*lista|[\w-]*listen|[\w-]*listene|list|mailing\s+list|systemet|system|register\w*))?\b"
    ),
)

# --- opt-in -------------------------------------------------------------------------------

_AGAIN = re.compile(r"\b(?:igjen|att|atter|again|likevel|allikevel|tilbake|back|angrer|angra|regret)\b")
_START_RULES: tuple[re.Pattern[str], ...] = (
    # "jeg vil gjerne få sms fra skolen igjen", "i'd like to receive messages again"
    re.compile(
        rf"\b(?:{_WANT}|would\s+like|i'd\s+like|like|gjerne|(?:kan|can|could|får|may)\s+{_I})\s+(?:\w+\s+){{0,3}}?"
        rf"(?:{_GET}\s+)?{_QUANT}{_MESSAGES}\b"
    ),
    # "kan dere begynne å sende meldinger til meg igjen?", "please start sending me texts again"
    re.compile(
        rf"\b(?:begynn\w*|byrj\w*|start\w*|begin|resume|fortsett\w*|continue)\s+(?:å\s+|to\s+|med\s+å\s+)?{_SEND}\b"
    ),
    # "send meg meldinger igjen"
    re.compile(rf"\b{_SEND}\s+(?:meg|me|til\s+meg|to\s+me)(?:\s+\w+)?\s+{_MESSAGES}\b"),
)
# Opt-in words that are a request on their own: "meld meg på igjen", "resubscribe me".
_START_SELF = re.compile(
    r"\b(?:meld\w*\s+(?:jeg\s+|vi\s+)?(?:meg|oss)\s+(?:på|inn)|påmeld\w*|re-?subscribe\w*|subscribe\w*|"
    r"opt(?:\s+|-)?in|unstop)\b"
)

# --- help ---------------------------------------------------------------------------------

_ASK = r"(?:hva|ka|what)"
_WRITE = r"(?:skr\w{1,4}|write|texte|text|spørre|spør|ask)"
_ABOUT_THIS = (
    r"(?:dette|det|dætta|detta|denne|den|this|it|du|deg|you|tjenesten|tenesta|tjenesta|boten|bot|roboten|systemet|"
    r"appen|greia|nummeret|(?:denne|this|the)\s+(?:tjenesten|tenesta|tjenesta|boten|bot|service|number|nummeret|"
    r"appen|app|chatten|chat|løsningen|greia|systemet|system|sms-tjenesten|tjeneste))"
)
_WORKS = r"(?:fungerer|fungere|funker|funke|funka|virker|virke|verkar|verke|works?)"
_HOW = r"(?:hvordan|korleis|korsn|koss|kossen|kordan|åssen|åssn|how)"
_HERE = r"(?:her|hit|here|til\s+dere|til\s+deg|til\s+dykk|to\s+you|til\s+dette\s+nummeret|to\s+this\s+number|i\s+denne\s+\w+)"
# A clause that asks how to use the service, whatever else the message says.
_HELP_STRONG: tuple[re.Pattern[str], ...] = (
    # "hva kan jeg skrive her?", "what can i write", "ka e det æ kan skriv her", "hva jeg kan skrive"
    re.compile(rf"\b{_ASK}\s+(?:(?:e|er)\s+det\s+|is\s+it\s+)?(?:kan|can)\s+{_I}\s+{_WRITE}\b"),
    re.compile(rf"\b{_ASK}\s+(?:(?:e|er)\s+det\s+|is\s+it\s+)?{_I}\s+(?:kan|can)\s+{_WRITE}\b"),
    # "hva kan jeg sende hit?", "what kind of messages can i send to this number"
    re.compile(rf"\b{_ASK}\s+(?:\w+\s+){{0,3}}?(?:kan|can)\s+{_I}\s+(?:sende|send)\s+{_HERE}"),
    re.compile(rf"\b{_ASK}\s+(?:\w+\s+){{0,3}}?(?:kan|can)\s+{_I}\s+(?:sende|send)\s*$"),
    # "hva kan jeg bruke dette nummeret til?", "what can i use this number for?"
    re.compile(rf"\b{_ASK}\s+(?:kan|can)\s+{_I}\s+(?:bruke|bruka|use)\s+{_ABOUT_THIS}\b"),
    # "hvordan fungerer denne tjenesten?", "korsn funke dætta?", "hvordan dette virker", "how does this work"
    re.compile(rf"\b{_HOW}\s+{_WORKS}\s+{_ABOUT_THIS}\b"),
    re.compile(rf"\b{_HOW}\s+{_ABOUT_THIS}\s+{_WORKS}\b"),
    re.compile(rf"\bhow\s+(?:does|do)\s+{_ABOUT_THIS}\s+work\b"),
    # "hvordan bruker jeg deg?", "how to use this service", "how do i use this"
    re.compile(
        rf"\b{_HOW}\s+(?:(?:bruker|brukar|skal)\s+{_I}(?:\s+bruke)?|(?:do|can|should)\s+{_I}\s+use|to\s+use|bruke)\s+"
        rf"{_ABOUT_THIS}\b"
    ),
    # "hvordan melder jeg fravær?", "korleis søkjer eg om fri?", "how do i report that my child is sick?": how to do
    # one of the service's tasks, with no child or day of its own (those make it a report or an application)
    re.compile(
        rf"^{_HOW}\s+(?:(?:do|can|should|kan|skal|må|bør)\s+)?(?:{_I}\s+)?(?:(?:best\s+)?to\s+)?"
        r"(?:melde\w*|meld|søke\w*|søkje\w*|søk|report|apply|tell|notify|let\s+(?:you|the\s+school|them)\s+know|"
        r"sier?\s+i?fr[aå]|seie\s+fr[aå]|gi\w*\s+beskjed)\b(?:\s+[a-zæøå']+){0,5}?\s+"
        r"(?:fravær\w*|fråvær\w*|fri|permisjon|absen\w*|leave|sick|syk\w*|sjuk\w*|day\s+off|borte)(?:\s+[a-zæøå']+){0,4}$"
    ),
    # "hvordan gir jeg beskjed hvis Ola må gå tidlig en dag?", "how do I let you know if she is ill?", "korleis seier
    # eg frå dersom ...": how to do it in a case put as a supposition, not a report of one
    re.compile(
        rf"^{_HOW}\s+(?:(?:do|can|should|kan|skal|må|bør)\s+)?(?:{_I}\s+)?(?:(?:best\s+)?to\s+)?"
        r"(?:melde\w*|meld|søke\w*|søkje\w*|søk|report|apply|tell|notify|inform|let\s+(?:you|the\s+school|them)\s+know|"
        rf"(?:sier?|seier|seie)\s+(?:{_I}\s+)?i?fr[aå]|gi\w*\s+(?:{_I}\s+)?(?:dere\s+|deg\s+|skolen\s+)?beskjed|skrive|"
        r"write|text|sende|send)\b"
        r"(?:\s+[\w'-]+){0,4}?\s+(?:hvis|viss|dersom|if|in\s+case|whenever)\b"
    ),
    # "hva skal jeg skrive?", "what do i text to report an absence?"
    re.compile(rf"\b{_ASK}\s+(?:do|should|skal|må|bør)\s+{_I}\s+{_WRITE}\b"),
    # "hvilke kommandoer kan jeg bruke?", "kva for kommandoar finst det?"
    re.compile(r"\b(?:kommando\w*|commands?|keywords?|kodeord\w*|nøkkelord\w*|stikkord\w*)\b"),
    # "hva slags meldinger forstår du?", "what kind of messages can i send"
    re.compile(
        r"\b(?:hva\s+slags|hva\s+for|what\s+kind\s+of|what\s+sort\s+of|what\s+type\s+of|which|hvilke|hvilken|slags)\s+"
        r"(?:meldinger|meldingar|messages|ting|things|spørsmål|questions|beskjeder|requests)\s+(?:\w+\s+){0,2}?"
        r"(?:forstår|skjønner|understand|svarer|answer|kan|can|tar|take|handle)\b"
    ),
    # "hva kan du (hjelpe meg med)?", "what can it do?", "hva gjør jeg her?"
    re.compile(
        rf"^{_ASK}\s+(?:kan|can)\s+(?:du|you|it|den|boten|the\s+bot|denne\s+\w+|this\s+\w+)"
        r"(?:\s+(?:gjøre|gjere|do|hjelpe|hjelpa|help|brukes\s+til|be\s+used\s+for))?"
        r"(?:\s+(?:for|med|with|meg|me|oss|us|her|here|egentlig|eigentleg|actually))*$"
    ),
    re.compile(rf"^{_ASK}\s+(?:gjør|gjer|gjere|do)\s+{_I}(?:\s+(?:gjøre|gjere|do))?\s+(?:her|here)$"),
)
# Clauses that ask for help only when nothing else is said: "hjelp, kva gjer eg no?", "is this a bot?".
_HELP_WEAK = re.compile(
    r"^(?:hjelp|help|help\s+me|hjelp\s+meg|hjelpe\s+meg|info|"
    rf"{_ASK}\s+(?:er|e|is)\s+(?:dette|this|det|dætta)(?:\s+(?:for\s+noe|for\s+noko|for\s+noe\s+rart|"
    r"for\s+et\s+nummer|for\s+ein\s+tjeneste|nummeret|tjenesten|number|service|thing))?|"
    r"(?:hvem|who)\s+(?:er|e|is|are)\s+(?:dette|det|du|this|you)|who\s+am\s+i\s+(?:texting|writing\s+to|talking\s+to)|"
    r"(?:is\s+this|er\s+dette|e\s+dette|er\s+du|are\s+you)\s+(?:a|an|en|ein|ei)\s+(?:bot|robot|chatbot|automat\w*|"
    r"maskin|machine|real\s+person|person|menneske|human)|"
    rf"(?:hva|kva|ka|what)\s+(?:gjør|gjer|gjere|do)\s+{_I}(?:\s+(?:gjøre|gjere|do))?(?:\s+(?:nå|no|now|da|då|then|her|here))?|"
    r"(?:kan\s+du\s+|can\s+you\s+|could\s+you\s+)?(?:forklare|forklar|explain)(?:\s+(?:meg|me|it|det|this|dette))?|"
    r"(?:jeg|eg|æ|i)\s+(?:ikke\s+)?(?:skjønner|skjønar|forstår|forstå|understand|get\s+it)(?:\s+ikke)?"
    r"(?:\s+(?:dette|this|it|det|noe|noko|anything|noenting|ingenting))?|"
    r"(?:kan|can|could)\s+(?:du|you|noen|someone|dere)\s+(?:hjelpe|hjelpa|help)\s+(?:meg|me|oss|us)|"
    r"(?:jeg|eg|i)\s+(?:er|am)\s+ny(?:\s+her)?|i'm\s+new(?:\s+here)?|"
    # Who is on the other end: "who reads these messages?", "hvem leser dette?", "does anyone read this?".
    r"(?:hvem|who)\s+(?:leser|les|reads?|ser|sees|svarer|answers?|gets|receives?|mottar|får|sitter\s+og\s+leser)"
    r"(?:\s+(?:på|egentlig|eigentleg|actually|really|faktisk))?\s+(?:these|this|the|disse|desse|dette|det|"
    r"meldingene|meldingane|"
    r"sms-ene|beskjedene|"
    + _MESSAGES[3:-1]
    + r")(?:\s+(?:"
    + _MESSAGES[3:-1]
    + r"|her|here|hit|jeg\s+sender|i\s+send|(?:på|fra|from|til|to)\s+\w+(?:\s+\w+)?))*|"
    r"(?:er\s+det|is\s+there|does|do)\s+(?:noen|anyone|somebody|someone|a\s+person|et\s+menneske|a\s+human)\s+"
    r"(?:som\s+)?(?:(?:actually|really|egentlig|eigentleg|faktisk)\s+)?(?:leser|les|reads?|read|svarer|answer|answers|"
    r"reading)(?:\s+(?:dette|this|these|det|it|desse|disse|the|her|here|" + _MESSAGES[3:-1] + r"))*)$"
)
# Weak clauses that ask something (a bare "hjelp" or "jeg er ny" alone is not enough to read the rest).
_HELP_ASKING = re.compile(
    r"\b(?:hva|kva|ka|what|hvem|who|forklar\w*|explain|bot|robot|chatbot|hjelpe|hjelpa|help\s+me|hjelp\s+meg|"
    r"leser|les|reads?|reading)\b"
)


def _clauses(text: str) -> list[str]:
    """The clauses of canonical text, with polite words at their edges taken off."""
    parts = (_POLITE_EDGES.sub("", c.strip()).strip() for c in _CLAUSES.split(text))
    return [p for p in parts if p]


def _requests(clause: str, rules: tuple[re.Pattern[str], ...]) -> bool:
    """Whether a rule matches the clause and only channel words follow it."""
    return any(_only_tail(clause[m.end() :]) for rule in rules for m in rule.finditer(clause))


def _opts_out(clause: str) -> bool:
    return _requests(clause, _STOP_RULES)


# Asking to be put back: "please sign me back up", "sign up again", "put me back on the list", "add me back",
# "legg meg til igjen", "skriv meg på lista att", "opt back in", "turn the texts back on", "slå på meldingene igjen".
_LIST = r"(?:the\s+)?(?:mailing\s+list|sms-?lista|sms-?listen|lista|listen|list|systemet|system)\b"
_ME = r"(?:me|us|meg|oss|my\s+number|nummeret\s+mitt|mitt\s+nummer)"
_START_BACK = re.compile(
    rf"\bsign\w*\s+(?:{_ME}\s+)?(?:(?:tilbake|igjen)\s+)?(?:up|on|in)\b|"
    rf"\b(?:put|add|legg|legge|sett|sette|skriv|skrive|skriver)\s+{_ME}\s+(?:(?:(?:til|inn|på)\s+)?(?:tilbake|igjen|att|på\s+nytt)\b|"
    rf"(?:on|onto|to|in|into|inn|på|til)\s+(?:igjen\s+)?{_LIST})|"
    r"\bopt(?:\s+|-)?(?:tilbake\s+|igjen\s+)?in\b|"
    rf"\b(?:turn|switch)\s+(?:(?:the|my)\s+)?{_MESSAGES}\s+(?:tilbake\s+|igjen\s+)?on\b|"
    rf"\b(?:turn|switch)\s+(?:tilbake\s+|igjen\s+)?on\s+(?:(?:the|my)\s+)?{_MESSAGES}|"
    rf"\b(?:slå|slår|skru|skrur)\s+på\s+(?:igjen\s+)?{_MESSAGES}|"
    r"\babonner(?:e|er|a|ar)?\s+(?:på\s+)?(?:igjen|på\s+nytt|again)\b"
)


def _opts_in(clause: str) -> bool:
    if _requests(clause, (_START_SELF,)):
        return True
    if not re.search(rf"\b{_NEG}\b", clause) and _requests(clause, (_START_BACK,)):
        return True
    return bool(_AGAIN.search(clause)) and not re.search(rf"\b{_NEG}\b", clause) and _requests(clause, _START_RULES)


# "slutt å sende ukeplanen på papir", "stop the reminders about ...", "ikke send meldinger til faren hans".
_STOP_SOMETHING = re.compile(
    rf"\b(?:(?:slutt\w*|stopp?(?:e|er)?|quit|cease)\s+(?:å\s+|to\s+|med\s+å\s+)?{_SEND}|{_NEG}\s+{_SEND}|"
    r"(?:stopp?|stop)\s+(?:the|de|alle|all|disse|these)\s+\w+)\b"
)


def asks_to_stop_something(text: str) -> bool:
    """Canonical text asking the school to stop sending one thing, or to someone: a request for a person."""
    return any(_STOP_SOMETHING.search(c) and not _opts_out(c) for c in _clauses(text))


def beside_stop_requests(text: str) -> str:
    """Canonical text without its clauses that ask to stop sending one thing ("stop sending Sofie home with the
    reading log, she finished it" leaves "she finished it")."""
    return ", ".join(c for c in _clauses(text) if not _STOP_SOMETHING.search(c))


def is_help_sentence(text: str) -> bool:
    """Canonical text that asks how to use the service ("hva kan jeg skrive her?", "how does this work?")."""
    clauses = _clauses(text)
    if not clauses:
        return False
    strong = [any(rule.search(c) for rule in _HELP_STRONG) for c in clauses]
    weak = [bool(_HELP_WEAK.match(c)) for c in clauses]
    if not all(s or w for s, w in zip(strong, weak, strict=True)):
        return False
    return any(strong) or any(w and bool(_HELP_ASKING.search(c)) for c, w in zip(clauses, weak, strict=True))


@lru_cache(maxsize=256)
def usage_reading(text: str) -> tuple[UsageIntent | None, str]:
    """'stop', 'start' or 'help' when canonical text asks that in words (else None), and the clauses left.

    Cached: the intent and the parse's confidence (`intent_signals`) read the same text.

    The clauses left ("ola er syk i dag" beside "ikke send meg flere meldinger") let the caller keep a
    report a report; a help request is every clause asking about the service.
    """
    clauses = _clauses(text)
    stops = [c for c in clauses if _opts_out(c)]
    if stops:
        return "stop", ", ".join(c for c in clauses if c not in stops)
    starts = [c for c in clauses if _opts_in(c)]
    if starts:
        return "start", ", ".join(c for c in clauses if c not in starts)
    if is_help_sentence(text):
        return "help", ""
    return None, text


def usage_intent(text: str) -> UsageIntent | None:
    """'stop', 'start' or 'help' when canonical text asks that in words; None otherwise."""
    return usage_reading(text)[0]


def usage_request(text: str | None) -> UsageIntent | None:
    """`usage_intent` of a raw message (greeting and signature left out)."""
    if not (text or "").strip():
        return None
    return usage_intent(split_message(text or "").text)
