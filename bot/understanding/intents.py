"""What a guardian or staff member wants: the intent of a canonical message.

Decision order (first that applies wins):
1. stop / start / help: the whole message is the keyword (SMS opt-out rules), or asked in words
   ("jeg vil ikke ha flere sms", "hva kan jeg skrive her?", see `usage`) beside no report; a request
   to stop sending one thing ("slutt å sende ukeplanen på papir") and a question or complaint about
   an absence ("hvorfor står Ola med fravær i går?", "fikk dere beskjeden min?") are unknown;
2. broadcast (staff: "beredskap", "/beredskap", "varsel: ...", "send melding til alle foresatte");
3. booking (a booking verb plus a room or equipment word, or "mine bookinger");
4. leave_request ("søknad om fri", "søker fri", "permisjon", "ønsker fri", "kan X få fri");
5. a question about procedure ("Hvordan melder jeg fravær?") is no report: unknown;
6. absence when an away cue is present (illness, "hjemme", "borte", "kommer ikke", "går hjem kl",
   "kommer kl 10", "kommer tilbake onsdag", an appointment) in some clause that no presence cue
   cancels ("frisk igjen", "er tilbake", "kommer likevel", "men kommer på skolen"); a gym-only
   note ("kan ikke ha gym", "fritak") and a finished past ("var syk, men ...") without a day
   are unknown, while a late note naming a past day ("var syk i går") is an absence. A planned
   trip (ferie, reise, hytta, "skal til Spania") without illness is a leave_request;
7. weekplan ("ukeplan", or homework asked about: "hva er leksa til fredag");
8. unknown.
Leaving early needs a time or an "early" word: "Jeg henter Ola i dag" is only a pick-up note.
Things left at home ("glemt gymtøyet hjemme") and what happens after school ("tannlege etter
skolen", "tannlege kl 16", "bursdag etter skolen, tar ikke bussen hjem") are no away cues, and a question about
when the school day ends ("ka tid slutter skolen på fredag?") is unknown; "kommer" after a negation is no presence; a procedure question
("Hvordan søker jeg om fri?") without a day is unknown; a keyword may trail filler ("Stopp sms").
"Ikke regn med Ola i dag" is not coming; someone coming to fetch the child ("farmor kommer og henter ham når
skolen er ferdig") or a parent dropping by is no arrival; thanks for something, a complaint, a report taken back
("glem meldingen min"), a note asked about ("trenger dere legeerklæring?") and "should she stay home?" are
about an absence, not reports of one. A call, a talk or a meeting asked for ("kan læreren ringe meg?", "jeg vil
snakke om lekser") and the teacher asked to send something ("kan lærer sende på mail?") are for a person, not the
week plan. "Kommer på skolen etterpå/after" is a late arrival, not a presence. The school's own trip ("skole tur",
"class trip", "tur med klassen") is no family trip, and what the child needs for it ("trenger hun matpakke?") is
a question.
"""

from __future__ import annotations

import re
from datetime import time
from functools import lru_cache

from .clock import find_clocks
from .reasons import APPOINTMENT, FAMILY, ILLNESS, OTHER, without_school_trips
from .usage import asks_to_stop_something, beside_stop_requests, usage_reading

__all__ = [
    "Cues",
    "WHOLE_MESSAGE_KEYWORDS",
    "classify_intent",
    "clause_spans",
    "cues_of",
    "intent_signals",
    "is_keyword_message",
    "is_presence_clause",
    "talks_about_an_absence",
]

WHOLE_MESSAGE_KEYWORDS: dict[str, frozenset[str]] = {
    "stop": frozenset({"stop", "stopp", "avslutt", "unsubscribe", "cancel", "end", "quit", "stopall"}),
    "start": frozenset({"start", "unstop"}),
    "help": frozenset(
        {
            "hjelp",
            "help",
            "?",
            "??",
            "???",
            "hva kan du",
            "hva kan du gjøre",
            "hva kan du hjelpe med",
            "hva kan du hjelpe meg med",
            "kva kan du",
            "kva kan du gjøre",
            "what can you do",
            "meny",
            "menu",
            "info",
            "hjelp meg",
            "kommandoer",
            "commands",
            "hva kan jeg spørre om",
            "hva kan jeg skrive",
            "hvordan bruker jeg deg",
            "how does this work",
        }
    ),
}

_BROADCAST = re.compile(
    r"^/?(?:beredskap|varsel|varsle|broadcast)\b|\bberedskap\w*|\b(?:send|sende|nytt|ny)\s+(?:et\s+|en\s+|ei\s+)?varsel\b|"
    r"\bsend\w*\s+(?:en\s+|ei\s+|et\s+)?(?:melding|sms|beskjed|varsel|info\w*)\s+til\s+alle\b|"
    r"\btil\s+alle\s+(?:foresatte|foreldre|føresette)\b|\bsend\s+to\s+all\s+parents\b|"
    r"\bsend\w*\s+(?:en\s+|ei\s+|et\s+)?(?:melding|sms|beskjed|varsel|info\w*)\s+til\s+"
    r"(?:klassen|trinnet|foresatte|foreldre|føresette|hele|\d{1,2}\.?\s*[a-zæøå]\b|\d{1,2}\.?\s*trinn)"
)
_BOOK_VERB = re.compile(
    r"\b(?:book|booke|booker|booka|booking\w*|bookinger|reserver\w*|avbestill\w*|avbook\w*|bestill\w*|"
    r"ledig\w*|kanseller\w*|reserve|cancel\s+my|låne|låna|lån|borrow|trenger|treng)\b"
)
_BOOK_OBJECT = re.compile(
    r"\b(?:rom|rommet|grupperom\w*|møterom\w*|klasserom\w*|gymsal\w*|sal|salen|aula\w*|bibliotek\w*|musikkrom\w*|"
    r"prosjektor\w*|projector\w*|pc\w*|pc-vogn\w*|ipad\w*|chromebook\w*|klassesett\w*|skolekjøkken\w*|kjøkken\w*|"
    r"room\w*|lab\w*|utstyr\w*|vogn\w*|smartboard\w*|kamera\w*|minibuss\w*|auditorium|verksted\w*|"
    r"sløydsal\w*|formingsrom\w*|naturfagrom\w*|datarom\w*|lerret\w*|høyttaler\w*|mikrofon\w*|"
    r"(?:data|ipad|pc|chromebook|laptop|nettbrett|lader)-?skap\w*)\b"
)
# A room or thing asked about as free or taken: "is the music room free on Friday?", "er gymsalen opptatt?",
# "any free projectors tomorrow?" (next to each other, so "Ola is not available, ... in the hall" is no booking).
_FREE_OBJECT = r"(?:" + _BOOK_OBJECT.pattern + r"|\b(?:hall|hallen|gymhall\w*|idrettshall\w*|sportshall\w*)\b)"
_BOOK_FREE = re.compile(
    _FREE_OBJECT + r"\s+(?:[\w-]+\s+){0,3}?(?:free|available|vacant|opptatt|busy|taken)\b|"
    r"\b(?:free|available|vacant)\s+(?:[\w-]+\s+){0,2}?" + _FREE_OBJECT
)
_MY_BOOKINGS = re.compile(
    r"\b(?:mine|my)\s+(?:bookinger|bookingar|booking|reservasjoner|reservasjonar|bookings|reservations)\b|"
    r"\b(?:bookingen|bookingene|bookinga|reservasjonen|reservasjonene)\b"
)

