"""Which of the sender's own children a message is about.

Order of evidence: a sibling phrase ("Emmas bror") > own children's names (exact, possessive
"Olas", or one typo away) > a name of another family's child (then nobody: the sender cannot
report for that child) > group and role words ("begge", "barna", "alle tre", "de to minste",
"gutten", "jenta", "den minste", "eldste", "storebror") > own names in the signature ("Hilsen
mamma til Ola") > the only child > pronouns ("han", "hun") when one child has that sex.
An age word narrowed by a sex word ("eldste jenta") picks within that sex, "mellomste" the
middle of three, and a name after a clause-initial negation ("..., ikke Henrik") is left out.
"Den ene av ungene", "ein av ungane mine", "one of my kids" pick nobody (the dialog asks which
child, even of a parent with one child at the school) unless other words say who.
Older/younger uses birth_date and falls back to grade; ties mean we must ask. Names that are
also common words ("Per", "Liv", "Dag") count only when capitalised as a name; a teacher
greeted at the start ("Hei Kari,") is never a child.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from .normalise import canonical, damerau_levenshtein, split_message
from .types import Child

__all__ = [
    "child_mentions",
    "named_children",
    "resolve_children",
    "resolve_from_parts",
    "stranger_name",
    "subject_children",
]

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?\n]\s*)$")

# Words that are also given names: they count as a name only when written with a capital
# letter inside a sentence ("Per", "Liv", "Dag", "Vår", "Sol" ...).
_COMMON_WORDS = frozenset(
    [
        "dag",
        "liv",
        "vår",
        "sol",
        "storm",
        "ask",
        "even",
        "tor",
        "mai",
        "juni",
        "august",
        "april",
        "lykke",
        "eik",
        "fri",
        "håp",
        "ro",
        "by",
        "bo",
        "per",
        "kim",
        "ben",
        "han",
        "hun",
        "hans",
        "my",
        "may",
        "hope",
        "sunny",
        "sky",
        "bjørn",
        "rev",
        "stein",
        "ulv",
        "falk",
        "vilje",
        "mo",
        "nor",
        "le",
        "an",
        "i",
        "en",
        "et",
        "alle",
        "to",
        "tre",
        "ni",
        "ti",
        "la",
        "lo",
        "von",
        "van",
        "de",
        "den",
        "det",
        "jo",
        "mine",
        "min",
    ]
)

# Words fuzzy name matching must never turn into a name.
_VOCAB = frozenset(
    [
        "syk",
        "syke",
        "er",
        "og",
        "i",
        "på",
        "til",
        "fra",
        "med",
        "har",
        "kan",
        "ikke",
        "ikkje",
        "skal",
        "blir",
        "kommer",
        "dag",
        "dager",
        "uke",
        "uka",
        "hjemme",
        "heime",
        "borte",
        "skolen",
        "skole",
        "mandag",
        "tirsdag",
        "onsdag",
        "torsdag",
        "fredag",
        "lørdag",
        "søndag",
        "morgen",
        "gutten",
        "jenta",
        "begge",
        "barna",
        "hei",
        "takk",
        "hilsen",
        "mvh",
        "mamma",
        "pappa",
        "henter",
        "hente",
        "går",
        "gå",
        "feber",
        "lege",
        "legen",
        "time",
        "tannlege",
        "tannlegen",
        "fri",
        "sick",
        "today",
        "tomorrow",
        "school",
        "home",
        "hjem",
        "kl",
        "klokka",
        "halv",
        "kvart",
        "over",
        "ingen",
        "noen",
        "også",
        "bare",
        "etter",
        "før",
    ]
)

_ALL = re.compile(
    r"\b(?:begge|begge\s+to|barna|barna\s+våre|alle\s+barna|alle\s+(?:to|tre|fire|fem|2|3|4|5)|alle\s+sammen|alle\s+våre|"
    r"all\s+(?:two|three|of\s+them)|de\s+to|dei\s+to|søsknene|syskena|tvillingene|tvillingane|tvillingan|tvillinger|"
    r"twins|guttene|jentene)\b"
)
_COUNT_WORD = re.compile(r"\b(?:begge|begge\s+to|alle\s+(?P<n>to|tre|fire|fem|2|3|4|5)|de\s+to|dei\s+to)\b")
_BOY = re.compile(r"\b(?:gutten|guttungen|gutt|sønnen|sønn|sønnen\s+min|sønnen\s+vår|min\s+sønn|boy)\b")
_GIRL = re.compile(r"\b(?:jenta|jentungen|jente|dattera|datter|dattera\s+mi|mi\s+datter|min\s+datter|girl)\b")
_BOYS = re.compile(r"\bguttene\b")
_GIRLS = re.compile(r"\bjentene\b")
_YOUNGEST = re.compile(
    r"\b(?:minste|yngste|minstemann|minstejenta|minstegutten|den\s+lille|lillebror|lillesøster|lillesøsteren|lillebroren|younger|little\s+one)\b"
)
_OLDEST = re.compile(r"\b(?:eldste|største|storebror|storesøster|storebroren|storesøsteren|den\s+store|older)\b")
_MIDDLE = re.compile(r"\b(?:mellomste|midterste|middle|mellombarnet)\b")
_SIBLING_ROLE = re.compile(r"\b(?P<which>lille|store)(?P<sex>bror|søster)\w*\b")
_HE = re.compile(r"\bhan\b")
_SHE = re.compile(r"\bhun\b")
_COUNTS = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "2": 2, "3": 3, "4": 4, "5": 5}


def _name_keys(child: Child) -> set[str]:
    """The lower-case forms a parent may use for a child's given name."""
    full = child.given_name.strip().lower()
    keys = {full, full.replace("-", " ")}
    parts = re.split(r"[\s-]+", full)
    if parts and parts[0]:
        keys.add(parts[0])
    keys.update(p for p in parts if len(p) >= 3)
    return {k for k in keys if k}


