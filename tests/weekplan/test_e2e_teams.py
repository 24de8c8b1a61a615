"""Week plans over /api/messages: teachers publish (text or file) and fetch; guardians get it when sent."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urljoin

import pytest
from aiohttp import web

from bot.emulator import reply_text
from dialogs.weekplan.service import ATTACHMENT_SSL
from storage.models import Enrollment, Guardianship, Person
from storage.models_weekplan import MAX_FILE_BYTES
from storage.segments import count_segments
from storage.weekplans import WeekPlans
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import (
    GUARDIAN_ONE_KID,
    GUARDIAN_TWO_KIDS,
    GUARDIAN_TWO_KIDS_UPN,
    LEADER_UPN,
    OFFICE_UPN,
    OTHER_GUARDIAN,
    RELATIVE_PHONE,
    STUDENT_UPN,
    TEACHER_2A_UPN,
    TEACHER_UPN,
)
from tests.weekplan.file_hosts import HttpsHost, https_host

PLAN_5B = "ukeplan 5B uke 49\nMandag: Norsk: les s. 12. Matte: gange 7\nTorsdag: Engelsk: gloser s. 30\nFredag: Turdag"
PDF = b"%PDF-1.4\n" + b"ukeplan 5B " * 500 + b"\n%%EOF\n"


def texts(replies: list[dict[str, Any]]) -> list[str]:
    return [reply_text(a) for a in replies]


def card_of(reply: dict[str, Any]) -> dict[str, Any]:
    (attachment,) = reply["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


@pytest.fixture
async def file_host() -> AsyncIterator[HttpsHost]:
    """Where Teams (downloadUrl) and the Emulator (contentUrl) keep an uploaded file: https, on the allow-list."""

    async def pdf(_request: web.Request) -> web.Response:
        return web.Response(body=PDF, content_type="application/pdf")

    async def huge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()  # no Content-Length: the cap must hold while reading
        await response.prepare(request)
        chunk = b"x" * (1024 * 1024)
        for _ in range(MAX_FILE_BYTES // len(chunk) + 2):
            await response.write(chunk)
        return response

    async with https_host({"/files/ukeplan-uke49.pdf": pdf, "/files/huge.pdf": huge}) as host:
        yield host


@pytest.fixture
def file_server(file_host: HttpsHost) -> str:
    return file_host.url("")


@pytest.fixture
async def bot(school_db_url: str, clock: FixedClock, file_host: HttpsHost) -> AsyncIterator[Running]:
    """The week plan bot with the file host as its only attachment host, trusting that host's test CA."""
    async with running_bot(
        school_db_url, clock=clock, SKOLEBOT_ATTACHMENT_HOSTS=f"localhost:{file_host.port}"
    ) as running:
        running.services.deps.extras[ATTACHMENT_SSL] = file_host.client_context()
        yield running


async def test_teacher_publishes_a_new_version_and_fetches_the_card_with_the_days(bot: Running) -> None:
    kari = bot.user(TEACHER_UPN)
    first = texts(await bot.client.say(kari, PLAN_5B))
    assert first[0] == "Ukeplan for 5B uke 49 er publisert (versjon 1)."
    assert "Send til foresatte i 5B?" in first[1] and "[Ja]" in first[1] and "[Nei]" in first[1]
    assert texts(await bot.client.say(kari, "nei")) == ["Ok, ikke sendt. Foresatte kan hente den selv med «ukeplan»."]
    assert bot.twilio.messages == []  # nobody was sent anything

    second = texts(await bot.client.say(kari, PLAN_5B.replace("s. 12", "s. 14")))
    assert second[0] == "Ukeplan for 5B uke 49 er publisert (versjon 2)."
    await bot.client.say(kari, "Nei")
    versions = await WeekPlans(bot.services.db).versions(year=2026, week=49, class_id="c-5b")
    assert [v.version for v in versions] == [1, 2] and "s. 12" in (versions[0].body or "")

    (reply,) = await bot.client.say(kari, "ukeplan")
    card = card_of(reply)
    shown = reply_text(reply)
    assert "Ukeplan 5B – uke 49" in shown and "versjon 2" in shown
    assert "Norsk: les s. 14" in shown and "Engelsk: gloser s. 30" in shown and "Turdag" in shown
    link = card["actions"][0]["url"]
    assert link.startswith(bot.url + "/u/")
    async with bot.session.get(link) as page:
        assert page.status == 200 and page.content_type == "text/html"
        html = await page.text()
    assert "les s. 14" in html and "versjon 2" in html and "<h2>torsdag 3. desember</h2>" in html