_LEAVE = re.compile(
    r"\bsøknad\b|\bsøk(?:er|e|je)\b(?:\s+\w+){0,4}\s+(?:fri|permisjon)\b|\bsøk(?:er|e|je)\s+om\b|\bpermisjon\b|"
    r"\b(?:ønsker|ønskjer|ønske|vil\s+gjerne|vil\s+ha|be\s+om|ber\s+om|spør\s+om|spørre\s+om|trenger|treng|trenge)\b"
    r"(?:\s+\w+){0,4}\s+fri\b|"
    r"\b(?:få|får|fikk|ta|tar|ta\s+ut|gi|innvilge\w*|have|get)\s+(?:\w+\s+){0,3}fri\b|\bfri\s+fra\s+skolen\b|\bfridag\w*\b|"
    r"\btar?\s+(?:\w+\s+){0,2}ut\s+av\s+skolen\b|\bha\s+fri\b|\bhar\s+fri\b|"
    # "take Sofie out of school from 14.12", "pulling Jonas out 3/2", "is it ok if I take him out on Friday":
    # not a child taken out at a time of day ("pull him out at 12", "take her out early").
    r"\b(?:take|takes|taking|took|pull|pulls|pulling|pulled)\s+(?:[\w'-]+\s+){1,3}?out\s+(?:of\s+(?:skolen|school|"
    r"class|klassen|lessons)\b|(?=(?:\d{1,2}[./]\d{1,2}|on\s+\w+dag|\w+dag|fra|the\s+\d|for\s+(?:the\s+)?(?:day|week|"
    r"uke|\w+\s+dager|\d|two|three|a\s+few|en\s+uke)|all\s+(?:day|week)|neste|denne|i\s+morgen)\b))|"
    # Leaving at a time every week, asked for: "Kan Jonas få gå kl 12 hver fredag i februar?".
    r"\b(?:kan|kunne|får|can|could|may)\s+(?:[\w-]+\s+){1,3}?(?:få\s+|be\s+allowed\s+to\s+)?(?:gå|dra|slutte|"
    r"leave|go)\s+(?:hjem\s+|home\s+)?(?:[\w.:-]+\s+){0,3}?(?:hver|hvert|kvar|kvart|alle|every|each)\s+"
    r"(?:\w+dag\w*|uke|veke|week)\b|"
    # English and mixed: "can Sofie have all of next week off?", "could they get the two days before Easter off".
    r"\b(?:have|get|take|ha|få)\s+(?:[\w.'/-]+\s+){0,3}?(?:uke|uka|uker|dag|dager|week|weeks|neste|i\s+morgen|"
    r"mandag|tirsdag|onsdag|torsdag|fredag|\d{1,2}[./]\d{1,2}\.?)(?:\s+[\w.'/-]+){0,4}?\s+off\b|"
    # "trenger leave 17.12", "need leave on Friday", "kan Ola få leave": leave as a noun, not "leave at 12".
    r"\b(?:trenger|treng|trenge|need|needs|få|får|ha|have|get|søker|søker\s+om|ber\s+om|ask\w*\s+for|request\w*)\s+"
    r"(?:a\s+|en\s+|ei\s+)?leave\b(?=\s+(?:\d{1,2}[./](?:0?[1-9]|1[0-2])\b(?![.:]?\d{2}\b(?![./]))|on\b|den\b|"
    r"the\b|fra\b|for\s+(?!christmas|jul|easter|påske)|i\s+morgen\b|\w+dag\b|neste\b|denne\b|hele\b|$|[?.!,]))"
)
_TRIP = re.compile(
    r"\b(?:ferie\w*|reise|reiser|reisa|reiseuke|tur|turen|hytta|hytte\w*|syden|utlandet|utenlands|hjemlandet|"
    r"vacation|holiday\w*|trip|travel\w*|flight\w*|flyreise\w*)\b|"
    # Flying somewhere is a trip: "we're flying to Tenerife", "vi flyr til Vietnam", "fly home from Somalia".
    r"\b(?:fly|flyr|flying|flyg|flyge)\s+(?:\w+\s+)?(?:til|to|hjem|home|fra|from)\b"
)
_WEEKPLAN_WORD = re.compile(r"\bukeplan\b")
# "Hva er planen denne uka?": a plan asked about for a week is the week plan.
# "next week's plan", "this week's plan", "the week plan".
_WEEK_PLAN_PHRASE = re.compile(
    r"\bplan(?:en|a|ene)?\s+(?:for\s+|til\s+|i\s+)?(?:denne|neste|uke|uka)\b|"
    r"\b(?:uke|uka|veke|veka|week|weekly)(?:'s|s|ns)?\s*-?\s*plan(?:en|a|ene|s)?\b"
)
_HOMEWORK = re.compile(r"\blekser\b")
# With a family or other reason and a day, these words make the message an absence notice.
_TAKES_PART = re.compile(r"\b(?:ikke|borte|fri|skal|må|med\s+på)\b")
# "Skal Ola ha med matpakke på tur i morgen?": a question about the school's own trip.
# "Hun trenger matpakke?", "does she need a packed lunch?", "trenger Nora sovepose?": what the child needs, asked.
_ASKS_WHAT_TO_BRING = re.compile(
    r"\b(?:ha\s+med|ta\s+med|bring|pakke|pakka|(?:trenger|treng|trengs|need|needs)\s+(?:[\w']+\s+){0,3}?"
    r"(?:matpakke\w*|niste\w*|mat|lunsj|lunch|packed\s+lunch|snacks?|drikke|\w*flaske|penger|money|klær|\w+klær|"
    r"tøy|\w+tøy|sko|\w+sko|støvler|boots|shoes|clothes|sovepose\w*|\w*sekk\w*|bag|hjelm|helmet|ski|skøyter))\b[^.!]*\?"
)
_QUESTION = re.compile(
    r"\?|\b(?:hva|hvilke|hvilken|hvor|når|what|which|send|sende|vis|få|finne|finner|se|link|lenke)\b"
)
_HOMEWORK_NOT_ASKED = re.compile(
    r"\bhjelp\s+med\b|\b(?:gjort|gjøre|glemt|glemte|glemmer|klarte|klarer|forstår|skjønner|jobbet|jobbe|mye|vanskelig|"
    r"lett|for\s+mye|for\s+lite|ikke\s+levert|levert)\b"
)
# A child who will not do homework is a matter for a person, not the plan: "Ola vil ikke gjøre lekser",
# "ka ska æ gjør me at Ola ikkje vil les lekse?", "she refuses to do her homework", "gidder ikke".
_WONT_DO_HOMEWORK = re.compile(
    r"\b(?:(?:vil|gidder|gider|orker|gadd|ville|want|wants)\s+ikke|ikke\s+(?:vil|gidder|gider|orker|gadd|ville|want|wants)|"
    r"nekter|nekta|nektet|refuses?|refused)\b"
)