_VERB_AFTER_NAME = re.compile(
    r"\s+(?:er|e|har|blir|bli|kommer|kjem|skal|kan|var|må|går|fikk|ble|og|is|has|will|was|sin|si|sitt|sine)\b",
    re.IGNORECASE,
)


def _tokens(body: str) -> list[tuple[str, bool, int]]:
    """(lower-case token, reads as a capitalised name, offset) for each word of the body.

    A capital counts inside a sentence, and at its start when a verb follows ("Per er syk").
    """
    out: list[tuple[str, bool, int]] = []
    for m in _TOKEN.finditer(body):
        word = m.group(0)
        mid_sentence = not _SENTENCE_START.search(body[: m.start()])
        named = word[:1].isupper() and (mid_sentence or bool(_VERB_AFTER_NAME.match(body, m.end())))
        out.append((word.lower(), named, m.start()))
    return out


# "Filip er syk, ikke Henrik": a name right after a clause-initial negation is left out.
_NEGATION_BEFORE = re.compile(
    r"(?:^|[,.;:!?]\s*|\bmen\s+|\bog\s+|\bbut\s+)(?:ikke|ikkje|not|unntatt|except)\s+$", re.IGNORECASE
)


def _negated(body: str, offset: int) -> bool:
    """True for a name in "..., ikke Henrik" / "men ikke Henrik" / "but not Henrik"."""
    return bool(_NEGATION_BEFORE.search(body[max(0, offset - 20) : offset]))


def _in_day_phrase(body: str, offset: int) -> bool:
    """'dag' in 'i dag' / 'hele dagen' is a day, not the boy Dag."""
    return bool(re.search(r"\b(?:i|hele|en|neste|samme|god|fin|hver)\s+$", body[max(0, offset - 8) : offset].lower()))


