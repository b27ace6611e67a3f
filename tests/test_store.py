"""The article store on a real SQLite file: versions, schema upgrades, refusal of foreign files."""

import json
import sqlite3

import pytest

from newscrawl.items import ARTICLE_FIELDS
from newscrawl.store import APPLICATION_ID, SCHEMA_VERSION, ArticleStore, StoreError, is_changed


def record(**changes):
    base = {
        "id": "36d48b0025aa", "url": "https://www.trtworld.com/article/36d48b0025aa",
        "title": "Kremlin hints at meeting", "subtitle": "A standfirst.", "section": "World",
        "published_at": "2025-08-07T11:20:41+00:00", "modified_at": "2025-08-07T12:02:10+00:00",
        "authors": ["Ali Topchi", "AA"], "reading_time_minutes": 1, "image_url": "https://cdn/x.jpeg",
        "image_caption": "A caption", "image_credit": "Reuters", "body": "One.\n\nTwo.", "word_count": 2,
        "source": "AA", "related": [{"title": "Rubio, on Ukraine", "url": "https://trt.global/world/article/7c1f0e2d9a44"}],
        "tags": ["Russia"], "language": "en", "crawled_at": "2026-11-20T10:00:00+00:00",
    }
    base.update(changes)
    return base


@pytest.fixture
def store(tmp_path):
    with ArticleStore.open(tmp_path / "data" / "db.sqlite") as opened:
        yield opened


def test_a_new_article_is_stored_with_every_field(store):
    assert store.save(record()) == "new"
    assert store.get("36d48b0025aa") == record()
    assert list(store.get("36d48b0025aa")) == list(ARTICLE_FIELDS)


def test_the_same_article_again_is_unchanged_and_not_rewritten(store):
    store.save(record(), seen_at="2026-11-20T10:00:00+00:00")
    assert store.save(record(crawled_at="2026-11-21T10:00:00+00:00"),
                      seen_at="2026-11-21T10:00:00+00:00") == "unchanged"
    assert store.get("36d48b0025aa")["crawled_at"] == "2026-11-20T10:00:00+00:00"
    assert store.versions("36d48b0025aa") == []
    first_seen, last_seen = store.connection.execute(
        "SELECT first_seen, last_seen FROM articles").fetchone()
    assert (first_seen, last_seen) == ("2026-11-20T10:00:00+00:00", "2026-11-21T10:00:00+00:00")


@pytest.mark.parametrize("changes", [
    {"body": "One.\n\nTwo, corrected."},
    {"title": "Kremlin confirms meeting"},
    {"subtitle": None},
    {"modified_at": "2025-08-08T09:00:00+00:00"},
])
def test_a_changed_article_replaces_the_stored_one_which_is_kept_as_a_version(store, changes):
    store.save(record())
    assert store.save(record(**changes), seen_at="2026-11-22T00:00:00+00:00") == "changed"
    assert store.get("36d48b0025aa") == record(**changes)
    versions = store.versions("36d48b0025aa")
    assert versions == [{**record(), "replaced_at": "2026-11-22T00:00:00+00:00"}]
    assert store.ids() == ["36d48b0025aa"]


def test_other_fields_alone_are_no_change_and_an_older_copy_is_stale():
    assert not is_changed(record(), record(tags=["Russia", "Ukraine"]))
    assert not is_changed(record(), record(body="older text", modified_at="2025-08-07T11:30:00+00:00"))
    assert is_changed(record(modified_at=None), record())


def test_records_are_ordered_by_publication_then_id_and_filtered(store):
    store.save(record(id="bbbbbbbbbbbb", published_at="2026-01-02T00:00:00+00:00", section="Türkiye"))
    store.save(record(id="aaaaaaaaaaaa", published_at="2026-01-02T00:00:00+00:00"))
    store.save(record(id="18261853", published_at="2025-12-31T23:59:59+00:00"))
    assert [r["id"] for r in store.records()] == ["18261853", "aaaaaaaaaaaa", "bbbbbbbbbbbb"]
    import datetime as dt
    assert [r["id"] for r in store.records(since=dt.date(2026, 1, 2))] == ["aaaaaaaaaaaa", "bbbbbbbbbbbb"]
    assert [r["id"] for r in store.records(until=dt.date(2025, 12, 31))] == ["18261853"]
    assert [r["id"] for r in store.records(section="TÜRKİYE")] == ["bbbbbbbbbbbb"]
    summary = store.summary()
    assert summary["articles"] == 3
    assert summary["months"] == [("2025-12", 1), ("2026-01", 2)]
    assert summary["sections"] == [("World", 2), ("Türkiye", 1)]