# A call, a talk or a meeting asked for ("kan læreren ringe meg?", "jeg vil snakke med kontaktlæreren om lekser",
# "could the teacher call me", "I'd like a meeting about his homework"): a matter for a person, not the plan.
_WANTS_A_PERSON = re.compile(
    r"\b(?:ring|ringe|ringer|ringa|ringje|call|phone|kontakte|kontakta|contact|get\s+in\s+touch\s+with)\s+"
    r"(?:meg|me|oss|us|mæ|meij|tilbake|back)\b|"
    r"\b(?:snakke|snakka|prate|prata|talk|speak|chat|diskutere|discuss)\s+(?:litt\s+|a\s+bit\s+|briefly\s+)?"
    r"(?:med|with|to|om|about|rundt)\b|"
    r"\b(?:et|ein|eit|a|en)\s+(?:møte|meeting|samtale|prat|chat|call|telefonsamtale)\b"
)
# The teacher asked to do something ("kan læreren sende arket på mail?", "could the teacher send it again"): the
# homework words beside it are what the teacher is asked about, not the plan asked for.
_TEACHER_DOES = re.compile(
    r"\b(?:lærer|læreren|lærar|læraren|lærerne|lærarane|kontaktlær\w*|faglær\w*|teacher|teachers|frøken|"
    r"miss|mr|mrs|ms)\s+(?:[\w-]+\s+){0,2}?(?:sende|send|sender|sends|sendt|maile|maila|mail|email|e-?poste|gi|gir|give|"
    r"forklare|explain|printe|print|skrive\s+ut|legge\s+ut|post|upload|laste\s+opp|dele|share)\b"
)

