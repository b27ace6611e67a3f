"""What changes when Scrapyd runs the crawl: each job writes its own feed.

Scrapyd starts every job as ``scrapy crawl trtworld -a _job=<id> ...``. Unless the job was given feeds of
its own (``setting=FEEDS=...`` in schedule.json, or a non-empty ``items_dir`` in scrapyd.conf, which
Scrapyd turns into FEEDS), the job's increment goes to
``<NEWSCRAWL_FEEDS_DIR>/<spider>/<job id>.jsonl``.
"""

from __future__ import annotations

from pathlib import Path

JOB_FEED_TEMPLATE = "%(name)s/%(_job)s.jsonl"


def job_feed_uri(feeds_dir: str) -> str:
    """An absolute path with Scrapy's feed URI parameters left in (Scrapy fills them per job)."""
    return str(Path(feeds_dir).expanduser().resolve() / JOB_FEED_TEMPLATE)


def apply_job_defaults(settings, job_id: str | None) -> None:
    """Called while the crawler's settings can still change (spider construction)."""
    if not job_id or settings.getdict("FEEDS"):
        return
    settings.set("FEEDS", {job_feed_uri(settings.get("NEWSCRAWL_FEEDS_DIR")): {"format": "jsonlines"}},
                 priority="spider")
