"""Crawl throughput: pages per second of the `offers` spider against a bare Scrapy spider.

    uv run python -m bench.crawl [--pages 400] [--rounds 2]
    uv run python -m bench.crawl --js [--pages 40]

Starts the demo shop in a thread of this process (which only waits) and serves N static card
listings (/bench/<n>: the /cards layout, each page with offers of its own, so no page repeats
another and nothing one page computed serves the next). Each spider runs in a fresh process with the project's
settings (SSRF guard, download handler, retries), robots.txt and AutoThrottle off and the same
concurrency, and is timed from its first response to its close, in wall-clock seconds (the ratio) and in CPU
seconds of the crawl process (steadier on a shared machine). The bare spider fetches the
same pages and extracts nothing; the offers spider extracts every offer (the pages are crawled
without the API, `-a url=...`, so no offers are posted). The best of `--rounds` runs each is
printed, with offers/bare as the ratio.

With --js the pages are the demo shop's JavaScript listing (/js, which fetches its offers),
rendered in Chromium by the offers spider: through the egress proxy (the project's setting)
against scrapy-playwright's own handler with Chromium connecting by itself; guarded/direct is
the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from core.config import ROOT
from demo.shop import start_in_thread


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
    parser.add_argument("--pages", type=int)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--js", action="store_true", help="JavaScript pages in Chromium")
    args = parser.parse_args()
    pages = args.pages or (40 if args.js else 400)
    baseline, measured = ("browser-direct", "browser-guarded") if args.js else ("bare", "offers")

    shop = start_in_thread()  # this process only waits for the crawls, so the shop has it
    try:
        base = shop.base_url
        page_url = f"{base}/js?copy={{n}}" if args.js else f"{base}/bench/{{n}}"
        with tempfile.TemporaryDirectory() as tmp:
            urls_file = Path(tmp) / "urls.txt"
            urls_file.write_text("\n".join(page_url.format(n=n) for n in range(pages)))
            best: dict[str, dict[str, float]] = {}
            for _ in range(args.rounds):
                for kind in (baseline, measured):
                    run = run_spider(kind, urls_file)
                    if kind not in best or run["pages_per_second"] > best[kind]["pages_per_second"]:
                        best[kind] = run
    finally:
        shop.shutdown()
        shop.server_close()

    what = "JavaScript listing pages (2 offers each)" if args.js else "static listing pages (4 offers each)"
    print(f"pages: {pages} {what}, best of {args.rounds} runs")
    for kind in (baseline, measured):
        run = best[kind]
        print(
            f"{kind:<16}: {run['pages_per_second']:8.1f} pages/s, {run['cpu_ms_per_page']:.2f} ms CPU a page "
            f"({run['pages']:.0f} pages, {run['offers']:.0f} offers)"
        )
    cpu_ratio = best[baseline]["cpu_ms_per_page"] / best[measured]["cpu_ms_per_page"]
    print(f"CPU a page, {baseline}/{measured}: {cpu_ratio:.2f}")
    ratio = best[measured]["pages_per_second"] / best[baseline]["pages_per_second"]
    print(f"ratio {measured}/{baseline}: {ratio:.2f}")


if __name__ == "__main__":
    main()
