"""The metrics server of a `dramatiq notifier.actors` process, run by Dramatiq as a fork process.
A module of its own: the fork imports it by name, and it imports little, so it listens soon."""

from __future__ import annotations

import logging
from http.server import HTTPServer

from dramatiq.middleware.prometheus import _metrics_handler

from core.config import get_settings

log = logging.getLogger(__name__)


def serve_worker_metrics() -> int:
    """Serve Dramatiq's Prometheus metrics on NOTIFIER_METRICS_HOST:NOTIFIER_METRICS_PORT. A taken
    port costs the metrics only: the notifier itself runs on (Dramatiq ignores its forks' exits)."""
    settings = get_settings()
    if not settings.notifier_metrics_port:
        return 0
    address = (settings.notifier_metrics_host, settings.notifier_metrics_port)
    try:
        server = HTTPServer(address, _metrics_handler)
    except OSError as exc:
        log.error(
            "no metrics server: %s:%d is taken (%s); the notifier runs on without one. Give each "
            "notifier on this host its own NOTIFIER_METRICS_PORT (0 turns the server off)",
            *address,
            exc.strerror,
        )
        return 0
    log.info("metrics on http://%s:%d/metrics", *address)
    server.serve_forever()
    return 0
