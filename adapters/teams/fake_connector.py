"""A local Bot Framework connector service (the Teams side), for tests and the playground.

Speaks the connector's REST wire format (`/v3/conversations/...`), so botbuilder's real
ConnectorClient and CloudAdapter run end to end against it.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Fault:
    status: int
    retry_after: float | None = None


@dataclass
class FakeConnector:
    """Records every activity the bot sends; tests can script members and failures."""

    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # user id -> TeamsChannelAccount JSON
    activities: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    conversations: list[dict[str, Any]] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)  # conversation ids answering 403 (the user blocked the bot)
    faults: list[Fault] = field(default_factory=list)
    per_conversation_limit: float | None = None  # sends per second per conversation before 429
    requests: int = 0
    throttled: int = 0

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._last_send: dict[str, list[float]] = {}
        self._arrived = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.app = web.Application()
        r = self.app.router
        r.add_post("/v3/conversations", self._create_conversation)
        r.add_post("/v3/conversations/{cid}/activities", self._send)
        r.add_post("/v3/conversations/{cid}/activities/{aid}", self._send)
        r.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        r.add_get("/v3/conversations/{cid}/members/{uid}", self._member)
        r.add_get("/v3/conversations/{cid}/members", self._members)
        r.add_get("/v3/conversations/{cid}/pagedmembers", self._paged_members)

    def add_member(
        self,
        user_id: str,
        *,
        name: str,
        upn: str | None = None,
        email: str | None = None,
        aad_object_id: str | None = None,
    ) -> None:
        self.members[user_id] = {
            "id": user_id,
            "name": name,
            "userPrincipalName": upn,
            "email": email or upn,
            "aadObjectId": aad_object_id,
            "givenName": name.split()[0],
            "surname": name.split()[-1],
        }

    def fail_next(self, count: int, status: int, retry_after: float | None = None) -> None:
        self.faults.extend(Fault(status, retry_after) for _ in range(count))

    def texts(self, conversation_id: str | None = None) -> list[str]:
        return [
            a.get("text") or ""
            for a in self.activities
            if conversation_id is None or a.get("conversation", {}).get("id") == conversation_id
        ]

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Until at least `count` activities have arrived."""
        async with asyncio.timeout(timeout):
            while len(self.activities) < count:
                self._arrived.clear()
                await self._arrived.wait()
        return self.activities

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sockets = site._server.sockets  # type: ignore[union-attr]
        return f"http://{host}:{sockets[0].getsockname()[1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _fault(self) -> web.Response | None:
        self.requests += 1
        if not self.faults:
            return None
        fault = self.faults.pop(0)
        headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
        if fault.status == 429:
            self.throttled += 1
        return web.json_response(
            {"error": {"code": str(fault.status), "message": "fake fault"}}, status=fault.status, headers=headers
        )

    def _rate_limited(self, cid: str) -> web.Response | None:
        if self.per_conversation_limit is None:
            return None
        loop = asyncio.get_running_loop()
        now = loop.time()
        recent = [t for t in self._last_send.get(cid, []) if now - t < 1.0]
        if len(recent) >= self.per_conversation_limit:
            self.throttled += 1
            return web.json_response({"error": {"code": "429"}}, status=429, headers={"Retry-After": "1"})
        recent.append(now)
        self._last_send[cid] = recent
        return None

    async def _send(self, request: web.Request) -> web.Response:
        cid = request.match_info["cid"]
        failed = self._fault() or self._rate_limited(cid)
        if failed is not None:
            return failed
        if cid in self.blocked:
            return web.json_response({"error": {"code": "BotDisabledByAdmin", "message": "blocked"}}, status=403)
        activity = await request.json()
        activity.setdefault("conversation", {"id": cid})
        activity["id"] = f"act-{next(self._ids)}"
        self.activities.append(activity)
        self._arrived.set()
        return web.json_response({"id": activity["id"]})

    async def _update(self, request: web.Request) -> web.Response:
        failed = self._fault()
        if failed is not None:
            return failed
        activity = await request.json()
        activity["id"] = request.match_info["aid"]
        self.updates.append(activity)
        return web.json_response({"id": activity["id"]})

    async def _create_conversation(self, request: web.Request) -> web.Response:
        failed = self._fault()
        if failed is not None:
            return failed
        params = await request.json()
        member = (params.get("members") or [{}])[0]
        cid = f"a:personal-{member.get('id', next(self._ids))}"
        self.conversations.append(params)
        return web.json_response({"id": cid, "activityId": None}, status=201)

    async def _member(self, request: web.Request) -> web.Response:
        member = self.members.get(request.match_info["uid"])
        if member is None:
            return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
        return web.json_response(member)

    async def _members(self, _request: web.Request) -> web.Response:
        return web.json_response(list(self.members.values()))

    async def _paged_members(self, _request: web.Request) -> web.Response:
        return web.json_response({"members": list(self.members.values())})