def _matches(token: str, key: str) -> bool:
    return token == key or token in {key + "s", key + "'s", key + "'"}


def _reads_as_name(word: str, capital: bool, body: str, offset: int) -> bool:
    """A name that is also a common word counts only capitalised; "dag" in "i dag" is no name."""
    if word in _COMMON_WORDS and not capital:
        return False
    return not (word == "dag" and _in_day_phrase(body, offset))


def _names_child(
    child: Child, tokens: list[tuple[str, bool, int]], joined: str, body: str, skip: frozenset[str]
) -> bool:
    """True when the body names this child by one of its name keys (not negated, not skipped)."""
    for key in _name_keys(child):
        if " " in key:
            if re.search(rf"\b{re.escape(key)}\b", joined):
                return True
            continue
        if any(
            _matches(token, key)
            and token not in skip
            and not _negated(body, offset)
            and _reads_as_name(key, capital, body, offset)
            for token, capital, offset in tokens
        ):
            return True
    return False


def _names_other(
    tokens: list[tuple[str, bool, int]],
    body: str,
    own_keys: set[str],
    school_first_names: frozenset[str],
    skip: frozenset[str],
) -> bool:
    """True when the body names a pupil of the school who is not one of the sender's children."""
    for token, capital, offset in tokens:
        if token in skip or any(_matches(token, k) for k in own_keys) or _negated(body, offset):
            continue
        base = token[:-1] if token.endswith("s") and token[:-1] in school_first_names else token
        if base in school_first_names and _reads_as_name(base, capital, body, offset):
            return True
    return False


def _named(
    body: str, children: Sequence[Child], school_first_names: frozenset[str], skip: frozenset[str]
) -> tuple[list[Child], bool]:
    """Own children named in the body, and whether another family's child is named instead."""
    tokens = _tokens(body)
    joined = " ".join(t for t, _, _ in tokens)
    own = [child for child in children if _names_child(child, tokens, joined, body, skip)]
    if not own:
        own = _fuzzy(tokens, children, school_first_names, skip)
    own_keys = {k for c in children for k in _name_keys(c)}
    return own, _names_other(tokens, body, own_keys, school_first_names, skip)


def _fuzzy(
    tokens: list[tuple[str, bool, int]],
    children: Sequence[Child],
    school_first_names: frozenset[str],
    skip: frozenset[str],
) -> list[Child]:
    """Own children whose name is one typo away from a word that is no other name or common word."""
    found: list[Child] = []
    for child in children:
        key = child.given_name.strip().lower().split()[0] if child.given_name.strip() else ""
        if len(key) < 4:
            continue
        for token, _, _ in tokens:
            if len(token) < 4 or token in school_first_names or token in _VOCAB or token in skip:
                continue
            if token in _COMMON_WORDS:
                continue
            if damerau_levenshtein(token, key, 1) <= 1:
                found.append(child)
                break
    return found


def _extreme(children: Sequence[Child], oldest: bool) -> Child | None:
    """The single oldest (or youngest) child by birth date, by grade when a birth date is missing; None on a tie."""
    if not children:
        return None
    if all(c.birth_date for c in children):
        ages = [-(c.birth_date or date.min).toordinal() for c in children]
    else:
        ages = [c.grade for c in children]
    best = max(ages) if oldest else min(ages)
    winners = [c for c, age in zip(children, ages, strict=True) if age == best]
    return winners[0] if len(winners) == 1 else None


def _of_sex(children: Sequence[Child], sex: str) -> list[Child]:
    return [c for c in children if c.sex == sex]


_N_EXTREME = re.compile(
    r"\b(?:de|dei|the)\s+(?P<n>to|tre|2|3|two|three)\s+(?P<which>minste|yngste|eldste|største|youngest|oldest)\b"
)


