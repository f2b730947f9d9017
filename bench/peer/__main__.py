"""Checks per CPU-second against changedetection.io, on the same generated listing pages.

    uv run python -m bench.peer [--watches 400] [--crawls 2] [--timeout 300] [--log-level LEVEL|defaults]

Serves N static listing pages of 40 offers each from this process (127.0.0.1, a free port) and
watches all of them with both systems:
- changedetection.io 0.60.10, installed from PyPI into a virtual environment of its own under
  ~/.cache/offerwatch-bench (reused when there), its datastore in a temporary directory, the plain
  requests fetcher, automatic checks paused; watches added with POST /api/v1/watch and checked
  with GET /api/v1/watch?recheck_all=1.
- offerwatch: a scratch PostgreSQL database, the API under uvicorn, one watcher's rows per page
  (a new page: the first check is its baseline) and --crawls `scrapy crawl offers` processes at
  once (the scheduler's default MAX_CONCURRENT_CRAWLS), which lease every due page.

Two phases each: the first check of new watches, then a recheck with nothing changed (for
offerwatch: every page made due again). CPU seconds are those of every process of a system, read
from /proc before and after: changedetection.io's process tree; offerwatch's API process tree,
its crawl processes and the PostgreSQL backends of its database. Neither system's idle
scheduler runs (changedetection.io's is paused, offerwatch's crawler.scheduler is not started).
Both log at --log-level, WARNING unless told otherwise (neither then writes a line per check);
`defaults` leaves each its own: offerwatch INFO with uvicorn's access log, changedetection.io
DEBUG. The ratio offerwatch/changedetection.io of checks per CPU-second is printed last.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.peer import changedetection
from bench.peer.changedetection import ChangeDetection
from bench.peer.measure import Measurement, ratio_line, table
from bench.peer.offerwatch import Offerwatch
from bench.peer.pages import OFFERS_PER_PAGE, PageServer
from tests.services import scratch_database

PHASES = ("first", "recheck")


def check_fetches(pages: PageServer, system: str, phase: str, count: int) -> None:
    hits = pages.take_hits()
    if set(hits) != set(range(count)) or max(hits.values()) > 1:
        raise SystemExit(f"{system} {phase}: expected each of {count} pages fetched once, got {hits}")


def run_changedetection(
    pages: PageServer, count: int, timeout: float, log_level: str | None
) -> list[Measurement]:
    changedetection.ensure_installed()
    with tempfile.TemporaryDirectory(prefix="changedetection-peer-") as tmp:
        return _measure(ChangeDetection(Path(tmp) / "datastore", log_level), pages, count, timeout)


def run_offerwatch(
    pages: PageServer, count: int, crawls: int, timeout: float, log_level: str | None
) -> list[Measurement]:
    with scratch_database("offerwatch_peer") as database_url:
        return _measure(Offerwatch(database_url, crawls, log_level), pages, count, timeout)


def _measure(
    system: ChangeDetection | Offerwatch, pages: PageServer, count: int, timeout: float
) -> list[Measurement]:
    """Watch `count` pages, then check them all once per phase; the system is stopped after."""
    try:
        system.add_watches([pages.url(number) for number in range(count)])
        pages.take_hits()
        results = []
        for phase in PHASES:
            results.append(system.check_all(phase, timeout))
            check_fetches(pages, system.name, phase, count)
        return results
    finally:
        system.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peer", description=__doc__.split("\n")[0])
    parser.add_argument("--watches", type=int, default=400, help="listing pages watched by each system")
    parser.add_argument("--crawls", type=int, default=2, help="offerwatch crawl processes at once")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed for one phase")
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=["DEBUG", "INFO", "WARNING", "defaults"],
        help="of both systems; 'defaults': each its own",
    )
    args = parser.parse_args(argv)
    log_level = None if args.log_level == "defaults" else args.log_level
    if args.watches < 1 or args.crawls < 1:
        parser.error("--watches and --crawls must be at least 1")

    pages = PageServer(args.watches)
    try:
        peer = run_changedetection(pages, args.watches, args.timeout, log_level)
        ours = run_offerwatch(pages, args.watches, args.crawls, args.timeout, log_level)
    finally:
        pages.close()

    print(
        f"{args.watches} static listing pages of {OFFERS_PER_PAGE} offers each, one check of each per phase; "
        f"offerwatch with {args.crawls} crawl processes, logging: {args.log_level}"
    )
    for line in table(peer + ours):
        print(line)
    for phase, mine, theirs in zip(PHASES, ours, peer, strict=True):
        print(ratio_line(phase, mine, theirs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
