"""``scrapy crawl`` that checks the spider's arguments before anything starts.

Scrapy builds the spider inside the running crawl, where a bad argument ends in a traceback and an empty
run; here ``since=yesterday`` stops at once with one line naming the argument and what it accepts.
"""

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

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
        self.check_store()
        super().run(args, opts)

    def check_store(self):
        """A store that cannot be opened or is not ours stops the run before it starts (and is not touched)."""
        if "newscrawl.incremental.StorePipeline" not in self.settings.getwithbase("ITEM_PIPELINES"):
            return
        try:
            ArticleStore.open(self.settings.get("NEWSCRAWL_DB")).close()
        except StoreError as error:
            raise UsageError(f"NEWSCRAWL_DB: {error}", print_help=False) from None
