"""The launcher's children, in one process group of their own.

The group is theirs, not the terminal's: Ctrl-C reaches the launcher alone, which then stops them
in order (whoever starts work before whoever serves it) with a deadline: SIGTERM, then SIGKILL.
Whatever they started themselves (the scheduler's crawls, their Chromium) is in the same group,
so nothing outlives the launcher's stop.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from core.config import ROOT
from embedded.console import Console

# The scheduler first (no new crawls), then its crawls, the shop they fetch, the API last.
STOP_ORDER = ("telegram-poller", "scheduler", "crawls", "demo-shop", "notifier", "api")
GRACE_SECONDS = 5.0  # per child, from SIGTERM to SIGKILL


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group `pgid`."""
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: ask the kernel whether anyone is left at all
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        return [pgid]
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


class ChildGroup:
    def __init__(self, env: Mapping[str, str], console: Console) -> None:
        self.env = dict(env)
        self.console = console
        self.pgid: int | None = None
        self.children: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, command: list[str]) -> None:
        read_end, write_end = os.pipe()
        try:
            child = subprocess.Popen(  # noqa: S603 - our own Python modules
                command,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=write_end,
                stderr=write_end,
                # The first child leads the group; the others join it.
                process_group=self.pgid or 0,
            )
        finally:
            os.close(write_end)
        self.pgid = self.pgid or child.pid
        self.children[name] = child
        self.console.follow(name, read_end)

    def exited(self) -> tuple[str, int] | None:
        """The first child found exited, with its exit code."""
        for name, child in self.children.items():
            if child.poll() is not None:
                return name, child.returncode
        return None

    def stop(self, hurry: Callable[[], bool] = lambda: False) -> None:
        """Stop every process of the group, in STOP_ORDER; once `hurry()`, SIGKILL the rest."""
        if self.pgid is None:
            return
        for name in STOP_ORDER:
            if hurry():
                break
            self._stop_one(name, hurry)
        self._kill_rest()

    def _stop_one(self, name: str, hurry: Callable[[], bool]) -> None:
        if name == "crawls":
            pids = self._grandchildren()
        elif name in self.children and self.children[name].poll() is None:
            pids = [self.children[name].pid]
        else:
            return
        for pid in pids:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and not hurry():
            if name != "crawls" and self.children[name].poll() is not None:
                return
            if name == "crawls" and not set(pids) & set(self._grandchildren()):
                return
            time.sleep(0.05)
        if not hurry():
            self.console.show(f"{name} did not stop within {GRACE_SECONDS:.0f} s of SIGTERM: killed")
        for pid in pids:
            _signal(pid, signal.SIGKILL)

    def _grandchildren(self) -> list[int]:
        assert self.pgid is not None
        ours = {child.pid for child in self.children.values()}
        return [pid for pid in group_members(self.pgid) if pid not in ours]

    def _kill_rest(self) -> None:
        assert self.pgid is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, signal.SIGKILL)
        for child in self.children.values():
            child.wait()
        deadline = time.monotonic() + GRACE_SECONDS
        while group_members(self.pgid) and time.monotonic() < deadline:
            time.sleep(0.05)