# English "out" and "off" for a day away ("will be out on Friday", "both off today", "off sick"), not "find out",
# "out of milk", "off the bus".
_OUT_OFF_DAY = (
    r"(?:i\s+dag|i\s+morgen|i\s+overmorgen|(?:on\s+|this\s+|neste\s+)?(?:mandag|tirsdag|onsdag|torsdag|fredag)|"
    r"syk|neste|denne|hele|resten|for\s+(?:the\s+)?(?:day|dag|rest|week|uke|a\s+few|\w+\s+dager)|all\s+week)\b"
)
# The parent is out ("I'll be out today", "we are off tomorrow"): no report about the child.
_NOT_THE_PARENT = r"(?<!\bi)(?<!\bwe)(?<!\bi\s)(?<!\bwe\s)(?<!\bjeg\s)(?<!\bvi\s)"
_OUT_OFF = (
    rf"\b{_NOT_THE_PARENT}(?:is|are|'ll\s+be|will\s+be|vil\s+be|er|begge|both|all|alle)\s+(?:\w+\s+)?"
    rf"(?:out|off)\s+(?={_OUT_OFF_DAY})|"
    rf"(?<!\bit)(?<!\bthat)(?<!\bwhat)(?<!\bthere)(?<!\bhere)(?<!\bwho)'s\s+"
    rf"(?:out|off)\s+(?={_OUT_OFF_DAY})|"
    rf"^\s*(?:[^\W\d_][\w-]*(?:\s*(?:og|,)\s+[^\W\d_][\w-]*)*)\s+(?:begge\s+)?(?:out|off)\s+"
    rf"(?={_OUT_OFF_DAY}|\d)|"
    r"\b(?:out|off)\s+(?:syk|sick|ill|poorly|unwell)\b"
)
# Still abroad or away when school starts: "fortsatt i Somalia", "still in Turkey", "er fremdeles på hytta".
_STILL_AWAY = (
    r"(?<!\bjeg\ser\s)(?<!\bvi\ser\s)(?<!\beg\ser\s)(?<!\bme\ser\s)(?<!\bi\sam\s)(?<!\bwe\sare\s)(?<!\bi'm\s)"
    r"(?<!\bwe're\s)\b(?:fortsatt|ennå|enda)\s+(?:\w+\s+)?(?:i|på|in|at|on)\s+"
    r"(?!(?:dag|morgen|går|overmorgen|forgårs|morges|kveld|natt|form|senga|seng|bed|skolen|feber|fever|jobb|jobben|"
    r"arbeid|work|møte|meeting|bilen|car|bussen|kø)\b)[^\W\d_]{3,}"
)
_STILL_AWAY_RE = re.compile(_STILL_AWAY)
_AWAY = re.compile(r"\b(?:hjemme|borte|fravær|fraværende|absent|ute\s+av\s+skolen)\b|" + _OUT_OFF + "|" + _STILL_AWAY)
# Things (not the child) left at home: "har glemt gymtøyet hjemme", "matpakka ligger hjemme".
_THING_AT_HOME = re.compile(
    r"\b(?:gl[eøæ]y?m+(?:t|te|de|d|er|a|e)|mistet|mista|ligger|lå|la\s+igjen|lagt\s+igjen|forgot|"
    r"forgotten|left)\b"
    r"(?:\s+[\w-]+){0,4}?\s+(?:igjen\s+)?hjemme\b"
)
_NOT_COMING = re.compile(
    r"\b(?:kommer|komme|møter|møte|kom|er)\s+(?:\w+\s+){0,3}ikke\s+(?:\w+\s+){0,2}(?:på\s+)?skolen\b|"
    r"\b(?:kommer|komme|møter|møte)\s+(?:\w+\s+){0,2}ikke\b|\bikke\s+(?:\w+\s+){0,2}(?:kommer|komme|møter|møte|på\s+skolen)\b|"
    r"\bikke\s+skolen\b|\bkan\s+ikke\s+(?:være\s+)?(?:på\s+)?skolen\b|\bblir\s+ikke\s+med\b|"
    # "ikke regn med Sofie i dag", "ikkje rekn med han", "don't count on / expect Ola today": not coming.
    r"\bikke\s+(?:regn|regne|rekn|rekne|count|expect)\s+(?:med|on|\w+)\b"
)
# Leaving during the day counts only with a time or an "early" word: "Jeg henter Ola i dag" is a
# pick-up note, "henter Ola kl 12" / "går hjem etter lunsj" is a partial absence.
_LEAVES = re.compile(
    # Not after "trenger ikke (å)", "slipper (å)": "han trenger ikke gå tidlig på torsdager lenger" is no leaving.
    r"(?<!\btrenger\sikke\s)(?<!\btrenger\sikke\så\s)(?<!\btreng\sikke\s)(?<!\bslipper\s)(?<!\bslipper\så\s)"
    r"(?<!\bneed\sto\s)(?<!\blonger\s)"
    r"\b(?:går\s+hjem|gå\s+hjem|dra\s+hjem|drar\s+hjem|hentes|hentet|henta|hentast|hentar|henter|hente|må\s+gå|må\s+dra|"
    r"må\s+reise|(?:slutter|slutte|sluttar)(?!\s+(?:på|med)\s)|forlater|forlate|reiser\s+fra\s+skolen|gå\s+fra\s+skolen|går\s+fra\s+skolen|"
    r"(?:går|gå|drar|dra|leaves|leave)(?=\s+(?:kl|ca|rundt|halv|kvart|tidlig\w*|\d|etter\s+(?:lunsj|storefri|"
    r"(?:første|fyrste|andre|tredje|fjerde|femte|sjette|\d\.?)\s+time))))\b"
)
_EARLY = re.compile(
    r"\b(?:tidlig\w*|før\s+lunsj|etter\s+lunsj|etter\s+(?:første|andre|tredje|fjerde|1\.|2\.|3\.|4\.)\s+time|"
    r"etter\s+storefri|etter\s+friminuttet|midt\s+på\s+dagen|i\s+løpet\s+av\s+dagen|før\s+skoleslutt|early|"
    r"resten\s+av\s+dagen)\b"
)
_NOT_EARLY = re.compile(
    r"\b(?:alene|selv|etter\s+skolen|etter\s+skoletid|etter\s+sfo|fra\s+sfo|på\s+sfo|after\s+school|"
    # At the end of the school day: "når skolen er ferdig", "when school finishes", "ved skoleslutt".
    r"(?:når|etter|ved|when|after)\s+(?:skolen|school)\s+(?:er\s+|is\s+)?(?:ferdig|slutt|slutter|ends|finishes|is\s+over|over)|"
    r"(?:ved|etter|at|after)\s+skoleslutt)\b"
)
_RETURNS = re.compile(
    r"\b(?:kommer|er|blir|be|will\s+be)\s+(?:\w+\s+)?tilbake\s+(?:på\s+skolen\s+|til\s+skolen\s+)?(?:på\s+|til\s+|i\s+|on\s+|før\s+)?"
    r"(?:\w+dag|i\s+morgen|i\s+overmorgen|morgen|overmorgen|neste|den|\d)|\bpå\s+skolen\s+igjen\s+(?:på\s+)?\w+dag\b|"
    r"\b(?:kommer|komme|er|blir|møter)\s+(?:\w+\s+)?(?:på\s+|til\s+|i\s+)?skolen\s+igjen\s+(?:på\s+|fra\s+)?"
    r"(?:\w+dag|i\s+morgen|i\s+overmorgen|neste|den|\d)"
)
# A lesson by its number: "til andre time", "etter 3. time".
_LESSON = r"første|fyrste|andre|tredje|fjerde|femte|sjette|\d\.?"
_LATE = re.compile(
    r"\bkommer\s+(?:\w+\s+){0,3}(?:senere|sent|etter|etterpå|after|afterwards|later|kl|ca|rundt|først|litt|til\s+\d|til\s+kl)\b|\bkommer\s+(?:\w+\s+){0,2}\d|"
    r"\bforsinket\b|\bsenere\s+i\s+dag\b|\bpå\s+skolen\s+(?:fra|etter|kl)\b|\bikke\s+før\b|\bkommer\s+senere\b|"
    r"\b(?:kommer|møter)\s+(?:\w+\s+){0,2}(?:til|etter)\s+(?:" + _LESSON + r")\s+time\b|"
    r"(?:\bwill|'ll|\bvil\s+ikke|\bwon't|\bwill\s+not)\s+be\s+(?:in|på\s+skolen|at\s+school)\s+(?:around|about|ca|"
    r"kl|by|før|until|till|til|after|etter|senere|sent|\d|half|halv|kvart|quarter)\b"
)
_PRESENCE = re.compile(
    r"\bfrisk\w*|\ber\s+(?:(?!ikke\b)[^\W\d_]+\s+)?tilbake\b(?!\s+(?:på|i\s+morgen|i\s+overmorgen|\w+dag|\d|kl|ca|etter|neste|til|fra|den))|\btilbake\s+(?:på\s+skolen\s+)?(?:i\s+dag|nå)\b|"
    r"\bkommer\s+(?:\w+\s+){0,3}(?:likevel|allikevel|uansett|som\s+vanlig|som\s+normalt)\b|\bbedre\s+nå\b|"
    r"\b(?:better|healthy)\b|\ber\s+på\s+skolen\s+i\s+dag\b|"
    r"\bkommer\s+(?:(?!ikke\b)\w+\s+)?på\s+skolen\b(?!\s+(?:(?:rett|like|straks|direkte|omtrent|cirka|right|straight|directly)\s+)?(?:kl|etter|after|later|ca|rundt|\d|litt|senere|sent|til|igjen|i\s+morgen|i\s+overmorgen|på\s+\w+dag|\w+dag|fra|neste|den|halv|kvart|ved|by|around|innen|før|\w+-?tid\w*))|"
    r"\b(?:er|går|is|goes)\s+(?:(?!ikke\b)\w+\s+)?på\s+skolen\s+(?:(?:likevel|allikevel|uansett)\s+)?"
    r"(?:som\s+(?:vanlig|vanleg|vanli|normalt)|i\s+dag)\b|"
    r"\b(?:er|is)\s+(?:(?!ikke\b)\w+\s+)?på\s+skolen\s+(?:likevel|allikevel|uansett)\b|"
    # A pronoun put at school or well, closing its clause: "..., men hun er på skolen", "we checked Sofie and she's
    # fine" ("hun er på skolen torsdag" names the day back instead).
    r"\b(?:han|hun|hen|he|she)\s+(?:er|e|is)\s+(?:(?!ikke\b)\w+\s+)?(?:på\s+skolen|fine|ok|okay|fin)(?=\s*(?:[.,!?;]|$))|"
    r"\bkommer\s+(?:\w+\s+){0,3}som\s+(?:vanleg|vanli|normalt|vanlegt)\b|"
    # The illness is over: "feberen gikk over i natt", "the fever has gone", "vondten er borte".
    r"\b(?:feber\w*|fever|temperature|temp|vondt\w*|smerte\w*|sykdommen|forkjølelsen|kvalmen|hosten)\s+(?:\w+\s+)?"
    r"(?:gikk\s+over|gjekk\s+over|er\s+over|er\s+borte|er\s+vekk|forsvant|went\s+down|has\s+gone|is\s+gone|"
    r"has\s+gone\s+down|is\s+down|broke|gone)\b|"
    # "Aksel will be in as normal", "she's in as usual today" ("as normal" reads "som vanlig").
    r"(?:\b(?:will\s+be|'ll\s+be|is|are|be|er)|'s)\s+in\s+(?:(?:i\s+dag|i\s+morgen)\s+)?som\s+(?:vanlig|vanleg|normalt)\b|\bkommer\s+(?:på\s+skolen\s+)?i\s+dag\b(?!\s+(?:kl|etter|ca|rundt|\d|litt|senere|sent|til))"
)
_NEGATED_PRESENCE = re.compile(
    r"\bikke\s+(?:\w+\s+){0,2}?frisk\w*|\bikke\s+(?:\w+\s+){0,2}?(?:bedre|better)\b|"
    r"\b(?:når|til|før|inntil|until|when|hvis|om|if)\s+(?:\w+\s+){0,2}(?:er\s+|blir\s+|is\s+)?(?:frisk\w*|bedre|better)"
)
_GYM = re.compile(
    r"\b(?:gym\w*|kroppsøving\w*|svømming\w*|svømme\w*|uteaktivitet\w*|utetid|friminutt\w*|turdag\w*|"
    r"ski\w*dag|aktivitetsdag\w*|leikdag|med\s+på\s+turen|klassetur\w*|skoletur\w*|utflukt\w*|ekskursjon\w*)\b"
)
_GYM_EXCUSE = re.compile(
    r"\b(?:kan\s+ikke|ikke\s+(?:delta|være\s+med|ha|bade|gå)|fritak\w*|slippe\w*|slipper|fri\s+fra|skal\s+ikke|"
    r"bør\s+ikke|må\s+være\s+inne|være\s+inne|holde\s+seg\s+inne)\b"
)
_STRONG_AWAY = re.compile(r"\b(?:hjemme|borte|fravær)\b|" + _NOT_COMING.pattern)
# "kommer" right after a negation is no presence ("hun ikke kommer i dag", "she will not come").
_NEGATED_COMES = re.compile(r"\b(?:ikke|aldri)\s+(?:\w+\s+)?(?:kommer|komme)\b")
_PAST_ONLY = re.compile(r"\b(?:var|har\s+vært|hadde|was|were)\b")
_STILL = re.compile(r"\b(?:fortsatt|ennå|enda|still|i\s+dag|i\s+morgen|blir|er\s+syk|er\s+dårlig|nå)\b")
_NEGATED_ILLNESS = re.compile(r"\b(?:ikke|aldri)\s+(?:\w+\s+)?(?:syk|syke|dårlig)\b")
_THANKS_ONLY = re.compile(
    r"^(?:tusen\s+)?takk(?:\s+(?:for\s+\w+|skal\s+du\s+ha|så\s+mye|så\s+mykje))*[\s.!]*$|"
    r"^(?:ok|okei|okay|greit|supert|flott|fint|thanks|thank\s+you|mottatt|den\s+er\s+grei)[\s.!]*$"
)


