"""Guess a person's language from what they write, for people who have not chosen one."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zæøåé]+")
_NYNORSK = frozenset(
    [
        "eg",
        "ikkje",
        "kva",
        "korleis",
        "kvifor",
        "sjuk",
        "heime",
        "noko",
        "nokon",
        "veke",
        "dei",
        "ho",
        "kjem",
        "frå",
        "vere",
        "berre",
        "mykje",
        "morgon",
    ]
)
_BOKMAL = frozenset(
    [
        "jeg",
        "ikke",
        "hva",
        "hvordan",
        "hvorfor",
        "syk",
        "hjemme",
        "noe",
        "noen",
        "uke",
        "de",
        "hun",
        "kommer",
        "fra",
        "være",
        "bare",
        "mye",
        "morgen",
        "er",
    ]
)
# Not "i": it is also the Norwegian "in" ("i morgen", "i 5B").
_ENGLISH = frozenset(
    [
        "is",
        "the",
        "sick",
        "today",
        "tomorrow",
        "he",
        "she",
        "not",
        "will",
        "be",
        "my",
        "son",
        "daughter",
        "hello",
        "hi",
        "please",
        "thanks",
        "school",
        "week",
        "plan",
        "homework",
        "can",
    ]
)
_CHOOSE = {
    "nynorsk": "nn",
    "bokmål": "nb",
    "bokmal": "nb",
    "norsk": "nb",
    "english": "en",
    "engelsk": "en",
}


def guess_language(text: str | None) -> str | None:
    """'nb', 'nn' or 'en' when the words clearly point one way, else None."""
    words = _WORD.findall((text or "").lower())
    if not words:
        return None
    scores = {
        "nn": sum(w in _NYNORSK for w in words),
        "nb": sum(w in _BOKMAL for w in words),
        "en": sum(w in _ENGLISH for w in words),
    }
    best = max(scores, key=lambda k: scores[k])
    ranked = sorted(scores.values(), reverse=True)
    return best if ranked[0] >= 2 and ranked[0] > ranked[1] else None


def chosen_language(text: str | None) -> str | None:
    """'språk nynorsk', 'language english' and the like: the language asked for, else None."""
    words = _WORD.findall((text or "").lower())
    if len(words) == 2 and words[0] in ("språk", "sprak", "mål", "language"):
        return _CHOOSE.get(words[1])
    return None
