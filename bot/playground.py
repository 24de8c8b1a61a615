"""The playground at `/`: a phone and a Teams-like chat on one page, for trying Skolebot with no accounts.

Only wired when neither Teams (MICROSOFT_APP_ID) nor Twilio (TWILIO_ACCOUNT_SID) is configured.
The page's backend goes through the real endpoints: a phone's SMS is posted, signed as Twilio
signs it, to /api/sms, and the school's SMS are read back from the in-process fake Twilio;
a Teams user's messages are posted as activities to /api/messages, and the bot's replies and
proactive notices arrive at a FakeConnector this module starts. Everything the page shows is a
numbered event, so the page polls `/playground/api/events?since=N`. Nothing here is logged:
the people are fictional, but the rule is the same as everywhere.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import select

from adapters.sms.fake_twilio import FakeTwilio
from adapters.sms.playground import PLAYGROUND_FROM, PLAYGROUND_TWILIO_TOKEN, LazyFakeTwilioSender
from adapters.teams.fake_connector import FakeConnector
from bot.emulator import EmulatorClient, EmulatorUser
from bot.link_secret import link_secret
from bot.services import Services
from bot.settings import Settings
from bot.sms_phone import SmsPhone
from bot.web_calendar import feed_path, feed_token, feed_ttl
from dialogs.weekplan.links import PlanLinks
from storage import demo_school
from storage.models import Enrollment, Guardianship, Person, Resource, SchoolClass
from storage.models_weekplan import WeekPlan

GUARDIAN_ROLES = ("parent", "guardian", "relative")
STAFF_ROLES = ("administrator", "teacher", "aide")
MAX_TEXT = 1600  # what Twilio accepts in one message; the page's inputs say the same
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_STATIC = {"app.js": "application/javascript", "style.css": "text/css", "index.html": "text/html"}
_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
}

# The demo school's fixed people, offered first (storage/demo_school.py documents who they are).
FEATURED_PHONES = (
    demo_school.DEMO_GUARDIAN_ID,
    demo_school.DEMO_SINGLE_CHILD_GUARDIAN_ID,
    demo_school.DEMO_SPLIT_GUARDIAN_ID,
    demo_school.DEMO_RELATIVE_ID,
    demo_school.DEMO_LEADER_ID,
)
OPERATOR_PAGES = (("health", "/healthz"), ("ready", "/readyz"), ("metrics", "/metrics"))
FEATURED_TEAMS = (
    demo_school.DEMO_TEACHER_ID,
    demo_school.DEMO_LEADER_ID,
    demo_school.DEMO_OFFICE_ID,
    demo_school.DEMO_SUBJECT_TEACHER_ID,
)


def enabled(settings: Settings) -> bool:
    """The playground runs only with no real Teams and no real Twilio credentials."""
    return not settings.microsoft_app_id and not settings.twilio_account_sid


# ------------------------------------------------------------------------------ who is who


@dataclass(frozen=True)
class DemoPerson:
    sourced_id: str
    name: str
    role: str
    mobile: str | None
    account: str | None  # username or e-mail: what Teams' member lookup matches
    children: tuple[str, ...] = ()  # "Ola (5B)" for guardians
    classes: tuple[str, ...] = ()  # homeroom classes a teacher is contact teacher of


@dataclass
class Directory:
    """The roster's adults, read once: whom the phone and the Teams chat may act as."""

    people: dict[str, DemoPerson] = field(default_factory=dict)
    by_number: dict[str, DemoPerson] = field(default_factory=dict)

    def phones(self) -> list[DemoPerson]:
        wanted = [p for p in self.people.values() if p.mobile and (p.role in GUARDIAN_ROLES or p.role in STAFF_ROLES)]
        return _featured_first(wanted, FEATURED_PHONES)

    def teams(self) -> list[DemoPerson]:
        wanted = [p for p in self.people.values() if p.account and p.role in STAFF_ROLES]
        return _featured_first(wanted, FEATURED_TEAMS)


def _featured_first(people: Iterable[DemoPerson], featured: tuple[str, ...]) -> list[DemoPerson]:
    rank = {sid: i for i, sid in enumerate(featured)}
    return sorted(people, key=lambda p: (rank.get(p.sourced_id, len(rank)), p.role, p.name))