# A message about an absence rather than reporting one (issue 17, family 5): why it is recorded, a message
# the guardian got or sent, a denial ("var ikke borte", "var på skolen hele dagen"), a count, "stemmer det?".
_NOT_ = r"(?:ikke|ittj|itte|ikkje|aldri|never)"
_WAS = r"(?:var|va|vart|was|were|har\s+vært|has\s+been|had\s+been)"
_A_MESSAGE = r"(?:melding\w*|beskjed\w*|sms\w*|message|text|varsel|e-?post|e-?mail)"
# A note that documents an absence: "legeerklæring", "egenmelding", "a doctor's note" ("sick note" reads "syk note").
_NOTE = (
    r"(?:legeerklæring\w*|lege-?attest\w*|legeerklæring\w*|attest\w*|egenmelding\w*|dokumentasjon\w*|sykemelding\w*|"
    r"doctor'?s\s+(?:note|letter|certificate)|doctors\s+note|(?:syk|sick)\s+note|medical\s+(?:note|certificate)|"
    r"note\s+from\s+(?:the\s+|a\s+)?(?:doctor|gp|lege|legen)|documentation)"
)
_ABOUT_AN_ABSENCE: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b(?:hvorfor|koffor|korfor|kofor|kvifor|åffer|why|how\s+come)\b"),
    re.compile(
        r"\b(?:står|stod|sto|ført|førte|føres|registrert|registrerte|merket|markert|marked|recorded|registered|listed)"
        r"\s+(?:\w+\s+){0,3}?(?:med|som|as|with)\s+(?:\w+\s+){0,2}?"
        r"(?:fravær|borte|ugyldig\w*|udokumentert\w*|absence|unexplained|sykdom|syk)\b"
    ),
    re.compile(
        rf"\b(?:fikk|fått|got|get|received|mottok|mottatt)\s+(?:jeg\s+|vi\s+|æ\s+|i\s+|we\s+)?"
        rf"(?:en\s+|ei\s+|et\s+|a\s+|an\s+)?{_A_MESSAGE}\s+(?:om\s+at|om|that|saying|about|som\s+sa)\b"
    ),
    re.compile(
        rf"\b(?:fikk|fått|got|get|received|mottok|mottatt)\s+(?:dere|de|du|you)\s+(?:\w+\s+){{0,2}}?{_A_MESSAGE}"
    ),
    # Without "om"/"that", as immigrant Norwegian and quick English write it: "jeg få melding Jonas borte i dag",
    # "got text Ola absent", "fekk sms Liam ikkje på skulen".
    re.compile(
        rf"\b(?:fikk|fått|få|får|got|get|received|receive|mottok|mottatt)\s+(?:jeg\s+|vi\s+|æ\s+|i\s+|we\s+)?"
        rf"(?:en\s+|ei\s+|et\s+|a\s+|an\s+)?{_A_MESSAGE}\s+(?:fra\s+\w+\s+)?[^\W\d_]+\s+(?:er\s+|var\s+|is\s+|was\s+)?"
        r"(?:borte|fravær\w*|absent|missing|ikke\s+(?:\w+\s+)?(?:på\s+)?skolen)\b"
    ),
    # Whether the school needs a note for an absence: "trenger dere legeerklæring for fraværet?", "do you need a
    # doctor's note for the days Mina was off?", "må jeg levere egenmelding?".
    re.compile(
        rf"\b{_NOTE}\b(?=[^.!?]*\?)|"
        rf"\b(?:trenger|treng|trengs|må|skal|bør|should|must|require\w*|krever|want|vil)\s+(?:[\w']+\s+){{0,4}}?{_NOTE}\b"
    ),
    re.compile(
        r"\b(?:har|have|did|fikk)\s+(?:dere|de|du|you)\s+(?:fått|mottatt|got|get|received|sett|seen)\s+"
        r"(?:den|det|hun|han|it|this|meldingen|meldinga|beskjeden|my|min|mi)\b"
    ),
    re.compile(rf"\b{_WAS}\s+(?:\w+\s+)?{_NOT_}\s+(?:\w+\s+)?(?:borte|fravær\w*|absent|away)\b"),
    re.compile(r"\b(?:på|at|in)\s+skolen\s+(?:hele|all|heile)\s+(?:dagen|dag|the\s+dag)\b"),
    # "Ola var på skolen" denies an absence; "(glemte å melde at) Ola ikke var på skolen" reports one.
    re.compile(rf"(?<!\bikke\s)(?<!\baldri\s)(?<!\bnever\s)\b{_WAS}\s+(?:(?!{_NOT_}\b)\w+\s+)?(?:på|at|in)\s+skolen\b"),
    re.compile(rf"\b(?:har|has|had)\s+(?:\w+\s+)?{_NOT_}\s+(?:vært|been)\s+(?:\w+\s+)?(?:borte|absent|away)\b"),
    re.compile(r"\b(?:har|has|have)\s+(?:fått|got|gotten)\s+(?:\w+\s+)?(?:fravær\w*|ugyldig\w*|udokumentert\w*)"),
    re.compile(r"\b(?:sjekke|sjekk|check|se\s+på|look\s+at)\s+(?:\w+\s+){0,2}?(?:fravær\w*|absence|records?)\b"),
    re.compile(
        r"\b(?:det|that|this)\s+(?:stemmer\s+|er\s+|is\s+)?(?:ikke|not)(?:\s+(?:riktig|rett|sant|right|correct|true))?$"
    ),
    re.compile(
        r"\b(?:må|must|skal)\s+(?:være|vere|be)\s+(?:en|ein|a|noe|some)\s+(?:feil|mistake|error|misforståelse)\b|"
        r"\bdet\s+(?:er|e)\s+(?:noe|nåkka|noko|nokka|en|ein)\s+feil\b|\b(?:some|a)\s+mistake\b|"
        r"\bcorrect\s+(?:your|the)\s+records?\b|\bfeilregistrert\w*"
    ),
    re.compile(r"\b(?:hvor|kor|how)\s+(?:mange|many|mye|much)\b"),
    # Thanks for something the school did or told: "takk for at dere ringte da Ola ble dårlig", "thank you for letting
    # us know about the lice" (a thanks of its own, "Takk! Ola er syk i dag", leaves the report its clause).
    re.compile(
        r"^\s*(?:tusen\s+|mange\s+)?(?:takk|thanks|thank\s+you)\s+(?:så\s+mye\s+|so\s+much\s+)?(?:for|til)\s+\w"
    ),
    # An absence referred to ("den gjelder fraværet i uke 45", "regarding the absence"), or asked about: "skal hun
    # være hjemme?", "should she stay home anyway?", "bør han holde seg hjemme i morgen?".
    re.compile(r"\b(?:gjelder|gjaldt|angående|regarding|concerning|concerns)\s+(?:[\w']+\s+)?(?:fravær\w*|absence)\b"),
    re.compile(
        r"\b(?:should|skal|bør|burde|må|must|does|do)\s+(?:\w+\s+)?(?:blir|bli|være|vere|stay|be|holde\s+seg)\s+"
        r"(?:\w+\s+)?hjemme\b[^.!?]*\?"
    ),
    # A complaint: "jeg er ikke fornøyd med hvordan dere fulgte opp Nora", "we are not happy with", "vil klage på".
    re.compile(
        r"\b(?:ikke|not)\s+(?:\w+\s+)?(?:fornøyd|fornøgd|nøgd|happy|pleased|satisfied|ok\s+with)\b|"
        r"\b(?:misfornøyd|unhappy|dissatisfied|upset\s+(?:with|about|that)|skuffet\s+over|disappointed)\b|"
        # ("Ola klager over vondt i magen", "he complains of a headache" are about the child's illness.)
        r"\b(?:vil|ønsker|ønskjer|want\s+to|would\s+like\s+to|må|have\s+to)\s+(?:\w+\s+)?(?:klage|complain)\b|"
        r"\b(?:en|ei|ein|a|formal|formell)\s+(?:klage|complaint)\b"
    ),
    # Taking a report back: "glem meldingen om at Ola er syk", "se bort fra meldinga mi", "ignore my last text".
    re.compile(
        rf"\b(?:glem|gløym|glemm|se\s+bort\s+fra|sjå\s+bort\s+fra|ignorer|ignore|disregard|forget|slett|delete)\s+"
        rf"(?:den\s+|det\s+|the\s+|my\s+|that\s+|forrige\s+|siste\s+|last\s+|previous\s+)*{_A_MESSAGE}"
    ),
    re.compile(
        r"\b(?:stemmer\s+det|er\s+det\s+riktig|er\s+det\s+sant|is\s+that\s+(?:right|true|correct)|"
        r"vet\s+dere\s+noe|do\s+you\s+know\s+anything)\b"
    ),
    re.compile(
        r"\b(?:skal|må|bør|trenger)\s+(?:jeg|vi)\s+(?:å\s+)?(?:melde|søke|sende|gi\s+beskjed)\b.*\?|"
        r"\b(?:should|do|must)\s+(?:i|we)\s+(?:need\s+to\s+)?(?:report|apply|tell|notify)\b.*\?"
    ),
    re.compile(
        r"\b(?:change|correct|endre|rette|korriger\w*|oppdater\w*|update)\s+(?:\w+\s+){0,3}?"
        r"(?:absence|fravær\w*|records?|registrering\w*)\b"
    ),
    re.compile(
        rf"\b{_NOT_}\s+(?:\w+\s+)?(?:kommet|kommer|kom|come)\s+hjem\w*|\b(?:kom|kommet|came)\s+(?:\w+\s+)?{_NOT_}\s+hjem\w*"
    ),
    re.compile(r"^(?:var|was|were|har|has|is|er)\s+\w+\s+(?:vært\s+)?(?:på|at|in)\s+skolen\b.*\?"),
)


