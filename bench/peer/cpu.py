"""CPU seconds of processes, read from /proc (Linux): a process tree, and the PostgreSQL
backends serving one database."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import psycopg

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


@dataclass(frozen=True)
class ProcStat:
    pid: int
    ppid: int
    state: str
    ticks: int  # utime + stime + cutime + cstime: the process and the children it reaped


def parse_stat(text: str) -> ProcStat:
    """One /proc/<pid>/stat line. The command name (field 2) may hold spaces and parentheses,
    so the fields are counted from its last closing parenthesis."""
    pid = int(text.split(" (", 1)[0])
    rest = text[text.rindex(")") + 2 :].split()
    # rest[0] is field 3 (state); utime, stime, cutime, cstime are fields 14 to 17.
    return ProcStat(pid, int(rest[1]), rest[0], sum(int(value) for value in rest[11:15]))


def read_stat(pid: int) -> ProcStat | None:
    try:
        return parse_stat((PROC / str(pid) / "stat").read_text())
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return None  # gone meanwhile


def all_stats() -> list[ProcStat]:
    stats = (read_stat(int(entry.name)) for entry in PROC.iterdir() if entry.name.isdigit())
    return [stat for stat in stats if stat is not None]


def tree(root: int, stats: list[ProcStat]) -> list[ProcStat]:
    """`root` and all its descendants among `stats`."""
    children: dict[int, list[ProcStat]] = {}
    by_pid = {stat.pid: stat for stat in stats}
    for stat in stats:
        children.setdefault(stat.ppid, []).append(stat)
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        if pid in by_pid:
            found.append(by_pid[pid])
        pending.extend(child.pid for child in children.get(pid, []))
    return found


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds used so far by `root` and its descendants, those it already reaped included
    (a child that exits between two readings moves into its parent's cutime/cstime)."""
    return sum(stat.ticks for stat in tree(root, all_stats())) / CLOCK_TICKS


def thread_states(root: int) -> list[str]:
    """The scheduler state (R, S, D...) of every thread of `root`'s tree."""
    states = []
    for stat in tree(root, all_stats()):
        for task in (PROC / str(stat.pid) / "task").glob("*/stat"):
            try:
                states.append(parse_stat(task.read_text()).state)
            except (FileNotFoundError, ProcessLookupError, ValueError):
                continue
    return states


class BackendCpu:
    """CPU seconds of the PostgreSQL backends serving `database` (autovacuum workers included),
    sampled from a connection to another database, so the sampler is not counted. Backends that
    start and end between two samples lose their last `interval` of CPU at most; the API keeps
    pooled connections, so that is rare."""

    def __init__(
        self, server_dsn: str, database: str, interval: float = 0.2, exclude: set[int] | None = None
    ):
        self.server_dsn = server_dsn
        self.database = database
        self.interval = interval
        self.exclude = exclude or set()
        self._start: dict[int, int] = {}
        self._last: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _backend_pids(self, conn: psycopg.Connection[tuple[object, ...]]) -> list[int]:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.database,))
        return [int(pid) for (pid,) in rows if pid not in self.exclude]  # type: ignore[call-overload]

    def _sample(self, conn: psycopg.Connection[tuple[object, ...]], first: bool) -> None:
        for pid in self._backend_pids(conn):
            stat = read_stat(pid)
            if stat is None:
                continue
            if pid not in self._start:
                self._start[pid] = stat.ticks if first else 0  # a new backend: all of it counts
            self._last[pid] = max(self._last.get(pid, 0), stat.ticks)

    def _run(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        while not self._stop.wait(self.interval):
            self._sample(conn, first=False)

    def __enter__(self) -> BackendCpu:
        self._conn = psycopg.connect(self.server_dsn, autocommit=True)
        self._sample(self._conn, first=True)
        self._thread = threading.Thread(target=self._run, args=(self._conn,), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        self._sample(self._conn, first=False)
        self._conn.close()

    @property
    def seconds(self) -> float:
        return sum(self._last[pid] - self._start[pid] for pid in self._last) / CLOCK_TICKS
