"""A teacher registering missing pupils in a sentence instead of "borte: Ola, Nora": "Ola og Nora er ikke
kommet", "Nora mangler i dag", "har ikke sett Emma og Antoni i dag", "Ola is not here today".

Pure: text in, the names as written out (or None). The caller checks that they are pupils' names.
"""

from __future__ import annotations

import re

__all__ = ["read_missing_sentence"]

_WHEN = r""  # time words are taken out first (_TIME_WORDS)
_TIME_WORDS = re.compile(
    r"(?<![\w])(?:i\s*dag|enda|ennå|enno|endå|today|yet|this\s+morning|i\s+morges|i\s+morgon|i\s+timen|"
    r"hittil|so\s+far|fortsatt|fremdeles|framleis|still)(?![\w])",
    re.I,
)
_NAMES = r"(?P<names>[^\W\d_][\w\-]*(?:(?:\s*,\s*|\s+og\s+|\s+and\s+|\s*&\s*|\s+)[^\W\d_][\w\-]*){0,11})"
_AFTER = (
    r"(?:er|e|har)\s+(?:ikke|ikkje|ikkje|ikkje)\s+(?:kommet|komme|komne|kome|møtt(?:\s+opp)?|mødd(?:\s+opp)?|"
    r"dukket\s+opp|dukka\s+opp|her|på\s+skolen|på\s+skulen|til\s+stede|til\s+stades)|"
    r"(?:møtte|mødde)\s+(?:ikke|ikkje)(?:\s+opp)?|mangler|manglar|(?:has|have)\s+not\s+(?:shown|turned)\s+up|"
    r"(?:hasn'?t|haven'?t|didn'?t)\s+(?:show|shown|turn|turned)\s+up|is\s+not\s+(?:here|in)|are\s+not\s+(?:here|in)|isn'?t\s+(?:here|in)|"
    r"aren'?t\s+(?:here|in)|(?:is|are)\s+missing|has\s+not\s+(?:come|arrived)|have\s+not\s+(?:come|arrived)|"
    r"hasn'?t\s+(?:come|arrived)|haven'?t\s+(?:come|arrived)"
)
# "…, ingen har sagt fra", "… uten beskjed", "… and nobody has called": no notice came, said after the names.
_NO_NOTICE = (
    r"(?:\s*[,.;:\-–]?\s*(?:og|men|and|but)?\s*(?:(?:ingen|ingen\s+foreldre|ingen\s+foresatte|nobody|no\s+one|"
    r"ingen\s+av\s+foreldrene)\s+(?:har|hev|has|have)\s+(?:sagt|sagt\s+fra|sagt\s+frå|sagt\s+ifrå|meldt|meldt\s+fra|"
    r"meldt\s+frå|gitt\s+beskjed|gjeve\s+beskjed|gitt\s+melding|ringt|ringa|called|said|told\s+us|reported)"
    r"(?:\s+(?:noe|noko|anything|it))?|(?:uten|utan|without)\s+(?:beskjed|melding|forklaring|notice|explanation)|"
    r"(?:og\s+)?(?:er|is|are)\s+(?:ikke|ikkje|not)\s+(?:meldt|reported)(?:\s+(?:borte|syk|sjuk|absent))?))?"
)
_SENTENCES = (
    re.compile(r"^" + _NAMES + r"\s+(?:" + _AFTER + r")" + _WHEN + _NO_NOTICE + r"\s*[.!]*$", re.I),
    re.compile(
        r"^(?:jeg\s+|eg\s+|vi\s+|i\s+)?(?:har\s+ikke|har\s+ikkje|haven'?t|have\s+not)\s+(?:sett|sett|seen)\s+"
        + _NAMES
        + _WHEN
        + r"\s*[.!]*$",
        re.I,
    ),
)
# Words that start a sentence about something else ("Vi mangler vikar", "Hvem mangler?").
_NOT_NAME_WORDS = (
    "hvem kven who noen nokon ingen alle han hun ho de dei vi jeg eg i you we he she they it den det eleven elevene "
    "elevane klassen hele heile halve mange some many any nobody everyone vikar"
)
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


def read_missing_sentence(text: str | None) -> tuple[str, ...] | None:
    """The names a staff member says are missing today, or None when the text is not such a sentence."""
    raw = " ".join((text or "").strip().split())
    if not raw or len(raw) > 160 or "?" in raw:
        return None
    raw = " ".join(_TIME_WORDS.sub(" ", raw).split())
    for pattern in _SENTENCES:
        m = pattern.match(raw)
        if m:
            names = tuple(n for n in re.split(r"\s*,\s*|\s+og\s+|\s+and\s+|\s*&\s*", m.group("names")) if n)
            words = [w.lower() for n in names for w in n.split()]
            if not names or any(w in _NOT_NAMES for w in words):
                return None
            return names
    return None
