"""Pages that need a browser, end to end: ``scrapy crawl`` against the mirror with Debian's Chromium.

The mirror's render pages (tests/site/expected/README.md, "Pages that need a browser") are linked from no
page of the main mirror: these crawls start from them. Tests that need Chromium are skipped when it is
missing, except in CI (``CI`` set), where a missing browser must fail them.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, crawl

BROWSER = os.environ.get("NEWSCRAWL_BROWSER") or "/usr/bin/chromium"
HAS_BROWSER = os.path.isfile(BROWSER) and os.access(BROWSER, os.X_OK)
needs_browser = pytest.mark.skipif(
    not HAS_BROWSER and not os.environ.get("CI"),
    reason=f"no Chromium at {BROWSER} (apt-get install -y chromium); in CI these tests run and fail instead")

EXPECTED = {record["id"]: record for record in (
    json.loads(line) for line in (REPO / "tests" / "site" / "expected" / "rendered.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip())}
SHELL = "5c1e7a9b3d08"                          # a client-side shell: its HTML holds no article
IN_LISTING_HTML = {"e7a1c3b5d9f2", "2c9e4a6f8b10"}  # cards in /europe's HTML
AFTER_LOAD_MORE = {"b3d5f7a9c1e4", "0f2d4b6a8c3e"}  # cards that appear only after clicks on "Load more"
START = ("-a", f"start_urls=/article/{SHELL},/europe")


def stat(log: str, key: str) -> int | None:
    """A counter from the stats that Scrapy dumps at the end of the crawl."""
    found = re.search(rf"'{re.escape(key)}': (\d+)", log)
    return int(found.group(1)) if found else None


def rendered_paths(log: str) -> list[str]:
    """Paths of the pages that came through the browser (Scrapy's 'Crawled' lines flagged 'playwright')."""
    return sorted(re.sub(r"^https?://[^/]+", "", url) for url in
                  re.findall(r"Crawled \(\d+\) <GET (\S+)> .*\['playwright'\]", log))


def plain_paths(log: str) -> list[str]:
    return sorted(re.sub(r"^https?://[^/]+", "", url) for url in
                  re.findall(r"Crawled \(\d+\) <GET (\S+)> \(referer: [^)]*\)$", log, re.MULTILINE))


def without_crawled_at(item: dict) -> dict:
    return {key: value for key, value in item.items() if key != "crawled_at"}


def check_browser() -> None:
    assert HAS_BROWSER, f"no Chromium at {BROWSER}: apt-get install -y chromium"


@pytest.fixture(scope="module")
def auto_crawl(mirror, tmp_path_factory):
    if HAS_BROWSER or os.environ.get("CI"):
        return crawl(mirror.base_url, tmp_path_factory.mktemp("render-auto"), *START)
    return None


# -- render=auto (the default) ----------------------------------------------------------------------


@needs_browser
def test_auto_finds_the_shell_article_and_the_load_more_articles_with_every_field(auto_crawl):
    check_browser()
    written = {item["id"]: without_crawled_at(item) for item in auto_crawl.items}
    assert sorted(written) == sorted(EXPECTED), auto_crawl.log[-3000:]
    for article_id, record in EXPECTED.items():
        assert written[article_id] == record, article_id
    assert len(auto_crawl.items) == len(EXPECTED)
    assert auto_crawl.error_lines() == []


@needs_browser
def test_auto_renders_only_the_two_pages_that_need_it_once_each(auto_crawl):
    check_browser()
    log = auto_crawl.log
    assert rendered_paths(log) == ["/article/" + SHELL, "/europe"]
    assert stat(log, "newscrawl/render/article_without_content") == 1
    assert stat(log, "newscrawl/render/listing_load_more") == 1
    assert stat(log, "playwright/page_count") == 2
    assert "pages rendered in the browser: article_without_content 1, listing_load_more 1" in log
    # Every other page was fetched plainly, once; the two rendered pages were read plainly first.
    assert plain_paths(log) == sorted(["/robots.txt", "/europe", "/article/" + SHELL]
                                      + [f"/article/{i}" for i in IN_LISTING_HTML | AFTER_LOAD_MORE])
    assert "INCOMPLETE" not in log and stat(log, "newscrawl/incomplete/unrendered_pages") is None


@needs_browser
def test_the_browser_downloads_no_images_and_closes_its_pages(auto_crawl):
    check_browser()
    log = auto_crawl.log
    assert stat(log, "playwright/request_count/aborted") >= 1  # the shell article's hero image
    assert stat(log, "playwright/response_count/resource_type/image") is None
    assert stat(log, "playwright/page_count/closed") == stat(log, "playwright/page_count")
    assert stat(log, "playwright/page_count/max_concurrent") <= 4  # PLAYWRIGHT_MAX_PAGES_PER_CONTEXT


@needs_browser
def test_the_load_more_articles_are_linked_only_by_the_rendered_listing(auto_crawl):
    check_browser()
    for article_id in AFTER_LOAD_MORE:
        lines = [line for line in auto_crawl.log.splitlines() if "<GET " in line and f"/article/{article_id}>" in line]
        assert len(lines) == 1 and "referer: http://127.0.0.1" in lines[0] and "/europe)" in lines[0], lines


@needs_browser
def test_on_the_main_mirror_only_the_empty_article_page_goes_through_the_browser(full_crawl):
    """The main mirror's /article/0bad0bad0bad has site chrome only: rendered once, still empty, dropped."""
    check_browser()
    assert rendered_paths(full_crawl.log) == ["/article/0bad0bad0bad"]
    assert stat(full_crawl.log, "newscrawl/render/article_without_content") == 1
    assert stat(full_crawl.log, "playwright/page_count") == 1
    assert re.search(r"articles dropped: .*missing_title_body_published_at 1", full_crawl.log)


# -- render=always and render=never -----------------------------------------------------------------


@needs_browser
def test_always_sends_every_article_and_listing_page_through_the_browser(mirror, tmp_path):
    check_browser()
    result = crawl(mirror.base_url, tmp_path, *START, "-a", "render=always")
    assert sorted(without_crawled_at(item)["id"] for item in result.items) == sorted(EXPECTED)
    for item in result.items:
        assert without_crawled_at(item) == EXPECTED[item["id"]]
    pages = sorted(["/europe"] + [f"/article/{i}" for i in EXPECTED])
    assert rendered_paths(result.log) == pages
    assert plain_paths(result.log) == ["/robots.txt"]
    assert stat(result.log, "newscrawl/render/always") == len(pages)
    assert result.error_lines() == []


def test_never_leaves_those_articles_out_and_the_report_says_so(mirror, tmp_path):
    result = crawl(mirror.base_url, tmp_path, *START, "-a", "render=never")
    assert sorted(item["id"] for item in result.items) == sorted(IN_LISTING_HTML)
    log = result.log
    assert re.search(r"articles dropped: not_rendered 1$", log, re.MULTILINE)
    assert "pages that needed a browser, read without one: article_without_content 1, listing_load_more 1" in log
    assert f"Dropped https://www.trtworld.com/article/{SHELL}: its HTML holds no article" in log
    # render=never is a choice, not a failure; and the browser's download handler is not even installed.
    assert "INCOMPLETE" not in log
    assert "[scrapy-playwright]" not in log and stat(log, "playwright/page_count") is None
    assert result.error_lines() == []


# -- no browser -------------------------------------------------------------------------------------


@pytest.mark.parametrize("browser, problem", [
    ("missing", "no browser at {path}"),
    ("not-a-browser", "the browser at {path} failed to start"),
])
def test_without_a_working_browser_one_error_line_and_the_crawl_goes_on_incomplete(mirror, tmp_path, browser,
                                                                                   problem):
    path = tmp_path / "bin" / "chromium"
    if browser == "not-a-browser":  # exists and is executable, but exits at once
        path.parent.mkdir()
        path.write_text("#!/bin/sh\nexit 1\n")
        path.chmod(0o755)
    result = crawl(mirror.base_url, tmp_path / "out", *START, "-s", f"NEWSCRAWL_BROWSER={path}")
    render_errors = [line for line in result.error_lines() if "[newscrawl.render]" in line]
    assert len(render_errors) == 1, result.error_lines()
    assert problem.format(path=path) in render_errors[0]
    assert "apt-get install -y chromium" in render_errors[0] and "NEWSCRAWL_BROWSER" in render_errors[0]
    assert "Traceback" not in result.log
    # The crawl goes on to its end, and its finish reason and exit status say it is incomplete.
    assert "newscrawl report (unhealthy: incomplete:unrendered_pages)" in result.log
    assert result.returncode == 1
    assert [line for line in result.error_lines() if line not in render_errors] == [
        line for line in result.error_lines() if "[newscrawl.health] ERROR: Crawl health check failed: "
        "incomplete:unrendered_pages: 2" in line]
    assert sorted(item["id"] for item in result.items) == sorted(IN_LISTING_HTML)
    assert "INCOMPLETE: unrendered_pages 2" in result.log
    assert stat(result.log, "newscrawl/incomplete/unrendered_pages") == 2
    assert re.search(r"articles dropped: not_rendered 1$", result.log, re.MULTILINE)


def test_with_render_always_and_no_browser_every_page_is_read_plainly_and_counted(mirror, tmp_path):
    result = crawl(mirror.base_url, tmp_path, *START, "-a", "render=always",
                   "-s", f"NEWSCRAWL_BROWSER={tmp_path / 'no-chromium'}")
    assert len([line for line in result.error_lines() if "[newscrawl.render]" in line]) == 1
    assert result.returncode == 1 and "unhealthy: incomplete:unrendered_pages" in result.log
    # The plain HTML still gives the articles it holds; the shell and the Load more cards are missing.
    assert sorted(item["id"] for item in result.items) == sorted(IN_LISTING_HTML)
    assert stat(result.log, "newscrawl/not_rendered/always") == 4  # /europe, the shell, two cards
    assert stat(result.log, "newscrawl/incomplete/unrendered_pages") == 4
    assert rendered_paths(result.log) == []


def test_a_bad_render_argument_stops_the_run_before_it_starts(tmp_path):
    result = crawl(None, tmp_path, "-a", "render=maybe", timeout=60)
    assert result.returncode == 2
    assert "render='maybe': expected never, auto or always" in result.log
    assert "Traceback" not in result.log and "Spider opened" not in result.log
