"""What an SMS costs: encoding choice, segment counts, GSM-safe text and truncation."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.segments import count_segments, is_gsm7, to_gsm_safe, truncate_to_segments

GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "\f^{}\\[~]|€"


def test_norwegian_text_with_letters_from_the_table_stays_gsm7() -> None:
    text = "Hei! Husk foreldremøte på tirsdag. Ærlig talt: Øystein og Åse kommer. é É ü Ü ä Ä ö Ö ñ Ñ à Ç"
    info = count_segments(text)
    assert info.encoding == "GSM-7"
    assert info.units == len(text)
    assert info.segments == 1


@pytest.mark.parametrize("char", list(GSM_BASIC))
def test_every_basic_table_character_costs_one_septet(char: str) -> None:
    info = count_segments(char * 10)
    assert (info.encoding, info.units) == ("GSM-7", 10)


@pytest.mark.parametrize("char", list(GSM_EXTENSION))
def test_extension_table_characters_cost_two_septets(char: str) -> None:
    info = count_segments("a" + char)
    assert (info.encoding, info.units) == ("GSM-7", 3)


@pytest.mark.parametrize("char", ["ç", "á", "í", "ó", "ú", "õ", "ê", "`", "\t", "\u00a0", "’"])
def test_characters_outside_the_table_force_ucs2(char: str) -> None:
    # "ç" is not in GSM 03.38 (the table has capital "Ç" at 0x09), so it costs UCS-2.
    assert count_segments("Hei " + char).encoding == "UCS-2"


@pytest.mark.parametrize(
    ("length", "segments", "per_segment"),
    [(1, 1, 160), (160, 1, 160), (161, 2, 153), (306, 2, 153), (307, 3, 153)],
)
def test_gsm7_boundaries(length: int, segments: int, per_segment: int) -> None:
    info = count_segments("a" * length)
    assert (info.segments, info.per_segment, info.units) == (segments, per_segment, length)


def test_extension_characters_count_double_against_the_160_limit() -> None:
    assert count_segments("€" * 80).segments == 1
    assert count_segments("€" * 80 + "a").segments == 2
    assert count_segments("[" * 81).units == 162


def test_escape_pair_is_never_split_across_segments() -> None:
    # 306 septets would fit two 153-septet parts, but "€" cannot start at septet 153.
    text = "a" * 152 + "€" + "a" * 152
    info = count_segments(text)
    assert info.units == 306
    assert info.segments == 3


def test_emoji_forces_ucs2_and_counts_two_code_units() -> None:
    info = count_segments("Takk 😀")
    assert info.encoding == "UCS-2"
    assert info.units == 7
    assert info.per_segment == 70


@pytest.mark.parametrize(
    ("text", "segments"),
    [("😀" * 35, 1), ("😀" * 35 + "a", 2), ("ç" * 70, 1), ("ç" * 71, 2), ("ç" * 134, 2), ("ç" * 135, 3)],
)
def test_ucs2_boundaries(text: str, segments: int) -> None:
    assert count_segments(text).segments == segments


def test_surrogate_pair_is_never_split_across_segments() -> None:
    text = "ç" * 66 + "😀" + "ç" * 66  # 134 code units, but the emoji cannot straddle
    info = count_segments(text)
    assert info.units == 134
    assert info.segments == 3


def test_empty_text_needs_no_segment() -> None:
    assert count_segments("").segments == 0


def test_to_gsm_safe_turns_typographic_bot_text_into_gsm7() -> None:
    text = "Det er «kult» – ikke sant? ‘Ja’ sa hun… “OK” • neste\u00a0dag —\u2011 slutt"
    safe = to_gsm_safe(text)
    assert safe == 'Det er "kult" - ikke sant? \'Ja\' sa hun... "OK" - neste dag -- slutt'
    assert is_gsm7(safe)
    assert count_segments(safe).encoding == "GSM-7"


def test_to_gsm_safe_keeps_emoji_and_norwegian_letters() -> None:
    assert to_gsm_safe("Flott jobba, Åse 👍") == "Flott jobba, Åse 👍"


@given(st.text(alphabet=GSM_BASIC + GSM_EXTENSION))
def test_to_gsm_safe_never_changes_gsm7_text(text: str) -> None:
    assert to_gsm_safe(text) == text


LONG_NORWEGIAN = (
    "Hei! Neste uke er det aktivitetsdag for 1.-4. trinn. Elevene må ha med matpakke, "
    "drikke, sitteunderlag og klær etter vær. Vi går til Østmarka og er tilbake ved skolen "
    "ca. kl. 14.00. SFO åpner som vanlig. Gi beskjed til kontaktlærer hvis barnet ditt "
    "trenger tilrettelegging. Husk også at fotograferingen er flyttet til torsdag, og at "
    "foreldremøtet for 3. trinn blir i gymsalen kl. 18.00. Hilsen Ødegården skole"
)


def test_truncate_leaves_text_that_fits_unchanged() -> None:
    assert truncate_to_segments("Hei på deg", 1) == "Hei på deg"


@pytest.mark.parametrize("max_segments", [1, 2])
def test_truncate_cuts_on_a_word_boundary_and_fits(max_segments: int) -> None:
    result = truncate_to_segments(LONG_NORWEGIAN, max_segments)
    assert count_segments(result).segments <= max_segments
    assert result.endswith("...")
    head = result[: -len("...")]
    assert LONG_NORWEGIAN.startswith(head)
    assert LONG_NORWEGIAN[len(head)].isspace()  # whole words only
    assert len(result) > 120 * max_segments  # did not throw away far more than needed


def test_truncate_ucs2_text_fits_in_ucs2_budget() -> None:
    text = "Takk 😀 " * 40
    result = truncate_to_segments(text, 1)
    info = count_segments(result)
    assert info.segments == 1
    assert result.endswith("...")


def test_truncate_cuts_a_single_overlong_word() -> None:
    result = truncate_to_segments("x" * 500, 1)
    assert result == "x" * 157 + "..."


def test_truncate_rejects_zero_segments() -> None:
    with pytest.raises(ValueError):
        truncate_to_segments("Hei", 0)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=1200), max_segments=st.integers(min_value=1, max_value=5))
def test_truncate_always_fits_and_count_never_raises(text: str, max_segments: int) -> None:
    info = count_segments(text)
    assert info.segments >= math.ceil(info.units / info.per_segment)
    result = truncate_to_segments(text, max_segments)
    assert count_segments(result).segments <= max_segments
    if info.segments <= max_segments:
        assert result == text
    else:
        assert result.endswith("...")
        assert text.startswith(result[:-3])


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list(GSM_BASIC + GSM_EXTENSION + " 😀ç")), max_size=700),
    max_segments=st.integers(min_value=1, max_value=4),
)
def test_truncate_fits_with_dense_extension_and_emoji_text(text: str, max_segments: int) -> None:
    assert count_segments(truncate_to_segments(text, max_segments)).segments <= max_segments
