"""Crawl throughput against the bare-Scrapy ceiling, extraction speed against trafilatura, memory at N and 4N.

    python benchmarks/run.py --articles 5000            # the README's figures (about 10 minutes)
    python benchmarks/run.py --articles 50 --runs 1     # a quick check that everything works

See benchmarks/README.md for what is measured and how.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.sitegen import build_site  # noqa: E402

_STAT = re.compile(r"'(elapsed_time_seconds|response_received_count|item_scraped_count)': ([\d.]+)")
# Throttling is for the live site; the benchmark measures the crawler, the same way for both spiders.
UNTHROTTLED = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO",
               "-s", "TELNETCONSOLE_ENABLED=False"]


class Server:
    def __init__(self, site: Path):
        self.process = subprocess.Popen([sys.executable, str(HERE / "server.py"), str(site)],
                                        stdout=subprocess.PIPE, text=True)
        self.base_url = self.process.stdout.readline().strip()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def run_measured(command: list[str], cwd: Path, log: Path) -> tuple[dict, int]:
    """Runs a crawl; returns its stats of interest and its peak RSS in KiB (from wait4, this child only)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCRAPY_")}
    with open(log, "w") as handle:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise RuntimeError(f"{command[:4]} failed; see {log}")
    stats = {name: float(value) for name, value in _STAT.findall(log.read_text())}
    return stats, usage.ru_maxrss


def crawl_bare(base_url: str, concurrency: int, work: Path, tag: str) -> dict:
    # From a folder without scrapy.cfg, so that none of newscrawl's settings apply.
    command = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "bare_spider.py"), "-a", f"base_url={base_url}",
               "-s", f"CONCURRENT_REQUESTS={concurrency}", "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
               "-s", "ROBOTSTXT_OBEY=True", *UNTHROTTLED]
    stats, rss = run_measured(command, work, work / f"{tag}.log")
    return summarise(stats, rss)


def crawl_newscrawl(base_url: str, concurrency: int, work: Path, tag: str) -> dict:
    command = [sys.executable, "-m", "scrapy", "crawl", "trtworld", "-a", f"base_url={base_url}",
               "-O", str(work / f"{tag}.jsonl"), "-s", f"NEWSCRAWL_DB={work / f'{tag}.sqlite'}",
               "-s", f"CONCURRENT_REQUESTS={concurrency}", "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
               *UNTHROTTLED]
    stats, rss = run_measured(command, REPO, work / f"{tag}.log")
    return summarise(stats, rss)


def summarise(stats: dict, rss_kib: int) -> dict:
    pages = stats.get("response_received_count", 0)
    elapsed = stats.get("elapsed_time_seconds", 0) or float("nan")
    return {"pages": int(pages), "items": int(stats.get("item_scraped_count", 0)), "seconds": elapsed,
            "pages_per_s": pages / elapsed, "peak_rss_mib": rss_kib / 1024}


