"""`python -m embedded`: migrate the database, then run every process until Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from alembic import command
from alembic.config import Config

from api.config import ROOT, SettingsError, get_settings


def _log(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", file=sys.stderr, flush=True)


def migrate() -> None:
    _log("applying database migrations")
    command.upgrade(Config(str(ROOT / "alembic.ini")), "heads")


def children(host: str, port: int) -> dict[str, list[str]]:
    """The processes of the system, by name."""
    return {
        "api": [sys.executable, "-m", "litestar", "--app", "api.app:app", "run",
                "--host", host, "--port", str(port)],
    }


def run(processes: dict[str, list[str]]) -> int:
    running = {name: subprocess.Popen(cmd, cwd=ROOT, env=os.environ.copy())
               for name, cmd in processes.items()}
    _log("running " + ", ".join(running) + " (Ctrl-C stops everything)")
    try:
        while True:
            for name, proc in running.items():
                if proc.poll() is not None:
                    _log(f"{name} exited with {proc.returncode}; stopping the rest")
                    return proc.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        _log("stopping")
        return 0
    finally:
        for proc in running.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 10
        for proc in running.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev start", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        get_settings()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    migrate()
    _log(f"API on http://{args.host}:{args.port}  (docs: http://{args.host}:{args.port}/schema)")
    return run(children(args.host, args.port))


if __name__ == "__main__":
    sys.exit(main())
