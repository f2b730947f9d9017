"""Webhooks as a channel of the seam: a signed JSON POST to the channel's URL, and the answer
told apart as the seam's outcomes.

2xx: sent. 410, and Discord's or Slack's "this webhook does not exist": the channel is gone.
429: retry after the receiver's Retry-After. 5xx, 408, timeouts, network errors: retried with
back-off. Any other answer is final for the message. Redirects (301, 302, 307, 308) are
followed here, at most MAX_REDIRECTS, re-POSTing the same signed body to each Location after
checking it; every connection goes only to a checked address (transport.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import ssl
import time
from dataclasses import dataclass, field
from typing import ClassVar

import httpx

from core.config import Settings
from core.secrets import UnreadableSecret
from notifier.channels.base import ChannelGone, Content, Final, Outcome, Retry, RetryAfter, Sent
from notifier.channels.webhook.addresses import RefusedAddress, UnresolvableHost, check_url
from notifier.channels.webhook.payloads import Preset, build_body, event_id, event_type
from notifier.channels.webhook.signing import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    SigningSecrets,
    signature_header,
)
from notifier.channels.webhook.transport import checked_client

WEBHOOK = "webhook"
USER_AGENT = "offerwatch-webhooks/1"
MAX_REDIRECTS = 3
REDIRECTS = frozenset({301, 302, 307, 308})
# Enough of an answer to tell Discord's and Slack's errors apart; the rest is never read.
MAX_ANSWER_BYTES = 16 * 1024
ERROR_SNIPPET = 200
MAX_RETRY_AFTER_SECONDS = 3600.0
# Discord: Unknown Webhook, Invalid Webhook Token. Slack: the hook, its team or channel is gone.
DISCORD_GONE_CODES = frozenset({10015, 50027})
SLACK_GONE_ERRORS = frozenset(
    {"no_service", "no_team", "team_disabled", "invalid_token", "channel_not_found", "channel_is_archived"}
)


@dataclass(frozen=True)
class WebhookMessage:
    """One POST: the body is signed at send time, with the secrets in use then."""

    url: str = field(repr=False)  # Discord's and Slack's URLs carry the webhook's token
    body: bytes = field(repr=False)
    event_id: str
    event_type: str
    secrets: tuple[str, ...] = field(repr=False)


def _snippet(body: bytes) -> str:
    text = body[: ERROR_SNIPPET * 4].decode("utf-8", "replace")
    text = "".join(c if c.isprintable() else " " for c in text).strip()
    return text[:ERROR_SNIPPET]


def _says_webhook_is_gone(body: bytes) -> bool:
    """Discord's JSON error codes, Slack's plain-text error names for a deleted webhook."""
    text = body.decode("utf-8", "replace").strip()
    if text in SLACK_GONE_ERRORS:
        return True
    try:
        answer = json.loads(text)
    except ValueError:
        return False
    return isinstance(answer, dict) and answer.get("code") in DISCORD_GONE_CODES


def retry_after_seconds(headers: httpx.Headers, body: bytes) -> float | None:
    """Retry-After (seconds or an HTTP date), else Discord's `retry_after` in the body; capped."""
    value = headers.get("retry-after", "").strip()
    seconds: float | None = None
    if value:
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                if when.tzinfo is None:
                    when = when.replace(tzinfo=dt.UTC)
                seconds = (when - dt.datetime.now(dt.UTC)).total_seconds()
    if seconds is None:
        try:
            answer = json.loads(body)
            seconds = float(answer["retry_after"]) if isinstance(answer, dict) else None
        except (ValueError, KeyError, TypeError):
            seconds = None
    if seconds is None or seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


def classify(status: int, headers: httpx.Headers, body: bytes, delivery_id: str) -> Outcome:
    """The seam's outcome of a receiver's (final, not redirecting) answer."""
    error = f"{status}: {_snippet(body)}".rstrip(": ")
    if 200 <= status < 300 or status == 303:  # 303: accepted, the result is elsewhere
        return Sent(delivery_id)
    if status == 410 or (status in (401, 403, 404) and _says_webhook_is_gone(body)):
        return ChannelGone(error)
    if status == 429:
        seconds = retry_after_seconds(headers, body)
        return Retry(error) if seconds is None else RetryAfter(seconds, error)
    if status >= 500 or status == 408:
        return Retry(error)
    return Final(error)