async def read_directory(services: Services) -> Directory:
    """Adults with their children's names and classes, and teachers' contact classes: three queries."""
    async with services.db.transaction() as s:
        adults = (
            (
                await s.execute(
                    select(Person).where(Person.active.is_(True), Person.role.in_(GUARDIAN_ROLES + STAFF_ROLES))
                )
            )
            .scalars()
            .all()
        )
        homerooms = dict(
            (
                await s.execute(
                    select(Enrollment.person_id, SchoolClass.title)
                    .join(SchoolClass, SchoolClass.sourced_id == Enrollment.class_id)
                    .where(
                        Enrollment.active.is_(True), SchoolClass.class_type == "homeroom", Enrollment.role == "student"
                    )
                )
            ).all()
        )
        kids = (
            await s.execute(
                select(Guardianship.guardian_id, Person.sourced_id, Person.given_name)
                .join(Person, Person.sourced_id == Guardianship.student_id)
                .where(Guardianship.active.is_(True), Person.active.is_(True))
                .order_by(Person.birth_date, Person.given_name)
            )
        ).all()
        contact = (
            await s.execute(
                select(Enrollment.person_id, SchoolClass.title)
                .join(SchoolClass, SchoolClass.sourced_id == Enrollment.class_id)
                .where(Enrollment.active.is_(True), Enrollment.primary.is_(True), SchoolClass.class_type == "homeroom")
                .order_by(SchoolClass.title)
            )
        ).all()
    return _directory(adults, _children(kids, homerooms), _grouped(contact))


def _children(kids: Iterable[Sequence[Any]], homerooms: dict[str, str]) -> dict[str, list[str]]:
    """Each guardian's children as "Ola (5B)", from (guardian, student, given name) rows."""
    children: dict[str, list[str]] = {}
    for guardian_id, student_id, given in kids:
        klass = homerooms.get(student_id)
        children.setdefault(guardian_id, []).append(f"{given} ({klass})" if klass else given)
    return children


def _grouped(pairs: Iterable[Sequence[Any]]) -> dict[str, list[str]]:
    """(key, value) rows as key -> values, in row order (a teacher's contact classes)."""
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def _directory(adults: Iterable[Person], children: dict[str, list[str]], classes: dict[str, list[str]]) -> Directory:
    """The directory of the roster's adults, findable by sourcedId and by mobile number."""
    directory = Directory()
    for p in adults:
        person = DemoPerson(
            sourced_id=p.sourced_id,
            name=f"{p.given_name} {p.family_name}",
            role=p.role,
            mobile=p.sms or p.phone,
            account=p.username or p.email,
            children=tuple(children.get(p.sourced_id, ())),
            classes=tuple(classes.get(p.sourced_id, ())),
        )
        directory.people[p.sourced_id] = person
        if person.mobile:
            directory.by_number.setdefault(person.mobile, person)
    return directory


def teams_user(person: DemoPerson) -> EmulatorUser:
    """The same Teams identity for a person every time: ids shaped like Teams' own."""
    aad = str(uuid.uuid5(uuid.NAMESPACE_URL, f"skolebot-playground:{person.sourced_id}"))
    return EmulatorUser(
        user_id=f"29:playground-{aad}",
        name=person.name,
        channel_id="msteams",
        conversation_id=f"a:playground-{aad}",
        aad_object_id=aad,
    )


def person_json(p: DemoPerson, featured: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "id": p.sourced_id,
        "name": p.name,
        "role": p.role,
        "number": p.mobile,
        "children": list(p.children),
        "classes": list(p.classes),
        "featured": p.sourced_id in featured,
    }


def activity_view(activity: dict[str, Any]) -> dict[str, Any]:
    """What the page renders of a bot activity: text, cards and suggested actions."""
    keep = ("id", "text", "textFormat", "attachments", "suggestedActions", "replyToId")
    return {key: activity[key] for key in keep if activity.get(key) is not None}


def own_origin(request: web.Request) -> str:
    """This server as reached on the socket the request came in on (not a proxy's idea of it)."""
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    if not sockname:
        return str(request.url.origin())
    host, port = sockname[0], sockname[1]
    if ipaddress.ip_address(host).is_unspecified:
        host = "127.0.0.1" if ":" not in host else "::1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


# ------------------------------------------------------------------------------ the playground


