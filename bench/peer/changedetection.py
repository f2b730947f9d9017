"""changedetection.io, installed from PyPI into a virtual environment of its own (kept in the
user's cache and reused), serving on a free loopback port with its datastore in a temporary
directory; watches are added and rechecked through its REST API."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.peer.cpu import thread_states, tree_cpu_seconds
from bench.peer.measure import Measurement
from tests.live_server import free_port

VERSION = "0.60.10"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "offerwatch-bench"
VENV = CACHE / "changedetection"
PYTHON = VENV / "bin" / "python"


def installed_version() -> str | None:
    if not PYTHON.exists():
        return None
    done = subprocess.run(
        [str(PYTHON), "-c", "import changedetectionio; print(changedetectionio.__version__)"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    return done.stdout.strip() if done.returncode == 0 else None


def ensure_installed() -> None:
    """`uv venv` + `uv pip install changedetection.io==VERSION`, unless already there."""
    if installed_version() == VERSION:
        return
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("uv is needed to install changedetection.io (https://docs.astral.sh/uv/)")
    base_python = getattr(sys, "_base_executable", sys.executable)
    print(f"installing changedetection.io {VERSION} into {VENV} ...", flush=True)
    subprocess.run([uv, "venv", "--allow-existing", "--python", base_python, str(VENV)], check=True)
    subprocess.run(
        [uv, "pip", "install", "--python", str(PYTHON), f"changedetection.io=={VERSION}"], check=True
    )
    if installed_version() != VERSION:
        raise SystemExit(f"changedetection.io {VERSION} did not install into {VENV}")


class ChangeDetection:
    """A running changedetection.io with every automatic check paused (-P true): only the
    rechecks asked for through the API run, with the plain requests fetcher."""

    name = "changedetection.io"

    def __init__(self, datastore: Path, log_level: str | None) -> None:
        self.datastore = datastore
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        unset = {"PLAYWRIGHT_DRIVER_URL", "WEBDRIVER_URL", "LOGGER_LEVEL"}
        env = {k: v for k, v in os.environ.items() if k not in unset}
        env.update(
            ALLOW_IANA_RESTRICTED_ADDRESSES="true",  # the pages are on 127.0.0.1
            DISABLE_VERSION_CHECK="true",  # no call home
            DEFAULT_FETCH_BACKEND="html_requests",
        )
        if log_level:  # else its default, DEBUG
            env["LOGGER_LEVEL"] = log_level
        self.log_path = datastore.parent / "changedetection.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(PYTHON), str(VENV / "bin" / "changedetection.py"), "-d", str(datastore), "-C",
                 "-h", "127.0.0.1", "-p", str(port), "-P", "true"],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.client = httpx.Client(base_url=self.base_url, timeout=60)
        self._wait_until_serving()
        settings = json.loads((datastore / "changedetection.json").read_text())
        self.client.headers["x-api-key"] = settings["settings"]["application"]["api_access_token"]
        self.uuids: list[str] = []

    def _wait_until_serving(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"changedetection.io exited:\n{self.output()}")
            try:
                self.client.get("/")
                if (self.datastore / "changedetection.json").exists():
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"changedetection.io did not start in {timeout:.0f}s:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def _call(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        response = self.client.request(method, path, **kwargs)  # type: ignore[arg-type]
        if response.status_code >= 400:
            raise SystemExit(
                f"changedetection.io {method} {path}: {response.status_code} {response.text[:300]}"
            )
        return response

    def add_watches(self, urls: list[str]) -> None:
        # A fresh datastore comes with two example watches of public sites: never checked here
        # (all checks paused), deleted before any recheck.
        for uuid in self._call("GET", "/api/v1/watch").json():
            self._call("DELETE", f"/api/v1/watch/{uuid}")
        for url in urls:
            response = self._call(
                "POST", "/api/v1/watch", json={"url": url, "fetch_backend": "html_requests"}
            )
            self.uuids.append(response.json()["uuid"])

    def _watch_files(self) -> list[dict[str, object]]:
        watches = []
        for uuid in self.uuids:
            for _ in range(50):  # written by rename, but may be missing for an instant
                try:
                    watches.append(json.loads((self.datastore / uuid / "watch.json").read_text()))
                    break
                except (FileNotFoundError, json.JSONDecodeError):
                    time.sleep(0.01)
            else:
                raise SystemExit(f"no readable watch.json for {uuid}")
        return watches

    def _checked(self) -> list[int]:
        return [int(watch.get("check_count") or 0) for watch in self._watch_files()]  # type: ignore[call-overload]

    def check_all(self, phase: str, timeout: float) -> Measurement:
        """Recheck every watch (GET /api/v1/watch?recheck_all=1) and wait until each one's
        check_count, as written to its watch.json at the end of a check, went up: the wait reads
        files, so it costs the peer nothing."""
        before_counts = self._checked()
        before = tree_cpu_seconds(self.process.pid)
        started = time.monotonic()
        self._call("GET", "/api/v1/watch", params={"recheck_all": "1"})
        while True:
            counts = self._checked()
            if all(now > was for now, was in zip(counts, before_counts, strict=True)):
                break
            if time.monotonic() - started > timeout:
                done = sum(now > was for now, was in zip(counts, before_counts, strict=True))
                raise SystemExit(f"changedetection.io checked {done}/{len(counts)} in {timeout:.0f}s")
            time.sleep(0.25)
        # The worker writes check_count, then cleans up: let that end before reading the CPU.
        for _ in range(20):
            if "R" not in thread_states(self.process.pid):
                break
            time.sleep(0.05)
        wall = time.monotonic() - started
        cpu = tree_cpu_seconds(self.process.pid) - before
        errors = [w.get("last_error") for w in self._watch_files() if w.get("last_error")]
        if errors:
            raise SystemExit(f"changedetection.io: {len(errors)} checks failed, e.g. {errors[0]}")
        return Measurement(self.name, phase, len(self.uuids), wall, {"server": cpu})

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
