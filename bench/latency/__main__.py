"""Notification latency: from POST /api/internal/offers to the (fake) Telegram server's receipt.

    uv run python -m bench.latency [--rate 20] [--seconds 30] [--chats 40]

Starts everything itself on this machine: a fresh PostgreSQL database (migrated, dropped after),
a private RabbitMQ virtual host (deleted after), the fake Telegram Bot API server, the API under
uvicorn and one `dramatiq notifier.actors` worker process. Offers are posted at a steady rate,
spread over several chats (Telegram allows one message per second per chat, which the notifier
respects), and the p50/p95/p99 of POST-to-receipt are printed, with where the time went
(the stages read from each notification row: created_at when the API began storing the offer,
claimed_at when a worker claimed it, then the stand-in's receipt). Last, the baseline: the same
number of messages sent by python-telegram-bot directly to the same stand-in on the same
schedule, and the ratio of the two latencies.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import statistics
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
from telegram import Bot
from telegram.request import HTTPXRequest

from bench.watched_pages import insert_watched_page
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.processes import start_api, start_worker
from tests.services import libpq_dsn, private_vhost, scratch_database

SECRET = "bench-secret-key-0123456789-abcdefghijklmnop"
TOKEN = "bench-internal-token"


def arrange_watchers(database_url: str, chats: int) -> list[str]:
    """One user, target, listing page and Telegram chat per chat; returns the scraping_url ids."""
    with psycopg.connect(libpq_dsn(database_url)) as conn:
        return [insert_watched_page(conn, number, chat_id=900_000 + number) for number in range(chats)]


@dataclass
class Posted:
    number: int
    sent_at: float
    status: int = 0
    answered_at: float = 0.0


async def post_offers(base_url: str, url_ids: list[str], rate: float, seconds: float) -> dict[str, Posted]:
    """POST offers at a steady rate (each on its own schedule, not after the previous answer)."""
    posted: dict[str, Posted] = {}
    total = int(rate * seconds)
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30, limits=limits
    ) as client:

        async def post(number: int) -> None:
            offer_url = f"https://shop.example/item/{number}"
            record = posted[offer_url] = Posted(number, time.time())
            response = await client.post(
                "/api/internal/offers",
                json={
                    "scraping_url_id": url_ids[number % len(url_ids)],
                    "url": offer_url,
                    "title": f"Offer {number}",
                    "price": "10.00",
                    "currency": "EUR",
                },
            )
            record.status = response.status_code
            record.answered_at = time.time()

        await on_schedule(total, rate, post)
    return posted


async def on_schedule(total: int, rate: float, job: Callable[[int], Coroutine[Any, Any, None]]) -> None:
    """Start job(0), job(1)... `rate` a second, each on time whatever the earlier ones take;
    return when all are done. The system and the baseline are driven by this same schedule."""
    start = time.monotonic()
    tasks: list[asyncio.Task[None]] = []
    for number in range(total):
        delay = start + number / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(job(number)))
    await asyncio.gather(*tasks)


def warm_up(base_url: str, scraping_url_id: str, telegram: FakeTelegram) -> None:
    """One offer end to end first: the worker process has booted and every connection is open."""
    response = httpx.post(
        f"{base_url}/api/internal/offers",
        headers={"Authorization": f"Bearer {TOKEN}"},
        json={
            "scraping_url_id": scraping_url_id,
            "url": "https://shop.example/warm-up",
            "title": "Warm-up",
        },
        timeout=30,
    )
    response.raise_for_status()
    telegram.wait_for_messages(1, timeout=60)


async def direct_sends(telegram: FakeTelegram, chats: int, rate: float, seconds: float) -> list[float]:
    """The baseline: python-telegram-bot's send_message straight to the stand-in, on the same
    schedule and over as many chats; returns the call-to-receipt latencies (ms)."""
    sent_at: dict[str, float] = {}
    total = int(rate * seconds)
    before = len(telegram.messages)
    bot = Bot(
        telegram.token,
        base_url=telegram.base_url + "/bot",
        request=HTTPXRequest(connection_pool_size=64, read_timeout=10.0),
    )
    async with bot:

        async def send(number: int) -> None:
            text = f"Direct {number}"
            sent_at[text] = time.time()
            await bot.send_message(chat_id=800_000 + number % chats, text=text)

        await on_schedule(total, rate, send)
    return [
        (message.received_at - sent_at[message.text]) * 1000
        for message in telegram.messages[before:]
        if message.text in sent_at
    ]


def stages(
    database_url: str, posted: dict[str, Posted], received: dict[str, float]
) -> dict[str, list[float]]:
    """Per message, in ms: POST sent -> the API began storing it (notification.created_at),
    -> a worker claimed it (claimed_at), -> the stand-in received it."""
    with psycopg.connect(libpq_dsn(database_url)) as conn:
        rows = conn.execute(
            "SELECT o.url, n.created_at, n.claimed_at FROM notification n JOIN offer o ON o.id = n.offer_id"
            " WHERE n.kind = 'new_offer' AND n.claimed_at IS NOT NULL"
        ).fetchall()
    names = ("POST -> API stores", "stored -> worker claims", "claimed -> Telegram")
    spans: dict[str, list[float]] = {name: [] for name in names}
    for url, created_at, claimed_at in rows:
        if url not in posted or url not in received:
            continue
        sent, stored, claimed = posted[url].sent_at, created_at.timestamp(), claimed_at.timestamp()
        spans["POST -> API stores"].append((stored - sent) * 1000)
        spans["stored -> worker claims"].append((claimed - stored) * 1000)
        spans["claimed -> Telegram"].append((received[url] - claimed) * 1000)
    return spans


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.latency", description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=20.0, help="offers per second (default 20)")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long to post (default 30)")
    parser.add_argument("--chats", type=int, default=40, help="chats the offers are spread over")
    parser.add_argument("--threads", type=int, default=8, help="worker threads of the one worker process")
    args = parser.parse_args(argv)

    with (
        scratch_database("offerwatch_bench") as database_url,
        private_vhost("offerwatch_bench") as broker_url,
        contextlib.ExitStack() as running,
    ):
        # One more chat than measured: the warm-up offer's, so no measured chat starts rate-limited.
        *url_ids, warm_up_url_id = arrange_watchers(database_url, args.chats + 1)
        with FakeTelegram() as telegram:
            env = {
                "DATABASE_URL": database_url,
                "BROKER_URL": broker_url,
                "SECRET_KEY": SECRET,
                "INTERNAL_API_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": telegram.base_url,
                "TELEGRAM_BOT_TOKEN": telegram.token,
                "LOG_LEVEL": "WARNING",
            }
            api, base_url = start_api(env)
            running.callback(api.stop)
            running.callback(start_worker(env, threads=args.threads).stop)
            warm_up(base_url, warm_up_url_id, telegram)
            total = int(args.rate * args.seconds)
            print(
                f"posting {total} offers at {args.rate:g}/s for {args.seconds:g} s over {args.chats} chats"
                f" (1 API process, 1 worker process x {args.threads} threads, RabbitMQ, PostgreSQL)",
                flush=True,
            )
            posted = asyncio.run(post_offers(base_url, url_ids, args.rate, args.seconds))
            failed_posts = [p for p in posted.values() if p.status != 201]
            # Whatever has not arrived a minute later is reported as missing.
            with contextlib.suppress(AssertionError):
                telegram.wait_for_messages(1 + total - len(failed_posts), timeout=60)
            received: dict[str, float] = {}
            for message in telegram.messages[1:]:  # the first is the warm-up's
                offer_url = f"https://shop.example/item/{_number_in(message.text)}"
                received.setdefault(offer_url, message.received_at)
            latencies = [
                (received[url] - record.sent_at) * 1000 for url, record in posted.items() if url in received
            ]
            answers = [(record.answered_at - record.sent_at) * 1000 for record in posted.values()]
            spans = stages(database_url, posted, received)
            arrivals = sorted(message.received_at for message in telegram.messages[1:])
            gaps = [(later - earlier) * 1000 for earlier, later in itertools.pairwise(arrivals)]
            running.close()  # the API and the worker stop: the baseline runs on a quiet machine too
            direct = asyncio.run(direct_sends(telegram, args.chats, args.rate, args.seconds))

    print(f"POSTs not answered 201: {len(failed_posts)}; messages received: {len(latencies)}/{total}")
    if not latencies:
        print("no message arrived", file=sys.stderr)
        return 1
    print(
        "POST -> Telegram receipt latency (ms): "
        f"p50 {percentile(latencies, 0.50):.1f}  p95 {percentile(latencies, 0.95):.1f}  "
        f"p99 {percentile(latencies, 0.99):.1f}  max {max(latencies):.1f}  "
        f"mean {statistics.fmean(latencies):.1f}"
    )
    print(
        "POST answered (ms):                     "
        f"p50 {percentile(answers, 0.50):.1f}  p95 {percentile(answers, 0.95):.1f}  "
        f"p99 {percentile(answers, 0.99):.1f}"
    )
    for name, values in spans.items():
        if values:
            print(
                f"  {name + ' (ms):':<37}p50 {percentile(values, 0.50):.1f}  "
                f"p95 {percentile(values, 0.95):.1f}  p99 {percentile(values, 0.99):.1f}"
            )
    if gaps:
        print(
            f"  gap between two receipts (ms):       min {min(gaps):.1f}  p10 {percentile(gaps, 0.10):.1f}  "
            f"p50 {percentile(gaps, 0.50):.1f}  (one bot: the notifier spaces its messages, 30/s)"
        )
    if not direct:
        print("no direct message arrived", file=sys.stderr)
        return 1
    print(
        "direct python-telegram-bot send_message -> receipt (ms): "
        f"p50 {percentile(direct, 0.50):.1f}  p95 {percentile(direct, 0.95):.1f}  "
        f"p99 {percentile(direct, 0.99):.1f}  ({len(direct)} messages, same schedule)"
    )
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    print(
        f"ratio to the direct call: p50 {p50 / percentile(direct, 0.50):.1f}x, "
        f"p99 {p99 / percentile(direct, 0.99):.1f}x (goal at 20 offers/s: p50 <= 15 ms, p99 <= 50 ms; "
        f"here p50 {p50:.1f} ms, p99 {p99:.1f} ms)"
    )
    return 0 if len(latencies) == total else 1


def _number_in(text: str) -> int:
    """The offer number from a message ("... Offer 17 ...")."""
    marker = "shop.example/item/"
    start = text.index(marker) + len(marker)
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    return int(text[start:end])


if __name__ == "__main__":
    sys.exit(main())
