"""End to end: crawls of the mirror into one SQLite store, run again and again as a scheduled job runs them.

Real components throughout: the mirror (a copy of it where the test changes the site) over HTTP on
127.0.0.1, ``scrapy crawl`` and ``scrapy export`` as subprocesses, the store as a real SQLite file.
"""

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import jsonschema
import pytest

from newscrawl.export import read_parquet_records
from newscrawl.exporters import read_csv_records
from newscrawl.schema import article_schema
from newscrawl.store import ArticleStore
from tests.conftest import REPO, crawl, load_expected
from tests.incremental_helpers import scrapy_export
from tests.site import mutate
from tests.site.serve import MirrorServer

EXPECTED = {record["id"]: record for record in load_expected()}
CHANGED_ID = "e2f6a8b41c57"  # published 2026-11-04
OLD_ID = "36d48b0025aa"  # published 2025-08-07: always older than the refresh window below
NEW_ARTICLES = [
    mutate.new_article("a1b2c3d4e5f6", published="2026-11-25T08:00:00Z", modified="2026-11-25T09:30:00Z"),
    mutate.new_article("18400001", section="World", title="Older-CMS style id on a new article",
                       published="2026-11-26T05:00:00Z", modified="2026-11-26T05:00:00Z",
                       explore=[OLD_ID, CHANGED_ID]),
]


def without_crawled_at(record):
    return {key: value for key, value in record.items() if key != "crawled_at"}