def _n_extreme(text: str, children: Sequence[Child]) -> list[Child] | None:
    """'de to minste' / 'de to eldste': the n youngest or oldest, None when age cannot tell."""
    m = _N_EXTREME.search(text)
    if not m:
        return None
    n = {"to": 2, "2": 2, "two": 2, "tre": 3, "3": 3, "three": 3}[m.group("n")]
    oldest = m.group("which") in {"eldste", "største", "oldest"}
    ages: list[object]  # birth dates, or grades when some birth date is missing
    if all(c.birth_date for c in children):
        ranked = sorted(children, key=lambda c: c.birth_date or date.min, reverse=not oldest)
        ages = [c.birth_date for c in ranked]
    else:
        ranked = sorted(children, key=lambda c: c.grade, reverse=oldest)
        ages = [c.grade for c in ranked]
    if n > len(ranked) or (n < len(ranked) and ages[n - 1] == ages[n]):
        return None  # not enough children, or a tie at the cut
    return list(ranked[:n])


def _middle(children: Sequence[Child]) -> Child | None:
    """The middle child of three (or any odd number), by birth date or grade; None on a tie or an even count."""
    if len(children) < 3 or len(children) % 2 == 0:
        return None
    if all(c.birth_date for c in children):
        keyed = sorted(((c.birth_date or date.min).toordinal(), i) for i, c in enumerate(children))
    else:
        keyed = sorted((c.grade, i) for i, c in enumerate(children))
    mid = len(keyed) // 2
    if keyed[mid][0] in (keyed[mid - 1][0], keyed[mid + 1][0]):
        return None
    return children[keyed[mid][1]]


def _age_and_sex(text: str, children: Sequence[Child]) -> tuple[list[Child], bool] | None:
    """ "eldste jenta", "den minste gutten": an age word narrowed by a sex word; None when not both are there."""
    if _SIBLING_ROLE.search(text) or _ALL.search(text):
        return None
    young, old = bool(_YOUNGEST.search(text)), bool(_OLDEST.search(text))
    boy, girl = bool(_BOY.search(text)), bool(_GIRL.search(text))
    if young == old or boy == girl:
        return None
    child = _extreme(_of_sex(children, "male" if boy else "female"), oldest=old)
    return ([child], False) if child else ([], True)


_Picked = tuple[list[Child], bool]  # the children some words pick out, and whether a word was ambiguous


def _all_word(text: str, children: Sequence[Child]) -> _Picked:
    """ "begge", "alle tre", "guttene": every child (or every boy or girl); ambiguous when the count does not fit."""
    if not _ALL.search(text):
        return [], False
    count = _COUNT_WORD.search(text)
    n = _COUNTS.get(count.group("n") or "", 2) if count else None
    if count and count.group(0).startswith(("begge", "de ", "dei ")):
        n = 2
    if _BOYS.search(text):
        return _of_sex(children, "male"), False
    if _GIRLS.search(text):
        return _of_sex(children, "female"), False
    if n is None or n == len(children) or len(children) == 1:
        return list(children), False
    return [], True


def _sibling_roles(text: str, children: Sequence[Child]) -> _Picked:
    """ "lillebror", "storesøster": the youngest or oldest of that sex (of all when none has it)."""
    picked: list[Child] = []
    ambiguous = False
    for m in _SIBLING_ROLE.finditer(text):
        sex = "male" if m.group("sex") == "bror" else "female"
        pool = _of_sex(children, sex) or list(children)
        child = _extreme(pool, oldest=m.group("which") == "store")
        if child:
            picked.append(child)
        else:
            ambiguous = True
    return picked, ambiguous


def _age_words(text: str, children: Sequence[Child]) -> _Picked:
    """ "den minste", "eldste": the youngest or oldest child, unless a sibling word already said who."""
    picked: list[Child] = []
    ambiguous = False
    if _SIBLING_ROLE.search(text):
        return picked, ambiguous
    for pattern, oldest in ((_YOUNGEST, False), (_OLDEST, True)):
        if pattern.search(text):
            child = _extreme(children, oldest)
            if child:
                picked.append(child)
            else:
                ambiguous = True
    return picked, ambiguous


