"""Tombstones of erased people: a hash of the sourcedId and when, so a roster import does not bring them back.

The key is a hash, not the sourcedId, name or number, so the tombstone itself says nothing
about who was erased; only someone who already knows a sourcedId can test it against the table.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.model_base import Base


class ErasedPerson(Base):
    """One erased person: skipped by every roster import until `skolebot person erase --undo` removes the row."""

    __tablename__ = "erased_people"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # storage.erasure.erased_key(sourcedId)
    erased_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
