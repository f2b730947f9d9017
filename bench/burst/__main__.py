"""Delivery speed across chats: a burst of offers in batches, drained against Telegram's limits.

    uv run python -m bench.burst [--messages 1000] [--chats 50] [--threads 8]

Starts everything itself: a fresh PostgreSQL database, a private RabbitMQ virtual host, the
fake Telegram Bot API server enforcing Telegram's limits (30 messages/s per bot, 1/s per chat,
answered with 429 when exceeded), the API under uvicorn and one `dramatiq notifier.actors`
worker process. One batch of offers per chat is posted at once (DIGEST_THRESHOLD raised so that
each offer is its own message), and the time until the last message arrived is measured:
messages/s, its ratio to the 30/s ceiling, and how many 429s Telegram answered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from collections import Counter

import httpx

from bench.latency.__main__ import SECRET, TOKEN, arrange_watchers, warm_up
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.processes import start_api, start_worker
from tests.services import private_vhost, scratch_database

CEILING = 30.0  # Telegram's messages per second per bot


async def post_batches(base_url: str, url_ids: list[str], per_chat: int) -> int:
    """One batch of `per_chat` new offers for every watched page, all at once; returns how many
    were new (one message each)."""
    async with httpx.AsyncClient(
        base_url=base_url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60
    ) as client:

        async def post(page: int, url_id: str) -> int:
            offers = [
                {
                    "url": f"https://shop.example/item/{page}-{n}",
                    "title": f"Offer {page}-{n}",
                    "price": "10.00",
                }
                for n in range(per_chat)
            ]
            response = await client.post(
                "/api/internal/offers/batch", json={"scraping_url_id": url_id, "offers": offers}
            )
            response.raise_for_status()
            return len(offers)

        return sum(await asyncio.gather(*(post(page, url_id) for page, url_id in enumerate(url_ids))))


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants so far (Linux /proc)."""
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, cpu seconds)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
                stats[int(entry)] = (
                    int(fields[1]),
                    (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"),
                )
    family, total = {pid}, 0.0
    for _ in range(4):  # dramatiq's main process forks its worker processes
        family |= {child for child, (parent, _) in stats.items() if parent in family}
    for member in family:
        total += stats.get(member, (0, 0.0))[1]
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.burst", description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1000, help="messages in the burst (default 1000)")
    parser.add_argument("--chats", type=int, default=50, help="chats they go to (default 50)")
    parser.add_argument("--threads", type=int, default=8, help="worker threads of the one worker process")
    parser.add_argument("--keep-worker-log", action="store_true", help="print the worker's log at the end")
    args = parser.parse_args(argv)
    per_chat = max(1, args.messages // args.chats)
    total = per_chat * args.chats

    with (
        scratch_database("offerwatch_bench") as database_url,
        private_vhost("offerwatch_bench") as broker_url,
        contextlib.ExitStack() as running,
        FakeTelegram() as telegram,
    ):
        *url_ids, warm_up_url_id = arrange_watchers(database_url, args.chats + 1)
        env = {
            "DATABASE_URL": database_url,
            "BROKER_URL": broker_url,
            "SECRET_KEY": SECRET,
            "INTERNAL_API_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "DIGEST_THRESHOLD": str(per_chat + 1),
            "LOG_LEVEL": "INFO" if args.keep_worker_log else "WARNING",
        }
        api, base_url = start_api(env)
        running.callback(api.stop)
        worker = start_worker(env, threads=args.threads)
        running.callback(worker.stop)
        if args.keep_worker_log:
            running.callback(lambda: print(worker.log_path.read_text(errors="replace")))
        warm_up(base_url, warm_up_url_id, telegram)
        telegram.enforce_limits(per_second=int(CEILING), chat_gap=1.0)
        print(
            f"burst of {total} messages to {args.chats} chats ({per_chat} each, one batch per chat);"
            f" fake Telegram enforcing {CEILING:g}/s per bot and 1/s per chat"
            f" (1 API process, 1 worker process x {args.threads} threads, RabbitMQ, PostgreSQL)",
            flush=True,
        )
        started = time.time()
        posted = asyncio.run(post_batches(base_url, url_ids, per_chat))
        posted_in = time.time() - started
        with contextlib.suppress(AssertionError):
            telegram.wait_for_messages(1 + posted, timeout=max(120.0, 4 * posted / CEILING))
        received = sorted(m.received_at for m in telegram.messages[1:])
        cpu = {
            name: _cpu_seconds(process.process.pid) for name, process in (("api", api), ("worker", worker))
        }
        throttled = len(telegram.throttled)
        if throttled:
            reasons = Counter(str(r.response.get("description")) for r in telegram.throttled)
            print(f"429 answers: {dict(reasons)}")
        per_second = Counter(int(t - started) for t in received)
        print("messages per second of the run:", [per_second.get(s, 0) for s in range(max(per_second) + 1)])

    if not received:
        print("no message arrived", file=sys.stderr)
        return 1
    elapsed = received[-1] - started
    sending = received[-1] - received[0]
    rate = len(received) / elapsed
    drain_rate = (len(received) - 1) / sending if sending > 0 else float("inf")
    print(f"posted {posted} offers in {posted_in:.2f} s; messages received {len(received)}/{posted}")
    print("| measure | value |")
    print("|---|---|")
    print(f"| first POST -> last message | {elapsed:.1f} s |")
    print(f"| messages/s (first POST -> last message) | {rate:.1f} ({rate / CEILING:.0%} of {CEILING:g}/s) |")
    print(f"| messages/s (first -> last message) | {drain_rate:.1f} ({drain_rate / CEILING:.0%}) |")
    print(f"| 429 answers from Telegram | {throttled} |")
    print(f"| CPU seconds used (API, worker process) | {cpu['api']:.1f}, {cpu['worker']:.1f} |")
    print(f"ratio messages/s to Telegram's {CEILING:g}/s ceiling: {rate / CEILING:.2f}")
    return 0 if len(received) == posted and throttled == 0 and rate >= 29 else 1


if __name__ == "__main__":
    sys.exit(main())
