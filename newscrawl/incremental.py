"""How a crawl uses the article store: what it skips, what it stores, and what its feed receives.

- ``SkipStoredArticlesMiddleware`` (spider middleware) drops requests for articles already in the
  store and published more than the spider's ``refresh_days`` ago, unless the spider runs with ``full``.
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
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

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


class SkipStoredArticlesMiddleware(BaseSpiderMiddleware):
    """Drops the spider's requests for stored articles older than ``refresh_days`` before they are scheduled.

    A spider middleware rather than a downloader one: a request dropped here is never scheduled and never
    counted as a failed download (IgnoreRequest raised in a downloader middleware shows up in Scrapy's
    ``downloader/exception_type_count`` stats as if the site had failed).
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.store: ArticleStore | None = None
        self.skipped_ids: set[str] = set()
        # Only articles stored by earlier runs are skipped: what this run stores is de-duplicated by
        # Scrapy's own request filter, and counting it as skipped would make the report lie.
        self.run_started = now_utc()
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_closed(self, spider):
        if self.store is not None:
            self.store.close()
            self.store = None

    def get_processed_request(self, request, response):
        spider = self.crawler.spider
        if getattr(spider, "full", False):
            return request
        article_id = urls.article_id(urls.to_public_url(request.url, getattr(spider, "base_url", None)))
        if article_id is None:
            return request  # listings, feeds, sitemaps, legacy URLs whose id only a redirect tells
        if article_id in self.skipped_ids:
            return None
        if self.store is None:
            self.store = ArticleStore.open(store_path(self.crawler.settings))
        published_at = self.store.published_at(article_id, stored_before=self.run_started)
        if published_at is None:
            return request
        refresh_days = getattr(spider, "refresh_days", DEFAULT_REFRESH_DAYS)
        published = parse_time(published_at)
        if published is None or published >= dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=refresh_days):
            return request  # recent (or of no usable date): fetched again to catch updates
        self.skipped_ids.add(article_id)
        self.crawler.stats.inc_value("newscrawl/store/skipped")
        logger.debug("Skipped %s: stored, published %s, before the last %s days", article_id, published_at,
                     refresh_days)
        return None
