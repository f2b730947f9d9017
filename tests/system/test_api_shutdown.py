"""The API's shutdown never hangs on the notifier's worker running inside it (the in-process
broker): even when a second Ctrl-C cuts the graceful shutdown short, the process exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from core.config import ROOT
from tests.live_server import free_port
from tests.services import run_migrations


def test_the_api_with_its_embedded_worker_exits_on_a_double_ctrl_c(tmp_path: Path) -> None:
    """(The single Ctrl-C, a graceful shutdown, is the launcher test's.)"""
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'api.sqlite3'}"
    run_migrations(database_url)
    env = {k: v for k, v in os.environ.items() if k not in {"BROKER_URL", "SECRET_KEY", "INTERNAL_API_TOKEN"}}
    port = free_port()
    log_path = tmp_path / "api.log"
    with log_path.open("wb") as log:
        api = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:app", "--port", str(port)],
            cwd=ROOT,
            env={**env, "DATABASE_URL": database_url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert api.poll() is None, log_path.read_text()
            try:
                if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        api.send_signal(signal.SIGINT)
        time.sleep(0.05)  # the second Ctrl-C lands while the first one's shutdown runs
        api.send_signal(signal.SIGINT)
        # Before, the interpreter waited forever for the worker's threads after uvicorn gave up.
        assert api.wait(timeout=30) is not None
    finally:
        if api.poll() is None:
            api.kill()
            api.wait()
