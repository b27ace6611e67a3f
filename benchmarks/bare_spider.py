"""The ceiling: a bare Scrapy spider that follows the same links as ``trtworld`` and extracts nothing.

It starts where ``trtworld`` starts (homepage, feed, robots.txt), follows every link to a page of the
site except video, live and about pages (the pages ``trtworld`` does not fetch either), and yields no
items: what is left is Scrapy's own cost of downloading, parsing links and scheduling.

    scrapy runspider benchmarks/bare_spider.py -a base_url=http://127.0.0.1:PORT
"""

from urllib.parse import urlsplit

import scrapy

SKIPPED = ("/video", "/live", "/about")


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).netloc

    async def start(self):
        for path in ("/", "/feed/rss.xml", "/robots.txt"):
            yield scrapy.Request(self.base_url + path)

    def parse(self, response):
        if not isinstance(response, scrapy.http.TextResponse):
            return
        for href in response.xpath("//a/@href").getall():
            url = response.urljoin(href)
            parts = urlsplit(url)
            if parts.netloc == self.host and not parts.path.startswith(SKIPPED):
                yield scrapy.Request(url)
