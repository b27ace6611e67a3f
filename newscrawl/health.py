"""Crawl health: does this run's output look like a real crawl of the site, or did something break?

The most common failure of a news crawler is a silent one: the site changes its layout or blocks the bot,
the job still "finishes", and the dataset is empty or wrong. The checks here read the crawl's stats and
turn such a run into a failed one:

- the finish reason says ``unhealthy: <check>, <check>`` (see ``CrawlHealth``);
- the end-of-crawl report lists each failed check with its measured value (``newscrawl.report``);
- ``scrapy crawl`` exits with status 1 (``newscrawl.commands.crawl``).

``evaluate(stats, thresholds)`` is pure: the same stats give the same verdict in tests, in the extension
and for anyone who reads a finished job's stats.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapy import signals
from scrapy.exceptions import CloseSpider

logger = logging.getLogger(__name__)

UNHEALTHY = "unhealthy"
# Finish reasons of a crawl that ran to its end; any other reason (shutdown, cancelled...) means the
# crawl was stopped before it had read what it set out to read.
COMPLETE_REASONS = ("finished",)
# Stop conditions a user sets on purpose (CLOSESPIDER_ITEMCOUNT, _TIMEOUT, ...): the crawl did what it was
# asked to do, so its health decides its exit status.
BOUNDED_REASON_PREFIX = "closespider_"

# Exit statuses of ``scrapy crawl`` (documented in the README).
EXIT_HEALTHY = 0
EXIT_UNHEALTHY = 1
EXIT_USAGE = 2          # a bad argument or option: nothing was fetched
EXIT_INTERRUPTED = 3    # stopped before its end (Ctrl-C / SIGTERM, or an error that closed the spider)

# Responses that mean the site refused us (403, 429) or failed (5xx).
BLOCKED_STATUSES = ("403", "429")

# Stats keys written by CrawlHealth: the verdict and one entry per failed check (its message).
HEALTH_STATUS_KEY = "newscrawl/health/status"
HEALTH_FAILED_PREFIX = "newscrawl/health/failed/"


@dataclass(frozen=True)
class Thresholds:
    min_articles: int = 1
    required_fields: tuple[str, ...] = ("title", "body", "published_at")
    min_field_share: tuple[tuple[str, float], ...] = (
        ("section", 0.9), ("image_url", 0.8), ("reading_time_minutes", 0.8))
    max_dropped_share: float = 0.1
    max_error_share: float = 0.1
    # A share of a handful says little: an hourly incremental run that reads 9 article pages, 2 of them the
    # same permanently broken ones as every hour, is not a broken crawl. Share checks need this many cases;
    # below it, min_articles still catches a run where nothing could be read.
    min_sample: int = 20

    @classmethod
    def from_settings(cls, settings) -> "Thresholds":
        shares = settings.getdict("NEWSCRAWL_HEALTH_MIN_FIELD_SHARE", dict(cls.min_field_share))
        return cls(
            min_articles=settings.getint("NEWSCRAWL_HEALTH_MIN_ARTICLES", cls.min_articles),
            required_fields=tuple(settings.getlist("NEWSCRAWL_HEALTH_REQUIRED_FIELDS", list(cls.required_fields))),
            min_field_share=tuple((name, float(share)) for name, share in shares.items()),
            max_dropped_share=settings.getfloat("NEWSCRAWL_HEALTH_MAX_DROPPED_SHARE", cls.max_dropped_share),
            max_error_share=settings.getfloat("NEWSCRAWL_HEALTH_MAX_ERROR_SHARE", cls.max_error_share),
            min_sample=settings.getint("NEWSCRAWL_HEALTH_MIN_SAMPLE", cls.min_sample),
        )


@dataclass(frozen=True)
class Failure:
    check: str      # short name, used in the finish reason: "min_articles", "blocked", "field_share:section"
    measured: float
    limit: float
    message: str    # one line a person reads: what was measured against what

    def as_dict(self) -> dict:
        return {"check": self.check, "measured": self.measured, "limit": self.limit, "message": self.message}


def _prefixed(stats: dict, prefix: str) -> dict[str, int]:
    return {key[len(prefix):]: value for key, value in stats.items()
            if key.startswith(prefix) and isinstance(value, (int, float))}


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def evaluate(stats: dict, thresholds: Thresholds) -> list[Failure]:
    """Every failed check, in a fixed order; an empty list is a healthy crawl."""
    failures: list[Failure] = []
    written = stats.get("newscrawl/articles_written", 0)
    # Articles read right in this run: written to the feed, or found unchanged in the store (a quiet hour
    # of an incremental crawl writes nothing new and is still a good run).
    read_right = written + stats.get("newscrawl/store/unchanged", 0)

    incomplete = _prefixed(stats, "newscrawl/incomplete/")
    for reason, count in sorted(incomplete.items()):
        if count:
            failures.append(Failure(f"incomplete:{reason}", count, 0,
                                    f"incomplete:{reason}: {count} (the crawl could not do this)"))

    responses = _prefixed(stats, "downloader/response_status_count/")
    # IgnoreRequest is a request we chose to drop (robots.txt, a redirect loop), not a failure of the site.
    exceptions = sum(count for name, count in _prefixed(stats, "downloader/exception_type_count/").items()
                     if not name.endswith(".IgnoreRequest"))
    blocked = sum(count for status, count in responses.items() if status in BLOCKED_STATUSES)
    server = sum(count for status, count in responses.items() if status.startswith("5"))
    failed_attempts = blocked + server + exceptions
    # Each retry follows one failed attempt: without them, what is left is one outcome per request. A page
    # that failed twice and then loaded is no failure, and a page that always fails counts once, not three
    # times, so that one dead URL met every hour does not make every hourly run look broken.
    retries = min(stats.get("retry/count", 0), failed_attempts)
    requests = sum(responses.values()) + exceptions - retries
    failed = failed_attempts - retries
    # A small sample still counts when nothing could be read: then it is the explanation.
    enough = lambda count: count >= thresholds.min_sample or read_right == 0  # noqa: E731
    if requests and enough(requests):
        share = failed / requests
        if share > thresholds.max_error_share:
            # Name the dominant cause: being refused needs a different fix than a failing server or network.
            cause = max((blocked, "blocked"), (server, "server_errors"), (exceptions, "unreachable"))[1]
            detail = ", ".join(part for part in (
                f"403/429 x{blocked}" if blocked else "", f"5xx x{server}" if server else "",
                f"download failures x{exceptions}" if exceptions else "") if part)
            if retries:
                detail += f", over {retries} retries"
            explain = {"blocked": "the site refuses the crawler",
                       "server_errors": "the site fails", "unreachable": "the site cannot be reached"}[cause]
            failures.append(Failure(cause, round(share, 4), thresholds.max_error_share,
                                    f"{cause}: {_pct(share)} of {requests} requests failed ({detail}; at most "
                                    f"{_pct(thresholds.max_error_share)} allowed): {explain}"))

    if thresholds.min_articles > 0 and read_right < thresholds.min_articles:
        failures.append(Failure("min_articles", read_right, thresholds.min_articles,
                                f"min_articles: {read_right} articles read right, new, changed or unchanged "
                                f"(at least {thresholds.min_articles} required)"))

    if written:
        for name in thresholds.required_fields:
            present = stats.get(f"newscrawl/field/{name}/present", 0)
            if present < written:
                failures.append(Failure(f"required:{name}", round(present / written, 4), 1.0,
                                        f"required:{name}: on {present} of {written} articles (required on "
                                        f"every article)"))
        for name, minimum in thresholds.min_field_share if written >= thresholds.min_sample else ():
            present = stats.get(f"newscrawl/field/{name}/present", 0)
            share = present / written
            if share < minimum:
                failures.append(Failure(f"field_share:{name}", round(share, 4), minimum,
                                        f"field_share:{name}: on {_pct(share)} of {written} articles (at least "
                                        f"{_pct(minimum)} expected)"))

    dropped = sum(_prefixed(stats, "newscrawl/dropped/").values())
    read = stats.get("newscrawl/pages/article", 0) + stats.get("newscrawl/pages/not_html", 0)
    if read and enough(read) and dropped / read > thresholds.max_dropped_share:
        share = dropped / read
        failures.append(Failure("dropped", round(share, 4), thresholds.max_dropped_share,
                                f"dropped: {dropped} of {read} article pages dropped ({_pct(share)}; at most "
                                f"{_pct(thresholds.max_dropped_share)} allowed)"))
    return failures


def unhealthy_reason(failures: list[Failure]) -> str:
    return f"{UNHEALTHY}: " + ", ".join(failure.check for failure in failures)


def exit_status(finish_reason: str | None, stats: dict) -> int:
    """The exit status of a crawl from its finish reason and the verdict CrawlHealth recorded."""
    if not finish_reason:
        return EXIT_INTERRUPTED
    if finish_reason.startswith(UNHEALTHY):
        return EXIT_UNHEALTHY
    if str(stats.get(HEALTH_STATUS_KEY, "")).startswith(UNHEALTHY):
        return EXIT_UNHEALTHY  # e.g. a CLOSESPIDER_ITEMCOUNT-bounded crawl that is unhealthy
    if finish_reason in COMPLETE_REASONS or finish_reason.startswith(BOUNDED_REASON_PREFIX):
        return EXIT_HEALTHY
    return EXIT_INTERRUPTED


class CrawlHealth:
    """Checks the crawl's health when it is about to end.

    - On ``spider_idle`` (the crawl has nothing left to fetch): if a check fails, the spider is closed with
      the reason ``unhealthy: <checks>`` instead of ``finished``.
    - On ``spider_closed`` for any other reason (``closespider_*`` limits, Ctrl-C's ``shutdown``...): the
      checks run on what was done; the finish reason cannot change any more, the verdict is recorded in
      the stats (``newscrawl/health/status``) and the report lists the failed checks.

    Spiders that set ``health_checks = False`` (the canary) are not checked.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.thresholds = Thresholds.from_settings(crawler.settings)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _checked(self, spider) -> bool:
        return getattr(spider, "health_checks", True)

    def spider_idle(self, spider):
        # Another component may still keep the spider open (DontCloseSpider): then this handler runs again
        # at the next idle, and the CloseSpider raised here is ignored by the engine.
        if not self._checked(spider):
            return
        failures = evaluate(self.crawler.stats.get_stats(), self.thresholds)
        if failures:
            raise CloseSpider(unhealthy_reason(failures))

    def spider_closed(self, spider, reason):
        if not self._checked(spider):
            return
        stats = self.crawler.stats
        failures = evaluate(stats.get_stats(), self.thresholds)
        stats.set_value(HEALTH_STATUS_KEY, unhealthy_reason(failures) if failures else "healthy")
        for failure in failures:
            stats.set_value(HEALTH_FAILED_PREFIX + failure.check, failure.message)
            logger.error("Crawl health check failed: %s", failure.message)
        if reason not in COMPLETE_REASONS and not reason.startswith((UNHEALTHY, BOUNDED_REASON_PREFIX)):
            logger.warning("The crawl was stopped before its end (%s): its output is partial", reason)
