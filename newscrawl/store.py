"""The lasting article store: one SQLite file that every crawl adds to and ``scrapy export`` reads.

Layout (schema version ``SCHEMA_VERSION``, kept in ``PRAGMA user_version``; ``PRAGMA application_id`` marks
the file as a newscrawl database, so that no other SQLite file is ever taken for one):

- ``articles``: one row per article id, its latest version: the record's fields (list fields as JSON text),
  plus ``first_seen`` and ``last_seen`` (when a crawl first and last stored or met it, ISO 8601 UTC);
- ``article_versions``: earlier versions of an article, each with ``replaced_at``, the time a newer one
  replaced it;
- ``article_links``: the article ids each article page links to (Explore, Related...), recorded before the
  article itself is stored.

The code creates the layout and upgrades an older one in place on open (``MIGRATIONS``, run in order inside
one write transaction, so that two processes opening an old file at once upgrade it once).

Several crawls may write at once (Scrapyd runs jobs in parallel): the file is in WAL mode, a writer waits
for another (``busy_timeout``) instead of failing, and each article is read, compared and written in one
``BEGIN IMMEDIATE`` transaction, so that two crawls storing the same article store it once. Each article is
committed on its own: a crawl killed at any moment has stored every article it reported as stored, and
nothing else (``synchronous=NORMAL`` in WAL mode survives a killed process; only a power cut may lose the
last commits).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping

from newscrawl.items import ARTICLE_FIELDS

APPLICATION_ID = 0x4E435257  # "NCRW": identifies a newscrawl database in the SQLite header
SCHEMA_VERSION = 3
BUSY_TIMEOUT_MS = 60_000
DEFAULT_PATH = "data/newscrawl.sqlite"

JSON_FIELDS = ("authors", "related", "tags")
# The fields whose change makes a new version (besides a newer modified_at).
CONTENT_FIELDS = ("title", "subtitle", "body")

_RECORD_COLUMNS = """
    id TEXT {id_constraint}, url TEXT NOT NULL, title TEXT, subtitle TEXT, section TEXT,
    published_at TEXT, modified_at TEXT, authors TEXT NOT NULL DEFAULT '[]', reading_time_minutes INTEGER,
    image_url TEXT, image_caption TEXT, image_credit TEXT, body TEXT NOT NULL DEFAULT '',
    word_count INTEGER NOT NULL DEFAULT 0, source TEXT, related TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]', language TEXT, crawled_at TEXT"""

# MIGRATIONS[n - 1] upgrades a database from schema version n - 1 to n. Append; never edit a step that
# has shipped: databases in the field were written by it.
MIGRATIONS: list[list[str]] = [
    # 1: the record's fields, latest version per id, and earlier versions.
    [
        f"CREATE TABLE articles ({_RECORD_COLUMNS.format(id_constraint='PRIMARY KEY NOT NULL')})",
        f"CREATE TABLE article_versions ({_RECORD_COLUMNS.format(id_constraint='NOT NULL')},"
        " replaced_at TEXT NOT NULL)",
    ],
    # 2: when each article was first and last met (older rows: their crawl time), and the indexes that
    #    export (publication order) and version look-ups use.
    [
        "ALTER TABLE articles ADD COLUMN first_seen TEXT",
        "ALTER TABLE articles ADD COLUMN last_seen TEXT",
        "UPDATE articles SET first_seen = crawled_at, last_seen = crawled_at",
        "CREATE INDEX articles_by_publication ON articles (published_at, id)",
        "CREATE INDEX article_versions_by_id ON article_versions (id, replaced_at)",
    ],
    # 3: the articles each stored article page links to, so that a run that skips a stored page still
    #    reaches what only that page links to.
    [
        "CREATE TABLE article_links (source TEXT NOT NULL, target TEXT NOT NULL, PRIMARY KEY (source, target))"
        " WITHOUT ROWID",
    ],
]
assert len(MIGRATIONS) == SCHEMA_VERSION


