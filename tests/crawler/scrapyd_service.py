"""A scrapyd of the tests' own: its configuration in a temporary directory, and the project
deployed to it with `scrapyd-deploy` as an operator would."""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from core.config import ROOT

PROJECT = "offerwatch"


def write_scrapyd_conf(directory: Path, port: int) -> None:
    """scrapyd reads scrapyd.conf from its working directory: start it in `directory`."""
    (directory / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = {directory}/eggs\nlogs_dir = {directory}/logs\n"
        f"dbs_dir = {directory}/dbs\nitems_dir =\npoll_interval = 0.2\nmax_proc = 2\n"
    )


def deploy(scrapyd_url: str) -> None:
    """`scrapyd-deploy` from the repository root, as an operator would run it: one at a time,
    as it builds the project's egg in the repository (tests run side by side under xdist)."""
    checkout = hashlib.sha256(bytes(ROOT)).hexdigest()[:12]
    lock_path = Path(tempfile.gettempdir()) / f"offerwatch-deploy-{checkout}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _deploy(scrapyd_url)


def _deploy(scrapyd_url: str) -> None:
    leftovers = [ROOT / "setup.py", ROOT / "build", ROOT / "offerwatch.egg-info"]
    existed = {path for path in leftovers if path.exists()}
    try:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "scrapyd-deploy")],
            cwd=ROOT,
            env={**os.environ, "SCRAPYD_URL": scrapyd_url, "SCRAPYD_PROJECT": PROJECT},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0 and '"status": "ok"' in done.stdout + done.stderr, (
            done.stdout + done.stderr
        )
    finally:
        for path in leftovers:
            if path not in existed and path.is_file():
                path.unlink()
            elif path not in existed and path.is_dir():
                subprocess.run(["rm", "-rf", str(path)], check=False)