# A report phrased as a question: "Who should I tell that Jonas has a physio appointment tomorrow?",
# "hvem skal jeg si fra til at Ola er syk i dag?", "kor melde eg at ho er sjuk?".
_TELL_VERB = (
    r"(?:tell|inform|notify|let\s+\w+\s+know|report|say|si|sei|seie|gi\s+beskjed|melde|melder|varsle|varsler|"
    r"sende\s+(?:melding|beskjed)|skrive)"
)
_TELL_THAT = re.compile(
    r"^\s*(?:who|whom|where|hvem|hvor|kven|kor|korleis|hvordan|how)\b[^?]*?\b" + _TELL_VERB + r"|"
    r"\b(?:should|do|must|can|shall|skal|må|bør|kan|trenger)\s+(?:i|we|jeg|vi|eg|me|æ)\s+(?:\w+\s+)?" + _TELL_VERB
)
_THAT_REST = re.compile(r"\s+(?:\w+\s+){0,3}?(?:that|at|om\s+at)\s+(?P<rest>.+)$")


def _embeds_report(text: str) -> bool:
    """Canonical text that asks where or whom to tell while telling it: "who do I tell that Ola is sick today?".
    ("Why did you tell me that Ola was away?" is a complaint, not a report.)"""
    m = _TELL_THAT.search(text)
    rest = _THAT_REST.match(text, m.end()) if m else None
    return rest is not None and cues_of(rest.group("rest")).away_cue


def _about_an_absence(clause: str) -> bool:
    """A clause that asks or complains about an absence, a record or a message ("hvorfor står Ola med fravær?")."""
    return any(rule.search(clause) for rule in _ABOUT_AN_ABSENCE)


def talks_about_an_absence(text: str) -> bool:
    """Whether some clause of canonical text asks, complains or thanks about an absence or a message about one,
    whatever the rest reports ("Ola er syk. Hvorfor fikk jeg sms i går?")."""
    spans = clause_spans(text)
    return any(_about_an_absence(text[a : b + 1] if text[b : b + 1] == "?" else text[a:b]) for a, b in spans)


@lru_cache(maxsize=256)
def _only_about_absences(text: str) -> bool:
    """Canonical text that talks about an absence without reporting one: some clause asks or complains
    about it, and every other clause with an away cue is about a finished past."""
    spans = clause_spans(text)
    # A question mark belongs to the clause it closes ("stemmer det?", "... registrert som sykdom?").
    clauses = [text[a : b + 1] if text[b : b + 1] == "?" else text[a:b] for a, b in spans]
    about = [_about_an_absence(c) for c in clauses]
    if not any(about):
        return False
    for clause, is_about in zip(clauses, about, strict=True):
        cues = cues_of(clause)
        reports = (cues.away_cue and not cues.presence and not cues.past_only) or cues.leave_words
        if reports and not is_about:
            return False
    return True


# "etter skolen", "etter skoletid": what happens then is no absence ("tannlege etter skolen").
_AFTER_SCHOOL = re.compile(r"\b(?:etter|after)\s+(?:skolen|skoletid\w*|skoledagen|skulen|skuletid\w*|sfo|school)\b")


def _outside_school_hours(text: str) -> str:
    """The text with every clause that is about after school blanked out."""
    if not _AFTER_SCHOOL.search(text):
        return text
    kept = [text[a:b] if not _AFTER_SCHOOL.search(text[a:b]) else " " * (b - a) for a, b in clause_spans(text)]
    return " ".join(kept)