class StoreError(Exception):
    """The database cannot be used: its message is one line meant for the user."""


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def is_changed(stored: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Whether ``record`` is a new version of the ``stored`` one.

    A newer ``modified_at`` or a different title, subtitle or body is a change. A copy whose
    ``modified_at`` is older than the stored one is a stale copy (a cache, a slower parallel crawl), never
    a change.
    """
    old_modified, new_modified = parse_time(stored.get("modified_at")), parse_time(record.get("modified_at"))
    if old_modified and new_modified and new_modified < old_modified:
        return False
    if new_modified and (old_modified is None or new_modified > old_modified):
        return True
    return any((stored.get(name) or None) != (record.get(name) or None) for name in CONTENT_FIELDS)


def _to_row(record: Mapping[str, Any]) -> list[Any]:
    row = []
    for name in ARTICLE_FIELDS:
        value = record.get(name)
        if name in JSON_FIELDS:
            value = json.dumps(list(value or []), ensure_ascii=False)
        row.append(value)
    return row


def record_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The record (fields in ARTICLE_FIELDS order) a stored row holds."""
    record = {}
    for name in ARTICLE_FIELDS:
        value = row[name]
        if name in JSON_FIELDS:
            value = json.loads(value) if value else []
        record[name] = value
    return record


def fold(text: str | None) -> str | None:
    """A section name for comparison: case-folded, with Turkish dotted capital I (``TÜRKİYE``) as plain i."""
    return text.casefold().replace("i\u0307", "i") if text else text


def resolve_path(path: str | os.PathLike | None) -> Path:
    return Path(os.path.expanduser(str(path or DEFAULT_PATH)))


class ArticleStore:
    """The articles of one SQLite file. Open with ``ArticleStore.open(path)``; use as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self.connection = connection

    # -- opening -------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, create: bool = True) -> "ArticleStore":
        """Open (with ``create``: create, folders included) and upgrade the store at ``path``.

        Raises StoreError, with a one-line message, for a path that cannot be opened, a file that is not a
        newscrawl database (it is left untouched), or one written by a newer newscrawl.
        """
        path = resolve_path(path)
        if path.is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        if not path.exists():
            if not create:
                raise StoreError(f"{path}: no such database (run a crawl first, or give --db)")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"{path}: cannot create its folder: {error.strerror or error}") from None
        try:
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(f"{path}: cannot open the database: {error}") from None
        connection.row_factory = sqlite3.Row
        store = cls(path, connection)
        try:
            store._prepare()
        except sqlite3.DatabaseError as error:
            connection.close()
            if "not a database" in str(error):
                raise StoreError(f"{path}: not a newscrawl database (not an SQLite file); it was left "
                                 "untouched") from None
            raise StoreError(f"{path}: cannot use the database: {error}") from None
        except StoreError:
            connection.close()
            raise
        return store

    def _prepare(self) -> None:
        execute = self.connection.execute
        execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Reading the header first: a file that is not SQLite fails here, before anything is written.
        application_id = execute("PRAGMA application_id").fetchone()[0]
        version = execute("PRAGMA user_version").fetchone()[0]
        if application_id not in (0, APPLICATION_ID) or (application_id == 0 and self._has_tables()):
            raise StoreError(f"{self.path}: not a newscrawl database (an SQLite file of another "
                             "application); it was left untouched")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer newscrawl (schema version {version}; "
                             f"this one knows up to {SCHEMA_VERSION})")
        if execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise StoreError(f"{self.path}: cannot switch the database to WAL mode")
        execute("PRAGMA synchronous = NORMAL")
        if version < SCHEMA_VERSION or application_id == 0:
            self._upgrade()

    def _has_tables(self) -> bool:
        return self.connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0

    def _upgrade(self) -> None:
        with self._write():
            # Read again under the write lock: another process may have upgraded the file meanwhile.
            application_id = self.connection.execute("PRAGMA application_id").fetchone()[0]
            version = self.connection.execute("PRAGMA user_version").fetchone()[0]
            if application_id == 0 and self._has_tables():
                raise StoreError(f"{self.path}: not a newscrawl database; it was left untouched")
            for step in MIGRATIONS[version:]:
                for statement in step:
                    self.connection.execute(statement)
            self.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @contextmanager
    def _write(self):
        """One write transaction, taken at once (BEGIN IMMEDIATE): read-then-write cannot interleave."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "ArticleStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.connection.execute("PRAGMA user_version").fetchone()[0]

    # -- writing -------------------------------------------------------------------------------------

    def save(self, record: Mapping[str, Any], seen_at: str | None = None) -> str:
        """Store one article record; returns ``"new"``, ``"changed"`` or ``"unchanged"``.

        A changed article's previous version moves to ``article_versions``; an unchanged one is not
        rewritten (only its ``last_seen`` moves on). Committed before returning.
        """
        seen_at = seen_at or now_utc()
        columns = ", ".join(ARTICLE_FIELDS)
        marks = ", ".join("?" for _ in ARTICLE_FIELDS)
        with self._write():
            stored = self.connection.execute("SELECT * FROM articles WHERE id = ?", (record["id"],)).fetchone()
            if stored is None:
                self.connection.execute(
                    f"INSERT INTO articles ({columns}, first_seen, last_seen) VALUES ({marks}, ?, ?)",
                    [*_to_row(record), seen_at, seen_at])
                return "new"
            if not is_changed(dict(stored), record):
                self.connection.execute("UPDATE articles SET last_seen = ? WHERE id = ?", (seen_at, record["id"]))
                return "unchanged"
            self.connection.execute(
                f"INSERT INTO article_versions ({columns}, replaced_at) "
                f"SELECT {columns}, ? FROM articles WHERE id = ?", (seen_at, record["id"]))
            assignments = ", ".join(f"{name} = ?" for name in ARTICLE_FIELDS)
            self.connection.execute(f"UPDATE articles SET {assignments}, last_seen = ? WHERE id = ?",
                                    [*_to_row(record), seen_at, record["id"]])
            return "changed"

    def save_links(self, source: str, targets) -> None:
        """Record (replacing earlier ones) the article ids the page of article ``source`` links to."""
        with self._write():
            self.connection.execute("DELETE FROM article_links WHERE source = ?", (source,))
            self.connection.executemany("INSERT OR IGNORE INTO article_links (source, target) VALUES (?, ?)",
                                        [(source, target) for target in targets if target != source])

    def links(self, source: str) -> list[str]:
        return [row[0] for row in self.connection.execute(
            "SELECT target FROM article_links WHERE source = ? ORDER BY target", (source,))]

    # -- reading -------------------------------------------------------------------------------------

    def published_at(self, article_id: str, stored_before: str | None = None) -> str | None:
        """The stored publication time of an article ("" if it has none); None when the article is not in
        the store, or was first stored at or after ``stored_before`` (ISO 8601 UTC)."""
        row = self.connection.execute("SELECT published_at, first_seen FROM articles WHERE id = ?",
                                      (article_id,)).fetchone()
        if row is None:
            return None
        if stored_before is not None and (row["first_seen"] or "") >= stored_before:
            return None
        return row["published_at"] or ""

    def get(self, article_id: str) -> dict[str, Any] | None:
        row = self.connection.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return record_from_row(row) if row else None

    def versions(self, article_id: str) -> list[dict[str, Any]]:
        """Earlier versions of an article, oldest first, each with its ``replaced_at``."""
        rows = self.connection.execute(
            "SELECT * FROM article_versions WHERE id = ? ORDER BY replaced_at, rowid", (article_id,)).fetchall()
        return [{**record_from_row(row), "replaced_at": row["replaced_at"]} for row in rows]

    def ids(self) -> list[str]:
        return [row[0] for row in self.connection.execute("SELECT id FROM articles ORDER BY id")]

    @staticmethod
    def _where(since: dt.date | None, until: dt.date | None, section: str | None) -> tuple[str, list]:
        clauses, parameters = [], []
        if since:
            clauses.append("substr(published_at, 1, 10) >= ?")
            parameters.append(since.isoformat())
        if until:
            clauses.append("substr(published_at, 1, 10) <= ?")
            parameters.append(until.isoformat())
        if section:
            clauses.append("fold(section) = ?")
            parameters.append(fold(section))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", parameters

    def _register_functions(self) -> None:
        # Unicode-aware comparison of section names (SQLite's NOCASE folds ASCII only: "TÜRKİYE").
        self.connection.create_function("fold", 1, fold, deterministic=True)

    def count(self, since=None, until=None, section=None) -> int:
        self._register_functions()
        where, parameters = self._where(since, until, section)
        return self.connection.execute(f"SELECT count(*) FROM articles{where}", parameters).fetchone()[0]

    def records(self, since=None, until=None, section=None) -> Iterator[dict[str, Any]]:
        """Stored articles, ordered by publication time then id, optionally within days and one section."""
        self._register_functions()
        where, parameters = self._where(since, until, section)
        cursor = self.connection.execute(
            f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles{where} ORDER BY published_at, id", parameters)
        for row in cursor:
            yield record_from_row(row)

    def summary(self, since=None, until=None, section=None) -> dict[str, Any]:
        """Article count, date range, articles per section and per month (of publication)."""
        self._register_functions()
        where, parameters = self._where(since, until, section)
        query = self.connection.execute
        count, first, last = query(
            f"SELECT count(*), min(published_at), max(published_at) FROM articles{where}", parameters).fetchone()
        sections = query(f"SELECT coalesce(section, ''), count(*) FROM articles{where} "
                         "GROUP BY 1 ORDER BY 2 DESC, 1", parameters).fetchall()
        months = query(f"SELECT substr(published_at, 1, 7), count(*) FROM articles{where} "
                       "GROUP BY 1 ORDER BY 1", parameters).fetchall()
        versions = query("SELECT count(*) FROM article_versions").fetchone()[0]
        return {"articles": count, "first_published": first, "last_published": last,
                "sections": [(name or None, n) for name, n in sections],
                "months": [(month or None, n) for month, n in months],
                "earlier_versions": versions}
