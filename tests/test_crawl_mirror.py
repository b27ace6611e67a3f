"""End to end: ``scrapy crawl trtworld`` against the offline mirror, as a user runs it."""

import datetime as dt
import re

import pytest

from newscrawl.exporters import read_csv_records
from newscrawl.items import ARTICLE_FIELDS
from tests.conftest import crawl, load_expected

EXPECTED = {record["id"]: record for record in load_expected()}


def test_the_crawl_writes_exactly_the_expected_articles_each_once(full_crawl):
    ids = [item["id"] for item in full_crawl.items]
    assert full_crawl.returncode == 0, full_crawl.log[-3000:]
    assert len(ids) == len(set(ids)), "an article was written twice"
    assert sorted(ids) == sorted(EXPECTED)


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_every_field_of_every_article(full_crawl, article_id):
    written = {item["id"]: item for item in full_crawl.items}
    assert article_id in written
    item = dict(written[article_id])
    crawled_at = dt.datetime.fromisoformat(item.pop("crawled_at"))
    assert crawled_at.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.timezone.utc) - crawled_at) < dt.timedelta(minutes=30)
    assert item == EXPECTED[article_id]


def test_records_have_the_documented_fields_in_order(full_crawl):
    for item in full_crawl.items:
        assert list(item) == list(ARTICLE_FIELDS)


def test_csv_reads_back_to_the_json_lines_records(full_crawl):
    from_csv = sorted(read_csv_records(full_crawl.csv_path), key=lambda record: record["id"])
    from_jsonl = sorted(full_crawl.items, key=lambda record: record["id"])
    assert from_csv == from_jsonl


def test_the_log_has_no_error_but_the_page_that_always_answers_500(full_crawl):
    unexpected = [line for line in full_crawl.error_lines() if "/article/5000000a0000" not in line]
    assert unexpected == []
    assert any("5000000a0000" in line for line in full_crawl.error_lines())


def test_the_report_counts_pages_articles_and_drops(full_crawl):
    log = full_crawl.log
    assert "newscrawl report (finished)" in log
    assert f"articles written: {len(EXPECTED)}" in log
    assert re.search(r"articles dropped: .*missing_title_body_published_at 1", log)
    assert re.search(r"articles dropped: .*not_html 1", log)
    assert re.search(r"error responses: .*404 x1", log)
    assert re.search(r"^\s+title\s+100%\s+JSON-LD \d+", log, re.MULTILINE)


@pytest.mark.parametrize("path", [
    "/video/", "/live>", "/about>", "/amp", "utm_source", "_rt=", "/turkiye/",
])
def test_pages_that_give_no_article_and_non_canonical_urls_are_never_requested(full_crawl, path):
    requested = [line for line in full_crawl.log.splitlines() if "Crawled (" in line and path in line]
    assert requested == []


def test_only_the_mirror_is_contacted(full_crawl):
    assert not re.search(r"Crawled \(\d+\) <GET https?://(?!127\.0\.0\.1)", full_crawl.log)


def test_since_until_keep_the_date_range_and_stop_pagination(mirror, tmp_path):
    result = crawl(mirror.base_url, tmp_path, "-a", "since=2026-01-01", "-a", "until=2026-06-30")
    expected = sorted(record_id for record_id, record in EXPECTED.items()
                      if "2026-01-01" <= record["published_at"][:10] <= "2026-06-30")
    assert expected, "the mirror must have articles in that range"
    assert sorted(item["id"] for item in result.items) == expected
    assert result.requested("/politics?page=2")
    assert not result.requested("/politics?page=3")


def test_start_urls_crawl_only_from_the_given_pages(mirror, tmp_path):
    some_id = sorted(EXPECTED)[0]
    result = crawl(mirror.base_url, tmp_path, "-a", f"start_urls=/article/{some_id}", "-s", "DEPTH_LIMIT=1")
    assert some_id in [item["id"] for item in result.items]
    assert not result.requested(f"{mirror.base_url}/>")
    assert not result.requested("/feed/rss.xml")
