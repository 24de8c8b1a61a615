"""Typo-tolerant spelling correction for the few words that carry a message's meaning.

Guardians write fast on phones: "imorgo", "i mårrå", "fæbr", "hodepinne", "tannlegn". Listing
every variant cannot keep up, so the words that decide intent, day or reason are matched by
edit distance after a light phonetic folding (æ -> e, å -> o, doubled letters once), the way
a Norwegian reader hears them. Only lower-case canonical text goes in and out.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "KEY_WORDS",
    "correct_key_words",
    "correct_relative_days",
    "damerau_levenshtein",
    "fold",
]


def damerau_levenshtein(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment edit distance, cut off early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


_FOLD_LETTERS: dict[str, str | int | None] = {"æ": "e", "ä": "e", "å": "o", "ö": "o", "é": "e", "è": "e", "ò": "o"}


def fold(word: str) -> str:
    """A phonetic key: æ/ä -> e, å/ö -> o, ø kept, doubled letters written once."""
    word = word.translate(str.maketrans(_FOLD_LETTERS))
    return re.sub(r"(.)\1+", r"\1", word)


def _near(word: str, targets: frozenset[str], limit: int = 1) -> bool:
    """True when the folded word is within `limit` edits of some folded target."""
    key = fold(word)
    return any(damerau_levenshtein(key, t, limit) <= limit for t in targets)


# --- relative days: "i morgen" and "i overmorgen" in all their spellings -------------------

# Folded forms of "morgen" that parents write after "i" (bokmål, nynorsk, dialects).
_MORGEN_FORMS = frozenset({"morgen", "morgon", "morgo", "mora", "moro", "morn", "moran", "morgn"})
# Words after "i" that look like "morgen" but mean something else ("i morges" = this morning).
_NOT_MORGEN = frozenset({"morges", "morgest", "morest", "mores", "mot", "mors", "mon", "mor", "mål", "mole"})
_RELATIVE_DAY = re.compile(r"\b(?P<over>over\s*i\s*|i\s*over\s*i?\s*)?(?(over)|i\s*)(?P<w>m[oå][a-zæøå]{1,7})\b")


def _relative_day(match: re.Match[str]) -> str:
    word = match.group("w")
    if word in _NOT_MORGEN or fold(word) in _NOT_MORGEN or not _near(word, _MORGEN_FORMS):
        return match.group(0)
    return "i overmorgen" if match.group("over") else "i morgen"


def correct_relative_days(text: str) -> str:
    """'imorgo', 'i mårrå', 'imorgne', 'i overmorgo', 'overimorgen' -> 'i morgen' / 'i overmorgen'."""
    return _RELATIVE_DAY.sub(_relative_day, text)


# --- key content words ---------------------------------------------------------------------

# Words whose misspelling would lose the meaning of a message, each with the canonical form.
KEY_WORDS: dict[str, str] = {
    "feber": "feber",
    "hodepine": "hodepine",
    "forkjølet": "forkjølet",
    "omgangssyke": "omgangssyke",
    "influensa": "influensa",
    "oppkast": "oppkast",
    "halsbetennelse": "halsbetennelse",
    "ørebetennelse": "ørebetennelse",
    "tannlege": "tannlege",
    "tannlegen": "tannlegen",
    "legetime": "legetime",
    "begravelse": "begravelse",
    "bryllup": "bryllup",
    "permisjon": "permisjon",
    "ukeplan": "ukeplan",
    "ukeplanen": "ukeplan",
}
# Real words one edit away from a key word.
_PROTECTED = frozenset({"fiber", "feier", "leber", "febe", "tannleger"})
_FOLDED_KEYS: dict[str, str] = {fold(k): v for k, v in KEY_WORDS.items()}
_WORD = re.compile(r"[a-zæøåäöéèò]{4,}")


def _key_word(match: re.Match[str]) -> str:
    return _corrected(match.group(0))


@lru_cache(maxsize=4096)
def _corrected(word: str) -> str:
    """One word's canonical key word, or the word itself (cached: the same words come again and again)."""
    if word in KEY_WORDS or word in _PROTECTED:
        return word
    key = fold(word)
    if key in _FOLDED_KEYS:
        return _FOLDED_KEYS[key]
    for folded, canonical_word in _FOLDED_KEYS.items():
        # Short words tolerate one edit; long compounds ("halsbetennelse") tolerate two.
        limit = 2 if len(folded) >= 10 else 1
        if abs(len(folded) - len(key)) <= limit and damerau_levenshtein(key, folded, limit) <= limit:
            return canonical_word
    return word


def correct_key_words(text: str) -> str:
    """Misspelt key words ('fæbr', 'feeber', 'hodepinne', 'tannlegn') -> their canonical spelling."""
    return _WORD.sub(_key_word, text)