def _middle_word(text: str, children: Sequence[Child]) -> _Picked:
    """ "mellomste": the middle child, when there is one."""
    if not _MIDDLE.search(text):
        return [], False
    middle = _middle(children)
    return ([middle], False) if middle else ([], True)


def _sex_words(text: str, children: Sequence[Child]) -> _Picked:
    """ "gutten", "jenta": the one boy or the one girl."""
    picked: list[Child] = []
    ambiguous = False
    for pattern, sex in ((_BOY, "male"), (_GIRL, "female")):
        if pattern.search(text):
            pool = _of_sex(children, sex)
            if len(pool) == 1:
                picked.append(pool[0])
            else:
                ambiguous = True
    return picked, ambiguous


# "den ene av ungene", "ein av ungane mine", "one of my kids", "one of the boys", "en av dem": one child of a
# group is not the whole group; which one is unknown unless other words say it ("..., den eldste").
_ONE_OF = re.compile(
    r"\b(?:ene|eine|en|ein|ei|ett|eitt|one)\s+(?:av|of|blant|among)\s+(?:"
    r"(?:(?:de|dei|the|my|our|mine|våre|disse|desse|these|those)\s+)?(?:(?:to|tre|fire|two|three|four|2|3|4)\s+)?"
    r"(?:barna|ungene|ungane|borna|guttene|gutane|jentene|jentane|tvillingene|tvillingane|tvillingan|tvillinger|twins|"
    r"boys|girls|kids|children|søsknene|syskena|søsken|sysken)|"
    r"(?:de|dei|the)\s+(?:to|tre|fire|two|three|four|2|3|4)(?!\s+(?:\w+\s+)?(?:dag|dager|dagene|days?|uker?|weeks?))|"
    r"(?:dem|dei|de|them)(?!\s+(?:som|who|that)\b))\b"
)


def _roles(text: str, children: Sequence[Child]) -> _Picked:
    """Children picked out by group or role words, and whether some such word was ambiguous.

    "Den ene av ungene" / "one of my kids" picks none of the group: ambiguous unless other words pick a child.
    """
    one_of = _ONE_OF.search(text)
    if one_of:
        rest = text[: one_of.start()] + " " * (one_of.end() - one_of.start()) + text[one_of.end() :]
        said, unsure = _roles(rest, children)
        return (said, False) if said and not unsure else ([], True)
    several = _n_extreme(text, children)
    if several is not None:
        return several, False
    qualified = _age_and_sex(text, children)
    if qualified is not None:
        return qualified
    picked: list[Child] = []
    ambiguous = False
    for words in (_all_word, _sibling_roles, _age_words, _middle_word, _sex_words):
        found, unsure = words(text, children)
        picked += found
        ambiguous = ambiguous or unsure
    return picked, ambiguous


def _pronoun(text: str, children: Sequence[Child]) -> Child | None:
    """'han'/'hun' points at a child only when exactly one child has that sex."""
    he, she = bool(_HE.search(text)), bool(_SHE.search(text))
    if he == she:
        return None
    pool = _of_sex(children, "male" if he else "female")
    return pool[0] if len(pool) == 1 else None


def _in_order(children: Sequence[Child], picked: Sequence[Child]) -> tuple[str, ...]:
    ids = {c.sourced_id for c in picked}
    return tuple(c.sourced_id for c in children if c.sourced_id in ids)


_SIBLING_OF = re.compile(
    r"\b(?P<name>[^\W\d_][\w-]*?)(?:s|'s|\s+sin|\s+si|\s+sitt)\s+(?P<rel>storebror|lillebror|bror|storesøster|lillesøster|søster|brother|sister)\b",
    re.IGNORECASE,
)


