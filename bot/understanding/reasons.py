"""Why a child is away: illness, appointment, family, other, or no reason given.

Categories are checked in that order, so "syk, skal til legen" is illness (the cause) and
"tannlege" alone is an appointment. Family covers funerals, weddings, religious and family
celebrations and family trips: a holiday trip ("ferie", "reise", "hytta") counts as family,
because the school handles it as a family matter when granting leave. A reason that is
given ("pga fotballcup", "flytting", "passkontoret") but fits none of these is "other".

A named illness or injury ("streptokokker", "vannkopper", "migraine", "a temperature", "brakk armen",
"concussion") is illness even when a doctor, the GP or the legevakt found it; a planned operation
("fjerne mandlene") is an appointment. A relative's illness, hospital stay, operation or death
("mormor er syk", "mormor er akutt syk", "bestefar hass e innlagt", "his dad had surgery", "lillebroren har feber",
"grandad passed away") is family, and the hospital words beside it are the relative's, not the
child's appointment. Weddings ("gifter seg", "getting married"), round birthdays ("fyller 80",
"80th birthday"), a new sibling ("får ei lita syster", "fått ein bror") and travel ("flying to", "i Polen", "we go Stockholm") are family.
Taking part in a sports or culture event (cup, tournament, match, choir tour, swim meet, piano
exam) and moving house ("flytta", "moving house") are "other" even when they mean a trip. A school
break named as a point in time ("etter vinterferien", "before the Easter holidays") is no reason.
Errands at an office ("time på passkontoret", "an appointment at the embassy", "oppkjøring"), mishaps ("bilen
ville ikke starte", "vannlekkasje", "vi har punktert") and a pet that died are "other"; a birth ("mamma skal føde") and religious days
("Yom Kippur", "Eid", "i moskeen") are family, and the hospital beside a birth is the mother's.
A parent is a relative too ("pappaen deres er syk", "mora hans er sjuk", "their dad is ill"): the children are
well. Celebrating ("vi feirar ortodoks jul", "we celebrate Diwali") and the family at church are family; the
school's own trip ("skole tur", "class trip") is no trip. Appointments are read in short forms with dots too
("fys.ter.", "tannl.", "leg.", "ortodont.", "kontr.", "øyel.").
Keywords match as whole words or as known compounds ("hyttetur", "skirenn", "hockeycup", "vannkopper"), never
inside another word: "autokorrektur", "struktur", "konkurs", "politikk", "alpine", "painting" give no reason.
"""

from __future__ import annotations

import re

from storage.domain import Reason

from .normalise import canonical, clean

__all__ = [
    "ILLNESS",
    "APPOINTMENT",
    "FAMILY",
    "OTHER",
    "classify_reason",
    "is_family_event",
    "is_trip",
    "reason_of",
    "without_school_trips",
]

