"""Item pipelines: clean -> validate -> keep the date range -> de-duplicate -> count what is written.

Every article that does not pass is dropped with a reason: counted in the stats under
``newscrawl/dropped/<reason>`` and named in one WARNING line, so that the report can say why.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.text import clean_lines, clean_paragraphs, clean_text

REQUIRED_FIELDS = ("title", "body", "published_at")
TEXT_FIELDS = ("title", "subtitle", "section", "image_caption", "image_credit", "source")
LIST_OF_TEXT_FIELDS = ("authors", "tags")


class _StatsPipeline:
    """Pipelines that count into the crawl's stats."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def drop(self, adapter: ItemAdapter, reason: str, detail: str) -> DropItem:
        self.stats.inc_value(f"newscrawl/dropped/{reason}")
        return DropItem(f"{adapter.get('url') or '(no url)'}: {detail}")


class CleanPipeline:
    def process_item(self, item):
        adapter = ItemAdapter(item)
        for name in TEXT_FIELDS:
            adapter[name] = clean_text(adapter.get(name))
        for name in LIST_OF_TEXT_FIELDS:
            adapter[name] = clean_lines(adapter.get(name) or [])
        related = []
        for link in adapter.get("related") or []:
            title, url = clean_text(link.get("title")), (link.get("url") or "").strip()
            if url and {"title": title, "url": url} not in related:
                related.append({"title": title, "url": url})
        adapter["related"] = related
        adapter["body"] = clean_paragraphs(adapter.get("body"))
        adapter["word_count"] = len(adapter["body"].split())
        adapter["language"] = clean_text(adapter.get("language")) or "en"
        return item


class ValidatePipeline(_StatsPipeline):
    """An article without title, body or publication date is no article for the dataset."""

    def process_item(self, item):
        adapter = ItemAdapter(item)
        missing = [name for name in REQUIRED_FIELDS if not adapter.get(name)]
        if not adapter.get("id"):
            missing.insert(0, "id")
        if missing:
            raise self.drop(adapter, "missing_" + "_".join(missing), "missing " + ", ".join(missing))
        return item


class DateRangePipeline(_StatsPipeline):
    """Keeps articles published within the spider's ``since``/``until`` days (inclusive, UTC)."""

    def process_item(self, item):
        spider = self.crawler.spider
        since, until = getattr(spider, "since", None), getattr(spider, "until", None)
        if since is None and until is None:
            return item
        adapter = ItemAdapter(item)
        day = adapter["published_at"][:10]
        if (since and day < since.isoformat()) or (until and day > until.isoformat()):
            self.stats.inc_value("newscrawl/skipped/out_of_date_range")
            raise DropItem(f"{adapter['url']}: published {day}, outside since/until",
                           log_level="INFO")
        return item


class DeduplicatePipeline(_StatsPipeline):
    """Each article id once per run: the same article reached through several URLs is written once."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.seen_ids: set[str] = set()

    def process_item(self, item):
        adapter = ItemAdapter(item)
        if adapter["id"] in self.seen_ids:
            self.stats.inc_value("newscrawl/duplicates_skipped")
            raise DropItem(f"{adapter['url']}: a duplicate, already written in this run", log_level="DEBUG")
        self.seen_ids.add(adapter["id"])
        return item


class FieldStatsPipeline(_StatsPipeline):
    """Counts, over written articles, which fields are present and which source gave each."""

    def process_item(self, item):
        adapter = ItemAdapter(item)
        self.stats.inc_value("newscrawl/articles_written")
        provenance = adapter.get("provenance") or {}
        for name, value in adapter.items():
            if name in ("provenance", "crawled_at") or value in (None, "", []):
                continue
            self.stats.inc_value(f"newscrawl/field/{name}/present")
            if name in provenance:
                self.stats.inc_value(f"newscrawl/field/{name}/source/{provenance[name]}")
        return item