def _sibling_of(body: str, children: Sequence[Child], own: list[Child]) -> tuple[bool, tuple[str, ...] | None]:
    """ "Emmas bror er syk" is about Emma's brother: (phrase found, the sibling or None when unclear)."""
    m = _SIBLING_OF.search(body)
    if not m:
        return False, None
    named = [c for c in own if m.group("name").lower() in _name_keys(c)]
    if not named:
        return False, None
    sex = "male" if m.group("rel").lower() in {"storebror", "lillebror", "bror", "brother"} else "female"
    others = [c for c in children if c not in named and c.sex in (sex, None)]
    return True, ((others[0].sourced_id,) if len(others) == 1 else None)


def child_mentions(body: str, children: Sequence[Child]) -> list[tuple[int, int, frozenset[str]]]:
    """Where own children are named in original-case text: (start, end, their sourcedIds), in reading order.

    "begge", "barna", "alle tre" stand for every child. Only exact names count here (no typos):
    the places are used to split a message into one clause per child.
    """
    found: list[tuple[int, int, frozenset[str]]] = []
    for m in _TOKEN.finditer(body):
        word = m.group(0)
        token = word.lower()
        mid_sentence = not _SENTENCE_START.search(body[: m.start()])
        capital = word[:1].isupper() and (mid_sentence or bool(_VERB_AFTER_NAME.match(body, m.end())))
        ids = frozenset(
            c.sourced_id
            for c in children
            if any(_matches(token, key) and _reads_as_name(key, capital, body, m.start()) for key in _name_keys(c))
            and not _negated(body, m.start())
        )
        if ids:
            found.append((m.start(), m.end(), ids))
    everyone = frozenset(c.sourced_id for c in children)
    for m in _ALL.finditer(body.lower()):
        if not any(a < m.end() and m.start() < b for a, b, _ in found):
            found.append((m.start(), m.end(), everyone))
    return sorted(found)


_NAME_STOP = frozenset(
    [
        "jeg",
        "eg",
        "vi",
        "me",
        "du",
        "han",
        "hun",
        "ho",
        "hen",
        "de",
        "dei",
        "den",
        "det",
        "dette",
        "denne",
        "disse",
        "i",
        "we",
        "he",
        "she",
        "it",
        "they",
        "you",
        "this",
        "that",
        "there",
        "my",
        "our",
        "min",
        "mi",
        "mitt",
        "vår",
        "hei",
        "takk",
        "ok",
        "okei",
        "ja",
        "nei",
        "jo",
        "god",
        "hilsen",
        "mvh",
        "mamma",
        "pappa",
        "mor",
        "far",
        "mum",
        "mom",
        "dad",
        "barnet",
        "ungen",
        "ungene",
        "eleven",
        "sønnen",
        "dattera",
        "datteren",
        "gutten",
        "jenta",
        "begge",
        "barna",
        "alle",
        "både",
        "men",
        "og",
        "så",
        "da",
        "nå",
        "no",
        "kan",
        "skal",
        "vil",
        "er",
        "har",
        "i",
        "today",
        "tomorrow",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "school",
        "skolen",
        "mandag",
        "tirsdag",
        "onsdag",
        "torsdag",
        "fredag",
        "måndag",
        "tysdag",
        "hva",
        "kva",
        "når",
        "hvem",
        "kven",
        "what",
        "when",
        "who",
        "is",
        "ukeplan",
        "vekeplan",
        "fravær",
        "fråvær",
        "lærer",
        "læreren",
        "sfo",
        "aks",
        "teams",
        "sms",
        "klassen",
        "alle",
        "noen",
        "ingen",
        "familien",
        "tannlegen",
        "legen",
        "bussen",
    ]
)


