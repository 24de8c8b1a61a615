"""The pure parts: what senders type, how messages are marked and counted, how long sending takes."""

from __future__ import annotations

import pytest

from adapters.sms.twilio_client import TwilioSendError
from bot.outbox_worker import ConversationLimiter, backoff, sms_outcome, teams_outcome
from dialogs.broadcast.commands import progress_line
from dialogs.broadcast.render import (
    audience_from_phrase,
    audience_label,
    channels_from_answer,
    channels_from_option,
    duration_text,
    estimate_seconds,
    is_acknowledgement,
    is_yes,
    marked,
    preview_numbers,
    read_compose,
    read_sms_command,
    sms_text,
)
from storage.audiences import Audience, Recipient, parse_audience, plan_routes
from storage.broadcasts import BadPin, check_pin_strength, hash_pin, verify_pin


def test_a_drill_is_marked_before_and_after_and_an_emergency_asks_for_ok() -> None:
    assert marked("Brannalarm, gå ut", drill=True) == "ØVELSE: Brannalarm, gå ut (ØVELSE)"
    assert marked("Brannalarm", drill=False) == "Brannalarm"
    body = sms_text("Skolen stenger kl 12", drill=True, emergency=True, language="nb")
    assert body.startswith("ØVELSE: Skolen stenger kl 12 (ØVELSE)") and body.endswith(
        "Svar OK når du har lest meldingen."
    )
    assert "Svar OK" not in sms_text("Husk gymtøy", drill=False, emergency=False, language="nb")


def test_sms_text_is_made_gsm7_so_it_costs_fewer_segments() -> None:
    body = sms_text("«Turdag» i morgen – ta med matpakke", drill=False, emergency=False, language="nb")
    assert body == '"Turdag" i morgen - ta med matpakke'


def test_preview_counts_cost_and_duration() -> None:
    people = [
        Recipient("g1", "A", "A", "parent", "nb", "+4790000001", False, False, None),
        Recipient("g2", "B", "B", "parent", "nb", "+4790000002", True, False, None),  # opted out
        Recipient("g3", "C", "C", "parent", "nb", None, False, False, "msteams"),
        Recipient("g4", "D", "D", "parent", "nb", None, False, False, None),  # nowhere
    ]
    text = "x" * 200  # two GSM-7 segments
    everyday = plan_routes(people, "both", emergency=False, overrides_opt_out=True)
    numbers = preview_numbers(everyday, ["g2"], sms_body=text, sms_rate=10, teams_rate=40)
    assert (numbers.people, numbers.teams, numbers.sms, numbers.addresses) == (4, 1, 1, 2)
    assert (numbers.segments, numbers.sms_segments) == (2, 2)
    assert (numbers.opted_out_skipped, numbers.opted_out_included, numbers.no_address) == (1, 0, 1)
    emergency = plan_routes(people, "both", emergency=True, overrides_opt_out=True)
    numbers = preview_numbers(emergency, ["g2"], sms_body=text, sms_rate=10, teams_rate=40)
    assert (numbers.sms, numbers.opted_out_included, numbers.sms_segments) == (2, 1, 4)
    respected = plan_routes(people, "both", emergency=True, overrides_opt_out=False)
    assert [r.reason for r in respected if r.person_id == "g2"] == ["opted_out"]


def test_duration_is_the_slower_channel_at_its_rate() -> None:
    assert estimate_seconds(1200, 40, sms_rate=10, teams_rate=40) == 120.0
    assert estimate_seconds(10, 4000, sms_rate=10, teams_rate=40) == 100.0
    assert duration_text("nb", 30) == "under ett minutt"
    assert duration_text("nb", 121) == "ca. 3 min"
    assert duration_text("en", 3 * 3600) == "about 3.0 hours"


