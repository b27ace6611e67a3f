"""Crawl health checks, from stats alone (the end-to-end side is in test_faults.py)."""

from pathlib import Path

import pytest

from newscrawl.health import (EXIT_HEALTHY, EXIT_INTERRUPTED, EXIT_UNHEALTHY, Thresholds, evaluate, exit_status,
                              unhealthy_reason)
from newscrawl.reportfiles import SAFE_NAME, local_feed_path, report_paths


def healthy_stats(**changes):
    stats = {
        "downloader/response_status_count/200": 95, "downloader/response_status_count/404": 5,
        "newscrawl/pages/article": 50, "newscrawl/articles_written": 48, "newscrawl/dropped/not_html": 2,
    }
    for name in ("title", "body", "published_at", "section", "image_url", "reading_time_minutes"):
        stats[f"newscrawl/field/{name}/present"] = 48
    stats.update(changes)
    return stats


def checks(stats, **thresholds):
    return [failure.check for failure in evaluate(stats, Thresholds(**thresholds))]


def test_a_good_crawl_passes_every_check():
    assert evaluate(healthy_stats(), Thresholds()) == []


def test_an_empty_crawl_fails_min_articles():
    failures = evaluate({}, Thresholds())
    assert [f.check for f in failures] == ["min_articles"]
    assert failures[0].message == "min_articles: 0 articles read right, new, changed or unchanged (at least 1 required)"
    assert checks({}, min_articles=0) == []


def test_403_on_most_requests_is_blocked():
    stats = {"downloader/response_status_count/403": 12, "downloader/response_status_count/200": 1}
    failures = evaluate(stats, Thresholds())
    assert [f.check for f in failures] == ["blocked", "min_articles"]
    assert failures[0].measured == pytest.approx(12 / 13, abs=1e-4)
    assert "92% of 13 requests failed (403/429 x12" in failures[0].message
    assert "refuses the crawler" in failures[0].message
    assert unhealthy_reason(failures) == "unhealthy: blocked, min_articles"


def test_the_dominant_cause_names_the_failure():
    assert checks(healthy_stats(**{"downloader/response_status_count/503": 30}))[0] == "server_errors"
    assert checks(healthy_stats(**{"downloader/exception_type_count/twisted.internet.error.TimeoutError": 30}))[0] \
        == "unreachable"
    # 404s are dead links, not a failing site; 10 errors of 110 requests stay within the 10% allowed.
    assert checks(healthy_stats(**{"downloader/response_status_count/404": 100})) == []
    assert checks(healthy_stats(**{"downloader/response_status_count/429": 11})) == []
    assert checks(healthy_stats(**{"downloader/response_status_count/429": 12})) == ["blocked"]


def test_fields_below_their_share_and_required_fields_missing():
    stats = healthy_stats(**{"newscrawl/field/section/present": 40, "newscrawl/field/published_at/present": 47})
    failures = {f.check: f for f in evaluate(stats, Thresholds())}
    assert list(failures) == ["required:published_at", "field_share:section"]
    assert failures["field_share:section"].message == \
        "field_share:section: on 83% of 48 articles (at least 90% expected)"
    assert failures["required:published_at"].message == \
        "required:published_at: on 47 of 48 articles (required on every article)"


def test_too_many_dropped_article_pages():
    stats = healthy_stats(**{"newscrawl/dropped/missing_title_body_published_at": 4})
    failures = evaluate(stats, Thresholds())
    assert [f.check for f in failures] == ["dropped"]
    assert failures[0].message == "dropped: 6 of 50 article pages dropped (12%; at most 10% allowed)"


def test_any_incomplete_count_fails_the_crawl():
    assert checks(healthy_stats(**{"newscrawl/incomplete/unrendered_pages": 3})) == ["incomplete:unrendered_pages"]