def stranger_name(
    body: str, children: Sequence[Child], school_first_names: frozenset[str] = frozenset(), *, skip: str = ""
) -> str | None:
    """A given name in the body that is none of the sender's children, as written ("Sofie"), else None.

    Either a pupil of the school who is not theirs, or a capitalised word in a name's place
    ("Kristoffer er syk"). The answer is the same for both: whether another family's child
    exists must never show in what the bot says.
    """
    names = frozenset(n.strip().lower() for n in school_first_names if n.strip())
    own_keys = {k for c in children for k in _name_keys(c)}
    for word, capital, offset in _tokens(body):
        if word == skip or any(_matches(word, k) for k in own_keys) or _negated(body, offset):
            continue
        base = word[:-1] if word.endswith("s") and word[:-1] in names else word
        written = body[offset : offset + len(word)]
        if base in names and _reads_as_name(base, capital, body, offset):
            return written[: len(base)].capitalize()
        if (
            capital
            and written[1:].islower()
            and len(word) >= 3
            and word not in _NAME_STOP
            and word not in _VOCAB
            and word not in _COMMON_WORDS
            and _VERB_AFTER_NAME.match(body, offset + len(word))
            and not _is_role_word(word, children)
        ):
            return written
    return None


def _is_role_word(word: str, children: Sequence[Child]) -> bool:
    """A capitalised group or role word in any spelling ("Gutan", "Gutta", "Ungan", "Dæm"), not a stranger's name."""
    text = canonical(word)
    if text in _PLURAL_PRONOUNS:
        return True
    picked, ambiguous = _roles(text, children)
    return bool(picked) or ambiguous or bool(_ALL.search(text))


# Plural subject pronouns, bokmål, nynorsk, dialect and English: "dæm e sjuk", "dei kjem ikkje", "they're off".
_PLURAL_PRONOUNS = frozenset({"de", "dei", "dæm", "dem", "dom", "døm", "demm", "di", "they"})
_PLURAL_SUBJECT = re.compile(
    r"(?:^|[,.;:!?]\s*|\b(?:og|men|så|but|so)\s+)(?:de|dei|dæm|dem|dom|døm|demm|they)(?:'re|'ll|\s+(?:er|e|æ|blir|bli|ble|"
    r"vart|har|ha|kommer|skal|må|kan|is|are|will|have|were|was|vil|ligger|ligg))\b"
)


def _plural_subject(text: str, children: Sequence[Child]) -> tuple[str, ...] | None:
    """ "dæm bli hjæmme", "they are both ill": every child of a two-child family; None (ask) for more, () for none."""
    if not _PLURAL_SUBJECT.search(text):
        return ()
    return _in_order(children, children) if len(children) == 2 else None


# A child asked to help another ("Kan Nora ta med arkene hans hjem?", "Could Emma bring his homework home?"):
# the helper is not away. The clause must point at someone else's things ("hans", "his", "til Liam").
_HELPER = re.compile(
    r"\b(?:kan|kunne|kann|could|can|may|vil|will)\s+(?P<name>[^\W\d_][\w-]*)\s+"
    r"(?:ta\s+med|ta|tek|hente|henta|levere|bringe|bring|take|pick\s+up|collect|fetch|carry|følge|passe\s+på)\b"
    r"(?!\s+(?:fri|off|the\s+day|a\s+day|day|days|time|permisjon|leave)\b)"
    r"[^.?!\n]*?\b(?:hans|hennes|hass|hennar|his|her|their|deira|deres|til\s+\w+|for\s+\w+|[^\W\d_]+'s)\b[^.?!\n]*|"
    r"\b(?P<subject>[^\W\d_][\w-]*)\s+(?:tar|tek|henter|hentar|leverer|leverar|brings|takes|collects|picks\s+up|"
    r"will\s+bring|will\s+take|will\s+collect)\b(?!\s+(?:fri|off|the\s+day|a\s+day|day|days|time|permisjon|leave)\b)"
    r"\s+(?:med\s+)?(?:seg\s+)?[^.?!\n]*?"
    r"\b(?:hans|hennes|hass|hennar|his|her|their|til\s+\w+|for\s+\w+)\b[^.?!\n]*",
    re.IGNORECASE,
)


