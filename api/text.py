"""Text and JSON from outside the system (request bodies, crawled pages, webhooks) at the boundary.

PostgreSQL refuses NUL in text and JSON, and no other control character belongs in a name, a
title or a URL: one-line fields refuse them in their schema (`ONE_LINE`, so the 400 names the
field and the OpenAPI document says so); free text we do not control (crawled titles, offer
extras, error reports, chat messages) is cleaned instead, so one seller's title cannot fail a
whole page of offers.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls, DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_WHITESPACE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A msgspec/JSON-Schema pattern for one-line text: no control characters at all.
ONE_LINE = r"^[^\x00-\x1f\x7f-\x9f]*$"
ONE_LINE_HINT = "no control characters"


def has_controls(text: str) -> bool:
    return _CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """`text` with every control character (tab and newline too) turned into a space."""
    return _CONTROL.sub(" ", text)


def clean_json(value: Any) -> Any:
    """A decoded JSON value with NUL and other control characters removed from every string,
    keys included (tab, newline and carriage return are kept)."""
    if isinstance(value, str):
        return _CONTROL_BUT_WHITESPACE.sub("", value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_json(str(key)): clean_json(item) for key, item in value.items()}
    return value


INT64_MAX = 2**63 - 1


def json_bounds_problem(value: Any, max_depth: int = 32) -> str | None:
    """Why a decoded JSON document from outside cannot be processed (nested deeper than
    `max_depth`, or a number a 64-bit column cannot hold), else None. Iterative: a hostile
    document cannot exhaust the stack here."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if depth > max_depth:
            return f"is nested deeper than {max_depth} levels"
        if isinstance(item, bool):
            continue
        if isinstance(item, int) and not -INT64_MAX - 1 <= item <= INT64_MAX:
            return "holds an integer beyond 64 bits"
        if isinstance(item, dict):
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
    return None
