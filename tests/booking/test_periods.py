"""The lesson period table: defaults, SKOLEBOT_PERIODS, and clear errors for a bad value."""

from __future__ import annotations

from datetime import time

import pytest

from bot.periods import DEFAULT_PERIODS, parse_periods
from bot.settings import SettingsError, load_settings


def test_default_table_has_seven_lessons_starting_at_half_past_eight() -> None:
    table = parse_periods(DEFAULT_PERIODS)
    assert [p.number for p in table.periods] == [1, 2, 3, 4, 5, 6, 7]
    assert table.span(1) == (time(8, 30), time(9, 15))
    assert table.span(3, 4) == (time(10, 20), time(11, 55))


def test_a_period_outside_the_table_has_no_span() -> None:
    table = parse_periods("1=08:30-09:15,2=09:20-10:05")
    assert table.span(3) is None
    assert table.span(2, 1) is None


def test_school_can_set_its_own_times_through_the_environment() -> None:
    settings = load_settings(SKOLEBOT_PERIODS="1=08:15-09:00, 2=09:05-09:50")
    assert settings.period_table.span(2) == (time(9, 5), time(9, 50))


@pytest.mark.parametrize(
    "bad, named",
    [
        ("1=08:30", "'1=08:30'"),
        ("1=09:30-09:00", "ends before it starts"),
        ("1=08:30-09:15,1=09:20-10:05", "period 1 is given twice"),
        ("1=25:00-26:00", "not a time of day"),
        ("", "no periods"),
    ],
)
def test_a_bad_period_table_is_refused_naming_the_variable_and_entry(bad: str, named: str) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(SKOLEBOT_PERIODS=bad)
    assert "SKOLEBOT_PERIODS" in str(error.value)
    assert named in str(error.value)
