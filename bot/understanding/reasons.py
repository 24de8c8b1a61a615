"""Why a child is away: illness, appointment, family, other, or no reason given.

Categories are checked in that order, so "syk, skal til legen" is illness (the cause) and
"tannlege" alone is an appointment. Family covers funerals, weddings, religious and family
celebrations and family trips: a holiday trip ("ferie", "reise", "hytta") counts as family,
because the school handles it as a family matter when granting leave. A reason that is
given ("pga fotballcup", "flytting", "passkontoret") but fits none of these is "other".

A named infectious disease ("streptokokker", "vannkopper", "chickenpox") is illness even when a
doctor found it; a relative's illness ("mormor er syk", "bestefar ligger på sykehuset") is family,
and so are a new sibling and travel abroad. Taking part in a sports or culture event (cup,
tournament, match, choir tour) is "other" even when it means a trip. A school break named as a
point in time ("etter vinterferien", "before the Easter holidays") is no reason.
"""

from __future__ import annotations

import re

from storage.domain import Reason

from .normalise import canonical, clean

__all__ = ["ILLNESS", "APPOINTMENT", "FAMILY", "OTHER", "classify_reason", "reason_of"]

# Named infectious and childhood diseases: the child's own illness, even when a doctor named it.
_DISEASE = (
    r"(?:streptokokk\w*|streptokok\w*|strep|kikhoste\w*|vannkopp\w*|brennkopp\w*|skarlagen\w*|mesling\w*|"
    r"kusma|røde\s+hunder|barnesykdom\w*|munnsyre|lus|lusa|lusene|hodelus\w*|skabb|barnemark|springmark\w*|"
    r"impetigo|noro\w*|rotavirus|rs-virus|rsv|mykoplasma|kyssesyke|mononukleose|enterovirus|"
    r"hånd-,?\s*fot-?\s*og\s+munnsykdom|chicken\s?pox|measles|mumps|whooping\s+cough|scarlet\s+fever|"
    r"strep\s+throat|head\s+lice|lice|nits|flu|influens\w*|influenz\w*|covid\w*|korona\w*|corona\w*|"
    r"omgangssyk\w*|mageinfluensa|stomach\s+bug|tummy\s+bug|pinkeye|pink\s+eye|conjunctivitis|"
    r"øyekatarr|ørebetennelse|ear\s+infection|tonsillitt|halsbetennelse|bronkitt|pneumoni|lungebetennelse)"
)
ILLNESS = re.compile(
    r"\b(?:syk|syke|sykt|sykdom\w*|sykemeld\w*|sykmeld\w*|feber|febersyk|kaste\s+opp|kastet\s+opp|kasta\s+opp|"
    r"kaster\s+opp|kastar\s+opp|spy\w*|oppkast|omgangssyk\w*|magesyk\w*|mageinfluensa|vondt|vondt\s+i\s+\w+|"
    r"hodepine|hovudpine|migrene|forkjøl\w*|snue|snørr\w*|hoste\w*|hostar|influensa|influenza|flu|covid\w*|korona\w*|"
    r"corona\w*|rs-virus|virus|halsbetennelse|ørebetennelse|øyebetennelse|betennelse|diaré|diare|diarrhea|"
    r"diarrhoea|vannkopper|skarlagensfeber|brukket|brekt|skadet|skada|skade|hjernerystelse|astma\w*|allergi\w*|"
    r"uvel|(?<!sovet\s)(?<!sov\s)(?:dårlig|darlig|dårleg|dårli|dårlige)(?!\s+(?:samvittighet|vær|tid|natt|søvn|humør))|slapp|utslett|tett\s+nese|halsen|ikke\s+i\s+form|ikke\s+helt\s+i\s+form|"
    r"fever|vomit\w*|threw\s+up|throwing\s+up|stomach\w*|headache|cough\w*|a\s+cold|infection|legevakt\w*|"
    r"innlagt|pneumoni|lungebetennelse|bronkitt|kvalm\w*|svimmel|svimle|mageknip|mage\w+|pjusk\w*|"
    r"dårle|dålig|dåli|brekker\s+seg|brekte\s+seg|brakk\s+seg|sjuk\w*|kreft|cancer|hjerneslag|hjerteinfarkt|infarkt|stroke|heart\s+attack|(?<=fått\s)slag|(?<=fikk\s)slag|"
    r"sore|throat|ache|aches|hurts?|pain\w*|ill|nausea|dizzy|ikke\s+(?:helt\s+|heilt\s+)?frisk\w*|" + _DISEASE + r")\b"
    # Compounds name an illness by their last part: øyekatarr, mellomørebetennelse, tannverk, magesmerter.
    r"|\b\w+(?:betennelse|katarr|infeksjon|smerter|smerte|pine|feber|virus|syke|sjuke|sykdom|hoste|kopper|koppar)\b"
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
    r"rikshospitalet|haukeland|st\.?\s+olavs|"
    # Abbreviations and short forms: "tannl.", "tannreg.", "leg. time", "dr. appt", "fysio", "orto".
    r"tannl|tannreg|tannklinikk\w*|tannhelse\w*|tannkontroll\w*|barnelege\w*|spesialist\w*|poliklinikk\w*|"
    r"habilitering\w*|ortoped\w*|orto|gp|dr|appt|appts|helsesyster|skolehelsetjeneste\w*|surgery|operation)\b"
    r"|\bleg\.(?=\s*(?:time|kl|\d))|\b(?:hos|til|time\s+hos)\s+leg\."
)
# Relatives are a reason only when the child goes to them or does something for them
# ("skal til mormor", "besøke besteforeldre"), not when they just fetch the child.
_RELATIVE = (
    r"(?:besteforeldre\w*|bestemor\w*|bestefar\w*|farmor\w*|farfar\w*|mormor\w*|morfar\w*|oldemor\w*|"
    r"oldefar\w*|onkel\w*|tante\w*|kusine\w*|fetter\w*|søsken\w*|grandparent\w*|grandma|grandpa|"
    r"grandmother|grandfather)"
)
# Words that may stand between a relative, the verb and the illness ("er alvorlig syk", "is in the hospital").
_ADVERBS = (
    r"(?:(?:veldig|svært|alvorlig|kritisk|brått|plutselig|dessverre|også|òg|og|fortsatt|framleis|nå|no|igjen|litt|"
    r"ganske|blitt|fått|very|seriously|badly|really|quite|so|suddenly|also|too|still|now|been|på|i|in|the|a|an|en|"
    r"ei|et|ein)\s+){0,3}?"
)
# A relative (not the child) who is ill: "mormor er alvorlig syk", "her grandmother is very ill",
# "bestefar ligger på sykehuset". Grown-ups of the family only: a sibling is often ill with the child.
_ILL_RELATIVE = re.compile(
    r"\b(?:"
    + _RELATIVE[3:-1]
    + r"|oldeforeldre\w*|mamma|pappa|mor|(?<!so\s)(?<!as\s)far|moren|faren|mora|mother|father|mum|mom|"
    r"mummy|dad|daddy|aunt|uncle|great-grand\w*|besten|bestemora|grandad|granny|nana|slekt\w*|"
    r"relative\w*)(?:'s)?\s+(?:(?:i|in|på|fra|frå|from)\s+[\w-]+\s+)?" + _ADVERBS + r"(?:er|e|ligger|ligg|har|is|"
    r"has|had|hadde|was|var|ble|blei|blir|har\s+blitt|er\s+blitt|har\s+fått|fikk|got|has\s+been|is\s+in|lies|kjemper\s+mot|"
    r"døyr|dør|is\s+dying)\s+" + _ADVERBS
)
_HEALTH = r"(?:" + ILLNESS.pattern + r"|" + APPOINTMENT.pattern + r")"
# The relative's illness, and what the same sentence adds about them ("... og ligger på sykehus").
_ILL_RELATIVE_REASON = re.compile(
    _ILL_RELATIVE.pattern + _HEALTH + r"(?:\s+(?:og|and)\s+(?:er|e|ligger|ligg|is|lies|was|var|ble|blir|har|has)\s+"
    r"(?:[\w-]+\s+){0,3}?" + _HEALTH + r")*"
)
# Babies and new siblings: "har fått en lillesøster", "baby brother was born".
_NEW_SIBLING = (
    r"fødsel\w*|fødde|føde|føder|fødte|født\w*|fødd\w*|nyfødt\w*|born|birth|newborn|"
    r"(?:fått|fikk|fekk|got|had)\s+(?:en\s+|ein\s+|ei\s+|et\s+|a\s+)?(?:ny\s+|nye\s+|liten\s+|lita\s+|lite\s+|"
    r"little\s+|new\s+|baby\s+)?(?:lille|vesle|veslé|smått)?(?:søster|syster|bror|broder|brother|sister|søsken|sysken|"
    r"baby|sibling)|(?:ny|nye|new)\s+(?:lille|vesle)?(?:søster|syster|bror|brother|sister|søsken|sysken|baby|sibling)|"
    r"baby(?:en|brother|sister)?|(?:mamma|mother|mum|mom)\s+(?:skal\s+)?føde\w*"
)
# Countries and far places guardians travel to (bokmål, nynorsk and English names).
_ABROAD = (
    r"(?:polen|poland|syria|somalia|pakistan|eritrea|etiopia|ethiopia|afghanistan|irak|iraq|iran|tyrkia|turkey|"
    r"litauen|lithuania|latvia|estland|estonia|sverige|sweden|danmark|denmark|finland|island|iceland|tyskland|"
    r"germany|frankrike|france|spania|spain|portugal|italia|italy|hellas|greece|kroatia|croatia|bosnia|serbia|"
    r"kosovo|albania|makedonia|montenegro|ungarn|hungary|romania|bulgaria|ukraina|ukraine|russland|russia|"
    r"tsjekkia|slovakia|østerrike|austria|sveits|switzerland|nederland|netherlands|holland|belgia|belgium|"
    r"england|skottland|scotland|irland|ireland|storbritannia|london|usa|amerika|america|canada|kanada|mexico|"
    r"brasil|brazil|chile|colombia|peru|argentina|marokko|morocco|tunisia|algerie|algeria|egypt|libya|sudan|"
    r"sør-sudan|kenya|uganda|tanzania|rwanda|burundi|kongo|congo|nigeria|ghana|gambia|senegal|kamerun|"
    r"cameroon|djibouti|jemen|yemen|libanon|lebanon|jordan|palestina|palestine|israel|irak|kurdistan|"
    r"saudi-arabia|dubai|emiratene|qatar|india|bangladesh|sri\s+lanka|nepal|kina|china|japan|korea|"
    r"thailand|vietnam|filippinene|philippines|indonesia|malaysia|myanmar|burma|tsjetsjenia|chechnya|"
    r"georgia|armenia|aserbajdsjan|azerbaijan|kasakhstan|usbekistan|tadsjikistan|gran\s+canaria|"
    r"kanariøyene|tenerife|mallorca|kreta|kypros|cyprus|thailand|syden|utlandet|hjemlandet)"
)
# Family events and matters: funerals, weddings, celebrations, relatives, a new sibling.
_FAMILY_EVENT = re.compile(
    r"\b(?:begravelse\w*|gravferd\w*|døde|død|dødsfall\w*|døende|dying|sorg\w*|bisettelse\w*|minnestund\w*|"
    r"\w*bryllup\w*|\w*bryllaup\w*|famili\w*|familie\w*|gått\s+bort|sovnet\s+inn|passed\s+away|"
    r"(?:til|hos|med|besøke|besøk|pga|for|visit|visiting|see)\s+(?:\w+\s+)?" + _RELATIVE + r"|"
    r"dåp\w*|barnedåp\w*|konfirmasjon\w*|jubileum\w*|"
    r"feiring\w*|feirer|feire|bursdag\w*|\w*årsdag\w*|selskap\w*|eid|bayram|ramadan|diwali|religiøs\w*|høytid\w*|"
    r"funeral\w*|wedding\w*|family|christening|baptism|celebration|" + _NEW_SIBLING + r")\b"
)
# Trips and holidays: the school treats travel as a family matter.
_TRIP_WORDS = re.compile(
    r"\b(?:\w*ferie\w*|\w*feria|reise|reiser|reisa|tur|turen|hytta|hytte\w*|syden|utlandet|utenlands|"
    r"hjemlandet|besøk\w*|vacation\w*|holiday\w*|trip|travel\w*|visit\w*|abroad|cabin|"
    r"fly|flyr|fløy|flew|flying|flyet|flyreise\w*|flytur\w*|flyplass\w*|flight\w*|ferja|ferga|ferje\w*|"
    r"(?:i|til|fra|in|to|from|frå)\s+" + _ABROAD + r")\b"
)
# A school break named as a point in time ("etter vinterferien", "before the Easter holidays",
# "det er haustferie") is no reason: these phrases are blanked before the trip words are read.
_BREAK_AS_TIME = re.compile(
    r"\b(?:etter|ætter|før|til|inntil|fram\s+til|frem\s+til|i|over|after|before|until|till|in|during|since|"
    r"siden|sidan|er|is|then|så|starts?|begynner|byrjar)\s+(?:the\s+|det\s+|it\s+is\s+the\s+)?"
    r"(?:(?:\w+\s+)?(?:break|holidays?|vacation)|\w*ferien|\w*feria|\w+ferie|jul|jula|julen|påske|påsken|påska|"
    r"nyttår\w*|christmas|easter)\b"
)
FAMILY = re.compile(_FAMILY_EVENT.pattern + "|" + _TRIP_WORDS.pattern)
# Taking part in a sports or culture event (also as the last part of a compound: "hockeycup",
# "håndballturnering", "skirenn", "korturné"): "other", even when it means travel.
_ACTIVITY = re.compile(
    r"\b\w*(?:cup|turnering|stevne|kamp|kamper|konkurranse|renn|konsert|forestilling|oppvisning|leir|trening|"
    r"turné|turne|korps|koret|kora)\b|"
    r"\b(?:fotball\w*|cup|turnering\w*|kamp\w*|stevne\w*|idrettsstevne\w*|håndball\w*|svømmestevne\w*|"
    r"trening\w*|konkurranse\w*|renn|skirenn|\w+renn|klubb\w*|korps\w*|teater\w*|musikal\w*|konsert\w*|opptreden|"
    r"forestilling\w*|audition|leir\w*|speider\w*|kor(?:tur|turné|turne|øving|stevne|festival)\w*|"
    r"\w+kor|choir\w*|tour|touring|tournament\w*|match|matches|competition\w*|contest|championship\w*|"
    r"race|concert\w*|performance|performing|game|games|camp|training)\b"
)
# Phrases that give a reason but are none of the above.
OTHER = re.compile(
    _ACTIVITY.pattern + r"|"
    r"\b(?:personlige|private|praktiske)\s+(?:grunner|årsaker|årsak|grunnar)\b|\bforsov\w*|\bpasset\b|\b(?:flytting|flytter|flytte|pass|"
    r"passkontor\w*|politi\w*|nav|udi|intervju\w*|kurs\w*|tv-opptak|opptak|innspilling|"
    r"bilverksted|transport|buss\w*|streik\w*|moving|passport|personal\s+reasons|private\s+reasons)\b"
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


def _ill_relative_spans(text: str) -> list[tuple[int, int]]:
    """Spans of text where a relative, not the child, is ill or in hospital ("mormor er syk")."""
    return [m.span() for m in _ILL_RELATIVE_REASON.finditer(text)]


def _outside(m: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    return not any(a <= m.start() and m.end() <= b for a, b in spans)


def reason_of(text: str) -> str | None:
    """Reason category of canonical text (see module docstring), None when none is given.

    Plain strings (`.value`), not members: the result goes into dialog state, which jsonpickle keeps.
    """
    text = _BREAK_AS_TIME.sub(lambda m: " " * len(m.group(0)), text)
    relatives = _ill_relative_spans(text)
    illness = [
        m
        for m in ILLNESS.finditer(text)
        if _outside(m, relatives) and not _NEGATED_ILLNESS.search(text[max(0, m.start() - 20) : m.end()])
    ]
    if illness:
        return Reason.ILLNESS.value
    if any(_outside(m, relatives) for m in APPOINTMENT.finditer(text)):
        return Reason.APPOINTMENT.value
    if relatives or _FAMILY_EVENT.search(text):
        return Reason.FAMILY.value
    if _ACTIVITY.search(text):
        return Reason.OTHER.value
    if _TRIP_WORDS.search(text):
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
