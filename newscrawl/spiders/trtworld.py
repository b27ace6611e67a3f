"""Navigation of www.trtworld.com: which pages to fetch, in what order, and what each one leads to.

The spider never reads article fields itself (``newscrawl.extract`` does), never decides what an article
URL is (``newscrawl.urls`` does) and never reads listings, feeds or sitemaps itself
(``newscrawl.navigation`` does). It works on public URLs throughout; with ``base_url`` set, each request
goes to the same path on the mirror.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.exceptions import UsageError
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from newscrawl import arguments, navigation, scrapyd, urls
from newscrawl.canary import CanaryRun
from newscrawl.extract import extract_article, parse_html
from newscrawl.items import Article
from newscrawl.render import (ALWAYS, ARTICLE_WITHOUT_CONTENT, LISTING_LOAD_MORE, REASON_META, Rendering,
                              parse_render)

ARTICLE_PRIORITY = 10  # articles before more listing pages: a stopped crawl has written what it found
LISTING_PRIORITY = 0
DEFAULT_REFRESH_DAYS = 2  # stored articles published within this many days are fetched again


def parse_base_url(value: str | None) -> str | None:
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment:
        raise UsageError(f"base_url={value!r}: expected an origin such as http://127.0.0.1:8765")
    return f"{parts.scheme}://{parts.netloc}"


def parse_day(name: str, value: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{name}={value!r}: expected a date as YYYY-MM-DD") from None


def parse_start_urls(value: str | None, base_url: str | None) -> list[str]:
    """Comma-separated URLs or paths, as public URLs (mirror URLs are mapped back)."""
    targets = []
    for raw in (value or "").split(","):
        raw = raw.strip()
        if not raw:
            continue
        public = urls.to_public_url(urls.resolve(raw, urls.PUBLIC_ORIGIN + "/"), base_url)
        if not urls.is_site_url(public):
            raise UsageError(f"start_urls: {raw!r} is not a page of www.trtworld.com (nor of base_url)")
        targets.append(public)
    return targets


def is_loopback(base_url: str | None) -> bool:
    if not base_url:
        return False
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class TrtworldSpider(scrapy.Spider):
    name = "trtworld"

    def __init__(self, *args, **kwargs):
        # Scrapyd passes its fields (``_job``...) as arguments: `_job` names the report file, others are ignored.
        checked = self.parse_arguments(**kwargs)
        super().__init__(*args, **{k: v for k, v in kwargs.items() if k not in checked})
        self.base_url: str | None = checked["base_url"]
        self.since: dt.date | None = checked["since"]
        self.until: dt.date | None = checked["until"]
        self.start_targets: list[str] = checked["start_urls"]
        self.render_mode: str = checked["render"]  # never | auto | always (see newscrawl/render.py)
        # The article store (newscrawl/incremental.py): fetch everything again, or only recent articles.
        self.full: bool = checked["full"]
        self.refresh_days: int = checked["refresh_days"]
        self.canary: bool = checked["canary"]
        self.job: str | None = checked["job"]  # Scrapyd's job id: names the report file in NEWSCRAWL_REPORT_DIR
        self.allowed_domains = [urlsplit(self.base_url).hostname] if self.base_url else ["trtworld.com"]
        self._listed_dates: dict[str, tuple[str, str]] = {}

    @property
    def listed_dates(self) -> dict[str, tuple[str, str]]:
        """Publication dates that feeds and news sitemaps give for an article id, used when the page has
        none: (ISO date, source name). With a JOBDIR they live in ``self.state``, which Scrapy keeps across
        an interrupted and resumed crawl: a date read in the first run still serves the second."""
        state = getattr(self, "state", None)
        if state is None:
            return self._listed_dates
        return state.setdefault("listed_dates", {})

    @classmethod
    def parse_arguments(cls, base_url=None, start_urls=None, since=None, until=None, full=None,
                        refresh_days=None, render=None, canary=None, _job=None, **others) -> dict:
        """The spider arguments, checked; a bad one raises UsageError naming it and what it accepts.

        The project's ``crawl`` command calls this before the crawl starts (newscrawl/commands/crawl.py).
        Unknown names are refused; Scrapyd's own fields (``_job``, any name starting with '_') are not.
        """
        arguments.reject_unknown(cls.parse_arguments, others)
        base_url = parse_base_url(base_url)
        since, until = parse_day("since", since), parse_day("until", until)
        if since and until and since > until:
            raise UsageError(f"since={since} is after until={until}")
        return {"base_url": base_url, "since": since, "until": until,
                "start_urls": parse_start_urls(start_urls, base_url),
                "full": arguments.parse_flag("full", full),
                "refresh_days": arguments.parse_days("refresh_days", refresh_days, DEFAULT_REFRESH_DAYS),
                "render": parse_render(render),
                "canary": arguments.parse_flag("canary", canary),
                "job": arguments.parse_file_name("_job", _job)}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if not spider.canary:
            scrapyd.apply_job_defaults(crawler.settings, spider.job)
        if is_loopback(spider.base_url):
            # Politeness is for the live site; a mirror on this machine is crawled at full speed.
            crawler.settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
            crawler.settings.set("DOWNLOAD_DELAY", 0, priority="spider")
        # The browser: checked now, its download handler installed only if a page may go to it.
        spider.rendering = Rendering(crawler, spider.render_mode, spider.base_url)
        spider.rendering.install()
        if spider.canary:
            # The canary samples the site and writes no dataset: feeds given with -o/-O are not written (an
            # existing file is left as it is), and the crawl health checks give way to the canary's own.
            if crawler.settings.getdict("FEEDS"):
                spider.logger.warning("canary=1 writes no feed: the -o/-O output is ignored")
            crawler.settings.set("FEEDS", {}, priority=100)
            # Nor does it touch the store: it reads the newest articles even if they are stored already.
            crawler.settings.set("ITEM_PIPELINES", {}, priority=100)
            crawler.settings.set("SPIDER_MIDDLEWARES", {}, priority=100)
            spider.health_checks = False
            spider.canary_run = CanaryRun(spider, crawler)
        return spider

    # -- requests ------------------------------------------------------------------------------------

    def request(self, public_url: str, callback, priority: int = LISTING_PRIORITY, **kwargs) -> scrapy.Request:
        if self.render_mode == ALWAYS and self.rendering.available and callback in self._page_callbacks():
            return self.render_request(public_url, callback, ALWAYS, priority, **kwargs)
        return scrapy.Request(urls.to_fetch_url(public_url, self.base_url), callback=callback,
                              priority=priority, **kwargs)

    def article_request(self, link: navigation.Link) -> scrapy.Request | None:
        """A request for a linked article, unless the link's date is outside since/until."""
        if link.published_at and not self._in_date_range(link.published_at):
            self.crawler.stats.inc_value("newscrawl/skipped/link_out_of_date_range")
            return None
        found = urls.canonical(link.url)
        if found:
            return self.request(found, self.parse_article, ARTICLE_PRIORITY)
        if urls.is_legacy_article(link.url):
            # Only the site's redirect knows where a renumbered article went.
            return self.request(urls.clean(link.url), self.parse_article, ARTICLE_PRIORITY)
        return None

    def _in_date_range(self, published_at: str) -> bool:
        day = published_at[:10]
        return not ((self.since and day < self.since.isoformat())
                    or (self.until and day > self.until.isoformat()))

    def public_url(self, response) -> str:
        return urls.to_public_url(response.url, self.base_url)

    def count_page(self, kind: str, response=None) -> None:
        if response is not None and self.rendering.reason_of(response) in (ARTICLE_WITHOUT_CONTENT, LISTING_LOAD_MORE):
            return  # the same page again, through the browser: counted under newscrawl/render/
        self.crawler.stats.inc_value(f"newscrawl/pages/{kind}")

    async def start(self):
        if self.canary:
            for request in self.canary_run.start_requests():
                yield request
            return
        if self.start_targets:
            for target in self.start_targets:
                yield self._start_request(target)
            return
        yield self.request(urls.PUBLIC_ORIGIN + "/", self.parse_home)
        yield self.request(urls.PUBLIC_ORIGIN + "/feed/rss.xml", self.parse_feed)
        yield self.request(urls.PUBLIC_ORIGIN + "/robots.txt", self.parse_robots)

    def _start_request(self, public_url: str) -> scrapy.Request:
        path = urlsplit(public_url).path
        kind = urls.page_kind(public_url)
        if kind in ("article", "legacy_article"):
            return self.article_request(navigation.Link(public_url))
        if kind == "home":
            return self.request(public_url, self.parse_home)
        if kind == "feed" or path.endswith((".rss", "/rss.xml")):
            return self.request(public_url, self.parse_feed)
        if path == "/robots.txt":
            return self.request(public_url, self.parse_robots)
        if path.endswith(".xml"):
            return self.request(public_url, self.parse_sitemap)
        return self.request(urls.clean(public_url), self.parse_listing)

    # -- callbacks -----------------------------------------------------------------------------------

    def parse_home(self, response):
        self.count_page("home", response)
        page_url = self.public_url(response)
        self._note_unrendered(response, page_url)
        selector = parse_html(response.text)
        sections, from_navigation = navigation.home_sections(selector, page_url)
        if not from_navigation:
            self.logger.warning("The homepage navigation shows no section links: using the built-in "
                                "list of section pages instead")
        self.crawler.stats.set_value("newscrawl/sections_from",
                                     "homepage navigation" if from_navigation else "built-in list")
        self.crawler.stats.set_value("newscrawl/sections_found", len(sections))
        for section in sections:
            yield self.request(section, self.parse_listing)
        for feed in navigation.feed_links_in_head(selector, page_url):
            if urls.is_site_url(feed):
                yield self.request(urls.clean(feed), self.parse_feed)
        listing = yield from self._follow_listing(selector, page_url)
        yield from self._load_more(response, page_url, listing, self.parse_home)

    def parse_listing(self, response):
        page_url = self.public_url(response)
        self.count_page(urls.page_kind(page_url) if urls.page_kind(page_url) == "author" else "section", response)
        self._note_unrendered(response, page_url)
        if not isinstance(response, TextResponse):
            return
        listing = yield from self._follow_listing(parse_html(response.text), page_url)
        yield from self._load_more(response, page_url, listing, self.parse_listing)

    def _follow_listing(self, selector: Selector, page_url: str):
        listing = navigation.read_listing(selector, page_url)
        for link in listing.links:
            request = self.article_request(link)
            if request:
                yield request
        yield from self._follow_authors(selector, page_url)
        if (self.since and listing.newest_card and listing.newest_card[:10] < self.since.isoformat()):
            # Listings run newest first: a page wholly older than `since` ends this listing.
            self.crawler.stats.inc_value("newscrawl/pagination_stopped_by_since")
            return listing
        if listing.next_page:
            yield self.request(listing.next_page, self.parse_listing)
        return listing

    def _follow_authors(self, selector: Selector, page_url: str):
        for url in navigation.page_links(selector, page_url):
            if urls.page_kind(url) == "author":
                yield self.request(urls.clean(url), self.parse_listing)

    def parse_feed(self, response):
        self.count_page("feed")
        for link in navigation.feed_links(self.public_url(response), response.body):
            self._remember_date(link, "feed")
            request = self.article_request(link)
            if request:
                yield request

    def parse_robots(self, response):
        self.count_page("robots")
        if not isinstance(response, TextResponse):
            return
        for sitemap in navigation.robots_sitemaps(response.text, self.public_url(response)):
            if urls.is_site_url(sitemap):
                yield self.request(urls.clean(sitemap), self.parse_sitemap)

    def parse_sitemap(self, response):
        self.count_page("sitemap")
        found = navigation.read_sitemap(self.public_url(response), response.body)
        for child in found.sitemaps:
            if urls.is_site_url(child):
                yield self.request(urls.clean(child), self.parse_sitemap)
        for link in found.links:
            self._remember_date(link, "sitemap")
            request = self.article_request(link)
            if request:
                yield request

    def _remember_date(self, link: navigation.Link, source: str) -> None:
        found = urls.article_id(link.url)
        if found and link.published_at:
            self.listed_dates.setdefault(found, (link.published_at, source))

    def parse_article(self, response):
        page_url = self.public_url(response)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").split(";")[0].strip()
        if not isinstance(response, TextResponse) or (content_type and "html" not in content_type):
            self.count_page("not_html")
            self.crawler.stats.inc_value("newscrawl/dropped/not_html")
            self.logger.warning("Dropped %s: not an HTML page (%s)", page_url, content_type or "no type")
            return
        self.count_page("article", response)
        self._note_unrendered(response, page_url)
        selector = parse_html(response.text)  # once, for the extractor and for the links below
        extraction = extract_article(page_url, response.text, selector=selector)
        if not extraction.fields.get("title") and not extraction.fields.get("body") \
                and not self.rendering.reason_of(response):
            # Nothing in the HTML: perhaps a page that scripts build in the browser.
            again = self.render_again(page_url, ARTICLE_WITHOUT_CONTENT, self.parse_article, ARTICLE_PRIORITY)
            if again is not None:
                yield again
            else:
                self.drop_not_rendered(page_url)
            return
        canonical = urls.canonical(extraction.canonical_url or "") or urls.canonical(page_url)
        article = Article(
            id=urls.article_id(canonical) if canonical else "",
            url=canonical or page_url,
            crawled_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
            provenance=dict(extraction.sources),
            **extraction.fields,
        )
        if not article.published_at and article.id in self.listed_dates:
            article.published_at, article.provenance["published_at"] = self.listed_dates[article.id]
        yield article

        for url in navigation.page_links(selector, page_url):
            kind = urls.page_kind(url)
            if kind in ("article", "legacy_article"):
                request = self.article_request(navigation.Link(url))
                if request:
                    yield request
            elif kind == "author":
                yield self.request(urls.clean(url), self.parse_listing)

    # -- pages that need a browser (how: newscrawl/render.py) ---------------------------------------

    def _page_callbacks(self):
        return (self.parse_article, self.parse_listing, self.parse_home)

    def render_request(self, public_url: str, callback, reason: str, priority: int = LISTING_PRIORITY,
                       **kwargs) -> scrapy.Request:
        """A request for a page through the browser; on a listing, "Load more" is clicked as far as it goes."""
        meta = {**kwargs.pop("meta", {}), **self.rendering.meta(reason, load_more=callback != self.parse_article)}
        return scrapy.Request(urls.to_fetch_url(public_url, self.base_url), callback=callback, priority=priority,
                              meta=meta, errback=self.render_failed, **kwargs)

    def render_again(self, page_url: str, reason: str, callback, priority: int):
        """The page once more, through the browser (render=auto); None when it cannot be, counted as a page
        left unrendered."""
        if self.render_mode == "auto" and self.rendering.available:
            return self.render_request(page_url, callback, reason, priority, dont_filter=True)
        if self.render_mode != ALWAYS:  # with render=always the page was counted when it came in plainly
            self.rendering.not_rendered(page_url, reason)
        return None

    def _load_more(self, response, page_url: str, listing: navigation.Listing, callback):
        """A listing that shows "Load more" and no next page holds more than its HTML: render it, once."""
        if listing.load_more and not listing.next_page and not self.rendering.reason_of(response):
            again = self.render_again(page_url, LISTING_LOAD_MORE, callback, LISTING_PRIORITY)
            if again is not None:
                yield again

    def _note_unrendered(self, response, page_url: str) -> None:
        """With render=always, a page that came in without the browser (none could run) is counted."""
        if self.render_mode == ALWAYS and not self.rendering.reason_of(response):
            self.rendering.not_rendered(page_url, ALWAYS)

    def drop_not_rendered(self, page_url: str) -> None:
        self.crawler.stats.inc_value("newscrawl/dropped/not_rendered")
        self.logger.warning("Dropped %s: its HTML holds no article, and it was not rendered in a browser (render=%s)",
                            page_url, self.render_mode)

    def render_failed(self, failure):
        """A page the browser could not give: read without it (render=always), or counted as unrendered."""
        request = failure.request
        reason = request.meta.get(REASON_META)
        page_url = urls.to_public_url(request.url, self.base_url)
        if reason == ALWAYS and failure.check(HttpError):
            self.logger.info("Ignoring response %s: HTTP status code is not handled or not allowed",
                             failure.value.response)
            return
        self.rendering.failed(failure)
        if reason == ALWAYS:
            yield scrapy.Request(request.url, callback=request.callback, priority=request.priority,
                                 dont_filter=True)
            return
        self.rendering.not_rendered(page_url, reason)
        if reason == ARTICLE_WITHOUT_CONTENT:
            self.drop_not_rendered(page_url)
