"""Writing the stored dataset to JSON Lines, CSV or Parquet, and summing it up.

JSON Lines and CSV are written by the very exporters the crawl's feeds use (Scrapy's JSON Lines exporter
and ``JsonCellCsvItemExporter``), so an export and a feed hold the same fields in the same order with the
same conventions. Parquet gets proper types: timestamps as UTC timestamps, list fields as list columns,
``related`` as a list of ``{title, url}`` structs.

An export is written to a temporary file next to the output and renamed over it at the end: an interrupted
export never leaves a truncated file under the requested name.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

from scrapy.exporters import JsonLinesItemExporter

from newscrawl.exporters import JsonCellCsvItemExporter
from newscrawl.items import ARTICLE_FIELDS

FORMATS = ("jsonl", "csv", "parquet")
EXTENSIONS = {".jsonl": "jsonl", ".jl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet",
              ".pq": "parquet"}
TIMESTAMP_FIELDS = ("published_at", "modified_at", "crawled_at")
PROGRESS_THRESHOLD = 2000  # a progress bar for exports larger than this, on a terminal
PARQUET_BATCH = 5000  # rows per Parquet row group


class ExportError(Exception):
    """An export that cannot be done: the message is one line meant for the user."""


def format_of(output: Path, requested: str | None) -> str:
    if requested:
        if requested.lower() not in FORMATS:
            raise ExportError(f"--format {requested!r}: expected one of {', '.join(FORMATS)}")
        return requested.lower()
    found = EXTENSIONS.get(output.suffix.lower())
    if found is None:
        raise ExportError(f"{output}: cannot tell the format from the extension {output.suffix or '(none)'!r}; "
                          f"use .jsonl, .csv or .parquet, or give --format {'|'.join(FORMATS)}")
    return found


def check_output(output: Path) -> None:
    if output.is_dir():
        raise ExportError(f"{output}: is a directory; give a file name")
    folder = output.parent
    if not folder.is_dir():
        raise ExportError(f"{output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"{output}: the folder {folder} is not writable")


# -- Parquet ------------------------------------------------------------------------------------------


def parquet_schema():
    import pyarrow as pa

    text, timestamp = pa.string(), pa.timestamp("us", tz="UTC")
    nullable = {"subtitle", "section", "modified_at", "reading_time_minutes", "image_url", "image_caption",
                "image_credit", "source"}
    types = {
        "authors": pa.list_(pa.string()),
        "tags": pa.list_(pa.string()),
        "related": pa.list_(pa.struct([("title", pa.string()), ("url", pa.string())])),
        "reading_time_minutes": pa.int32(),
        "word_count": pa.int32(),
        **{name: timestamp for name in TIMESTAMP_FIELDS},
    }
    return pa.schema([pa.field(name, types.get(name, text), nullable=name in nullable) for name in ARTICLE_FIELDS])


def _parquet_row(record: dict[str, Any]) -> dict[str, Any]:
    row = dict(record)
    for name in TIMESTAMP_FIELDS:
        if row.get(name):
            row[name] = dt.datetime.fromisoformat(row[name])
    return row


def read_parquet_records(path) -> list[dict[str, Any]]:
    """The records a Parquet export holds, as the JSON Lines export gives them (timestamps ISO 8601 UTC)."""
    import pyarrow.parquet as pq

    records = []
    for row in pq.read_table(path).to_pylist():
        for name in TIMESTAMP_FIELDS:
            if row.get(name) is not None:
                row[name] = row[name].astimezone(dt.timezone.utc).isoformat()
        records.append(row)
    return records


# -- writers ------------------------------------------------------------------------------------------


def _write_items(exporter, records: Iterable[dict], tick: Callable[[], None]) -> None:
    exporter.start_exporting()
    for record in records:
        exporter.export_item(record)
        tick()
    exporter.finish_exporting()


def _write_parquet(handle, records: Iterable[dict], tick: Callable[[], None]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    with pq.ParquetWriter(handle, schema, compression="zstd") as writer:
        batch: list[dict] = []
        for record in records:
            batch.append(_parquet_row(record))
            tick()
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        # With no article at all, the file still holds the schema (zero row groups).


class Progress:
    """``exporting 12000/50000 articles (24%)`` on one refreshed stderr line; silent off a terminal."""

    def __init__(self, total: int, stream: TextIO = sys.stderr, threshold: int = PROGRESS_THRESHOLD):
        self.total, self.stream, self.done = total, stream, 0
        self.enabled = total > threshold and stream.isatty()
        self._last = 0.0

    def tick(self) -> None:
        self.done += 1
        if self.enabled and (time.monotonic() - self._last > 0.2 or self.done == self.total):
            self._last = time.monotonic()
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write(f"\rexporting [{'#' * filled}{'.' * (width - filled)}] "
                              f"{self.done}/{self.total} articles ({100 * self.done // max(self.total, 1)}%)")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def export(records: Iterator[dict], output: Path, file_format: str, total: int,
           stream: TextIO = sys.stderr) -> int:
    """Write ``records`` to ``output`` (through a temporary file renamed at the end); returns the count."""
    check_output(output)
    progress = Progress(total, stream)
    fd, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            if file_format == "jsonl":
                _write_items(JsonLinesItemExporter(handle, fields_to_export=list(ARTICLE_FIELDS), encoding="utf-8"),
                             records, progress.tick)
            elif file_format == "csv":
                _write_items(JsonCellCsvItemExporter(handle, fields_to_export=list(ARTICLE_FIELDS),
                                                     encoding="utf-8"), records, progress.tick)
            else:
                _write_parquet(handle, records, progress.tick)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); an export gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        progress.close()
    return progress.done


# -- summary ------------------------------------------------------------------------------------------


def format_summary(summary: dict[str, Any]) -> str:
    lines = [f"articles: {summary['articles']}"]
    if summary["articles"]:
        lines.append(f"published: {summary['first_published'][:10]} to {summary['last_published'][:10]}")
    lines.append(f"earlier versions kept: {summary['earlier_versions']}")
    if summary["sections"]:
        lines.append("per section:")
        width = max(len(name or "(none)") for name, _ in summary["sections"])
        lines += [f"  {name or '(none)':<{width}}  {count:>7}" for name, count in summary["sections"]]
    if summary["months"]:
        lines.append("per month:")
        lines += [f"  {month or '(none)':<7}  {count:>7}" for month, count in summary["months"]]
    return "\n".join(lines)
