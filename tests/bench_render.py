"""What rendering costs, measured on the offline mirror (the figures in README "Pages that need a browser").

    python -m tests.bench_render [--runs 3]

Runs ``scrapy crawl trtworld`` against the mirror in several ways, each ``--runs`` times, and prints the
median of: pages fetched (``response_received_count``), pages through the browser, crawl time
(``elapsed_time_seconds``, spider open to close), pages/s over that time, and the whole process's wall time.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time

from tests.conftest import REPO
from tests.site.serve import MirrorServer

# Listings that lead to most of the main mirror but not to /article/0bad0bad0bad (the one page there
# that auto renders): a crawl where no page needs the browser.
NO_RENDER_START = "start_urls=/politics,/turkiye,/biztech,/infographics,/features,/opinion,/feed/rss.xml,/robots.txt"
STOCK_HANDLER = json.dumps({"http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
                            "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"})

CASES = [
    ("pages that need no browser, render=never (no browser handler)", ["-a", NO_RENDER_START, "-a", "render=never"]),
    ("pages that need no browser, render=auto (handler installed, Playwright not started)", ["-a", NO_RENDER_START]),
    ("pages that need no browser, render=auto with scrapy-playwright's stock handler (Playwright started at once)",
     ["-a", NO_RENDER_START, "-s", f"DOWNLOAD_HANDLERS={STOCK_HANDLER}"]),
    ("whole main mirror, render=never", ["-a", "render=never"]),
    ("whole main mirror, render=auto (1 page rendered)", []),
    ("whole main mirror, render=always (every article and listing page rendered)", ["-a", "render=always"]),
    ("render pages (shell article + Load more listing), render=auto", ["-a", "start_urls=/article/5c1e7a9b3d08,/europe"]),
]


def run_once(base_url: str, arguments: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "scrapy", "crawl", "trtworld", "-a", f"base_url={base_url}",
                   "-O", f"{out}/items.jsonl", "-s", "LOG_LEVEL=INFO",
                   "-s", f"NEWSCRAWL_DB={out}/newscrawl.sqlite",  # a fresh store: every run fetches every page
                   *arguments]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        wall = time.perf_counter() - started
    log = done.stderr

    def stat(key: str) -> float:
        found = re.search(rf"'{re.escape(key)}': ([\d.]+)", log)
        return float(found.group(1)) if found else 0.0

    pages, elapsed = stat("response_received_count"), stat("elapsed_time_seconds")
    return {"pages": pages, "rendered": stat("playwright/page_count"), "elapsed": elapsed,
            "pages_per_s": pages / elapsed if elapsed else 0.0, "wall": wall}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args(argv).runs
    print("| crawl | pages | rendered | crawl time (s) | pages/s | process wall time (s) |")
    print("|---|---|---|---|---|---|")
    with MirrorServer() as mirror:
        for label, arguments in CASES:
            results = [run_once(mirror.base_url, arguments) for _ in range(runs)]

            def median(key: str) -> float:
                return statistics.median(result[key] for result in results)

            print(f"| {label} | {median('pages'):.0f} | {median('rendered'):.0f} | {median('elapsed'):.2f} | "
                  f"{median('pages_per_s'):.0f} | {median('wall'):.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
