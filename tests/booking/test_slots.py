"""Pure booking arithmetic: nearest free slots, and weekly series through the end of term."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from storage.bookings import Slot, local_slot, nearest_free, weekly_plan
from storage.calendar import SchoolCalendar

OSLO = ZoneInfo("Europe/Oslo")
DAY = dt.date(2026, 12, 4)
WINDOW = local_slot(DAY, dt.time(8), dt.time(16), OSLO)
TERMS = SchoolCalendar(
    terms=((dt.date(2026, 8, 17), dt.date(2026, 12, 18)), (dt.date(2027, 1, 4), dt.date(2027, 6, 18)))
)


def at(hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hh, mm), OSLO)


def test_taken_hour_offers_the_hour_before_and_after() -> None:
    busy = [Slot(at(10), at(11))]
    assert nearest_free(busy, Slot(at(10), at(11)), WINDOW) == (Slot(at(9), at(10)), Slot(at(11), at(12)))


def test_alternatives_skip_over_neighbouring_bookings() -> None:
    busy = [Slot(at(9), at(10)), Slot(at(10), at(11)), Slot(at(11, 30), at(12))]
    earlier, later = nearest_free(busy, Slot(at(10), at(11)), WINDOW)
    assert earlier == Slot(at(8), at(9))
    assert later == Slot(at(12), at(13))


def test_no_alternative_before_school_opens_or_before_now() -> None:
    busy = [Slot(at(8), at(9))]
    earlier, later = nearest_free(busy, Slot(at(8), at(9)), WINDOW)
    assert earlier is None and later == Slot(at(9), at(10))
    earlier, _ = nearest_free([Slot(at(12), at(13))], Slot(at(12), at(13)), WINDOW, not_before=at(11, 30))
    assert earlier is None


def test_a_full_day_has_no_alternatives() -> None:
    assert nearest_free([WINDOW], Slot(at(10), at(11)), WINDOW) == (None, None)


@settings(max_examples=200, deadline=None)
@given(
    busy=st.lists(st.tuples(st.integers(0, 95), st.integers(1, 24)), max_size=6),
    start=st.integers(0, 90),
    length=st.integers(1, 12),
)
def test_nearest_free_is_free_inside_the_window_and_nearest(
    busy: list[tuple[int, int]], start: int, length: int
) -> None:
    """On a 5-minute grid, brute force agrees: for a taken slot the offers are free, as long, and nearest."""

    def t(step: int) -> dt.datetime:
        return WINDOW.start + dt.timedelta(minutes=5 * step)

    booked = [Slot(t(s), t(min(s + n, 96))) for s, n in busy if s < 96]
    wanted = Slot(t(start), t(start + length))
    assume(any(wanted.overlaps(b) for b in booked))  # alternatives are asked for a taken slot
    earlier, later = nearest_free(booked, wanted, WINDOW)

    def free(s: int) -> bool:
        slot = Slot(t(s), t(s + length))
        return s + length <= 96 and not any(slot.overlaps(b) for b in booked)

    expect_before = max((s for s in range(0, start) if free(s)), default=None)
    expect_after = min((s for s in range(start + 1, 96) if free(s)), default=None)
    assert earlier == (None if expect_before is None else Slot(t(expect_before), t(expect_before + length)))
    assert later == (None if expect_after is None else Slot(t(expect_after), t(expect_after + length)))


def test_weekly_runs_to_the_end_of_term() -> None:
    plan = weekly_plan(dt.date(2026, 12, 4), dt.time(10), dt.time(11), OSLO, TERMS)
    assert [s.start.date() for s in plan.slots] == [dt.date(2026, 12, 4), dt.date(2026, 12, 11), dt.date(2026, 12, 18)]
    assert plan.last_day == dt.date(2026, 12, 18)
    assert plan.skipped == ()


def test_weekly_skips_public_holidays_and_reports_them() -> None:
    # Spring 2027: Thursday 6 May is Ascension Day; Monday 17 May is Constitution Day and Whit Monday.
    plan = weekly_plan(dt.date(2027, 4, 29), dt.time(10), dt.time(11), OSLO, TERMS)
    days = [s.start.date() for s in plan.slots]
    assert dt.date(2027, 5, 6) not in days and dt.date(2027, 5, 6) in plan.skipped
    assert days[-1] == dt.date(2027, 6, 17)
    plan = weekly_plan(dt.date(2027, 5, 10), dt.time(10), dt.time(11), OSLO, TERMS)
    assert dt.date(2027, 5, 17) in plan.skipped
    assert [s.start.date() for s in plan.slots][-1] == dt.date(2027, 6, 14)


def test_weekly_asked_in_a_break_starts_next_term() -> None:
    plan = weekly_plan(dt.date(2026, 12, 25), dt.time(10), dt.time(11), OSLO, TERMS)
    assert plan.slots[0].start.date() == dt.date(2027, 1, 8)
    assert plan.last_day == dt.date(2027, 6, 18)


def test_weekly_keeps_the_local_time_across_daylight_saving() -> None:
    plan = weekly_plan(dt.date(2027, 3, 19), dt.time(10), dt.time(11), OSLO, TERMS)
    before, after = plan.slots[0], plan.slots[2]  # 19 March (CET) and 2 April (CEST)
    assert before.start.astimezone(OSLO).time() == after.start.astimezone(OSLO).time() == dt.time(10)
    assert before.start.utcoffset() != after.start.utcoffset()


def test_weekly_leaves_out_a_first_occurrence_already_begun() -> None:
    plan = weekly_plan(dt.date(2026, 12, 4), dt.time(10), dt.time(11), OSLO, TERMS, not_before=at(10, 30))
    assert plan.slots[0].start.date() == dt.date(2026, 12, 11)


def test_weekly_after_the_last_term_has_no_dates() -> None:
    plan = weekly_plan(dt.date(2027, 8, 20), dt.time(10), dt.time(11), OSLO, TERMS)
    assert plan.slots == () and plan.last_day is None


def test_weekly_without_terms_runs_twelve_weeks() -> None:
    plan = weekly_plan(dt.date(2026, 12, 4), dt.time(10), dt.time(11), OSLO, SchoolCalendar())
    assert len(plan.slots) + len(plan.skipped) == 12