class Playground:
    """One application's playground: its fake connector, its Teams users, and the numbered events."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self.connector = FakeConnector()
        self.connector_url = ""
        self._session: aiohttp.ClientSession | None = None
        self._directory: Directory | None = None
        self._installed: set[str] = set()
        self.events: list[dict[str, Any]] = []
        self._seen = {"sms": 0, "activities": 0, "updates": 0}
        self._teams_people: dict[str, str] = {}  # conversation id -> sourced id

    async def start(self, _app: web.Application) -> None:
        self.connector_url = await self.connector.start()
        self._session = aiohttp.ClientSession()

    async def stop(self, _app: web.Application) -> None:
        if self._session is not None:
            await self._session.close()
        await self.connector.stop()

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("the playground has not started")
        return self._session

    def fake_twilio(self) -> FakeTwilio:
        sender = self._services.sms_adapter.sender
        if not isinstance(sender, LazyFakeTwilioSender) or sender.fake is None:
            raise web.HTTPServiceUnavailable(text="the built-in fake Twilio is not running")
        return sender.fake

    async def directory(self, *, fresh: bool = False) -> Directory:
        """The roster's adults, read again when the page loads (a roster import may have changed them)."""
        if self._directory is None or fresh:
            self._directory = await read_directory(self._services)
        return self._directory

    def _now(self) -> str:
        return self._services.deps.clock().astimezone(self._services.settings.zone).strftime("%H:%M")

    def _add(self, event: dict[str, Any]) -> None:
        event["seq"] = len(self.events) + 1
        event.setdefault("at", self._now())
        self.events.append(event)

    async def _record(self, event: dict[str, Any]) -> None:
        """An event the page itself caused, numbered after everything that arrived before it."""
        self.sync(await self.directory())
        self._add(event)

    def sync(self, directory: Directory) -> None:
        """Number what the fake Twilio and the fake connector received since the last look."""
        fake = self.fake_twilio()
        for message in fake.messages[self._seen["sms"] :]:
            person = directory.by_number.get(message.to)
            self._add(
                {
                    "kind": "sms",
                    "dir": "out",
                    "number": message.to,
                    "name": person.name if person else None,
                    "text": message.body,
                }
            )
        self._seen["sms"] = len(fake.messages)
        for activity in self.connector.activities[self._seen["activities"] :]:
            if activity.get("type", "message") == "message":
                self._teams_event("out", activity)
        self._seen["activities"] = len(self.connector.activities)
        for activity in self.connector.updates[self._seen["updates"] :]:
            self._teams_event("update", activity)
        self._seen["updates"] = len(self.connector.updates)

    def _teams_event(self, direction: str, activity: dict[str, Any]) -> None:
        conversation = (activity.get("conversation") or {}).get("id")
        self._add(
            {
                "kind": "teams",
                "dir": direction,
                "conversation": conversation,
                "person": self._teams_people.get(conversation or ""),
                "activity": activity_view(activity),
            }
        )

    # ------------------------------------------------------------------ actions

    async def text_from_phone(self, request: web.Request, number: str, text: str) -> None:
        """Post one SMS through the real, signed /api/sms webhook and wait for the bot's turn."""

        person = (await self.directory()).by_number.get(number)
        await self._record(
            {"kind": "sms", "dir": "in", "number": number, "name": person.name if person else None, "text": text}
        )
        settings = self._services.settings
        phone = SmsPhone(
            bot_url=own_origin(request),
            public_url=settings.public_url,
            fake=self.fake_twilio(),
            school_number=self.fake_twilio_number(),
            session=self.session,
            settle=self._services.sms_adapter.drain,
        )
        status, _ = await phone.post(
            phone.form(number, text), sign_with=settings.twilio_auth_token or PLAYGROUND_TWILIO_TOKEN
        )
        if status != 200:
            raise web.HTTPBadGateway(text=f"/api/sms answered {status}")
        await self._services.sms_adapter.drain()
        self.sync(await self.directory())

    def fake_twilio_number(self) -> str:

        return self._services.settings.twilio_from_number or PLAYGROUND_FROM

    def _client(self, request: web.Request) -> EmulatorClient:
        return EmulatorClient(own_origin(request), self.connector, self.connector_url, self.session)

    async def select_teams_person(self, request: web.Request, person: DemoPerson) -> None:
        """Make the person known to the connector and install the app for them, once per run.

        The installationUpdate is what Teams sends when a person adds the app: the bot stores the
        conversation, so notices (a pupil's absence for the contact teacher) arrive in this chat.
        """
        user = teams_user(person)
        self._teams_people[user.conversation_id] = person.sourced_id
        if person.sourced_id in self._installed:
            return
        self._installed.add(person.sourced_id)  # before any await: a second click must not install twice
        self.connector.add_member(user.user_id, name=person.name, upn=person.account, aad_object_id=user.aad_object_id)
        self.sync(await self.directory())
        client = self._client(request)
        try:
            resp = await client.post(client.activity(user, type="installationUpdate", action="add"))
        except aiohttp.ClientError:
            resp = None
        if resp is None or resp.status >= 400:
            self._installed.discard(person.sourced_id)
            raise web.HTTPBadGateway(text="/api/messages did not take the installation")

    async def say_in_teams(
        self,
        request: web.Request,
        person: DemoPerson,
        text: str | None,
        value: dict[str, Any] | None,
        label: str | None,
    ) -> None:
        """A message, or a card's submit (value, no text), from the person's Teams chat."""
        await self.select_teams_person(request, person)
        user = teams_user(person)
        await self._record(
            {
                "kind": "teams",
                "dir": "in",
                "conversation": user.conversation_id,
                "person": person.sourced_id,
                "text": text if text is not None else (label or ""),
                "submit": value is not None,
            }
        )
        await self._client(request).say(user, text, value=value)
        self.sync(await self.directory())

    async def links(self, person_id: str | None, routes: set[str]) -> list[dict[str, Any]]:
        """The staff pages that exist: rooms' and the person's booking calendars, the newest week plans."""
        services = self._services
        secret = await link_secret(services.db, services.settings)
        expires = services.deps.clock() + feed_ttl(services.settings)
        async with services.db.transaction() as s:
            resources = (
                await s.execute(
                    select(Resource.sourced_id, Resource.name).where(Resource.active.is_(True)).order_by(Resource.name)
                )
            ).all()
            plans = (
                await s.execute(
                    select(
                        WeekPlan.id,
                        WeekPlan.scope,
                        SchoolClass.title,
                        WeekPlan.grade,
                        WeekPlan.iso_year,
                        WeekPlan.iso_week,
                    )
                    .outerjoin(SchoolClass, SchoolClass.sourced_id == WeekPlan.class_id)
                    .order_by(WeekPlan.iso_year.desc(), WeekPlan.iso_week.desc(), WeekPlan.version.desc())
                    .limit(500)
                )
            ).all()
        out: list[dict[str, Any]] = []
        person = (await self.directory()).people.get(person_id) if person_id else None
        if person is not None:
            token = feed_token(secret, "person", person.sourced_id, expires)
            out.append(
                {"kind": "person_calendar", "name": person.name, "href": feed_path("person", person.sourced_id, token)}
            )
        for sid, name in resources:
            out.append(
                {
                    "kind": "resource_calendar",
                    "name": name,
                    "href": feed_path("resource", sid, feed_token(secret, "resource", sid, expires)),
                }
            )
        out += await self._plan_links(plans)
        out += [{"kind": kind, "href": path} for kind, path in OPERATOR_PAGES if path in routes]
        return out

    async def _plan_links(self, plans: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
        """The newest plan of each scope (a class or a grade), newest first, as a link on this server."""
        services = self._services
        plan_links = PlanLinks(services.settings, services.db, services.deps.clock)
        seen: set[str] = set()
        out: list[dict[str, Any]] = []
        for plan_id, scope, title, grade, year, week in plans:
            if scope in seen:
                continue
            seen.add(scope)
            url = await plan_links.url_for(plan_id)
            out.append(
                {
                    "kind": "weekplan",
                    "name": title or f"{grade}.",
                    "grade_plan": title is None,
                    "year": year,
                    "week": week,
                    "href": url.removeprefix(services.settings.public_url),
                }
            )
        return out


# ------------------------------------------------------------------------------ HTTP


def _same_origin(request: web.Request) -> bool:
    """A browser's POST says where the page came from: only the playground's own page may post.

    A cross-site page can send a `text/plain` POST without a CORS preflight, so the JSON content type
    is required too (that one needs a preflight, which this server never grants).
    """
    if request.content_type != "application/json":
        return False
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{request.headers.get('Host', '')}":
        return False
    return request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")


async def _json_body(request: web.Request) -> dict[str, Any]:
    if not _same_origin(request):
        raise web.HTTPForbidden(text="only the playground page itself may post here")
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="body is not JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    return body


def _text(body: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise web.HTTPBadRequest(text=f"{key}: 1 to {MAX_TEXT} characters")
    return value


class PlaygroundRoutes:
    """The page, its static files and its JSON API, over one Playground."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self.playground = Playground(services)
        self._static = files("bot.playground_static")

    def _static_file(self, name: str) -> web.Response:
        data = (self._static / name).read_bytes()
        return web.Response(body=data, content_type=_STATIC[name], charset="utf-8", headers=_HEADERS)

    async def index(self, _request: web.Request) -> web.Response:
        """GET /: the page."""
        return self._static_file("index.html")

    async def asset(self, request: web.Request) -> web.Response:
        """GET /playground/{name}: the page's script and style sheet."""
        name = request.match_info["name"]
        if name not in _STATIC or name == "index.html":
            raise web.HTTPNotFound()
        return self._static_file(name)

    async def people(self, _request: web.Request) -> web.Response:
        """The school's name and the people the page offers, phones and Teams users, read afresh."""
        directory = await self.playground.directory(fresh=True)
        return web.json_response(
            {
                "school": await self._services.people.school_name(),
                "phones": [person_json(p, FEATURED_PHONES) for p in directory.phones()],
                "teams": [person_json(p, FEATURED_TEAMS) for p in directory.teams()],
            },
            headers=_HEADERS,
        )

    async def events(self, request: web.Request) -> web.Response:
        """The numbered events from `since` on, and the next number to ask for."""
        try:
            since = max(0, int(request.query.get("since", "0")))
        except ValueError:
            raise web.HTTPBadRequest(text="since: a number") from None
        playground = self.playground
        playground.sync(await playground.directory())
        return web.json_response(
            {"events": playground.events[since:], "next": len(playground.events)}, headers=_HEADERS
        )

    async def sms(self, request: web.Request) -> web.Response:
        """A phone's SMS, posted signed to /api/sms."""
        body = await _json_body(request)
        number, text = _text(body, "number"), _text(body, "text")
        assert number is not None and text is not None
        if not _E164.match(number):
            raise web.HTTPBadRequest(text="number: E.164, like +4791234567")
        await self.playground.text_from_phone(request, number, text)
        return web.json_response({"ok": True}, headers=_HEADERS)

    async def _teams_person(self, body: dict[str, Any]) -> DemoPerson:
        person = (await self.playground.directory()).people.get(str(body.get("person") or ""))
        if person is None or person.role not in STAFF_ROLES or not person.account:
            raise web.HTTPNotFound(text="no such member of staff")
        return person

    async def teams_select(self, request: web.Request) -> web.Response:
        """The member of staff the Teams side speaks as."""
        await self.playground.select_teams_person(request, await self._teams_person(await _json_body(request)))
        return web.json_response({"ok": True}, headers=_HEADERS)

    async def teams_say(self, request: web.Request) -> web.Response:
        """A Teams message (text, or a card's submit data) posted to /api/messages."""
        body = await _json_body(request)
        person = await self._teams_person(body)
        value = body.get("value")
        if value is not None and not isinstance(value, dict):
            raise web.HTTPBadRequest(text="value: a JSON object (a card's submit data)")
        text = _text(body, "text") if value is None else None
        label = body.get("label") if isinstance(body.get("label"), str) else None
        await self.playground.say_in_teams(request, person, text, value, label)
        return web.json_response({"ok": True}, headers=_HEADERS)

    async def links(self, request: web.Request) -> web.Response:
        """The staff pages that exist (booking calendars, the newest week plans), as signed links."""
        routes = {r.canonical for r in request.app.router.resources()}
        found = await self.playground.links(request.query.get("person"), routes)
        return web.json_response({"links": found}, headers=_HEADERS)


def add_routes(app: web.Application, services: Services) -> None:
    """GET / (the page), its static files and its small JSON API under /playground/."""
    routes = PlaygroundRoutes(services)
    app.router.add_get("/", routes.index)
    app.router.add_get("/playground/{name}", routes.asset)
    app.router.add_get("/playground/api/people", routes.people)
    app.router.add_get("/playground/api/events", routes.events)
    app.router.add_get("/playground/api/links", routes.links)
    app.router.add_post("/playground/api/sms", routes.sms)
    app.router.add_post("/playground/api/teams/select", routes.teams_select)
    app.router.add_post("/playground/api/teams/say", routes.teams_say)
    app.on_startup.append(routes.playground.start)
    app.on_cleanup.append(routes.playground.stop)
