"""How a crawl uses the article store: what it skips, what it stores, and what its feed receives.

- ``SkipStoredArticlesMiddleware`` (spider middleware) drops requests for articles already in the
  store and published more than the spider's ``refresh_days`` ago, unless the spider runs with ``full``,
  and requests instead what those pages link to (recorded in the store when they were read).
  Listing pages, feeds and sitemaps name no article id and always pass.
- ``StorePipeline`` stores each article that passed the other pipelines: a new or changed article goes on
  to the feeds, an unchanged one is dropped (quietly), so that a run's feed is exactly its increment.

Both count under ``newscrawl/store/<new|changed|unchanged|skipped>``, which the report prints as one line.
"""

from __future__ import annotations

import datetime as dt
import logging

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.http import Request

from newscrawl import urls
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.store import ArticleStore, now_utc, parse_time, resolve_path

logger = logging.getLogger(__name__)

DEFAULT_REFRESH_DAYS = 2


def store_path(settings):
    return resolve_path(settings.get("NEWSCRAWL_DB"))


class StorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.store: ArticleStore | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self.store = ArticleStore.open(store_path(self.crawler.settings))
        logger.info("Article store: %s", self.store.path)

    def close_spider(self):
        if self.store is not None:
            self.store.close()

    def process_item(self, item):
        adapter = ItemAdapter(item)
        outcome = self.store.save({name: adapter.get(name) for name in ARTICLE_FIELDS})
        self.stats.inc_value(f"newscrawl/store/{outcome}")
        if outcome == "unchanged":
            raise DropItem(f"{adapter['url']}: unchanged since it was stored", log_level="DEBUG")
        return item


class SkipStoredArticlesMiddleware:
    """Drops the spider's requests for stored articles older than ``refresh_days`` before they are scheduled,
    and stands in for what those pages would have led to.

    A skipped page is not read, so the articles that only it links to (an Explore list, a Related link)
    would never be found again, and an article whose crawl was killed before it was stored would stay
    missing. So the links of every article page are recorded in the store before the article itself
    (``article_links``), and a skipped article's request is replaced by requests for the articles it links
    to, following stored links through other skipped articles. Listing pages, feeds and sitemaps name no
    article id and always pass.

    A spider middleware rather than a downloader one: a request dropped here is never scheduled and never
    counted as a failed download (IgnoreRequest raised in a downloader middleware shows up in Scrapy's
    ``downloader/exception_type_count`` stats as if the site had failed).
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.store: ArticleStore | None = None
        # Article ids skipped in this run, and ids requested in place of a skipped page.
        self.skipped_ids: set[str] = set()
        self.stood_in: set[str] = set()
        # Only articles stored by earlier runs are skipped: what this run stores is de-duplicated by
        # Scrapy's own request filter, and counting it as skipped would make the report lie.
        self.run_started = now_utc()
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_closed(self, spider):
        if self.store is not None:
            self.store.close()
            self.store = None

    def _store(self) -> ArticleStore:
        if self.store is None:
            self.store = ArticleStore.open(store_path(self.crawler.settings))
        return self.store

    def _article_id(self, url: str) -> str | None:
        return urls.article_id(urls.to_public_url(url, getattr(self.crawler.spider, "base_url", None)))

    # -- Scrapy's hooks ------------------------------------------------------------------------------

    async def process_start(self, start):
        async for request in start:
            for kept in self._filter(request):
                yield kept

    async def process_spider_output(self, response, result):
        page_id = self._article_id(response.url) if response is not None else None
        held, targets = [], []
        async for output in result:
            if isinstance(output, Request):
                target = self._article_id(output.url)
                if page_id and target:
                    targets.append(target)
                for kept in self._filter(output):
                    yield kept
            elif page_id:
                held.append(output)  # the article waits until its page's links are recorded
            else:
                yield output
        if page_id:
            self._store().save_links(page_id, targets)
            for output in held:
                yield output

    # -- deciding ------------------------------------------------------------------------------------

    def _filter(self, request):
        """The request itself, or (for a skipped article) the requests that stand in for it."""
        spider = self.crawler.spider
        if not isinstance(request, Request) or getattr(spider, "full", False):
            yield request
            return
        article_id = self._article_id(request.url)
        if article_id is None:
            yield request  # listings, feeds, sitemaps, legacy URLs whose id only a redirect tells
            return
        if article_id in self.skipped_ids:
            return
        if not self._skippable(article_id):
            yield request
            return
        self._skip(article_id)
        pending = [article_id]
        while pending:
            for target in self._store().links(pending.pop()):
                if target in self.skipped_ids or target in self.stood_in:
                    continue
                if self._skippable(target):
                    self._skip(target)
                    pending.append(target)
                else:
                    self.stood_in.add(target)
                    public = urls.canonical(f"{urls.PUBLIC_ORIGIN}/article/{target}")
                    yield request.replace(url=urls.to_fetch_url(public, getattr(spider, "base_url", None)))

    def _skippable(self, article_id: str) -> bool:
        """Stored by an earlier run and published before the last ``refresh_days`` days."""
        published_at = self._store().published_at(article_id, stored_before=self.run_started)
        if published_at is None:
            return False
        published = parse_time(published_at)
        refresh_days = getattr(self.crawler.spider, "refresh_days", DEFAULT_REFRESH_DAYS)
        # An article of no usable date is fetched again rather than guessed about.
        return published is not None and published < dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=refresh_days)

    def _skip(self, article_id: str) -> None:
        self.skipped_ids.add(article_id)
        self.crawler.stats.inc_value("newscrawl/store/skipped")
        logger.debug("Skipped article %s: stored by an earlier run, published before the last %s days",
                     article_id, getattr(self.crawler.spider, "refresh_days", DEFAULT_REFRESH_DAYS))
