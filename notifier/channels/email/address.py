"""What an e-mail channel's address may be: one mailbox, written the way SMTP carries it.

A careful check rather than a full RFC 5322 parser: a dot-atom local part in ASCII (no quoted
strings, no comments), a domain name (IDNA, stored in its ASCII form and lower-cased), no IP
literals. That covers the addresses people type, and everything stored can be sent without
SMTPUTF8.
"""

from __future__ import annotations

import re
from typing import Any

import idna

from core.config import Settings
from notifier.channels.addressing import AddressRejected, AddressSetup

MAX_ADDRESS = 254  # RFC 5321's path limit (256) less the angle brackets
MAX_LOCAL_PART = 64
MAX_DOMAIN = 253
# RFC 5322 atext: what a dot-atom's pieces are made of.
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def normalize_email(raw: str) -> str:
    """The address as stored and sent (domain in lower-case ASCII); AddressRejected naming the
    problem otherwise."""
    text = raw.strip()
    if not text:
        raise AddressRejected("an e-mail address is required")
    if len(text) > MAX_ADDRESS:
        raise AddressRejected(f"an e-mail address has at most {MAX_ADDRESS} characters")
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in text):
        raise AddressRejected("an e-mail address must not contain spaces or control characters")
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise AddressRejected("an e-mail address must look like name@example.com")
    return f"{_local_part(local)}@{_domain(domain)}"


def _local_part(local: str) -> str:
    if "@" in local or local.startswith('"'):
        raise AddressRejected("quoted names and a second '@' are not supported in e-mail addresses")
    if not local.isascii():
        raise AddressRejected("the part before '@' must be plain ASCII")
    if len(local) > MAX_LOCAL_PART:
        raise AddressRejected(f"the part before '@' has at most {MAX_LOCAL_PART} characters")
    if not all(_ATOM.fullmatch(piece) for piece in local.split(".")):
        raise AddressRejected("the part before '@' has a character an address cannot hold, or a stray dot")
    return local  # kept as written: only the mailbox's own server may fold its case


def _domain(domain: str) -> str:
    if domain.startswith("["):
        raise AddressRejected("an address at an IP literal ([...]) is not accepted; use a domain name")
    try:
        # UTS 46 maps case and compatibility forms the way browsers and mail clients do.
        ascii_domain = idna.encode(domain.rstrip("."), uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise AddressRejected(f"{domain!r} is not a valid domain name") from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or len(ascii_domain) > MAX_DOMAIN:
        raise AddressRejected(f"{domain!r} is not a domain that receives mail (e.g. example.com)")
    if not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        raise AddressRejected(f"{domain!r} is not a valid domain name")
    return ascii_domain


async def setup_email_address(raw: str, options: dict[str, Any] | None, settings: Settings) -> AddressSetup:
    """A new e-mail channel: the address checked; it is confirmed by mail before anything else
    is sent to it."""
    if options:
        raise AddressRejected(
            f"e-mail channels take no options (got {', '.join(sorted(options))})", "options"
        )
    return AddressSetup(address=normalize_email(raw), needs_confirmation=True)
