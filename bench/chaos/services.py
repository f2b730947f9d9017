"""Private PostgreSQL and RabbitMQ instances the chaos run can restart: each in a temporary
directory, on free loopback ports, run as the services' own system users (initdb and RabbitMQ
refuse root)."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.live_server import free_port
from tests.notifier.tcp_proxy import TcpProxy
from tests.services import RABBITMQ_HOST, private_vhost

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
RABBITMQ_SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")


def _as_user(user: str) -> list[str]:
    return ["runuser", "-u", user, "--"] if os.geteuid() == 0 else []


def _owned_tempdir(prefix: str, user: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return path


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:g} s") from None
            time.sleep(0.1)


class PrivatePostgres:
    """`initdb` in a temporary directory, served on a free port; restartable."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = _owned_tempdir("offerwatch-chaos-pg-", "postgres")
        self.data = self.dir / "data"
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*_as_user("postgres"), *args], check=True, capture_output=True, timeout=120, cwd=self.dir
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        )
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRabbitMQ:
    """A second RabbitMQ node of its own (own node name, ports, data and log directories)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dist_port = free_port()
        self.node = f"offerwatch_chaos_{self.port}@localhost"
        self.dir = _owned_tempdir("offerwatch-chaos-rmq-", "rabbitmq")
        (self.dir / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users = none\n"
        )
        (self.dir / "env.conf").write_text("")
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "rabbitmq:rabbitmq", str(self.dir)], check=True)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/%2F"

    def _env(self) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": "/var/lib/rabbitmq" if os.geteuid() == 0 else os.environ.get("HOME", str(self.dir)),
            "RABBITMQ_CONF_ENV_FILE": str(self.dir / "env.conf"),
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_CONFIG_FILE": str(self.dir / "rabbitmq.conf"),
            "RABBITMQ_MNESIA_BASE": str(self.dir / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.dir / "log"),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
        }

    def start(self, timeout: float = 90) -> None:
        with (self.dir / "server.out").open("ab") as out:
            self._process = subprocess.Popen(
                [
                    *_as_user("rabbitmq"),
                    "env",
                    *(
                        f"{k}={v}"
                        for k, v in self._env().items()
                        if k.startswith(("RABBITMQ_", "ERL_", "HOME"))
                    ),
                    str(RABBITMQ_SERVER),
                ],
                cwd=self.dir,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for_port(self.port, timeout)
        except TimeoutError:
            self.stop()
            raise

    def stop(self) -> None:
        subprocess.run(
            [
                *_as_user("rabbitmq"),
                "env",
                f"HOME={self._env()['HOME']}",
                "rabbitmqctl",
                "-q",
                "-n",
                self.node,
                "shutdown",
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if self._process is not None:
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
            self._process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class ProxiedRabbitMQ:
    """The machine's RabbitMQ on a private virtual host, behind a TCP proxy that `stop` cuts
    and `start` restores: a broker outage in seconds, without a node of its own to boot."""

    def __init__(self) -> None:
        self._vhost = private_vhost("offerwatch_chaos")
        host, port = RABBITMQ_HOST.split(":")
        self.proxy = TcpProxy(host, int(port))
        self.node = f"proxy {self.proxy.address} -> {RABBITMQ_HOST}"
        self.port = self.proxy.port
        self._url = ""

    @property
    def url(self) -> str:
        return self._url.replace(RABBITMQ_HOST, self.proxy.address)

    def start(self) -> None:
        if not self._url:
            self._url = self._vhost.__enter__()
        self.proxy.restore()

    def stop(self) -> None:
        self.proxy.cut()

    def remove(self) -> None:
        self.proxy.cut()
        if self._url:
            self._vhost.__exit__(None, None, None)
