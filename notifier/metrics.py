"""The notifier's Prometheus metrics.

In a `dramatiq notifier.actors` worker, Dramatiq's Prometheus middleware serves every worker
process's metrics on one port (`dramatiq_prom_port`, default 9191) from prometheus_client's
multiprocess files, which it switches on at process boot. The metrics here are therefore
created on first use, after boot, so they land in those files too; in the API process (the
embedded worker) they are ordinary metrics served at the API's /metrics.
"""

from __future__ import annotations

from functools import cache

from prometheus_client import Counter, Gauge


@cache
def _outcomes() -> Counter:
    return Counter(
        "offerwatch_notifications_total",
        "Notification deliveries by outcome (sent, failed, retry, later, skipped)",
        ["outcome"],
    )


@cache
def _pending() -> Gauge:
    return Gauge(
        "offerwatch_notifications_pending",
        "Notifications waiting to be sent (the outbox's queue depth), as last seen by a sweep",
        multiprocess_mode="max",
    )


def record_outcome(outcome: str) -> None:
    _outcomes().labels(outcome).inc()


def record_pending(count: int) -> None:
    _pending().set(count)


@cache
def _write_retries() -> Counter:
    return Counter(
        "offerwatch_notification_record_retries_total",
        "Writes of a send's outcome retried because the database was away (never a second send)",
    )


@cache
def _resent_after_crash() -> Counter:
    return Counter(
        "offerwatch_notifications_resent_after_crash_total",
        "Notifications left `sending` by a stopped worker and sent again (a chat may see them twice)",
    )


def record_write_retry() -> None:
    _write_retries().inc()


def record_resent_after_crash(count: int) -> None:
    if count:
        _resent_after_crash().inc(count)
