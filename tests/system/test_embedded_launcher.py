"""`./dev start --demo` (python -m embedded): on embedded defaults, a newcomer sees offers arrive
as notifications in a quiet terminal; Ctrl-C stops every process it started and frees its ports,
even when it was started with SIGINT ignored (a script's background job, nohup); busy ports are
explained before anything starts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.config import ROOT
from embedded.children import group_members
from embedded.console import split_records, terminal_lines
from embedded.ports import is_free
from tests.live_server import free_port

SERVICE_VARIABLES = {
    "DATABASE_URL",
    "BROKER_URL",
    "TELEGRAM_BOT_TOKEN",
    "SCRAPYD_URL",
    "SCRAPYD_URLS",
    "SECRET_KEY",
    "INTERNAL_API_TOKEN",
    "PUBLIC_BASE_URL",
}


def launcher_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}"
    return env


def ignore_sigint() -> None:
    """What a background shell does to the jobs it starts."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def pgid_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[2])


def children_of(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(entry.name))
    return pids


def test_demo_shows_notifications_and_ctrl_c_stops_every_process(tmp_path: Path) -> None:
    api_port, shop_port = free_port(), free_port()
    terminal, log_file = tmp_path / "terminal.txt", tmp_path / "offerwatch.log"
    env = {**launcher_env(tmp_path), "FREE_INTERVAL_SECONDS": "3"}  # the demo's 10 s, shortened
    with terminal.open("wb") as out:
        launcher = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "embedded",
                "--demo",
                "--port",
                str(api_port),
                "--shop-port",
                str(shop_port),
                "--log-file",
                str(log_file),
                # Slower than a crawl cycle, so each crawl finds one or two new offers (more than
                # DIGEST_THRESHOLD at once would be one digest, without the 🆕 looked for).
                "--publish-every",
                "6",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            # A job of its own, as a shell starts it, from a shell that ignores SIGINT.
            process_group=0,
            preexec_fn=ignore_sigint,
        )
    groups = {launcher.pid}
    try:
        deadline = time.monotonic() + 150
        while "🆕" not in (shown := terminal.read_text(errors="replace")):
            assert launcher.poll() is None, shown + log_file.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, shown + log_file.read_text(errors="replace")[-3000:]
            time.sleep(0.2)
        # Right after a crawl posted offers: Ctrl-C, as a terminal sends it to its foreground job.
        groups |= {pgid_of(pid) for pid in children_of(launcher.pid)}
        os.killpg(launcher.pid, signal.SIGINT)
        assert launcher.wait(timeout=60) == 0
    finally:
        if launcher.poll() is None:
            launcher.kill()
    assert len(groups) == 2  # the launcher's job, and its children's group
    deadline = time.monotonic() + 5  # orphans are reaped by init, not by us
    while (left := [pid for group in groups for pid in group_members(group)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == []
    assert is_free("127.0.0.1", api_port) and is_free("127.0.0.1", shop_port)

    shown = terminal.read_text(errors="replace")
    before_first_offer = shown.split("🆕", 1)[0].splitlines()
    assert len(before_first_offer) < 30, shown
    assert "Linked! This chat now receives new offers" in shown
    assert "crawl: 1 page, 3 offers" in shown  # the baseline, before the first offer is published
    assert "Traceback" not in shown, shown
    full = log_file.read_text(errors="replace")
    assert "Dumping Scrapy stats" in full and "Application shutdown complete" in full
    for problem in ("CancelledError", "Exception closing connection", "did not stop within"):
        assert problem not in full + shown, full[-5000:]


class Recorder(BaseHTTPRequestHandler):
    """Another program on the port: it answers everything, and remembers being asked."""

    requests: list[str] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "ok", "checks": {"database": "ok"}}')

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def other_program() -> Iterator[tuple[int, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    Recorder.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], Recorder.requests
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("option", ["--port", "--shop-port"])
def test_a_taken_port_is_named_with_the_option_that_picks_another(
    tmp_path: Path, other_program: tuple[int, list[str]], option: str
) -> None:
    taken, requests = other_program
    ports = {"--port": str(free_port()), "--shop-port": str(free_port()), option: str(taken)}
    done = subprocess.run(
        [sys.executable, "-m", "embedded", "--demo", *(part for item in ports.items() for part in item)],
        cwd=ROOT,
        env=launcher_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"port {taken} on 127.0.0.1" in done.stderr and f"{option} N" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert requests == []  # the demo user never signed up with the other program
    assert not (tmp_path / "demo.sqlite3").exists()  # nothing started, nothing migrated


def test_a_port_in_use_is_not_free() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert not is_free("127.0.0.1", sock.getsockname()[1])
    assert is_free("127.0.0.1", free_port())


STATS = """2026-11-29 19:17:40 [scrapy.statscollectors] INFO: Dumping Scrapy stats:
{'downloader/request_count': 2,
 'jobs/leased': 1,
 'offers/new': 2,
 'offers/posted': 5,
 'start_time': datetime.datetime(2026, 11, 29, 19, 17, 36)}
"""
NOTIFICATION = """2026-11-29 19:18:02,101 INFO  [crawl-1] notifier.channels.telegram.senders: \
Telegram message to chat 424242 (no TELEGRAM_BOT_TOKEN set):
🆕 <b>Demo shop</b>
💶 34.00 USD
"""


def test_the_terminal_gets_a_line_per_crawl_and_a_block_per_notification() -> None:
    noise = '2026-11-29 19:18:02,000 INFO  [-] api: something\nINFO:     127.0.0.1 - "GET /" 200 OK\n'
    records = split_records(noise + STATS + NOTIFICATION)
    assert len(records) == 4
    shown = [line for record in records for line in terminal_lines("scheduler", record)]
    assert shown[0] == "crawl: 1 page, 5 offers, 2 new"
    block = shown[1].splitlines()
    assert block[0].startswith("┌─ Telegram message to chat 424242 ─")
    assert block[1:3] == ["│ 🆕 <b>Demo shop</b>", "│ 💶 34.00 USD"]
    assert block[3].startswith("└─")
    assert len(shown) == 2
    error = "2026-11-29 19:18:02 [scrapy.core.scraper] ERROR: Spider error processing\nTraceback ...\n"
    assert terminal_lines("scheduler", error) == [
        "scheduler: 2026-11-29 19:18:02 [scrapy.core.scraper] ERROR: Spider error processing "
        "(details in the log)"
    ]
