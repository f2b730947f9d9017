"""`./dev start --demo` (python -m embedded): on embedded defaults, a newcomer sees offers
arrive as notifications in the terminal, and Ctrl-C stops every process it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from api.config import ROOT
from tests.live_server import free_port

SERVICE_VARIABLES = {
    "DATABASE_URL",
    "BROKER_URL",
    "TELEGRAM_BOT_TOKEN",
    "SCRAPYD_URL",
    "SECRET_KEY",
    "INTERNAL_API_TOKEN",
    "PUBLIC_BASE_URL",
}


def child_pids(parent: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(entry))
    return pids


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_demo_prints_notifications_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}"
    env["FREE_INTERVAL_SECONDS"] = "5"
    log_path = tmp_path / "launcher.log"
    with log_path.open("wb") as log:
        launcher = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "embedded",
                "--demo",
                "--port",
                str(free_port()),
                "--shop-port",
                str(free_port()),
                # Slower than a crawl cycle, so each crawl finds one or two new offers (more than
                # DIGEST_THRESHOLD at once would be one digest, without the 🆕 looked for).
                "--publish-every",
                "6",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        offers_notified = 0
        while offers_notified < 1:
            assert launcher.poll() is None, log_path.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, log_path.read_text(errors="replace")[-3000:]
            time.sleep(0.5)
            text = log_path.read_text(errors="replace")
            offers_notified = text.count("🆕")
        assert "Linked! This chat now receives new offers" in text
        children = child_pids(launcher.pid)
        assert len(children) >= 3  # api, demo shop, scheduler
    finally:
        launcher.send_signal(signal.SIGINT)
        launcher.wait(timeout=30)
    deadline = time.monotonic() + 15
    while any(running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in children if running(pid)] == []