async def test_teacher_fetches_homework_for_one_day_and_another_class_by_name(bot: Running) -> None:
    kari = bot.user(TEACHER_UPN)
    await bot.client.say(kari, PLAN_5B)
    await bot.client.say(kari, "Nei")
    (reply,) = await bot.client.say(kari, "lekser i morgen")  # Wednesday -> Thursday
    shown = reply_text(reply)
    assert "Lekser 5B torsdag 3. desember" in shown and "Engelsk: gloser s. 30" in shown
    assert "Norsk" not in shown
    per = bot.user(TEACHER_2A_UPN)
    (other,) = await bot.client.say(per, "ukeplan 5B")  # staff may look at any class's plan
    assert "Ukeplan 5B – uke 49" in reply_text(other) and "Norsk: les s. 12" in reply_text(other)
    assert texts(await bot.client.say(per, "ukeplan")) == ["Det er ikke publisert ukeplan for 2A uke 49 ennå."]


async def test_sending_to_the_class_reaches_each_guardian_once_teams_first_then_sms(bot: Running) -> None:
    async with bot.services.db.transaction() as s:  # Nora's little brother in the same class: one family
        s.add(Person(sourced_id="s-nils", role="student", given_name="Nils", family_name="Berg", grade=5, active=True))
        await s.flush()
        s.add(Enrollment(sourced_id="e-nils", class_id="c-5b", person_id="s-nils", role="student", active=True))
        s.add(Guardianship(student_id="s-nils", guardian_id="g-berg", active=True))
    lise = bot.user(GUARDIAN_TWO_KIDS_UPN)
    await bot.client.say(lise, "hei")  # Lise uses Teams: she gets the card there, not an SMS
    before = len(bot.connector.activities)

    kari = bot.user(TEACHER_UPN)
    await bot.client.say(kari, PLAN_5B)
    done = texts(await bot.client.say(kari, "Ja"))
    assert done == ["Sendt til 4 foresatte (1 på Teams, 3 på SMS)."]

    to_lise = [a for a in bot.connector.activities[before:] if a["conversation"]["id"] == lise.conversation_id]
    assert len(to_lise) == 1 and "Norsk: les s. 12" in reply_text(to_lise[0])
    assert bot.phone.inbox(GUARDIAN_TWO_KIDS) == []
    for phone in (GUARDIAN_ONE_KID, OTHER_GUARDIAN, "+4790000011"):  # Anne Berg (two in 5B), Samir, Tor
        (sms,) = bot.phone.inbox(phone)
        assert sms.startswith("Ukeplan 5B uke 49:\nMan: Norsk: les s. 12")
        assert "\nHele planen: " + bot.url + "/u/" in sms
        assert count_segments(sms).segments <= 3
    assert bot.phone.inbox(RELATIVE_PHONE) == []  # the grandmother has no parental responsibility


async def test_teacher_publishes_an_uploaded_file_from_the_emulator_and_it_is_downloadable(
    bot: Running, file_server: str
) -> None:
    kari = bot.user(TEACHER_UPN)
    replies = await bot.client.post(
        bot.client.activity(
            kari,
            text="ukeplan 5B uke 50",
            attachments=[
                {
                    "contentType": "application/pdf",
                    "contentUrl": f"{file_server}/files/ukeplan-uke49.pdf",
                    "name": "Ukeplan uke 50.pdf",
                }
            ],
        )
    )
    assert replies.status < 300
    assert bot.connector.texts(kari.conversation_id)[0] == "Ukeplan for 5B uke 50 er publisert (versjon 1)."
    await bot.client.say(kari, "Nei")

    (reply,) = await bot.client.say(kari, "ukeplan neste uke")
    card = card_of(reply)
    assert "Ukeplan uke 50.pdf" in reply_text(reply)
    download = card["actions"][1]
    assert download["title"] == "Last ned Ukeplan uke 50.pdf" and download["url"].endswith("/fil")
    async with bot.session.get(download["url"]) as resp:
        assert resp.status == 200 and resp.content_type == "application/pdf"
        assert await resp.read() == PDF
        assert "attachment" in resp.headers["Content-Disposition"]
    page_url = card["actions"][0]["url"]
    async with bot.session.get(page_url) as page:
        html = await page.text()
    assert "Last ned Ukeplan uke 50.pdf" in html
    href = re.search(r'<a href="([^"]+)">Last ned', html).group(1)  # type: ignore[union-attr]
    async with bot.session.get(urljoin(page_url, href)) as resp:  # the page's own link, as a phone follows it
        assert resp.status == 200 and await resp.read() == PDF


