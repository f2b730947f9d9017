"""The pure parts of bench.peer: its listing pages, its CPU accounting of process trees and of
PostgreSQL backends, and its ratios. changedetection.io itself is not run here."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from bench.peer.cpu import CLOCK_TICKS, BackendCpu, ProcStat, parse_stat, read_stat, tree, tree_cpu_seconds
from bench.peer.measure import Measurement, ratio_line
from bench.peer.pages import OFFERS_PER_PAGE, PageServer, listing_page, page_number
from crawler.extract import extract_offers
from tests.services import PG_SERVER_URL, libpq_dsn, scratch_database
from tests.support import service_missing


def test_every_listing_page_has_its_own_forty_offers() -> None:
    seen: set[str] = set()
    for number in (0, 1, 399):
        url = f"http://127.0.0.1:8000/listing/{number}"
        extraction = extract_offers(listing_page(number), url, None)
        urls = {offer.url for offer in extraction.offers}
        assert len(extraction.offers) == len(urls) == OFFERS_PER_PAGE
        assert all(offer.price is not None and offer.title for offer in extraction.offers)
        assert not urls & seen
        seen |= urls
    assert listing_page(5) == listing_page(5)  # a recheck finds the page unchanged


def test_page_server_serves_and_counts_fetches() -> None:
    pages = PageServer(3)
    try:
        assert httpx.get(pages.url(2)).text == listing_page(2)
        httpx.get(pages.url(2))
        assert httpx.get(pages.url(3)).status_code == 404
        assert httpx.get(pages.url(0).replace("/listing/0", "/robots.txt")).status_code == 404
        assert pages.take_hits() == {2: 2, 3: 1}
        assert pages.take_hits() == {}
    finally:
        pages.close()
    assert (page_number("/listing/12?page=2"), page_number("/listing/x"), page_number("/offer/1")) == (
        12,
        None,
        None,
    )


def test_stat_fields_are_counted_from_the_last_parenthesis_of_the_name() -> None:
    # pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    # utime stime cutime cstime ...
    line = "4242 (odd) name (x)) S 17 4242 4242 0 -1 4194560 100 0 0 0 11 22 33 44 20 0 1 0 99\n"
    assert parse_stat(line) == ProcStat(pid=4242, ppid=17, state="S", ticks=11 + 22 + 33 + 44)


def test_tree_holds_the_descendants_only() -> None:
    stats = [
        ProcStat(10, 1, "S", 0),
        ProcStat(11, 10, "S", 0),
        ProcStat(12, 11, "R", 0),
        ProcStat(13, 1, "S", 0),
    ]
    assert sorted(stat.pid for stat in tree(10, stats)) == [10, 11, 12]
    assert tree(99, stats) == []


BURN = textwrap.dedent(
    """
    import subprocess, sys, time
    def burn(seconds):
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass
    """
)


def test_tree_cpu_counts_live_and_reaped_descendants() -> None:
    parent_script = BURN + textwrap.dedent(
        """
        reaped = subprocess.Popen([sys.executable, "-c", sys.argv[1] + "burn(0.4)"])
        reaped.wait()
        alive = subprocess.Popen(
            [sys.executable, "-c", sys.argv[1] + "burn(0.4); print(flush=True); sys.stdin.read()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        alive.stdout.readline()
        print("ready", flush=True)
        sys.stdin.read()
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_script, BURN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None and parent.stdout.readline() == "ready\n"
        own = read_stat(parent.pid)
        assert own is not None
        total = tree_cpu_seconds(parent.pid)
        # Both grandchildren burnt 0.4 s each: the reaped one sits in the parent's cutime.
        assert total >= own.ticks / CLOCK_TICKS + 0.4 - 0.02
        assert total >= 0.8 - 0.04
    finally:
        parent.kill()
        parent.wait()


@contextlib.contextmanager
def scratch(prefix: str) -> Iterator[str]:
    try:
        with scratch_database(prefix, migrate=False) as url:
            yield url
    except psycopg.OperationalError as exc:
        service_missing("PostgreSQL", str(exc).strip().splitlines()[0])


BURN_SQL = "SELECT count(*) FROM generate_series(1, 3000000) AS n WHERE n % 7 = 0"


def test_backend_cpu_counts_the_backends_of_its_database_only() -> None:
    with scratch("offerwatch_cpu_a") as url_a, scratch("offerwatch_cpu_b") as url_b:
        database = make_url(url_a).database
        assert database is not None
        with psycopg.connect(libpq_dsn(url_b)) as other:
            other_pid = other.info.backend_pid
            with BackendCpu(libpq_dsn(PG_SERVER_URL), database, interval=0.05) as backends:
                measured = psycopg.connect(libpq_dsn(url_a))  # opened in the window: all of it counts
                measured.execute(BURN_SQL)
                other.execute(BURN_SQL)
            try:
                own = read_stat(measured.info.backend_pid)
                assert own is not None
                assert read_stat(other_pid) is not None
                assert own.ticks / CLOCK_TICKS > 0.05
                assert backends.seconds == pytest.approx(own.ticks / CLOCK_TICKS, abs=2 / CLOCK_TICKS)
            finally:
                measured.close()


def test_ratio_is_checks_per_cpu_second_ours_over_theirs() -> None:
    ours = Measurement("offerwatch", "recheck", 400, 10.0, {"crawl": 5.0, "API": 3.0})
    theirs = Measurement("changedetection.io", "recheck", 400, 5.0, {"server": 2.0})
    assert ours.checks_per_cpu_second == 50.0 and theirs.checks_per_cpu_second == 200.0
    assert ratio_line("recheck", ours, theirs).startswith(
        "ratio offerwatch/changedetection.io, recheck: 0.25x"
    )
