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

How a request for a language is told from a message that only names one, again by word lists:

- A request is short (a few sentences of a few words) and has nothing but a language's name and
  *asking* words: writing and answering verbs, pronouns, "igjen", "likevel", "back", "prefer",
  courtesy, greetings, and the words of "my Norwegian is not so good". One other word ("ukeplanen",
  "Ola", "homework") makes it an ordinary message, answered as such.
- A language named next to a negation or a weak word ("I don't speak Norwegian", "dårlig norsk",
  "norsk er vanskelig") is refused; the one wanted is then the message's own, or the only one left.
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

_NB, _NN, _EN = frozenset({"nb"}), frozenset({"nn"}), frozenset({"en"})
_NORWEGIAN = _NB | _NN  # "norsk" is either standard: the one the message is written in, else bokmål
_ALL = _NORWEGIAN | _EN
# A language's name, with the languages it may mean (inflected forms and common misspellings too).
_NAMES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("nynorsk", "nynorsken"), _NN),
    **dict.fromkeys(("bokmål", "bokmal", "bokmaal", "bokmålet"), _NB),
    **dict.fromkeys(("norsk", "norsken", "norwegian", "norsh"), _NORWEGIAN),
    **dict.fromkeys(("english", "engelsk", "engelsken", "inglish", "englisch", "englis", "engelska"), _EN),
}
# Words that may stand around a language's name in a request for it ("kan du skrive nynorsk?",
# "language English please", "My Norwegian is not so good"); any other word makes it an ordinary
# message ("nynorsk er fint", "har dere ukeplanen på engelsk?").
_ASKING = _listed(
    # what is asked for: the language, writing, answering, speaking, messages
    "språk språket sprak mål målform målforma language lang skriv skrive skriva skriver skrivar svar svare "
    "svara svaret svarene snakk snakke snakker snakkar snakka forstå forstår skjønne skjønner les lese "
    "leser write writing reply replies answer answers respond speak speaking talk text texting understand read "
    "messages message meldinger meldingar meldingane meldingene melding beskjed beskjeder sms "
    # who asks whom: pronouns and modal verbs
    "kan kunne kunna du dere dykk de eg jeg me vi we meg oss you i'd i'm us my min mitt mi vil ville "
    "could can would will do does is er to til in på paa i from frå fra now nå no on av "
    # how it is asked: wanting, changing, again, instead, courtesy, greetings
    "bytt byt bytte endre endra change switch set use bruk brukt helst ha få gjerne ønsker ynskjer ønske "
    "like prefer preferably foretrekker føretrekkjer want get please pls plz plis pliz kindly takk tusen thanks "
    "thank ok okay heller instead rather stedet staden isteden istedenfor igjen att likevel tilbake back "
    "again go gå over only bare berre hi hello hey hei hallo sorry beklager unnskyld vær ver så snill venleg "
    "vennligst mulig muleg possible å for better bedre betre more mer meir easier enklere enklare "
    # how well: the words of "my Norwegian is not so good", "I don't speak Norwegian well"
    "well good godt god bra flink flinke so very veldig much a little bit not dont don't ikke ikkje "
    "dårlig dårleg bad poor weak svak svakt vanskelig vanskeleg hard difficult"
)
# A language named after one of these (a few words before it) is the one the person does not want
# ("I don't speak Norwegian", "jeg forstår ikke engelsk"); "no" only right before it, in English.
_NEGATIONS = _listed("don't dont not ikke ikkje")
# "kan du ikke skrive engelsk?", "can you not…": a negation right after "du"/"you" is a polite request.
_ADDRESSED = _listed("du dere dykk you")
# A language named with one of these near it is one the person finds hard ("dårlig norsk",
# "My Norwegian is not so good", "norsk er vanskelig for meg").
_WEAK = _listed("dårlig dårleg bad poor weak svak svakt vanskelig vanskeleg hard difficult little")
_GOOD = _listed("well good godt god bra flink flinke")
_SENTENCE = re.compile(r"[.!?;:\n]+")
_MAX_ASKING_WORDS = 14  # in one sentence
_MAX_REQUEST_WORDS = 30  # in the whole message


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
    """ "språk nynorsk", "kan du skrive bokmål igjen?", "Can you write to me in English please?": the language asked for.

    A short message naming a language, with nothing but asking words around it, in one or a few
    sentences ("Hi! Can you write in English? My Norwegian is not so good"). A language the person
    says they do not manage is refused; when only refusals are named, the wanted one is the message's
    own language, or the only one left ("jeg forstår ikke norsk godt" is English). None otherwise.
    """
    sentences = [s for s in (_words(part) for part in _SENTENCE.split(text or "")) if s]
    words = [w for s in sentences for w in s]
    if not words or len(words) > _MAX_REQUEST_WORDS or any(len(s) > _MAX_ASKING_WORDS for s in sentences):
        return None
    if any(w not in _NAMES and w not in _ASKING for w in words):
        return None
    written = guess_language(" ".join(w for w in words if w not in _NAMES))
    wanted: list[frozenset[str]] = []
    refused: set[str] = set()
    for sentence in sentences:
        for i, word in enumerate(sentence):
            if word in _NAMES:
                if _refused(sentence, i, written):
                    refused |= _NAMES[word]
                else:
                    wanted.append(_NAMES[word])
    return _resolve(wanted, refused, written)


def _resolve(wanted: list[frozenset[str]], refused: set[str], written: str | None) -> str | None:
    """The one language left of those wanted (or, with none wanted, of those not refused), else None."""
    if wanted:
        left = frozenset.intersection(*wanted) - refused
    elif not refused:
        return None
    elif written and written not in refused:
        return written
    else:
        left = _ALL - refused
        if len(left) > 1:  # "no english please": which Norwegian is not said
            return None
    if left == _NORWEGIAN:
        return "nn" if written == "nn" else "nb"
    return next(iter(left)) if len(left) == 1 else None


def _refused(words: list[str], index: int, written: str | None) -> bool:
    """True when the language named at words[index] is one the person does not want or manage.

    A negation or a weak word among the three words before it ("don't speak Norwegian", "dårlig
    norsk"), "no" right before it in English ("no English"), or after it, before any other language,
    a weak word or a negated good one ("My Norwegian is not so good", "norsk er vanskelig").
    """
    start = _after_last_name(words, max(0, index - 3), index)
    if any(_negates(words, i) or words[i] in _WEAK for i in range(start, index)):
        return True
    if index > 0 and words[index - 1] == "no" and written == "en":
        return True
    after = _until_a_name(words[index + 1 : index + 5])
    return any(w in _WEAK for w in after) or (any(w in _NEGATIONS for w in after) and any(w in _GOOD for w in after))


def _negates(words: list[str], i: int) -> bool:
    """True when words[i] is a negation, not the polite one right after "du"/"you" ("kan du ikke…?")."""
    return words[i] in _NEGATIONS and (i == 0 or words[i - 1] not in _ADDRESSED)


def _after_last_name(words: list[str], start: int, end: int) -> int:
    """Where the words before words[end] begin, from start but after any language named in between."""
    return max([start] + [i + 1 for i in range(start, end) if words[i] in _NAMES])


def _until_a_name(words: list[str]) -> list[str]:
    """The words up to (not including) the first language name: a refusal does not reach past it."""
    for i, word in enumerate(words):
        if word in _NAMES:
            return words[:i]
    return words
