"""Offer ingestion throughput: the internal API against plain psycopg inserts, on PostgreSQL.

    uv run python -m bench.ingest [--batch-offers 10000] [--single-offers 2000] [--broker rabbitmq|none]

Starts everything itself: a fresh PostgreSQL database (migrated, dropped after), a private
RabbitMQ virtual host (deleted after; no worker consumes it, so only publishing is measured) and
the API under uvicorn on a free port. One listing page per measurement, watched by one target with
one Telegram channel and past its baseline, so every new offer goes the whole way: validation,
`INSERT … ON CONFLICT DO NOTHING`, fan-out rows, commit, hand-off to the broker.

Measured, one client, sequential requests over one keep-alive connection:
- batch:  POST /api/internal/offers/batch with 100 new offers each (each batch becomes one digest
          message for the chat, as a crawl bringing more than DIGEST_THRESHOLD offers would);
- single: POST /api/internal/offers, one new offer each (one notification message each);
- baseline: the same offer rows inserted directly with psycopg, executemany in one transaction;
- concurrent single POSTs (--clients, one connection each) to the API and to a minimal Litestar
  route served the same way (bench/ingest/minimal_app.py) that only inserts the offer.
The API process's CPU time per batch and per single POST is printed too: on a machine other
work shares, it moves far less than the rates do. The ratios are printed last.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg

from bench.peer.cpu import tree_cpu_seconds
from bench.watched_pages import insert_watched_page
from tests.live_server import free_port
from tests.notifier.processes import ServiceProcess, start_api
from tests.services import libpq_dsn, private_vhost, scratch_database

SECRET = "bench-secret-key-0123456789-abcdefghijklmnop"
TOKEN = "bench-ingest-token"
BATCH_SIZE = 100


@contextlib.contextmanager
def api_server(database_url: str, broker_url: str) -> Iterator[tuple[str, int]]:
    """uvicorn serving api.app:app on a free port (no access log), stopped afterwards; its base
    URL and process id."""
    env = {
        "DATABASE_URL": database_url,
        "BROKER_URL": broker_url,
        "SECRET_KEY": SECRET,
        "INTERNAL_API_TOKEN": TOKEN,
        "TELEGRAM_BOT_TOKEN": "",
        "LOG_LEVEL": "WARNING",
    }
    api, base_url = start_api(env, uvicorn_args=("--no-access-log", "--log-level", "warning"))
    try:
        yield base_url, api.process.pid
    finally:
        api.stop()


@contextlib.contextmanager
def minimal_server(database_url: str) -> Iterator[str]:
    """uvicorn serving bench.ingest.minimal_app:app on a free port, stopped afterwards."""
    port = free_port()
    server = ServiceProcess(
        "minimal",
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.ingest.minimal_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        {"DATABASE_URL": database_url},
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            server.assert_running()
            try:
                if httpx.get(base_url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
            if time.monotonic() > deadline:
                raise SystemExit("the minimal server did not start")
        yield base_url
    finally:
        server.stop()


def measure_concurrent(base_url: str, path: str, page_id: str, run: str, total: int, clients: int) -> float:
    """Single-offer POSTs from `clients` threads, each with its own keep-alive connection."""

    def client_posts(number: int) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
            for n in range(number, total, clients):
                check(client.post(path, json={"scraping_url_id": page_id, **offer(run, n)}), 201)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client_posts, range(clients)))
    return total / (time.perf_counter() - started)


def offer(run: str, number: int) -> dict[str, object]:
    return {
        "url": f"https://shop.example/{run}/item/{number}",
        "title": f"Road bike number {number}, carbon frame, 56 cm",
        "price": f"{100 + number % 900}.00",
        "currency": "EUR",
        "image_url": f"https://cdn.shop.example/{run}/{number}.jpg",
        "extra": {"seller": f"seller{number % 50}"},
    }


def check(response: httpx.Response, expected: int) -> None:
    if response.status_code != expected:
        raise SystemExit(f"unexpected {response.status_code}: {response.text[:500]}")


def measure_batches(client: httpx.Client, page_id: str, total: int) -> float:
    started = time.perf_counter()
    for start in range(0, total, BATCH_SIZE):
        items = [offer("batch", n) for n in range(start, min(start + BATCH_SIZE, total))]
        response = client.post(
            "/api/internal/offers/batch", json={"scraping_url_id": page_id, "offers": items}
        )
        check(response, 200)
        if response.json()["new"] != len(items):
            raise SystemExit(f"expected {len(items)} new offers: {response.text[:500]}")
    return total / (time.perf_counter() - started)


def measure_singles(client: httpx.Client, page_id: str, total: int) -> float:
    started = time.perf_counter()
    for number in range(total):
        check(
            client.post("/api/internal/offers", json={"scraping_url_id": page_id, **offer("single", number)}),
            201,
        )
    return total / (time.perf_counter() - started)


def measure_psycopg(database_url: str, page_id: str, total: int) -> float:
    """The floor: the same rows straight into the offer table, executemany in one transaction."""
    rows = []
    for number in range(total):
        item = offer("psycopg", number)
        now = dt.datetime.now(dt.UTC)
        rows.append(
            (
                uuid.uuid4(),
                page_id,
                item["url"],
                item["title"],
                item["price"],
                item["currency"],
                item["image_url"],
                json.dumps(item["extra"]),
                now,
                now,
                now,
                now,
            )
        )
    with psycopg.connect(libpq_dsn(database_url)) as conn:
        started = time.perf_counter()
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO offer (id, scraping_url_id, url, title, price, currency, image_url, extra,"
                " first_seen_at, last_seen_at, created_at, updated_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )
        conn.commit()
        return total / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n")[0])
    parser.add_argument("--batch-offers", type=int, default=10_000, help="offers sent in batches of 100")
    parser.add_argument("--single-offers", type=int, default=2_000, help="offers sent one per request")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for single POSTs")
    parser.add_argument(
        "--broker", choices=["rabbitmq", "none"], default="rabbitmq", help="BROKER_URL to use"
    )
    args = parser.parse_args(argv)

    broker = private_vhost("offerwatch_bench") if args.broker == "rabbitmq" else contextlib.nullcontext("")
    with scratch_database("offerwatch_bench") as database_url, broker as broker_url:
        with psycopg.connect(libpq_dsn(database_url)) as conn:
            warm_page, batch_page, single_page, psycopg_page, concurrent_page, minimal_page = (
                insert_watched_page(conn, n, chat_id=700_000 + n) for n in range(6)
            )
        with (
            api_server(database_url, broker_url) as (base_url, api_pid),
            httpx.Client(
                base_url=base_url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60
            ) as client,
        ):
            # Warm up: connection pools, broker connection, first-request imports.
            for number in range(20):
                body = {"scraping_url_id": warm_page, **offer("warm", number)}
                check(client.post("/api/internal/offers", json=body), 201)
            cpu_before = tree_cpu_seconds(api_pid)
            batch_rate = measure_batches(client, batch_page, args.batch_offers)
            cpu_batches = tree_cpu_seconds(api_pid)
            single_rate = measure_singles(client, single_page, args.single_offers)
            cpu_singles = tree_cpu_seconds(api_pid)
            batch_cpu_ms = (cpu_batches - cpu_before) * 1000 / -(-args.batch_offers // BATCH_SIZE)
            single_cpu_ms = (cpu_singles - cpu_batches) * 1000 / args.single_offers
            concurrent_rate = measure_concurrent(
                base_url,
                "/api/internal/offers",
                concurrent_page,
                "concurrent",
                args.single_offers,
                args.clients,
            )
        with minimal_server(database_url) as minimal_url:
            measure_concurrent(minimal_url, "/offer", minimal_page, "warm", 20, 1)
            minimal_rate = measure_concurrent(
                minimal_url, "/offer", minimal_page, "minimal", args.single_offers, args.clients
            )
        psycopg_rate = measure_psycopg(database_url, psycopg_page, args.batch_offers)

    print(f"offer ingestion on PostgreSQL (broker: {(broker_url and 'RabbitMQ') or 'none (in-process)'})")
    print(f"  psycopg executemany, 1 transaction : {psycopg_rate:10.0f} offers/s  ({args.batch_offers} rows)")
    print(
        f"  POST /offers/batch (100 per batch)  : {batch_rate:10.0f} offers/s  "
        f"({args.batch_offers} offers)  ratio to psycopg {batch_rate / psycopg_rate:.3f}"
        f"  API CPU {batch_cpu_ms:.1f} ms a batch"
    )
    print(
        f"  POST /offers (one per request)      : {single_rate:10.0f} offers/s  "
        f"({args.single_offers} offers)  ratio to psycopg {single_rate / psycopg_rate:.3f}"
        f"  API CPU {single_cpu_ms:.1f} ms a POST"
    )
    print(
        f"  POST /offers, {args.clients} clients             : {concurrent_rate:10.0f} offers/s  "
        f"({args.single_offers} offers)"
    )
    print(
        f"  minimal insert route, {args.clients} clients     : {minimal_rate:10.0f} offers/s  "
        f"({args.single_offers} offers)"
    )
    print(f"  batch / single                      : {batch_rate / single_rate:10.1f}x")
    print(f"ratio batch / psycopg executemany: {batch_rate / psycopg_rate:.3f}x (goal 0.5x)")
    print(
        f"ratio single POST / minimal insert route, {args.clients} clients: "
        f"{concurrent_rate / minimal_rate:.3f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