def test_routes_teams_first_then_sms_and_only_teams_when_asked() -> None:
    both = Recipient("p", "P", "P", "parent", None, "+4790000001", False, False, "msteams")
    blocked = Recipient("q", "Q", "Q", "parent", None, "+4790000002", False, True, "msteams")
    assert [
        (r.channel, r.address) for r in plan_routes([both, blocked], "both", emergency=False, overrides_opt_out=True)
    ] == [("teams", "msteams"), ("sms", "+4790000002")]
    assert [r.channel for r in plan_routes([both], "sms", emergency=False, overrides_opt_out=True)] == ["sms"]
    only_teams = plan_routes([blocked], "teams", emergency=False, overrides_opt_out=True)
    assert [(r.status, r.reason) for r in only_teams] == [("skipped", "no_teams")]


@pytest.mark.parametrize(
    ("text", "emergency", "drill", "body", "audience"),
    [
        (
            "/beredskap Skolen stenger kl 12 på grunn av strømbrudd",
            True,
            False,
            "Skolen stenger kl 12 på grunn av strømbrudd",
            None,
        ),
        ("beredskap", True, False, None, None),
        ("varsel", False, False, None, None),
        ("Varsel: Husk refleks", False, False, "Husk refleks", None),
        ("/øvelse Brannøvelse nå", True, True, "Brannøvelse nå", None),
        ("send melding til foresatte i 5B: Husk gymtøy", False, False, "Husk gymtøy", "guardians:class:5B"),
        ("Send en beskjed til hele skolen", False, False, None, "school"),
        ("send beredskapsmelding til alle ansatte: Møt i gymsalen", True, False, "Møt i gymsalen", "staff"),
    ],
)
def test_compose_requests(text: str, emergency: bool, drill: bool, body: str | None, audience: str | None) -> None:
    request = read_compose(text)
    assert request is not None
    assert (request.emergency, request.drill, request.text, request.audience) == (emergency, drill, body, audience)


@pytest.mark.parametrize("text", ["øvelse gjør mester", "Ola er syk", "ok", "melding fra Ola", "", None])
def test_other_messages_are_not_compose_requests(text: str | None) -> None:
    assert read_compose(text) is None


@pytest.mark.parametrize(
    ("phrase", "audience"),
    [
        ("hele skolen", "school"),
        ("heile skulen", "school"),
        ("alle foresatte", "guardians"),
        ("ansatte", "staff"),
        ("foresatte i 5b", "guardians:class:5B"),
        ("foreldrene i 5B", "guardians:class:5B"),
        ("5B-foreldrene", "guardians:class:5B"),
        ("5B", "class:5B"),
        ("klasse 2a", "class:2A"),
        ("5. trinn", "grade:5"),
        ("trinn 5", "grade:5"),
        ("foresatte på 5. trinn", "guardians:grade:5"),
        ("elevene i 5B", "pupils:class:5B"),
        ("parents in 5B", "guardians:class:5B"),
        ("guardians:class:5B", "guardians:class:5B"),
        ("Kari", None),
        ("", None),
    ],
)
def test_audience_phrases(phrase: str, audience: str | None) -> None:
    assert audience_from_phrase(phrase) == audience


def test_audience_strings_round_trip_and_read_as_words() -> None:
    for raw in (
        "school",
        "staff",
        "guardians",
        "pupils",
        "grade:5",
        "class:5B",
        "guardians:class:5B",
        "guardians:grade:3",
        "pupils:class:2A",
        "s-ola",
    ):
        assert str(parse_audience(raw)) == raw
    assert parse_audience("students:class:5B") == Audience("class", "pupils", "5B")
    assert parse_audience("grade:x") is None and parse_audience("to ord") is None
    assert audience_label("nb", "guardians:class:5B") == "foresatte i 5B"
    assert audience_label("nn", "school") == "heile skulen"
    assert audience_label("en", "grade:5") == "grade 5 (pupils and guardians)"


def test_sms_command_with_pin_audience_and_kind() -> None:
    command = read_sms_command("VARSEL 4821 Skolen stenger kl 12")
    assert command is not None
    assert (command.pin, command.audience, command.text, command.emergency, command.drill) == (
        "4821",
        "school",
        "Skolen stenger kl 12",
        False,
        False,
    )
    command = read_sms_command("beredskap 4821 guardians:class:5B Hent barna nå")
    assert command is not None and command.emergency and command.audience == "guardians:class:5B"
    assert command.text == "Hent barna nå"
    drill = read_sms_command("ØVELSE 4821 staff Brannøvelse")
    assert drill is not None and drill.drill and drill.emergency and drill.audience == "staff"
    assert read_sms_command("VARSEL Skolen stenger") is None  # no PIN
    assert read_sms_command("VARSEL 4821") is None  # no text


