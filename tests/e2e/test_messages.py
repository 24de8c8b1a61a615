"""/api/messages end to end, as the Emulator and Teams post it, replies read from a fake connector."""

from __future__ import annotations

from tests.e2e.harness import Running, running_bot
from tests.e2e.seed import LEADER_UPN, TEACHER_UPN
from tests.security.production import environment


async def test_teacher_says_hei_and_is_greeted_by_name_in_norwegian(bot: Running) -> None:
    replies = await bot.client.say(bot.user(TEACHER_UPN), "hei")
    assert len(replies) == 1
    assert replies[0]["text"].startswith("Hei, Kari!")
    assert "hjelp" in replies[0]["text"]


async def test_unknown_teams_user_gets_a_polite_answer_that_tells_nothing(bot: Running) -> None:
    replies = await bot.client.say(bot.user("stranger@evil.example"), "hvem går i 5B?")
    assert len(replies) == 1
    text = replies[0]["text"]
    assert "ikke registrert" in text
    for secret in ("Ola", "Kari", "5B", "Nordmann"):
        assert secret not in text


async def test_help_is_in_the_persons_role(bot: Running) -> None:
    teacher = (await bot.client.say(bot.user(TEACHER_UPN), "hjelp"))[0]["text"]
    assert "book" in teacher.lower()


async def test_language_choice_is_remembered(bot: Running) -> None:
    user = bot.user(LEADER_UPN)
    await bot.client.say(user, "språk nynorsk")
    replies = await bot.client.say(user, "hei")
    assert replies[0]["text"].startswith("Hei, Randi! Eg er Skolebot")
    person = await bot.services.people.get("a-rektor")
    assert person is not None and person.language == "nn"


async def test_english_speaker_is_answered_in_english(bot: Running) -> None:
    replies = await bot.client.say(bot.user(TEACHER_UPN), "hello, what can you do for me please?")
    # A question about the service gets the help (issue 17), in English like any answer.
    assert replies[0]["text"].startswith("You can")


async def test_teams_member_lookup_identifies_by_upn_and_remembers_aad_id(school_db_url: str) -> None:
    """Real Teams: the bot asks the connector for the member and matches userPrincipalName."""
    async with running_bot(school_db_url) as bot:
        bot.connector.add_member("29:kari", name="Kari Larsen", upn=TEACHER_UPN, aad_object_id="aad-kari")
        user = bot.user("29:kari", channel_id="msteams")
        user.name = "Kari Larsen"
        replies = await bot.client.say(user, "hei")
        assert replies[0]["text"].startswith("Hei, Kari!")
        assert (await bot.services.people.by_aad_object_id("aad-kari")) is not None


async def test_card_submit_without_text_does_not_crash(bot: Running) -> None:
    replies = await bot.client.say(bot.user(TEACHER_UPN), None, value={"action": "nothing"})
    assert len(replies) == 1
    # staff get what the bot does for them, not a bare "det forsto jeg ikke"
    assert replies[0]["text"].startswith("Det kan jeg dessverre ikke hjelpe med")


async def test_bad_requests_get_clear_4xx(bot: Running) -> None:
    async with bot.session.post(
        f"{bot.url}/api/messages", data="not json", headers={"Content-Type": "application/json"}
    ) as resp:
        assert resp.status == 400
    async with bot.session.post(
        f"{bot.url}/api/messages", data="x=1", headers={"Content-Type": "application/x-www-form-urlencoded"}
    ) as resp:
        assert resp.status == 415
    async with bot.session.post(f"{bot.url}/api/messages", json={"text": "no type"}) as resp:
        assert resp.status == 400


async def test_malformed_authorization_header_is_401_when_auth_is_on(school_db_url: str) -> None:
    async with running_bot(school_db_url, **environment("teams")) as bot:
        body = bot.client.activity(bot.user(TEACHER_UPN), text="hei")
        for header in ("Bearer", "Bearer not.a.jwt", "Basic abc", "garbage"):
            resp = await bot.client.post(body, headers={"Authorization": header})
            assert resp.status == 401, header
        resp = await bot.client.post(body)
        assert resp.status == 401
        assert bot.connector.activities == []


async def test_malformed_authorization_header_in_local_mode_is_not_a_500(bot: Running) -> None:
    body = bot.client.activity(bot.user(TEACHER_UPN), text="hei")
    resp = await bot.client.post(body, headers={"Authorization": "Bearer not.a.jwt"})
    assert resp.status in (201, 200, 401)


async def test_health_and_readiness(bot: Running) -> None:
    async with bot.session.get(f"{bot.url}/healthz") as resp:
        assert resp.status == 200
    async with bot.session.get(f"{bot.url}/readyz") as resp:
        assert resp.status == 200
        assert (await resp.json())["status"] == "ready"


async def test_readiness_says_when_migrations_are_missing(tmp_path) -> None:
    async with running_bot(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}") as bot:
        async with bot.session.get(f"{bot.url}/readyz") as resp:
            assert resp.status == 503
            assert "skolebot db upgrade" in (await resp.json())["status"]
