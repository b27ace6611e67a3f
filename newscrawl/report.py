"""The end-of-crawl report: what was fetched, written and dropped, and where each field came from.

Everything it prints is read from the crawl's stats (``newscrawl/...`` keys), so the same numbers are in
Scrapy's stats dump, in Scrapyd's job log and in anything that reads the stats.
"""

from __future__ import annotations

import logging

from scrapy import signals

from newscrawl.health import HEALTH_FAILED_PREFIX, HEALTH_STATUS_KEY, exit_status
from newscrawl.items import ARTICLE_FIELDS

logger = logging.getLogger(__name__)

SOURCE_NAMES = {
    "jsonld": "JSON-LD",
    "page_data": "page data",
    "meta": "meta",
    "page_text": "page text",
    "sitemap": "sitemap",
    "feed": "feed",
}
# Counter groups printed one line each: stats key prefix newscrawl/<group>/ -> the line's label.
# ``incomplete`` counts what the crawl knows it could not do (pages it could not read, a missing browser...):
# any count there marks the crawl as incomplete.
COUNTER_GROUPS = {
    "store": "store",
    "render": "pages rendered in the browser",
    "not_rendered": "pages that needed a browser, read without one",
    "incomplete": "INCOMPLETE",
    "faults": "faults met",
}
# Fields that come from the crawler itself, not from a page source.
_COMPUTED = ("id", "url", "word_count", "crawled_at")


def build_report(stats: dict, finish_reason: str | None = None) -> str:
    def prefixed(prefix: str) -> dict[str, int]:
        return {key[len(prefix):]: value for key, value in stats.items() if key.startswith(prefix)}

    written = stats.get("newscrawl/articles_written", 0)
    lines = [f"newscrawl report ({finish_reason or 'unfinished'})"]
    pages = prefixed("newscrawl/pages/")
    lines.append("  pages fetched: " + (", ".join(f"{kind} {count}" for kind, count in sorted(pages.items()))
                                        or "none"))
    statuses = {code: count for code, count in prefixed("downloader/response_status_count/").items()
                if not code.startswith(("2", "3"))}
    if statuses:
        lines.append("  error responses: " + ", ".join(f"{code} x{count}" for code, count in sorted(statuses.items())))
    failures = prefixed("downloader/exception_type_count/")
    if failures:
        lines.append("  download failures: " + ", ".join(
            f"{name.rsplit('.', 1)[-1]} x{count}" for name, count in sorted(failures.items())))
    gave_up = stats.get("retry/max_reached", 0)
    if gave_up:
        lines.append(f"  requests given up after retries: {gave_up}")
    lines.append(f"  articles written: {written}")
    dropped = prefixed("newscrawl/dropped/")
    lines.append("  articles dropped: " + (", ".join(f"{reason} {count}" for reason, count in sorted(dropped.items()))
                                           or "none"))
    lines.append(f"  duplicates skipped: {stats.get('newscrawl/duplicates_skipped', 0)}")
    skipped = stats.get("newscrawl/skipped/out_of_date_range", 0) + stats.get(
        "newscrawl/skipped/link_out_of_date_range", 0)
    if skipped:
        lines.append(f"  outside since/until: {skipped}")
    # Counter groups that features add without touching this function: newscrawl/<group>/<name> = count.
    for group, label in COUNTER_GROUPS.items():
        counters = prefixed(f"newscrawl/{group}/")
        if counters:
            lines.append(f"  {label}: " + ", ".join(f"{name} {count}" for name, count in sorted(counters.items())))
    lines.extend(_health_lines(stats))
    if written:
        lines.append("  fields (share of written articles: sources):")
        for name in ARTICLE_FIELDS:
            if name in _COMPUTED:
                continue
            present = stats.get(f"newscrawl/field/{name}/present", 0)
            sources = prefixed(f"newscrawl/field/{name}/source/")
            by_source = ", ".join(f"{SOURCE_NAMES.get(src, src)} {count}"
                                  for src, count in sorted(sources.items(), key=lambda kv: -kv[1]))
            lines.append(f"    {name:<22}{100 * present / written:5.0f}%  {by_source}")
    return "\n".join(lines)


def _health_lines(stats: dict) -> list[str]:
    """What robots.txt kept us from, and the verdict of newscrawl.health with each failed check."""
    lines = []
    forbidden = stats.get("robotstxt/forbidden", 0)
    if forbidden:
        lines.append(f"  not fetched, forbidden by robots.txt: {forbidden}")
    status = stats.get(HEALTH_STATUS_KEY)
    if status is not None:
        failed = [message for key, message in sorted(stats.items()) if key.startswith(HEALTH_FAILED_PREFIX)]
        lines.append("  health: " + ("UNHEALTHY" if failed else str(status)))
        lines.extend(f"    failed {message}" for message in failed)
    return lines


def build_report_data(stats: dict, finish_reason: str | None = None) -> dict:
    """The report as JSON-ready data (written next to feeds as ``<feed>.report.json``)."""
    def prefixed(prefix: str) -> dict[str, int]:
        return {key[len(prefix):]: value for key, value in sorted(stats.items()) if key.startswith(prefix)}

    written = stats.get("newscrawl/articles_written", 0)
    fields = {}
    for name in ARTICLE_FIELDS:
        if name in _COMPUTED:
            continue
        present = stats.get(f"newscrawl/field/{name}/present", 0)
        fields[name] = {"share": round(present / written, 4) if written else None, "present": present,
                        "sources": prefixed(f"newscrawl/field/{name}/source/")}
    failed = [{"check": key[len(HEALTH_FAILED_PREFIX):], "message": message}
              for key, message in sorted(stats.items()) if key.startswith(HEALTH_FAILED_PREFIX)]
    return {
        "finish_reason": finish_reason,
        "exit_status": exit_status(finish_reason, stats),
        "health": {"status": stats.get(HEALTH_STATUS_KEY), "failed": failed},
        "start_time": _iso(stats.get("start_time")),
        "finish_time": _iso(stats.get("finish_time")),
        "elapsed_seconds": stats.get("elapsed_time_seconds"),
        "pages_fetched": prefixed("newscrawl/pages/"),
        "responses_by_status": prefixed("downloader/response_status_count/"),
        "download_failures": {name.rsplit(".", 1)[-1]: count
                              for name, count in prefixed("downloader/exception_type_count/").items()},
        "requests_given_up_after_retries": stats.get("retry/max_reached", 0),
        "forbidden_by_robots_txt": stats.get("robotstxt/forbidden", 0),
        "articles_written": written,
        "articles_dropped": prefixed("newscrawl/dropped/"),
        "duplicates_skipped": stats.get("newscrawl/duplicates_skipped", 0),
        "counters": {group: prefixed(f"newscrawl/{group}/") for group in COUNTER_GROUPS
                     if prefixed(f"newscrawl/{group}/")},
        "fields": fields,
    }


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


class CrawlReport:
    """Logs the report when the spider closes."""

    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_closed(self, spider, reason):
        logger.info("%s", build_report(self.crawler.stats.get_stats(), reason))
