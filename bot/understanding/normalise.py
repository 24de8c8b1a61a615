"""Turn a raw guardian message into canonical text the grammars can read.

Steps: Unicode clean-up (emoji, control characters, dashes), greeting and signature split,
then a table of rewrites that maps nynorsk, dialect, SMS spellings, typos and simple English
onto one canonical lower-case bokmål vocabulary ("idag" -> "i dag", "sjuk" -> "syk",
"tomorrow" -> "i morgen", "ikkje" -> "ikke", "veka" -> "uka", "klokka" -> "kl").
Weekday abbreviations are spelled out ("ons-fre"; "man" only inside a range), and misspelt
relative days and key words are corrected by edit distance (see `typos`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .typos import correct_key_words, correct_relative_days, damerau_levenshtein

__all__ = [
    "MAX_CHARS",
    "Message",
    "WEEKDAYS",
    "WEEKDAY_NUMBERS",
    "clean",
    "canonical",
    "damerau_levenshtein",
    "mask",
    "split_message",
]

# Messages longer than this are cut: no guardian message needs more, and it bounds the work.
MAX_CHARS = 2000

WEEKDAYS: tuple[str, ...] = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
# Weekday names in bokmål, nynorsk and English -> Monday 0 .. Sunday 6 (booking and week plan requests).
WEEKDAY_NUMBERS: dict[str, int] = {
    "mandag": 0,
    "måndag": 0,
    "monday": 0,
    "tirsdag": 1,
    "tysdag": 1,
    "tuesday": 1,
    "onsdag": 2,
    "wednesday": 2,
    "torsdag": 3,
    "thursday": 3,
    "fredag": 4,
    "friday": 4,
    "lørdag": 5,
    "laurdag": 5,
    "saturday": 5,
    "søndag": 6,
    "sundag": 6,
    "sunday": 6,
}

_WEEKDAY_VARIANTS: dict[str, tuple[str, ...]] = {
    "mandag": ("måndag", "mondag", "monday", "mandan", "mandagen", "måndagen", "mon"),
    "tirsdag": ("tysdag", "tisdag", "tuesday", "tirsdan", "tirsdagen", "tysdagen", "tue", "tues"),
    "onsdag": ("wednesday", "wensday", "wednsday", "onsdan", "onsdagen", "wed"),
    "torsdag": ("thursday", "thursdag", "torsdan", "torsdagen", "tårsdag", "tårsdagen", "thu", "thur", "thurs"),
    "fredag": ("friday", "fredan", "fredagen"),
    "lørdag": ("laurdag", "lordag", "saturday", "lørdan", "lørdagen", "laurdagen", "sat"),
    "søndag": ("sundag", "sondag", "sunday", "søndan", "søndagen", "sundagen", "sun"),
}

# Words one edit away from a weekday that are not weekdays.
_NOT_WEEKDAY_TYPOS = frozenset({"mandat", "mandal", "mandel", "landag", "sondre", "fredet", "fredrik"})

_EMOJI_CATEGORIES = frozenset({"So", "Sk", "Cs", "Co", "Cn", "Cf", "Cc", "Mn"})

_GREETING = re.compile(
    r"^\s*(?:hei\s*hei|heisann|hei|hallo|halla|hello|hi|hey|god\s+morgen|god\s+dag|morn|dear)\b"
    r"(?P<name>\s+[^\W\d_][\w-]*)?\s*(?P<punct>[,!.:\n]+)?\s*",
    re.IGNORECASE,
)

_SIGNATURE_START = re.compile(
    r"(?:^|(?<=[\s.,!?]))(?:mvh|m\.v\.h\.?|med\s+vennlig\s+hilsen|vennlig\s+hilsen|venleg\s+helsing|"
    r"vennleg\s+helsing|beste\s+hilsen|hilsen|hilsn|helsing|vh|regards|best\s+regards|kind\s+regards|"
    r"best\s+wishes|sendt\s+fra\s+min|sent\s+from\s+my)\b",
    re.IGNORECASE,
)
_DASH_SIGNATURE = re.compile(r"(?:^|\s)-{1,2}\s*([^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,3})\s*$")
_LAST_LINE = re.compile(r"\n\s*([^\n]*)\s*$")
_PARENT_LINE = re.compile(
    r"^(?:(?:fra\s+)?(?:mamma|pappa|mor|far|mamma og pappa|foreldre|foresatte|mum|mom|dad)"
    r"(?:\s+(?:til|åt|te|of)\s+[^\W\d_][\w-]*)?)$",
    re.IGNORECASE,
)
# Words that make a trailing "- word" part of the message (a date range), not a signature.
_NOT_SIGNATURE_WORDS = re.compile(
    r"\b(?:man|tirs|tys|ons|tors|fre|lør|laur|søn|sun)\w*dag\w*|\b\d|\b(?:i|uke|veke|neste|des|jan|kl)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Message:
    """A message split into the text the grammars read and the parts around it."""

    body: str  # cleaned original-case body: no greeting, no signature, no emoji
    signature: str  # cleaned original-case signature ("Hilsen mamma til Ola"), may be ""
    addressee: str  # a name greeted at the start ("Hei Kari,"), lower-case, may be ""
    text: str  # canonical lower-case body for the grammars


def clean(text: str) -> str:
    """NFKC, drop emoji/symbols/control characters, unify dashes and apostrophes, squeeze spaces."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    out: list[str] = []
    for ch in text:
        if ch in "\n\r":
            out.append("\n")
            continue
        cat = unicodedata.category(ch)
        if ch in "\u2013\u2014\u2212\u2010\u2011":
            out.append("-")
        elif ch in "\u2019\u2018\u00b4`":
            out.append("'")
        elif cat in _EMOJI_CATEGORIES or cat.startswith("Z") or ch == "\t":  # emoji, separators, tabs
            out.append(" ")
        else:
            out.append(ch)
    joined = "".join(out)
    joined = re.sub(r"[ ]{2,}", " ", joined)
    joined = re.sub(r" *\n[ \n]*", "\n", joined)
    return joined.strip()


