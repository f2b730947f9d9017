"""The chaos run's short version (bench/chaos): a private PostgreSQL, RabbitMQ behind a TCP
proxy on a private virtual host, the API (with a standby behind a proxy, so its kill costs no
uvicorn boot), a worker and the fake Telegram under a steady load, while the worker is killed
(-9), the broker cut, the API killed (-9), PostgreSQL restarted and Telegram answers 429 and
then 500. Nothing is lost, nothing stays pending, and a message is sent
twice only if a killed worker had it in flight."""

from __future__ import annotations

import re
import subprocess
import sys

from bench.chaos.services import PG_BIN
from core.config import ROOT
from tests.support import service_missing

RESULT = re.compile(
    r"^\| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| [\d.]+ \| (\d+) \|$", re.MULTILINE
)


def test_the_short_chaos_run_loses_nothing_and_duplicates_only_a_killed_worker_s_message() -> None:
    if not (PG_BIN / "initdb").exists():
        service_missing("PostgreSQL", f"no initdb in {PG_BIN} (set PG_BIN)")
    done = subprocess.run(
        [sys.executable, "-m", "bench.chaos", "--short", "--proxied-broker", "--drain-timeout", "120"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )
    match = RESULT.search(done.stdout)
    assert match, done.stdout[-4000:] + done.stderr[-4000:]
    expected, delivered, lost, duplicated, pending, failed, resent = map(int, match.groups())
    assert expected > 0 and delivered == expected, done.stdout
    assert (lost, pending, failed) == (0, 0, 0), done.stdout
    assert duplicated <= resent, done.stdout
    assert done.returncode == 0, done.stdout
