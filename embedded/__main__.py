"""`python -m embedded` (what `./dev start` runs): the whole system on one machine.

Migrates the database, then runs until Ctrl-C: the API (with the notifier's worker inside it on
the in-process broker, or a `dramatiq` worker process when BROKER_URL is set), the crawl
scheduler, the demo shop, and a Telegram poller when a bot token is set but no PUBLIC_BASE_URL.
`--demo` also creates a demo user watching the shop and makes the shop publish a new offer every
~20 s; each notification is printed by the notifier.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping

from alembic import command
from alembic.config import Config

from api.channels.polling import should_poll
from api.config import ROOT, Settings, SettingsError, load_settings
from api.observability import configure_logging
from embedded import demo

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
        env.setdefault("FREE_INTERVAL_SECONDS", "15")
        env.setdefault("PRO_INTERVAL_SECONDS", "15")
        env.setdefault("SWEEP_PENDING_AFTER_SECONDS", "20")
    return env


def migrate(settings: Settings) -> None:
    log.info("applying database migrations")
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = settings.database_url
    command.upgrade(config, "heads")


def children(args: argparse.Namespace, env: Mapping[str, str], settings: Settings) -> dict[str, list[str]]:
    python = sys.executable
    processes = {
        "api": [python, "-m", "uvicorn", "api.app:app", "--host", args.host, "--port", str(args.port)],
        "demo-shop": [python, "-m", "demo.shop", "--host", "127.0.0.1", "--port", str(args.shop_port)],
        "scheduler": [python, "-m", "crawler.scheduler"],
    }
    if env.get("BROKER_URL"):
        processes["notifier"] = [python, "-m", "dramatiq", "notifier.actors", "--processes", "1"]
    if should_poll(settings):
        # A real bot but no public URL for a webhook: fetch updates with getUpdates instead.
        processes["telegram-poller"] = [python, "-m", "api.channels.polling"]
    return processes


def supervise(processes: dict[str, list[str]], env: Mapping[str, str], stop: threading.Event) -> int:
    running = {name: subprocess.Popen(cmd, cwd=ROOT, env=dict(env)) for name, cmd in processes.items()}  # noqa: S603
    log.info("running %s (Ctrl-C stops everything)", ", ".join(running))
    try:
        while not stop.is_set():
            for name, proc in running.items():
                if proc.poll() is not None:
                    log.error("%s exited with %s; stopping the rest", name, proc.returncode)
                    return proc.returncode or 1
            time.sleep(0.3)
        return 0
    finally:
        stop.set()
        for proc in running.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 10
        for proc in running.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()


def start_demo(
    api_url: str, shop_url: str, env: Mapping[str, str], every: float, stop: threading.Event
) -> None:
    try:
        demo.wait_until_ready(api_url)
        demo.seed(api_url, shop_url, env["TELEGRAM_WEBHOOK_SECRET"])
    except Exception:
        log.exception("the demo could not be set up")
        return
    log.info("the demo shop publishes a new offer every %.0f s; watch for notifications below", every)
    demo.publish_offers_forever(shop_url, every, stop)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./dev start", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--demo", action="store_true", help="demo user, demo target, new offers")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--shop-port", type=int, default=8765)
    parser.add_argument("--publish-every", type=float, default=20.0, help="seconds between demo offers")
    args = parser.parse_args(argv)
    env = embedded_environment(args)
    try:
        settings = load_settings(env)
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_json)
    migrate(settings)
    api_url, shop_url = f"http://{args.host}:{args.port}", f"http://127.0.0.1:{args.shop_port}"
    log.info("API on %s (docs: %s/schema); demo shop on %s", api_url, api_url, shop_url)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if args.demo:
        threading.Thread(
            target=start_demo, args=(api_url, shop_url, env, args.publish_every, stop), daemon=True
        ).start()
    try:
        return supervise(children(args, env, settings), env, stop)
    except KeyboardInterrupt:
        log.info("stopping")
        return 0


if __name__ == "__main__":
    sys.exit(main())
