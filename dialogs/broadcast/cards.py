"""Adaptive Cards (1.5) for broadcasts: the sender's preview, the live report, and the
"OK, received" button under an emergency. Each card has fallbackText, and the same content
exists as plain text (for SMS and for clients without cards).
"""

from __future__ import annotations

from typing import Any

from bot.texts import t
from dialogs.broadcast.render import PreviewNumbers, audience_label, duration_text, reason_label, short
from dialogs.broadcast.service import Prepared
from storage.broadcasts import Report
from storage.segments import count_segments

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
REPORT_NAMES = 15  # people not reached listed on the card; the CLI lists everyone


def _card(body: list[dict[str, Any]], fallback: str, actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.5",
        "fallbackText": fallback,
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def _facts(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in pairs]}


def _title_key(base: str, *, emergency: bool, drill: bool) -> str:
    return base + ("_drill" if drill else "_emergency" if emergency else "")


# ---------------------------------------------------------------------------- preview


def opt_out_line(lang: str, numbers: PreviewNumbers, *, emergency: bool, overrides_opt_out: bool) -> str:
    """What happens to people who opted out of SMS, and the school's emergency setting."""
    if numbers.opted_out_included:
        line = t(lang, "broadcast.preview.opt_out_included", n=numbers.opted_out_included)
    elif numbers.opted_out_skipped:
        line = t(lang, "broadcast.preview.opt_out_skipped", n=numbers.opted_out_skipped)
    else:
        line = t(lang, "broadcast.preview.opt_out_none")
    policy = "broadcast.preview.policy_on" if overrides_opt_out else "broadcast.preview.policy_off"
    return line + " " + t(lang, policy) if emergency or numbers.opted_out_skipped else line


def preview_facts(lang: str, numbers: PreviewNumbers, audience: str) -> list[tuple[str, str]]:
    return [
        (t(lang, "broadcast.preview.to"), audience),
        (
            t(lang, "broadcast.preview.people"),
            t(lang, "broadcast.preview.people_value", people=numbers.people, addresses=numbers.addresses),
        ),
        (t(lang, "broadcast.preview.teams"), str(numbers.teams)),
        (
            t(lang, "broadcast.preview.sms"),
            t(
                lang,
                "broadcast.preview.sms_value",
                sms=numbers.sms,
                segments=numbers.segments,
                total=numbers.sms_segments,
            ),
        ),
        (t(lang, "broadcast.preview.no_address"), str(numbers.no_address)),
        (t(lang, "broadcast.preview.duration"), duration_text(lang, numbers.seconds)),
    ]


def preview_text(
    lang: str,
    text: str,
    numbers: PreviewNumbers,
    audience: str,
    *,
    emergency: bool,
    drill: bool,
    overrides_opt_out: bool,
    hint: bool = True,
    channels: str | None = None,
) -> str:
    """The preview as plain text; `hint` adds how to confirm in a chat, `channels` which channels and how to change."""
    lines = [t(lang, _title_key("broadcast.preview.title", emergency=emergency, drill=drill)), "", text, ""]
    lines += [f"{k}: {v}" for k, v in preview_facts(lang, numbers, audience)]
    lines.append(opt_out_line(lang, numbers, emergency=emergency, overrides_opt_out=overrides_opt_out))
    if channels:
        lines.append(t(lang, f"broadcast.preview.channels_{channels}"))
    if hint:
        lines += ["", t(lang, "broadcast.preview.confirm_hint")]
    return "\n".join(lines)


def preview_card(
    lang: str,
    text: str,
    numbers: PreviewNumbers,
    audience: str,
    *,
    emergency: bool,
    drill: bool,
    overrides_opt_out: bool,
    channels: str = "both",
) -> dict[str, Any]:
    """The sender's preview with Send and Cancel; "ja" / "avbryt" typed work as well, and "bare SMS" / "bare
    Teams" / "Teams og SMS" change the channels (the line under the figures says which are used)."""
    title = t(lang, _title_key("broadcast.preview.title", emergency=emergency, drill=drill))
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": title,
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
            "color": "Attention" if emergency else "Default",
        },
        {"type": "Container", "style": "emphasis", "items": [{"type": "TextBlock", "text": text, "wrap": True}]},
        _facts(preview_facts(lang, numbers, audience)),
        {
            "type": "TextBlock",
            "text": opt_out_line(lang, numbers, emergency=emergency, overrides_opt_out=overrides_opt_out),
            "wrap": True,
            "isSubtle": True,
        },
        {"type": "TextBlock", "text": t(lang, f"broadcast.preview.channels_{channels}"), "wrap": True},
    ]
    actions = [
        {
            "type": "Action.Submit",
            "title": t(lang, "broadcast.preview.confirm"),
            "style": "positive",
            "data": {"skolebot": "broadcast_confirm", "send": True},
        },
        {
            "type": "Action.Submit",
            "title": t(lang, "broadcast.preview.cancel"),
            "data": {"skolebot": "broadcast_confirm", "send": False},
        },
    ]
    fallback = preview_text(
        lang,
        text,
        numbers,
        audience,
        emergency=emergency,
        drill=drill,
        overrides_opt_out=overrides_opt_out,
        channels=channels,
    )
    return _card(body, fallback, actions)


