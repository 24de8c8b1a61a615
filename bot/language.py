"""Which language a person writes (bokmål, nynorsk or English), and a person asking for one.

How the guess works, so it can be tuned by adding words rather than sentences:

- Each language has a list of *distinctive* words: everyday words that are written differently in
  the other two (bokmål "ikke", "hva", "jeg", "syk"; nynorsk "ikkje", "kva", "eg", "sjuk";
  English "the", "sick", "tomorrow"), and a few distinctive *stems* that cover their inflections
  (nynorsk "veke…" for "vekeplanen", "skule…" for "skulen"; bokmål "uke…", "skole…").
- Words both Norwegian standards write alike ("er", "i", "på", "han") count for Norwegian against
  English but decide nothing between bokmål and nynorsk. Words that are also common in another
  language are left out ("i" is Norwegian "in", "no" nynorsk "now", "her" Norwegian "here").
- Each word scores one point. English wins when it has more points than bokmål, nynorsk and the
  shared Norwegian words together; otherwise nynorsk or bokmål wins when it has more points than
  the other. One point is enough when nothing points another way ("i morgon" is nynorsk, "hello"
  English); a tie, or no point at all, is no guess (None), and the person's language stays unset.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zæøåéèêòóô]+(?:'[a-z]+)?")


def _listed(words: str) -> frozenset[str]:
    """A word list written as one string, words separated by spaces."""
    return frozenset(words.split())


NYNORSK = _listed(
    "eg ikkje inkje kva kven kvar kvifor korleis korfor noko nokon nokre mykje berre frå heime heim "
    "sjuk sjuke sjukdom morgon morgonen kjem vere vera vore ho dei dykk dykkar deira hennar seier gjer veit "
    "trur synest treng fekk gjekk vart sidan difor saman eit ein òg lærar læraren lærarar føresette føresett "
    "dotter dottera sonen gut guten fråvær fråværet elevar elevane dagar dagane timar måndag tysdag laurdag "
    "sundag ynskjer kome helsing veke skule"
)
BOKMAL = _listed(
    "jeg ikke hva hvem hvor hvordan hvorfor hvilken hvilket hvilke hvis noe noen mye bare fra hjemme hjem "
    "syk syke sykdom morgen kommer være hun dere deres hennes sier gjør vet tror synes trenger fikk gikk ble "
    "derfor sammen et en lærer læreren lærere foresatte datter datteren sønn sønnen gutt gutten fravær "
    "fraværet elever dager mandag tirsdag lørdag søndag ønsker hilsen uke skole"
)
ENGLISH = _listed(
    "the is are was were am my our your his she he they we you it its not and with from of in on this that "
    "there what when where who why how which will would can could should have has had been do does did don "
    "doesn isn won i'm i'll i've i'd don't won't isn't can't doesn't it's he's she's we're they're what's "
    "hello hi please thanks thank yes sick ill unwell fever today tomorrow yesterday "
    "morning afternoon school homework week weekly doctor dentist appointment absent home stay staying son "
    "daughter child children kid kids boy girl late early leave after coming going feeling well monday "
    "tuesday wednesday thursday friday saturday sunday english language message teacher class day days off go get got "
    "need help understand speak write reply answer"
)
NORWEGIAN = _listed(
    "er og i på til det den har skal kan vil må dag borte han hei takk med om etter før fri klassen "
    "lekser barnet meg oss seg som så eller dette denne min mitt mine vår går får tannlege lege onsdag "
    "torsdag fredag jenta henne mor mamma pappa idag hos kveld"
)
_STEMS = {"nn": ("veke", "skule"), "nb": ("uke", "skole"), "en": ()}

_NAMES = {
    "nynorsk": "nn",
    "bokmål": "nb",
    "bokmal": "nb",
    "norsk": "nb",
    "norwegian": "nb",
    "english": "en",
    "engelsk": "en",
}
# Words that may stand around a language's name in a request for it ("kan du skrive nynorsk?",
# "language English please"); any other word makes it an ordinary message ("nynorsk er fint").
_ASKING = _listed(
    "språk språket sprak mål målform language lang skriv skrive skriva svar svare svara snakk snakke snakker "
    "snakkar på paa i in til to kan du eg jeg me vi meg bytt byt endre change switch set use bruk helst vil "
    "ha gjerne ønsker ynskjer please pls takk thanks ok write reply answer speak do you i'd i'm like would "
    "med could can respond text send messages meldinger meldingar heller instead rather only bare berre "
    "hi hello hei sorry beklager understand forstår forstår skjønner well good godt bra så so much very "
    "don't dont not ikke ikkje no"
)
# A language named right after one of these is the one the person does not want ("I don't speak
# Norwegian", "jeg forstår ikke engelsk"): the request is for the language the message is written in.
_NEGATIONS = _listed("don't dont not ikke ikkje no")
_MAX_ASKING_WORDS = 12


def _words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower().replace("\u2019", "'"))


def _scores(words: list[str]) -> dict[str, int]:
    def points(word: str, lang: str, listed: frozenset[str]) -> int:
        return int(word in listed or (len(word) > 3 and word.startswith(_STEMS[lang])))

    return {
        "nn": sum(points(w, "nn", NYNORSK) for w in words),
        "nb": sum(points(w, "nb", BOKMAL) for w in words),
        "en": sum(points(w, "en", ENGLISH) for w in words),
        "no": sum(w in NORWEGIAN for w in words),
    }


def guess_language(text: str | None) -> str | None:
    """'nb', 'nn' or 'en' when the message's words point one way (see the module's note), else None."""
    words = _words(text)
    if not words:
        return None
    s = _scores(words)
    if s["en"] > s["nn"] + s["nb"] + s["no"]:
        return "en"
    if s["nn"] > s["nb"]:
        return "nn"
    if s["nb"] > s["nn"]:
        return "nb"
    return None


def chosen_language(text: str | None) -> str | None:
    """ "språk nynorsk", "nynorsk", "language English", "kan du skrive engelsk?": the language asked for, else None.

    A short message naming one language, with nothing but asking words around it.
    """
    words = _words(text)
    if not words or len(words) > _MAX_ASKING_WORDS:
        return None
    if any(w not in _NAMES and w not in _ASKING for w in words):
        return None
    refused = {_NAMES[w] for i, w in enumerate(words) if w in _NAMES and _negated(words, i)}
    named = {_NAMES[w] for w in words if w in _NAMES} - refused
    if not named and refused:
        guessed = guess_language(" ".join(w for w in words if w not in _NAMES))
        named = {guessed} - refused if guessed else set()
    return named.pop() if len(named) == 1 else None


def _negated(words: list[str], index: int) -> bool:
    """True when one of the three words before words[index] is a negation ("don't speak Norwegian")."""
    return any(w in _NEGATIONS for w in words[max(0, index - 3) : index])
