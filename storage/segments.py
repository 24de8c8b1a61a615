"""SMS segment arithmetic: which encoding a text needs and how many parts it costs.

Pure functions only. The GSM-7 tables follow 3GPP TS 23.038 (GSM 03.38), default
alphabet without national language shift tables, which is what Twilio assumes too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Encoding = Literal["GSM-7", "UCS-2"]

# GSM 03.38 default alphabet (one septet each), in table order 0x00..0x7F.
# 0x1B (ESC) is left out: it only introduces the extension table.
# 0x09 is capital C with cedilla ("Ç") in the ETSI table; lowercase "ç" is NOT in
# the table and therefore forces UCS-2 (Twilio's segment calculator agrees).
_GSM_BASIC: frozenset[str] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)

# Extension table: each costs an ESC septet plus one, so two septets.
_GSM_EXTENDED: frozenset[str] = frozenset("\f^{}\\[~]|€")

GSM_SINGLE = 160
GSM_MULTI = 153
UCS2_SINGLE = 70
UCS2_MULTI = 67

# Typographic characters the bot's own texts may contain, mapped to GSM-7 look-alikes.
# Keys are all outside GSM-7, so GSM-7 text is never changed by to_gsm_safe.
_GSM_SAFE_MAP: dict[int, str | None] = {  # str.translate: None drops the character
    ord("\u2018"): "'",  # ‘
    ord("\u2019"): "'",  # ’
    ord("\u201a"): "'",  # ‚
    ord("\u201b"): "'",  # ‛
    ord("\u2032"): "'",  # ′
    ord("\u00b4"): "'",  # ´
    ord("`"): "'",
    ord("\u201c"): '"',  # “
    ord("\u201d"): '"',  # ”
    ord("\u201e"): '"',  # „
    ord("\u201f"): '"',  # ‟
    ord("\u2033"): '"',  # ″
    ord("\u00ab"): '"',  # «
    ord("\u00bb"): '"',  # »
    ord("\u2039"): "'",  # ‹
    ord("\u203a"): "'",  # ›
    ord("\u2010"): "-",  # ‐ hyphen
    ord("\u2011"): "-",  # ‑ non-breaking hyphen
    ord("\u2012"): "-",  # ‒ figure dash
    ord("\u2013"): "-",  # – en dash
    ord("\u2014"): "-",  # — em dash
    ord("\u2015"): "-",  # ― horizontal bar
    ord("\u2212"): "-",  # − minus sign
    ord("\u2026"): "...",  # …
    ord("\u2022"): "-",  # • bullet
    ord("\u2023"): "-",  # ‣
    ord("\u25cf"): "-",  # ●
    ord("\u00b7"): "-",  # · middle dot (used as a bullet)
    ord("\u00a0"): " ",  # no-break space
    ord("\u2007"): " ",  # figure space
    ord("\u2009"): " ",  # thin space
    ord("\u202f"): " ",  # narrow no-break space (Norwegian thousands separator)
    ord("\t"): " ",
    ord("\u00ad"): None,  # soft hyphen: invisible, drop it
    ord("\u200b"): None,  # zero-width space
    ord("\u2060"): None,  # word joiner
    ord("\ufeff"): None,  # BOM / zero-width no-break space
}


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """How a text travels as SMS: encoding, size in units, parts and units per part."""

    encoding: Encoding
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int
    per_segment: int


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM-7 default or extension table."""
    return all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text)


def _unit_sizes(text: str, encoding: Encoding) -> list[int]:
    """Per-character cost in units; a character is never split across segments."""
    if encoding == "GSM-7":
        return [2 if ch in _GSM_EXTENDED else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def _pack(sizes: list[int], per_segment: int) -> int:
    """Segments needed when each character (1 or 2 units) must sit inside one segment."""
    segments, used = 1, 0
    for size in sizes:
        if used + size > per_segment:
            segments += 1
            used = 0
        used += size
    return segments


def count_segments(text: str) -> SegmentInfo:
    """Count encoding, units and segments the way the SMS network bills the text.

    An empty text needs no segment at all (segments=0).
    """
    encoding: Encoding = "GSM-7" if is_gsm7(text) else "UCS-2"
    single, multi = (GSM_SINGLE, GSM_MULTI) if encoding == "GSM-7" else (UCS2_SINGLE, UCS2_MULTI)
    sizes = _unit_sizes(text, encoding)
    units = sum(sizes)
    if units == 0:
        return SegmentInfo(encoding, 0, 0, single)
    if units <= single:
        return SegmentInfo(encoding, units, 1, single)
    # Concatenated SMS: the user data header takes room, and an escape pair (GSM-7)
    # or a surrogate pair (UCS-2) must not straddle two segments.
    return SegmentInfo(encoding, units, _pack(sizes, multi), multi)


def to_gsm_safe(text: str) -> str:
    """Replace typographic punctuation and spaces with GSM-7 equivalents.

    Keeps bot-written text in GSM-7 (160 chars per SMS rather than 70). Characters
    already in GSM-7, and characters with no plain equivalent (emoji), are kept.
    """
    return text.translate(_GSM_SAFE_MAP)


def _fits(text: str, max_segments: int) -> bool:
    return count_segments(text).segments <= max_segments


def truncate_to_segments(text: str, max_segments: int, ellipsis: str = "...") -> str:
    """Shorten text on a word boundary so it fits in max_segments, ending with ellipsis.

    Text that already fits is returned unchanged. A single word longer than the
    room is cut mid-word rather than dropped.
    """
    if max_segments < 1:
        raise ValueError("max_segments must be at least 1")
    if _fits(text, max_segments):
        return text
    if not _fits(ellipsis, max_segments):
        raise ValueError("the ellipsis alone does not fit in max_segments")

    # Cost only grows with the prefix length, so binary search the longest prefix
    # that still fits together with the ellipsis.
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if _fits(text[:mid].rstrip() + ellipsis, max_segments):
            low = mid
        else:
            high = mid - 1
    longest = low

    cut = longest
    if longest < len(text) and not text[longest].isspace():
        boundary = max((i for i in range(longest - 1, 0, -1) if text[i].isspace()), default=0)
        if boundary > 0:
            cut = boundary
    head = text[:cut].rstrip(" \t\r\n,;:-")
    if not head:
        head = text[:longest].rstrip()
    result = head + ellipsis
    if not _fits(result, max_segments):  # defensive; the search guarantees this fits
        result = text[:longest].rstrip() + ellipsis
    return result
