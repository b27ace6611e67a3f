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

# Our own extensions: the end-of-crawl report.
EXTENSIONS = {
    "newscrawl.report.CrawlReport": 500,
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
