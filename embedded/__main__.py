"""`python -m embedded` (what `./dev start` runs): the whole system on one machine.

Checks its ports, migrates the database, then runs until Ctrl-C: the API (with the notifier's
worker inside it on the in-process broker, or a `dramatiq` worker process when BROKER_URL is
set), the crawl scheduler, the demo shop, and a Telegram poller when a bot token is set but no
PUBLIC_BASE_URL. The terminal shows one line per crawl and each notification; every process's
full log goes to the log file (offerwatch.log; `--verbose` shows it all). `--demo` also creates
a demo user watching the shop; after the shop's first crawl (its baseline) the shop publishes a
new offer every ~20 s, and each notification appears in the terminal.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from core.config import ROOT, Settings, SettingsError, load_settings
from core.tiers import Tier, limit_variable
from embedded import demo
from embedded.children import ChildGroup
from embedded.console import Console
from embedded.ports import Port, taken_ports_message

log = logging.getLogger("embedded")


def embedded_environment(args: argparse.Namespace) -> dict[str, str]:
    """The environment every child gets: the user's, plus what the local run needs."""
    env = dict(os.environ)
    env.setdefault("API_BASE_URL", f"http://{args.host}:{args.port}")
    env.setdefault("PTB_TIMEDELTA", "1")
    # The demo shop is a local page: the allow-list must name it (nothing else opens the guard).
    env.setdefault("ALLOWED_PRIVATE_HOSTS", "127.0.0.1,localhost")
    # The local run has no https: without this, browsers drop the session cookie on http.
    env.setdefault("COOKIE_SECURE", "false")
    env.setdefault("TELEGRAM_WEBHOOK_SECRET", secrets.token_urlsafe(24))
    if args.demo:
        # Let a newcomer see offers arrive within a minute rather than a quarter of an hour.
        for tier in Tier:
            env.setdefault(limit_variable(tier, "interval_seconds"), "10")
        env.setdefault("SWEEP_PENDING_AFTER_SECONDS", "20")
    return env


def migrate(settings: Settings) -> None:
    from alembic import command  # imported here: `./dev start --help` stays quick
    from alembic.config import Config

    log.debug("applying database migrations")
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = settings.database_url
    command.upgrade(config, "heads")


def children(args: argparse.Namespace, env: Mapping[str, str], settings: Settings) -> dict[str, list[str]]:
    from api.channels.polling import should_poll

    python = sys.executable
    processes = {
        "api": [python, "-m", "uvicorn", "api.app:app", "--host", args.host, "--port", str(args.port)],
        "demo-shop": [python, "-m", "demo.shop", "--host", "127.0.0.1", "--port", str(args.shop_port)],
        # Short rounds: a due page waits for a round, and a round is one cheap count.
        "scheduler": [python, "-m", "crawler.scheduler", "--interval", "2" if args.demo else "5"],
    }
    if env.get("BROKER_URL"):
        processes["notifier"] = [python, "-m", "dramatiq", "notifier.actors", "--processes", "1"]
    if should_poll(settings):
        # A real bot but no public URL for a webhook: fetch updates with getUpdates instead.
        processes["telegram-poller"] = [python, "-m", "api.channels.polling"]
    return processes


def start_demo(
    api_url: str,
    shop_url: str,
    env: Mapping[str, str],
    every: float,
    stop: threading.Event,
    api_running: Callable[[], bool],
) -> None:
    try:
        demo.wait_until_ready(api_url, api_running)
        target_id = demo.seed(api_url, shop_url, env["TELEGRAM_WEBHOOK_SECRET"])
        log.info("waiting for the first crawl of the shop (its offers are the baseline, announced to nobody)")
        if not demo.wait_for_baseline(api_url, target_id, stop):
            return
    except Exception:
        log.exception("the demo could not be set up")
        return
    log.info("the demo shop now publishes a new offer every %.0f s; notifications appear below", every)
    demo.publish_offers_forever(shop_url, every, stop)


