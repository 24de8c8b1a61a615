"""The school's phone number as people should read it ("22 12 34 56"), from the setting or the database.

SKOLEBOT_SCHOOL_PHONE wins; without it the number kept in the database (the demo school sets one)
is used; with neither, replies simply leave the "ring skolen" line out.
"""

from __future__ import annotations

import phonenumbers

from storage.contact import ContactStore
from storage.db import Database


def is_phone_number(value: str) -> bool:
    """Whether `value` reads as a phone number (Norwegian when it has no country code)."""
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number)


def display_phone(value: str) -> str:
    """ "+4722123456" -> "22 12 34 56"; a foreign number keeps its country code; unreadable stays as written."""
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return value.strip()
    if number.country_code == 47:
        return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


async def school_phone(setting: str, db: Database) -> str | None:
    """The number to give people, written the Norwegian way; None when the school has none configured."""
    value = setting.strip() or await ContactStore(db).school_phone()
    return display_phone(value) if value else None