class WebhookChannel:
    """Users' URLs: a channel's address is the URL, `options["preset"]` the body's shape
    (json, discord, slack), `secret_encrypted` its signing secrets. Not paced: a receiver's
    429 says when to come back."""

    kind: ClassVar[str] = WEBHOOK

    def __init__(self, settings: Settings, timeout: float, ssl_context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self.timeout = timeout
        self.allowed_private_hosts = settings.allowed_private_hosts
        self._client = checked_client(self.allowed_private_hosts, timeout, ssl_context)

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookChannel:
        return cls(settings, settings.webhook_timeout_seconds)

    def format(self, content: Content) -> WebhookMessage:
        """The POST for a notification; ValueError when it cannot be made (no URL, a secret
        SECRET_KEY cannot read, an unknown preset or notification kind)."""
        channel = content.channel
        if not channel.address:
            raise ValueError(f"webhook channel {channel.id} has no URL")
        if not channel.secret_encrypted:
            raise ValueError(f"webhook channel {channel.id} has no signing secret")
        preset = Preset((channel.options or {}).get("preset", Preset.JSON))
        try:
            signing = SigningSecrets.unseal(channel.secret_encrypted, self.settings.secret_key)
        except UnreadableSecret:
            raise ValueError("the webhook's signing secret cannot be read (SECRET_KEY changed)") from None
        body = build_body(preset, content)
        return WebhookMessage(
            url=channel.address,
            body=json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
            event_id=event_id(content.notification),
            event_type=str(event_type(content.notification)),
            secrets=signing.in_use(time.time()),
        )

    async def send(self, message: WebhookMessage) -> Outcome:
        """POST the message, signed now; never raises for what the receiver or network does."""
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            EVENT_ID_HEADER: message.event_id,
            EVENT_TYPE_HEADER: message.event_type,
            SIGNATURE_HEADER: signature_header(message.secrets, timestamp, message.body),
        }
        try:
            async with asyncio.timeout(self.timeout):
                return await self._post(message, headers)
        except TimeoutError:
            return Retry(f"no answer within {self.timeout:g} s")

    async def _post(self, message: WebhookMessage, headers: dict[str, str]) -> Outcome:
        url = message.url
        for hop in range(MAX_REDIRECTS + 1):
            try:
                if hop == 0:
                    url = check_url(url, self.allowed_private_hosts)
                status, answer_headers, body = await self._post_once(url, message.body, headers)
            except RefusedAddress as exc:
                # The channel's own URL refused as written can never pass; a DNS answer or a
                # redirect's target may change, so only this message fails.
                return ChannelGone(str(exc)) if hop == 0 and exc.permanent else Final(str(exc))
            except UnresolvableHost as exc:
                return Retry(str(exc))
            except httpx.HTTPError as exc:
                return Retry(f"{type(exc).__name__}: {exc}".rstrip(": "))
            location = answer_headers.get("location")
            if status not in REDIRECTS or not location:
                return classify(status, answer_headers, body, message.event_id)
            try:
                url = check_url(str(httpx.URL(url).join(location)), self.allowed_private_hosts)
            except (RefusedAddress, httpx.InvalidURL) as exc:
                return Final(f"{status} redirect refused: {exc}")
        return Final(f"more than {MAX_REDIRECTS} redirects")

    async def _post_once(
        self, url: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, httpx.Headers, bytes]:
        request = self._client.build_request("POST", url, content=body, headers=headers)
        response = await self._client.send(request, stream=True)
        try:
            answer = b""
            async for chunk in response.aiter_bytes():
                answer += chunk
                if len(answer) >= MAX_ANSWER_BYTES:
                    break
            return response.status_code, response.headers, answer[:MAX_ANSWER_BYTES]
        finally:
            await response.aclose()

    async def close(self) -> None:
        await self._client.aclose()
