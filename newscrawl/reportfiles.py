"""The end-of-crawl report as JSON files, where whoever uses the output will look for it.

- next to every local feed: ``<feed file>.report.json`` (``-O articles.jsonl`` -> ``articles.jsonl.report.json``);
- next to the log file when there is one (``LOG_FILE``; Scrapyd sets it to ``logs/<project>/<spider>/<job>.log``):
  ``<log file without .log>.report.json``, so Scrapyd's web interface serves it beside the job's log;
- in ``NEWSCRAWL_REPORT_DIR`` when set: ``<dir>/<job>.report.json``, where ``<job>`` is the Scrapyd job id
  (``_job`` argument or ``SCRAPY_JOB``), else ``<spider>-<start time>``.

A report file that cannot be written is an ERROR line; it never fails the crawl.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.extensions.feedexport import FeedExporter
from w3lib.url import file_uri_to_path

from newscrawl.report import build_report_data

logger = logging.getLogger(__name__)

REPORT_SUFFIX = ".report.json"
# A job id becomes a file name: letters, digits, '.', '_' and '-' only, not starting with a dot.
SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")


def local_feed_path(uri: str) -> Path | None:
    """The file a feed URI writes to, if it is local (a path or ``file://``); None for s3://, ftp://..."""
    if uri.startswith("file:"):
        return Path(file_uri_to_path(uri))
    scheme = urlsplit(uri).scheme
    if scheme == "" or (len(scheme) == 1 and os.name == "nt"):  # a path (or a Windows drive letter)
        return Path(uri)
    return None


def report_paths(feed_uris, log_file: str | None, report_dir: str | None, job: str | None) -> list[Path]:
    paths: list[Path] = []
    for uri in feed_uris:
        feed = local_feed_path(uri)
        if feed is not None:
            paths.append(feed.with_name(feed.name + REPORT_SUFFIX))
    if log_file:
        log = Path(log_file)
        paths.append(log.with_name((log.stem if log.suffix == ".log" else log.name) + REPORT_SUFFIX))
    if report_dir and job:
        paths.append(Path(report_dir) / (job + REPORT_SUFFIX))
    unique: dict[Path, None] = {}
    for path in paths:
        unique.setdefault(path.absolute(), None)
    return list(unique)


class ReportFiles:
    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _feed_uris(self) -> list[str]:
        exporter = self.crawler.get_extension(FeedExporter)
        if exporter is None:
            return []
        return [slot.uri for slot in exporter.slots]

    def _job(self, spider) -> str | None:
        job = getattr(spider, "job", None) or os.environ.get("SCRAPY_JOB")
        if job and not SAFE_NAME.match(job):
            logger.error("Job id %r is not a safe file name: no report file named after it", job)
            return None
        if job:
            return job
        start = self.crawler.stats.get_value("start_time")
        stamp = start.strftime("%Y%m%dT%H%M%SZ") if hasattr(start, "strftime") else "unknown"
        return f"{spider.name}-{stamp}"

    def spider_closed(self, spider, reason):
        settings = self.crawler.settings
        data = build_report_data(self.crawler.stats.get_stats(), reason)
        data["spider"] = spider.name
        for path in report_paths(self._feed_uris(), settings.get("LOG_FILE"),
                                 settings.get("NEWSCRAWL_REPORT_DIR"), self._job(spider)):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n",
                                encoding="utf-8")
            except OSError as error:
                logger.error("Could not write the crawl report to %s: %s", path, error)
            else:
                logger.info("Crawl report written to %s", path)