# Named infectious and childhood diseases: the child's own illness, even when a doctor named it.
_DISEASE = (
    r"(?:streptokokk\w*|streptokok\w*|strep|kikhoste\w*|vannkopp\w*|brennkopp\w*|skarlagen\w*|mesling\w*|"
    r"kusma|røde\s+hunder|barnesykdom\w*|munnsyre|lus|lusa|lusene|hodelus\w*|skabb|barnemark|springmark\w*|"
    r"impetigo|noro\w*|rotavirus|rs-virus|rsv|mykoplasma|kyssesyke|mononukleose|enterovirus|"
    r"hånd-,?\s*fot-?\s*og\s+munn\w*|hand,?\s*(?:-\s*)?foot,?\s*(?:-\s*)?(?:og|and|&)\s+mouth\w*|hfmd|chicken\s?pox|measles|mumps|whooping\s+cough|scarlet\s+fever|"
    r"strep\s+throat|head\s+lice|lice|nits|flu|influens\w*|influenz\w*|covid\w*|korona\w*|corona\w*|"
    r"omgangssyk\w*|omgangssjuk\w*|mageinfluensa|stomach\s+bug|tummy\s+bug|pinkeye|pink\s+eye|conjunctivitis|"
    r"øyekatarr|ørebetennelse|ear\s+infection|tonsillitt|tonsillitis|halsbetennelse|bronkitt|bronchitis|pneumoni|"
    r"pneumonia|lungebetennelse|migraine|migrene|hjernerystelse\w*|concussion|utslett|eksem|elveblest|rash|hives|"
    r"eczema|croup|sinusitis|bihulebetennelse)"
)
# Bones and joints a child breaks, sprains or hurts ("brakk armen", "broke his foot", "vrikket ankelen").
_BODY_PART = (
    r"(?:arm|armen|armane|armene|arms?|hand|hånd|hånda|handa|hånden|hands?|håndledd\w*|handledd\w*|wrist|"
    r"finger|fingeren|fingers?|tommel\w*|thumb|fot|foten|foot|feet|bein|beinet|beina|leg|legs?|legg|leggen|"
    r"ankel\w*|ankle|tå|tåa|tærne|toe|toes|kne|kneet|knee|hofte\w*|hip|albue\w*|elbow|skulder\w*|skuldra|shoulder|"
    r"kragebein\w*|collarbone|ribbein\w*|ribs?|nese|nesen|nasen|nose|rygg|ryggen|back|nakke\w*|neck|kjeve\w*|jaw)"
)
_INJURY = (
    r"(?:brekke|brekker|brakk|brekte|brukket|brukke|brote|brotne|brotið|braut|brøt|brutt|knekt\w*|knakk|knekte|"
    r"broke|broken|breaks?|fractured?|"
    r"sprained?|twisted|vrikket|vrikka|vrikke|forstuet|forstua|forstue|skadet|skada|hurt|injured)\s+"
    r"(?:(?:his|her|their|a|the|my|sin|si|sitt|hans|hennes|hass|ho|en|ei|et|left|right|venstre|høyre)\s+){0,2}"
    + _BODY_PART
    + r"|(?:bein|arm|fot|ankel|hånd|håndledd|handledd|kragebein|ribbein|kne|hofte|rygg|nese|finger|tå|skulder|"
    r"albue|kjeve|legg|lårbein)?brudd\w*|fracture\w*|sprain\w*|forstuing\w*|injur\w*|gips\w*|in\s+a\s+cast|stitches"
)
ILLNESS = re.compile(
    r"\b(?:syk|syke|sykt|sykdom\w*|sykemeld\w*|sykmeld\w*|feber\w*|kaste\s+opp|kastet\s+opp|kasta\s+opp|"
    r"kaster\s+opp|kastar\s+opp|spy(?!ware)\w*|oppkast|omgangssyk\w*|magesyk\w*|mageinfluensa|vondt|vondt\s+i\s+\w+|"
    r"hodepine|hovudpine|migrene|forkjøl\w*|snue|snørr\w*|hoste(?!l|ss)\w*|hostar|influensa|influenza|flu|covid\w*|korona\w*|"
    r"corona\w*|rs-virus|virus|halsbetennelse|ørebetennelse|øyebetennelse|betennelse|diaré|diare|diarrhea|"
    r"diarrhoea|vannkopper|skarlagensfeber|brukket|brekt|skadet|skada|skade|hjernerystelse\w*|astma\w*|allergi\w*|"
    r"uvel|(?<!sovet\s)(?<!sov\s)(?:dårlig|darlig|dårleg|dårli|dårlige)(?!\s+(?:samvittighet|vær|tid|natt|søvn|humør))|slapp|utslett|tett\s+nese|halsen|ikke\s+i\s+form|ikke\s+helt\s+i\s+form|"
    r"fever|vomit\w*|threw\s+up|throwing\s+up|stomach\w*|headache|cough\w*|infection|legevakt\w*|"
    r"innlagt|pneumoni|lungebetennelse|bronkitt|kvalm\w*|svimmel|svimle|mageknip|mage\w+|pjusk\w*|"
    r"dårle|dålig|dåli|brekker\s+seg|brekte\s+seg|brakk\s+seg|brekning\w*|retch\w*|gagging|dry\s+heaving|"
    # Intensified illness words: "kjempesyk", "kjæmpeforkjølelse", "dritdårlig".
    r"(?:kjempe|kjæmpe|kjempa|kjæmpa|mega|super|drit|skikkelig)-?(?:syk\w*|sjuk\w*|dårl\w*|forkjøl\w*|feber\w*|hoste\w*|kvalm\w*|vondt)|"
    # Aches ("earache", "tummy ache"), feeling rough, a reaction to a vaccine, a bite or stitches.
    r"(?:ear|tooth|stomach|tummy|belly|back|head|neck)aches?|"
    # "bad tummy", "upset stomach", "a dodgy belly", "sore ear".
    r"(?:bad|upset|sore|dodgy|funny|poorly|painful)\s+(?:tummy|tum|belly|stomach|ears?|throat|"
    r"head|chest|back)|"
    r"(?:feel|feels|feeling|felt)\s+(?:(?:a\s+bit|quite|really|very|pretty|so|rather)\s+)?(?:rough|rotten|awful|terrible|horrible|lousy|grotty|ropey|crap|rubbish|queasy|groggy|yucky)|"
    r"(?:is|was|looks?|looking)\s+(?:(?:a\s+bit|quite|really|very|pretty|so|rather)\s+)?(?:rough|grotty|ropey|queasy|groggy)|"
    r"(?:reaksjon|reaction|reagerte|reagert|reacted|bivirkning\w*|side\s+effects?)\s+(?:\w+\s+){0,2}?(?:vaksin\w*|vaccin\w*|jab|shot|sprøyte\w*)|"
    r"(?:bitt|biten|bitne|bitten|bit|stung|stukket|stukken)\s+(?:av|by|of)\s+(?:\w+\s+)?(?:hund\w*|bikkj\w*|dog|katt\w*|cat|hest\w*|horse|orm\w*|hoggorm\w*|snake|adder|flått\w*|tick|veps\w*|wasp|bie|bee|insekt\w*|insect)|"
    r"(?:ble|blei|vart|got|was|has\s+been|har\s+blitt)\s+(?:\w+\s+)?(?:bitt|biten|bitten|stung|stukket)|(?:dog|insect|tick|snake|spider|wasp|bee)\s+(?:bites?|stings?)|"
    r"(?:fikk|fått|fekk|got|needed|trengte|måtte\s+ha|sydd|sy)\s+(?:[\w-]+\s+){0,2}?sting|stitched|(?:kuttet|kutta|skar|skåret)\s+seg\s+(?:\w+\s+)?(?:i|på|opp)|cut\s+(?:him|her)self|"
    r"sjuk\w*|kreft|cancer|hjerneslag|hjerteinfarkt|infarkt|stroke|heart\s+attack|(?<=fått\s)slag|(?<=fikk\s)slag|(?<=fekk\s)slag|(?<=\bet\s)slag|(?<=\bhatt\s)slag|"
    r"sore|throat|ache|aches|hurts?|pain(?:s|ful|fully|killers?)?|ill|nausea|dizzy|ikke\s+(?:(?:helt|heilt|vært|blitt|blir|bli|been|feeling|feel|noe|noko|much|any)\s+){0,2}frisk\w*|"
    # "har ikkje vore frisk", "isn't feeling better yet", "ikke blitt bedre": still ill.
    r"ikke\s+(?:(?:helt|heilt|vært|blitt|blir|bli|been|feeling|feel|getting|got|noe|noko|much|any)\s+){0,2}"
    r"(?:bedre|better)|"
    r"innlagd|lag[dt]\s+inn|admitted|betent\w*|poorly|unwell|under\s+the\s+weather|off\s+colou?r|run\s+down|"
    r"feverish|(?:has|had|have|got|with|running|a|high|slight)\s+(?:a\s+)?(?:high\s+|slight\s+|bit\s+of\s+a\s+)?"
    r"temp(?:erature)?|(?:a|bad|heavy|nasty|terrible|horrible|streaming|stinking|head|chest|full-blown|sniffly)\s+"
    r"colds?(?!\s+(?:weather|vær|outside|ute|day|days|dag|dager|morning|morgen|wind|vind|snap|spell|water|vann|lunch|hands|feet))|(?:a|nasty|stomach|tummy|vomiting|winter|sick)\s+bug|"
    + _INJURY
    + "|"
    + _DISEASE
    + r")\b"
    # Compounds name an illness by their last part: øyekatarr, mellomørebetennelse, tannverk, magesmerter.
    r"|\b\w+(?:betennelse|katarr|infeksjon|smerter|smerte|(?<!al)pine|(?<!reise)feber|(?<!data)virus|syke|sjuke|"
    r"sykdom|hoste|(?<!te)(?<!kaffe)kopper|koppar|"
    r"forkjølelse|forkjølelsen|forkjølt|bitt)\b"
    r"|\b\w*(?:øre|tann|rygg|mage|hode|hals|kne|fot|bein|arm|ledd|vokse)verk\b"
)
APPOINTMENT = re.compile(
    r"\b(?:tannlege\w*|tannlækj\w*|lege|legen|legetime\w*|legesjekk|legekontor\w*|fastlege\w*|sykehus\w*|sykhus\w*|sjukehus\w*|"
    r"kontroll\w*|fysio\w*|tannregulering\w*|regulering\w*|kjeveortoped\w*|helsesykepleier\w*|helsesøster\w*|"
    r"helsestasjon\w*|bup|ppt|psykolog\w*|øyelege\w*|optiker\w*|ørelege\w*|audiograf\w*|hørsel\w*|"
    r"logoped\w*|ergoterapeut\w*|time\s+(?:hos|på|til|ved)|har\s+(?:en\s+)?time|legeundersøkelse|undersøkelse\w*|"
    r"vaksin\w*|sjekk\w*|avtale|avtale\s+hos|operasjon\w*|opere\w*|operert\w*|dentist\w*|doctor\w*|doktor\w*|appointment\w*|"
    r"hospital\w*|clinic\w*|orthodontist\w*|physio\w*|optician\w*|check-up|checkup|ortodontist\w*|tannpleier\w*|"
    r"kiropraktor\w*|osteopat\w*|legesenter\w*|blodprøve\w*|røntgen\w*|ultralyd\w*|allergitest\w*|ahus|ullevål|"
    r"rikshospitalet|haukeland|st\.?\s+olavs|"
    # Abbreviations and short forms: "tannl.", "tannreg.", "leg. time", "dr. appt", "fysio", "orto".
    r"tannl|tannreg|kjeveort\w*|fys\.?\s?ter\w*|kontr|øyel|helsest|ortodont\w*|ortho(?!dox)\w*|tannklinikk\w*|tannhelse\w*|tannkontroll\w*|barnelege\w*|spesialist\w*|poliklinikk\w*|"
    r"habilitering\w*|ortoped\w*|orto|gp|dr|appt|appts|helsesyster|skolehelsetjeneste\w*|surgery|operation|"
    # Planned operations named by what is taken out: "fjerne mandlene", "tonsils out", "ta polyppene".
    r"(?:fjerne|fjerna|fjernet|ta|tar|ta\s+ut|operere|opereres|operert|skjære\s+bort)\s+(?:\w+\s+)?"
    r"(?:mandl\w*|mandel\w*|polypp\w*)|mandeloperasjon\w*|tonsils?\s+(?:out|removed|taken\s+out)|"
    r"tonsillectom\w*|adenoidectom\w*|grommets?)\b"
    r"|\bleg\.(?=\s*(?:time|kl|\d))|\b(?:hos|til|time\s+hos)\s+leg\."
)
# Relatives are a reason only when the child goes to them or does something for them
# ("skal til mormor", "besøke besteforeldre"), not when they just fetch the child.
_RELATIVE = (
    r"(?:besteforeld\w*|bestemor\w*|bestefar\w*|farmor\w*|farfar\w*|mormor\w*|morfar\w*|oldemor\w*|"
    r"oldefar\w*|onkel\w*|tante\w*|kusine\w*|fetter\w*|søsken\w*|grandparent\w*|grandma|grandpa|"
    r"grandmother|grandfather|cousin\w*|nevø\w*|niese\w*|nephew\w*|niece\w*|auntie|aunty)"
)
# Brothers and sisters: someone else than the child only when the sibling is the child's ("lillebroren",
# "søstera hennes", "his little brother", "Emmas bror"); a bare "lillesøster er syk" names the child itself
# the way the family calls it. Not where they stand beside the child as a co-subject ("Ola og broren er syke").
_SIBLING = (
    r"(?<![\w.]\sog\s)(?<![\w.]\sand\s)(?<![\w.]\s&\s)(?<!\bmed\s)(?<!\bwith\s)(?:"
    r"(?:lille|store|vesle|stor|litle|veslé)?(?:broren|brori|bror'n|broderen|søstera|søsteren|søstra|søster'n|"
    r"systera|systra|systeren|søskena|søsknene|syskena)|"
    r"(?:lille|store|vesle|stor|litle)?(?:bror|søster|syster)(?=\s+(?:hans|hennes|hass|hennar|hannes|sin|si|dems|deres))|"
    r"(?:his|her|their|our|my|\w+'s|\w+s)\s+(?:(?:little|big|baby|older|younger|eldest|youngest|lille|store|vesle)\s+)?"
    r"(?:lille|store|vesle)?(?:brother|sister|sibling|bror|søster|syster)s?)"
)
# "bestemor hass", "mor mi", "mormoren hennes": a possessive after the relative.
_POSSESSIVE = (
    r"(?:hans|hennes|hass|hannes|hennar|hennær|dems|demmes|deres|dykkar|mi|min|mitt|sin|si|sitt|vår|vårt|våres|"
    r"his|her|their|our|my)"
)
# Words that may stand between a relative, the verb and the illness ("er alvorlig syk", "is in the hospital").
_ADVERBS = (
    r"(?:(?:veldig|svært|alvorlig|alvorleg|alvorli|kritisk|akutt|akut|brått|plutselig|plutseleg|uventet|uventa|dessverre|dessverri|også|òg|og|"
    r"fortsatt|framleis|nå|no|igjen|litt|skikkelig|skikkeleg|kjempe|heilt|helt|"
    r"ganske|blitt|fått|very|seriously|badly|really|quite|so|suddenly|acutely|unexpectedly|also|too|still|now|been|på|i|in|the|a|an|en|"
    r"ei|et|ein|høy|high|\d+(?:[.,]\d+)?)\s+){0,3}?"
)
# A relative (not the child) who is ill: "mormor er alvorlig syk", "her grandmother is very ill",
# "bestefar ligger på sykehuset", "his dad had surgery", "lillebroren har 40 i feber". A sibling counts only
# as the child's sibling ("lillebroren", "her brother") and not as a co-subject (see `_SIBLING`).
# Any relative of the child, its brothers and sisters included (see `_SIBLING`).
_KIN = (
    r"(?:"
    + _RELATIVE[3:-1]
    + r"|oldeforeldre\w*|mamma|pappa|mammaen|pappaen|mamman|pappan|mammen|pappen|muttern|fattern|mor|(?<!so\s)"
    r"(?<!as\s)far|moren|faren|mora|stefar\w*|stemor\w*|bonus(?:pappa|mamma|far|mor)\w*|foreldre|foreldrene|foreldra|foreldrane|"
    r"mother|father|mum|mom|stepdad|stepmum|stepmom|stepfather|stepmother|parents?|"
    r"mummy|dad|daddy|aunt|uncle|great-grand\w*|besten|bestemora|grandad|grandmum|grandmom|granny|nana|nan|"
    r"grampa|gramps|slekt\w*|relative\w*|" + _SIBLING + r")"
)
_ILL_RELATIVE = re.compile(
    r"\b" + _KIN + r"(?:'s)?\s+(?:" + _POSSESSIVE + r"\s+)?"
    r"(?:(?:i|in|på|fra|frå|from)\s+[\w-]+\s+)?" + _ADVERBS + r"(?:er|e|ligger|ligg|har|is|"
    r"has|had|hadde|was|var|vart|vert|ble|blei|blir|har\s+blitt|er\s+blitt|har\s+fått|fikk|fekk|got|has\s+been|is\s+in|"
    r"lies|kjemper\s+mot|døyr|dør|is\s+dying|har\s+hatt|hadde\s+hatt|has\s+had|is\s+having|having|needs|trenger|"
    r"treng|skal|must|må|underwent|went\s+into|gikk|gjekk)\s+" + _ADVERBS
)
# Without a verb: "bestemor veldig syk", "her grandfather in hospital", "farfar innlagt".
_ILL_RELATIVE_BARE = re.compile(
    r"\b" + _KIN + r"(?:'s)?\s+(?:" + _POSSESSIVE + r"\s+)?"
    r"(?:(?:veldig|svært|alvorlig|alvorleg|alvorli|kritisk|akutt|akut|brått|plutselig|plutseleg|ganske|litt|skikkelig|skikkeleg|"
    r"very|seriously|critically|acutely|suddenly|badly|really|so|quite)\s+){0,2}"
    r"(?:syk|syke|sjuk|sjuke|dårlig|dårleg|ill|sick|unwell|poorly|innlagt|innlagd|admitted|"
    r"(?:i|in|på|at)\s+(?:the\s+)?(?:sykehus\w*|sjukehus\w*|sykhus\w*|hospital\w*|intensiv\w*|icu))\b"
)
# The words `_ILL_RELATIVE_BARE` needs, found cheaply first.
_BARE_HINT = re.compile(r"syk|sjuk|dårl|\bill\b|sick|unwell|poorly|innlag|admitted|hospital|intensiv|\bicu\b")
_HEALTH = r"(?:" + ILLNESS.pattern + r"|" + APPOINTMENT.pattern + r")"
# The relative's illness, and what the same sentence adds about them ("... og ligger på sykehus").
_ILL_RELATIVE_REASON = re.compile(
    _ILL_RELATIVE.pattern + _HEALTH + r"(?:\s+(?:og|and)\s+(?:er|e|ligger|ligg|is|lies|was|var|ble|blir|har|has)\s+"
    r"(?:[\w-]+\s+){0,3}?" + _HEALTH + r")*"
)
# Babies and new siblings: "har fått en lillesøster", "baby brother was born".
_NEW_SIBLING = (
    r"fødsel\w*|fødde|føde|føder|fødte|født\w*|fødd\w*|nyfødt\w*|born|birth|newborn|"
    r"(?:fått|fikk|fekk|får|faar|got|gets|getting|had)\s+(?:en\s+|ein\s+|ei\s+|et\s+|eit\s+|a\s+)?(?:ny\s+|nye\s+|liten\s+|lita\s+|lite\s+|"
    r"little\s+|new\s+|baby\s+)?(?:lille|vesle|veslé|smått)?(?:søster|syster|bror|broder|brother|sister|søsken|sysken|"
    r"baby|sibling)|(?:ny|nye|new)\s+(?:lille|vesle)?(?:søster|syster|bror|brother|sister|søsken|sysken|baby|sibling)|"
    r"baby(?:en|brother|sister)?|(?:mamma|mother|mum|mom)\s+(?:skal\s+)?føde\w*|føde\w+|barsel\w*|maternity|"
    r"(?:in|into|gone\s+into|went\s+into)\s+labou?r|labou?r\s+ward|(?:gave|giving|give)\s+birth"
)
_BIRTH = re.compile(r"\b(?:" + _NEW_SIBLING + r")\b")
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
    # Deaths in every form ("gikk bort", "døydde", "passed away" reads "passed borte" in canonical text).
    r"(?:gikk|gjekk|gått|gjeng|gitt)\s+bort|sovna\s+inn|døydde|døyde|daud|dauden|passed\s+(?:borte|bort|on)|"
    r"(?<!phone\s)(?<!battery\s)(?<!telefonen\s)(?<!car\s)(?:died|dies)|"
    r"death|bereave\w*|mourning|"
    # Weddings and round birthdays: "gifter seg", "getting married", "fyller 80", "80 birthday", "70-årsdag".
    r"gift[ae]r?\s+(?:seg|sæ|seg\s+med)|married|marry|marrying|marriage|nikah|"
    r"(?:fyller|fylle|fyll|fyl|fylte|fylde|fylder|turns|turning|turned)\s+\d+|"
    r"birthday\w*|bday|"
    r"(?:til|hos|med|besøke|besøk|pga|for|visit|visiting|see|with|at)\s+(?:\w+\s+)?" + _RELATIVE + r"|"
    r"dåp\w*|barnedåp\w*|konfirmasjon\w*|jubileum\w*|"
    # Celebrating, in every form ("vi feirar jul", "we celebrate Orthodox Christmas"), and the family at church.
    r"feir\w*|celebrat\w*|ortodoks\w*|orthodox|(?:vi|we|me)\s+(?:[\w']+\s+){0,3}?(?:i|til|to|at|in)\s+(?:the\s+)?"
    r"(?:kirk\w*|kyrkj\w*|church\w*)|bursdag\w*|\w*årsdag\w*|selskap\w*|eid|eid-\w+|bayram|bajram\w*|ramadan|diwali|"
    r"religiøs\w*|religious|høytid\w*|"
    # Religious days and houses of worship: "Yom Kippur", "i synagogen", "moskeen", "Eid al-Adha", "Diwali".
    r"yom\s+kippur|jom\s+kippur|rosh\s+hashana\w*|hanukk?ah|chanukk?a\w*|pesach|passover|sabbat\w*|shabbat\w*|"
    r"sukkot|purim|synagog\w*|moské\w*|moske\w*|mosque\w*|tempel\w*|temple|gurdwara|kurban|qurban|hajj|umrah|"
    r"holi|vaisakhi|vesak|nowruz|newroz|norouz|lunar\s+new\s+year|kinesisk\s+nyttår|chinese\s+new\s+year|"
    r"bar\s+mitzva\w*|bat\s+mitzva\w*|\w*kommunion\w*|first\s+communion|confirmation\s+(?:service|ceremony|party)|"
    r"funeral\w*|wedding\w*|family|christening|baptism|" + _NEW_SIBLING + r")\b"
)
# A relative's round birthday ("grandma's 70th", "mormors 80") and a relative's day ("avslutningen i barnehagen
# til lillebroren", "her sister's graduation"). Searched only when `_KIN_EVENT_HINT` finds a number or event word.
_KIN_EVENT_WORD = (
    r"(?:\w*avslutning\w*|graduation|seremoni\w*|ceremony|konsert\w*|concert|oppvisning\w*|forestilling\w*|"
    r"innvielse\w*)"
)
_KIN_EVENT = re.compile(
    r"\b(?:"
    + _KIN
    + r"(?:'s|s)\s+(?:[4-9]\d|1[01]\d)(?![.:,/]\d)|"
    + _KIN_EVENT_WORD
    + r"\s+(?:[\w-]+\s+){0,3}?(?:til|for|hos|of|åt)\s+(?:"
    + _POSSESSIVE
    + r"\s+)?"
    + _KIN
    + r"|"
    + _KIN
    + r"(?:'s|s)\s+(?:\w+\s+)?"
    + _KIN_EVENT_WORD
    + r")\b"
)
_KIN_EVENT_HINT = re.compile(
    r"s\s+(?:[4-9]\d|1[01]\d)\b|avslutning|graduation|seremoni|ceremony|konsert|concert|oppvisning|forestilling|"
    r"innvielse"
)


