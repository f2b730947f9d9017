"""E-mail channels: SMTP delivery (channel.py), the mails' texts (messages.py), the address
rules (address.py) and the confirm and unsubscribe links (links.py)."""

from notifier.channels.email.address import normalize_email, setup_email_address
from notifier.channels.email.channel import KIND, EmailChannel, OutgoingMail, classify

__all__ = ["KIND", "EmailChannel", "OutgoingMail", "classify", "normalize_email", "setup_email_address"]
