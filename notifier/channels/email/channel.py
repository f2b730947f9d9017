"""The e-mail channel: notifications as mails through an SMTP relay (aiosmtplib), and what the
relay's answers mean for the outbox.

One connection per mail: alerts are few per address, and a fresh connection has no state to
lose when the relay restarts. Without SMTP_HOST the mail is written to the log instead (the
embedded default), everything else behaving the same.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from typing import ClassVar

import aiosmtplib

from core.clock import utcnow
from core.config import Settings
from notifier.channels.base import ChannelGone, Content, Final, Outcome, Retry, Sent
from notifier.channels.email.messages import build_message, wire_bytes

log = logging.getLogger(__name__)

KIND = "email"
# Reply codes that say the mailbox does not exist (RFC 5321: 550 mailbox unavailable, 551 user
# not local, 553 mailbox name not allowed) when a relay gives no enhanced status code.
MAILBOX_GONE_CODES = frozenset({550, 551, 553})
# RFC 3463 enhanced status codes: 5.1.x is a bad address (no such mailbox, no such domain...).
OUR_SETUP_REFUSED = (aiosmtplib.SMTPAuthenticationError, aiosmtplib.SMTPHeloError)
_ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})\b")


@dataclass(frozen=True)
class OutgoingMail:
    recipient: str
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


def _enhanced_status(text: str) -> tuple[int, int, int] | None:
    found = _ENHANCED.match(text)
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


def _mailbox_gone(code: int, text: str) -> bool:
    enhanced = _enhanced_status(text)
    if enhanced is not None:
        return enhanced[0] == 5 and enhanced[1] == 1
    return code in MAILBOX_GONE_CODES


def classify(error: Exception) -> Outcome:
    """What an SMTP failure means: try again (4xx, the network, our own login or TLS setup),
    the mailbox is gone (a recipient refused for good), or this mail is refused (any other 5xx)."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused) and error.recipients:
        error = error.recipients[0]
    if isinstance(error, aiosmtplib.SMTPResponseException):
        said = f"{error.code} {error.message}".strip()
        # A refused login or greeting is our configuration, not the mail's: it goes out once
        # that is fixed.
        if error.code < 500 or isinstance(error, OUR_SETUP_REFUSED):
            return Retry(f"SMTP {said}")
        if isinstance(error, aiosmtplib.SMTPRecipientRefused) and _mailbox_gone(error.code, error.message):
            return ChannelGone(f"SMTP {said}")
        if isinstance(error, aiosmtplib.SMTPDataError) and _mailbox_gone(0, error.message):
            return ChannelGone(f"SMTP {said}")
        return Final(f"SMTP {said}")
    # Connection refused or lost, timeouts, STARTTLS the relay does not offer.
    return Retry(f"{type(error).__name__}: {error}")


class EmailChannel:
    """Formats notifications as mails and hands them to the SMTP relay of the settings."""

    kind: ClassVar[str] = KIND

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.sender = parseaddr(settings.smtp_from)[1]

    def format(self, content: Content) -> OutgoingMail:
        if not content.channel.address:
            raise ValueError(f"e-mail channel {content.channel.id} has no address")
        return OutgoingMail(content.channel.address, build_message(content, self.settings, utcnow()))

    async def send(self, message: OutgoingMail) -> Outcome:
        settings = self.settings
        if not settings.smtp_host:
            log.info(
                "E-mail to %s (no SMTP_HOST set): %s\n%s",
                message.recipient,
                message.message["Subject"],
                _plain_part(message.message),
            )
            return Sent(message.message_id)
        try:
            await aiosmtplib.send(
                wire_bytes(message.message),
                sender=self.sender,
                recipients=[message.recipient],
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username or None,
                password=settings.smtp_password or None,
                use_tls=settings.smtp_security == "tls",
                start_tls=settings.smtp_security == "starttls",
                timeout=settings.smtp_timeout_seconds,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            return classify(exc)
        return Sent(message.message_id)

    async def close(self) -> None:
        return None


def _plain_part(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""
