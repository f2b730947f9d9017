"""The notifier: Dramatiq actors that deliver Telegram messages.

In a `dramatiq notifier.actors` worker process, prometheus_client must be in multiprocess mode
before it is first imported, so that Dramatiq's Prometheus middleware can serve the metrics of
every worker process on one port; the variable is set here, the first module the worker loads.
"""

import os
import sys
import tempfile

if "dramatiq" in sys.argv[0] and "prometheus_client" not in sys.modules:
    _metrics_dir = os.environ.get(
        "dramatiq_prom_db",  # noqa: SIM112 - Dramatiq's own (lower-case) variable
        os.path.join(tempfile.gettempdir(), "dramatiq-prometheus"),
    )
    os.makedirs(_metrics_dir, exist_ok=True)
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", _metrics_dir)