# A database as schema version 1 wrote it, spelled out by hand (not produced by the code under test).
VERSION_1 = """
CREATE TABLE articles (id TEXT PRIMARY KEY NOT NULL, url TEXT NOT NULL, title TEXT, subtitle TEXT, section TEXT,
    published_at TEXT, modified_at TEXT, authors TEXT NOT NULL DEFAULT '[]', reading_time_minutes INTEGER,
    image_url TEXT, image_caption TEXT, image_credit TEXT, body TEXT NOT NULL DEFAULT '',
    word_count INTEGER NOT NULL DEFAULT 0, source TEXT, related TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]', language TEXT, crawled_at TEXT);
CREATE TABLE article_versions (id TEXT NOT NULL, url TEXT NOT NULL, title TEXT, subtitle TEXT, section TEXT,
    published_at TEXT, modified_at TEXT, authors TEXT NOT NULL DEFAULT '[]', reading_time_minutes INTEGER,
    image_url TEXT, image_caption TEXT, image_credit TEXT, body TEXT NOT NULL DEFAULT '',
    word_count INTEGER NOT NULL DEFAULT 0, source TEXT, related TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]', language TEXT, crawled_at TEXT, replaced_at TEXT NOT NULL);
INSERT INTO articles VALUES ('18261853', 'https://www.trtworld.com/article/18261853', 'Old title', NULL, 'War on Gaza',
    '2025-09-09T17:40:00+00:00', NULL, '["AA"]', 3, NULL, NULL, NULL, 'Body.', 1, 'AA', '[]', '["Gaza"]', 'en',
    '2025-09-10T00:00:00+00:00');
INSERT INTO article_versions VALUES ('18261853', 'https://www.trtworld.com/article/18261853', 'Older title', NULL,
    'War on Gaza', '2025-09-09T17:40:00+00:00', NULL, '[]', 3, NULL, NULL, NULL, 'Body.', 1, 'AA', '[]', '[]', 'en',
    '2025-09-09T18:00:00+00:00', '2025-09-10T00:00:00+00:00');
PRAGMA user_version = 1;
"""


def test_a_database_of_schema_version_1_is_upgraded_in_place_without_losing_rows(tmp_path):
    path = tmp_path / "old.sqlite"
    connection = sqlite3.connect(path)
    connection.executescript(VERSION_1)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.commit()
    connection.close()

    with ArticleStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        assert store.links("18261853") == []
        old = store.get("18261853")
        assert old["title"] == "Old title" and old["authors"] == ["AA"] and old["tags"] == ["Gaza"]
        assert [v["title"] for v in store.versions("18261853")] == ["Older title"]
        first_seen, last_seen = store.connection.execute(
            "SELECT first_seen, last_seen FROM articles WHERE id = '18261853'").fetchone()
        assert first_seen == last_seen == "2025-09-10T00:00:00+00:00"
        indexes = {row[0] for row in store.connection.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"articles_by_publication", "article_versions_by_id"} <= indexes
        assert store.save(record(id="18261853", published_at="2025-09-09T17:40:00+00:00")) == "changed"
        assert len(store.versions("18261853")) == 2
    with ArticleStore.open(path) as store:  # opening an up-to-date file changes nothing
        assert store.ids() == ["18261853"]


def test_the_store_is_in_wal_mode_with_a_busy_timeout(store):
    assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000


def test_another_applications_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.execute("INSERT INTO notes VALUES ('keep me')")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a newscrawl database"):
        ArticleStore.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(json.dumps(record()) * 20 + "\n")
    before = path.read_bytes()
    with pytest.raises(StoreError) as raised:
        ArticleStore.open(path)
    assert "\n" not in str(raised.value) and str(path) in str(raised.value)
    assert path.read_bytes() == before


def test_a_database_of_a_newer_newscrawl_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    ArticleStore.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(StoreError, match="newer newscrawl"):
        ArticleStore.open(path)


def test_a_directory_or_a_missing_database_without_create_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        ArticleStore.open(tmp_path)
    with pytest.raises(StoreError, match="no such database"):
        ArticleStore.open(tmp_path / "missing.sqlite", create=False)
    assert not (tmp_path / "missing.sqlite").exists()
