"""The chaos run: delivery under faults, end to end, on services of its own.

    uv run python -m bench.chaos [--seconds 90] [--rate 10] [--chats 20] [--short]
    uv run python -m bench.chaos --telegram-outage 600


Starts a private PostgreSQL (initdb on a free port) and a private RabbitMQ node, the API under
uvicorn, one `dramatiq notifier.actors` worker and the fake Telegram server; posts offers at a
steady rate through the crawler's API client (one chat per watched page, each offer one
message) while faults hit on a schedule: worker kill -9, RabbitMQ restart, API kill -9,
PostgreSQL restart, Telegram answering 429 and then 500 for a while. Then it waits for the
outbox to drain and prints expected / delivered / lost / duplicated / pending / time to drain.
With --telegram-outage N the only fault is a Telegram outage of N seconds: half the chats are
answered 500 and the other half 429 (retry_after 3) for the whole window, while the load goes on
(2 offers/s by default); both windows at once, on disjoint chats, keep a 10-minute run bounded.
Everything listens on loopback only; the load is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from uuid import UUID, uuid4

import psycopg

from bench.chaos.services import PrivatePostgres, PrivateRabbitMQ, ProxiedRabbitMQ
from bench.watched_pages import insert_watched_page
from crawler.api_client import InternalApi
from crawler.items import Job, Offer
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.processes import ServiceProcess, spawn_api, start_api, start_worker, wait_until_serving
from tests.notifier.tcp_proxy import TcpProxy
from tests.services import libpq_dsn, run_migrations

SECRET = "chaos-secret-key-0123456789-abcdefghijklmnop"
TOKEN = "chaos-internal-token"
OFFER_URL = re.compile(r"shop\.example/chaos/(\d+)")


@dataclass
class Fault:
    at: float  # seconds into the load
    name: str
    action: Callable[[], None]
    started: float = 0.0
    took: float = 0.0


@dataclass
class Run:
    """The processes of one run and what happened to them."""

    env: dict[str, str]
    code_dir: Path
    api: ServiceProcess
    api_port: int
    worker: ServiceProcess
    logs: list[str] = field(default_factory=list)
    # The short run's API: a proxy in front of it and a second API already booted behind it.
    api_proxy: TcpProxy | None = None
    standby: tuple[ServiceProcess, int] | None = None

    def kill_worker(self, pause: float) -> None:
        _kill_family(self.worker.process.pid)
        self.logs.append(self.worker.output_all())
        self.worker.stop()
        time.sleep(pause)
        self.worker = start_worker(self.env, threads=8, cwd=self.code_dir)

    def kill_api(self) -> None:
        _kill_family(self.api.process.pid)
        self.api.stop()
        if self.api_proxy is not None and self.standby is not None:
            # The short run does not wait for a uvicorn boot: the standby takes the requests.
            self.api, port = self.standby
            self.standby = None
            self.api_proxy.target = ("127.0.0.1", port)
            return
        self.api, _ = start_api(self.env, port=self.api_port, cwd=self.code_dir)


def _end(process: ServiceProcess) -> None:
    _kill_family(process.process.pid)
    process.stop()


def _kill_family(pid: int) -> None:
    """kill -9 a process and every process below it (dramatiq forks its worker processes)."""
    family = {pid}
    for _ in range(4):
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) in family:
                        family.add(int(entry))
    for member in family:
        with contextlib.suppress(ProcessLookupError):
            os.kill(member, signal.SIGKILL)


def schedule(
    run: Run,
    pg: PrivatePostgres,
    rabbit: PrivateRabbitMQ | ProxiedRabbitMQ,
    telegram: FakeTelegram,
    scale: float,
    outage: float = 0.0,
    chats: list[int] | None = None,
) -> list[Fault]:
    def broker_restart() -> None:
        rabbit.stop()
        time.sleep(max(2 * scale, 2))
        rabbit.start()

    def postgres_restart() -> None:
        pg.stop()
        time.sleep(max(3 * scale, 2))
        pg.start()

    def telegram_window(status: int) -> Callable[[], None]:
        def window() -> None:
            telegram.fail_next("sendMessage", status, retry_after=3 if status == 429 else None, times=10**9)
            time.sleep(max(8 * scale, 2))
            telegram.clear_failures()

        return window

    if outage:
        return [
            Fault(
                10,
                f"Telegram 500 / 429 window, {outage:g} s",
                lambda: telegram_outage(telegram, chats, outage),
            )
        ]
    return [
        Fault(8 * scale, "worker kill -9", lambda: run.kill_worker(2 * scale)),
        Fault(18 * scale, "RabbitMQ restart", broker_restart),
        Fault(34 * scale, "API kill -9", run.kill_api),
        Fault(46 * scale, "PostgreSQL restart", postgres_restart),
        Fault(58 * scale, "Telegram 429 window", telegram_window(429)),
        Fault(72 * scale, "Telegram 500 window", telegram_window(500)),
    ]


def telegram_outage(telegram: FakeTelegram, chats: list[int] | None, seconds: float) -> None:
    """Telegram answers 500 to the first half of the chats and 429 to the rest for `seconds`."""
    chats = chats or []
    for index, chat in enumerate(chats):
        if index % 2 == 0:
            telegram.fail_chat(chat, 500)
        else:
            telegram.fail_chat(chat, 429, retry_after=3)
    time.sleep(seconds)
    telegram.clear_failures()


async def post_load(
    base_url: str, url_ids: list[str], rate: float, seconds: float, retry_seconds: float
) -> dict[int, bool]:
    """One new offer every 1/rate s, each to the next watched page; which were taken."""
    api = InternalApi(base_url, TOKEN, retries=5, backoff=0.5, retry_seconds=retry_seconds, timeout=10)
    taken: dict[int, bool] = {}

    async def post(number: int) -> None:
        url_id = url_ids[number % len(url_ids)]
        job = Job(url=f"https://shop.example/list/{url_id}", id=UUID(url_id), lease_id=uuid4())
        offer = Offer(
            url=f"https://shop.example/chaos/{number}", title=f"Offer {number}", price=Decimal("10.00")
        )
        try:
            await api.post_offers(job, [offer])
            taken[number] = True
        except Exception:
            taken[number] = False

    start = time.monotonic()
    tasks = []
    for number in range(int(rate * seconds)):
        delay = start + number / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(post(number)))
    await asyncio.gather(*tasks)
    await api.aclose()
    return taken


def _outbox(database_url: str) -> Counter[str]:
    with psycopg.connect(libpq_dsn(database_url), connect_timeout=5) as conn:
        return Counter(
            {
                status: count
                for status, count in conn.execute("SELECT status, count(*) FROM notification GROUP BY status")
            }
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chaos", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=90.0, help="how long the load runs (default 90)")
    parser.add_argument(
        "--rate", type=float, help="offers (messages) per second (default 10; 2 with --telegram-outage)"
    )
    parser.add_argument("--chats", type=int, default=20, help="watched pages, one chat each (default 20)")
    parser.add_argument(
        "--short",
        action="store_true",
        help="the test suite's version: 15 s of load, faults closer together, a standby API",
    )
    parser.add_argument(
        "--proxied-broker",
        action="store_true",
        help="instead of a RabbitMQ node of its own, the machine's behind a TCP proxy that is cut",
    )
    parser.add_argument(
        "--telegram-outage",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="the only fault: Telegram answers 500 (half the chats) and 429 (the others) this long",
    )
    parser.add_argument(
        "--drain-timeout", type=float, default=240.0, help="how long to wait for the outbox to drain"
    )
    parser.add_argument(
        "--code-dir",
        type=Path,
        default=Path(__file__).resolve().parents[2],
        help="the code the API and worker run (e.g. an older checkout)",
    )
    parser.add_argument(
        "--crawler-retry-seconds", type=float, default=90.0, help="the load's OFFERWATCH_API_RETRY_SECONDS"
    )
    args = parser.parse_args(argv)
    return run_chaos(args)


def run_chaos(args: argparse.Namespace) -> int:
    outage = args.telegram_outage
    if args.rate is None:
        args.rate = 2.0 if outage else 10.0
    seconds = 12.0 if args.short else outage + 30.0 if outage else args.seconds
    scale = 0.13 if args.short else args.seconds / 90.0
    logging.getLogger("crawler.api_client").setLevel(logging.ERROR)  # its retries, by the hundred
    rabbit: PrivateRabbitMQ | ProxiedRabbitMQ = (
        ProxiedRabbitMQ() if args.proxied_broker else PrivateRabbitMQ()
    )
    with contextlib.ExitStack() as cleanup, ThreadPoolExecutor(1) as background:
        cleanup.callback(rabbit.remove)
        rabbit_started = background.submit(rabbit.start)  # while initdb runs
        pg = PrivatePostgres()
        cleanup.callback(pg.remove)
        pg.start()
        rabbit_started.result()
        with psycopg.connect(libpq_dsn(pg.url), autocommit=True) as conn:
            conn.execute("CREATE DATABASE offerwatch")
        database_url = pg.url.rsplit("/", 1)[0] + "/offerwatch"
        telegram = cleanup.enter_context(FakeTelegram())
        env = {
            "DATABASE_URL": database_url,
            "BROKER_URL": rabbit.url,
            "SECRET_KEY": SECRET,
            "INTERNAL_API_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "DIGEST_THRESHOLD": "1000",
            "SWEEP_INTERVAL_SECONDS": "2" if args.short else "5",
            "SWEEP_PENDING_AFTER_SECONDS": "10" if args.short else "30",
            "NOTIFIER_SENDING_TIMEOUT_SECONDS": "20",
            # Retries of a 10-minute outage reach the cap: a minute at most after Telegram is back.
            "NOTIFIER_MAX_BACKOFF_SECONDS": "60" if outage else "2" if args.short else "10",
            "LOG_LEVEL": "INFO",
        }
        # The APIs boot (imports, mostly) while the migrations run.
        apis = [spawn_api(env, cwd=args.code_dir) for _ in range(2 if args.short else 1)]
        for process, _ in apis:
            cleanup.callback(_end, process)
        run_migrations(database_url)
        with psycopg.connect(libpq_dsn(database_url)) as conn:
            url_ids = [
                insert_watched_page(conn, number, chat_id=700_000 + number) for number in range(args.chats)
            ]
        worker = start_worker(env, threads=8, cwd=args.code_dir)
        for process, url in apis:
            wait_until_serving(process, url)
        (api, base_url), ports = apis[0], [int(url.rsplit(":", 1)[1]) for _, url in apis]
        run = Run(env, args.code_dir, api, ports[0], worker)
        if args.short:
            run.api_proxy = cleanup.enter_context(TcpProxy("127.0.0.1", ports[0]))
            run.standby = (apis[1][0], ports[1])
            base_url = f"http://{run.api_proxy.address}"
        # Ended with kill -9 as well: nothing about them is measured at the end.
        cleanup.callback(lambda: _end(run.worker))
        cleanup.callback(lambda: _end(run.api))
        chat_ids = [700_000 + number for number in range(args.chats)]
        faults = schedule(run, pg, rabbit, telegram, scale, outage, chat_ids)
        print(
            f"chaos: {int(args.rate * seconds)} offers at {args.rate:g}/s for {seconds:g} s"
            f" over {args.chats} chats; private PostgreSQL :{pg.port}, RabbitMQ {rabbit.node} :{rabbit.port}",
            flush=True,
        )
        load_started = time.monotonic()
        threads = []
        for fault in faults:

            def hit(fault: Fault = fault) -> None:
                time.sleep(max(0.0, load_started + fault.at - time.monotonic()))
                fault.started = time.monotonic() - load_started
                print(f"  {fault.started:5.1f} s  {fault.name}", flush=True)
                try:
                    fault.action()
                except Exception as exc:
                    print(f"  fault {fault.name} failed: {exc!r}", flush=True)
                fault.took = time.monotonic() - load_started - fault.started

            thread = threading.Thread(target=hit, daemon=True)
            thread.start()
            threads.append(thread)
        taken = asyncio.run(post_load(base_url, url_ids, args.rate, seconds, args.crawler_retry_seconds))
        load_ended = time.monotonic()
        for thread in threads:
            thread.join()
        expected = {number for number, ok in taken.items() if ok}
        deadline = time.monotonic() + args.drain_timeout
        while time.monotonic() < deadline:
            delivered = {int(m) for r in telegram.messages for m in OFFER_URL.findall(r.text)}
            if expected <= delivered:
                break
            time.sleep(0.5)
        # Then until the outbox is settled too: a row a killed worker left `sending` (its
        # message may have reached Telegram) is released by the sweep after the sending
        # timeout and sent again; counting before that would call it pending.
        while time.monotonic() < deadline:
            settled = _outbox(database_url)
            if settled.get("pending", 0) + settled.get("sending", 0) == 0:
                break
            time.sleep(0.5)
        # A little longer: a duplicate would arrive after the original.
        time.sleep(1 if args.short else 3)
        counts = Counter(int(m) for r in telegram.messages for m in OFFER_URL.findall(r.text))
        last_expected = max(
            (
                r.received_at
                for r in telegram.messages
                if any(int(m) in expected for m in OFFER_URL.findall(r.text))
            ),
            default=time.time(),
        )
        drain = last_expected - (time.time() - (time.monotonic() - load_ended))
        outbox = _outbox(database_url)
        logs = "\n".join([*run.logs, run.worker.output_all()])

    delivered_expected = {n for n in expected if counts[n] > 0}
    lost = len(expected) - len(delivered_expected)
    duplicated = sum(count - 1 for count in counts.values() if count > 1)
    pending = outbox.get("pending", 0) + outbox.get("sending", 0)
    resent_after_crash = logs.count("left sending by a stopped worker")
    print("| fault | at (s) | took (s) |")
    print("|---|---|---|")
    for fault in faults:
        print(f"| {fault.name} | {fault.started:.1f} | {fault.took:.1f} |")
    print()
    print(
        "| expected | delivered | lost | duplicated | pending | failed | time to drain (s)"
        " | resent after a worker crash |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {len(expected)} | {len(delivered_expected)} | {lost} | {duplicated} | {pending}"
        f" | {outbox.get('failed', 0)} | {max(drain, 0.0):.1f} | {resent_after_crash} |"
    )
    not_taken = len(taken) - len(expected)
    if not_taken:
        print(f"offers the API never took (the load's retries ran out): {not_taken}")
    print(
        "ratio delivered exactly once / expected: "
        f"{(len(delivered_expected) - duplicated) / max(len(expected), 1):.3f}"
    )
    return 0 if lost == 0 and duplicated <= resent_after_crash and pending == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