async def test_teacher_publishes_a_teams_file_attachment_with_text(bot: Running, file_server: str) -> None:
    bot.connector.add_member("29:kari", name="Kari Larsen", upn=TEACHER_UPN, aad_object_id="aad-kari")
    kari = bot.user("29:kari", channel_id="msteams", aad_object_id="aad-kari")
    body = bot.client.activity(
        kari,
        text="Ukeplan 5B uke 49\nMandag: Norsk: les s. 12",
        attachments=[
            {"contentType": "text/html", "content": "<p>Ukeplan 5B uke 49</p>"},
            {
                "contentType": "application/vnd.microsoft.teams.file.download.info",
                "name": "uke49.docx",
                "content": {
                    "downloadUrl": f"{file_server}/files/ukeplan-uke49.pdf",
                    "uniqueId": "1",
                    "fileType": "docx",
                },
            },
        ],
    )
    await bot.client.post(body)
    assert bot.connector.texts(kari.conversation_id)[0] == "Ukeplan for 5B uke 49 er publisert (versjon 1)."
    plan = await WeekPlans(bot.services.db).latest_for_class("c-5b", 2026, 49)
    assert plan is not None and plan.file_name == "uke49.docx" and plan.body == "Mandag: Norsk: les s. 12"
    assert plan.file_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (await WeekPlans(bot.services.db).file(plan.id)).data == PDF  # type: ignore[union-attr]


async def test_a_file_over_the_cap_is_refused_while_downloading(bot: Running, file_server: str) -> None:
    kari = bot.user(TEACHER_UPN)
    await bot.client.post(
        bot.client.activity(
            kari,
            text="ukeplan 5B uke 49",
            attachments=[
                {"contentType": "application/pdf", "contentUrl": f"{file_server}/files/huge.pdf", "name": "huge.pdf"}
            ],
        )
    )
    assert bot.connector.texts(kari.conversation_id) == ["Filen er for stor. Den kan være på høyst 10 MB."]
    assert await WeekPlans(bot.services.db).latest_week_for_class("c-5b") is None


async def test_only_teachers_of_the_class_and_leaders_publish(bot: Running) -> None:
    per = bot.user(TEACHER_2A_UPN)  # teaches 2A, not 5B
    assert texts(await bot.client.say(per, PLAN_5B)) == [
        "Beklager, du kan bare publisere ukeplaner for klasser du underviser i."
    ]
    office = bot.user(OFFICE_UPN)
    assert "bare publisere" in texts(await bot.client.say(office, PLAN_5B))[0]
    assert await WeekPlans(bot.services.db).latest_week_for_class("c-5b") is None
    leader = bot.user(LEADER_UPN)
    assert texts(await bot.client.say(leader, PLAN_5B.replace("5B", "5. trinn")))[0] == (
        "Ukeplan for 5. trinn uke 49 er publisert (versjon 1)."
    )


async def test_a_pupil_gets_their_own_class_and_not_another(bot: Running) -> None:
    await WeekPlans(bot.services.db).publish(year=2026, week=49, class_id="c-5b", body=PLAN_5B.split("\n", 1)[1])
    await WeekPlans(bot.services.db).publish(year=2026, week=49, class_id="c-2a", body="Mandag: Lesing: Emma-bok")
    ola = bot.user(STUDENT_UPN)
    (reply,) = await bot.client.say(ola, "hva er leksa til fredag")
    assert "Lekser 5B fredag 4. desember" in reply_text(reply) and "Turdag" in reply_text(reply)
    refused = texts(await bot.client.say(ola, "ukeplan 2A"))
    assert refused == ["Du kan bare se ukeplanen til klassen din."]


async def test_a_teacher_of_two_classes_is_asked_which(bot: Running) -> None:
    async with bot.services.db.transaction() as s:
        s.add(Enrollment(sourced_id="e-kari-2a", class_id="c-2a", person_id="t-kari", role="teacher", active=True))
    plans = WeekPlans(bot.services.db)
    await plans.publish(year=2026, week=49, class_id="c-2a", body="Mandag: Lesing: les Emma-boka")
    kari = bot.user(TEACHER_UPN)
    asked = texts(await bot.client.say(kari, "ukeplan"))
    assert asked == ["Hvilken klasse?\n[2A]\n[5B]"]
    (reply,) = await bot.client.say(kari, "2A")
    assert "Ukeplan 2A – uke 49" in reply_text(reply) and "Lesing: les Emma-boka" in reply_text(reply)
