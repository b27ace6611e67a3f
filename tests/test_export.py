"""``scrapy export`` pieces: no truncated file on failure, progress only on a terminal, one-line errors."""

import io
import json
import sqlite3

import pytest

from newscrawl.export import Progress, export
from newscrawl.store import ArticleStore
from tests.incremental_helpers import scrapy_export


def records(count, fail_at=None):
    for n in range(count):
        if n == fail_at:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-way
        yield {"id": f"{n:08d}", "url": f"https://www.trtworld.com/article/{n:08d}", "title": "T",
               "subtitle": None, "section": "World", "published_at": "2026-01-01T00:00:00+00:00",
               "modified_at": None, "authors": [], "reading_time_minutes": None, "image_url": None,
               "image_caption": None, "image_credit": None, "body": "B", "word_count": 1, "source": None,
               "related": [], "tags": [], "language": "en", "crawled_at": "2026-01-02T00:00:00+00:00"}


@pytest.mark.parametrize("file_format", ["jsonl", "csv", "parquet"])
def test_an_interrupted_export_leaves_neither_a_truncated_file_nor_a_temporary_one(tmp_path, file_format):
    output = tmp_path / f"out.{file_format}"
    output.write_bytes(b"the previous export")
    with pytest.raises(KeyboardInterrupt):
        export(records(12000, fail_at=11000), output, file_format, 12000, stream=io.StringIO())
    assert output.read_bytes() == b"the previous export"
    assert sorted(path.name for path in tmp_path.iterdir()) == [output.name]


def test_a_finished_export_replaces_the_file_with_the_usual_permissions(tmp_path):
    output = tmp_path / "out.jsonl"
    assert export(records(3), output, "jsonl", 3, stream=io.StringIO()) == 3
    assert [json.loads(line)["id"] for line in output.read_text().splitlines()] == ["00000000", "00000001", "00000002"]
    assert output.stat().st_mode & 0o044  # readable by others (not mkstemp's 0600), under the usual umask


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_drawn_on_a_terminal_for_big_exports_only(tmp_path):
    terminal = Terminal()
    export(records(3000), tmp_path / "big.jsonl", "jsonl", 3000, stream=terminal)
    assert "3000/3000 articles (100%)" in terminal.getvalue()
    small, piped = Terminal(), io.StringIO()
    export(records(100), tmp_path / "small.jsonl", "jsonl", 100, stream=small)
    export(records(3000), tmp_path / "piped.jsonl", "jsonl", 3000, stream=piped)
    assert small.getvalue() == "" and piped.getvalue() == ""
    assert Progress(3000, piped).enabled is False


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "db.sqlite"
    with ArticleStore.open(path) as store:
        for record in records(3):
            store.save(record)
    return path


@pytest.mark.parametrize("arguments, message", [
    (["out.xml"], "cannot tell the format from the extension '.xml'"),
    (["out.jsonl", "--format", "xml"], "--format 'xml': expected one of jsonl, csv, parquet"),
    (["out.jsonl", "--since", "2026-02-30"], "--since '2026-02-30': expected a date as YYYY-MM-DD"),
    (["out.jsonl", "--since", "2026-02-01", "--until", "2026-01-01"], "--since 2026-02-01 is after --until 2026-01-01"),
    (["missing-folder/out.jsonl"], "the folder"),
    ([], "give an OUTPUT file, or --stats"),
])
def test_bad_export_input_gives_one_line_and_exit_status_2(db, tmp_path, arguments, message):
    arguments = [str(tmp_path / a) if a.startswith(("out", "missing")) else a for a in arguments]
    done = scrapy_export(*arguments, "--db", db)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert not list(tmp_path.glob("out*")) and not (tmp_path / "missing-folder").exists()


def test_a_foreign_or_missing_database_gives_one_line_and_is_not_touched(tmp_path):
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (x)")
    before = foreign.read_bytes()
    done = scrapy_export(tmp_path / "out.jsonl", "--db", foreign)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "not a newscrawl database" in done.stderr
    assert foreign.read_bytes() == before and not (tmp_path / "out.jsonl").exists()
    done = scrapy_export(tmp_path / "out.jsonl", "--db", tmp_path / "none.sqlite")
    assert done.returncode == 2 and "no such database" in done.stderr
    assert not (tmp_path / "none.sqlite").exists()


def test_the_readme_shows_the_schema_that_ships_in_the_package():
    from newscrawl.schema import article_schema
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<summary>article.schema.json</summary>", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(block) == article_schema()