# A question about when the school day ends or begins: "når slutter skolen på fredag?", "ka tid e skulen ferdig",
# "what time does school finish?", "kva tid byrjar SFO?".
_SCHOOL_DAY = r"(?:skolen|skoledagen|skuledagen|sfo|aks|dagen)"
_DAY_EDGE = r"(?:slutt\w*|begynn\w*|byrj\w*|start\w*|ends?|finish\w*|ferdig|over|out|open\w*|åpn\w*|stenge\w*|close\w*)"
_ASKS_SCHOOL_HOURS = re.compile(
    r"\b(?:når|naar|ka\s+tid|kva\s+tid|hva\s+tid|kor\s+tid|hvilken\s+tid|kva\s+for\s+tid|what\s+time|when)\s+"
    r"(?:(?:does|do|is|will|er|e|blir|vil)\s+)?"
    rf"(?:{_SCHOOL_DAY}\s+(?:\w+\s+)?{_DAY_EDGE}|{_DAY_EDGE}\s+(?:\w+\s+)?{_SCHOOL_DAY})\b"
)
# Appointments from this time on are after the school day (school runs 08:00-16:00, see `clock`).
_AFTER_SCHOOL_TIME = time(16, 0)


def _appointment_in_school_hours(text: str) -> bool:
    """An appointment in canonical text whose clause names no clock time, or one before 16:00: "tannlege kl 16"
    is after school, like "tannlege etter skolen"."""
    for m in APPOINTMENT.finditer(text):
        a, b = next(((a, b) for a, b in clause_spans(text) if a <= m.start() < b), (0, len(text)))
        times = [c.value for c in find_clocks(text[a:b])]
        if not times or any(t < _AFTER_SCHOOL_TIME for t in times):
            return True
    return False


def _reason_in_school_hours(text: str) -> bool:
    """Whether a family or other reason of canonical text is given outside the clauses about after school
    ("skal i bursdag etter skolen i dag" is an afternoon plan, no day away)."""
    in_hours = _outside_school_hours(text)
    return in_hours is text or bool(FAMILY.search(without_school_trips(in_hours)) or OTHER.search(in_hours))


class Cues:
    """Which kinds of evidence a canonical message contains (computed once, read by several rules)."""

    __slots__ = (
        "illness",
        "away",
        "not_coming",
        "leaves",
        "late",
        "appointment",
        "family",
        "other_reason",
        "presence",
        "gym",
        "trip",
        "past_only",
        "leave_words",
    )

    def __init__(self, text: str) -> None:
        # "har glemt astmasprayen hjemme": a thing left at home names no illness of the child's.
        unforgotten = _THING_AT_HOME.sub(lambda m: " " * len(m.group(0)), text)
        illness = [
            m
            for m in ILLNESS.finditer(unforgotten)
            if not _NEGATED_ILLNESS.search(unforgotten[max(0, m.start() - 20) : m.end()])
        ]
        self.illness = bool(illness)
        in_school_hours = _outside_school_hours(text)
        self.away = bool(_AWAY.search(_THING_AT_HOME.sub(" ", in_school_hours)))
        self.not_coming = bool(_NOT_COMING.search(text))
        timed = bool(find_clocks(text, loose=True)) or bool(_EARLY.search(text))
        # "når slutter skolen?" asks when the school day ends: no child leaving.
        leaves = bool(_LEAVES.search(_ASKS_SCHOOL_HOURS.sub(" ", text)))
        self.leaves = leaves and timed and not _NOT_EARLY.search(text)
        self.late = bool(_LATE.search(_DROPS_BY.sub(" ", text))) or bool(_RETURNS.search(text))
        self.appointment = _appointment_in_school_hours(in_school_hours)
        ours = without_school_trips(text)  # "skole tur er neste onsdag": the school's trip, not the family's
        self.family = bool(FAMILY.search(ours))
        self.other_reason = bool(OTHER.search(text))
        presence = _PRESENCE.search(_NEGATED_COMES.sub(" ", text))
        self.presence = bool(presence) and not _NEGATED_PRESENCE.search(text)
        self.gym = bool(_GYM.search(text) and _GYM_EXCUSE.search(text)) or bool(re.search(r"\bfritak\w*", text))
        self.trip = bool(_TRIP.search(ours))
        self.leave_words = bool(_LEAVE.search(text))
        self.past_only = bool(_PAST_ONLY.search(text)) and not _STILL.search(text)

    @property
    def away_cue(self) -> bool:
        """Some sign that the child is or will be away for all or part of a day."""
        return self.illness or self.away or self.not_coming or self.leaves or self.late or self.appointment


@lru_cache(maxsize=2048)
def cues_of(text: str) -> Cues:
    """The evidence found in canonical text (cached: the parse, its clauses and its confidence read the same texts
    several times; read only)."""
    return Cues(text)


def _whole(text: str) -> str:
    """The message as one keyword: punctuation squeezed, a leading slash dropped."""
    return re.sub(r"[\s.!,]+", " ", text).strip().lstrip("/")


# Words that may trail a keyword without changing it: "Stopp sms", "START igjen", "help me".
_KEYWORD_FILLER = re.compile(r"(?:\s+(?:sms|sms-er|meldinger|meldingar|melding|igjen|please|pls|takk|me|meg|now|nå))+$")


def _keyword_core(whole: str) -> str:
    """A whole message without the filler words that may trail a keyword."""
    return _KEYWORD_FILLER.sub("", whole)