def _family_event(text: str) -> bool:
    """A family event in canonical text, a relative's own day included."""
    return bool(_FAMILY_EVENT.search(text)) or bool(_KIN_EVENT_HINT.search(text) and _KIN_EVENT.search(text))


# Trips and holidays: the school treats travel as a family matter.
_TRIP_WORDS = re.compile(
    # Compounds of "tur" ("minitur", "helgetur", "Londontur"), not the school's own trips nor words that only end in
    # "tur" ("natur", "temperatur").
    r"\b(?:\w*(?:(?<!peri)ferie\w*|feria|(?<=[^\W\d_]{2})(?<!klasse)(?<!skole)(?<!skule)(?<!trinn)(?<!sfo)(?<!aks)(?<!ute)"
    r"(?<!gå)(?<!na)(?<!kul)(?<!pera)(?<!re)(?<!truk)(?<!tera)(?<!igna)(?<!asta)(?<!itek)(?<!rika)(?<!mon)(?<!frak)"
    r"(?<!agen)(?<!dik)(?<!ek)(?<!uk)(?<!nk)(?<!ak)(?<!\bkon)(?<!ulp)(?<!kta)(?<!ndida)(?<!para)(?<!rma)(?<!avia)"
    r"(?<!kla)(?<!dra)(?<!rti)(?<!osi)tur(?:en|er|ar|ane|ene)?)|reise|reiser|reisa|tur|turen|hytta|hytte\w*|syden|utlandet|utenlands|"
    r"fjellet|fjells|fjellheimen|nordover|sørover|vestover|østover|austover|nordpå|sørpå|nordafor|sørafor|"
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
# The school's own trip, written apart ("skole tur", "class trip", "field trip", "turen med klassen"; "skoletur" and
# "klassetur" are no trip words already): no family trip. Blanked before trip words are read.
_SCHOOL_TRIP = re.compile(
    r"\b(?:skolen|skolens|skolen's|skole|skule|skulen|klassen|klassens|klasse|class|class's|trinnet|trinnets|trinn|"
    r"sfo|aks|field|year\s+\d+|\d+\.?\s*trinn)\s+(?:tur|turen|turar|turer|trip|trips|outing|outings|"
    r"utflukt\w*|ekskursjon\w*|excursion\w*)\b|"
    r"\b(?:tur|turen|trip|trips|outing)\s+(?:med|with)\s+(?:the\s+)?(?:skolen|skulen|klassen|class|trinnet|sfo)\b"
)


def without_school_trips(text: str) -> str:
    """Canonical text with the school's own trips blanked ("skole tur er neste onsdag")."""
    if "tur" not in text and "trip" not in text and "outing" not in text and "utflukt" not in text:
        return text
    return _SCHOOL_TRIP.sub(lambda m: " " * len(m.group(0)), text)


# Taking part in a sports or culture event (also as the last part of a compound: "hockeycup",
# "håndballturnering", "skirenn", "korturné"): "other", even when it means travel.
_ACTIVITY = re.compile(
    # Definite and plural forms too: "landsstevnet", "håndballkampen", "skirennet", "treningsleiren".
    r"\b\w*(?:(?<!hic)cup(?:en|ene|er)?|turnering(?:en|a|er|ene|ar|ane)?|stevne(?:t|ne|a|ane)?|kamp(?:en|er|ene|ar|ane)?|"
    r"konkurranse(?:n|r|ne)?|(?<!\bb)renn(?:et|a)?|konsert(?:en|er|ene)?|forestilling(?:en|a|er|ene)?|"
    r"oppvisning(?:en|a|er)?|leir(?:en|er|ar)?|trening(?:en|a|er|ar)?|(?<!kon)(?<!dis)(?<!eks)(?:kurs|kurset|kursa|kursene|kursane)|"
    r"turné(?:en)?|turne(?:en)?|korps(?:et)?|koret|kora)\b|"
    r"\b(?:fotball\w*|cup|turnering\w*|kamp(?!anj)\w*|stevne\w*|idrettsstevne\w*|håndball\w*|svømmestevne\w*|"
    r"trening\w*|konkurranse\w*|renn|skirenn|\w+(?<!\bb)renn|klubb\w*|korps\w*|teater\w*|musikal\w*|konsert\w*|opptreden|"
    r"forestilling\w*|audition|leir(?!e\b|ete\b)\w*|speider\w*|kor(?:tur|turné|turne|øving|stevne|festival)\w*|"
    r"\w+(?<!de)kor|choir\w*|tour|touring|tournament\w*|match|matches|competition\w*|contest|championship\w*|"
    r"race|concert\w*|performance|performing|game|games|camp|training|"
    # Swim meets and galas, music and dance exams ("piano exam", "pianoeksamen", "grading").
    r"(?:swim|swimming|athletics|track|gymnastics|diving|sports?)\s+meets?|gala|regatta|recital|grading|"
    r"(?:piano|violin|fiolin|guitar|gitar|music|musikk|dance|dans|ballet|ballett|singing|sang|drum|drums|trommer?|"
    r"cello|flute|fløyte|trumpet|trompet|theory|kulturskole)\s*-?\s*(?:exams?|eksamen\w*|eksamn\w*))\b"
)
# Phrases that give a reason but are none of the above.
OTHER = re.compile(
    _ACTIVITY.pattern + r"|"
    r"\b(?:personlige|private|praktiske)\s+(?:grunner|årsaker|årsak|grunnar)\b|\bforsov\w*|\bpasset\b|\b(?:flytt\w*|"
    r"move\s+house|moving\s+house|house\s+move|(?:we|we're|we\s+are|they|they're)\s+(?:moving|move)|removal\w*|pass|"
    r"passkontor\w*|politi(?!k|s)\w*|nav|udi|intervju\w*|kurs\w*|"
    r"ridning|riding\s+(?:lessons?|course|school|camp)|ridetime\w*|tv-opptak|opptak|innspilling|"
    r"bilverksted|transport|buss\w*(?!\s+(?:hjem|home))|streik\w*|moving|passport|personal\s+reasons|private\s+reasons)\b"
)
# Errands at an office ("time på passkontoret", "appointment at the embassy", "oppkjøring", "visum"): "other",
# even when the guardian calls them an appointment.
_ERRAND = re.compile(
    r"\b(?:passkontor\w*|nytt\s+pass|passet|passport\w*|passfoto\w*|ambassade\w*|embassy|embassies|konsulat\w*|"
    r"consulate\w*|visum\w*|visa|oppholdstillatelse\w*|oppholdskort\w*|residence\s+(?:permit|card)|"
    r"statsborgerskap\w*|citizenship|udi|nav|politi(?!k|s)\w*|police|oppkjøring\w*|førerprøve\w*|teoriprøve\w*|"
    r"driving\s+(?:test|exam|lesson)s?|kjøretime\w*|førerkort\w*|lappen|vegvesen\w*|trafikkstasjon\w*|"
    r"skattekontor\w*|skatteetaten|tax\s+office|banken|rettssak\w*|tingrett\w*|court|advokat\w*|lawyer|"
    r"solicitor|id-kort\w*|id\s+card|biometri\w*|biometrics)\b"
)
# The generic words of a booked time ("har time", "time på", "an appointment"): with an errand they are no health
# appointment.
_GENERIC_APPOINTMENT = re.compile(
    r"time\s+(?:hos|på|til|ved)|har\s+(?:en\s+)?time|avtale(?:\s+hos)?|appointment\w*|appts?"
)
# A pet that died or was hurt ("hunden vår døde", "our cat was put down"): "other", not a death in the family.
_PET = (
    r"(?:hund|hunden|hundane|bikkja|bikkje|bikkjen|valp\w*|katt|katten|katta|pusen|pusur|kjæledyr\w*|marsvin\w*|"
    r"kanin\w*|hamster\w*|hest|hesten|ponni\w*|fugl\w*|undulat\w*|papegøye\w*|gullfisk\w*|skilpadde\w*|dog|"
    r"doggy|puppy|cat|kitten|kitty|pet|guinea\s+pig|rabbit|bunny|horse|pony|budgie|parrot|goldfish|tortoise|turtle)"
)
_PET_DEATH = re.compile(
    r"\b" + _PET + r"\s+(?:(?:vår|vårt|våre|min|mi|mitt|hans|hennes|deres|dykkar|hass|er|e|is|was|var|har|has|had|"
    r"hadde|ble|blei|vart|got|just|nettopp|plutselig|suddenly)\s+){0,3}"
    r"(?:døde|døydde|død|dødde|daud|died|dies|dead|passed\s+(?:borte|bort|on)|gikk\s+bort|gjekk\s+bort|"
    r"sovnet\s+inn|sovna\s+inn|(?:måtte|had\s+to|to)\s+(?:be\s+)?(?:avlives|avlivast|put\s+down|put\s+to\s+sleep)|"
    r"avlivet|avliva|påkjørt|run\s+over|killed|put\s+down|put\s+to\s+sleep)\b|"
    r"\b(?:avlive|avliva|avlivet|put\s+down|lost|mistet|mista|miste)\s+(?:\w+\s+){0,2}?" + _PET + r"\b"
)
# Mishaps at home or on the way: the car will not start or broke down, a leak, a power cut, a break-in, traffic.
_CAR = r"(?:bil|bilen|bilan|bilene|car|cars|motoren|engine|batteriet|battery)"
_MISHAP = re.compile(
    r"\b(?:"
    + _CAR
    + r"\s+(?:\w+\s+){0,2}?(?:ikke|ikkje|itte|ittj|not|never|wo|won't|wouldn't|didn't|doesn't|couldn't|wont|wouldnt|didnt)\s+(?:\w+\s+)?start\w*|"
    + _CAR
    + r"\s+(?:\w+\s+)?start\w*\s+(?:\w+\s+)?(?:ikke|ikkje|itte|ittj|not)|"
    + _CAR
    + r"\s+(?:\w+\s+){0,2}?(?:broke\s+down|has\s+broken\s+down|brøt\s+sammen|streik\w*|døde|died|dead|død|dødt|"
    r"flatt|punktert\w*|kollaps\w*|ødelagt|i\s+stykker|på\s+verksted\w*)|"
    r"bilproblem\w*|car\s+(?:trouble|problems?|issues?|accident|crash)|punktering\w*|flat\s+(?:tyre|tire)|"
    # "vi har punktert", "fikk punktering", "we got a puncture", "sykkelen punkterte".
    r"punkter\w*|puncture\w*|"
    r"dead\s+battery|dødt\s+batteri|bilulykke\w*|trafikkulykke\w*|"
    r"(?:vann|vass|gass|tak|rør|olje)?lekkasje\w*|vannskade\w*|rørbrudd\w*|(?:water|gas)\s+leak\w*|leak|leaking|burst\s+pipe\w*|"
    r"oversvømm\w*|flooded|flooding|strømbrudd\w*|strømstans\w*|power\s+(?:cut|outage|failure)|"
    r"innbrudd\w*|burglary|break-in|husbrann\w*|pipebrann\w*|house\s+fire|kitchen\s+fire|"
    r"trafikk\w*|traffic|togstans\w*|innstilt|road\s+closed)\b"
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


# "we go Stockholm", "vi drar til Kraków", "we're driving up to Trondheim": the family travels somewhere.
# Not to an event, a person's place of work or home ("vi drar i begravelse", "we go to the doctor", "drar hjem"),
# not "going to" a verb ("we're going to pick him up") or an activity ("going swimming"); driving needs its
# "to" ("vi kjører Ola til skolen" is a lift, not a trip).
_GOES_SOMEWHERE = re.compile(
    r"\b(?:we|we're|vi|me|dei|de|they|they're)\s+(?:are\s+|will\s+|skal\s+|ska\s+|må\s+|have\s+to\s+)?(?:"
    r"(?:go|goes|going|head|heading|drar|dra|drog)\s+(?:(?:up|down|over|off|opp|ned|bort|nordover|sørover)\s+)?"
    r"(?:(?:to|til|te|for)\s+)?|"
    r"(?:drive|driving|drives|kjører|kjøre|køyrer|køyre|kjør)\s+(?:(?:up|down|over|opp|ned|bort)\s+)?(?:to|til|te)\s+)"
    r"(?!(?:the|a|an|my|our|his|her|their|min|mi|mitt|vår|vårt|en|ei|et|ein|hjem\w*|heim\w*|home|back|tilbake|"
    r"begravelse\w*|gravferd\w*|bryllup\w*|funeral\w*|wedding\w*|lege\w*|doctor\w*|dentist\w*|tannlege\w*|"
    r"hospital\w*|sykehus\w*|skole\w*|school|og|and|i|in|på|on|at|kl|til|to|with|med|there|dit|der|it|out|ut|"
    r"now|nå|no|early|tidlig|straight|rett|direkte|together|sammen|all|alle|bus|buss\w*|car|bil\w*|by|som|as|"
    r"inn|into|bed|sleep|sove|seng\w*|him|her|them|ham|han|henne|hun|dem|dei|deg|you|us|oss|get|have|take|pick|"
    r"see|make|need|try|keep|stay|miss|come|leave|call|send|bring|ask|tell|give|look|find|wait|collect|drop|"
    r"fetch|hent\w*|let|work|jobb\w*|butikk\w*|shop\w*|\w+ing|\d)\b)[^\W\d_]{3,}"
)


def is_trip(text: str) -> bool:
    """Whether canonical text tells of travel: a trip word, a place abroad, or the family going somewhere.

    A school break named as a point in time ("etter vinterferien") is no trip.
    """
    text = without_school_trips(_BREAK_AS_TIME.sub(lambda m: " " * len(m.group(0)), text))
    return bool(_TRIP_WORDS.search(text) or _GOES_SOMEWHERE.search(text))


def is_family_event(text: str) -> bool:
    """Whether canonical text names a family event or matter (a funeral, a wedding, a death, a relative)."""
    return _family_event(text)


# Where an ill relative lies ("på sykehuset", "at the hospital", "innlagt"): with an ill relative in the
# message these words are about the relative, not the child's own appointment or illness.
_HOSPITAL_STAY = re.compile(
    r"\b(?:sykehus\w*|sykhus\w*|sjukehus\w*|hospital\w*|legevakt\w*|innlagt|innlagd|lag[dt]\s+inn|admitted|"
    r"intensiv\w*|icu|ahus|ullevål|rikshospitalet|haukeland|st\.?\s+olavs|unn|surgery|operation|"
    r"operasjon\w*|opere\w*|operert\w*)\b"
)


def _ill_relative_spans(text: str) -> list[tuple[int, int]]:
    """Spans of text where a relative, not the child, is ill or in hospital ("mormor er syk", "farfar innlagt")."""
    spans = [m.span() for m in _ILL_RELATIVE_REASON.finditer(text)]
    if _BARE_HINT.search(text):
        spans += [m.span() for m in _ILL_RELATIVE_BARE.finditer(text)]
    return spans


def _outside(m: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    return not any(a <= m.start() and m.end() <= b for a, b in spans)


# "ikke fordi han var syk – han var på cup", "not because she was ill": a cause named only to deny it, up to
# the end of its clause ("not only because" still gives it).
# Only at the start of a clause: "kommer ikke pga feber" gives the cause of not coming.
_DENIED_CAUSE = re.compile(
    r"(?:^|(?<=[,;:–—-])|(?<=[,;:–—-]\s)|(?<=\bmen\s)|(?<=\bbut\s))(?:ikke|not)\s+pga\s+(?!(?:bare|kun|only|just)\b)[^.,;:!?\n–—]*?(?=\s+(?:-|men|but)\s|[.,;:!?\n–—]|$)"
)


def reason_of(text: str) -> str | None:
    """Reason category of canonical text (see module docstring), None when none is given.

    Plain strings (`.value`), not members: the result goes into dialog state, which jsonpickle keeps.
    """
    text = without_school_trips(_BREAK_AS_TIME.sub(lambda m: " " * len(m.group(0)), text))
    text = _DENIED_CAUSE.sub(lambda m: " " * len(m.group(0)), text)
    mishap = False  # "bilen startet ikke", "hunden vår døde": blanked so "døde" reads as no family death

    def blank(m: re.Match[str]) -> str:
        nonlocal mishap
        mishap = True
        return " " * len(m.group(0))

    text = _PET_DEATH.sub(blank, _MISHAP.sub(blank, text))
    relatives = _ill_relative_spans(text)
    others_in_hospital = bool(relatives) or bool(_BIRTH.search(text))  # "mamma skal føde ... på sykehuset"

    def childs(m: re.Match[str]) -> bool:  # a health word about the child, not about the ill relative
        return _outside(m, relatives) and not (others_in_hospital and _HOSPITAL_STAY.fullmatch(m.group(0)))

    illness = [
        m
        for m in ILLNESS.finditer(text)
        if childs(m) and not _NEGATED_ILLNESS.search(text[max(0, m.start() - 20) : m.end()])
    ]
    if illness:
        return Reason.ILLNESS.value
    appointments = [m for m in APPOINTMENT.finditer(text) if childs(m)]
    errand = bool(_ERRAND.search(text))
    if any(not (errand and _GENERIC_APPOINTMENT.fullmatch(m.group(0))) for m in appointments):
        return Reason.APPOINTMENT.value
    if relatives or _family_event(text):
        return Reason.FAMILY.value
    if _ACTIVITY.search(text) or errand or mishap:
        return Reason.OTHER.value
    if _TRIP_WORDS.search(text) or _GOES_SOMEWHERE.search(text):
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
