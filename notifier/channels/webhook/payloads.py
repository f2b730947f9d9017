"""What a webhook POSTs: one JSON event per notification (docs/webhooks.md), sent as it is
(preset `json`) or turned into the body a Discord or Slack incoming webhook takes.

Discord and Slack bodies are made from the event, so the three presets never tell different
stories. Text from crawled pages is escaped for the target's markup (Discord markdown, Slack
mrkdwn) and never mentions anyone there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from core.db.models import Notification, Offer, ScrapingTarget
from core.limits import to_cents
from notifier.channels.base import Content


class Preset(StrEnum):
    JSON = "json"
    DISCORD = "discord"
    SLACK = "slack"


class EventType(StrEnum):
    NEW_OFFER = "offer.new"
    PRICE_CUT = "offer.price_cut"
    DIGEST = "offers.digest"
    PAGE_FAILING = "page.failing"
    PAGE_RECOVERED = "page.recovered"
    MESSAGE = "message"
    TEST = "test"


EVENT_TYPES = {
    "new_offer": EventType.NEW_OFFER,
    "price_cut": EventType.PRICE_CUT,
    "digest": EventType.DIGEST,
    "url_failing": EventType.PAGE_FAILING,
    "url_recovered": EventType.PAGE_RECOVERED,
    "text": EventType.MESSAGE,
}
# Discord: 2000 characters of content, 256 of an embed title, 4096 of its description.
DISCORD_CONTENT = 2000
DISCORD_TITLE = 256
DISCORD_DESCRIPTION = 4096
# Slack: 3000 characters of a section's text, 150 of a header, 50 blocks; a digest lists
# offers in up to SLACK_DIGEST characters (a few sections: a longer message nobody reads).
SLACK_SECTION = 3000
SLACK_HEADER = 150
SLACK_DIGEST = 12000


def event_id(notification: Notification) -> str:
    """The event's id: one per notification, the same on every retry (receivers dedupe on it)."""
    return f"evt_{notification.id.hex}"


def event_type(notification: Notification) -> EventType:
    payload = notification.payload or {}
    if notification.kind == "text" and payload.get("test"):
        return EventType.TEST
    try:
        return EVENT_TYPES[notification.kind]
    except KeyError:
        raise ValueError(f"unknown notification kind {notification.kind!r}") from None


# --- the JSON event ---------------------------------------------------------------------------


def _time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _money(value: object) -> str | None:
    """A price as a decimal string with cents ("120.50"), None when there is none."""
    if value is None or value in ("", "None"):
        return None
    try:
        return str(to_cents(Decimal(str(value))))
    except InvalidOperation:
        return None


def _target(target: ScrapingTarget) -> dict[str, Any]:
    return {"id": str(target.id), "name": target.name}


def _offer(offer: Offer) -> dict[str, Any]:
    extra = dict(offer.extra or {})
    return {
        "id": str(offer.id),
        "url": offer.url,
        "title": offer.title,
        "price": _money(offer.price),
        "currency": offer.currency,
        "image_url": offer.image_url or None,
        "seller": str(extra.get("seller") or "").strip() or None,
        "extra": extra,
        "first_seen_at": _time(offer.first_seen_at),
    }


def _require_offer(content: Content) -> Offer:
    if content.offer is None:
        raise ValueError(f"notification {content.notification.id} has no offer")
    return content.offer


def build_event(content: Content) -> dict[str, Any]:
    """The notification as the documented JSON event; ValueError when its rows are missing."""
    notification = content.notification
    payload = notification.payload or {}
    kind = event_type(notification)
    event: dict[str, Any] = {
        "id": event_id(notification),
        "type": str(kind),
        "created_at": _time(notification.created_at),
        "target": _target(content.target) if content.target is not None else None,
    }
    if kind in (EventType.NEW_OFFER, EventType.PRICE_CUT):
        event["offer"] = _offer(_require_offer(content))
    if kind is EventType.PRICE_CUT:
        offer = _require_offer(content)
        event["price_change"] = {
            "old_price": _money(payload.get("old_price")),
            "new_price": _money(payload.get("new_price", offer.price)),
            "currency": payload.get("currency") or offer.currency,
        }
    elif kind is EventType.DIGEST:
        if not content.digest_offers:
            raise ValueError(f"digest {notification.id} has no offers")
        sending = {str(target.id) for target in content.digest_targets}
        offer_targets: dict[str, list[str]] = payload.get("offer_targets") or {}
        event["targets"] = [_target(target) for target in content.digest_targets]
        event["offers"] = [
            {**_offer(offer), "target_ids": [t for t in offer_targets.get(str(offer.id), []) if t in sending]}
            for offer in content.digest_offers
        ]
    elif kind in (EventType.PAGE_FAILING, EventType.PAGE_RECOVERED):
        page_url = payload.get("url") or (content.scraping_url.url if content.scraping_url else None)
        event["page"] = {"url": page_url, "reason": payload.get("reason") or None}
    elif kind in (EventType.MESSAGE, EventType.TEST):
        event["message"] = str(payload.get("text") or "")
    return event


