"""The playground as a newcomer uses it: a phone on the left, Teams on the right, the SMS log beside them."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from playwright.async_api import expect
from sqlalchemy import select

from storage.demo_school import DEMO_GUARDIAN_ID, DEMO_SINGLE_CHILD_GUARDIAN_ID, DEMO_TEACHER_ID
from storage.models import Absence
from storage.models_booking import Booking
from tests.browser.conftest import Playground

TIMEOUT = 15_000  # ms: a turn goes through /api/sms or /api/messages and the page polls every 0.8 s


async def screenshot(page: Any, name: str, tmp_path: Path) -> None:
    """Kept in the test's temp folder, or in SKOLEBOT_SCREENSHOT_DIR to look at."""
    folder = Path(os.environ.get("SKOLEBOT_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


async def open_as(page: Any, playground: Playground, *, phone: str, teams: str) -> None:
    """Open the page, pick who holds the phone and who is logged in to Teams."""
    await page.goto(playground.url + "/")
    await page.get_by_test_id("teams-person").select_option(teams)
    await page.get_by_test_id("phone-person").select_option(phone)
    # Choosing a Teams user installs the app for them; the bot's welcome shows they are known.
    await expect(page.get_by_test_id("teams-thread")).to_contain_text("Jeg er Skolebot", timeout=TIMEOUT)


async def test_guardian_reports_absence_on_the_phone_and_the_teacher_sees_it_in_teams(
    playground: Playground, browser_page: Any, tmp_path: Path
) -> None:
    page = browser_page
    await open_as(page, playground, phone=DEMO_GUARDIAN_ID, teams=DEMO_TEACHER_ID)
    welcomes = page.get_by_test_id("teams-thread").locator("li.msg.theirs", has_text="Hei, Kari! Jeg er Skolebot")
    await expect(welcomes).to_have_count(1)  # installed once, however often Kari is chosen
    await expect(page.locator("#phone-who")).to_have_text("Hilde Nordli")

    await page.get_by_test_id("phone-input").fill("Ola er syk i dag")
    await page.get_by_test_id("phone-send").click()

    phone = page.get_by_test_id("phone-thread")
    await expect(phone).to_contain_text("Ola er syk i dag")
    await expect(phone).to_contain_text(
        "Registrert: Ola (5B) borte i dag, mandag 30. november, sykdom.", timeout=TIMEOUT
    )
    teams = page.get_by_test_id("teams-thread")
    await expect(teams).to_contain_text("Ola Nordli (5B)", timeout=TIMEOUT)
    await expect(teams).to_contain_text("sykdom")
    await expect(teams).to_contain_text("Hilde Nordli (SMS)")
    log = page.get_by_test_id("sms-log")
    await expect(log).to_contain_text("til Hilde Nordli (+47 912 34 567)")
    await expect(log).to_contain_text("Registrert: Ola (5B)")
    await screenshot(page, "playground-absence", tmp_path)

    async with playground.services.db.transaction() as s:
        rows = (await s.execute(select(Absence.student_id, Absence.channel, Absence.status))).all()
    assert [tuple(r) for r in rows] == [("s-ola", "sms", "reported")]


async def test_teacher_books_a_room_from_the_teams_pane_with_the_cards_button(
    playground: Playground, browser_page: Any, tmp_path: Path
) -> None:
    page = browser_page
    await open_as(page, playground, phone=DEMO_GUARDIAN_ID, teams=DEMO_TEACHER_ID)

    await page.get_by_test_id("teams-input").fill("book musikkrommet fredag 10–11")
    await page.get_by_test_id("teams-input").press("Enter")
    teams = page.get_by_test_id("teams-thread")
    card = teams.locator(".card.adaptive").last
    await expect(card).to_contain_text(
        "Musikkrommet fredag 4. desember 10:00–11:00 er ledig. Skal jeg booke?", timeout=TIMEOUT
    )
    await screenshot(page, "playground-booking-card", tmp_path)
    await card.get_by_role("button", name="Ja").click()

    await expect(teams).to_contain_text("Booket: Musikkrommet fredag 4. desember 10:00–11:00.", timeout=TIMEOUT)
    await expect(teams.locator("li.msg.mine").last).to_contain_text("Ja")  # the press shows as Kari's answer
    async with playground.services.db.transaction() as s:
        rows = (await s.execute(select(Booking.resource_id, Booking.booked_by))).all()
    assert [tuple(r) for r in rows] == [("r-musikkrom", DEMO_TEACHER_ID)]

    # The room's calendar, linked under the staff pages, now holds the booking.
    link = page.get_by_test_id("links").get_by_role("link", name="Musikkrommet", exact=True)
    href = await link.get_attribute("href")
    assert href is not None and href.startswith("/calendar/resource/r-musikkrom/")
    feed = await page.request.get(playground.url + href)
    assert feed.status == 200 and "Kari Nordmann" in await feed.text()


async def test_a_pupil_marked_missing_in_teams_makes_an_sms_in_the_log_and_the_mother_answers_it(
    playground: Playground, browser_page: Any
) -> None:
    page = browser_page
    await open_as(page, playground, phone=DEMO_SINGLE_CHILD_GUARDIAN_ID, teams=DEMO_TEACHER_ID)

    await page.get_by_test_id("teams-input").fill("borte: Nora")
    await page.get_by_test_id("teams-send").click()
    await expect(page.get_by_test_id("teams-thread")).to_contain_text("Registrert borte i dag: Nora", timeout=TIMEOUT)
    log = page.get_by_test_id("sms-log")
    await expect(log).to_contain_text("til Silje Haugen", timeout=TIMEOUT)
    await expect(log).to_contain_text("Nora")
    phone = page.get_by_test_id("phone-thread")
    await expect(phone).to_contain_text("Nora", timeout=TIMEOUT)  # the school's SMS on Silje's phone

    await page.get_by_test_id("phone-input").fill("Hun er syk, beklager")
    await page.get_by_test_id("phone-send").click()
    await expect(phone.locator("li.bubble.theirs")).to_have_count(2, timeout=TIMEOUT)
    await expect(phone.locator("li.bubble.theirs").last).to_contain_text(
        "Takk! Fraværet til Nora i dag er registrert (sykdom)."
    )
    async with playground.services.db.transaction() as s:
        status = (await s.execute(select(Absence.status).where(Absence.student_id == "s-nora"))).scalar_one()
    assert status == "explained"


async def test_what_people_type_is_shown_as_text_never_as_markup(playground: Playground, browser_page: Any) -> None:
    page = browser_page
    await open_as(page, playground, phone=DEMO_GUARDIAN_ID, teams=DEMO_TEACHER_ID)
    typed = "<img src=x onerror=\"document.title='hacked'\"><b>fet</b>"
    await page.get_by_test_id("teams-input").fill(typed)
    await page.get_by_test_id("teams-send").click()
    await page.get_by_test_id("phone-input").fill(typed)
    await page.get_by_test_id("phone-send").click()

    await expect(page.get_by_test_id("teams-thread")).to_contain_text(typed, timeout=TIMEOUT)
    await expect(page.get_by_test_id("phone-thread")).to_contain_text(typed, timeout=TIMEOUT)
    assert await page.locator("#teams-thread img, #teams-thread b, #phone-thread img, #phone-thread b").count() == 0
    assert not re.search("hacked", await page.title())
