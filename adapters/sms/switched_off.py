"""The SMS sender of a production deployment whose SMS channel is switched off: every send fails, permanently."""

from __future__ import annotations

from adapters.sms.twilio_client import SentMessage, TwilioSendError


class SwitchedOffSender:
    """Stands where TwilioSender would: nothing is sent, and the outbox records why (never a fake Twilio)."""

    def prepare(self) -> None:
        """Nothing to warm up."""

    async def send(self, to: str, body: str) -> SentMessage:
        raise TwilioSendError("the SMS channel is switched off (SKOLEBOT_CHANNELS)", permanent=True)

    async def close(self) -> None:
        """Nothing to close."""