def test_acknowledgements_and_confirmations() -> None:
    for text in ("OK", "ok!", "Mottatt.", "mottatt", "OK, mottatt", "motteke", "received"):
        assert is_acknowledgement(text), text
    for text in ("ok, men hva med Ola?", "ja", "", None):
        assert not is_acknowledgement(text), text
    assert is_yes("JA") and is_yes("ja!") and is_yes("Send") and not is_yes("nei") and not is_yes("ok")


def test_channels() -> None:
    assert channels_from_answer("Teams og SMS") == "both"
    assert channels_from_answer("bare sms") == "sms"
    assert channels_from_answer("Bare Teams") == "teams"
    assert channels_from_answer("brevdue") is None
    assert channels_from_option("sms,teams") == "both" and channels_from_option("sms") == "sms"
    with pytest.raises(ValueError):
        channels_from_option("fax")


def test_twilio_errors_become_outcomes() -> None:
    opted_out = sms_outcome(TwilioSendError("x", status=400, code=21610, permanent=True))
    assert (opted_out.status, opted_out.reason) == ("failed", "opted_out")
    assert sms_outcome(TwilioSendError("x", status=400, code=21211, permanent=True)).reason == "invalid_number"
    assert sms_outcome(TwilioSendError("x", status=400, code=21614, permanent=True)).reason == "not_mobile"
    throttled = sms_outcome(TwilioSendError("x", status=429, retry_after=3.0, retryable=True))
    assert (throttled.status, throttled.retry_after) == ("retry", 3.0)
    assert sms_outcome(TwilioSendError("x", status=503, retryable=True)).status == "retry"


def test_connector_errors_become_outcomes() -> None:
    blocked = teams_outcome(403, None)
    assert (blocked.status, blocked.reason, blocked.fallback, blocked.teams_gone) == ("failed", "blocked", True, True)
    assert teams_outcome(404, None).reason == "gone"
    assert teams_outcome(429, 2.0).retry_after == 2.0 and teams_outcome(429, 2.0).status == "retry"
    assert teams_outcome(502, None).status == "retry"
    assert teams_outcome(None, None).status == "retry"  # the connection broke


def test_backoff_grows_with_jitter_and_a_cap() -> None:
    assert 1.0 <= backoff(1, rand=lambda: 0.0) <= backoff(1, rand=lambda: 1.0) == 2.0
    assert backoff(3, rand=lambda: 1.0) == 8.0
    assert backoff(30, rand=lambda: 1.0) == 300.0


def test_conversation_limiter_keeps_teams_per_conversation_limits() -> None:
    now = [100.0]
    limiter = ConversationLimiter(clock=lambda: now[0])
    for _ in range(7):
        assert limiter.delay("c1") == 0.0
        limiter.record("c1")
    assert limiter.delay("c1") == pytest.approx(1.0)
    assert limiter.delay("c2") == 0.0  # other conversations are not held up
    now[0] += 1.0
    limiter.record("c1")
    assert limiter.delay("c1") == pytest.approx(1.0)  # 8 in 2 s


def test_pins_are_hashed_and_weak_ones_refused() -> None:
    stored = hash_pin("4821")
    assert "4821" not in stored and stored.startswith("scrypt$")
    assert verify_pin("4821", stored) and not verify_pin("4822", stored)
    assert hash_pin("4821") != stored  # salted
    for weak in ("1111", "1234", "9876", "12a4", "123"):
        with pytest.raises(BadPin):
            check_pin_strength(weak)
    check_pin_strength("4821")


def test_progress_line() -> None:
    line = progress_line({"delivered": 3, "pending": 1}, width=8)
    assert line.startswith("[######--] 3/4 ended") and "delivered 3" in line and "pending 1" in line
