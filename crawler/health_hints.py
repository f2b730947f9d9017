"""Why a page failed, in words that tell the user what to change: a block (403/401/429) is not a
timeout, and neither is a page we could not read offers from."""

from __future__ import annotations

from enum import StrEnum


class FailureKind(StrEnum):
    BLOCKED = "blocked"
    RATE_LIMITED = "rate_limited"
    TIMED_OUT = "timed_out"
    UNPARSEABLE = "unparseable"
    OTHER = "other"


HINTS = {
    FailureKind.BLOCKED: "the site refuses us (blocked, or the listing needs a login): "
    "try a proxy, or the cookies of a logged-in browser",
    FailureKind.RATE_LIMITED: "the site limits how often it may be asked (rate limited): "
    "we wait as it asks; a proxy, or fewer pages on this site, helps",
    FailureKind.TIMED_OUT: "the site did not answer in time (slow, or quietly blocking): "
    "try a proxy, or render_js if the page loads its listing by JavaScript",
    FailureKind.UNPARSEABLE: "the page came, but no offers could be read from it: "
    "set selectors for its listing, or render_js if it builds the listing by JavaScript; "
    "a login page in its place needs cookies",
}
UNPARSEABLE_PREFIXES = ("no offers found", "extraction failed", "not a web page", "selector", "the selector")


def classify(error: str, http_status: int | None) -> FailureKind:
    if http_status in {401, 403, 407, 451}:
        return FailureKind.BLOCKED
    if http_status == 429:
        return FailureKind.RATE_LIMITED
    lowered = error.lower()
    if "timed out" in lowered or "timeout" in lowered:
        return FailureKind.TIMED_OUT
    if (http_status is not None and http_status < 300) or lowered.startswith(UNPARSEABLE_PREFIXES):
        return FailureKind.UNPARSEABLE
    return FailureKind.OTHER


def with_hint(error: str, http_status: int | None) -> str:
    """The error with what to do about it, when there is a known fix."""
    hint = HINTS.get(classify(error, http_status))
    return error if hint is None or hint in error else f"{error} — {hint}"