def _signs(tail: str) -> bool:
    """Whether words after a closing dash name the sender ("- pappa", "- Kari Berg"), not a reason ("- tannlege")."""
    words = tail.split()
    return bool(_PARENT_LINE.match(tail.strip())) or all(w[:1].isupper() for w in words)


def _split_signature(text: str) -> tuple[str, str]:
    """Cut a closing signature ("Mvh Kari", "Hilsen mamma", "- pappa", a lone name line)."""
    matches = list(_SIGNATURE_START.finditer(text))
    for m in reversed(matches):
        tail = text[m.start() :]
        if len(tail.split()) <= 8 and m.start() > 0:
            return text[: m.start()].rstrip(" ,.-\n"), tail
    dash = _DASH_SIGNATURE.search(text)
    if dash and dash.start() > 0 and not _NOT_SIGNATURE_WORDS.search(dash.group(1)) and _signs(dash.group(1)):
        return text[: dash.start()].rstrip(), dash.group(0).strip()
    last = _LAST_LINE.search(text)
    if last and last.start() > 0:
        line = last.group(1).strip(" .!")
        words = line.split()
        is_name_line = 0 < len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words)
        if _PARENT_LINE.match(line) or is_name_line:
            return text[: last.start()].rstrip(), line
    return text, ""


def split_message(text: str) -> Message:
    """Clean a raw message and split it into greeting addressee, body and signature."""
    cleaned = clean(text)
    addressee = ""
    g = _GREETING.match(cleaned)
    if g:
        name = (g.group("name") or "").strip()
        if name and g.group("punct"):
            addressee = name.lower()
            cleaned = cleaned[g.end() :]
        elif not name:
            cleaned = cleaned[g.end() :]
    body, signature = _split_signature(cleaned)
    return Message(body=body, signature=signature, addressee=addressee, text=canonical(body))


# --- canonical rewrites -------------------------------------------------------------------

_WD_ALT = "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag"


