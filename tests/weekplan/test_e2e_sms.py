"""Week plans over /api/sms: guardians ask in a word, get the compact plan and a link that expires."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from storage.segments import count_segments
from storage.weekplans import WeekPlans
from tests.e2e.harness import FixedClock, Running
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, RELATIVE_PHONE

PLAN_5B = """Mandag: Norsk: les s. 12. Matte: gange 7
Tirsdag: Engelsk: gloser s. 30
Torsdag: Naturfag: les om planeter
Fredag: Turdag, husk matpakke"""
PLAN_2A = """Mandag: Lesing: les Emma-boka
Torsdag: Matte: telle til 100
Fredag: Kunst og håndverk: ta med eggekartong"""
LINK = re.compile(r"Hele planen: (http://127\.0\.0\.1:\d+/u/[A-Za-z0-9_-]{27})$")


@pytest.fixture
async def published(bot: Running) -> WeekPlans:
    plans = WeekPlans(bot.services.db)
    await plans.publish(year=2026, week=48, class_id="c-5b", body="Mandag: Norsk: gammel plan")
    await plans.publish(year=2026, week=49, class_id="c-5b", body=PLAN_5B, published_by="t-kari")
    await plans.publish(year=2026, week=49, class_id="c-2a", body=PLAN_2A, published_by="t-per")
    return plans


def link_in(sms: str) -> str:
    match = LINK.search(sms)
    assert match, sms
    return match.group(1)


async def test_guardian_with_children_in_two_classes_gets_both_plans_in_one_sms(
    bot: Running, published: WeekPlans
) -> None:
    (plans,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "ukeplan")  # no question: both fit in one SMS
    ola, emma = plans.split("\n\n")
    assert ola.startswith("Ukeplan Ola (5B) uke 49:\nMan: Norsk: les s. 12")
    assert emma.startswith("Ukeplan Emma (2A) uke 49:\nMan: Lesing: les Emma-boka\nTor: Matte: telle til 100\n")
    assert "Norsk" not in emma  # Ola's class is not mixed into Emma's
    assert count_segments(plans).segments <= 3 and count_segments(plans).encoding == "GSM-7"
    async with bot.session.get(link_in(emma)) as page:
        assert page.status == 200
        html = await page.text()
    assert "Ukeplan 2A – uke 49" in html and "ta med eggekartong" in html and "Kunst og håndverk" in html


async def test_begge_gives_both_plans_without_asking(bot: Running, published: WeekPlans) -> None:
    plans = await bot.phone.text(GUARDIAN_TWO_KIDS, "ukeplan begge")
    assert [p.split("\n")[0] for p in plans] == ["Ukeplan 5B uke 49:", "Ukeplan 2A uke 49:"]
    assert all(count_segments(p).segments <= 3 and LINK.search(p) for p in plans)


async def test_naming_the_child_skips_the_question(bot: Running, published: WeekPlans) -> None:
    (plan,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "ukeplan for Ola")
    assert plan.startswith("Ukeplan 5B uke 49:")


async def test_homework_for_tomorrow_only(bot: Running, published: WeekPlans) -> None:
    assert (await bot.phone.text(GUARDIAN_TWO_KIDS, "lekser i morgen"))[0].startswith("Hvilket barn")
    (homework,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "1")
    assert homework.startswith("Lekser 5B torsdag 3. desember: Naturfag: les om planeter\nHele planen: ")
    assert "Engelsk" not in homework and "Turdag" not in homework
    (friday,) = await bot.phone.text(GUARDIAN_ONE_KID, "hva er leksa til fredag?")
    assert friday.startswith("Lekser 5B fredag 4. desember: Turdag, husk matpakke")


async def test_homework_on_a_friday_for_tomorrow_is_mondays(
    bot: Running, clock: FixedClock, published: WeekPlans
) -> None:
    await published.publish(year=2026, week=50, class_id="c-5b", body="Mandag: Matte: side 40")
    clock.now = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC)  # Friday afternoon
    replies = await bot.phone.text(GUARDIAN_ONE_KID, "lekser i morgen")
    assert replies[0] == "Det er ikke skole lørdag 5. desember. Neste skoledag er mandag 7. desember."
    assert replies[1].startswith("Lekser 5B mandag 7. desember: Matte: side 40")


async def test_at_the_weekend_ukeplan_means_the_coming_week(
    bot: Running, clock: FixedClock, published: WeekPlans
) -> None:
    clock.now = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)  # Saturday
    assert await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan") == [
        "Det er ikke publisert ukeplan for 5B uke 50 ennå. Siste plan er for uke 49."
    ]
    await published.publish(year=2026, week=50, grade=5, body="Mandag: Felles: juleverksted")
    (plan,) = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan")
    assert plan.startswith("Ukeplan 5. trinn uke 50:\nMan: Felles: juleverksted")


async def test_a_week_by_number_and_no_plan_yet(bot: Running, published: WeekPlans) -> None:
    assert await bot.phone.text(GUARDIAN_ONE_KID, "uke 51") == [
        "Det er ikke publisert ukeplan for 5B uke 51 ennå. Siste plan er for uke 49."
    ]
    (old,) = await bot.phone.text(GUARDIAN_ONE_KID, "uke 48")
    assert "gammel plan" in old


async def test_guardians_only_see_their_own_childrens_classes(bot: Running, published: WeekPlans) -> None:
    refused = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan 2A")
    assert refused == ["Du kan bare se ukeplanene til klassene barna dine går i."]
    grandmother = await bot.phone.text(RELATIVE_PHONE, "ukeplan")
    assert grandmother == ["Beklager, det har du ikke tilgang til."]
    assert not any("Lesing" in m or "Norsk" in m for m in refused + grandmother)


async def test_a_plan_too_long_for_three_segments_is_cut_and_still_carries_the_link(
    bot: Running, published: WeekPlans
) -> None:
    long_plan = "\n".join(
        f"{day}: Norsk: les kapittel {n} i leseboka og skriv fem setninger om det du leste. "
        f"Matte: oppgave {n}.1 til {n}.12 i arbeidsboka. Engelsk: lær ti nye ord. SISTE-{day}"
        for n, day in enumerate(["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag"], start=1)
    )
    await published.publish(year=2026, week=49, class_id="c-5b", body=long_plan)
    (plan,) = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan")
    assert count_segments(plan).segments == 3
    assert "...\nHele planen: " in plan and "SISTE-Fredag" not in plan
    async with bot.session.get(link_in(plan)) as page:
        html = await page.text()
    assert "SISTE-Fredag" in html  # the whole plan is behind the link
    assert len(bot.twilio.messages) == 1  # one SMS (of three segments), not a second part


async def test_an_expired_link_is_refused_with_a_short_norwegian_page(
    bot: Running, clock: FixedClock, published: WeekPlans
) -> None:
    (plan,) = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan")
    link = link_in(plan)
    clock.now += dt.timedelta(days=22)
    async with bot.session.get(link) as page:
        assert page.status == 410
        html = await page.text()
    assert "Lenken er utløpt" in html and "Norsk" not in html and "planeter" not in html
    async with bot.session.get(link + "/fil") as file:
        assert file.status == 410


async def test_a_forged_link_is_refused_and_shows_nothing(bot: Running, published: WeekPlans) -> None:
    (plan,) = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan")
    link = link_in(plan)
    token = link.rsplit("/", 1)[1]
    forged = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    for url in (
        link.replace(token, forged),
        f"{bot.url}/u/AAAAAQAAAAAAAAAAAAAAAAAAAAA",
        f"{bot.url}/ukeplan/x",
        f"{bot.url}/u/{forged}/fil",
    ):
        async with bot.session.get(url) as page:
            assert page.status == 404, url
            html = await page.text()
        assert "Fant ikke ukeplanen" in html and "planeter" not in html
    async with bot.session.get(link.replace("/u/", "/ukeplan/")) as alias:
        assert alias.status == 200 and "planeter" in await alias.text()


async def test_the_link_shows_the_newest_version_and_is_not_cached(bot: Running, published: WeekPlans) -> None:
    (plan,) = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan")
    await published.publish(year=2026, week=49, class_id="c-5b", body="Mandag: Norsk: rettet plan")
    async with bot.session.get(link_in(plan)) as page:
        html = await page.text()
        assert "no-store" in page.headers["Cache-Control"]
        assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert "rettet plan" in html and "versjon 2" in html


async def test_a_guardian_who_writes_nynorsk_gets_the_plan_in_nynorsk(bot: Running, published: WeekPlans) -> None:
    await bot.services.people.set_language("g-berg", "nn")
    (plan,) = await bot.phone.text(GUARDIAN_ONE_KID, "vekeplan")
    assert plan.startswith("Vekeplan 5B veke 49:\nMån: Norsk: les s. 12")
    assert "\nHeile planen: http" in plan
