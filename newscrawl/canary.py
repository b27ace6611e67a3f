"""The canary: ``scrapy crawl trtworld -a canary=1``, the first thing to run against the live site.

It fetches a sample of every kind of page the crawl depends on: the homepage, the first page of each section
found in its navigation, the RSS feed (and any feed the homepage advertises), robots.txt and the sitemaps
it lists (with the children of a sitemap index), then the three newest articles found on all of them. It
writes no feed; it prints what it found and, for each article, which source gave each field (JSON-LD, page
data, meta, page text, none). It ends ``unhealthy: canary`` (exit status 1) when an article misses a required
field (``NEWSCRAWL_HEALTH_REQUIRED_FIELDS``) or when no article could be read at all.

Navigation only, like the spider: pages are read by ``newscrawl.navigation`` and ``newscrawl.extract``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import TextResponse

from newscrawl import navigation, urls
from newscrawl.extract import extract_article, parse_html
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.report import SOURCE_NAMES

NEWEST_ARTICLES = 3
MAX_CHILD_SITEMAPS = 5
_COMPUTED = ("id", "url", "word_count", "crawled_at")


@dataclass
class Candidate:
    url: str
    published_at: str | None = None
    date_source: str | None = None   # "feed" / "sitemap": the dates the real crawl uses for undated pages
    found_on: list[str] = field(default_factory=list)


@dataclass
class PageFinding:
    kind: str
    url: str
    status: int | str
    notes: str = ""


class CanaryRun:
    def __init__(self, spider, crawler):
        self.spider = spider
        self.crawler = crawler
        self.required = crawler.settings.getlist("NEWSCRAWL_HEALTH_REQUIRED_FIELDS",
                                                 ["title", "body", "published_at"])
        self.pages: list[PageFinding] = []
        self.sections_from = "not read"
        self.candidates: dict[str, Candidate] = {}
        self.articles: list[dict] = []
        self.phase = "navigation"
        self.failures: list[str] = []
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    # -- requests ------------------------------------------------------------------------------------

    def request(self, public_url: str, callback, kind: str):
        # Every answer reaches the callback (404, 500...): the canary reports it instead of dropping it.
        return self.spider.request(public_url, callback, meta={"handle_httpstatus_all": True, "canary_kind": kind},
                                   errback=self.failed, dont_filter=False)

    def start_requests(self):
        yield self.request(urls.PUBLIC_ORIGIN + "/", self.parse_home, "homepage")
        yield self.request(urls.PUBLIC_ORIGIN + "/feed/rss.xml", self.parse_feed, "feed")
        yield self.request(urls.PUBLIC_ORIGIN + "/robots.txt", self.parse_robots, "robots.txt")

    def failed(self, failure):
        request = failure.request
        self.pages.append(PageFinding(request.meta.get("canary_kind", "page"), self._public(request.url),
                                      f"failed ({type(failure.value).__name__})"))

    def _public(self, url: str) -> str:
        return urls.to_public_url(url, self.spider.base_url)

    def _record(self, response, kind: str, notes: str = "") -> str:
        page_url = self._public(response.url)
        self.pages.append(PageFinding(kind, page_url, response.status, notes))
        return page_url

    def _candidate(self, link: navigation.Link, found_on: str, date_source: str | None = None) -> None:
        public = urls.canonical(link.url)
        if not public:
            return
        candidate = self.candidates.setdefault(public, Candidate(public))
        if found_on not in candidate.found_on:
            candidate.found_on.append(found_on)
        if link.published_at and (candidate.published_at is None or date_source and not candidate.date_source):
            candidate.published_at = link.published_at
            candidate.date_source = date_source or candidate.date_source

    # -- callbacks -----------------------------------------------------------------------------------

    def parse_home(self, response):
        if response.status != 200 or not isinstance(response, TextResponse):
            self._record(response, "homepage", "not readable")
            return
        page_url = self.spider.public_url(response)
        selector = parse_html(response.text)
        sections, from_navigation = navigation.home_sections(selector, page_url)
        self.sections_from = "homepage navigation" if from_navigation else "NONE in the navigation: built-in list"
        feeds = [feed for feed in navigation.feed_links_in_head(selector, page_url) if urls.is_site_url(feed)]
        listing = navigation.read_listing(selector, page_url)
        self._record(response, "homepage", f"{len(sections)} sections ({self.sections_from}); "
                                           f"{len(listing.links)} article links; feeds in <head>: "
                                           f"{', '.join(urlsplit(f).path for f in feeds) or 'none'}")
        for link in listing.links:
            self._candidate(link, "homepage")
        for section in sections:
            yield self.request(section, self.parse_section, "section")
        for feed in feeds:
            yield self.request(urls.clean(feed), self.parse_feed, "feed")

    def parse_section(self, response):
        if response.status != 200 or not isinstance(response, TextResponse):
            self._record(response, "section", "not readable")
            return
        page_url = self.spider.public_url(response)
        listing = navigation.read_listing(parse_html(response.text), page_url)
        self._record(response, "section", f"{len(listing.links)} article links, {listing.dated_cards} dated; "
                                          f"next page: {self._path(listing.next_page) if listing.next_page else 'none'}")
        for link in listing.links:
            self._candidate(link, urlsplit(page_url).path)

    def parse_feed(self, response):
        links = navigation.feed_links(self._public(response.url), response.body) if response.status == 200 else []
        dated = sum(1 for link in links if link.published_at)
        self._record(response, "feed", f"{len(links)} items, {dated} dated" if response.status == 200 else "not readable")
        for link in links:
            self._candidate(link, "feed", "feed")

    def parse_robots(self, response):
        if response.status != 200 or not isinstance(response, TextResponse):
            self._record(response, "robots.txt", "not readable")
            return
        sitemaps = navigation.robots_sitemaps(response.text, self._public(response.url))
        disallowed = [line.split(":", 1)[1].strip() for line in response.text.splitlines()
                      if line.lower().startswith("disallow:") and line.split(":", 1)[1].strip()]
        self._record(response, "robots.txt", f"sitemaps listed: {', '.join(self._path(s) for s in sitemaps) or 'none'}; "
                                             f"disallowed: {', '.join(disallowed) or 'nothing'}")
        for sitemap in sitemaps:
            if urls.is_site_url(sitemap):
                yield self.request(urls.clean(sitemap), self.parse_sitemap, "sitemap")

    def parse_sitemap(self, response):
        if response.status != 200:
            self._record(response, "sitemap", "not readable")
            return
        found = navigation.read_sitemap(self._public(response.url), response.body)
        if found.sitemaps:
            self._record(response, "sitemap", f"index of {len(found.sitemaps)} sitemaps")
        else:
            dated = sum(1 for link in found.links if link.published_at)
            self._record(response, "sitemap", f"{len(found.links)} pages, {dated} with a news publication date")
        for child in found.sitemaps[:MAX_CHILD_SITEMAPS]:
            if urls.is_site_url(child):
                yield self.request(urls.clean(child), self.parse_sitemap, "sitemap")
        for link in found.links:
            self._candidate(link, "sitemap", "sitemap")

    def parse_article(self, response, candidate: Candidate):
        page_url = self._public(response.url)
        entry = {"url": candidate.url, "status": response.status, "listed": candidate, "fields": {}, "sources": {}}
        self.articles.append(entry)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if response.status != 200 or not isinstance(response, TextResponse) or "html" not in (content_type or "html"):
            entry["problem"] = f"not an HTML page ({response.status}, {content_type or 'no type'})"
            return
        extraction = extract_article(page_url, response.text)
        entry["fields"], entry["sources"] = dict(extraction.fields), dict(extraction.sources)
        if not entry["fields"].get("published_at") and candidate.date_source:
            entry["fields"]["published_at"] = candidate.published_at
            entry["sources"]["published_at"] = candidate.date_source

    # -- phases --------------------------------------------------------------------------------------

    def newest(self) -> list[Candidate]:
        order = list(self.candidates.values())
        dated = sorted((c for c in order if c.published_at), key=lambda c: c.published_at, reverse=True)
        undated = [c for c in order if not c.published_at]
        return (dated + undated)[:NEWEST_ARTICLES]

    def spider_idle(self, spider):
        if self.phase == "navigation":
            self.phase = "articles"
            newest = self.newest()
            for candidate in newest:
                request = self.spider.request(candidate.url, self.parse_article, meta={"handle_httpstatus_all": True},
                                              cb_kwargs={"candidate": candidate}, errback=self.article_failed(candidate))
                self.crawler.engine.crawl(request)
            if newest:
                raise DontCloseSpider
        self.failures = self.verdict()
        if self.failures:
            raise CloseSpider("unhealthy: canary")

    def article_failed(self, candidate: Candidate):
        def errback(failure):
            self.articles.append({"url": candidate.url, "status": f"failed ({type(failure.value).__name__})",
                                  "listed": candidate, "fields": {}, "sources": {},
                                  "problem": "could not be fetched"})
        return errback

    def verdict(self) -> list[str]:
        failures = []
        if not self.articles:
            failures.append("no article link found on the homepage, sections, feed or sitemaps")
        for entry in self.articles:
            missing = [name for name in self.required if _absent(entry["fields"].get(name))]
            if entry.get("problem"):
                failures.append(f"{entry['url']}: {entry['problem']}")
            elif missing:
                failures.append(f"{entry['url']}: missing {', '.join(missing)}")
        return failures

    def spider_closed(self, spider, reason):
        print(self.render(reason), flush=True)

    # -- the printout --------------------------------------------------------------------------------

    def _path(self, url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def render(self, reason: str) -> str:
        target = self.spider.base_url or urls.PUBLIC_ORIGIN
        lines = [f"newscrawl canary against {target} ({reason})", "", "pages:"]
        for page in self.pages:
            lines.append(f"  {page.kind:<10} {str(page.status):<4} {self._path(page.url):<40} {page.notes}")
        dated = sum(1 for c in self.candidates.values() if c.published_at)
        lines += ["", f"article links found: {len(self.candidates)} ({dated} with a date)", "",
                  f"newest articles ({len(self.articles)}):"]
        articles = sorted(self.articles, key=lambda e: e["listed"].published_at or "", reverse=True)
        for number, entry in enumerate(articles, 1):
            listed = entry["listed"]
            lines.append(f"  {number}. {entry['url']}  status {entry['status']}; listed "
                         f"{listed.published_at or 'without a date'}; found on {', '.join(listed.found_on)}")
            if entry.get("problem"):
                lines.append(f"     {entry['problem']}")
                continue
            lines.append(f"     {'field':<22}{'source':<11}value")
            for name in ARTICLE_FIELDS:
                if name in _COMPUTED:
                    continue
                value = entry["fields"].get(name)
                source = entry["sources"].get(name, "none") if not _absent(value) else "none"
                flag = "  <- REQUIRED, MISSING" if name in self.required and _absent(value) else ""
                source = SOURCE_NAMES.get(source, source)
                lines.append(f"     {name:<22}{source:<11}{_preview(value)}{flag}")
        lines.append("")
        if self.failures or reason != "finished":
            lines.append("verdict: FAILED")
            lines += [f"  {failure}" for failure in self.failures] or [f"  the canary ended early: {reason}"]
        else:
            lines.append(f"verdict: OK ({', '.join(self.required)} on every article read)")
        return "\n".join(lines)


def _absent(value) -> bool:
    return value in (None, "", [], {})


def _preview(value, width: int = 70) -> str:
    if _absent(value):
        return "-"
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[:width - 1] + "…"
