"""What each `skolebot` command does; argument parsing lives in bot.cli."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.local_guard import host_name
from bot.mode import ModeError, decide, is_loopback_host
from bot.settings import Settings
from storage.db import Database
from storage.demo_school import load_demo, write_demo_bundle
from storage.migrate import is_up_to_date, upgrade
from storage.people import People
from storage.roster import RosterInvalid
from storage.roster import import_roster as run_import


def register(sub: Any) -> None:
    s = sub.add_parser("serve", help="web server and outbox worker in one process")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=3978)
    s.set_defaults(run=serve)

    db_parser = sub.add_parser("db", help="database commands")
    db_sub = db_parser.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply migrations to SKOLEBOT_DATABASE_URL").set_defaults(run=db)

    r = sub.add_parser("import-roster", help="import a OneRoster 1.1 CSV bundle (all or nothing)")
    r.add_argument("directory", type=Path)
    r.add_argument("--dry-run", action="store_true")
    r.set_defaults(run=import_roster)

    d = sub.add_parser("demo", help="fill the database with the built-in demo school (idempotent)")
    d.add_argument("--if-empty", action="store_true", help="only when the database has no people yet")
    d.add_argument("--write", type=Path, help="only write the demo OneRoster bundle to this folder")
    d.set_defaults(run=demo)

    c = sub.add_parser("chat", help="talk to the bot in the terminal through the real pipeline")
    who = c.add_mutually_exclusive_group(required=True)
    who.add_argument("--from", dest="phone", help="as this phone number, over the signed /api/sms path")
    who.add_argument("--teams", dest="upn", help="as this Teams user (UPN), over /api/messages")
    c.set_defaults(run=chat)

    m = sub.add_parser("manifest", help="the Teams app package")
    m_sub = m.add_subparsers(dest="manifest_command", required=True)
    mb = m_sub.add_parser("build", help="build and validate the Teams app package")
    mb.add_argument("--bot-id", required=True)
    mb.add_argument("--out", required=True, type=Path)
    mb.add_argument("--version", default=None)
    mb.set_defaults(run=manifest)


async def _require_migrated(settings: Settings) -> Database | None:
    db = Database(settings.database_url)
    try:
        ok = await is_up_to_date(db.engine, settings.database_url)
    except Exception as exc:
        print(
            f"skolebot: cannot reach the database (SKOLEBOT_DATABASE_URL): {type(exc).__name__}: {exc}", file=sys.stderr
        )
        await db.dispose()
        return None
    if not ok:
        print("skolebot: the database is not migrated. Run `skolebot db upgrade` first.", file=sys.stderr)
        await db.dispose()
        return None
    return db


async def serve(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here for start-up speed only: every `skolebot` command parses its arguments, and only
    # `serve` needs the whole application (botbuilder, the flows) and Prometheus.
    from bot.app import create_app
    from bot.metrics import start_metrics_site

    try:
        mode = decide(settings)
    except ModeError as exc:
        print(f"skolebot: {exc}", file=sys.stderr)
        return 2
    if mode.local and not is_loopback_host(host_name(args.host)):
        print(
            f"skolebot: local mode (no MICROSOFT_APP_ID, SMS on this machine) lets anyone act as anyone, so it "
            f"serves on loopback only; --host {args.host} is refused. Configure a channel for production.",
            file=sys.stderr,
        )
        return 2
    db = await _require_migrated(settings)
    if db is None:
        return 2
    await db.dispose()
    print(mode.describe())
    app = create_app(settings)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.port)
    await site.start()
    try:  # SKOLEBOT_METRICS_PORT: /metrics on 127.0.0.1:<port> instead of the main port
        metrics_runner = await start_metrics_site(app, settings)
    except OSError as exc:
        print(
            f"skolebot: cannot serve /metrics on 127.0.0.1:{settings.metrics_port} (SKOLEBOT_METRICS_PORT): "
            f"{exc.strerror or exc}",
            file=sys.stderr,
        )
        await runner.cleanup()
        return 2
    print(f"Skolebot listens on http://{args.host}:{args.port}")
    print(f"  Teams / Bot Framework Emulator: http://{args.host}:{args.port}/api/messages")
    print(f"  Twilio inbound SMS webhook:     {settings.public_url}/api/sms")
    print("  Try it in the terminal:         skolebot chat --teams <UPN>   or   skolebot chat --from <phone>")
    if metrics_runner is not None:
        print(f"  Prometheus metrics:             http://127.0.0.1:{settings.metrics_port}/metrics")
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        pass
    finally:
        if metrics_runner is not None:
            await metrics_runner.cleanup()
        await runner.cleanup()
    return 0


async def db(args: argparse.Namespace, settings: Settings) -> int:
    await upgrade(settings.database_url)
    print("database is up to date")
    return 0


async def import_roster(args: argparse.Namespace, settings: Settings) -> int:
    database = await _require_migrated(settings)
    if database is None:
        return 2
    try:
        summary = await run_import(database, args.directory, dry_run=args.dry_run)
    except RosterInvalid as exc:
        print(str(exc), file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"skolebot: {exc}", file=sys.stderr)
        return 1
    finally:
        await database.dispose()
    print(summary.render())
    return 0


async def demo(args: argparse.Namespace, settings: Settings) -> int:
    if args.write:
        write_demo_bundle(args.write)
        print(f"demo bundle written to {args.write}")
        return 0
    database = await _require_migrated(settings)
    if database is None:
        return 2
    try:
        if args.if_empty and await People(database).count_active() > 0:
            print("the database already has a roster; demo school not loaded")
            return 0
        summary = await load_demo(database)
    finally:
        await database.dispose()
    print(summary.render())
    return 0


async def chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.terminal_chat import run_chat  # start-up speed only: the chat starts the whole application

    database = await _require_migrated(settings)
    if database is None:
        return 2
    await database.dispose()
    return await run_chat(settings, phone=args.phone, upn=args.upn)


async def manifest(args: argparse.Namespace, settings: Settings) -> int:
    from manifest.build import ManifestError, build_package  # start-up speed only: Pillow and jsonschema

    try:
        path = build_package(bot_id=args.bot_id, out=args.out, public_url=settings.public_url, version=args.version)
    except ManifestError as exc:
        print(f"skolebot: {exc}", file=sys.stderr)
        return 1
    print(f"Teams app package written to {path}")
    return 0
