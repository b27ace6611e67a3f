"""Downloader middlewares for servers that misbehave: what Scrapy does not handle by itself.

Each counts what it met under ``newscrawl/faults/<name>`` (printed by the report as "faults met").

- ``RetryAfterMiddleware``: Scrapy retries 429 and 503 at once; a server that says ``Retry-After`` is
  waited for (up to ``NEWSCRAWL_RETRY_AFTER_MAX`` seconds) before the retry.
- ``UndeclaredGzipMiddleware``: a body that is gzip data without ``Content-Encoding`` is decompressed
  (within ``DOWNLOAD_MAXSIZE``), instead of being read as broken HTML.
- ``RedirectLoopMiddleware``: a redirect back to a URL already on the redirect chain is dropped at once and
  named, instead of being retried until the redirect limit or silently dropped as a duplicate.
- ``TruncatedHtmlMiddleware``: counts HTML pages that end before ``</html>`` (they are still read: an
  article whose text is all there is not lost).
"""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import logging
import time
import zlib
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.responsetypes import responsetypes

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"


class _Counting:
    def __init__(self, crawler):
        self.crawler = crawler
        self.settings = crawler.settings

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def count(self, name: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/faults/{name}")


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware(_Counting):
    STATUSES = (429, 503)

    async def process_response(self, request, response):
        if response.status not in self.STATUSES:
            return response
        delay = retry_after_seconds(response.headers.get(b"Retry-After", b"").decode("latin-1"))
        retries_left = request.meta.get("retry_times", 0) < request.meta.get(
            "max_retry_times", self.settings.getint("RETRY_TIMES"))
        if delay is None or not retries_left or request.meta.get("dont_retry"):
            return response
        wait = min(delay, self.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX", 60.0))
        logger.info("%s answered %s with Retry-After %s: waiting %.1f s before retrying", request.url,
                    response.status, response.headers.get(b"Retry-After", b"").decode("latin-1"), wait)
        self.count("retry_after_waits")
        await asyncio.sleep(wait)
        return response


class UndeclaredGzipMiddleware(_Counting):
    def process_response(self, request, response):
        if not response.body.startswith(GZIP_MAGIC) or response.headers.get(b"Content-Encoding"):
            return response
        limit = self.settings.getint("DOWNLOAD_MAXSIZE") or -1
        try:
            decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            body = decompressor.decompress(response.body, limit if limit > 0 else 0)
            if decompressor.unconsumed_tail:
                logger.warning("%s: gzip body without Content-Encoding exceeds DOWNLOAD_MAXSIZE: left as is",
                               response.url)
                return response
        except (zlib.error, gzip.BadGzipFile, EOFError):
            return response
        self.count("gzip_without_header")
        logger.warning("%s: body was gzip data without a Content-Encoding header: decompressed", response.url)
        cls = responsetypes.from_args(headers=response.headers, url=response.url, body=body)
        return response.replace(cls=cls, body=body)


class RedirectLoopMiddleware(_Counting):
    def process_response(self, request, response):
        if not 300 <= response.status < 400 or b"Location" not in response.headers:
            return response
        target = urljoin(response.url, response.headers[b"Location"].decode("latin-1"))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            self.count("redirect_loop")
            logger.warning("Redirect loop: %s -> %s, which is already on the redirect chain %s: dropped",
                           request.url, target, chain)
            raise IgnoreRequest(f"redirect loop at {request.url}")
        return response


class TruncatedHtmlMiddleware(_Counting):
    def process_response(self, request, response):
        if isinstance(response, HtmlResponse) and response.status == 200 and response.body:
            tail = response.body[-512:].rstrip().lower()
            if not tail.endswith(b"</html>"):
                self.count("truncated_html")
                logger.warning("%s: the HTML ends before </html> (truncated): read as far as it goes",
                               response.url)
        return response