class Stop:
    """Set by Ctrl-C, SIGTERM or SIGHUP; another one a second later means: kill everything now."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.hurry = False
        self.first_at = 0.0

    def __call__(self, signum: int, _frame: object) -> None:
        if not self.event.is_set():
            self.first_at = time.monotonic()
        elif time.monotonic() - self.first_at > 1:  # not the same Ctrl-C relayed twice
            self.hurry = True
        self.event.set()

    def install(self) -> None:
        # Set explicitly, even when started with SIGINT ignored (nohup, a script's background
        # job): Ctrl-C is how the launcher stops. Our children then start with SIGINT at its
        # default, as a handler is never inherited across exec.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self)


def run(args: argparse.Namespace, env: dict[str, str], settings: Settings, console: Console) -> int:
    api_url, shop_url = f"http://{args.host}:{args.port}", f"http://127.0.0.1:{args.shop_port}"
    stop = Stop()
    stop.install()
    group = ChildGroup(env, console)
    try:
        for name, command in children(args, env, settings).items():
            group.start(name, command)
        log.info("API on %s (docs: %s/schema); demo shop on %s", api_url, api_url, shop_url)
        log.info("running %s; Ctrl-C stops everything", ", ".join(group.children))
        if args.demo:
            api = group.children["api"]
            threading.Thread(
                target=start_demo,
                args=(api_url, shop_url, env, args.publish_every, stop.event, lambda: api.poll() is None),
                daemon=True,
            ).start()
        while not stop.event.wait(0.3):
            exited = group.exited()
            if exited is not None:
                name, code = exited
                console.wait_drained()
                log.error(
                    "%s exited with %s; stopping the rest. Its last lines:\n%s", name, code, console.tail()
                )
                return code or 1
        log.info("stopping (Ctrl-C again to kill everything at once)")
        return 0
    finally:
        stop.event.set()
        group.stop(hurry=lambda: stop.hurry)
        console.wait_drained()
        log.info("stopped; full log in %s", console.log_path)


class ToLogFile(logging.Handler):
    def __init__(self, console: Console) -> None:
        super().__init__()
        self.console = console
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)-5s [launcher] %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.console.write_log((self.format(record) + "\n").encode())


class ToTerminal(logging.Handler):
    def __init__(self, console: Console) -> None:
        super().__init__(logging.INFO)
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f": {record.exc_info[1]!r} (details in the log)"
        self.console.show(text)


def configure_launcher_logging(settings: Settings, console: Console) -> None:
    """The launcher's own messages on the terminal; every record (its own too) in the log file."""
    root = logging.getLogger()
    root.handlers[:] = [ToLogFile(console)]
    root.setLevel(settings.log_level.upper())
    logging.getLogger("embedded").addHandler(ToTerminal(console))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./dev start", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--demo", action="store_true", help="demo user, demo target, new offers")
    parser.add_argument("--host", default="127.0.0.1", help="the API's address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="the API's port (default 8000)")
    parser.add_argument("--shop-port", type=int, default=8765, help="the demo shop's port (default 8765)")
    parser.add_argument("--publish-every", type=float, default=20.0, help="seconds between demo offers")
    parser.add_argument(
        "--log-file",
        type=Path,
        default=ROOT / "offerwatch.log",
        help="where every process logs (overwritten)",
    )
    parser.add_argument("--verbose", action="store_true", help="every process's log on the terminal too")
    args = parser.parse_args(argv)
    env = embedded_environment(args)
    try:
        settings = load_settings(env)
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    taken = taken_ports_message(
        [
            Port(args.host, args.port, "the API", "--port"),
            Port("127.0.0.1", args.shop_port, "the demo shop", "--shop-port"),
        ]
    )
    if taken:
        print(taken, file=sys.stderr)
        return 2
    args.log_file.unlink(missing_ok=True)
    console = Console(args.log_file, args.verbose)
    configure_launcher_logging(settings, console)
    log.info(
        "offerwatch on embedded defaults; full log: %s%s",
        args.log_file,
        "" if args.verbose else " (or --verbose)",
    )
    try:
        migrate(settings)
        return run(args, env, settings, console)
    finally:
        console.close()


if __name__ == "__main__":
    sys.exit(main())
