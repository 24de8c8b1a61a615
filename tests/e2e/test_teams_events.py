"""Teams install and uninstall events over /api/messages, posted the way Teams posts them.

Installing the app in a personal scope sends both an `installationUpdate` (action add) and a
`conversationUpdate` with the bot in `membersAdded`; both carry `channelData.tenant`. The
conversation reference stored then is what the school's notices (an absence told to the
contact teacher) travel on later; a 403 from the connector means the person blocked the bot.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import ConversationRef
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, OTHER_GUARDIAN, TEACHER_UPN

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
TENANT_ID = "5f1b7c2e-0000-4000-8000-solbakken000"
BOT_ACCOUNT = {"id": "28:skolebot-app", "name": "Skolebot"}
KARI_ID, KARI_AAD, KARI_SMS = "29:1kari-larsen", "aad-kari-larsen", "+4792000001"
KARI_CHAT = "a:1personal-kari"
TEAM_CHANNEL = "19:5b-lærerne@thread.tacv2"
_ids = itertools.count(1)


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        bot.connector.add_member(KARI_ID, name="Kari Larsen", upn=TEACHER_UPN, aad_object_id=KARI_AAD)
        yield bot


def teams_activity(
    bot: Running,
    kind: str,
    *,
    user_id: str = KARI_ID,
    aad: str | None = KARI_AAD,
    scope: str = "personal",
    **fields: Any,
) -> dict[str, Any]:
    """An activity as Teams posts it: msteams channel, tenant in channelData, client info entity."""
    if scope == "personal":
        conversation = {"conversationType": "personal", "tenantId": TENANT_ID, "id": KARI_CHAT}
        channel_data: dict[str, Any] = {"tenant": {"id": TENANT_ID}}
    else:  # a team's channel
        conversation = {"isGroup": True, "conversationType": "channel", "tenantId": TENANT_ID, "id": TEAM_CHANNEL}
        channel_data = {
            "tenant": {"id": TENANT_ID},
            "team": {"id": TEAM_CHANNEL, "name": "5B-lærerne", "aadGroupId": "grp-5b"},
            "channel": {"id": TEAM_CHANNEL},
        }
    body: dict[str, Any] = {
        "type": kind,
        "id": f"f:{next(_ids)}",
        "timestamp": "2026-11-30T07:05:00.000Z",
        "localTimestamp": "2026-11-30T08:05:00.000+01:00",
        "serviceUrl": bot.connector_url,
        "channelId": "msteams",
        "from": {"id": user_id, "aadObjectId": aad},
        "recipient": BOT_ACCOUNT,
        "conversation": conversation,
        "channelData": channel_data,
        "entities": [
            {"type": "clientInfo", "locale": "nb-NO", "country": "NO", "platform": "Web", "timezone": "Europe/Oslo"}
        ],
        "locale": "nb-NO",
    }
    body.update(fields)
    return body


async def post(bot: Running, body: dict[str, Any]) -> list[str]:
    """Post one activity to /api/messages; the texts the bot answered into that conversation."""
    before = len(bot.connector.activities)
    resp = await bot.client.post(body)
    assert resp.status < 300, resp.status
    conversation = body["conversation"]["id"]
    return [
        a.get("text") or ""
        for a in bot.connector.activities[before:]
        if a.get("conversation", {}).get("id") == conversation
    ]


async def install_personal(bot: Running, **kw: Any) -> list[str]:
    """What Teams sends when a person adds the app for themselves: both events."""
    texts = await post(bot, teams_activity(bot, "installationUpdate", action="add", **kw))
    texts += await post(bot, teams_activity(bot, "conversationUpdate", membersAdded=[{"id": BOT_ACCOUNT["id"]}], **kw))
    return texts


async def report_absence(bot: Running, phone: str, text: str) -> None:
    (answer,) = await bot.phone.text(phone, text)
    assert answer.startswith("Registrert:"), answer


async def refs_of(bot: Running, person_id: str) -> dict[str, str]:
    async with bot.services.db.transaction() as s:
        rows = (await s.execute(select(ConversationRef).where(ConversationRef.person_id == person_id))).scalars()
        return {row.channel_id: row.conversation_id for row in rows}


async def test_personal_install_welcomes_by_name_once_and_later_notices_arrive_in_that_chat(school: Running) -> None:
    welcome = await install_personal(school)
    assert welcome == ["Hei, Kari! Jeg er Skolebot. Skriv «hjelp» for å se hva jeg kan."]
    assert await refs_of(school, "t-kari") == {"msteams": KARI_CHAT}
    assert await school.services.people.by_aad_object_id(KARI_AAD) is not None  # matched by the member lookup

    await report_absence(school, GUARDIAN_ONE_KID, "Nora er syk i dag")
    notice = school.connector.texts(KARI_CHAT)[-1]
    assert "Nora Berg (5B)" in notice and "sykdom" in notice
    assert school.phone.inbox(KARI_SMS) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nn", "Hei, Kari! Eg er Skolebot. Skriv «hjelp» for å sjå kva eg kan."),
        ("en", 'Hi, Kari! I am Skolebot. Write "help" to see what I can do.'),
    ],
)
async def test_welcome_is_in_the_persons_own_language(school: Running, language: str, expected: str) -> None:
    await school.services.people.set_language("t-kari", language)
    assert await install_personal(school) == [expected]


async def test_someone_not_in_the_roster_gets_a_welcome_without_names_and_nothing_is_stored(school: Running) -> None:
    welcome = await install_personal(school, user_id="29:1stranger", aad="aad-stranger")
    assert welcome == ["Hei! Jeg er Skolebot, skolens assistent. Skriv «hjelp» for å se hva jeg kan."]
    async with school.services.db.transaction() as s:
        assert (await s.execute(select(ConversationRef))).scalars().all() == []


async def test_uninstall_marks_blocked_and_notices_go_by_sms_until_installed_again(school: Running) -> None:
    await install_personal(school)
    del school.connector.members[KARI_ID]  # after removal Teams no longer answers member lookups for the bot
    assert await post(school, teams_activity(school, "installationUpdate", action="remove")) == []
    kari = await school.services.people.get("t-kari")
    assert kari is not None and kari.teams_blocked

    attempts = school.connector.requests
    await report_absence(school, GUARDIAN_ONE_KID, "Nora er syk i dag")
    assert school.connector.requests == attempts  # Teams is not even tried
    (sms,) = school.phone.inbox(KARI_SMS)
    assert "Nora Berg (5B)" in sms

    school.connector.add_member(KARI_ID, name="Kari Larsen", upn=TEACHER_UPN, aad_object_id=KARI_AAD)
    assert (await install_personal(school))[0].startswith("Hei, Kari!")
    await report_absence(school, OTHER_GUARDIAN, "Jonas er syk i dag")
    assert "Jonas Ali (5B)" in school.connector.texts(KARI_CHAT)[-1]
    assert len(school.phone.inbox(KARI_SMS)) == 1


async def test_a_403_from_teams_marks_the_person_blocked_and_the_notice_falls_back_to_sms(school: Running) -> None:
    await install_personal(school)
    school.connector.blocked.add(KARI_CHAT)  # Kari blocked the bot in Teams; the connector answers 403

    await report_absence(school, GUARDIAN_ONE_KID, "Nora er syk i dag")
    (sms,) = school.phone.inbox(KARI_SMS)
    assert "Nora Berg (5B)" in sms and "sykdom" in sms
    kari = await school.services.people.get("t-kari")
    assert kari is not None and kari.teams_blocked
    assert not any("Nora" in text for text in school.connector.texts(KARI_CHAT))

    attempts = school.connector.requests
    await report_absence(school, OTHER_GUARDIAN, "Jonas er syk i dag")
    assert school.connector.requests == attempts  # the next notice goes straight to SMS
    assert "Jonas Ali (5B)" in school.phone.inbox(KARI_SMS)[-1]


async def test_writing_to_the_bot_again_after_a_403_lifts_the_block(school: Running) -> None:
    await install_personal(school)
    school.connector.blocked.add(KARI_CHAT)
    await report_absence(school, GUARDIAN_ONE_KID, "Nora er syk i dag")
    school.connector.blocked.clear()  # Kari unblocked the bot and writes to it

    (answer,) = await post(school, teams_activity(school, "message", text="hei"))
    assert answer.startswith("Hei, Kari!")
    await report_absence(school, OTHER_GUARDIAN, "Jonas er syk i dag")
    assert "Jonas Ali (5B)" in school.connector.texts(KARI_CHAT)[-1]
    assert len(school.phone.inbox(KARI_SMS)) == 1


async def test_adding_the_app_to_a_team_neither_redirects_nor_blocks_the_persons_own_chat(school: Running) -> None:
    await install_personal(school)
    welcome = await post(school, teams_activity(school, "installationUpdate", action="add", scope="team"))
    welcome += await post(
        school,
        teams_activity(
            school,
            "conversationUpdate",
            scope="team",
            membersAdded=[{"id": BOT_ACCOUNT["id"]}],
            channelData={
                "tenant": {"id": TENANT_ID},
                "eventType": "teamMemberAdded",
                "team": {"id": TEAM_CHANNEL, "name": "5B-lærerne"},
            },
        ),
    )
    assert welcome == ["Hei! Jeg er Skolebot, skolens assistent. Send meg en direktemelding, så hjelper jeg deg der."]
    assert await refs_of(school, "t-kari") == {"msteams": KARI_CHAT}

    assert await post(school, teams_activity(school, "installationUpdate", action="remove", scope="team")) == []
    kari = await school.services.people.get("t-kari")
    assert kari is not None and not kari.teams_blocked

    await report_absence(school, GUARDIAN_ONE_KID, "Nora er syk i dag")  # a child's absence is not for a team
    assert not any("Nora" in text for text in school.connector.texts(TEAM_CHANNEL))
    assert "Nora Berg (5B)" in school.connector.texts(KARI_CHAT)[-1]


async def test_a_colleague_joining_a_team_is_not_welcomed_by_the_bot(school: Running) -> None:
    school.connector.add_member(
        "29:1per", name="Per Hansen", upn="per.hansen@solbakken.skole.no", aad_object_id="aad-per"
    )
    texts = await post(
        school,
        teams_activity(
            school,
            "conversationUpdate",
            scope="team",
            membersAdded=[{"id": "29:1per", "aadObjectId": "aad-per"}],
            channelData={
                "tenant": {"id": TENANT_ID},
                "eventType": "teamMemberAdded",
                "team": {"id": TEAM_CHANNEL, "name": "5B-lærerne"},
            },
        ),
    )
    assert texts == []


async def test_the_emulator_opening_a_chat_is_welcomed_by_name_and_remembered(school: Running) -> None:
    """The Bot Framework Emulator sends no installationUpdate: its conversationUpdate welcomes."""
    kari = school.user(TEACHER_UPN)
    body = school.client.activity(
        kari, type="conversationUpdate", membersAdded=[{"id": kari.user_id, "name": kari.name}, {"id": "skolebot"}]
    )
    assert (await school.client.post(body)).status < 300
    assert school.connector.texts(kari.conversation_id) == [
        "Hei, Kari! Jeg er Skolebot. Skriv «hjelp» for å se hva jeg kan."
    ]
    assert await refs_of(school, "t-kari") == {"emulator": kari.conversation_id}
