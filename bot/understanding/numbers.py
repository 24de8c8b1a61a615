"""Small Norwegian (bokmål, nynorsk) and English number words used by the clock and date grammars."""

from __future__ import annotations

NUMBER_WORDS: dict[str, int] = {
    "en": 1,
    "ein": 1,
    "ett": 1,
    "eitt": 1,
    "ei": 1,
    "én": 1,
    "one": 1,
    "to": 2,
    "two": 2,
    "tre": 3,
    "three": 3,
    "fire": 4,
    "four": 4,
    "fem": 5,
    "five": 5,
    "seks": 6,
    "six": 6,
    "sju": 7,
    "syv": 7,
    "seven": 7,
    "åtte": 8,
    "eight": 8,
    "ni": 9,
    "nine": 9,
    "ti": 10,
    "ten": 10,
    "elleve": 11,
    "eleven": 11,
    "tolv": 12,
    "twelve": 12,
    "tretten": 13,
    "fjorten": 14,
    "femten": 15,
    "tjue": 20,
    "tyve": 20,
    "twenty": 20,
}

# Alternation (longest first) for use inside regular expressions.
NUMBER_WORD_RE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))


def number_value(token: str) -> int | None:
    """The integer a digit string or number word stands for, else None."""
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)