def test_thresholds_come_from_settings():
    from scrapy.settings import Settings
    settings = Settings({"NEWSCRAWL_HEALTH_MIN_ARTICLES": "5", "NEWSCRAWL_HEALTH_MIN_FIELD_SHARE": '{"tags": 0.5}',
                         "NEWSCRAWL_HEALTH_MAX_ERROR_SHARE": "0.5"})
    thresholds = Thresholds.from_settings(settings)
    assert thresholds.min_articles == 5
    assert thresholds.min_field_share == (("tags", 0.5),)
    assert thresholds.max_error_share == 0.5


@pytest.mark.parametrize("reason, stats, status", [
    ("finished", {}, EXIT_HEALTHY),
    ("unhealthy: blocked", {}, EXIT_UNHEALTHY),
    ("closespider_itemcount", {"newscrawl/health/status": "healthy"}, EXIT_HEALTHY),
    ("closespider_itemcount", {"newscrawl/health/status": "unhealthy: field_share:section"}, EXIT_UNHEALTHY),
    ("shutdown", {"newscrawl/health/status": "healthy"}, EXIT_INTERRUPTED),
    ("cancelled", {}, EXIT_INTERRUPTED),
    (None, {}, EXIT_INTERRUPTED),
])
def test_exit_status(reason, stats, status):
    assert exit_status(reason, stats) == status


def test_report_files_go_next_to_local_feeds_the_log_and_the_report_dir(tmp_path):
    paths = report_paths([str(tmp_path / "a.jsonl"), (tmp_path / "b.csv").as_uri(), "s3://bucket/c.jsonl"],
                         str(tmp_path / "logs" / "job1.log"), str(tmp_path / "reports"), "job1")
    assert paths == [tmp_path / "a.jsonl.report.json", tmp_path / "b.csv.report.json",
                     tmp_path / "logs" / "job1.report.json", tmp_path / "reports" / "job1.report.json"]
    assert local_feed_path("ftp://host/x.jsonl") is None
    assert local_feed_path("out/x.jsonl") == Path("out/x.jsonl")


@pytest.mark.parametrize("name, safe", [("5f3c2a", True), ("job_1.2-a", True), ("../x", False), ("/etc/x", False),
                                        (".hidden", False), ("a/b", False), ("", False)])
def test_job_ids_that_become_file_names(name, safe):
    assert bool(SAFE_NAME.match(name)) is safe


def incremental_hour(**changes):
    """An hourly incremental run: most stored articles skipped, a few refreshed, the site's two permanently
    broken pages read again."""
    stats = {"downloader/response_status_count/200": 24, "downloader/response_status_count/500": 3,
             "newscrawl/pages/article": 8, "newscrawl/pages/not_html": 1, "newscrawl/dropped/not_html": 1,
             "newscrawl/dropped/missing_title_body_published_at": 1, "newscrawl/store/unchanged": 6,
             "newscrawl/store/skipped": 300, "newscrawl/articles_written": 1, "retry/count": 2}
    for name in ("title", "body", "published_at"):
        stats[f"newscrawl/field/{name}/present"] = 1
    stats.update(changes)
    return stats


def test_share_checks_need_a_sample_so_an_incremental_hour_is_healthy():
    assert checks(incremental_hour()) == []
    # The same shares over a sample that large would fail.
    assert checks(incremental_hour(), min_sample=5) == ["dropped"]


def test_a_quiet_hour_with_nothing_new_is_healthy_but_nothing_read_is_not():
    assert checks(incremental_hour(**{"newscrawl/articles_written": 0})) == []
    nothing = incremental_hour(**{"newscrawl/articles_written": 0, "newscrawl/store/unchanged": 0})
    # With nothing read, the small sample is the explanation and is reported.
    assert checks(nothing) == ["min_articles", "dropped"]


def test_a_small_sample_of_refusals_still_says_blocked_when_nothing_was_read():
    stats = {"downloader/response_status_count/403": 3}
    assert checks(stats) == ["blocked", "min_articles"]