def time_extraction(site: Path, expected: dict, limit: int, with_trafilatura: bool) -> dict:
    from newscrawl.extract import extract_article
    from newscrawl.text import clean_paragraphs

    pages = []
    for article_id, record in list(expected.items())[:limit]:
        html = gzip.decompress((site / "article" / f"{article_id}.gz").read_bytes()).decode("utf-8")
        pages.append((record, html))
    started = time.perf_counter()
    results = [extract_article(record["url"], html) for record, html in pages]
    ours = time.perf_counter() - started

    wrong = 0
    for (record, _), extraction in zip(pages, results):
        for name, value in extraction.fields.items():
            if name == "body":
                value = clean_paragraphs(value)
            if record[name] != value:
                wrong += 1
    out = {"pages": len(pages), "newscrawl_pages_per_s": len(pages) / ours, "fields_wrong": wrong,
           "html_mib": sum(len(html) for _, html in pages) / 2**20}
    if with_trafilatura:
        import trafilatura

        started = time.perf_counter()
        for record, html in pages:
            trafilatura.bare_extraction(html, url=record["url"], with_metadata=True)
        out["trafilatura_pages_per_s"] = len(pages) / (time.perf_counter() - started)
    return out


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="N: articles in the synthetic site")
    parser.add_argument("--runs", type=int, default=3, help="runs of each crawl; figures are medians")
    parser.add_argument("--concurrency", type=int, default=16, help="CONCURRENT_REQUESTS for both spiders")
    parser.add_argument("--extraction-pages", type=int, default=1000, help="pages timed for extraction")
    parser.add_argument("--no-trafilatura", action="store_true", help="skip the trafilatura comparison")
    parser.add_argument("--work", type=Path, help="where to build sites and keep logs (default: a temp folder)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.runs < 1:
        parser.error("--articles and --runs must be at least 1")

    work = args.work or Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"building synthetic sites of {args.articles} and {4 * args.articles} articles in {work}", flush=True)
    site_n, site_4n = work / "site-n", work / "site-4n"
    built_n = build_site(site_n, args.articles)
    build_site(site_4n, 4 * args.articles)
    sizes = sorted(built_n["html_bytes"])

    bare, ours, ours_4n = [], [], []
    server_n, server_4n = Server(site_n), Server(site_4n)
    try:
        for run in range(args.runs):
            print(f"run {run + 1}/{args.runs}", flush=True)
            bare.append(crawl_bare(server_n.base_url, args.concurrency, work, f"bare-n-{run}"))
            ours.append(crawl_newscrawl(server_n.base_url, args.concurrency, work, f"newscrawl-n-{run}"))
            ours_4n.append(crawl_newscrawl(server_4n.base_url, args.concurrency, work, f"newscrawl-4n-{run}"))
    finally:
        server_n.stop()
        server_4n.stop()
    for run in ours + ours_4n:
        if run["items"] == 0:
            raise SystemExit("newscrawl wrote no articles: see the logs in " + str(work))
    extraction = time_extraction(site_n, built_n["expected"], args.extraction_pages, not args.no_trafilatura)

    results = {
        "articles": args.articles, "runs": args.runs, "concurrency": args.concurrency,
        "html_kib_median": sizes[len(sizes) // 2] / 1024, "html_kib_min": sizes[0] / 1024,
        "html_kib_max": sizes[-1] / 1024,
        "bare": bare, "newscrawl": ours, "newscrawl_4n": ours_4n, "extraction": extraction,
    }
    a, b, b4 = (median_of(bare, "pages_per_s"), median_of(ours, "pages_per_s"), median_of(ours_4n, "pages_per_s"))
    rss_a, rss_b, rss_b4 = (median_of(bare, "peak_rss_mib"), median_of(ours, "peak_rss_mib"),
                            median_of(ours_4n, "peak_rss_mib"))
    n, n4 = args.articles, 4 * args.articles
    lines = [
        f"synthetic site: {n} articles ({built_n['pages']} pages), article HTML median {results['html_kib_median']:.0f} KiB "
        f"(min {results['html_kib_min']:.0f}, max {results['html_kib_max']:.0f}); concurrency {args.concurrency}; "
        f"medians of {args.runs} run(s)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| (a) bare Scrapy, same links, no extraction: pages/s | {a:.0f} |",
        f"| (b) `scrapy crawl trtworld`, pipelines + feed + store: pages/s | {b:.0f} |",
        f"| ratio b/a (target >= 0.7) | {b / a:.2f} |",
        f"| peak RSS (a) at N={n} | {rss_a:.0f} MiB |",
        f"| peak RSS (b) at N={n} | {rss_b:.0f} MiB |",
        f"| peak RSS (b) at 4N={n4} | {rss_b4:.0f} MiB ({b4:.0f} pages/s) |",
        f"| RSS growth 4N/N (target <= 1.25) | {rss_b4 / rss_b:.2f} |",
        f"| extraction, newscrawl: pages/s ({extraction['pages']} pages, {extraction['html_mib']:.0f} MiB) "
        f"| {extraction['newscrawl_pages_per_s']:.0f} |",
        f"| fields wrong (of {extraction['pages'] * 15}) | {extraction['fields_wrong']} |",
    ]
    if "trafilatura_pages_per_s" in extraction:
        t = extraction["trafilatura_pages_per_s"]
        lines += [f"| extraction, trafilatura.bare_extraction (metadata + text): pages/s | {t:.0f} |",
                  f"| ratio newscrawl/trafilatura (target >= 10) | {extraction['newscrawl_pages_per_s'] / t:.1f} |"]
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