# Words of a day or period between "have" and "off" ("have Friday off", "have the first day after Easter off").
_OFF_WORD = (
    r"(?:the|a|first|last|next|this|coming|whole|two|three|four|five|\d{1,2}(?:[./]\d{1,2}(?:[./]\d{2,4})?)?\.?|day|"
    r"days|week|weeks|school|today|tomorrow|before|after|winter|autumn|fall|easter|christmas|summer|break|holidays?|"
    r"and|on|from|to|until|of|" + "|".join(WEEKDAYS) + r"|january|february|march|april|may|june|august|september|"
    r"october|november|december|desember|jan|feb|mar|apr|jun|aug|sep|sept|oct|okt|nov|dec|des)"
)

# The ordered rewrite table (data, not logic); multi-word phrases come before the single words they contain.
_REWRITES: tuple[tuple[str, str], ...] = (
    # Punctuation that carries no meaning for us.
    (r"[\"“”«»()\[\]{}*_#~|]", " "),
    (r"(?<=\d)\s*(?:st|nd|rd|th)\b", ""),
    (r"\b(\d{1,2})\s*o'?clock\b", r"kl \1"),
    (r"\bo'?clock\b", ""),
    # English phrases first (they contain words that are rewritten below).
    (
        r"\b(?:have|get|give|grant|request|requesting|ask\s+for|asking\s+for)\s+((?:[^\W\d_]+\s+)?)(?:a\s+)?leave\b",
        r"få \1permisjon",
    ),
    (r"\b(?:be|get|have)\s+(?:a\s+)?free(?:\s+days?)?\b|\bfree\s+days?\b", "få fri"),
    (r"\b(?:leave|leaves|leaving)\s+(?:the\s+)?school\b", "går fra skolen"),
    (r"\bmiss(?:es|ing)?\s+(?:the\s+)?(?:school|class|classes|lessons)\b", "er borte fra skolen"),
    (
        r"\b(?:will\s+)?miss(?:es|ing)?\s+(?=(?:the\s+)?(?:first|last|whole|entire|rest|next|this|\d|today|tomorrow|"
        r"monday|tuesday|wednesday|thursday|friday|mandag|tirsdag|onsdag|torsdag|fredag|i\s+dag|i\s+morgen)\b)",
        "er borte ",
    ),
    (r"\battend(?:s|ing)?\b", "kommer på"),
    (r"\barriv(?:e|es|ing)\b", "kommer"),
    (r"\bneeds?\b", "trenger"),
    (r"\bday after tomorrow\b", "i overmorgen"),
    (r"\bday before yesterday\b", "i forgårs"),
    (r"\bthis morning\b", "i morges"),
    (r"\b(?:the\s+)?rest of (?:the|this) week\b", "resten av uka"),
    (r"\b(?:the\s+)?(?:whole|entire|all(?: the)?) week\b", "hele uka"),
    (r"\bnext week\b", "neste uke"),
    (r"\bthis week\b", "denne uka"),
    (r"\ba couple of days\b|\bcouple of days\b|\bcouple days\b", "et par dager"),
    (r"\b(?:go|goes|going|went|gone|sent|leave|leaves|leaving|left)\s+home\b", "går hjem"),
    # Ways home ("take the bus home", "walk home", "cycle home"): a direction, not staying at home.
    (
        r"\b(bus|buss|bussen|train|tram|taxi|cab|ferry|walk|walks|walking|walked|cycle|cycles|cycling|cycled|bike|"
        r"bikes|biking|biked|ride|rides|riding|rode)\s+home\b",
        r"\1 hjem",
    ),
    (r"\b(?:stayed|remained)\s+(?:at\s+)?home\b", "ble hjemme"),
    (r"\b(?:stay|stays|staying|stayed|be|is|are|will be|remain|remains)\s+(?:at\s+)?home\b", "blir hjemme"),
    (r"\b(?:leave|leaves|leaving|go|goes|going)\s+(?:school\s+)?early\b", "går tidlig"),
    (r"\b(?:will|is|are|be|come|comes|coming|arrive|arrives|arriving)\s+(?:a (?:bit|little) )?late\b", "kommer senere"),
    (r"\bpick(?:ing|ed|s)?\s+(?:him|her|them|\w+)?\s*up\b|\bpick(?:ing|ed|s)? up\b", "henter"),
    (r"\b(?:not|n't) (?:feeling|feel|feels) (?:well|good|so good)\b|\bnot well\b|\bunwell\b", "syk"),
    (
        r"\b(?:apply|applying|application)\s+for\s+(?:a\s+)?(?:leave|permission|day off|days off|time off)\b",
        "søker permisjon",
    ),
    (r"\bleave of absence\b|\bpermission\b", "permisjon"),
    (r"\b(?:have|get|take|takes|taking)\s+(?:a\s+|the\s+)?(?:day|days|time) off\b", "få fri"),
    # "Can Sofie have Friday off?", "have the last day before the winter break off", "be excused".
    (r"\b(?:have|get|take|takes|taking)\s+((?:" + _OFF_WORD + r"\s+){1,7}?)off\b", r"få fri \1"),
    (r"\b(?:be|being|get|is|are)\s+excused\b", "få fri"),
    (r"\bexcuse\s+([^\W\d_]+)\s+from\b", r"gi \1 fri fra"),
    (r"^\s*leave\s+(?=for\b|request|application)", "permisjon "),
    (r"\b(?:the\s+)?last\s+(?=(?:[^\W\d_]+\s+)?(?:school\s+)?(?:day|days|week|weeks)\s+(?:before|of)\b)", "siste "),
    (r"\b(?:is|are|be|will\s+be)\s+off\b(?!\s+to\b)", "er borte"),
    (r"\b(?:at|in|to)\s+school\b", "på skolen"),
    (r"\bnot\s+in\s+(?=today|tomorrow|on\s|this\s|next\s|until\s|till\s)", "not på skolen "),
    (r"\bmake\s+it\b", "komme"),
    (
        r"\b(?:needs?|trenger)\s+(?:a\s+)?leave\b(?!\s+(?:early|at|from|school|before|after|by|kl|\d))",
        "trenger permisjon",
    ),
    (r"\bas\s+(?:usual|normal|always)\b", "som vanlig"),
    (r"\b(?:day|days|time) off\b", "fri"),
    (r"\bno (?:school|skole|skolen|skule)\b", "ikke skolen"),
    (r"\boff school\b|\babsent\b|\baway\b", "borte"),
    (r"\b(?:my|our|the) son\b", "sønnen"),
    (r"\b(?:my|our|the) daughter\b", "dattera"),
    (r"\b(?:my|our|the|both) (?:kids|children)\b|\bthe boys\b|\bthe girls\b", "barna"),
    (r"\b(?:the )?(?:youngest|little one)\b", "yngste"),
    (r"\b(?:the )?(?:oldest|eldest)\b", "eldste"),
    (r"\b(?:week ?plan|weekly plan|week-plan|weekplan)\b", "ukeplan"),
    (r"\bhomework\b", "lekser"),
    (r"\b(?:can't|cant|cannot|can not)\b", "kan ikke"),
    # "won't be in until Wednesday", "is not back till Monday": the day named is the day back ("ikke før").
    (
        r"\b((?:won't|wont|will\s+not|not|isn't|isnt|aren't|arent|can't|cannot)\s+(?:[\w']+\s+){0,3}?)"
        r"(?:until|untill|till)\b",
        r"\1før",
    ),
    (r"\b(?:won't|wont|will not)\b", "vil ikke"),
    # Past tense kept past: "wasn't at school" reads "var ikke", "didn't come" keeps a past marker ("did").
    (r"\b(?:wasn't|wasnt|weren't|werent|was\s+not|were\s+not)\b", "var ikke"),
    (r"\b(?:didn't|didnt|did\s+not)\b", "did ikke"),
    (r"\b(he|she)'s\s+(?=(?:been|had|got)\b)", r"\1 has "),
    (r"\b(he|she)'s\b", r"\1 is"),
    # Relative days (fused, dialect, nynorsk and English spellings).
    (r"\bi\s*over\s*(?:morgen|morra|morgon|mårå|morn)\b|\boverimorgen\b", "i overmorgen"),
    (
        r"\bi\s*(?:morgen|morgn|morgenn|morra|morn|moro|morgon|mårå|mårrå|morrå|måra|moran|mårn|morrn|moin|morge|moergen|mrogen)\b"
        r"|\b(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|2morrow|tomoro)\b",
        "i morgen",
    ),
    (r"\bi\s*(?:dag|dga)\b|\b(?:today|2day|tday)\b", "i dag"),
    (r"\bi\s*forgårs\b|\bi\s*forgars\b", "i forgårs"),
    # "i dag og overmorgen", "i dag og morgen": the "i" is often left out after the first day.
    (r"(?<!\bi\s)\bovermorgen\b", "i overmorgen"),
    (r"\b(og|eller|,)\s+morgen\b", r"\1 i morgen"),
    (r"\bi\s*(?:går|gar|gaar|gårs)\b|\byesterday\b", "i går"),
    (r"\bi\s*morges\b|\bi\s*mårest\b|\bi\s*morgest\b", "i morges"),
    # Weeks.
    (r"\b(?:lekse|arbeids)plan\w*", "ukeplan"),
    (
        r"\b(?:ukeplan|vekeplan|ukeplanen|vekeplanen|ukeplana|vekeplana|ukeplaner|ukeplanene|vekeplanar|arbeidsplan|arbeidsplanen)\b",
        "ukeplan",
    ),
    (r"\b(?:veka|veko|vekå|veken|uken|uko)\b", "uka"),
    (r"\bveke\b", "uke"),
    (r"\b(?:veker|vekene|weeks)\b", "uker"),
    (r"\bweek\b", "uke"),
    (r"\bheile\b|\bheila\b|\bhelle\b", "hele"),
    (r"\b(?:uka|uke) som kommer\b|\bkommende uke\b|\bkommande veke\b|\bneste uka\b", "neste uke"),
    # Range and list words.
    (r"\bt\.\s?o\.\s?m\.?|\btil\s*og\s*med\b|\bto og med\b|\bte\s+og\s+med\b|\btel\s+og\s+med\b", "til og med"),
    (r"\b(?:te|tel)\b(?=\s+(?:" + _WD_ALT + r"|\d|i\s+morgen|neste))", "til"),
    (r"\btom\.?(?=\s+(?:" + _WD_ALT + r"|i\s|neste|\d))", "til og med"),
    (r"\bf\.\s?o\.\s?m\.?|\bfra\s*og\s*med\b|\bfom\.?(?=\s+(?:" + _WD_ALT + r"|i\s|neste|\d))|\bfrom\b", "fra"),
    # "off until Monday", "home till Friday" (no start day named before it): Monday is the day back.
    (
        r"(^|[,.;:!?\n]\s*|\b(?:og|men|but|so)\s+)((?:(?!\b(?:fra|i\s+dag|today|i\s+morgen|"
        + _WD_ALT
        + r")\b)[^\d,.;:!?\n])*?)\b(?:until|untill|till)\s+(?:on\s+)?(?=(?:"
        + _WD_ALT
        + r")\b)",
        r"\1\2tilbake ",
    ),
    (r"\b(?:through|thru|until|untill|till|frem til|fram til|fremtil|framtil)\b", "til"),
    (r"\band\b", "og"),
    (r"\bnext\b|\bneste\b|\bnæste\b|\bnesta\b", "neste"),
    (r"\blast\b", "forrige"),
    # "denne og neste uke", "this and next week": both weeks named.
    (r"\b(?:denne|this)\s+og\s+neste\s+(?:uke|uka|veke|veka|week)\b", "denne uka og neste uke"),
    (r"\bback\b", "tilbake"),
    # Dialect and nynorsk "back": "kjæm tebake på skolen torsdag", "kjem attende".
    (r"\b(?:tebake|tibake|tebakers|tilbakers|attende|atende)\b", "tilbake"),
    (r"\bagain\b", "igjen"),
    (r"\b(?:days|dagar|daga|dagan|dagene|dagane)\b", "dager"),
    (r"\bday\b", "dag"),
    # Negation.
    (
        r"\b(?:ikkje|ikkj|ike|ikk|itj|ittj|itte|inte|not|dont|don't|doesn't|doesnt|didn't|didnt|isn't|isnt|aren't|arent)\b",
        "ikke",
    ),
    (r"\bno\b(?=\s*(?:[.!,]|$))", "nå"),
    # Verbs and nouns with several spellings.
    (r"\b(?:kjem|kjæm|kjæmm|kjemm|kommær|komer|kommmer|come|comes|coming)\b", "kommer"),
    (r"\b(?:kome|komma)\b", "komme"),
    (r"\b(?:heime|heima|hjæmme|hjemm|hjeme|hjemmme|hjæm|home)\b", "hjemme"),
    (r"\b(?:school|skule|skulen|skula|skolan|skolen|skole)\b", "skolen"),
    (r"\bsjuk", "syk"),
    (r"\b(?:sick|ill|sik|sykk|syyk|sjyk)\b", "syk"),
    (r"\b(?:vore|vori|vørt|been)\b", "vært"),
    (r"\bvert\b", "blir"),
    (r"\bblei\b", "ble"),
    (r"\bfekk\b", "fikk"),
    (r"\bhjå\b", "hos"),
    (r"\b(?:seinare|seinere|senare|later)\b", "senere"),
    (r"\b(?:seint|late)\b", "sent"),
    (r"\b(?:framleis|fremdeles|still)\b", "fortsatt"),
    (r"\b(?:ho|hu|she)\b", "hun"),
    (r"\b(?:he|him)\b", "han"),
    (r"\bdei\b", "de"),
    (r"\beg\b", "jeg"),
    (r"\bkva\b", "hva"),
    (r"\bkven\b", "hvem"),
    (r"\bkvifor\b", "hvorfor"),
    (r"\bberre\b", "bare"),
    (r"\b(?:guten|gutt'n|gut'n|gutn)\b", "gutten"),
    (r"\b(?:sonen|sønnen|sønn'n)\b", "sønnen"),
    (r"\b(?:dottera|dotteren|datteren|dattera|dattra)\b", "dattera"),
    (r"\bdotter\b", "datter"),
    (r"\bjenten\b", "jenta"),
    (r"\b(?:gutta|gutan|gutane|gutter)\b", "guttene"),
    (r"\b(?:jentan|jentane|jenter)\b", "jentene"),
    (r"\b(?:borna|ungane|ungan|ongan|ongane|ungene|ungå|kidsa|kids|children)\b", "barna"),
    (r"\bboth\b", "begge"),
    (r"\b(?:klokka|klokken|klokke|klokkå|kl\.|kl:)(?=\s|\d|$)", "kl"),
    (r"\bkl(?=\d)", "kl "),
    (r"\bat\s+(?=\d)", "kl "),
    (r"\b(?:ca\.?|cirka|ca:|approx\.?|approximately|around|about|omkring)(?=\s*\d)", "ca"),
    (
        r"\b(?:p\.g\.a\.?|pga\.?|på grunn av|pågrunn av|på grunn|grunna|grunnet|because of|because|due to|fordi|ettersom|"
        r"i forbindelse med|ifm\.?|ifbm\.?)(?=\s|$)",
        "pga",
    ),
    (r"\b(?:søkje|søkjer|soker|soke|søkar|apply|applying)\b", "søker"),
    (r"\bsøknad\w*\b", "søknad"),
    (r"\bpermisjon\w*\b", "permisjon"),
    (r"\b(?:leksa|leksene|leksane|lekse|lekser|leksen|leksar)\b", "lekser"),
    (r"\b(?:fråvær|fravær|fraværet|fråværet|fraværende|fråverande)\b", "fravær"),
    (r"\bburte\b", "borte"),
    (r"\b(?:heim|hjem)\b", "hjem"),
    (r"\bòg\b", "også"),
    (r"\bska\b", "skal"),
    (r"\b(?:te|tel)\b", "til"),
    (r"\bfrå\b", "fra"),
    (r"\bd\.\s*(?=\d)", "den "),
    (r"\bom\s+morgonen\b", "om morgenen"),
    # Tidy up whitespace left by removals.
    (r"[ \t]{2,}", " "),
)
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in _REWRITES)

