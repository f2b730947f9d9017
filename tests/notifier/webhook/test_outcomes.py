"""How a receiver's answer becomes the seam's outcome, against a local HTTP server."""

from __future__ import annotations

import email.utils
import socket
import time

import pytest

from notifier.channels.base import ChannelGone, Final, Outcome, Retry, RetryAfter, Sent
from notifier.channels.webhook import WebhookChannel
from notifier.channels.webhook.channel import MAX_RETRY_AFTER_SECONDS
from tests.fakes.webhook_receiver import Answer, WebhookReceiver
from tests.notifier.webhook.conftest import new_offer_content, webhook_config, webhook_settings

PATH = "/hooks/offers"
DISCORD = "/api/webhooks/1234/tok-en"
SLACK = "/services/T01/B02/XyZ"


async def deliver(channel: WebhookChannel, url: str, preset: str = "json") -> Outcome:
    config, _ = webhook_config(url, channel.settings, preset)
    return await channel.send(channel.format(new_offer_content(config)))


@pytest.mark.parametrize("status", [200, 201, 202, 204])
async def test_2xx_is_sent_with_the_event_id_as_delivery_id(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, status: int
) -> None:
    webhook_receiver.script(PATH, Answer(status))
    outcome = await deliver(channel, webhook_receiver.url(PATH))
    [request] = webhook_receiver.requests
    assert outcome == Sent(request.json["id"])
    assert request.headers["offerwatch-event-id"] == request.json["id"]


async def test_410_means_the_channel_is_gone(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.remove(PATH)
    assert await deliver(channel, webhook_receiver.url(PATH)) == ChannelGone("410: gone")


async def test_discords_unknown_webhook_means_the_channel_is_gone(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.remove(DISCORD)
    outcome = await deliver(channel, webhook_receiver.url(DISCORD), "discord")
    assert isinstance(outcome, ChannelGone) and "Unknown Webhook" in outcome.error


async def test_slacks_no_service_means_the_channel_is_gone(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.remove(SLACK)
    assert await deliver(channel, webhook_receiver.url(SLACK), "slack") == ChannelGone("404: no_service")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Answer(400, b'{"error": "bad event"}'), Final('400: {"error": "bad event"}')),
        (Answer(401, b"signature mismatch"), Final("401: signature mismatch")),
        (Answer(403), Final("403")),
        (Answer(404, b"Not Found"), Final("404: Not Found")),  # a plain 404 is not Discord's
        (Answer(422, b"\x1b[31mno\x00"), Final("422: [31mno")),
        (Answer(500, b"Internal Server Error"), Retry("500: Internal Server Error")),
        (Answer(502), Retry("502")),
        (Answer(503, b"down"), Retry("503: down")),
        (Answer(408), Retry("408")),
        (Answer(304), Final("304")),
    ],
)
async def test_other_answers(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, answer: Answer, expected: Outcome
) -> None:
    webhook_receiver.script(PATH, answer)
    assert await deliver(channel, webhook_receiver.url(PATH)) == expected


async def test_429_waits_the_retry_after_seconds(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.script(PATH, Answer(429, b"slow down", {"Retry-After": "17"}))
    assert await deliver(channel, webhook_receiver.url(PATH)) == RetryAfter(17.0, "429: slow down")


async def test_429_with_an_http_date(channel: WebhookChannel, webhook_receiver: WebhookReceiver) -> None:
    when = email.utils.formatdate(time.time() + 120, usegmt=True)
    webhook_receiver.script(PATH, Answer(429, headers={"Retry-After": when}))
    outcome = await deliver(channel, webhook_receiver.url(PATH))
    assert isinstance(outcome, RetryAfter) and 100 < outcome.seconds <= 120


async def test_429_from_discord_reads_retry_after_from_the_body(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.script(
        DISCORD, Answer(429, b'{"message": "You are being rate limited.", "retry_after": 0.75}')
    )
    outcome = await deliver(channel, webhook_receiver.url(DISCORD), "discord")
    assert isinstance(outcome, RetryAfter) and outcome.seconds == 0.75


async def test_429_never_waits_more_than_an_hour(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.script(PATH, Answer(429, headers={"Retry-After": "99999999"}))
    outcome = await deliver(channel, webhook_receiver.url(PATH))
    assert outcome == RetryAfter(MAX_RETRY_AFTER_SECONDS, "429")


async def test_429_without_a_time_backs_off(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.script(PATH, Answer(429, headers={"Retry-After": "soon"}))
    assert await deliver(channel, webhook_receiver.url(PATH)) == Retry("429")


async def test_no_answer_in_time_is_retried(webhook_receiver: WebhookReceiver) -> None:
    webhook_receiver.hold(PATH)
    channel = WebhookChannel(webhook_settings(), timeout=0.3)
    try:
        outcome = await deliver(channel, webhook_receiver.url(PATH))
    finally:
        await channel.close()
    assert outcome == Retry("no answer within 0.3 s")
    assert len(webhook_receiver.requests) == 1


async def test_a_refused_connection_is_retried(channel: WebhookChannel) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, not listening: connections are refused
        outcome = await deliver(channel, f"http://127.0.0.1:{port}/hook")
    assert isinstance(outcome, Retry) and outcome.error.startswith("ConnectError")


async def test_redirects_are_followed_with_the_same_signed_body(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.redirect(PATH, "/moved", status=308)
    webhook_receiver.redirect("/moved", webhook_receiver.url("/final"), status=302)
    outcome = await deliver(channel, webhook_receiver.url(PATH))
    assert isinstance(outcome, Sent)
    first, second, third = webhook_receiver.requests
    assert [r.path for r in (first, second, third)] == [PATH, "/moved", "/final"]
    assert {r.method for r in (first, second, third)} == {"POST"}
    assert first.body == second.body == third.body
    assert first.headers["offerwatch-signature"] == third.headers["offerwatch-signature"]


async def test_a_redirect_loop_ends(channel: WebhookChannel, webhook_receiver: WebhookReceiver) -> None:
    for _ in range(5):
        webhook_receiver.redirect(PATH, PATH)
    assert await deliver(channel, webhook_receiver.url(PATH)) == Final("more than 3 redirects")
    assert len(webhook_receiver.requests) == 4


async def test_a_redirect_to_another_scheme_is_refused(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.redirect(PATH, "file:///etc/passwd")
    outcome = await deliver(channel, webhook_receiver.url(PATH))
    assert outcome == Final("307 redirect refused: Only http and https URLs can receive webhooks")


async def test_a_huge_answer_is_not_read_whole(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.script(PATH, Answer(400, b"x" * 5_000_000))
    outcome = await deliver(channel, webhook_receiver.url(PATH))
    assert outcome == Final("400: " + "x" * 200)
