"""Play the held-out YAML conversations against a running demo school and score them.

Usage: python -m tests.conversations.score tests/conversations/heldout [--only NNN]

Staff have the Teams app installed before the first step (as a school deploys it), so a notice
can reach them in Teams. `do:` actions go through the product: the teacher's "borte: …" in
Teams, the broadcast service and its outbox worker, `skolebot weekplan publish`, the booking store.
"Urgent" is Teams importance (urgent/high) or an explicit marker (HASTER, ⚠, 🚨) in the text.
The format is in tests/conversations/README.md; the pytest suite (test_suite.py) uses `play`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import inspect
import io
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import or_, select

from bot.emulator import EmulatorUser, reply_text
from dialogs.broadcast.render import channels_from_option
from dialogs.broadcast.service import service_for
from dialogs.weekplan.commands import publish as publish_weekplan
from storage.audiences import parse_audience
from storage.bookings import Bookings, Slot
from storage.db import Database
from storage.demo_school import load_demo
from storage.domain import DeliveryStatus
from storage.models import Absence, ConversationRef, Person, Resource
from storage.models_booking import Booking
from storage.models_broadcast import Acknowledgement, Broadcast, Delivery
from tests.dbs import sqlite_template
from tests.e2e.harness import FixedClock, Running, running_bot

# "Marked urgent" in words: an explicit marker a person sees first, not any exclamation mark.
URGENT = re.compile(r"\bhaster\b|\burgent\b|\bhastar\b|\bakutt\b|⚠|❗|🚨", re.I)
STAFF_ROLES = ("teacher", "administrator", "aide")
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


@dataclass
class Sent:
    """One message the school sent: to whom (conversation id or phone), text, urgency, step index."""

    to: str
    text: str
    urgent: bool
    step: int


@dataclass
class Convo:
    """The live state of one conversation being played."""

    run: Running
    db: Database
    clock: FixedClock
    users: dict[str, EmulatorUser] = field(default_factory=dict)
    replies: list[str] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    seen_acts: int = 0
    seen_sms: int = 0
    last_broadcast: int | None = None
    step_seconds: float = 0.0  # wall-clock time the last step took, an upper bound for any notice it caused


def parse_time(text: str) -> dt.datetime:
    """An ISO time with offset, as an aware UTC datetime."""
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def collect(c: Convo, step: int) -> None:
    """Record every Teams activity and SMS the bot sent since the last collection."""
    for a in c.run.connector.activities[c.seen_acts :]:
        text = reply_text(a)
        data = a.get("channelData") or {}
        importance = str(a.get("importance") or data.get("importance") or "").lower()
        urgent = importance in ("urgent", "high") or bool(URGENT.search(text))
        c.sent.append(Sent(a.get("conversation", {}).get("id", ""), text, urgent, step))
    c.seen_acts = len(c.run.connector.activities)
    for m in c.run.twilio.messages[c.seen_sms :]:
        c.sent.append(Sent(m.to, m.body, bool(URGENT.search(m.body)), step))
    c.seen_sms = len(c.run.twilio.messages)


async def addresses(c: Convo, who: str) -> set[str]:
    """Every address (phone or Teams conversation id) on which `who` can be told something."""
    if who.startswith("+"):
        return {who}
    out = {f"a:personal-{who}"}
    if who in c.users:
        out.add(c.users[who].conversation_id)
    async with c.db.read() as s:
        people = (await s.scalars(select(Person).where(or_(Person.username == who, Person.email == who)))).all()
        for p in people:
            out |= {f"a:personal-{p.sourced_id}", f"a:personal-{p.aad_object_id}"}
            if p.sms:
                out.add(p.sms)
            refs = await s.scalars(
                select(ConversationRef.conversation_id).where(ConversationRef.person_id == p.sourced_id)
            )
            out |= set(refs)
    return out


async def student_id(c: Convo, name: str) -> str | None:
    """The sourced id of the pupil with this full name."""
    async with c.db.read() as s:
        for p in (await s.scalars(select(Person).where(Person.role == "student"))).all():
            if f"{p.given_name} {p.family_name}".lower() == name.lower():
                return p.sourced_id
    return None


async def say(c: Convo, who: str, channel: str, text: str) -> str:
    """Send one message as `who` and return all the bot's reply text for it."""
    if channel == "sms":
        return "\n".join(await c.run.phone.text(who, text))
    user = c.users.setdefault(who, c.run.user(who, channel_id="msteams"))
    return "\n".join(reply_text(a) for a in await c.run.client.say(user, text))