_WEEKDAY_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"\b(?:" + "|".join(variants) + r")\b"), canonical_name)
    for canonical_name, variants in _WEEKDAY_VARIANTS.items()
)

_WORD = re.compile(r"[^\W\d_]+")


def _fix_weekday_typo(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) < 5 or len(word) > 9 or word in WEEKDAYS or word in _NOT_WEEKDAY_TYPOS:
        return word
    if not word.endswith(("dag", "dg", "ag", "da", "dga", "gad", "dagg")):
        return word
    for day in WEEKDAYS:
        if damerau_levenshtein(word, day, 1) <= 1:
            return day
    return word


# Weekday abbreviations: these are never other words ...
_SAFE_WEEKDAY_ABBREVIATIONS: dict[str, str] = {
    "tirs": "tirsdag",
    "tirsd": "tirsdag",
    "tys": "tirsdag",
    "ons": "onsdag",
    "onsd": "onsdag",
    "tors": "torsdag",
    "torsd": "torsdag",
    "fre": "fredag",
    "fredg": "fredag",
    "lør": "lørdag",
    "lørd": "lørdag",
}
# ... while these are ordinary words too ("man", "tor"), so they count only inside a range or list.
_RANGE_WEEKDAY_ABBREVIATIONS: dict[str, str] = {"man": "mandag", "mand": "mandag", "tir": "tirsdag", "tor": "torsdag"}
_SAFE_ABBREVIATION = re.compile(r"\b(" + "|".join(_SAFE_WEEKDAY_ABBREVIATIONS) + r")\b")
_DAY_OR_ABBREVIATION = "|".join((*WEEKDAYS, *_RANGE_WEEKDAY_ABBREVIATIONS))
_ABBREVIATED_RANGE = re.compile(
    rf"\b(?P<a>{_DAY_OR_ABBREVIATION})\b\.?(?P<gap>\s*(?:-|til|og|,)\s*)(?P<b>{_DAY_OR_ABBREVIATION})\b\.?"
)


