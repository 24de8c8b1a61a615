"""Phone numbers: E.164 for storing and matching, masked for logs (pure; phonenumbers does the work)."""

from __future__ import annotations

import phonenumbers

__all__ = ["mask_phone", "normalise_phone"]


def normalise_phone(raw: str | None, default_region: str = "NO") -> str | None:
    """Return the number in E.164 (+4791234567), or None when it is not a valid number."""
    if not raw or not raw.strip():
        return None
    try:
        parsed = phonenumbers.parse(raw.strip(), default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str | None) -> str:
    """Hide all but the country code and the last three digits: +47*****678, for logs."""
    if not e164:
        return "<none>"
    digits = "".join(ch for ch in e164 if ch.isdigit())
    if len(digits) <= 3:
        return "*" * len(digits) or "***"
    country = ""
    if e164.strip().startswith("+"):
        try:
            country = str(phonenumbers.parse(e164, None).country_code)
        except phonenumbers.NumberParseException:
            country = ""
        if not digits.startswith(country):
            country = ""
    national = digits[len(country) :]
    hidden = max(len(national) - 3, 0)
    prefix = f"+{country}" if country else ""
    return prefix + "*" * hidden + national[hidden:]
