"""Crawl throughput: pages per second of the `offers` spider against a bare Scrapy spider.

    uv run python -m bench.crawl [--pages 400] [--rounds 2]

Starts the demo shop in its own process and serves N copies of its static card listing
(/bench/<n>). Each spider runs in a fresh process with the project's settings (SSRF guard,
download handler, retries), robots.txt and AutoThrottle off and the same concurrency, and is
timed from its first response to its close. The bare spider fetches the same pages and
extracts nothing; the offers spider extracts every offer (the pages are crawled without the
API, `-a url=...`, so no offers are posted). The best of `--rounds` runs each is printed,
with offers/bare as the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from api.config import ROOT
from tests.live_server import free_port


def run_spider(kind: str, urls_file: Path) -> dict[str, float]:
    env = {**os.environ, "ALLOWED_PRIVATE_HOSTS": "127.0.0.1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.crawl.one_run", kind, str(urls_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    port = free_port()
    shop = subprocess.Popen(
        [sys.executable, "-m", "demo.shop", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx.get(base + "/")
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        with tempfile.TemporaryDirectory() as tmp:
            urls_file = Path(tmp) / "urls.txt"
            urls_file.write_text("\n".join(f"{base}/bench/{n}" for n in range(args.pages)))
            best: dict[str, dict[str, float]] = {}
            for _ in range(args.rounds):
                for kind in ("bare", "offers"):
                    run = run_spider(kind, urls_file)
                    if kind not in best or run["pages_per_second"] > best[kind]["pages_per_second"]:
                        best[kind] = run
    finally:
        shop.terminate()
        shop.wait(timeout=10)

    bare, offers = best["bare"], best["offers"]
    print(f"pages: {args.pages} static listing pages (4 offers each), best of {args.rounds} runs")
    print(f"bare scrapy spider : {bare['pages_per_second']:8.1f} pages/s ({bare['pages']:.0f} pages)")
    print(
        f"offers spider      : {offers['pages_per_second']:8.1f} pages/s ({offers['pages']:.0f} pages, "
        f"{offers['offers']:.0f} offers)"
    )
    print(f"ratio offers/bare  : {offers['pages_per_second'] / bare['pages_per_second']:8.2f}")


if __name__ == "__main__":
    main()