_CLAUSE_SPLIT = re.compile(r"(?<!\d)\.+|[,;!?\n]+|\b(?:men|but)\b", re.IGNORECASE)
_PROCEDURE_QUESTION = re.compile(
    r"^(?:hvordan|how|hvor|where|når|when|hva\s+gjør|what\s+do|hvem|who|hvilken|hvilket|which)\b"
)
_COMES = re.compile(r"\b(?:kommer|møter)\b")
# The parent dropping by ("jeg kommer innom med den rundt kl 10", "we'll come by at 12"): no late arrival.
# Someone coming to fetch the child ("farmor kommer og henter Jonas kl 14.30"): a pick-up, no arrival.
_DROPS_BY = re.compile(
    r"\b(?:jeg|vi|me|æ|i|we)\s+(?:kommer|komme)\s+(?:\w+\s+)?(?:innom|innom\w*|forbi|bortom|by|over)\b|"
    r"\b(?:kommer|komme)\s+(?:og|to|and)\s+(?:henter|hente|henta|hentar|fetch\w*|collect\w*|get|gets|pick\w*)\b"
)


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the clauses of a text (split at punctuation and "men"/"but")."""
    spans: list[tuple[int, int]] = []
    last = 0
    for m in _CLAUSE_SPLIT.finditer(text):
        if m.start() > last:
            spans.append((last, m.start()))
        last = m.end()
    if last < len(text):
        spans.append((last, len(text)))
    return spans


def is_presence_clause(canonical_clause: str) -> bool:
    """A clause that says a child is at school ("Jonas kommer som vanlig", "er frisk igjen")."""
    cues = cues_of(canonical_clause)
    # A clause that ends in "kommer" ("..., Mina kommer") puts that child at school too.
    ends_in_comes = bool(re.search(r"\bkommer\s*$", canonical_clause)) and not _NEGATED_COMES.search(canonical_clause)
    return cues.presence or ends_in_comes


def _keyword_intent(whole: str) -> str | None:
    """stop/start/help when the whole message is the keyword (maybe with filler, or "help?")."""
    core = _keyword_core(whole)
    for intent, words in WHOLE_MESSAGE_KEYWORDS.items():
        if (
            whole in words
            or core in words
            or (intent == "help" and whole.rstrip("?").strip() in words and whole.endswith("?"))
        ):
            return intent
    return None


def _command_intent(text: str, whole: str) -> str | None:
    """The rules before any away cue is read: keywords, thanks, broadcasts, bookings."""
    keyword = _keyword_intent(whole)
    if keyword is not None:
        return keyword
    if not whole or _THANKS_ONLY.match(whole):
        return "unknown"
    if _BROADCAST.search(text):
        return "broadcast"
    if _MY_BOOKINGS.search(text) or (_BOOK_VERB.search(text) and _BOOK_OBJECT.search(text)) or _BOOK_FREE.search(text):
        return "booking"
    return None


# "Filip er syk i dag og Henrik er frisk": a sibling named well after "og"/"and" is a clause of its own, so it
# cancels no report ("og han er frisk igjen", "og frisk nok til skolen" have no subject of their own and still do).
_WELL_TAIL = re.compile(
    r"\s(?:og|and)\s+(?!(?:han|hun|hen|ho|he|she|it|det|den|vi|we|jeg|eg|i|de|dei|they|er|e|is|are)\b)"
    r"[^\W\d_][\w-]*\s+(?:(?:er|e|is|are)\s+)?(?:(?:helt|heilt|all|totally|perfectly)\s+)?"
    r"(?:frisk\w*|fine|ok|okay|well|fin|bra|healthy)\b(?:\s+[\w-]+){0,4}\s*$"
)


def _with_well_tails(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Clause spans with a sibling's "og Henrik er frisk" tail split off its clause."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        m = _WELL_TAIL.search(text, a, b)
        out += [(a, m.start()), (m.start(), b)] if m else [(a, b)]
    return out


def _away_intent(
    text: str, cues: Cues, *, has_past_dates: bool, has_dates: bool, has_clock: bool, late_by_clock: bool
) -> str:
    """A message with an away cue: an absence unless presence, a gym note or a finished past cancels it."""
    clauses = [cues_of(text[a:b]) for a, b in _with_well_tails(clause_spans(text), text)]
    uncancelled = [c for c in clauses if c.away_cue and not c.presence]
    if cues.gym and not _STRONG_AWAY.search(text):
        return "unknown"
    if cues.presence and not uncancelled and not has_past_dates and not late_by_clock:
        return "unknown"
    if uncancelled and all(c.past_only for c in uncancelled) and not has_dates:
        return "unknown"
    if not uncancelled and cues.past_only and not has_dates:
        return "unknown"
    still_away = bool(_STILL_AWAY_RE.search(text))  # "fortsatt på hytta": a trip that is keeping the child away now
    if cues.trip and not cues.illness and not cues.appointment and not has_clock and not still_away:
        return "leave_request"
    return "absence"


def _quiet_intent(text: str, whole: str, cues: Cues, has_dates: bool) -> str:
    """A message with no away cue: a planned trip, taking part in something, the week plan, or unknown."""
    bring_question = bool(_ASKS_WHAT_TO_BRING.search(text))
    if cues.trip and has_dates and not cues.presence and not bring_question:
        return "leave_request"
    if _ASKS_SCHOOL_HOURS.search(text):
        return "unknown"  # "ka tid slutter skolen på fredag?": a question about the school day, for a person
    if (
        (cues.family or cues.other_reason)
        and has_dates
        and not bring_question
        and _TAKES_PART.search(text)
        and _reason_in_school_hours(text)
    ):
        return "absence"
    if _WANTS_A_PERSON.search(text):
        return "unknown"  # "kan læreren ringe meg? jeg vil snakke om lekser": for a person, not the plan
    if _WEEKPLAN_WORD.search(text) or _WEEK_PLAN_PHRASE.search(text):
        return "weekplan"
    asks_homework = bool(_HOMEWORK.search(text)) and not _HOMEWORK_NOT_ASKED.search(text)
    asks_homework = asks_homework and not _WONT_DO_HOMEWORK.search(text) and not _TEACHER_DOES.search(text)
    if asks_homework and (_QUESTION.search(text) or len(whole.split()) <= 5):
        return "weekplan"
    return "unknown"


def _reports(text: str) -> bool:
    """Whether canonical text (what is left beside an opt-out, say) reports an absence or asks for leave."""
    if not text.strip():
        return False
    cues = cues_of(text)
    return cues.away_cue or cues.leave_words


def classify_intent(
    text: str, *, has_past_dates: bool = False, has_dates: bool = False, has_clock: bool = False
) -> str:
    """The intent of canonical text (see module docstring for the order of rules).

    has_past_dates: the message names only days before today (a late note is still an absence);
    has_dates: the message names a school day or a day still to come; has_clock: it names a clock time.
    """
    whole = _whole(text)
    command = _command_intent(text, whole)
    if command is not None:
        return command
    usage, rest = usage_reading(text)
    if usage is not None and not _reports(rest):
        return usage
    if asks_to_stop_something(text) and not _reports(beside_stop_requests(text)):
        return "unknown"  # "slutt å sende ukeplanen på papir": a request for a person, not the plan
    embedded = has_dates and _embeds_report(text)  # "who should I tell that Jonas is at the physio tomorrow?"
    if not embedded and _only_about_absences(text):
        return "unknown"  # "hvorfor står Ola med fravær i går?": a question for a person, not a report
    cues = cues_of(text)
    procedure_question = bool(_PROCEDURE_QUESTION.search(whole)) and "?" in text and not embedded
    if cues.leave_words and not (cues.gym and not cues.away) and not (procedure_question and not has_dates):
        return "leave_request"
    if procedure_question:
        homework = bool(_HOMEWORK.search(text)) and not _WONT_DO_HOMEWORK.search(text)
        return "weekplan" if _WEEKPLAN_WORD.search(text) or homework else "unknown"
    late_by_clock = has_clock and bool(_COMES.search(_DROPS_BY.sub(" ", text)))
    if cues.away_cue or late_by_clock:
        return _away_intent(
            text,
            cues,
            has_past_dates=has_past_dates,
            has_dates=has_dates,
            has_clock=has_clock,
            late_by_clock=late_by_clock,
        )
    return _quiet_intent(text, whole, cues, has_dates)


def is_keyword_message(text: str) -> bool:
    """Whether canonical text is a whole-message keyword (STOPP, HJELP, START, with filler)."""
    return _keyword_intent(_whole(text)) is not None


def intent_signals(text: str, cues: Cues | None = None) -> frozenset[str]:
    """The intents some cue of canonical text points at; more than one means the reading had to choose.

    "unknown" stands for the cues that cancel a report: presence, a gym note, a question or complaint
    about an absence, a procedure question, a request to stop sending one thing.
    """
    cues = cues or cues_of(text)
    whole = _whole(text)
    found: set[str] = set()
    keyword = _keyword_intent(whole)
    if keyword is not None:
        found.add(keyword)
    usage, _ = usage_reading(text)
    if usage is not None:
        found.add(usage)
    if _BROADCAST.search(text):
        found.add("broadcast")
    if _MY_BOOKINGS.search(text) or _BOOK_OBJECT.search(text):
        found.add("booking")
    if cues.leave_words or cues.trip:
        found.add("leave_request")
    if cues.away_cue:
        found.add("absence")
    if _WEEKPLAN_WORD.search(text) or _WEEK_PLAN_PHRASE.search(text) or _HOMEWORK.search(text):
        found.add("weekplan")
    procedure = bool(_PROCEDURE_QUESTION.search(whole)) and "?" in text
    cancels = cues.presence or cues.gym or procedure or asks_to_stop_something(text) or _only_about_absences(text)
    if cancels or _THANKS_ONLY.match(whole):
        found.add("unknown")
    return frozenset(found)
