"""Sets this process's Dramatiq broker before any actor is declared: Dramatiq's own pattern, a
module that builds the broker and calls `dramatiq.set_broker`, imported ahead of the actors.

notifier/actors.py imports it first. In a `dramatiq notifier.actors` worker process nothing was
installed yet, and the broker is built from the environment (with the metrics port); a process
that installed one before importing the actors (the API's lifespan, the tests) keeps its own.
"""

from __future__ import annotations

import dramatiq

from core.config import get_settings
from core.observability import configure_logging
from notifier.broker import install_broker, installed_broker


def _worker_broker() -> dramatiq.Broker:
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    return install_broker(settings, worker_process=True)


broker = installed_broker() or _worker_broker()