async def person_id(c: Convo, who: str) -> str | None:
    """The sourced id of the person with this UPN, e-mail or SMS number."""
    async with c.db.read() as s:
        query = select(Person.sourced_id).where(or_(Person.username == who, Person.email == who, Person.sms == who))
        return (await s.scalars(query)).first()


async def install_for_staff(c: Convo) -> None:
    """The school deploys the Teams app to its staff: each gets the personal install Teams sends."""
    async with c.db.read() as s:
        staff = (await s.scalars(select(Person).where(Person.role.in_(STAFF_ROLES)))).all()
        upns = [p.username or p.email for p in staff if p.username or p.email]
    for upn in upns:
        assert upn is not None
        user = c.users.setdefault(upn, c.run.user(upn, channel_id="msteams"))
        body = c.run.client.activity(user, type="installationUpdate", action="add")
        await c.run.client.post(body)
    c.seen_acts, c.seen_sms = len(c.run.connector.activities), len(c.run.twilio.messages)


async def _outbox_idle(c: Convo, timeout: float = 60.0) -> None:
    """Wait until the app's own outbox worker has handed over every queued delivery (a broadcast from a
    script's `do:` or from a chat), then until the SMS sender is idle."""
    open_ = (DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value)
    for _ in range(int(timeout / 0.05)):
        async with c.db.read() as s:
            left = (await s.scalars(select(Delivery.id).where(Delivery.status.in_(open_)).limit(1))).first()
        if left is None:
            break
        await asyncio.sleep(0.05)
    else:
        raise TimeoutError(f"the outbox still had deliveries to send after {timeout:.0f} s")
    await c.run.services.sms_adapter.drain()


async def do_broadcast(c: Convo, args: dict[str, Any]) -> str:
    """As `skolebot broadcast --audience A --message M [--emergency] [--drill] --yes`, sent on behalf of `by`."""
    service = service_for(c.run.services.deps)
    audience = parse_audience(str(args["audience"]))
    if audience is None:
        return f"error: audience {args['audience']}"
    drill = bool(args.get("drill"))
    sender = await person_id(c, str(args["by"])) if args.get("by") else None
    who = await c.run.services.deps.people.get(sender) if sender else None
    prepared = await service.prepare(
        audience,
        channels_from_option(str(args.get("channels", "sms,teams"))),
        str(args["message"]),
        emergency=bool(args.get("emergency")) or drill,
        drill=drill,
        language="nb",
        **({"sender": who} if "sender" in inspect.signature(service.prepare).parameters else {}),
    )
    c.last_broadcast = await service.send(
        prepared, sender_id=sender, actor="conversation-script", origin="shell", now=c.clock()
    )
    return ""


async def do_publish(c: Convo, args: dict[str, Any]) -> str:
    """As `skolebot weekplan publish --class C --week W --text T`."""
    ns = argparse.Namespace(
        klass=str(args["class"]),
        grade=None,
        week=str(args["week"]),
        text=str(args["text"]),
        file=None,
        by=None,
        send=False,
    )
    with contextlib.redirect_stdout(io.StringIO()):
        code = await publish_weekplan(ns, c.run.settings)
    return "" if code == 0 else f"error: weekplan publish exited {code}"


async def do_book(c: Convo, args: dict[str, Any]) -> str:
    """An existing booking of `resource` by `by` from start to end."""
    bookings = Bookings(c.db)
    name = str(args["resource"]).lower()
    found = [r for r in await bookings.resources() if name == r.name.lower() or name in (a.lower() for a in r.aliases)]
    who = await person_id(c, str(args["by"]))
    if not found or who is None:
        return f"error: book {args}"
    await bookings.book(found[0].sourced_id, Slot(parse_time(args["start"]), parse_time(args["end"])), who)
    return ""


