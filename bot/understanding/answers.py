"""Which of a question's choices a free-text answer means, in the person's own words (pure).

"2", "nr 2", "den andre", "the second"; a label with a typo ("Emmma", "musikrom 2"); a child by
first name, surname, full name or by age or sex ("den minste", "storebror", "jenta", "my
daughter"), or all of them ("begge", "alle", "both"); a reason in a word or a sentence ("vi skal
i gravferd til bestefar" -> family); yes or no in bokmål, nynorsk, dialect and English ("jepp",
"jada", "gjerne", "det stemmer", "nei takk", "ikkje", "nope"). Evidence is weighed in that order,
and the first kind that says anything decides: one choice is the answer, two or more mean we must
ask again (never a guess between them), none means this kind of evidence is silent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .children import subject_children
from .normalise import split_message
from .numbers import NUMBER_WORDS
from .reasons import classify_reason
from .types import Child
from .typos import damerau_levenshtein, fold

__all__ = [
    "Option",
    "candidates",
    "is_whole_answer",
    "match_answer",
    "options_from",
    "ordinal_index",
    "says_none",
    "says_yes",
    "yes_or_no",
]


@dataclass(frozen=True)
class Option:
    """One choice of a question and what it stands for, besides its label and synonyms."""

    label: str
    synonyms: tuple[str, ...] = ()
    child: Child | None = None  # this choice is one of the sender's children
    everyone: bool = False  # "Begge" / "Alle": every child (or every item) at once
    reason: str | None = None  # a reason category (illness, appointment, family, other)
    yes: bool | None = None  # True for the yes choice, False for the no choice

    def to_json(self) -> dict[str, Any]:
        """Plain JSON for dialog state (jsonpickle keeps dicts of strings best)."""
        child = self.child
        return {
            "label": self.label,
            "synonyms": list(self.synonyms),
            "child": None
            if child is None
            else {
                "sourced_id": child.sourced_id,
                "given_name": child.given_name,
                "family_name": child.family_name,
                "class_name": child.class_name,
                "grade": child.grade,
                "sex": child.sex,
                "birth_date": child.birth_date.isoformat() if child.birth_date else None,
            },
            "everyone": self.everyone,
            "reason": self.reason,
            "yes": self.yes,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Option:
        """The inverse of to_json."""
        raw = data.get("child")
        child = None
        if isinstance(raw, dict):
            born = raw.get("birth_date")
            child = Child(
                sourced_id=str(raw.get("sourced_id") or ""),
                given_name=str(raw.get("given_name") or ""),
                family_name=str(raw.get("family_name") or ""),
                class_name=str(raw.get("class_name") or ""),
                grade=int(raw.get("grade") or 0),
                sex=raw.get("sex"),
                birth_date=dt.date.fromisoformat(born) if born else None,
            )
        return Option(
            label=str(data.get("label") or ""),
            synonyms=tuple(str(s) for s in data.get("synonyms") or ()),
            child=child,
            everyone=bool(data.get("everyone")),
            reason=data.get("reason"),
            yes=data.get("yes"),
        )


@dataclass(frozen=True)
class _Words:
    """A message as lower-case words, and the set of those an answer has accounted for."""

    tokens: tuple[str, ...]
    used: frozenset[str] = field(default_factory=frozenset)


_TOKEN = re.compile(r"[0-9]+[^\W\d_]*|[^\W\d_]+", re.UNICODE)  # "5b", "2nd" stay one word


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(m.group(0) for m in _TOKEN.finditer((text or "").lower()))


def _words(spaced: str) -> frozenset[str]:
    """A word list written as one spaced string (long lists read better that way)."""
    return frozenset(spaced.split())


def _plain(text: str) -> str:
    return " ".join(_tokens(text))


# ------------------------------------------------------------------ yes / no

_YES_PHRASES = (
    "det stemmer",
    "det er riktig",
    "det er rett",
    "det er korrekt",
    "stemmer det",
    "ikke noe problem",
    "ikkje noko problem",
    "no problem",
    "of course",
    "go ahead",
    "do it",
    "gjør det",
    "gjer det",
    "sounds good",
    "that s right",
    "that is right",
    "yes please",
    "ja takk",
    "ja da",
    "ja visst",
    "det går fint",
    "det går bra",
    "det passer",
    "det passar",
    "all right",
)
_NO_PHRASES = (
    "stemmer ikke",
    "stemmer ikkje",
    "ikke riktig",
    "ikkje rett",
    "ikke rett",
    "ikke korrekt",
    "ikke nå",
    "ikkje no",
    "not now",
    "no thanks",
    "no thank you",
    "nei takk",
    "nei da",
    "not correct",
    "not right",
    "no way",
    "ikke det",
    "passer ikke",
    "passar ikkje",
)
_YES_WORDS = _words(
    "ja jo jau jaa jaaa jah jepp jep japp jupp jup jada jadda jaha javisst jas gjerne ok okei okey okay oki greit "
    "fint flott supert topp perfekt stemmer riktig korrekt rett bekreft bekrefter absolutt selvfølgelig sjølvsagt "
    "selvsagt klart sikkert yes yep yeah yea yup ya sure certainly correct right confirm definitely absolutely "
    "bra"
)
_NO_WORDS = _words(
    "nei nej nai næi næ nææ neida neii nope no nah nay ikke ikkje ikkje ikkj itj inte aldri never niks nix "
    "feil wrong negative"
)
# Words that neither say yes or no nor change an answer ("ja takk", "nei, det går bra").
_POLITE = _words(
    "takk tusen thanks thank you please da du vel så bare berre nok det den er var vær så snill hilsen mvh"
)


def _phrase_hits(plain: str, phrases: Iterable[str]) -> tuple[str, int]:
    """The text with the phrases cut out, and how many there were."""
    count = 0
    for phrase in phrases:
        pattern = rf"\b{re.escape(phrase)}\b"
        found = len(re.findall(pattern, plain))
        if found:
            count += found
            plain = re.sub(pattern, " ", plain)
    return plain, count


def _yes_no_parts(text: str) -> tuple[int, int, list[str]]:
    """(yes evidence, no evidence, the words that are neither)."""
    plain = _plain(text.replace("👍", " ja ").replace("👎", " nei "))
    plain, no = _phrase_hits(plain, _NO_PHRASES)
    plain, yes = _phrase_hits(plain, _YES_PHRASES)
    rest: list[str] = []
    for word in plain.split():
        if word in _YES_WORDS:
            yes += 1
        elif word in _NO_WORDS:
            no += 1
        else:
            rest.append(word)
    return yes, no, rest


def yes_or_no(text: str | None) -> bool | None:
    """True for yes, False for no, None when the text says neither or both ("ja, nei forresten")."""
    yes, no, _ = _yes_no_parts(text or "")
    if yes and not no:
        return True
    if no and not yes:
        return False
    return None


# ------------------------------------------------------------------ numbers and ordinals

_ORDINALS: dict[str, int] = {
    "første": 1,
    "fyrste": 1,
    "forste": 1,
    "first": 1,
    "1st": 1,
    "andre": 2,
    "annen": 2,
    "second": 2,
    "2nd": 2,
    "tredje": 3,
    "third": 3,
    "3rd": 3,
    "fjerde": 4,
    "fourth": 4,
    "4th": 4,
    "femte": 5,
    "fifth": 5,
    "5th": 5,
    "sjette": 6,
    "sixth": 6,
    "6th": 6,
    "sjuende": 7,
    "syvende": 7,
    "seventh": 7,
}
_LAST = frozenset({"siste", "sist", "last"})
# Words around a number that do not change it ("nr 2", "den andre", "I'll take the second one").
_NUMBER_FRAME = _words(
    "den det dei de the nr no nummer number num alternativ alternativet alt valg valget val option choice "
    "one en ein jeg eg i tar tek velger vel take pick choose want vil ha svar svarer answer er is it takk thanks "
    "please bare berre ta tek gi meg me ok okei gjerne da forslag forslaget forslagene tidspunkt tidspunktet tida "
    "tiden suggestion suggested slot"
)


def ordinal_index(text: str, count: int) -> int | None:
    """The 0-based index a number or ordinal answer names ("2", "nr 2", "den andre", "siste"), within count."""
    words = [w for w in _tokens(text) if w not in _NUMBER_FRAME or w in ("en", "ein", "one")]
    if not words:
        return None
    numbers: list[int] = []
    for word in words:
        if word.isdigit():
            numbers.append(int(word))
        elif word in _ORDINALS:
            numbers.append(_ORDINALS[word])
        elif word in _LAST:
            numbers.append(count)
        elif word in NUMBER_WORDS and len(words) == 1:
            numbers.append(NUMBER_WORDS[word])
        elif word in ("en", "ein", "one"):
            continue  # "den andre en", "the second one"
        else:
            return None  # other words: not (only) a number
    if len(set(numbers)) != 1:
        return None
    n = numbers[0]
    return n - 1 if 1 <= n <= count else None


# ------------------------------------------------------------------ children

_EVERYONE = re.compile(
    r"\b(?:begge|begge\s+to|alle|alle\s+sammen|alle\s+saman|both|all|everyone|all\s+of\s+them|both\s+of\s+them|"
    r"dei\s+begge|de\s+begge|barna|ungane|ungene|the\s+kids|the\s+children)\b"
)
_YOUNGEST_EXTRA = re.compile(
    r"\b(?:yngst|minst|youngest|the\s+little\s+one|baby|babyen|vesle|veslejenta|veslegutten)\b"
)
_OLDEST_EXTRA = re.compile(r"\b(?:eldst|eldest|oldest|the\s+big\s+one|storejenta|storegutten)\b")
_GIRL_EXTRA = re.compile(r"\b(?:daughter|dotter|dottera|dotra|dattera|datteren|jenten|the\s+girl|girl|jentungen)\b")
_BOY_EXTRA = re.compile(r"\b(?:son|sonen|sønnen|guten|gutt|the\s+boy|boy|gutungen)\b")
# A pronoun that opens the answer names the child by sex ("han", "hun ja", "ho", "he", "she"); canonical() turns
# "ho", "he", "him" and "she" into "hun"/"han". Only first, so "Emma, han er ikke syk" is not read as the boy.
_BOY_PRONOUN = re.compile(r"^\W*(?:han|ham)\b")
_GIRL_PRONOUN = re.compile(r"^\W*(?:hun|henne)\b")
# Words that describe a child rather than ask for something ("den minste", "my daughter", "begge to").
_CHILD_WORDS = _words(
    "minste minst yngste yngst eldste eldst største store lille vesle mellomste midterste minstemann minstejenta "
    "minstegutten storebror storesøster lillebror lillesøster storebroren storesøsteren lillebroren lillesøsteren "
    "gutten gutt guten sønnen sønn sonen son boy jenta jente jenten datter dattera datteren dotter dotra dottera "
    "daughter girl begge alle both all everyone sammen saman barna ungane ungene kids children youngest oldest "
    "eldest little big baby babyen one of them my mine min mi vår våre our the to tre two three han ham hun henne"
)


def _extreme(children: Sequence[Child], oldest: bool) -> Child | None:
    """The one oldest (or youngest) child by birth date, by grade when one is missing; None on a tie."""
    if not children:
        return None
    if all(c.birth_date for c in children):
        ages = [-(c.birth_date or dt.date.min).toordinal() for c in children]
    else:
        ages = [c.grade for c in children]
    best = max(ages) if oldest else min(ages)
    winners = [c for c, age in zip(children, ages, strict=True) if age == best]
    return winners[0] if len(winners) == 1 else None


def _extra_child_words(text: str, children: Sequence[Child]) -> tuple[set[str], bool]:
    """English and dialect words for age and sex the roster grammar does not know; (ids, ambiguous)."""
    young, old = bool(_YOUNGEST_EXTRA.search(text)), bool(_OLDEST_EXTRA.search(text))
    girl = bool(_GIRL_EXTRA.search(text) or _GIRL_PRONOUN.search(text))
    boy = bool(_BOY_EXTRA.search(text) or _BOY_PRONOUN.search(text))
    pool = list(children)
    if girl != boy:
        pool = [c for c in children if c.sex == ("female" if girl else "male")]
    if young != old:
        child = _extreme(pool, oldest=old)
        return ({child.sourced_id} if child else set()), child is None
    if girl != boy:
        return ({pool[0].sourced_id} if len(pool) == 1 else set()), len(pool) != 1
    return set(), False


def _surnames(words: Sequence[str], children: Sequence[Child]) -> set[str]:
    """Children whose family name (or a part of it) is written, with at most one typo in a long name."""
    found: set[str] = set()
    for child in children:
        parts = [p for p in re.split(r"[\s-]+", child.family_name.lower()) if len(p) >= 3]
        if any(_near(word, part) for word in words for part in parts):
            found.add(child.sourced_id)
    return found


# "5. klasse", "andre klasse", "2nd grade", "femte trinn": a child by grade.
_GRADE = re.compile(r"\b(\d{1,2}|[^\W\d_]+)(?:st|nd|rd|th)?\.?\s*(?:klasse|klassen|trinn|trinnet|steg|grade|class)\b")


def _class_ids(body: str, children: Sequence[Child]) -> set[str]:
    """Children named by their class ("han i 5B", "den i 2a") or grade ("hun i andre klasse", "5. trinn")."""
    words = set(_tokens(body))
    found = {c.sourced_id for c in children if c.class_name and _plain(c.class_name).replace(" ", "") in words}
    if found:
        return found
    grades: set[int] = set()
    for m in _GRADE.finditer(body.lower()):
        word = m.group(1)
        grades.add(int(word) if word.isdigit() else _ORDINALS.get(word, NUMBER_WORDS.get(word, -1)))
    return {c.sourced_id for c in children if c.grade and c.grade in grades}


def _child_ids(text: str, children: Sequence[Child]) -> tuple[set[str], bool]:
    """Which children an answer is about, and whether some word fitted several (must ask again).

    A class or grade counts with a name or a sex word; when they point at different children the
    answer is ambiguous ("hun i 5B" when the girl is in 2A), never a guess.
    """
    msg = split_message(text)
    ids, said = subject_children(msg.body, msg.text, children)
    by_class = _class_ids(msg.body, children)
    if ids:
        found = set(ids)
        surnames = _surnames(_tokens(msg.body), children)
        if len(found) > 1 and surnames and surnames < found:
            found = surnames  # "Emma Nordmann" when the other child has another surname
        if by_class and found.isdisjoint(by_class):
            return set(), True
        return found, False
    extra, unsure = _extra_child_words(msg.text, children)
    if by_class:
        both = by_class & extra if extra else by_class
        return (both, len(both) != 1) if both else (set(), True)
    if extra or unsure:
        return extra, unsure
    if said:
        return set(), True  # a role word that fits none, or several
    if _EVERYONE.search(msg.text):
        return {c.sourced_id for c in children}, False
    by_surname = _surnames(_tokens(msg.body), children)
    return by_surname, len(by_surname) > 1


def _child_layer(text: str, options: Sequence[Option]) -> set[int]:
    children = [o.child for o in options if o.child is not None]
    if not children:
        return set()
    ids, ambiguous = _child_ids(text, children)
    if ambiguous:  # "Nordmann" when both are Nordmann: ask again, do not take it as "both"
        return {i for i, o in enumerate(options) if o.child is not None and (not ids or o.child.sourced_id in ids)}
    everyone = [i for i, o in enumerate(options) if o.everyone]
    if len(ids) > 1 and ids == {c.sourced_id for c in children} and everyone:
        return set(everyone)
    return {i for i, o in enumerate(options) if o.child is not None and o.child.sourced_id in ids}


# ------------------------------------------------------------------ labels

# Words that carry no choice of their own in an answer ("det gjelder Emma", "jeg tar musikkrommet").
_FILLER = _words(
    "det den dei de er var gjelder gjeld handler om it s is its it's the a an for til på i og and or eller "
    "jeg eg i me meg tar tek velger vel take pick choose want vil ha hun han ho hen she he her him his hennes hans "
    "bare berre nok vel jo da så takk thanks thank you please hei hi mvh hilsen ok"
)


def _near(word: str, target: str) -> bool:
    """Equal, a possessive ("Olas"), or a typo away in a longer word."""
    if word == target or word in (target + "s", target + "'s"):
        return True
    if word.isdigit() or target.isdigit() or len(target) < 4 or len(word) < 4:
        return False
    limit = 2 if len(target) >= 9 else 1
    return damerau_levenshtein(fold(word), fold(target), limit) <= limit


def _label_words(option: Option) -> list[tuple[str, ...]]:
    """The words of the label and of each synonym, without fillers."""
    names = [option.label, *option.synonyms]
    out: list[tuple[str, ...]] = []
    for name in names:
        words = tuple(w for w in _tokens(name) if w not in _FILLER and (len(w) >= 2 or w.isdigit()))
        if words:
            out.append(words)
    return out


def _label_layer(words: Sequence[str], options: Sequence[Option]) -> set[int]:
    """The choices sharing the most words with the answer (typos allowed); all of them on a tie."""
    content = [w for w in words if w not in _FILLER]
    if not content:
        return set()
    scores: dict[int, int] = {}
    for i, option in enumerate(options):
        best = 0
        for label in _label_words(option):
            best = max(best, sum(1 for target in label if any(_near(w, target) for w in content)))
        if best:
            scores[i] = best
    if not scores:
        return set()
    top = max(scores.values())
    return {i for i, s in scores.items() if s == top}


def _exact_layer(text: str, options: Sequence[Option]) -> set[int]:
    plain = _plain(text)
    if not plain:
        return set()
    return {i for i, o in enumerate(options) if plain in {_plain(n) for n in (o.label, *o.synonyms)}}


# ------------------------------------------------------------------ reasons and yes/no as layers


def _reason_layer(text: str, options: Sequence[Option]) -> set[int]:
    if not any(o.reason for o in options):
        return set()
    category = classify_reason(text)
    return {i for i, o in enumerate(options) if category and o.reason == category}


def _yes_no_layer(text: str, options: Sequence[Option]) -> set[int]:
    if not any(o.yes is not None for o in options):
        return set()
    said = yes_or_no(text)
    return {i for i, o in enumerate(options) if said is not None and o.yes is said}


# ------------------------------------------------------------------ sizes

_BIG = _words("stor store største størst storste big bigger biggest large larger largest")
_SMALL = _words("liten lita lille litle vesle minste minst small smaller smallest little")
_SIZE = re.compile(r"\((\d+)")  # "Dataskap 1 (30 PC-er)": the size in brackets


def _size_layer(text: str, options: Sequence[Option]) -> set[int]:
    """ "den store", "det lille": the choice with the largest (smallest) size in brackets, when each has one."""
    if any(o.child for o in options):
        return set()
    words = set(_tokens(text))
    big, small = bool(words & _BIG), bool(words & _SMALL)
    sized = {i: _SIZE.search(o.label) for i, o in enumerate(options)}
    sizes = {i: int(m.group(1)) for i, m in sized.items() if m}
    if big == small or len(sizes) < 2:
        return set()
    best = max(sizes.values()) if big else min(sizes.values())
    return {i for i, size in sizes.items() if size == best}


# ------------------------------------------------------------------ the matcher

_EVERYONE_LABELS = frozenset({"begge", "alle", "both", "all", "alle sammen", "everyone", "begge to"})
_YES_LABELS = frozenset({"ja", "yes"})
_NO_LABELS = frozenset({"nei", "no"})


def options_from(
    labels: Sequence[str],
    synonyms: Sequence[Sequence[str] | None] | None = None,
    meanings: Sequence[Option | None] | None = None,
) -> list[Option]:
    """Options for labels, with their synonyms and meanings; yes/no and "Begge"/"Alle" read from the label."""
    out: list[Option] = []
    for i, label in enumerate(labels):
        given = meanings[i] if meanings and i < len(meanings) else None
        option = replace(given, label=label) if given is not None else Option(label=label)
        words = tuple(synonyms[i] or ()) if synonyms and i < len(synonyms) else ()
        option = replace(option, synonyms=tuple(dict.fromkeys((*option.synonyms, *words))))
        plain = _plain(label)
        if option.yes is None and plain in _YES_LABELS | _NO_LABELS:
            option = replace(option, yes=plain in _YES_LABELS)
        if not option.everyone and plain in _EVERYONE_LABELS:
            option = replace(option, everyone=True)
        out.append(option)
    return out


def candidates(text: str | None, options: Sequence[Option]) -> set[int]:
    """Indices of the choices an answer may mean: one is the answer, several must be asked again, none is none."""
    if not text or not text.strip() or not options:
        return set()
    exact = _exact_layer(text, options)
    if exact:
        return exact
    number = ordinal_index(text, len(options))
    if number is not None:
        return {number}
    if len(options) == 1 and options[0].yes is None and yes_or_no(text) is True:
        return {0}  # "Gjelder det Jonas?" - "ja"
    for layer in (_yes_no_layer, _child_layer, _reason_layer, _size_layer):
        found = layer(text, options)
        if found and layer is _yes_no_layer and all(options[i].yes is False for i in found) and not _NOT.search(text):
            found = _child_layer(text, options) or found  # "nei, jeg mente Emma": the child, not "Ingen av dem"
        if found:
            return found
    everyone = [i for i, o in enumerate(options) if o.everyone]
    if everyone and not any(o.child for o in options) and _EVERYONE.search(_plain(text)):
        return set(everyone)
    return _label_layer(_tokens(text), options)


def match_answer(text: str | None, options: Sequence[Option]) -> int | None:
    """The index of the one choice the answer means, or None (nothing, or more than one)."""
    found = candidates(text, options)
    return next(iter(found)) if len(found) == 1 else None


def is_whole_answer(text: str | None, options: Sequence[Option]) -> bool:
    """True when the message is an answer and nothing more ("den minste", "ja takk", "Emma Nordmann").

    A reason question is answered by a whole sentence ("vi skal i gravferd til bestefar"); for
    other questions every word must be a choice's word, a child word, a number or a filler, so
    that "Emma er syk i dag" is a new request, not the answer "Emma".
    """
    index = match_answer(text, options)
    if index is None or not text:
        return False
    option = options[index]
    if option.reason and classify_reason(text) == option.reason:
        return True
    if option.yes is not None or (len(options) == 1 and yes_or_no(text) is True):
        _, _, rest = _yes_no_parts(text)
        named = _tokens(f"{option.child.given_name} {option.child.family_name}") if option.child else []
        return all(w in _POLITE or w in _FILLER or w in _SELF_CORRECTION or w in named for w in rest)
    if ordinal_index(text, len(options)) is not None:
        return True
    known = {w for o in options for label in _label_words(o) for w in label}
    for o in options:
        if o.child is not None:
            known.update(_tokens(f"{o.child.given_name} {o.child.family_name} {o.child.class_name}"))
    described = _CHILD_WORDS | _BIG | _SMALL
    if option.child is not None:
        described = described | _SELF_CORRECTION | _NO_LEAD  # "nei, jeg mente Emma"
    return all(w in _FILLER or w in described or w in _POLITE or any(_near(w, k) for k in known) for w in _tokens(text))


_NO_LEAD = _words("nei neida nope no nah")
_NOT = re.compile(r"\b(?:ikke|ikkje|not|never|aldri)\b|n't\b", re.I)

# Words of a self-correction that name no choice ("oi, mente Nora", "sorry, I meant Antoni").
_SELF_CORRECTION = _words("oi oj ops oops sorry beklager unnskyld orsak mente meinte meant mener meiner mean")

# Words that also acknowledge a message ("OK", "greit"): a yes to a question, but no go-ahead to send something.
_ACKNOWLEDGING = _words("ok okei okey okay oki greit fint flott supert topp perfekt bra")


# "ingen av dem", "ingen av dei", "none of them", "neither": the answer is none of the choices.
_NONE = re.compile(
    r"^\W*(?:(?:nei|nope|no|nai|næ)\W+)?(?:ingen|ingen\s+av\s+(?:dem|de|dei|delene|barna|ungene|ungane)"
    r"|ikke\s+noen\s+av\s+(?:dem|de)|ikkje\s+nokon\s+av\s+dei|none|none\s+of\s+them|neither|neither\s+of\s+them)\b",
    re.I,
)


def says_none(text: str | None) -> bool:
    """True when an answer says it is none of the choices ("ingen av dem", "none of them", "neither")."""
    return bool(_NONE.search(text or ""))


def says_yes(text: str | None) -> bool:
    """A clear, whole yes ("ja takk", "jepp", "yes please", "det stemmer"), e.g. to send a broadcast;
    not an acknowledgement ("ok", "greit"), which people also write when they have read something."""
    options = options_from(["ja", "nei"])
    if any(w in _ACKNOWLEDGING for w in _tokens(text or "")):
        return False
    return match_answer(text, options) == 0 and is_whole_answer(text, options)
