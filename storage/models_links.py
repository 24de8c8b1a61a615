"""Revoked signed links: a hash of the token (never the token), its kind, and when it would have expired.

A row is only needed until the link's own expiry; after that the link is refused anyway, so
`storage.links.purge_expired` drops it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.domain import LinkKindName
from storage.model_base import Base, known, utc_now


class LinkRevocation(Base):
    """One revoked link (week plan, calendar feed or stats page), keyed by a SHA-256 of its token's bytes."""

    __tablename__ = "link_revocations"
    __table_args__ = (known("kind", LinkKindName),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # LinkKindName
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    revoked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