def days_since(iso_time: str) -> int:
    return (dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(iso_time)).days


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Crawl the mirror; publish two articles and change one; crawl again into the same store."""
    tmp = tmp_path_factory.mktemp("two-runs")
    db = tmp / "db.sqlite"
    root = mutate.copy_mirror(tmp / "site")
    with MirrorServer(root=root) as mirror:
        first = crawl(mirror.base_url, tmp / "run1", "-s", f"NEWSCRAWL_DB={db}")
        added = [mutate.add_article(root, NEW_ARTICLES[0]),
                 mutate.add_article(root, NEW_ARTICLES[1], listing="politics.html")]
        changed = mutate.change_article(
            root, CHANGED_ID, modified="2026-11-26T10:00:00Z",
            body=["An update: the count is final, officials said on Thursday.",
                  *[item for item in mutate.build.BY_ID[CHANGED_ID]["body"]]])
        # Refresh exactly the articles published since the changed one (the others are skipped), whatever
        # today's date is.
        refresh_days = days_since(EXPECTED[CHANGED_ID]["published_at"]) + 1
        second = crawl(mirror.base_url, tmp / "run2", "-s", f"NEWSCRAWL_DB={db}", "-a", f"refresh_days={refresh_days}")
    return {"db": db, "first": first, "second": second, "added": added, "changed": changed, "tmp": tmp,
            "refresh_days": refresh_days, "root": root}


def test_the_first_run_stores_and_feeds_every_article(two_runs):
    first = two_runs["first"]
    assert first.returncode == 0, first.log[-2000:]
    assert sorted(item["id"] for item in first.items) == sorted(EXPECTED)
    assert f"store: new {len(EXPECTED)}" in first.log


def test_the_second_runs_feed_holds_exactly_the_new_and_changed_articles(two_runs):
    second = two_runs["second"]
    assert second.returncode == 0, second.log[-2000:]
    fed = {item["id"]: without_crawled_at(item) for item in second.items}
    expected = {record["id"]: record for record in [*two_runs["added"], two_runs["changed"]]}
    assert sorted(fed) == sorted(expected) == sorted(["a1b2c3d4e5f6", "18400001", CHANGED_ID])
    assert fed == expected
    assert "store: changed 1, new 2, " in second.log


def test_stored_articles_older_than_refresh_days_are_not_fetched_again(two_runs):
    second = two_runs["second"]
    assert not second.requested(f"/article/{OLD_ID}")
    assert second.requested(f"/article/{CHANGED_ID}")
    assert second.requested("/politics") and second.requested("/feed/rss.xml") and second.requested("/sitemap.xml")
    # 9a7c5e3b1d0f is linked only by an older slug URL with a renumbered id: only the site's redirect tells
    # its id, so it is fetched (and found unchanged) rather than skipped.
    skipped = sum(1 for record in EXPECTED.values()
                  if days_since(record["published_at"]) >= two_runs["refresh_days"] and record["id"] != "9a7c5e3b1d0f")
    store_line = next(line for line in second.log.splitlines() if line.strip().startswith("store:"))
    assert f"skipped {skipped}" in store_line, store_line


def test_the_store_holds_every_article_once_with_the_previous_version_kept(two_runs):
    with ArticleStore.open(two_runs["db"], create=False) as store:
        assert store.ids() == sorted([*EXPECTED, "a1b2c3d4e5f6", "18400001"])
        assert without_crawled_at(store.get(CHANGED_ID)) == two_runs["changed"]
        versions = store.versions(CHANGED_ID)
        assert len(versions) == 1
        assert without_crawled_at({k: v for k, v in versions[0].items() if k != "replaced_at"}) == EXPECTED[CHANGED_ID]
        assert versions[0]["replaced_at"] >= versions[0]["crawled_at"]
        for article_id in EXPECTED:
            if article_id != CHANGED_ID:
                assert store.versions(article_id) == []
                assert without_crawled_at(store.get(article_id)) == EXPECTED[article_id]


@pytest.fixture(scope="module")
def exports(two_runs):
    tmp = two_runs["tmp"]
    paths = {"jsonl": tmp / "all.jsonl", "csv": tmp / "all.csv", "parquet": tmp / "all.parquet"}
    for path in paths.values():
        done = scrapy_export(path, "--db", two_runs["db"])
        assert done.returncode == 0, done.stderr
        assert f"exported {len(EXPECTED) + 2} articles" in done.stderr
    jsonl = [json.loads(line) for line in paths["jsonl"].read_text(encoding="utf-8").splitlines()]
    return {"jsonl": jsonl, "csv": list(read_csv_records(paths["csv"])),
            "parquet": read_parquet_records(paths["parquet"]), "paths": paths}


def test_exports_in_all_three_formats_agree_record_for_record(exports, two_runs):
    assert len(exports["jsonl"]) == len(EXPECTED) + 2
    assert exports["csv"] == exports["jsonl"]
    assert exports["parquet"] == exports["jsonl"]
    with ArticleStore.open(two_runs["db"], create=False) as store:
        assert exports["jsonl"] == list(store.records())


def test_an_export_is_ordered_by_publication_then_id_with_the_feeds_fields(exports, two_runs):
    keys = [(record["published_at"], record["id"]) for record in exports["jsonl"]]
    assert keys == sorted(keys)
    # The same bytes per record as the crawl's own feed: same exporter, same field order.
    feed_lines = two_runs["first"].jsonl_path.read_text(encoding="utf-8").splitlines()
    export_lines = exports["paths"]["jsonl"].read_text(encoding="utf-8").splitlines()
    unchanged_feed_lines = [line for line in feed_lines if json.loads(line)["id"] != CHANGED_ID]
    assert set(unchanged_feed_lines) <= set(export_lines)


def test_the_parquet_export_has_proper_types(exports):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(exports["paths"]["parquet"])
    assert schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("crawled_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("authors").type == pa.list_(pa.string())
    assert schema.field("related").type == pa.list_(pa.struct([("title", pa.string()), ("url", pa.string())]))
    assert schema.field("word_count").type == pa.int32()


def test_every_exported_record_is_valid_against_the_shipped_json_schema(exports):
    schema = article_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for record in exports["jsonl"]:
        errors = [error.message for error in validator.iter_errors(record)]
        assert errors == [], record["id"]
    broken = dict(exports["jsonl"][0], published_at="2025-13-45T00:00:00+00:00", extra="x")
    assert len(list(validator.iter_errors(broken))) == 2


def test_export_filters_by_day_and_section(two_runs, tmp_path):
    out = tmp_path / "selection.jsonl"
    done = scrapy_export(out, "--db", two_runs["db"], "--since", "2026-01-01", "--until", "2026-10-31",
                         "--section", "POLITICS")
    assert done.returncode == 0, done.stderr
    got = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    expected = sorted((r["published_at"], r["id"]) for r in EXPECTED.values()
                      if r["section"] == "Politics" and "2026-01-01" <= r["published_at"][:10] <= "2026-10-31")
    assert got == [article_id for _, article_id in expected] and got


def test_export_stats_summarises_the_dataset_from_the_environment_variables_store(two_runs):
    done = scrapy_export("--stats", env_db=two_runs["db"])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"articles: {len(EXPECTED) + 2}"
    assert lines[1] == "published: 2025-01-22 to 2026-11-26"
    assert "earlier versions kept: 1" in lines
    politics = sum(1 for r in EXPECTED.values() if r["section"] == "Politics") + 1  # + a1b2c3d4e5f6
    assert any(line.split() == ["Politics", str(politics)] for line in lines)
    november = sum(1 for r in EXPECTED.values() if r["published_at"].startswith("2026-11")) + 2
    assert any(line.split() == ["2026-11", str(november)] for line in lines)


def test_full_fetches_everything_again_and_feeds_nothing_unchanged(two_runs, tmp_path):
    with MirrorServer(root=two_runs["root"]) as mirror:
        third = crawl(mirror.base_url, tmp_path, "-s", f"NEWSCRAWL_DB={two_runs['db']}", "-a", "full=1")
    assert third.returncode == 0
    assert third.requested(f"/article/{OLD_ID}")
    assert third.items == []
    assert f"store: unchanged {len(EXPECTED) + 2}" in third.log
    assert "skipped" not in third.log.split("store:")[1].splitlines()[0]


def test_a_crawl_killed_mid_way_loses_nothing(mirror, tmp_path):
    db = tmp_path / "db.sqlite"
    command = [sys.executable, "-m", "scrapy", "crawl", "trtworld", "-a", f"base_url={mirror.base_url}",
               "-s", f"NEWSCRAWL_DB={db}", "-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0.1",
               "-O", str(tmp_path / "killed.jsonl")]
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCRAPY_") and key != "NEWSCRAWL_DB"}
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored_before_kill = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as reader:
                        count = reader.execute("SELECT count(*) FROM articles").fetchone()[0]
                except sqlite3.OperationalError:
                    count = 0  # the schema is being created
                if count >= 8:
                    break
            time.sleep(0.02)
        assert process.poll() is None, "the crawl ended before it could be killed: slow it down"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    with ArticleStore.open(db, create=False) as store:
        stored_before_kill = store.ids()
    assert 8 <= len(stored_before_kill) < len(EXPECTED)

    again = crawl(mirror.base_url, tmp_path / "again", "-s", f"NEWSCRAWL_DB={db}")
    assert again.returncode == 0
    with ArticleStore.open(db, create=False) as store:
        assert store.ids() == sorted(EXPECTED)
        assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.connection.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 0
        for article_id in EXPECTED:
            assert without_crawled_at(store.get(article_id)) == EXPECTED[article_id]
    # The run after the kill fed exactly what the killed one had not stored.
    assert sorted(item["id"] for item in again.items) == sorted(set(EXPECTED) - set(stored_before_kill))


def test_two_crawls_at_once_on_one_store_both_succeed_and_store_each_article_once(mirror, tmp_path):
    db = tmp_path / "db.sqlite"
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCRAPY_") and key != "NEWSCRAWL_DB"}
    processes = []
    for name in ("a", "b"):
        command = [sys.executable, "-m", "scrapy", "crawl", "trtworld", "-a", f"base_url={mirror.base_url}",
                   "-s", f"NEWSCRAWL_DB={db}", "-O", str(tmp_path / f"{name}.jsonl")]
        processes.append(subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT, text=True))
    logs = [process.communicate(timeout=120)[0] for process in processes]
    for process, log in zip(processes, logs):
        assert process.returncode == 0, log[-2000:]
        assert "Traceback" not in log and "database is locked" not in log
    fed = [json.loads(line)["id"] for name in ("a", "b")
           for line in (tmp_path / f"{name}.jsonl").read_text().splitlines()]
    assert sorted(fed) == sorted(EXPECTED)  # each article new in exactly one of the two runs
    with ArticleStore.open(db, create=False) as store:
        assert store.ids() == sorted(EXPECTED)
        assert store.connection.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 0


def test_a_crawl_refuses_a_store_that_is_not_a_newscrawl_database_and_leaves_it_untouched(tmp_path):
    foreign = tmp_path / "notes.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    before = foreign.read_bytes()
    result = crawl(None, tmp_path, "-s", f"NEWSCRAWL_DB={foreign}", timeout=60)
    assert result.returncode == 2
    assert f"NEWSCRAWL_DB: {foreign}: not a newscrawl database" in result.log
    assert "Traceback" not in result.log and "Spider opened" not in result.log
    assert foreign.read_bytes() == before
