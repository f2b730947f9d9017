"""The request id of the API call that wrote a notification, carried in its broker message's
options, so that the worker's log lines about delivering it carry the same id
(core/observability.py's `request_id_var`)."""

from __future__ import annotations

import contextvars
import threading
from typing import Any

import dramatiq

from core.observability import request_id_var

OPTION = "request_id"


class RequestIdMiddleware(dramatiq.Middleware):
    """On enqueue, the publishing thread's request id goes into the message's options (unless
    the message names one already: a retry, a publish on the request's behalf from another
    thread); while a worker processes the message, the id is the worker thread's."""

    def __init__(self) -> None:
        self._processing = threading.local()

    def before_enqueue(self, broker: dramatiq.Broker, message: dramatiq.Message[Any], delay: int) -> None:
        request_id = request_id_var.get()
        if request_id is not None:
            message.options.setdefault(OPTION, request_id)

    def before_process_message(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        self._processing.token = request_id_var.set(message.options.get(OPTION))

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.MessageProxy,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        self._forget()

    def after_skip_message(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        self._forget()

    def _forget(self) -> None:
        token: contextvars.Token[str | None] | None = getattr(self._processing, "token", None)
        if token is not None:
            self._processing.token = None
            request_id_var.reset(token)
