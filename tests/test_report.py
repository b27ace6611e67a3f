from newscrawl.report import build_report


def test_the_report_names_failures_drops_and_sources():
    stats = {
        "newscrawl/pages/article": 3, "newscrawl/pages/home": 1,
        "downloader/response_status_count/200": 4, "downloader/response_status_count/503": 2,
        "downloader/exception_type_count/scrapy.exceptions.CannotResolveHostError": 3,
        "retry/max_reached": 1,
        "newscrawl/articles_written": 2,
        "newscrawl/dropped/missing_title": 1,
        "newscrawl/duplicates_skipped": 4,
        "newscrawl/field/title/present": 2, "newscrawl/field/title/source/jsonld": 1,
        "newscrawl/field/title/source/page_text": 1,
        "newscrawl/field/subtitle/present": 1, "newscrawl/field/subtitle/source/meta": 1,
    }
    report = build_report(stats, "finished")
    assert report.splitlines()[0] == "newscrawl report (finished)"
    assert "pages fetched: article 3, home 1" in report
    assert "error responses: 503 x2" in report
    assert "download failures: CannotResolveHostError x3" in report
    assert "requests given up after retries: 1" in report
    assert "articles written: 2" in report
    assert "articles dropped: missing_title 1" in report
    assert "duplicates skipped: 4" in report
    assert any(line.split() == ["title", "100%", "JSON-LD", "1,", "page", "text", "1"] for line in report.splitlines())
    assert any(line.split()[:2] == ["subtitle", "50%"] for line in report.splitlines())


def test_an_empty_crawl_says_so():
    report = build_report({}, "finished")
    assert "pages fetched: none" in report
    assert "articles written: 0" in report
    assert "fields" not in report


def test_feature_counters_get_a_line_each():
    report = build_report({"newscrawl/store/new": 2, "newscrawl/store/unchanged": 5,
                           "newscrawl/incomplete/unrendered_pages": 1}, "finished")
    assert "  store: new 2, unchanged 5" in report.splitlines()
    assert "  INCOMPLETE: unrendered_pages 1" in report.splitlines()


def test_the_report_lists_each_failed_health_check_and_robots_exclusions():
    stats = {"robotstxt/forbidden": 2, "newscrawl/health/status": "unhealthy: blocked, min_articles",
             "newscrawl/health/failed/blocked": "blocked: 100% of 4 requests failed (403/429 x4)",
             "newscrawl/health/failed/min_articles": "min_articles: 0 articles read right, new, changed or unchanged (at least 1 required)"}
    lines = build_report(stats, "unhealthy: blocked, min_articles").splitlines()
    assert lines[0] == "newscrawl report (unhealthy: blocked, min_articles)"
    assert "  not fetched, forbidden by robots.txt: 2" in lines
    start = lines.index("  health: UNHEALTHY")
    assert lines[start + 1:start + 3] == ["    failed blocked: 100% of 4 requests failed (403/429 x4)",
                                          "    failed min_articles: 0 articles read right, new, changed or unchanged (at least 1 required)"]


def test_report_data_carries_the_verdict_and_the_counts():
    from newscrawl.report import build_report_data
    data = build_report_data({"newscrawl/health/status": "unhealthy: blocked",
                              "newscrawl/health/failed/blocked": "blocked: ...",
                              "downloader/response_status_count/403": 4, "newscrawl/faults/truncated_html": 1},
                             "unhealthy: blocked")
    assert data["exit_status"] == 1
    assert data["health"] == {"status": "unhealthy: blocked", "failed": [{"check": "blocked", "message": "blocked: ..."}]}
    assert data["responses_by_status"] == {"403": 4}
    assert data["counters"] == {"faults": {"truncated_html": 1}}
    assert data["fields"]["title"] == {"share": None, "present": 0, "sources": {}}
