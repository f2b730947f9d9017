"""What the launcher's terminal shows: every child's output goes to one log file; the terminal
gets one line per crawl, each notification (in log-only Telegram mode) as a framed block, and
errors, unless `--verbose` asks for everything.

A child writes each log record (even one of several lines) with one write, so a record never
spans two reads of its pipe: records are split at reads and at lines that start a new record.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import IO

# How a log record's first line starts: our format and Scrapy's ("2026-11-29 19:20:01..."),
# uvicorn's ("INFO:     ..."), a Python warning. A traceback belongs to the record before it.
RECORD_START = re.compile(r"^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d|[A-Z]+: {1,5}\S|\S+\.py:\d+: )")
NOTIFICATION = re.compile(
    r"Telegram (?:message|photo (?P<photo>\S+)) to chat (?P<chat>\S+) \(no TELEGRAM_BOT_TOKEN"
)
STATS_DUMP = "Dumping Scrapy stats"
ERROR = re.compile(r"(^|\s|\[)(ERROR|CRITICAL)(\]|:|\s)")
FRAME_WIDTH = 64


def _stat(record: str, name: str) -> int:
    found = re.search(rf"'{re.escape(name)}': (\d+)", record)
    return int(found.group(1)) if found else 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def crawl_line(record: str) -> str:
    """One line for a crawl from Scrapy's closing stats dump."""
    pages, offers, new = (_stat(record, k) for k in ("jobs/leased", "offers/posted", "offers/new"))
    failed = _stat(record, "jobs/completed_error") + _stat(record, "jobs/fetch_failed")
    line = f"crawl: {_plural(pages, 'page')}, {_plural(offers, 'offer')}, {new} new"
    return line + (f", {failed} failed (see the log)" if failed else "")


def notification_block(record: str) -> str:
    first, *text = record.rstrip("\n").split("\n")
    found = NOTIFICATION.search(first)
    assert found is not None
    title = f"─ Telegram message to chat {found['chat']} "
    body = ([f"[photo {found['photo']}]"] if found["photo"] else []) + text
    return "\n".join(
        ["┌" + title.ljust(FRAME_WIDTH, "─"), *(f"│ {line}" for line in body), "└" + "─" * FRAME_WIDTH]
    )


def terminal_lines(child: str, record: str) -> list[str]:
    """What the terminal shows of one record of `child`'s output: usually nothing, else lines
    or a framed block."""
    first = record.split("\n", 1)[0]
    if STATS_DUMP in first:
        return [crawl_line(record)]
    if NOTIFICATION.search(first):
        return [notification_block(record)]
    if ERROR.search(first):
        return [f"{child}: {first[:200]} (details in the log)"]
    return []


def split_records(text: str) -> list[str]:
    records: list[str] = []
    for line in text.splitlines(keepends=True):
        if records and not RECORD_START.match(line):
            records[-1] += line
        else:
            records.append(line)
    return records


class Console:
    """The launcher's terminal and log file; `follow` copies a child's output into them."""

    def __init__(self, log_path: Path, verbose: bool, terminal: IO[str] | None = None) -> None:
        self.log_path = log_path
        self.verbose = verbose
        self.terminal = terminal or sys.stdout
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log = log_path.open("ab")
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def show(self, text: str) -> None:
        """A line (or framed block) for the terminal, with the time."""
        stamp = time.strftime("%H:%M:%S")
        stamped = stamp + " " + text.replace("\n", "\n" + " " * (len(stamp) + 1))
        with self.lock:
            self.terminal.write(stamped + "\n")
            self.terminal.flush()

    def write_log(self, data: bytes) -> None:
        with self.lock:
            self.log.write(data)
            self.log.flush()

    def follow(self, child: str, fd: int) -> None:
        thread = threading.Thread(target=self._copy, args=(child, fd), name=f"output of {child}")
        thread.daemon = True
        thread.start()
        self.threads.append(thread)

    def _copy(self, child: str, fd: int) -> None:
        partial = ""
        while chunk := os.read(fd, 65536):
            self.write_log(chunk)
            if self.verbose:
                with self.lock:
                    self.terminal.write(chunk.decode(errors="replace"))
                    self.terminal.flush()
                continue
            text = partial + chunk.decode(errors="replace")
            text, _, partial = text.rpartition("\n") if not text.endswith("\n") else (text, "", "")
            for record in split_records(text):
                for line in terminal_lines(child, record):
                    self.show(line)
        os.close(fd)

    def wait_drained(self, timeout: float = 2.0) -> None:
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def tail(self, lines: int = 15) -> str:
        with self.lock:
            self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def close(self) -> None:
        with self.lock:
            self.log.close()