def _without_helpers(body: str) -> str:
    """The body with the name of each child who is only asked to help another blanked."""
    chars = list(body)
    for m in _HELPER.finditer(body):
        group = "name" if m.group("name") else "subject"
        chars[m.start(group) : m.end(group)] = " " * (m.end(group) - m.start(group))
    return "".join(chars)


def named_children(
    body: str, children: Sequence[Child], school_first_names: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    """Own children named (not merely implied) in a piece of original-case text, in roster order."""
    names = frozenset(n.strip().lower() for n in school_first_names if n.strip())
    own, _ = _named(body, children, names, frozenset())
    return _in_order(children, own)


def names_another_pupil(body: str, children: Sequence[Child], school_first_names: frozenset[str] = frozenset()) -> bool:
    """Whether original-case text names a pupil of the school who is none of the sender's children."""
    names = frozenset(n.strip().lower() for n in school_first_names if n.strip())
    return _named(body, children, names, frozenset())[1]


def subject_children(
    body: str, text: str, children: Sequence[Child], school_first_names: frozenset[str] = frozenset()
) -> tuple[frozenset[str], bool]:
    """Who a clause is about: own children by name or role word, and whether it has such a subject at all.

    `body` is the clause as written, `text` its canonical form. The flag is True when a name or a
    role word ("storesøster", "gutten") is present even if it fits none of the sender's children.
    """
    names = frozenset(n.strip().lower() for n in school_first_names if n.strip())
    own, other = _named(body, children, names, frozenset())
    picked, ambiguous = _roles(text, children)
    ids = frozenset(c.sourced_id for c in (*own, *picked))
    return ids, bool(ids) or other or ambiguous


def resolve_from_parts(
    body: str, signature: str, addressee: str, text: str, children: Sequence[Child], school_first_names: frozenset[str]
) -> tuple[str, ...] | None:
    """Resolve children from an already split message (see `resolve_children`)."""
    if not children:
        return ()
    names = frozenset(n.strip().lower() for n in school_first_names if n.strip())
    skip = frozenset({addressee}) if addressee else frozenset()
    own, other = _named(body, children, names, skip)
    if len(own) > 1:
        away, _ = _named(_without_helpers(body), children, names, skip)
        if away and len(away) < len(own):
            own = away  # "Liam blir hjemme. Kan Nora ta med arkene hans hjem?": Nora only helps
    found, sibling = _sibling_of(body, children, own)
    if found:
        return sibling
    if own:
        return _in_order(children, own)
    signed, _ = _named(signature, children, frozenset(), frozenset())
    if other or stranger_name(body, children, frozenset(), skip=addressee):
        return ()
    picked, ambiguous = _roles(text, children)
    if picked and not ambiguous:
        return _in_order(children, picked)
    if signed:
        return _in_order(children, signed)
    if ambiguous:
        # "en av ungene" from a parent with one child here: another child of theirs may be meant, so ask.
        return None if len(children) > 1 or _ONE_OF.search(text) else _in_order(children, children)
    if len(children) == 1:
        return (children[0].sourced_id,)
    pronoun = _pronoun(text, children)
    if pronoun:
        return (pronoun.sourced_id,)
    plural = _plural_subject(text, children)
    if plural:
        return plural
    return None


def resolve_children(
    text: str, children: Sequence[Child], school_first_names: frozenset[str] = frozenset()
) -> tuple[str, ...] | None:
    """Which own children a text is about, as sourcedIds in `children` order.

    Returns () when the text names another family's child (or the sender has no children),
    and None when it cannot tell which of several children is meant (the dialog must ask).
    """
    msg = split_message(text)
    return resolve_from_parts(msg.body, msg.signature, msg.addressee, msg.text, children, school_first_names)
