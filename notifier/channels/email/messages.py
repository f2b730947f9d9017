"""What an e-mail says for each kind of notification, and the message built from it.

A mail is a subject and a few blocks (a heading, paragraphs, links, the offer's photo), written
out twice: as plain text and as HTML, the two parts of a multipart/alternative message. Every
value that comes from a user or a crawled page is escaped for HTML in one place (`_html`),
links and images go only to http(s) URLs, and header values lose control characters.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from core.config import Settings
from core.db.models import Offer
from core.limits import to_cents
from notifier.channels.base import Content
from notifier.channels.email import links

SUBJECT_LIMIT = 150
DIGEST_LIMIT = 100  # offers listed in one digest mail; the rest are counted
ONE_CLICK = "List-Unsubscribe=One-Click"  # RFC 8058's List-Unsubscribe-Post value
# How mails go on the wire: CRLF, and header lines folded only past RFC 5322's 998 characters;
# at the usual 78 a long List-Unsubscribe URL would be RFC 2047-encoded, which clients do not read.
WIRE_POLICY = email.policy.SMTP.clone(max_line_length=998)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


# --- blocks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    note: str = ""  # after the link, e.g. the price


@dataclass(frozen=True)
class Photo:
    url: str
    alt: str


@dataclass(frozen=True)
class Links:
    items: list[Link]


Block = Heading | Paragraph | Link | Photo | Links


@dataclass
class Mail:
    subject: str
    blocks: list[Block]
    footer: list[Block] = field(default_factory=list)
    unsubscribe_url: str | None = None


def _is_web_url(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("https://", "http://"))


def _plain_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{block.text}\n{'=' * min(len(block.text), 70)}"
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Link):
        return _plain_link(block)
    if isinstance(block, Photo):
        return f"Photo: {block.url}"
    return "\n".join(f"- {_plain_link(item)}" for item in block.items)


def _plain_link(link: Link) -> str:
    note = f" ({link.note})" if link.note else ""
    return f"{link.text}{note}\n  {link.url}" if _is_web_url(link.url) else f"{link.text}{note}"


def plain_text(mail: Mail) -> str:
    parts = [_plain_block(block) for block in mail.blocks]
    if mail.footer:
        parts.append("-- \n" + "\n".join(_plain_block(block) for block in mail.footer))
    return "\n\n".join(parts) + "\n"


def _html(value: object) -> str:
    return html.escape(str(value), quote=True)


def _html_link(link: Link) -> str:
    text = _html(link.text)
    anchor = f'<a href="{_html(link.url)}">{text}</a>' if _is_web_url(link.url) else text
    return anchor + (f" &middot; {_html(link.note)}" if link.note else "")


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f'<h2 style="margin:0 0 12px;font-size:18px">{_html(block.text)}</h2>'
    if isinstance(block, Paragraph):
        return f'<p style="margin:0 0 12px">{_html(block.text)}</p>'
    if isinstance(block, Link):
        return f'<p style="margin:0 0 12px;font-size:16px">{_html_link(block)}</p>'
    if isinstance(block, Photo):
        return (
            f'<p style="margin:0 0 12px"><img src="{_html(block.url)}" alt="{_html(block.alt)}" '
            'width="480" style="max-width:100%;height:auto;border:0"></p>'
        )
    items = "".join(f'<li style="margin:0 0 6px">{_html_link(item)}</li>' for item in block.items)
    return f'<ul style="margin:0 0 12px;padding-left:20px">{items}</ul>'


def html_text(mail: Mail) -> str:
    body = "\n".join(_html_block(block) for block in mail.blocks)
    footer = "\n".join(_html_block(block) for block in mail.footer)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{_html(mail.subject)}</title></head>\n"
        '<body style="font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.4">\n'
        f"{body}\n"
        + (f'<div style="margin-top:24px;color:#777;font-size:12px">\n{footer}\n</div>\n' if footer else "")
        + "</body></html>\n"
    )


# --- what each kind says -------------------------------------------------------------------


def format_price(price: Decimal | str | None, currency: str | None) -> str:
    """'1234.50 EUR'; an empty string when there is no price."""
    if price is None or price == "":
        return ""
    amount = to_cents(Decimal(str(price)))
    return f"{amount} {currency}" if currency else str(amount)


def _target_name(content: Content) -> str:
    return content.target.name if content.target is not None else "offerwatch"


def _offer(content: Content) -> Offer:
    if content.offer is None:
        raise ValueError(f"notification {content.notification.id} has no offer")
    return content.offer


def _photo(offer: Offer) -> list[Block]:
    return [Photo(offer.image_url, offer.title)] if offer.image_url and _is_web_url(offer.image_url) else []


def _new_offer(content: Content) -> Mail:
    offer = _offer(content)
    price = format_price(offer.price, offer.currency)
    name = _target_name(content)
    return Mail(
        subject=f"New: {offer.title}" + (f" ({price})" if price else "") + f" · {name}",
        blocks=[Heading(f"New offer for {name}"), Link(offer.url, offer.title, price), *_photo(offer)],
    )


def _price_cut(content: Content) -> Mail:
    offer = _offer(content)
    payload = content.notification.payload or {}
    currency = payload.get("currency") or offer.currency
    old = format_price(payload.get("old_price"), currency)
    new = format_price(payload.get("new_price", offer.price), currency)
    name = _target_name(content)
    change = f"{old} → {new}" if old else new
    return Mail(
        subject=f"Price cut: {offer.title} {change} · {name}",
        blocks=[
            Heading(f"Price cut for {name}"),
            Link(offer.url, offer.title, new),
            *([Paragraph(f"Was {old}, now {new}.")] if old else []),
            *_photo(offer),
        ],
    )


def _digest(content: Content) -> Mail:
    offers = content.digest_offers
    names = ", ".join(t.name for t in content.digest_targets) or _target_name(content)
    items = [Link(o.url, o.title, format_price(o.price, o.currency)) for o in offers[:DIGEST_LIMIT]]
    more = [Paragraph(f"…and {len(offers) - DIGEST_LIMIT} more.")] if len(offers) > DIGEST_LIMIT else []
    return Mail(
        subject=f"{len(offers)} new offers · {names}",
        blocks=[Heading(f"{len(offers)} new offers for {names}"), Links(items), *more],
    )


def _url_health(content: Content) -> Mail:
    payload = content.notification.payload or {}
    url = str(payload.get("url") or (content.scraping_url.url if content.scraping_url else ""))
    name = _target_name(content)
    if content.notification.kind == "url_failing":
        reason = str(payload.get("reason") or "")
        return Mail(
            subject=f"{name}: a watched page cannot be checked",
            blocks=[
                Heading(f"{name}: this page cannot be checked right now"),
                Link(url, url),
                *([Paragraph(f"Reason: {reason}")] if reason else []),
                Paragraph("We keep trying and tell you when it works again."),
            ],
        )
    return Mail(
        subject=f"{name}: a watched page can be checked again",
        blocks=[Heading(f"{name}: this page can be checked again"), Link(url, url)],
    )


def _text(content: Content) -> Mail:
    payload = content.notification.payload or {}
    return Mail(
        subject=str(payload.get("subject") or "A message from offerwatch"),
        blocks=[Paragraph(str(payload.get("text") or ""))],
    )


FORMATTERS: dict[str, Callable[[Content], Mail]] = {
    "new_offer": _new_offer,
    "price_cut": _price_cut,
    "digest": _digest,
    "url_failing": _url_health,
    "url_recovered": _url_health,
    "text": _text,
}


def _confirmation(content: Content, settings: Settings, now: dt.datetime) -> Mail:
    url = links.confirm_url(settings, links.confirm_token(settings, content.channel, now))
    hours = settings.email_confirmation_ttl_seconds // 3600
    return Mail(
        subject="Confirm your e-mail address for offerwatch",
        blocks=[
            Heading("Confirm your e-mail address"),
            Paragraph(
                f"Someone asked offerwatch to send alerts about new offers to {content.channel.address}."
            ),
            Link(url, "Yes, send my alerts to this address"),
            Paragraph(
                f"The link works for {hours} hours. If it was not you, ignore this mail: "
                "nothing else is sent to this address unless the link is opened."
            ),
        ],
    )


def compose(content: Content, settings: Settings, now: dt.datetime) -> Mail:
    """The mail for a notification; ValueError for an unknown kind or missing rows."""
    kind = content.notification.kind
    if kind == "confirm":
        return _confirmation(content, settings, now)
    formatter = FORMATTERS.get(kind)
    if formatter is None:
        raise ValueError(f"unknown notification kind {kind!r}")
    mail = formatter(content)
    mail.unsubscribe_url = links.unsubscribe_url(settings, links.unsubscribe_token(settings, content.channel))
    mail.footer = [
        Paragraph(f"You get this mail because {content.channel.address} receives alerts from offerwatch."),
        Link(mail.unsubscribe_url, "Stop these mails (unsubscribe)"),
    ]
    return mail


# --- the message ----------------------------------------------------------------------------


def header_text(value: str, limit: int = SUBJECT_LIMIT) -> str:
    """A header value from outside text: control characters (line breaks) gone, shortened."""
    text = " ".join(_CONTROL.sub(" ", value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message_id(content: Content, settings: Settings) -> str:
    """One Message-ID per notification: a message sent again after a worker's crash carries the
    same id, so a mail system that saw it can tell it is the same mail."""
    domain = parseaddr(settings.smtp_from)[1].rpartition("@")[2] or "offerwatch.localhost"
    return f"<{content.notification.id.hex}@{domain}>"


def wire_bytes(message: EmailMessage) -> bytes:
    """The message as the SMTP relay gets it."""
    return message.as_bytes(policy=WIRE_POLICY)


def build_message(content: Content, settings: Settings, now: dt.datetime) -> EmailMessage:
    """The MIME message: plain text and HTML alternatives, with the RFC 8058 one-click
    unsubscribe headers on everything but the confirmation."""
    mail = compose(content, settings, now)
    name, address = parseaddr(settings.smtp_from)
    message = EmailMessage()
    message["From"] = Address(display_name=name, addr_spec=address)
    message["To"] = content.channel.address or ""
    message["Subject"] = header_text(mail.subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(content, settings)
    # RFC 3834: automatic mail; auto-responders do not answer it.
    message["Auto-Submitted"] = "auto-generated"
    if mail.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = ONE_CLICK
    message.set_content(plain_text(mail))
    message.add_alternative(html_text(mail), subtype="html")
    return message
