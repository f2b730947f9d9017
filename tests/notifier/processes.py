"""Running the real processes for end-to-end tests and benchmarks: the API under uvicorn and a
`dramatiq notifier.actors` worker, each with its own environment."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

from core.config import ROOT
from tests.live_server import free_port


class ServiceProcess:
    """A child process whose output goes to a temporary file, shown when a test fails."""

    def __init__(self, name: str, args: list[str], env: Mapping[str, str], cwd: Path = ROOT) -> None:
        self.name = name
        self.log_path = Path(tempfile.mkstemp(prefix=f"offerwatch-{name}-", suffix=".log")[1])
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                args, cwd=cwd, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
            )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def output_all(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def assert_running(self) -> None:
        code = self.process.poll()
        assert code is None, f"{self.name} exited with {code}:\n{self.output()}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_path.unlink(missing_ok=True)


def start_api(
    env: Mapping[str, str], port: int | None = None, uvicorn_args: Sequence[str] = (), cwd: Path = ROOT
) -> tuple[ServiceProcess, str]:
    """uvicorn serving api.app:app; returns once /health answers."""
    api, base_url = spawn_api(env, port, uvicorn_args, cwd)
    wait_until_serving(api, base_url)
    return api, base_url


def spawn_api(
    env: Mapping[str, str], port: int | None = None, uvicorn_args: Sequence[str] = (), cwd: Path = ROOT
) -> tuple[ServiceProcess, str]:
    """uvicorn serving api.app:app, still booting; `wait_until_serving` waits for it."""
    port = port or free_port()
    api = ServiceProcess(
        "api",
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *uvicorn_args,
        ],
        env,
        cwd,
    )
    return api, f"http://127.0.0.1:{port}"


def wait_until_serving(api: ServiceProcess, base_url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        api.assert_running()
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            api.stop()
            raise AssertionError(f"the API did not come up:\n{api.output()}")
        time.sleep(0.1)


def start_worker(env: Mapping[str, str], threads: int = 4, cwd: Path = ROOT) -> ServiceProcess:
    """`dramatiq notifier.actors` with one process (and no metrics server, unless `env` sets
    NOTIFIER_METRICS_PORT: tests run side by side)."""
    return ServiceProcess(
        "worker",
        [
            sys.executable,
            "-m",
            "dramatiq",
            "notifier.actors",
            "--processes",
            "1",
            "--threads",
            str(threads),
        ],
        {"NOTIFIER_METRICS_PORT": "0", **env},
        cwd,
    )


def wait_for_output(process: ServiceProcess, text: str, timeout: float = 60) -> None:
    """Until `text` appears in the process's output (it must keep running meanwhile)."""
    deadline = time.monotonic() + timeout
    while text not in process.output_all():
        process.assert_running()
        assert time.monotonic() < deadline, f"{process.name} never said {text!r}:\n{process.output()}"
        time.sleep(0.1)


def wait_for_metrics(port: int, worker: ServiceProcess, timeout: float = 60) -> str:
    """The worker's /metrics page, once its metrics server (a process Dramatiq forks after the
    workers boot) is up."""
    deadline = time.monotonic() + timeout
    while True:
        worker.assert_running()
        try:
            return httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).raise_for_status().text
        except httpx.HTTPError:
            assert time.monotonic() < deadline, worker.output()
            time.sleep(0.2)
