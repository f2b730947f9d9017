"""Several scrapyd nodes (SCRAPYD_URLS): crawls spread by free slots, a node that is down is
passed over. Two real scrapyd processes on this machine, the project deployed to each."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.config import load_settings
from crawler.scheduler import ScrapydNodes, scrapyd_urls
from tests.crawler.conftest import crawl_env
from tests.crawler.scrapyd_service import PROJECT, deploy, write_scrapyd_conf
from tests.live_server import free_port


class ScrapydNode:
    def __init__(self, directory: Path) -> None:
        directory.mkdir()
        port = free_port()
        write_scrapyd_conf(directory, port)
        # Crawls find no API (port 9): they end quickly; only where they were started matters.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scrapyd"],
            cwd=directory,
            env=crawl_env(API_BASE_URL="http://127.0.0.1:9", INTERNAL_API_TOKEN="t"),
            stdout=subprocess.DEVNULL,
            stderr=(directory / "scrapyd.log").open("w"),
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(self.url + "/daemonstatus.json").json()["status"] == "ok":
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                pytest.fail(f"scrapyd did not start: {(directory / 'scrapyd.log').read_text()[-2000:]}")
            time.sleep(0.1)

    def jobs(self) -> int:
        data = httpx.get(self.url + "/listjobs.json", params={"project": PROJECT}).json()
        return sum(len(data[state]) for state in ("pending", "running", "finished"))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


@pytest.fixture
def two_nodes(tmp_path: Path) -> Iterator[tuple[ScrapydNode, ScrapydNode]]:
    nodes = (ScrapydNode(tmp_path / "a"), ScrapydNode(tmp_path / "b"))
    try:
        for node in nodes:
            deploy(node.url)
        yield nodes
    finally:
        for node in nodes:
            node.stop()


async def test_crawls_go_to_both_nodes_and_all_to_the_one_left_when_the_other_stops(
    two_nodes: tuple[ScrapydNode, ScrapydNode],
) -> None:
    first, second = two_nodes
    launcher = ScrapydNodes([first.url, second.url], PROJECT, timeout=60)
    try:
        for _ in range(4):
            await launcher.launch()
        assert first.jobs() >= 1 and second.jobs() >= 1
        assert first.jobs() + second.jobs() == 4

        second.stop()
        before = first.jobs()
        for _ in range(3):
            await launcher.launch()
        assert first.jobs() == before + 3
        assert await launcher.running() >= 0  # the stopped node is left out, not an error
    finally:
        await launcher.aclose()


async def test_no_node_answering_is_an_error_the_scheduler_logs_and_retries() -> None:
    launcher = ScrapydNodes([f"http://127.0.0.1:{free_port()}"], PROJECT, timeout=2)
    try:
        with pytest.raises(RuntimeError, match="no scrapyd node answers"):
            await launcher.launch()
        assert await launcher.running() == 0
    finally:
        await launcher.aclose()


def test_scrapyd_urls_reads_the_list_and_the_single_url() -> None:
    settings = load_settings(
        {
            "SCRAPYD_URLS": "http://a:6800/, http://b:6800",
            "SCRAPYD_URL": "http://b:6800",
            "SECRET_KEY": "k" * 40,
        }
    )
    assert scrapyd_urls(settings) == ["http://a:6800", "http://b:6800"]
    assert scrapyd_urls(load_settings({"SCRAPYD_URL": "http://c:6800", "SECRET_KEY": "k" * 40})) == [
        "http://c:6800"
    ]
