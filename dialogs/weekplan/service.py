"""The week plan operations the dialogs, the web page and the CLI share: views with links, and sending.

`send_to_class_guardians` is the one place a published plan goes out to guardians. It uses the
injected one-to-one Notifier (Teams first, SMS fallback), never the teacher's turn; this function
is the seam to switch it to the outbox (FlowDeps.outbox) without touching the dialogs or the CLI.
No TurnContext reaches this module: the dialogs render and send what it returns.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import aiohttp

from bot.flows import FlowDeps
from bot.signed_links import FILE_SUFFIX
from bot.texts import t
from dialogs.weekplan.attachments import fetch_attachment, parse_host_patterns
from dialogs.weekplan.cards import weekplan_card
from dialogs.weekplan.links import PlanLinks
from dialogs.weekplan.render import PlanView, parse_plan, render_sms
from storage.models_weekplan import MAX_FILE_BYTES
from storage.people import PersonInfo
from storage.weekplans import PlanInfo, WeekPlans

log = logging.getLogger(__name__)

# The old deps.extras keys of FlowDeps.http_session and FlowDeps.attachment_ssl, for tests written against them.
HTTP_SESSION = "weekplan.http"
ATTACHMENT_SSL = "weekplan.attachment_ssl"


@dataclass(frozen=True)
class SendSummary:
    """How a plan went out to guardians: how many, and by which channel."""

    guardians: int
    teams: int
    sms: int

    @property
    def unreached(self) -> int:
        return self.guardians - self.teams - self.sms


class WeekplanService:
    """Plans, links and the people they go to, for one application."""

    def __init__(self, deps: FlowDeps) -> None:
        self.deps = deps
        self.plans = WeekPlans(deps.db)
        self.links = PlanLinks(deps.settings, deps.db, deps.clock)

    async def label_of(self, plan: PlanInfo) -> str | None:
        """The class title of a class plan (None for a grade plan: PlanView says "5. trinn")."""
        if plan.class_id is None:
            return None
        ref = await self.plans.class_ref(plan.class_id)
        return ref.title if ref else plan.class_id

    async def view(self, plan: PlanInfo) -> PlanView:
        """The plan ready to render, with a fresh link (and a file link when it has a file)."""
        link = await self.links.url_for(plan.id)
        return PlanView(
            class_title=await self.label_of(plan),
            grade=plan.grade,
            year=plan.iso_year,
            week=plan.iso_week,
            version=plan.version,
            plan=parse_plan(plan.body),
            link=link,
            file_name=plan.file_name,
            file_size=plan.file_size,
            file_link=link + FILE_SUFFIX if plan.has_file else None,
        )

    @property
    def max_file_bytes(self) -> int:
        """The largest plan file taken: the setting, but never more than the database keeps."""
        return min(self.deps.settings.attachment_max_bytes, MAX_FILE_BYTES)

    async def fetch_file(self, url: str) -> bytes:
        """An attached file's bytes, only from an allowed Teams host (dialogs.weekplan.attachments raises why not)."""
        session = self.deps.http_session
        if session is not None:
            return await self._fetch(session, url)
        # The CLI and unit tests run without the web app's session: a cookie-less one for this file.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as own:
            return await self._fetch(own, url)

    async def _fetch(self, session: aiohttp.ClientSession, url: str) -> bytes:
        settings = self.deps.settings
        return await fetch_attachment(
            session,
            url,
            allowed=parse_host_patterns(settings.attachment_hosts),
            max_bytes=self.max_file_bytes,
            timeout=settings.attachment_timeout,
            ssl_context=self.deps.attachment_ssl,
        )

    async def may_publish(self, person: PersonInfo, class_ids: list[str]) -> bool:
        """Leaders publish for anyone; a teacher for a class they are enrolled in (or a grade they teach in)."""
        if person.is_leader:
            return True
        if person.role != "teacher":
            return False
        taught = {class_id for class_id, _ in await self.deps.people.classes_taught(person.sourced_id)}
        return bool(taught & set(class_ids))  # for a grade: the classes of that grade

    def today(self) -> dt.date:
        """Today in the school's time zone."""
        return self.deps.clock().astimezone(self.deps.settings.zone).date()


async def send_to_class_guardians(service: WeekplanService, plan: PlanInfo, class_ids: list[str]) -> SendSummary:
    """Send the plan once to every guardian of the pupils in these classes: a card in Teams, else SMS.

    A guardian with two children in the classes gets one message. Each gets it in their own language.
    """
    guardians: list[PersonInfo] = await service.plans.guardians_of_classes(class_ids)
    view = await service.view(plan)
    notifier = service.deps.notifier
    max_segments = service.deps.settings.sms_max_segments
    teams = sms = 0
    for person in guardians:
        lang = person.language
        intro = t(lang, "weekplan.notify_intro", label=view.label(lang), week=view.week)
        sent = await notifier.notify(person, intro, card=weekplan_card(view, lang), sms=False)
        if sent.channel is None:
            sent = await notifier.notify(person, render_sms(view, lang, max_segments), teams=False)
        if sent.channel == "sms":
            sms += 1
        elif sent.channel is not None:
            teams += 1
    log.info("week plan %s sent to %d guardians: %d Teams, %d SMS", plan.id, len(guardians), teams, sms)
    return SendSummary(guardians=len(guardians), teams=teams, sms=sms)