def sms_preview(lang: str, prepared: Prepared, audience: str) -> str:
    """The preview by SMS to a leader who sent "VARSEL <PIN> ...": what, to whom, how many, and "JA" to send."""
    n = prepared.numbers
    kind = "_drill" if prepared.message.drill else "_emergency" if prepared.plan.emergency else ""
    policy = ""
    if prepared.plan.emergency or n.opted_out_skipped:
        policy = t(lang, "broadcast.sms_policy_on" if prepared.plan.overrides_opt_out else "broadcast.sms_policy_off")
    return t(
        lang,
        "broadcast.sms_preview",
        title=t(lang, "broadcast.sms_title" + kind),
        audience=audience_label(lang, audience),
        text=short(prepared.message.text),
        people=n.people,
        sms=n.sms,
        total=n.sms_segments,
        teams=n.teams,
        policy=policy,
        duration=duration_text(lang, n.seconds),
    ).replace("  ", " ")


# ---------------------------------------------------------------------------- the recipient's alert


def ack_card(lang: str, broadcast_id: int) -> dict[str, Any]:
    """Under an emergency in Teams: one button that acknowledges it."""
    prompt = t(lang, "broadcast.ack_prompt")
    return _card(
        [{"type": "TextBlock", "text": prompt, "wrap": True, "isSubtle": True}],
        prompt,
        [
            {
                "type": "Action.Submit",
                "title": t(lang, "broadcast.ack_button"),
                "style": "positive",
                "data": {"skolebot": "broadcast_ack", "broadcast_id": broadcast_id},
            }
        ],
    )


# ---------------------------------------------------------------------------- live report


def report_facts(lang: str, report: Report) -> list[tuple[str, str]]:
    s = report.by_status
    facts = [
        (t(lang, "broadcast.report.recipients"), str(report.recipients)),
        (t(lang, "broadcast.report.delivered"), str(s.get("delivered", 0))),
        (t(lang, "broadcast.report.sent"), str(s.get("sent", 0))),
        (t(lang, "broadcast.report.pending"), str(s.get("pending", 0) + s.get("sending", 0))),
        (t(lang, "broadcast.report.failed"), str(s.get("failed", 0))),
        (t(lang, "broadcast.report.skipped"), str(s.get("skipped", 0))),
    ]
    if report.emergency:
        facts.append((t(lang, "broadcast.report.acknowledged"), str(report.acknowledged)))
    return facts


def _not_reached_lines(lang: str, report: Report, names: int | None = REPORT_NAMES) -> list[str]:
    shown = report.not_reached if names is None else report.not_reached[:names]
    lines = [f"{n.name}{' (' + n.phone + ')' if n.phone else ''}: {reason_label(lang, n.reason)}" for n in shown]
    more = report.not_reached_count - len(lines)
    if more > 0:
        lines.append(t(lang, "broadcast.report.more", n=more, id=report.id))
    return lines


def _heading(lang: str, report: Report) -> tuple[str, str]:
    """The report's title ("Rapport for beredskapsmelding nr. 7") and state ("Sender ...")."""
    title = t(lang, _title_key("broadcast.report.title", emergency=report.emergency, drill=report.drill), id=report.id)
    return title, t(lang, "broadcast.report.running" if report.open else "broadcast.report.done")


def report_text(lang: str, report: Report, *, names: int | None = REPORT_NAMES) -> str:
    """The live report as plain text; `names` caps the people listed (None: all the report has)."""
    title, state = _heading(lang, report)
    lines = [f"{title} - {state}"] + [f"{k}: {v}" for k, v in report_facts(lang, report)]
    if report.not_reached_count:
        lines += [t(lang, "broadcast.report.not_reached", n=report.not_reached_count)]
        lines += _not_reached_lines(lang, report, names)
    elif not report.open and not report.in_progress:
        lines.append(t(lang, "broadcast.report.all_reached"))
    return "\n".join(lines)


def report_sms(lang: str, report: Report, *, max_segments: int) -> str:
    """The report by SMS: the counts, then as many of the people not reached as fit the segments."""
    s = report.by_status
    title, state = _heading(lang, report)
    on_the_way = s.get("sent", 0) + s.get("pending", 0) + s.get("sending", 0)
    lines = [
        f"{title} - {state}",
        t(
            lang,
            "broadcast.status.counts",
            recipients=report.recipients,
            delivered=s.get("delivered", 0),
            on_the_way=on_the_way,
            not_reached=report.not_reached_count,
        ),
    ]
    if report.emergency:
        lines.append(t(lang, "broadcast.status.acknowledged", n=report.acknowledged))
    if not report.not_reached_count:
        return "\n".join(lines)
    lines.append(t(lang, "broadcast.report.not_reached", n=report.not_reached_count))
    names = [f"{n.name}: {reason_label(lang, n.reason)}" for n in report.not_reached]
    for shown in range(len(names), -1, -1):  # as many names as fit, with "... and n more" when cut
        more = report.not_reached_count - shown
        tail = [t(lang, "broadcast.status.more", n=more)] if more > 0 else []
        text = "\n".join(lines + names[:shown] + tail)
        if count_segments(text).segments <= max_segments:
            return text
    return "\n".join(lines)


def report_card(lang: str, report: Report) -> dict[str, Any]:
    """The sender's live report, updated in place while the broadcast goes out."""
    title, state = _heading(lang, report)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True},
        {"type": "TextBlock", "text": state, "isSubtle": True, "spacing": "None", "wrap": True},
        _facts(report_facts(lang, report)),
    ]
    if report.not_reached_count:
        body.append(
            {
                "type": "TextBlock",
                "text": t(lang, "broadcast.report.not_reached", n=report.not_reached_count),
                "weight": "Bolder",
                "color": "Attention",
                "wrap": True,
            }
        )
        body += [
            {"type": "TextBlock", "text": line, "wrap": True, "spacing": "None"}
            for line in _not_reached_lines(lang, report)
        ]
    elif not report.open and not report.in_progress:
        body.append(
            {"type": "TextBlock", "text": t(lang, "broadcast.report.all_reached"), "color": "Good", "wrap": True}
        )
    return _card(body, report_text(lang, report))
