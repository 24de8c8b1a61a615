"""Round 7 (suite 570 and 541): a broadcast asked for after an acknowledgement ("ok, …", "greit, …", "ja, …",
"fine, …") and in "en vanlig melding" / "ei vanleg melding" / "a normal message" / "bare en melding" words, which
make it everyday news even when the text speaks of a fire drill; and, by SMS, a leader's request in plain words
("send til foresatte i 5B: …") kept while the PIN is asked for in one line, then the usual preview and "JA", with
the lockout of "VARSEL <PIN> …" (three wrong PINs lock the number)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dialogs.broadcast.dialogs import COMPOSE, SMS_COMPOSE, _compose_route
from dialogs.broadcast.phrases import read_staff_compose
from dialogs.broadcast.render import ComposeRequest, read_compose, read_pin
from storage.broadcasts import Broadcasts
from storage.models import AuditEntry, InboundMessage
from storage.people import PersonInfo
from storage.segments import count_segments
from tests.broadcast.conftest import latest_broadcast, settle
from tests.broadcast.test_teams_broadcast import compose, confirm
from tests.e2e.harness import Running
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, LEADER_PHONE, OTHER_GUARDIAN, TEACHER_UPN

PIN = "4821"
TEACHER_PHONE = "+4792000001"


def _ordinary(audience: str, text: str) -> ComposeRequest:
    return ComposeRequest(audience=audience, text=text, command=False, ordinary=True)


# ---------------------------------------------------------------------------- reading the request


@pytest.mark.parametrize(
    ("said", "wanted"),
    [
        (
            "ok, send en vanlig melding til foresatte i 2A: Vi har brannøvelse i morgen kl 9. Ingen grunn til uro.",
            _ordinary("guardians:class:2A", "Vi har brannøvelse i morgen kl 9. Ingen grunn til uro."),
        ),
        (
            "greit, send ei vanleg melding til føresette i 3B: Brannøving på fredag, borna veit kva dei skal gjere.",
            _ordinary("guardians:class:3B", "Brannøving på fredag, borna veit kva dei skal gjere."),
        ),
        (
            "fine, send a normal message to the parents in 4A: We test the fire alarm on Monday at 10.",
            _ordinary("guardians:class:4A", "We test the fire alarm on Monday at 10."),
        ),
        (
            "ja, send bare en melding til alle foresatte: Evakueringsøvelsen i dag gikk fint.",
            _ordinary("guardians", "Evakueringsøvelsen i dag gikk fint."),
        ),
        (
            "Okei. Send ein vanleg beskjed til alle tilsette: Brannøvinga er flytta til torsdag.",
            _ordinary("staff", "Brannøvinga er flytta til torsdag."),
        ),
        (
            "ok send just a message to all parents: the fire drill went well",
            _ordinary("guardians", "The fire drill went well"),
        ),
        (
            "ja, send foreldrene i 6A en vanlig melding om at vi har brannøvelse onsdag",
            _ordinary("guardians:class:6A", "Vi har brannøvelse onsdag"),
        ),
        (
            "ok, gi ei vanleg melding til føresette på skulen om at det er brannøving i dag",
            _ordinary("guardians", "Det er brannøving i dag"),
        ),
    ],
)
def test_an_acknowledgement_and_ordinary_words_before_the_request(said: str, wanted: ComposeRequest) -> None:
    assert read_staff_compose(said) == wanted


@pytest.mark.parametrize(
    "said",
    [
        "ok, send til foresatte i 5B: Husk gymtøy i morgen.",
        "ja, melding til 2A: Turen er utsatt.",
        "greit, si til foreldrene i 5B at turen er utsatt",
    ],
)
def test_the_message_own_words_are_not_what_makes_it_ordinary(said: str) -> None:
    request = read_staff_compose(said)
    assert request is not None and request.audience and request.text and not request.ordinary


def test_a_leading_acknowledgement_before_the_command_form_and_an_alert() -> None:
    request = read_compose("ok, send en vanlig melding til 5B: Husk matpakke")
    assert request == ComposeRequest(audience="class:5B", text="Husk matpakke", command=False, ordinary=True)
    alert = read_staff_compose("ok, send beredskapsvarsel til alle: Skolen stenger kl 12")
    assert alert is not None and alert.emergency and alert.audience == "school" and alert.text == "Skolen stenger kl 12"


def _person(role: str) -> PersonInfo:
    return PersonInfo("x", role, "A", "B", language=None, sms=None, phone=None, email=None, username=None)


def test_ordinary_words_keep_a_drill_or_a_fire_in_the_text_from_making_an_alert() -> None:
    teacher = _person("teacher")
    plain = _compose_route("send til foresatte i 5B: The fire alarm will be tested at 10", teacher, is_sms=False)
    assert plain is not None and plain.options["emergency"]  # a fire alarm, said in no ordinary words: an alert
    for said in (
        "ok, send a normal message to the parents in 5B: The fire alarm will be tested at 10",
        "ja, send ei vanleg melding til føresette i 5B: Brannalarmen vert testa kl 10, det er fare for støy",
        "send bare en beskjed til foresatte i 5B: Det var brann i en søppeldunk, ingen fare.",
    ):
        route = _compose_route(said, teacher, is_sms=False)
        assert route is not None and route.dialog_id == COMPOSE and not route.options["emergency"], said


def test_by_sms_a_request_in_words_is_kept_for_the_pin() -> None:
    route = _compose_route("send til foresatte i 5B: Møtet er flyttet", _person("administrator"), is_sms=True)
    assert route is not None and route.dialog_id == SMS_COMPOSE
    assert route.options == {
        "plain": True,
        "emergency": False,
        "drill": False,
        "text": "Møtet er flyttet",
        "audience": "guardians:class:5B",
    }


@pytest.mark.parametrize(
    ("said", "pin"),
    [
        ("2580", "2580"),
        (" 2580. ", "2580"),
        ("PIN 2580", "2580"),
        ("pin: 918273", "918273"),
        ("koden er 2580", "2580"),
        ("PIN-koden min er 2580", None),
        ("min pinkode er 2580", "2580"),
        ("my PIN is 2580", "2580"),
        ("ja", None),
        ("123", None),
        ("ring meg på 22123456 i morgen", None),
        ("send 2580", None),
    ],
)
def test_a_pin_answer(said: str, pin: str | None) -> None:
    assert read_pin(said) == pin


# ---------------------------------------------------------------------------- end to end


async def _pins(bot: Running) -> None:
    await Broadcasts(bot.services.db).set_pin("a-rektor", PIN)


async def test_a_teacher_refused_an_alert_then_sends_an_ordinary_message_about_a_drill(bot: Running) -> None:
    refused = await compose(bot, TEACHER_UPN, "send beredskapsvarsel til foresatte i 5B: evakuering nå")
    assert "ledelsen" in refused
    preview = await compose(
        bot, TEACHER_UPN, "greit, send en vanlig melding til foresatte i 5B: Vi har brannøvelse i dag kl 11."
    )
    assert "Forhåndsvisning av melding" in preview and "BEREDSKAP" not in preview
    assert "Svar OK" not in preview  # no acknowledgement asked for: everyday news
    assert "Til: foresatte i 5B" in preview
    assert bot.twilio.messages == []
    await confirm(bot, TEACHER_UPN)
    rows = await settle(bot, await latest_broadcast(bot.services.db))
    assert {r.status for r in rows} == {"delivered"}
    assert bot.phone.inbox(GUARDIAN_ONE_KID) == ["Vi har brannøvelse i dag kl 11.\nHilsen Kari Larsen, Solbakken skole"]


async def test_a_leader_texts_a_request_in_words_and_is_asked_for_the_pin_then_previews_and_sends(
    bot: Running,
) -> None:
    await _pins(bot)
    asked = await bot.phone.text(LEADER_PHONE, "send til foresatte i 5B: Foreldremøtet er flyttet til biblioteket.")
    assert asked == [
        "Meldingen til foresatte i 5B er klar. Svar med PIN-koden din, så får du en forhåndsvisning før noe sendes."
    ]
    assert count_segments(asked[0]).segments == 1
    wrong = await bot.phone.text(LEADER_PHONE, "1357")  # one wrong PIN: told, and asked again; the request is kept
    assert wrong == [
        "Feil PIN. 2 forsøk igjen før SMS-varsel sperres for dette nummeret. Svar med riktig PIN, eller AVBRYT."
    ]
    preview = await bot.phone.text(LEADER_PHONE, f"PIN {PIN}")
    assert len(preview) == 1
    assert preview[0].startswith('VARSEL til foresatte i 5B: "Foreldremøtet er flyttet til biblioteket." 4 pers.')
    assert preview[0].endswith("Svar JA for å sende.") and PIN not in preview[0]
    assert not bot.phone.inbox(GUARDIAN_ONE_KID)  # nothing before "JA"
    queued = await bot.phone.text(LEADER_PHONE, "JA")
    assert queued[0].startswith("Sendt til kø: 4 mottakere")
    rows = await settle(bot, await latest_broadcast(bot.services.db))
    assert sorted(r.address or "" for r in rows) == sorted(
        [GUARDIAN_TWO_KIDS, "+4790000011", GUARDIAN_ONE_KID, OTHER_GUARDIAN]
    )
    assert bot.phone.inbox(GUARDIAN_ONE_KID) == ["Foreldremøtet er flyttet til biblioteket.\nHilsen Solbakken skole"]
    async with bot.services.db.transaction() as s:
        forms = (await s.execute(select(InboundMessage.form).where(InboundMessage.channel_id == "sms"))).scalars()
        assert all(PIN not in (form or "") for form in forms)  # the message that carried the PIN is not kept
        actions = (await s.execute(select(AuditEntry.action))).scalars().all()
    assert actions.count("broadcast.pin_wrong") == 1 and "broadcast" in actions


async def test_three_wrong_pin_answers_lock_the_number_as_for_varsel(bot: Running) -> None:
    await _pins(bot)
    await bot.phone.text(LEADER_PHONE, "ok, send ei vanleg melding til føresette i 5B: Turen er flytta til fredag.")
    assert (await bot.phone.text(LEADER_PHONE, "1111"))[0].startswith("Feil PIN. 2 forsøk att")
    assert (await bot.phone.text(LEADER_PHONE, "koden er 2222"))[0].startswith("Feil PIN. 1 forsøk att")
    locked = await bot.phone.text(LEADER_PHONE, "3333")
    assert locked == ["SMS-varsel er sperra for dette nummeret etter for mange feil PIN. Bruk Teams, eller be IT opne."]
    assert (await bot.phone.text(LEADER_PHONE, f"VARSEL {PIN} Skolen stenger"))[0].startswith("SMS-varsel er sperra")
    again = await bot.phone.text(LEADER_PHONE, "send til alle foresatte: Turen er flyttet til fredag.")
    assert (await bot.phone.text(LEADER_PHONE, PIN))[0].startswith("SMS-varsel er sperra")  # even the right PIN
    assert "PIN" in again[0]
    assert not bot.phone.inbox(GUARDIAN_ONE_KID)


async def test_an_answer_that_is_no_pin_is_asked_again_in_other_words_then_ends(bot: Running) -> None:
    await _pins(bot)
    first = await bot.phone.text(LEADER_PHONE, "fine, send a normal message to all parents: School starts at 10.")
    assert first[0].startswith("Your message to all guardians is ready. Reply with your PIN")
    retry = await bot.phone.text(LEADER_PHONE, "yes")
    assert retry[0].startswith("Reply with just your PIN") and retry != first
    assert await bot.phone.text(LEADER_PHONE, "what pin?") == [
        "I got no PIN, so the message has not been sent. Send the request again when you have your PIN, or use Teams."
    ]
    assert await bot.phone.text(LEADER_PHONE, PIN) != []  # the PIN later starts nothing by itself
    assert not bot.phone.inbox(GUARDIAN_ONE_KID)


async def test_a_new_request_wins_over_the_pin_question_and_avbryt_cancels(bot: Running) -> None:
    await _pins(bot)
    await bot.phone.text(LEADER_PHONE, "send til foresatte i 5B: Husk gymtøy i morgen.")
    answered = await bot.phone.text(LEADER_PHONE, "hvem er borte i dag?")
    assert "PIN" not in answered[0] and "fravær" in answered[0].lower()
    await bot.phone.text(LEADER_PHONE, "ja, melding til 5B: Husk gymtøy i morgen.")
    assert await bot.phone.text(LEADER_PHONE, "avbryt") == ["Ok, avbrutt."]
    assert not bot.phone.inbox(GUARDIAN_ONE_KID)


async def test_an_alert_in_words_by_sms_asks_for_the_pin_as_an_alert(bot: Running) -> None:
    await _pins(bot)
    asked = await bot.phone.text(LEADER_PHONE, "ok, send beredskapsvarsel til alle: Strømbrudd, hent barna")
    assert asked[0].startswith("Beredskapsvarselet til hele skolen er klart. Svar med PIN-koden din")
    preview = await bot.phone.text(LEADER_PHONE, PIN)
    assert preview[0].startswith('BEREDSKAP til hele skolen: "Strømbrudd, hent barna" 8 pers.')
    assert await bot.phone.text(LEADER_PHONE, "nei") == ["Ok, meldingen er ikke sendt."]


async def test_what_cannot_be_sent_is_said_before_the_pin(bot: Running) -> None:
    await _pins(bot)
    unknown = await bot.phone.text(LEADER_PHONE, "send til foresatte i 9Z: Husk gymtøy")
    assert unknown == [
        'Jeg finner ikke "foresatte i 9Z". Skriv for eksempel "hele skolen", "foresatte i 5B" eller "5. trinn".'
    ]  # by SMS the quotes are GSM-7
    assert await bot.phone.text(TEACHER_PHONE, "send til foresatte i 5B: Husk gymtøy") == [
        "Beklager, SMS-varsel kan bare sendes av skoleledelsen."
    ]
    guardian = await bot.phone.text(GUARDIAN_ONE_KID, "ok, send til foresatte i 5B: Husk gymtøy")
    assert guardian[0].startswith("Beklager, bare skoleledelsen og lærere kan sende meldinger til flere.")
    assert bot.phone.inbox(OTHER_GUARDIAN) == []


async def test_a_leader_without_a_pin_learns_it_at_the_answer(bot: Running) -> None:
    await bot.phone.text(LEADER_PHONE, "send til foresatte i 5B: Husk gymtøy")
    assert await bot.phone.text(LEADER_PHONE, "2580") == ["Du har ingen PIN for SMS-varsel. Be IT sette en."]
