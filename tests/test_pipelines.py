import datetime as dt
from types import SimpleNamespace

import pytest
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from newscrawl.items import Article
from newscrawl.pipelines import (CleanPipeline, DateRangePipeline, DeduplicatePipeline, FieldStatsPipeline,
                                 ValidatePipeline)
from newscrawl.text import clean_paragraphs, clean_text


def make_crawler(**spider_attributes):
    crawler = SimpleNamespace(spider=SimpleNamespace(**spider_attributes))
    crawler.stats = MemoryStatsCollector(SimpleNamespace(settings=Settings()))
    return crawler


def good_article(**changes):
    values = dict(id="36d48b0025aa", url="https://www.trtworld.com/article/36d48b0025aa",
                  title="A title", body="One paragraph.\n\nAnother one.",
                  published_at="2025-08-07T11:20:41+00:00")
    values.update(changes)
    return Article(**values)


def test_clean_text_decodes_entities_strips_tags_and_odd_spaces():
    assert clean_text("Erdo\u011fan&#x27;s&nbsp;plan\u200b <b>now</b>  &amp; then\u00a0") == "Erdoğan's plan now & then"
    assert clean_text("   ") is None
    assert clean_text(None) is None
    # NFC: a decomposed "ş" (s + combining cedilla) becomes the one code point readers type.
    assert clean_text("Kars\u0327\u0131yaka") == "Karşıyaka"


def test_clean_paragraphs_keeps_paragraphs_apart_by_exactly_one_blank_line():
    assert clean_paragraphs("  First\u00a0 line \n\n\n\nSecond\n \n  Third  ") == "First line\n\nSecond\n\nThird"
    assert clean_paragraphs("One\nparagraph  broken by a newline") == "One paragraph broken by a newline"
    assert clean_paragraphs(None) == ""


def test_clean_pipeline_cleans_every_field_and_counts_words():
    item = good_article(title=" Kremlin&#x27;s  hint ", authors=["Ali Topchi", " Ali  Topchi", "", "AA"],
                        tags=["Russia", "Russia", "USA"], subtitle="", body="a b\u200b c\n\nd&amp;e",
                        related=[{"title": "X&amp;Y", "url": "https://trt.global/a"},
                                 {"title": "X&Y", "url": "https://trt.global/a"},
                                 {"title": "no url", "url": ""}],
                        language="")
    CleanPipeline().process_item(item)
    assert item.title == "Kremlin's hint"
    assert item.authors == ["Ali Topchi", "AA"]
    assert item.tags == ["Russia", "USA"]
    assert item.subtitle is None
    assert item.body == "a b c\n\nd&e"
    assert item.word_count == 4
    assert item.related == [{"title": "X&Y", "url": "https://trt.global/a"}]
    assert item.language == "en"


@pytest.mark.parametrize("changes, reason", [
    ({"title": None}, "missing_title"),
    ({"body": ""}, "missing_body"),
    ({"published_at": None}, "missing_published_at"),
    ({"title": None, "body": "", "published_at": None}, "missing_title_body_published_at"),
    ({"id": ""}, "missing_id"),
])
def test_validate_drops_an_article_without_required_fields_and_counts_the_reason(changes, reason):
    crawler = make_crawler()
    with pytest.raises(DropItem, match="missing"):
        ValidatePipeline(crawler).process_item(good_article(**changes))
    assert crawler.stats.get_value(f"newscrawl/dropped/{reason}") == 1


def test_validate_passes_a_complete_article():
    crawler = make_crawler()
    item = good_article()
    assert ValidatePipeline(crawler).process_item(item) is item
    assert not [key for key in crawler.stats.get_stats() if key.startswith("newscrawl/dropped")]


def test_date_range_is_inclusive_on_both_ends():
    crawler = make_crawler(since=dt.date(2025, 8, 7), until=dt.date(2025, 8, 8))
    pipeline = DateRangePipeline(crawler)
    pipeline.process_item(good_article(published_at="2025-08-07T00:00:00+00:00"))
    pipeline.process_item(good_article(published_at="2025-08-08T23:59:59+00:00"))
    for outside in ("2025-08-06T23:59:59+00:00", "2025-08-09T00:00:00+00:00"):
        with pytest.raises(DropItem, match="outside"):
            pipeline.process_item(good_article(published_at=outside))
    assert crawler.stats.get_value("newscrawl/skipped/out_of_date_range") == 2


def test_deduplicate_writes_each_id_once():
    crawler = make_crawler()
    pipeline = DeduplicatePipeline(crawler)
    pipeline.process_item(good_article())
    pipeline.process_item(good_article(id="18261853"))
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(good_article(url="https://www.trtworld.com/article/36d48b0025aa?again"))
    assert crawler.stats.get_value("newscrawl/duplicates_skipped") == 1


def test_field_stats_count_presence_and_sources():
    crawler = make_crawler()
    pipeline = FieldStatsPipeline(crawler)
    pipeline.process_item(good_article(provenance={"title": "jsonld", "body": "page_text"}))
    pipeline.process_item(good_article(subtitle="s", provenance={"title": "meta", "subtitle": "meta"}))
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/articles_written"] == 2
    assert stats["newscrawl/field/title/present"] == 2
    assert stats["newscrawl/field/title/source/jsonld"] == 1
    assert stats["newscrawl/field/title/source/meta"] == 1
    assert stats["newscrawl/field/subtitle/present"] == 1
    assert "newscrawl/field/image_url/present" not in stats