def _expand_weekday_abbreviations(text: str) -> str:
    """'ons-fre', 'tirs og ons', 'man-tor' -> full weekday names ('man' alone stays a pronoun)."""
    text = _SAFE_ABBREVIATION.sub(lambda m: _SAFE_WEEKDAY_ABBREVIATIONS[m.group(1)], text)

    def full(word: str) -> str:
        return _RANGE_WEEKDAY_ABBREVIATIONS.get(word, word)

    return _ABBREVIATED_RANGE.sub(lambda m: f"{full(m.group('a'))}{m.group('gap')}{full(m.group('b'))}", text)


# "vi skal til Thailand": going to a capitalised place is a trip; say so before case is lost.
_TRAVEL_TO_PLACE = re.compile(
    r"\b(?:skal|reiser|drar|flyr|reise|dra|fly|going|go|travel|travelling|traveling)\s+(?P<mid>(?:\w+\s+){0,2}?)"
    r"(?:til|to)\s+"
    r"(?=[A-ZÆØÅ][a-zæøåäöü])(?!(?:Tannlege|Lege|Legen|Fysio|Sykehus))"
)
# "vi kommer sent hjem fra Pakistan": coming home from a capitalised place is the end of a trip.
_HOME_FROM_PLACE = re.compile(
    r"\b(?:hjem|heim|home)\s+(?:fra|frå|from)\s+(?=[A-ZÆØÅ][a-zæøåäöü])(?!(?:Tannlege|Lege|Legen|Fysio|Sykehus))"
)


def canonical(text: str) -> str:
    """Lower-case canonical bokmål text: same meaning, one spelling per word."""
    # "skal på fotballcup til Danmark" -> "reiser på fotballcup til danmark": the words between are kept.
    text = _TRAVEL_TO_PLACE.sub(r"reiser \g<mid>til ", text)
    text = _HOME_FROM_PLACE.sub("reiser hjem fra ", text)
    text = text.lower()
    text = text.replace("\n", " \n ")
    for pattern, repl in _WEEKDAY_RULES:
        text = pattern.sub(repl, text)
    text = _WORD.sub(_fix_weekday_typo, text)
    text = _expand_weekday_abbreviations(text)
    text = correct_relative_days(text)
    text = correct_key_words(text)
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    return text.strip()


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out the given character spans so later grammars do not read them again."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
