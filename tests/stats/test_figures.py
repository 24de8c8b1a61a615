"""The indicators from a known set of records match the hand counts, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

from dialogs.stats.render import CSV_COLUMNS, render_csv, render_table
from storage.db import Database
from storage.models import SmsOutbound
from storage.stats import Period, Row, report, standard_periods
from tests.stats.records import GUARDIANS, NAMES, at, number, seed

OSLO = ZoneInfo("Europe/Oslo")
NOVEMBER = Period("month", dt.date(2026, 11, 1), dt.date(2026, 11, 30))


async def november(db: Database) -> dict[tuple[str, str], Row]:
    rows = await report(db, [NOVEMBER], zone=OSLO, school_start=dt.time(8, 30))
    return {(r.indicator, r.subject): r for r in rows}


def shown(row: Row) -> float | str | None:
    return "<5" if row.suppressed else row.value


async def test_figures_match_the_hand_counted_records(db: Database) -> None:
    await seed(db)
    rows = await november(db)
    expected = {
        ("sms_out_guardians", ""): 5,  # 00:30 Oslo on 1 November counts; 00:30 on 1 December does not
        ("sms_out_pupils", ""): 1,
        ("sms_out_staff", ""): 3,  # one of them to a number kept as `phone`
        ("sms_in_guardians", ""): 3,
        ("absence_reports", ""): 7,
        ("absence_reports_channel", "sms"): "<5",  # 7 reports - 2 by Teams would give it away
        ("absence_reports_channel", "msteams"): "<5",
        ("absence_reports_before_start", ""): 5,
        **{("absence_reports_hour", hour): "<5" for hour in ("07", "08", "09", "11", "19")},  # each under five
        ("absences_unexplained", ""): 5,
        ("absences_still_unexplained", ""): "<5",
        ("followup_answer_minutes_median", ""): 30,
        ("leave_applications", ""): 6,
        ("leave_granted", ""): "<5",  # 6 applications - 1 refused would give it away
        ("leave_refused", ""): "<5",
        ("bookings", "Gymsal"): 2,
        ("booking_fullness_pct", "Gymsal"): 2.4,  # 4 h of 21 school days x 8 h
        ("broadcasts", ""): 2,
        ("broadcast_delivery_pct", ""): 90.9,  # 10 of 11 recipients reached, one by SMS fallback
        ("broadcast_ack_pct", ""): 60.0,  # 3 of 5 alert recipients
        ("guardians_digital", ""): 5,
        ("guardians_digital_pct", ""): 83.3,  # 5 of 6 active guardians
    }
    assert {key: shown(rows[key]) for key in expected} == expected
    assert set(rows) == set(expected)
    # Last year: only the two SMS to guardians of November 2025; people figures under five are hidden.
    assert rows[("sms_out_guardians", "")].last_year_value == 2
    assert rows[("sms_out_staff", "")].last_year_value == 0
    assert rows[("absence_reports", "")].last_year_suppressed
    assert rows[("absence_reports", "")].last_year_value is None


async def test_last_year_is_left_empty_where_no_records_reach_back(db: Database) -> None:
    async with db.transaction() as s:
        s.add(SmsOutbound(sid="SM1", to="+4790000001", status="sent", created_at=at(2026, 11, 2)))
    rows = await november(db)
    row = rows[("sms_out_guardians", "")]
    assert (row.value, row.last_year_value, row.last_year_suppressed) == (0, None, False)


async def test_csv_opens_with_the_stable_columns_and_hides_small_cells(db: Database) -> None:
    await seed(db)
    rows = list((await november(db)).values())
    records = list(csv.DictReader(io.StringIO(render_csv(rows))))
    assert tuple(records[0].keys()) == CSV_COLUMNS
    by_key = {(r["indicator"], r["subject"]): r for r in records}
    refused = by_key[("leave_refused", "")]
    assert (refused["value"], refused["suppressed"], refused["period_start"], refused["period_end"]) == (
        "<5",
        "true",
        "2026-11-01",
        "2026-11-30",
    )
    guardians = by_key[("sms_out_guardians", "")]
    assert (guardians["value"], guardians["last_year_value"], guardians["suppressed"]) == ("5", "2", "false")


async def test_no_name_number_or_id_appears_in_any_output(db: Database) -> None:
    await seed(db)
    rows = list((await november(db)).values())
    text = render_csv(rows) + render_table(rows)
    assert "SMS sendt til foresatte" in text and "<5" in text
    for secret in [*NAMES, *(number(g) for g in GUARDIANS), "g1", "p1", "t1"]:
        assert secret not in text


def test_periods_follow_the_imported_term_and_school_year() -> None:
    sessions = [
        ("term", dt.date(2026, 8, 17), dt.date(2026, 12, 18)),
        ("schoolYear", dt.date(2026, 8, 17), dt.date(2027, 6, 18)),
    ]
    month, term, year = standard_periods(dt.date(2026, 11, 28), sessions)
    assert (month.start, month.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert (term.start, term.end) == (dt.date(2026, 8, 17), dt.date(2026, 12, 18))
    assert (year.start, year.end) == (dt.date(2026, 8, 17), dt.date(2027, 6, 18))
    _, term, year = standard_periods(dt.date(2027, 2, 28), [])
    assert (term.start, year.start, year.end) == (dt.date(2027, 1, 1), dt.date(2026, 8, 1), dt.date(2027, 7, 31))


def test_a_hidden_part_cannot_be_worked_out_from_the_total() -> None:
    from storage.stats import Figure, protect_complements, suppress

    figures = [
        suppress("absence_reports", 9, people=True),
        suppress("absence_reports_channel", 7, people=True, subject="sms"),
        suppress("absence_reports_channel", 2, people=True, subject="msteams"),
        suppress("leave_applications", 12, people=True),
        suppress("leave_granted", 6, people=True),
        suppress("leave_refused", 6, people=True),
    ]
    protected = {(f.indicator, f.subject): f for f in protect_complements(figures)}
    assert protected[("absence_reports", "")].value == 9
    assert protected[("absence_reports_channel", "msteams")].suppressed
    assert protected[("absence_reports_channel", "sms")].suppressed  # 9 - 7 would give the 2 away
    assert not protected[("leave_granted", "")].suppressed and not protected[("leave_refused", "")].suppressed
    assert all(isinstance(f, Figure) for f in protected.values())
