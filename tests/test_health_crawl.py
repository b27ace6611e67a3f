"""Crawl health end to end: the mirror crawl is healthy under the defaults; exit statuses; report files."""

import json
import re

from tests.conftest import crawl, load_expected

EXPECTED = load_expected()


def test_the_mirror_crawl_is_healthy_under_the_default_thresholds(full_crawl):
    assert full_crawl.returncode == 0
    assert "Spider closed (finished)" in full_crawl.log
    assert "  health: healthy" in full_crawl.log


def test_a_report_json_is_written_next_to_each_feed(full_crawl):
    for feed in (full_crawl.jsonl_path, full_crawl.csv_path):
        data = json.loads(feed.with_name(feed.name + ".report.json").read_text(encoding="utf-8"))
        assert data["finish_reason"] == "finished"
        assert data["exit_status"] == 0
        assert data["health"] == {"status": "healthy", "failed": []}
        assert data["articles_written"] == len(EXPECTED)
        assert data["articles_dropped"] == {"missing_title_body_published_at": 1, "not_html": 1}
        assert data["responses_by_status"]["500"] == 3
        assert data["fields"]["title"]["share"] == 1.0
        assert data["spider"] == "trtworld"


def test_an_unhealthy_crawl_says_so_and_exits_1(mirror, tmp_path):
    result = crawl(mirror.base_url, tmp_path, "-s", "NEWSCRAWL_HEALTH_MIN_ARTICLES=100",
                   "-s", 'NEWSCRAWL_HEALTH_MIN_FIELD_SHARE={"related": 0.5}', "-s", "LOG_FILE=" + str(tmp_path / "job.log"))
    log = (tmp_path / "job.log").read_text(encoding="utf-8")
    assert result.returncode == 1
    assert "Spider closed (unhealthy: min_articles, field_share:related)" in log
    assert f"    failed min_articles: {len(EXPECTED)} articles read right, new, changed or unchanged (at least 100 required)" in log
    assert "    failed field_share:related: on 15% of 26 articles (at least 50% expected)" in log
    # The articles that were read are still written.
    assert len(result.items) == len(EXPECTED)
    # Next to the log (where Scrapyd keeps a job's log) as well as next to the feeds.
    data = json.loads((tmp_path / "job.report.json").read_text(encoding="utf-8"))
    assert data["finish_reason"] == "unhealthy: min_articles, field_share:related"
    assert data["exit_status"] == 1


def test_a_crawl_bounded_on_purpose_is_judged_on_its_health(mirror, tmp_path):
    result = crawl(mirror.base_url, tmp_path, "-s", "CLOSESPIDER_ITEMCOUNT=3")
    assert "Spider closed (closespider_itemcount)" in result.log
    assert result.returncode == 0
    assert "  health: healthy" in result.log


def test_a_report_dir_gets_the_report_under_the_job_id(mirror, tmp_path):
    result = crawl(mirror.base_url, tmp_path, "-a", "_job=abc123", "-s", f"NEWSCRAWL_REPORT_DIR={tmp_path / 'reports'}")
    assert result.returncode == 0
    data = json.loads((tmp_path / "reports" / "abc123.report.json").read_text(encoding="utf-8"))
    assert data["articles_written"] == len(EXPECTED)
    assert re.search(r"Crawl report written to \S+/reports/abc123.report.json", result.log)
