"""The canary (-a canary=1) against the mirror: what it prints, what it does not write, its exit status."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.site.serve import MirrorServer


def run_canary(base_url: str, *extra: str, cwd=REPO):
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCRAPY_") and key != "NEWSCRAWL_DB"}
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "trtworld", "-a", f"base_url={base_url}",
                           "-a", "canary=1", *extra], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def canary(mirror, tmp_path_factory):
    out = tmp_path_factory.mktemp("canary") / "articles.jsonl"
    out.write_text("an earlier dataset\n", encoding="utf-8")
    done = run_canary(mirror.base_url, "-O", str(out))
    done.feed = out
    return done


def test_a_healthy_site_passes(canary):
    assert canary.returncode == 0, canary.stderr[-3000:]
    assert canary.stdout.rstrip().endswith("verdict: OK (title, body, published_at on every article read)")


def test_no_feed_is_written_and_an_existing_file_is_left_alone(canary):
    assert canary.feed.read_text(encoding="utf-8") == "an earlier dataset\n"
    assert "canary=1 writes no feed: the -o/-O output is ignored" in canary.stderr
    assert not canary.feed.with_name("articles.jsonl.report.json").exists()


def test_it_reports_sections_pagination_feed_robots_and_sitemaps(canary):
    out = canary.stdout
    assert re.search(r"homepage +200 +/ +7 sections \(homepage navigation\); 14 article links; "
                     r"feeds in <head>: /feed/rss.xml", out)
    assert re.search(r"section +200 +/politics +4 article links, 4 dated; next page: /politics\?page=2", out)
    assert re.search(r"section +200 +/opinion +2 article links, 2 dated; next page: none", out)
    assert len(re.findall(r"^  section ", out, re.MULTILINE)) == 7
    assert re.search(r"feed +200 +/feed/rss.xml +10 items, 10 dated", out)
    assert re.search(r"robots.txt +200 +/robots.txt +sitemaps listed: /sitemap.xml, /sitemaps/news.xml; "
                     r"disallowed: /search", out)
    assert re.search(r"sitemap +200 +/sitemap.xml +index of 1 sitemaps", out)
    assert re.search(r"sitemap +200 +/sitemaps/news.xml +3 pages, 3 with a news publication date", out)
    # Only first pages of sections: the canary does not paginate, nor follow article links.
    assert "page=2 " not in canary.stderr and "/politics?page=2>" not in canary.stderr


def test_the_three_newest_articles_with_the_source_of_each_field(canary):
    out = canary.stdout
    # The newest three by the dates the feed, sitemaps and listings give (expected/README.md).
    listed = re.findall(r"^  (\d)\. https://www.trtworld.com/article/(\w+)  status 200", out, re.MULTILINE)
    assert listed == [("1", "91c3e6d0b8f2"), ("2", "d7b2e5a09c64"), ("3", "8c0f4a2d6b17")]
    newest = out[out.index("1. https://www.trtworld.com/article/91c3e6d0b8f2"):out.index("2. https://")]
    # 91c3e6d0b8f2 has no JSON-LD or page data; its date comes from the Google News sitemap only.
    assert re.search(r"^ +title +meta +Heavy snowfall closes roads", newest, re.MULTILINE)
    assert re.search(r"^ +published_at +sitemap +2026-11-26T06:15:00\+00:00", newest, re.MULTILINE)
    assert re.search(r"^ +section +page text +Türkiye", newest, re.MULTILINE)
    assert re.search(r"^ +modified_at +none +-", newest, re.MULTILINE)
    third = out[out.index("3. https://"):]
    assert re.search(r"^ +title +page data +Baykar signs deal", third, re.MULTILINE)
    assert re.search(r"^ +body +page text +Turkish drone maker", third, re.MULTILINE)


def test_a_missing_required_field_fails_the_canary(tmp_path):
    # The newest article serves a page that is site chrome only: no title, body or date of its own.
    faults = {"/article/91c3e6d0b8f2": {"kind": "body", "content_type": "text/html; charset=utf-8",
                                        "file": "pages/article/0bad0bad0bad.html"}}
    with MirrorServer(faults=faults) as server:
        done = run_canary(server.base_url)
    assert done.returncode == 1
    assert "Spider closed (unhealthy: canary)" in done.stderr
    assert "verdict: FAILED" in done.stdout
    assert re.search(r"^ +title +none +- +<- REQUIRED, MISSING", done.stdout, re.MULTILINE)
    assert "  https://www.trtworld.com/article/91c3e6d0b8f2: missing title, body" in done.stdout


def test_an_unreachable_site_fails_the_canary():
    with MirrorServer() as server:
        closed = server.base_url
    done = run_canary(closed, "-s", "RETRY_TIMES=0")
    assert done.returncode == 1
    assert re.search(r"homepage +failed \(\w+\)", done.stdout)
    assert "no article link found on the homepage, sections, feed or sitemaps" in done.stdout


def test_the_canary_leaves_the_store_alone(mirror, tmp_path):
    store = tmp_path / "store.sqlite"
    done = run_canary(mirror.base_url, "-s", f"NEWSCRAWL_DB={store}")
    assert done.returncode == 0, done.stderr[-3000:]
    assert not store.exists()