# --- shared wording ---------------------------------------------------------------------------


def _price_text(price: str | None, currency: str | None) -> str:
    if price is None:
        return ""
    return f"{price} {currency}" if currency else price


def _price_suffix(offer: dict[str, Any]) -> str:
    """ " — 120.50 EUR" after an offer in a list; nothing when it has no price."""
    price = _price_text(offer["price"], offer["currency"])
    return f" — {price}" if price else ""


def _target_names(event: dict[str, Any]) -> str:
    names = [t["name"] for t in event.get("targets") or []]
    if not names and event.get("target"):
        names = [event["target"]["name"]]
    return ", ".join(names) or "offerwatch"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines_within(lines: list[str], limit: int, more: Callable[[int], str]) -> str:
    """As many lines as fit in `limit` characters, then `more(n)` for the n left out."""
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        rest = len(lines) - index - 1
        reserve = len("\n" + more(rest)) if rest else 0
        if used + len(line) + (1 if kept else 0) + reserve > limit:
            kept.append(more(len(lines) - index))
            break
        used += len(line) + (1 if kept else 0)
        kept.append(line)
    return "\n".join(kept)


def _and_more(count: int) -> str:
    return f"…and {count} more"


# --- Discord ----------------------------------------------------------------------------------

_DISCORD_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\*_~`|>#-[]()<@:"})


def _md(text: str) -> str:
    """Discord markdown escaped (no formatting, links or mentions from crawled text)."""
    return text.translate(_DISCORD_MARKDOWN)


def _md_url(url: str) -> str:
    """A URL safe inside Discord's [text](url): no spaces, parentheses or angle brackets."""
    return quote(url, safe=":/?#@!$&'*+,;=%~[]")


def _md_link(url: str, text: str) -> str:
    return f"[{_md(text)}]({_md_url(url)})"


def _is_web_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("https://", "http://"))


def _discord_offer_embed(offer: dict[str, Any], description: str) -> dict[str, Any]:
    embed: dict[str, Any] = {
        "title": _cut(offer["title"], DISCORD_TITLE),
        "url": offer["url"],
        "description": _cut(description, DISCORD_DESCRIPTION),
    }
    if _is_web_url(offer.get("image_url")):
        embed["image"] = {"url": offer["image_url"]}
    if offer.get("seller"):
        embed["fields"] = [{"name": "Seller", "value": _cut(_md(offer["seller"]), 1024), "inline": True}]
    return embed


def discord_body(event: dict[str, Any]) -> dict[str, Any]:
    """A Discord incoming webhook's body (content and embeds); mentions never ping."""
    names = _md(_target_names(event))
    kind = event["type"]
    embeds: list[dict[str, Any]] = []
    if kind == EventType.NEW_OFFER:
        offer = event["offer"]
        content = f"🆕 **{names}**"
        embeds.append(_discord_offer_embed(offer, _md(_price_text(offer["price"], offer["currency"]))))
    elif kind == EventType.PRICE_CUT:
        offer, change = event["offer"], event["price_change"]
        old = _price_text(change["old_price"], change["currency"])
        new = _price_text(change["new_price"], change["currency"])
        content = f"📉 **Price cut** · **{names}**"
        description = f"~~{_md(old)}~~ → **{_md(new)}**" if old else f"**{_md(new)}**"
        embeds.append(_discord_offer_embed(offer, description))
    elif kind == EventType.DIGEST:
        offers = event["offers"]
        content = f"🗂 **{len(offers)} new offers** · **{_cut(names, 200)}**"
        lines = ["• " + _md_link(o["url"], o["title"]) + _md(_price_suffix(o)) for o in offers]
        embeds.append({"description": _lines_within(lines, DISCORD_DESCRIPTION, _and_more)})
    elif kind in (EventType.PAGE_FAILING, EventType.PAGE_RECOVERED):
        page = event["page"]
        if kind == EventType.PAGE_FAILING:
            content = f"⚠️ **{names}**: this page cannot be checked right now\n<{_md_url(page['url'] or '')}>"
            if page.get("reason"):
                content += f"\nReason: {_md(page['reason'])}"
            content += "\nWe keep trying and tell you when it works again."
        else:
            content = f"✅ **{names}**: this page can be checked again\n<{_md_url(page['url'] or '')}>"
    else:
        content = _md(event.get("message") or "") or "offerwatch"
    body: dict[str, Any] = {"content": _cut(content, DISCORD_CONTENT), "allowed_mentions": {"parse": []}}
    if embeds:
        for embed in embeds:
            embed["footer"] = {"text": "offerwatch"}
            if event.get("created_at"):
                embed["timestamp"] = event["created_at"]
        body["embeds"] = embeds
    return body


# --- Slack ------------------------------------------------------------------------------------


def _mrkdwn(text: str) -> str:
    """Slack's three control characters escaped: no links, mentions or commands from text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_link(url: str, text: str) -> str:
    safe_url = url.replace("<", "%3C").replace(">", "%3E").replace("|", "%7C").replace(" ", "%20")
    return f"<{safe_url}|{_mrkdwn(text).replace('|', '¦')}>"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text, SLACK_SECTION)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(text, SLACK_SECTION)}]}


def _slack_offer(offer: dict[str, Any], headline: str, price_line: str) -> tuple[str, list[dict[str, Any]]]:
    lines = [f"*{_slack_link(offer['url'], offer['title'])}*"]
    if price_line:
        lines.append(price_line)
    if offer.get("seller"):
        lines.append(f"Seller: {_mrkdwn(offer['seller'])}")
    section = _section("\n".join(lines))
    image = offer.get("image_url")
    if image and image.startswith("https://") and len(image) <= SLACK_SECTION:
        section["accessory"] = {"type": "image", "image_url": image, "alt_text": _cut(offer["title"], 2000)}
    text = f"{headline}: {_slack_link(offer['url'], offer['title'])}"
    if price_line:
        text += f" — {price_line}"
    return text, [_context(headline), section]


def slack_body(event: dict[str, Any]) -> dict[str, Any]:
    """A Slack incoming webhook's body: `text` (notifications, fallback) and `blocks`."""
    names = _mrkdwn(_target_names(event))
    kind = event["type"]
    if kind == EventType.NEW_OFFER:
        offer = event["offer"]
        text, blocks = _slack_offer(
            offer, f"🆕 *{names}*", _mrkdwn(_price_text(offer["price"], offer["currency"]))
        )
    elif kind == EventType.PRICE_CUT:
        offer, change = event["offer"], event["price_change"]
        old = _mrkdwn(_price_text(change["old_price"], change["currency"]))
        new = _mrkdwn(_price_text(change["new_price"], change["currency"]))
        text, blocks = _slack_offer(
            offer, f"📉 *Price cut* · *{names}*", f"~{old}~ → *{new}*" if old else f"*{new}*"
        )
    elif kind == EventType.DIGEST:
        offers = event["offers"]
        text = f"🗂 *{len(offers)} new offers* · *{_cut(names, SLACK_HEADER)}*"
        lines = ["• " + _slack_link(o["url"], o["title"]) + _mrkdwn(_price_suffix(o)) for o in offers]
        blocks = [_section(text)]
        # Whole lines in sections of up to SLACK_SECTION characters each.
        chunk: list[str] = []
        for line in _lines_within(lines, SLACK_DIGEST, _and_more).split("\n"):
            if chunk and sum(len(item) + 1 for item in chunk) + len(line) > SLACK_SECTION:
                blocks.append(_section("\n".join(chunk)))
                chunk = []
            chunk.append(line)
        blocks.append(_section("\n".join(chunk)))
    elif kind in (EventType.PAGE_FAILING, EventType.PAGE_RECOVERED):
        page = event["page"]
        link = _slack_link(page["url"] or "", page["url"] or "")
        if kind == EventType.PAGE_FAILING:
            text = f"⚠️ *{names}*: this page cannot be checked right now"
            lines = [text, link]
            if page.get("reason"):
                lines.append(f"Reason: {_mrkdwn(page['reason'])}")
            lines.append("We keep trying and tell you when it works again.")
        else:
            text = f"✅ *{names}*: this page can be checked again"
            lines = [text, link]
        blocks = [_section("\n".join(lines))]
    else:
        text = _mrkdwn(event.get("message") or "") or "offerwatch"
        blocks = [_section(text)]
    return {"text": _cut(text, SLACK_SECTION), "blocks": blocks, "unfurl_links": False, "unfurl_media": False}


BODIES: dict[Preset, Callable[[dict[str, Any]], dict[str, Any]]] = {
    Preset.JSON: lambda event: event,
    Preset.DISCORD: discord_body,
    Preset.SLACK: slack_body,
}


def build_body(preset: Preset, content: Content) -> dict[str, Any]:
    """The JSON body to POST for this notification in this preset."""
    return BODIES[preset](build_event(content))
