"""Rendering pages in a browser (scrapy-playwright driving Debian's Chromium), for the pages that need it.

The spider decides *which* pages need a browser and why (``newscrawl/spiders/trtworld.py``); this module
knows *how*: the ``render`` argument, where the browser is and whether it can start, the download handler
that sends marked requests to it, what the browser does not download, the clicks on a "Load more" control,
and how a page that needed a browser but could not have one is counted.

Stats (printed by the end-of-crawl report):

- ``newscrawl/render/<reason>``: pages rendered in the browser, by why;
- ``newscrawl/not_rendered/<reason>``: pages that needed a browser and were read without one;
- ``newscrawl/incomplete/unrendered_pages``: of those, the ones a browser was wanted for (render=auto or
  always) but none could run: such a crawl is incomplete.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time

from scrapy import signals
from scrapy.exceptions import UsageError
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod

from newscrawl import navigation, urls

logger = logging.getLogger(__name__)

RENDER_MODES = ("never", "auto", "always")
DEFAULT_BROWSER = "/usr/bin/chromium"
INSTALL_HINT = ("install Chromium with `apt-get install -y chromium`, or set NEWSCRAWL_BROWSER (setting or "
                "environment variable) to a Chromium executable")
# Headless Chromium as root on a machine whose only network is the site: no sandbox (root), no GPU, and
# none of Chromium's own background connections (updates, sync, field trials), which a closed network
# refuses many at a time.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
# What the browser never downloads: the text of a page does not depend on them.
BLOCKED_RESOURCE_TYPES = frozenset({"image", "font", "media"})

# Why a page goes through the browser (the names of the newscrawl/render/<reason> counters).
ARTICLE_WITHOUT_CONTENT = "article_without_content"  # its HTML gave neither title nor body
LISTING_LOAD_MORE = "listing_load_more"              # a "Load more" control and no next-page link
ALWAYS = "always"                                    # render=always

REASON_META = "newscrawl_render"  # request meta: the reason this request goes through the browser


def parse_render(value: str | None) -> str:
    mode = (value or "auto").strip().lower()
    if mode not in RENDER_MODES:
        raise UsageError(f"render={value!r}: expected never, auto or always")
    return mode


def browser_problem(path: str | None) -> str | None:
    """Why the browser at ``path`` cannot run, checked without starting it; None if it looks runnable."""
    if not path:
        return "no browser is configured"
    if not os.path.exists(path):
        return f"no browser at {path}"
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        return f"{path} is not an executable file"
    return None


def should_abort_request(request) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: images, fonts and media are not downloaded by the browser."""
    return request.resource_type in BLOCKED_RESOURCE_TYPES


async def click_load_more(page, base_url: str | None = None, max_clicks: int = 10, wait: float = 5.0) -> int:
    """Click the page's "Load more" control until a click brings no new article link, the control is gone
    or disabled, or ``max_clicks`` clicks were made. Returns the number of clicks.

    After each click, waits up to ``wait`` seconds for new article links to appear."""
    control = page.locator("button, a, [role=button]").filter(has_text=navigation.LOAD_MORE_TEXT)
    seen = await _article_links(page, base_url)
    clicks = 0
    while clicks < max_clicks:
        if not await control.count():
            break
        target = control.first
        if not await target.is_visible() or not await target.is_enabled():
            break
        await target.click()
        clicks += 1
        deadline = time.monotonic() + wait
        found = seen
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            found = await _article_links(page, base_url)
            if found - seen:
                break
        if not found - seen:
            break
        seen = found
    return clicks


async def _article_links(page, base_url: str | None) -> set[str]:
    hrefs = await page.eval_on_selector_all("a[href]", "anchors => anchors.map(a => a.href)")
    public = (urls.to_public_url(href, base_url) for href in hrefs)
    return {urls.clean(url) for url in public if urls.page_kind(url) in ("article", "legacy_article")}


class LazyPlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's download handler, starting Playwright (a Node.js process, about 0.6 s) with the
    first page to render instead of with the crawl: a crawl that renders nothing pays nothing for it.
    Requests without ``meta["playwright"]`` go to Scrapy's own HTTP handler, as in the parent class."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._start_lock = asyncio.Lock()

    async def _maybe_launch_in_thread(self) -> None:  # connected to engine_started by the parent class
        return None

    def _engine_started(self):  # the same, for Scrapy versions before 2.14
        return None

    async def _download_request(self, request, spider=None):
        async with self._start_lock:
            if getattr(self, "browser_provider", None) is None:
                await self._launch()
        return await super()._download_request(request, spider)


class Rendering:
    """The crawl's browser: whether pages can be rendered, how to ask for it, and what is counted."""

    def __init__(self, crawler, mode: str, base_url: str | None):
        self.crawler = crawler
        self.mode = mode
        self.base_url = base_url
        self.browser = crawler.settings.get("NEWSCRAWL_BROWSER") or DEFAULT_BROWSER
        # Checked before the crawl starts: a missing browser must not become one traceback per page.
        self.problem: str | None = browser_problem(self.browser) if mode != "never" else None
        self._error_logged = False
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @property
    def stats(self):  # the crawl's stats exist only once the crawl starts
        return self.crawler.stats

    @property
    def available(self) -> bool:
        return self.mode != "never" and self.problem is None

    def install(self) -> None:
        """Send requests marked ``playwright`` to the browser; with render=never, or no browser, the
        download handler is not even installed."""
        if not self.available:
            return
        settings = self.crawler.settings
        handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
        handlers.update({"http": "newscrawl.render.LazyPlaywrightDownloadHandler",
                         "https": "newscrawl.render.LazyPlaywrightDownloadHandler"})
        settings.set("DOWNLOAD_HANDLERS", handlers, priority="spider")
        options = dict(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"))
        options.setdefault("executable_path", self.browser)
        options.setdefault("args", CHROMIUM_ARGS)
        options.setdefault("headless", True)
        settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", options, priority="spider")

    def meta(self, reason: str, load_more: bool = False) -> dict:
        """Request meta for a page to render: loaded until the network is idle (scripts have fetched what
        they insert); on a listing, "Load more" clicked as far as it goes."""
        meta = {
            "playwright": True,
            REASON_META: reason,
            "playwright_page_goto_kwargs": {"wait_until": "networkidle"},
        }
        if load_more:
            settings = self.crawler.settings
            meta["playwright_page_methods"] = [PageMethod(
                click_load_more, base_url=self.base_url,
                max_clicks=settings.getint("NEWSCRAWL_LOAD_MORE_MAX_CLICKS", 10),
                wait=settings.getfloat("NEWSCRAWL_LOAD_MORE_WAIT", 5.0))]
        return meta

    @staticmethod
    def reason_of(response) -> str | None:
        """Why this response went through the browser; None for a page fetched plainly."""
        if "playwright" not in response.flags:
            return None
        return response.meta.get(REASON_META)

    def response_received(self, response, request, spider) -> None:
        """Counts every page the browser rendered, by why."""
        reason = self.reason_of(response)
        if reason:
            self.stats.inc_value(f"newscrawl/render/{reason}")

    def not_rendered(self, page_url: str, reason: str) -> None:
        """A page that needed a browser was read without one."""
        self.stats.inc_value(f"newscrawl/not_rendered/{reason}")
        if self.mode == "never":
            return
        self.stats.inc_value("newscrawl/incomplete/unrendered_pages")
        if self.problem:
            self._log_error_once()
        logger.info("Not rendered (%s): %s", reason, page_url)

    def failed(self, failure) -> None:
        """A request to the browser failed: a browser that never started is unusable from now on (one
        ERROR line); a page that failed in a working browser is named in a WARNING."""
        message = (str(failure.value).strip().splitlines() or [type(failure.value).__name__])[0]
        if not self.stats.get_value("playwright/browser_count"):
            if self.problem is None:
                self.problem = f"the browser at {self.browser} failed to start ({message})"
            return
        logger.warning("Rendering %s failed: %s", failure.request.url, message)

    def _log_error_once(self) -> None:
        if self._error_logged:
            return
        self._error_logged = True
        logger.error("Pages that need a browser are read without one: %s. To render them, %s. The crawl goes "
                     "on; the report counts the pages left unrendered.", self.problem, INSTALL_HINT)
