"""Corrections and duplicate reports end to end over /api/sms and /api/messages (issue 16).

Each test reads what a parent and a teacher would notice: the records after, the guardian's reply
(the new state, with the child and the day) and the contact teacher's notices (one per change,
saying what changed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from storage.models import Absence
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, GUARDIAN_TWO_KIDS_UPN, TEACHER_UPN

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
MONDAY, TUESDAY, WEDNESDAY, FRIDAY = (dt.date(2026, 11, 30) + dt.timedelta(days=n) for n in (0, 1, 2, 4))
KARI_SMS = "+4792000001"  # Ola's and Nora's contact teacher (5B)
PER_SMS = "+4792000002"  # Emma's contact teacher (2A)
TOR_SMS = "+4790000011"  # Ola's and Emma's other guardian


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        yield bot


async def rows(bot: Running) -> list[tuple[str, dt.date, str | None, dt.time | None, dt.time | None]]:
    """(pupil, day, reason, leaves at, arrives at) of every absence, as `skolebot absences --json` lists them."""
    async with bot.services.db.transaction() as s:
        found = (await s.execute(select(Absence).order_by(Absence.student_id, Absence.date))).scalars()
        return [(r.student_id, r.date, r.reason, r.start_time, r.end_time) for r in found]


# ------------------------------------------------------------ the date


async def test_feil_det_var_i_morgen_moves_the_report_and_tells_the_teacher_once(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    fixed = await school.phone.text(GUARDIAN_TWO_KIDS, "feil, det var i morgen")
    assert fixed == [
        "Endret: Ola (5B) er borte i morgen, tirsdag 1. desember, sykdom (ikke mandag 30. november)."
        " Kontaktlærer er varslet."
    ]
    assert await rows(school) == [("s-ola", TUESDAY, "illness", None, None)]
    inbox = school.phone.inbox(KARI_SMS)
    assert len(inbox) == 2  # the report, then the change: once
    assert inbox[1] == (
        "Endret: Ola Nordmann (5B) er borte i morgen, tirsdag 1. desember, sykdom (ikke mandag 30. november),"
        " meldt av Lise Nordmann."
    )


async def test_nei_det_gjelder_fredag_in_teams(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    await school.client.say(lise, "Emma er syk i morgen")
    fixed = await school.client.say(lise, "nei, det gjelder fredag")
    assert fixed[0]["text"].startswith(
        "Endret: Emma (2A) er borte fredag 4. desember, sykdom (ikke tirsdag 1. desember)"
    )
    assert await rows(school) == [("s-emma", FRIDAY, "illness", None, None)]
    inbox = school.phone.inbox(PER_SMS)
    assert len(inbox) == 2 and "fredag 4. desember" in inbox[1] and "ikke tirsdag 1. desember" in inbox[1]


async def test_wrong_day_in_english(school: Running) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora is sick today")
    fixed = await school.phone.text(GUARDIAN_ONE_KID, "wrong day, it's tomorrow")
    assert fixed[0].startswith("Changed: Nora (5B) is away tomorrow, Tuesday 1 December")
    assert await rows(school) == [("s-nora", TUESDAY, "illness", None, None)]
    assert len(school.phone.inbox(KARI_SMS)) == 2


async def test_nynorsk_date_correction(school: Running) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora er sjuk i dag")
    fixed = await school.phone.text(GUARDIAN_ONE_KID, "feil, det var i morgon")
    assert "1. desember" in fixed[0]
    assert await rows(school) == [("s-nora", TUESDAY, "illness", None, None)]


# ------------------------------------------------------------ the child


async def test_feil_det_var_emma_tells_both_teachers_what_changed(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    fixed = await school.phone.text(GUARDIAN_TWO_KIDS, "feil, det var Emma")
    assert fixed == [
        "Endret: Emma (2A) er borte i dag, mandag 30. november, sykdom (ikke Ola). Kontaktlærer er varslet."
    ]
    assert await rows(school) == [("s-emma", MONDAY, "illness", None, None)]
    kari, per = school.phone.inbox(KARI_SMS), school.phone.inbox(PER_SMS)
    assert len(kari) == 2 and kari[1].startswith("Endret: Ola Nordmann (5B) er likevel ikke borte i dag")
    assert "meldingen gjaldt Emma" in kari[1]
    assert per == [
        "Endret: Emma Nordmann (2A) er borte i dag, mandag 30. november, sykdom (ikke Ola), meldt av Lise Nordmann."
    ]


# ------------------------------------------------------------ the reason


async def test_det_er_ikke_syk_han_skal_til_tannlegen(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    fixed = await school.phone.text(GUARDIAN_TWO_KIDS, "det er ikke syk, han skal til tannlegen")
    assert fixed[0].startswith("Endret: Ola (5B) er borte i dag, mandag 30. november, time hos lege/tannlege")
    assert "(ikke sykdom)" in fixed[0]
    assert await rows(school) == [("s-ola", MONDAY, "appointment", None, None)]
    inbox = school.phone.inbox(KARI_SMS)
    assert len(inbox) == 2 and "(ikke sykdom)" in inbox[1] and "meldt av Lise Nordmann" in inbox[1]


async def test_feil_grunn_familie_in_teams(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    await school.client.say(lise, "Ola er syk i dag")
    fixed = await school.client.say(lise, "feil grunn: familie")
    assert fixed[0]["text"].startswith("Endret: Ola (5B) er borte i dag, mandag 30. november, familiære årsaker")
    assert await rows(school) == [("s-ola", MONDAY, "family", None, None)]
    assert len(school.phone.inbox(KARI_SMS)) == 2


# ------------------------------------------------------------ the time


async def test_han_kommer_kl_13_ikke_12(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola har tannlege og kommer kl 12 i dag")
    fixed = await school.phone.text(GUARDIAN_TWO_KIDS, "han kommer kl 13, ikke 12")
    assert fixed[0].startswith("Endret: Ola (5B) kommer kl. 13:00 i dag, mandag 30. november")
    assert "(ikke kl. 12:00)" in fixed[0]
    assert await rows(school) == [("s-ola", MONDAY, "appointment", None, dt.time(13, 0))]
    inbox = school.phone.inbox(KARI_SMS)
    assert len(inbox) == 2 and "kommer kl. 13:00" in inbox[1] and "(ikke kl. 12:00)" in inbox[1]


async def test_feil_tid_hun_gar_hjem_kl_11(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Emma går hjem kl 12 i dag, tannlege")
    fixed = await school.phone.text(GUARDIAN_TWO_KIDS, "feil tid, hun går hjem kl 11")
    assert fixed[0].startswith("Endret: Emma (2A) går hjem kl. 11:00 i dag")
    assert await rows(school) == [("s-emma", MONDAY, "appointment", dt.time(11, 0), None)]
    assert len(school.phone.inbox(PER_SMS)) == 2


# ------------------------------------------------------------ one day back


async def test_kommer_likevel_i_morgen_keeps_the_other_days(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag og i morgen")
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "Ola kommer likevel i morgen")
    assert replies[0].startswith("Trukket tilbake: fraværet for Ola (5B) i morgen, tirsdag 1. desember.")
    assert "Fortsatt meldt borte: Ola (5B) i dag, mandag 30. november." in replies[0]
    assert await rows(school) == [("s-ola", MONDAY, "illness", None, None)]
    inbox = school.phone.inbox(KARI_SMS)
    assert len(inbox) == 2 and "Ola Nordmann (5B) i morgen, tirsdag 1. desember er trukket tilbake" in inbox[1]


async def test_hun_er_frisk_igjen_og_kommer_i_morgen(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Emma er syk i dag og i morgen")
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "hun er frisk igjen og kommer i morgen")
    assert replies[0].startswith("Trukket tilbake: fraværet for Emma (2A) i morgen")
    assert await rows(school) == [("s-emma", MONDAY, "illness", None, None), ("s-ola", MONDAY, "illness", None, None)]
    assert len(school.phone.inbox(PER_SMS)) == 2 and len(school.phone.inbox(KARI_SMS)) == 1


async def test_kommer_likevel_without_a_day_is_todays_absence_only(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Emma er borte 7.-9. desember, tannlege")
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola har tannlege 7. desember")
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "Ola kommer likevel")
    assert replies[0].startswith("Trukket tilbake: fraværet for Ola (5B) i dag, mandag 30. november.")
    assert [(sid, day) for sid, day, *_ in await rows(school)] == [
        ("s-emma", dt.date(2026, 12, 7)),
        ("s-emma", dt.date(2026, 12, 8)),
        ("s-emma", dt.date(2026, 12, 9)),
        ("s-ola", dt.date(2026, 12, 7)),
    ]
    await school.phone.text(GUARDIAN_TWO_KIDS, "Emma er på skolen likevel")  # nothing today for Emma
    assert len(await rows(school)) == 4


# ------------------------------------------------------------ the whole report


async def test_slett_fravaeret_withdraws_and_never_registers(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    gone = await school.phone.text(GUARDIAN_TWO_KIDS, "slett fraværet")
    assert gone == ["Trukket tilbake: fraværet for Ola (5B) i dag, mandag 30. november. Kontaktlærer er varslet."]
    assert await rows(school) == []
    again = await school.phone.text(GUARDIAN_TWO_KIDS, "slett fraværet")
    assert "finner ingen fraværsmelding" in again[0]
    assert await rows(school) == []
    inbox = school.phone.inbox(KARI_SMS)
    assert len(inbox) == 2 and "trukket tilbake av Lise Nordmann" in inbox[1]


@pytest.mark.parametrize("words", ["trekk tilbake meldingen", "glem meldingen", "cancel that"])
async def test_other_words_for_the_whole_report(school: Running, words: str) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag og i morgen")
    replies = await school.phone.text(GUARDIAN_ONE_KID, words)
    assert "Nora (5B)" in replies[0]
    assert await rows(school) == []
    assert len(school.phone.inbox(KARI_SMS)) == 2


async def test_withdrawn_then_sent_again_is_one_record(school: Running) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    await school.phone.text(GUARDIAN_ONE_KID, "slett fraværet")
    again = await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    assert again[0].startswith("Registrert: Nora (5B) borte i dag")
    assert await rows(school) == [("s-nora", MONDAY, "illness", None, None)]
    assert len(school.phone.inbox(KARI_SMS)) == 3  # reported, withdrawn, reported: each once


# ------------------------------------------------------------ "avbryt" right after a report


async def test_avbryt_after_a_report_asks_and_ja_withdraws(school: Running) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    asked = await school.phone.text(GUARDIAN_ONE_KID, "avbryt")
    assert asked[0].startswith("Vil du trekke tilbake fraværet for Nora (5B) i dag, mandag 30. november?")
    assert len(await rows(school)) == 1  # nothing happens before the answer
    done = await school.phone.text(GUARDIAN_ONE_KID, "ja")
    assert done[0].startswith("Trukket tilbake: fraværet for Nora (5B) i dag")
    assert await rows(school) == []
    assert len(school.phone.inbox(KARI_SMS)) == 2


async def test_avbryt_then_nei_keeps_the_report(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    await school.client.say(lise, "Ola er syk i dag")
    asked = await school.client.say(lise, "avbryt")
    assert "Vil du trekke tilbake fraværet for Ola (5B) i dag" in str(asked[0])
    kept = await school.client.say(lise, "nei")
    assert kept[0]["text"] == "Ok, fraværet for Ola (5B) i dag, mandag 30. november står som meldt."
    assert await rows(school) == [("s-ola", MONDAY, "illness", None, None)]
    assert len(school.phone.inbox(KARI_SMS)) == 1


async def test_avbryt_while_a_question_waits_only_cancels_the_question(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i morgen")  # which child?
    cancelled = await school.phone.text(GUARDIAN_TWO_KIDS, "avbryt")
    assert "avbrutt" in cancelled[0].lower()
    assert await rows(school) == [("s-ola", MONDAY, "illness", None, None)]


async def test_avbryt_with_nothing_reported_is_a_plain_cancel(school: Running) -> None:
    cancelled = await school.phone.text(GUARDIAN_ONE_KID, "avbryt")
    assert "avbrutt" in cancelled[0].lower()


# ------------------------------------------------------------ duplicates from the other guardian


async def test_second_guardian_same_absence_is_merged(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    second = await school.phone.text(TOR_SMS, "Ola er syk i dag")
    assert second == ["Ola (5B) er allerede meldt borte i dag, mandag 30. november av Lise Nordmann."]
    assert await rows(school) == [("s-ola", MONDAY, "illness", None, None)]
    assert len(school.phone.inbox(KARI_SMS)) == 1  # told once


async def test_second_guardian_across_channels_is_merged(school: Running) -> None:
    await school.client.say(school.user(GUARDIAN_TWO_KIDS_UPN), "Emma er syk i dag")
    second = await school.phone.text(TOR_SMS, "Emma er syk i dag")
    assert second[0].startswith("Emma (2A) er allerede meldt borte i dag, mandag 30. november av Lise Nordmann")
    assert len(await rows(school)) == 1 and len(school.phone.inbox(PER_SMS)) == 1


async def test_same_guardian_again_on_the_other_channel(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    again = await school.client.say(school.user(GUARDIAN_TWO_KIDS_UPN), "Ola er syk i dag")
    assert again[0]["text"] == "Ola (5B) er allerede meldt borte i dag, mandag 30. november."
    assert len(await rows(school)) == 1 and len(school.phone.inbox(KARI_SMS)) == 1


async def test_second_guardian_adds_a_time_and_a_reason(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    second = await school.phone.text(TOR_SMS, "Ola har tannlege i dag og kommer kl 12")
    assert second[0].startswith("Ola (5B) er allerede meldt borte i dag, mandag 30. november av Lise Nordmann.")
    assert "Endret: Ola (5B) kommer kl. 12:00 i dag" in second[0]
    assert await rows(school) == [("s-ola", MONDAY, "appointment", None, dt.time(12, 0))]
    inbox = school.phone.inbox(KARI_SMS)
    assert len(inbox) == 2 and inbox[1].startswith("Endret: Ola Nordmann (5B) kommer kl. 12:00")
    assert "ikke hele dagen, sykdom" in inbox[1] and "meldt av Tor Nordmann" in inbox[1]


async def test_second_guardian_adds_a_day(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    second = await school.phone.text(TOR_SMS, "Ola er syk i dag og i morgen")
    assert "Registrert: Ola (5B) borte i morgen, tirsdag 1. desember" in second[0]
    assert "allerede meldt borte i dag" in second[0]
    assert [day for _, day, *_ in await rows(school)] == [MONDAY, TUESDAY]
    assert len(school.phone.inbox(KARI_SMS)) == 2  # the first report, and the new day


async def test_the_second_guardian_can_correct_the_merged_report(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    await school.phone.text(TOR_SMS, "Ola er syk i dag")
    fixed = await school.phone.text(TOR_SMS, "Ola kommer likevel")
    assert fixed[0].startswith("Trukket tilbake: fraværet for Ola (5B) i dag")
    assert await rows(school) == []
    assert (
        len(school.phone.inbox(KARI_SMS)) == 2 and "trukket tilbake av Tor Nordmann" in school.phone.inbox(KARI_SMS)[1]
    )


async def test_teams_teacher_gets_the_change_in_teams(school: Running) -> None:
    kari = school.user(TEACHER_UPN)
    await school.client.say(kari, "hei")
    await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    await school.phone.text(GUARDIAN_ONE_KID, "feil, det var i morgen")
    notices = [t for t in school.connector.texts(kari.conversation_id) if "Nora" in t]
    assert len(notices) == 2 and notices[1].startswith("Endret: Nora Berg (5B) er borte i morgen")
