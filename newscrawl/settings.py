# Scrapy settings for the newscrawl project, grouped as in Scrapy's own template.
#
# https://docs.scrapy.org/en/latest/topics/settings.html

import os

from newscrawl.items import ARTICLE_FIELDS

BOT_NAME = "newscrawl"

SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
# Our commands: a `crawl` that checks spider arguments before the crawl starts.
COMMANDS_MODULE = "newscrawl.commands"

ADDONS = {}

# Identify ourselves: the site's operators can see who crawls and how to reach us.
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl; research dataset crawler)"

# Obey robots.txt rules
ROBOTSTXT_OBEY = True

# Politeness for the live site: few requests at once per domain, AutoThrottle adapting to its latency.
# Against a mirror on loopback the spider turns AutoThrottle off (see TrtworldSpider.from_crawler).
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2

# Neither a telnet console nor Scrapy 2.19's remote-control server (it runs posted code) has any use here.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Our own extensions: the crawl's health checks (before the report, which prints their verdict), the
# end-of-crawl report, and the report as JSON files next to the feeds and the log.
EXTENSIONS = {
    "newscrawl.health.CrawlHealth": 400,
    "newscrawl.report.CrawlReport": 500,
    "newscrawl.reportfiles.ReportFiles": 510,
}

# Clean -> check -> de-duplicate -> count what is written.
ITEM_PIPELINES = {
    "newscrawl.pipelines.CleanPipeline": 100,
    "newscrawl.pipelines.ValidatePipeline": 200,
    "newscrawl.pipelines.DateRangePipeline": 300,
    "newscrawl.pipelines.DeduplicatePipeline": 400,
    "newscrawl.incremental.StorePipeline": 500,
    "newscrawl.pipelines.FieldStatsPipeline": 900,
}

# Under Scrapyd each job writes its increment to <NEWSCRAWL_FEEDS_DIR>/<spider>/<job id>.jsonl
# (newscrawl/scrapyd.py), unless the job is given FEEDS of its own. An absolute path keeps all jobs' feeds
# in one place whatever Scrapyd's working directory is.
NEWSCRAWL_FEEDS_DIR = os.environ.get("NEWSCRAWL_FEEDS_DIR", "feeds")

# Feeds: the record's fields in their documented order, UTF-8, list fields as JSON in CSV cells.
FEED_EXPORT_FIELDS = list(ARTICLE_FIELDS)
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {
    "csv": "newscrawl.exporters.JsonCellCsvItemExporter",
}

# The article store: every crawl adds to one SQLite file (newscrawl/store.py), skips stored articles older
# than the spider's refresh_days, and feeds only what is new or changed (newscrawl/incremental.py).
# Relative to the directory the crawl runs in; the environment variable NEWSCRAWL_DB sets it too.
NEWSCRAWL_DB = os.environ.get("NEWSCRAWL_DB") or "data/newscrawl.sqlite"
SPIDER_MIDDLEWARES = {
    "newscrawl.incremental.SkipStoredArticlesMiddleware": 950,
}

# Crawl health (newscrawl/health.py): a crawl that misses one of these ends with the finish reason
# "unhealthy: <checks>" and exit status 1. Defaults are what a crawl of the live site should meet; see the
# README, "Crawl health".
NEWSCRAWL_HEALTH_MIN_ARTICLES = 1              # 0 turns the check off
NEWSCRAWL_HEALTH_REQUIRED_FIELDS = ["title", "body", "published_at"]   # on every written article
NEWSCRAWL_HEALTH_MIN_FIELD_SHARE = {"section": 0.9, "image_url": 0.8, "reading_time_minutes": 0.8}
NEWSCRAWL_HEALTH_MAX_DROPPED_SHARE = 0.1       # article pages fetched but dropped (broken, not HTML...)
NEWSCRAWL_HEALTH_MAX_ERROR_SHARE = 0.1         # requests answered 403/429/5xx or failed to download
NEWSCRAWL_HEALTH_MIN_SAMPLE = 20               # share checks need at least this many pages / articles
# Where else the report JSON goes (besides <feed>.report.json and next to LOG_FILE): <dir>/<job>.report.json.
NEWSCRAWL_REPORT_DIR = None

# Servers that misbehave (newscrawl/middlewares.py). A response passes these from the highest number to
# the lowest: loops are caught before Scrapy's RedirectMiddleware (600) follows them, and Retry-After is
# waited for before Scrapy's RetryMiddleware (550) retries.
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.middlewares.RedirectLoopMiddleware": 650,
    "newscrawl.middlewares.UndeclaredGzipMiddleware": 585,
    "newscrawl.middlewares.TruncatedHtmlMiddleware": 580,
    "newscrawl.middlewares.RetryAfterMiddleware": 560,
}
NEWSCRAWL_RETRY_AFTER_MAX = 60   # seconds: a longer Retry-After is cut to this
# An article page is a few hundred kB at most: anything far larger is not one (Scrapy's default is 1 GB).
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

# Pages that need a browser (newscrawl/render.py). The spider argument `render` (never | auto | always,
# default auto) decides which pages go to it; the spider installs scrapy-playwright's download handler only
# when a page may (never with render=never or without a browser), and sets PLAYWRIGHT_LAUNCH_OPTIONS from
# NEWSCRAWL_BROWSER. Images, fonts and media are not downloaded; at most 4 browser pages at once.
NEWSCRAWL_BROWSER = os.environ.get("NEWSCRAWL_BROWSER") or "/usr/bin/chromium"
NEWSCRAWL_LOAD_MORE_MAX_CLICKS = 10  # clicks on a listing's "Load more" control, at most
NEWSCRAWL_LOAD_MORE_WAIT = 5.0  # seconds to wait after a click for new article links
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4  # as CONCURRENT_REQUESTS_PER_DOMAIN
PLAYWRIGHT_ABORT_REQUEST = "newscrawl.render.should_abort_request"
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000  # milliseconds, as DOWNLOAD_TIMEOUT