async def do_action(c: Convo, action: dict[str, Any]) -> tuple[str, list[str]]:
    """Perform a `do:` action through the product; return its reply and any action that failed."""
    reply, bad = "", []
    for name, args in action.items():
        if name == "register_missing":  # the teacher's own registration in Teams: "borte: Ola Nordli, Nora Lie"
            reply += await say(c, args["teacher"], "teams", "borte: " + ", ".join(args["pupils"]))
            await c.run.services.sms_adapter.drain()
            continue
        doers = {"broadcast": do_broadcast, "publish_weekplan": do_publish, "book": do_book}
        if name not in doers:
            bad.append(f"unsupported: do {name}")
            continue
        error = await doers[name](c, args)
        if error:
            bad.append(error)
    return reply, bad


def base_key(key: str) -> str:
    """The check kind without its numeric suffix (reply_contains_any_2 -> reply_contains_any)."""
    return re.sub(r"_\d+$", "", key)


def segments(text: str) -> int:
    """How many SMS segments `text` needs (GSM-7 or UCS-2)."""
    gsm = all(ch in GSM7 for ch in text)
    single, multi = (160, 153) if gsm else (70, 67)
    return 1 if len(text) <= single else -(-len(text) // multi)


def reply_check(kind: str, value: Any, reply: str, c: Convo) -> str | None:
    """Evaluate one reply_* check; None when it holds, else the reason."""
    low = reply.lower()
    if kind == "reply_contains_any":
        return None if any(v.lower() in low for v in value) else f"{kind} {value}"
    if kind == "reply_contains_all":
        missing = [v for v in value if v.lower() not in low]
        return f"{kind} missing {missing}" if missing else None
    if kind == "reply_not_contains":
        found = [v for v in value if v.lower() in low]
        return f"{kind} found {found}" if found else None
    if kind in ("reply_matches", "reply_not_matches"):
        hit = re.search(value, reply, re.I | re.S) is not None
        return None if hit == (kind == "reply_matches") else f"{kind} {value!r}"
    if kind == "reply_not_same_as_step":
        same = int(value) <= len(c.replies) and c.replies[int(value) - 1].strip() == reply.strip()
        return f"{kind} {value}" if same else None
    return None


async def notified_check(c: Convo, wanted: list[dict[str, Any]], speaker: str, since: int) -> str | None:
    """Each listed person got a matching message at or after step `since` (speaker excluded)."""
    for w in wanted:
        people = w["who"] if isinstance(w["who"], list) else [w["who"]]
        told = [await _told(c, p, w, since) for p in people if p != speaker]
        if not any(told):
            return f"notified {people} {_filters(w)}"
    return None


def _filters(w: dict[str, Any]) -> str:
    return str({k: v for k, v in w.items() if k != "who"})


async def _told(c: Convo, who: str, w: dict[str, Any], since: int) -> bool:
    """Whether `who` got a message from step `since` on matching the filters of `w`."""
    addrs = await addresses(c, who)
    chan = w.get("channel")
    for m in c.sent:
        if m.step < since or m.to not in addrs:
            continue
        if chan == "sms" and not m.to.startswith("+") or chan == "teams" and m.to.startswith("+"):
            continue
        low = m.text.lower()
        if "contains_any" in w and not any(v.lower() in low for v in w["contains_any"]):
            continue
        if "contains_all" in w and not all(v.lower() in low for v in w["contains_all"]):
            continue
        if any(v.lower() in low for v in w.get("not_contains", [])):
            continue
        if "urgent" in w and m.urgent != bool(w["urgent"]):
            continue
        if "within_seconds" in w and c.step_seconds > float(w["within_seconds"]):
            continue  # the notice came within the step; the whole step took longer than allowed
        return True
    return False


async def not_notified_check(c: Convo, people: list[Any], speaker: str, step: int) -> str | None:
    """None of `people` (a who, or {who, contains_any?, ...} filters) got a matching message from step `step` on."""
    for p in people:
        w = p if isinstance(p, dict) else {"who": p}
        whos = w["who"] if isinstance(w["who"], list) else [w["who"]]  # a list: none of them
        for who in whos:
            if who != speaker and await _told(c, who, w, step):
                return f"not_notified: {who} was told {_filters(w)}"
    return None


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def absence_matches(a: Absence, spec: dict[str, Any]) -> bool:
    """Whether one absence row has the fields the spec asks for."""
    if "reason" in spec and (a.reason or "").lower() != str(spec["reason"]).lower():
        return False
    if "status" in spec and a.status != spec["status"]:
        return False
    if a.status in spec.get("status_not", []):
        return False
    times = [k for k in ("start_time", "end_time") if k in spec]
    return all(_time(getattr(a, k)) == spec[k] for k in times)


async def absence_check(c: Convo, spec: dict[str, Any], present: bool) -> str | None:
    """record/no_record of an absence for a student on each listed date."""
    sid = await student_id(c, spec["student"])
    if sid is None:
        return f"unknown student {spec['student']}"
    async with c.db.read() as s:
        for day in spec["dates"]:
            rows = (
                await s.scalars(
                    select(Absence).where(Absence.student_id == sid, Absence.date == dt.date.fromisoformat(day))
                )
            ).all()
            filt = spec if present else {k: v for k, v in spec.items() if k == "status"}
            hit = any(absence_matches(a, filt) for a in rows)
            if hit != present:
                got = [(a.status, a.reason, _time(a.start_time), _time(a.end_time)) for a in rows]
                return f"{'record' if present else 'no_record'} absence {spec['student']} {day}: got {got}"
    return None


async def booking_check(c: Convo, spec: dict[str, Any], present: bool) -> str | None:
    """record/no_record of an active booking of the resource at exactly start-end."""
    name = spec["resource"].lower()
    async with c.db.read() as s:
        res = [
            r
            for r in (await s.scalars(select(Resource))).all()
            if name == r.name.lower() or name in r.aliases.split("|")
        ]
        rows = (await s.scalars(select(Booking).where(Booking.resource_id.in_([r.sourced_id for r in res])))).all()
        by = None
        if spec.get("booked_by"):
            who = spec["booked_by"]
            person = (await s.scalars(select(Person).where(or_(Person.username == who, Person.email == who)))).first()
            by = person.sourced_id if person else who
    start, end = parse_time(spec["start"]), parse_time(spec["end"])
    hit = any(
        b.status == "active" and b.start_at == start and b.end_at == end and (by is None or b.booked_by == by)
        for b in rows
    )
    return None if hit == present else f"{'record' if present else 'no_record'} booking {spec}"


async def ack_check(c: Convo, spec: dict[str, Any], present: bool) -> str | None:
    """The last broadcast's acknowledgements include (or not) each listed person."""
    async with c.db.read() as s:
        last = c.last_broadcast or (await s.scalars(select(Broadcast.id).order_by(Broadcast.id.desc()))).first()
        acked = set(await s.scalars(select(Acknowledgement.person_id).where(Acknowledgement.broadcast_id == last)))
    for who in spec.get("acknowledged_by", []):
        pid = await person_id(c, who)
        if (pid in acked) != present:
            return f"{'record' if present else 'no_record'} broadcast acknowledged_by {who}"
    return None


async def record_check(c: Convo, spec: dict[str, Any], present: bool) -> list[str]:
    """All record/no_record sub-checks; unknown kinds are reported unsupported."""
    out: list[str | None] = []
    for kind, value in spec.items():
        items = value if isinstance(value, list) else [value]
        if kind in ("absence", "absences"):
            out += [await absence_check(c, v, present) for v in items]
        elif kind == "booking":
            out += [await booking_check(c, v, present) for v in items]
        elif kind == "broadcast":
            out += [await ack_check(c, v, present) for v in items]
        else:
            out.append(f"unsupported: record {kind}")
    return [o for o in out if o]


async def check_step(c: Convo, step: dict[str, Any], index: int, reply: str) -> list[str]:
    """Every failed expectation of one step."""
    fails: list[str] = []
    speaker = step.get("who", "")
    for key, value in (step.get("expect") or {}).items():
        kind = base_key(key)
        if kind.startswith("reply_") and kind != "reply_max_sms_segments":
            fails.append(reply_check(kind, value, reply, c) or "")
        elif kind == "reply_max_sms_segments":
            texts = c.run.phone.inbox(speaker) if step.get("channel") == "sms" else []
            mine = [m.text for m in c.sent if m.step == index and m.to == speaker] or texts[-1:]
            fails += [f"{kind}: {segments(t)} segments" for t in mine if segments(t) > int(value)]
        elif kind in ("notified", "notified_by_now"):
            fails.append(await notified_check(c, value, speaker, index if kind == "notified" else 0) or "")
        elif kind in ("not_notified", "not_notified_by_now"):
            since = index if kind == "not_notified" else 0
            fails.append(await not_notified_check(c, value, speaker, since) or "")
        elif kind in ("record", "no_record"):
            fails += await record_check(c, value, kind == "record")
        else:
            fails.append(f"unsupported: {key}")
    return [f for f in fails if f]


async def play_step(c: Convo, step: dict[str, Any], index: int) -> list[str]:
    """Play one step and return its failed checks."""
    if "at" in step:
        c.clock.now = parse_time(step["at"])
        await c.run.services.jobs.run_once()
    else:
        c.clock.now += dt.timedelta(seconds=5)
    collect(c, index - 1)
    bad: list[str] = []
    started = time.perf_counter()
    if "do" in step:
        reply, bad = await do_action(c, step["do"])
    else:
        reply = await say(c, step["who"], step.get("channel", "sms"), str(step["says"]))
    await _outbox_idle(c)
    c.step_seconds = time.perf_counter() - started
    collect(c, index)
    c.replies.append(reply)
    return bad + await check_step(c, step, index, reply)


async def play(template: Path, script: dict[str, Any]) -> str | None:
    """Play one conversation on a fresh demo school; None when correct, else the first failure."""
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "demo.db"
        shutil.copyfile(template, db_path)
        url = f"sqlite+aiosqlite:///{db_path}"
        clock = FixedClock(parse_time(script["now"]))
        db = Database(url)
        try:
            # Twilio's pace is the app's setting; a school-wide broadcast (450 SMS) should not make a script wait.
            async with running_bot(url, clock=clock, SKOLEBOT_SMS_RATE=500) as run:
                c = Convo(run=run, db=db, clock=clock)
                await install_for_staff(c)
                for i, step in enumerate(script["steps"], start=1):
                    fails = await play_step(c, step, i)
                    if fails:
                        return f"step {i}: {fails[0]}"
        finally:
            await db.dispose()
    return None


async def main_async(folder: Path, only: str | None) -> None:
    """Play every conversation, print one line each, then the score and per-bullet breakdown."""

    async def seed(db: Database) -> None:
        await load_demo(db)

    with tempfile.TemporaryDirectory() as tmp:
        template = await asyncio.to_thread(sqlite_template, Path(tmp) / "demo.db", seed)
        files = sorted(p for p in folder.glob("*.yaml") if only is None or p.name.startswith(only))
        results: dict[str, list[bool]] = {}
        for path in files:
            script = yaml.safe_load(path.read_text(encoding="utf-8"))
            try:
                failure = await play(template, script)
            except Exception as exc:  # noqa: BLE001 - a crash is a failed conversation, reported
                failure = f"error: {type(exc).__name__}: {exc}"
            print(f"{'PASS' if failure is None else 'FAIL'} {path.stem}" + (f" — {failure}" if failure else ""))
            results.setdefault(script.get("issue_bullet", "?"), []).append(failure is None)
    total = sum(len(v) for v in results.values())
    ok = sum(sum(v) for v in results.values())
    for bullet, v in sorted(results.items()):
        print(f"  {bullet}: {sum(v)} of {len(v)}")
    print(f"score: {ok} of {total} conversations correct ({100 * ok / max(total, 1):.0f}%)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", default=None, help="play only files whose name starts with this")
    args = parser.parse_args()
    asyncio.run(main_async(args.folder, args.only))


if __name__ == "__main__":
    main()
