"""``scrapy crawl`` that checks the spider's arguments before anything starts, and whose exit status says
whether the crawl was good.

Scrapy builds the spider inside the running crawl, where a bad argument ends in a traceback and an empty
run; here ``since=yesterday`` stops at once with one line naming the argument and what it accepts.

Scrapy exits 0 from any crawl that ran; here the exit status follows the crawl's finish reason and health
(``newscrawl.health.exit_status``): 0 healthy, 1 unhealthy, 2 bad usage, 3 stopped before its end.
"""

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl import arguments
from newscrawl.health import EXIT_INTERRUPTED, exit_status
from newscrawl.store import ArticleStore, StoreError


class Command(ScrapyCrawlCommand):
    def run(self, args, opts):
        if len(args) == 1:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                raise UsageError(f"Spider not found: {args[0]}", print_help=False) from None
            check = getattr(spidercls, "parse_arguments", None)
            if check is not None:
                try:
                    check(**opts.spargs)
                except UsageError as error:
                    raise UsageError(f"argument {error}", print_help=False) from None
        if not arguments.parse_flag("canary", opts.spargs.get("canary")):  # the canary leaves the store alone
            self.check_store()
        self._crawlers = []
        super().run(args, opts)
        if self.exitcode == 0:
            for crawler in self._crawlers:
                stats = crawler.stats.get_stats() if crawler.stats else {}
                status = exit_status(stats.get("finish_reason"), stats) if stats else EXIT_INTERRUPTED
                self.exitcode = max(self.exitcode, status)

    def check_store(self):
        """A store that cannot be opened or is not ours stops the run before it starts (and is not touched)."""
        if "newscrawl.incremental.StorePipeline" not in self.settings.getwithbase("ITEM_PIPELINES"):
            return
        try:
            ArticleStore.open(self.settings.get("NEWSCRAWL_DB")).close()
        except StoreError as error:
            raise UsageError(f"NEWSCRAWL_DB: {error}", print_help=False) from None

    def _create_crawler(self, spidercls):
        # Kept so that the finish reason can be read once the crawl is over.
        crawler = super()._create_crawler(spidercls)
        self._crawlers.append(crawler)
        return crawler
