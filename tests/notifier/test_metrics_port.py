"""Two notifiers on one host: each serves its metrics on its own NOTIFIER_METRICS_PORT, and one
whose port is taken runs on without its metrics server."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from tests.conftest import TEST_INTERNAL_TOKEN, TEST_SECRET
from tests.live_server import free_port
from tests.notifier.processes import start_worker, wait_for_metrics


def test_each_notifier_serves_metrics_on_its_port_and_a_taken_one_costs_only_the_metrics(
    postgres_url: str, rabbitmq_url: str, tmp_path: Path
) -> None:
    env = {
        "DATABASE_URL": postgres_url,
        "BROKER_URL": rabbitmq_url,
        "SECRET_KEY": TEST_SECRET,
        "INTERNAL_API_TOKEN": TEST_INTERNAL_TOKEN,
        "dramatiq_prom_db": str(tmp_path),
    }
    first_port, second_port = free_port(), free_port()
    # The third notifier's port is held by another program from the start, so all three boot at
    # once (booting one after the others' metrics were up cost a whole worker start).
    taken = socket.create_server(("127.0.0.1", 0))
    taken_port = taken.getsockname()[1]
    workers = [
        start_worker({**env, "NOTIFIER_METRICS_PORT": str(first_port)}),
        start_worker({**env, "NOTIFIER_METRICS_PORT": str(second_port)}),
        start_worker({**env, "NOTIFIER_METRICS_PORT": str(taken_port)}),
    ]
    late = workers[-1]
    try:
        for port, worker in zip((first_port, second_port), workers, strict=False):
            wait_for_metrics(port, worker)
        deadline = time.monotonic() + 60
        while "NOTIFIER_METRICS_PORT" not in late.output():
            late.assert_running()
            assert time.monotonic() < deadline, late.output()
            time.sleep(0.2)
        assert f":{taken_port} is taken" in late.output(), late.output()
        assert "Traceback" not in late.output(), late.output()
        for worker in workers:
            worker.assert_running()
    finally:
        for worker in workers:
            worker.stop()
        taken.close()
