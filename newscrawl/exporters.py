"""CSV that reads back without loss.

Scrapy's CSV exporter joins lists with commas, which cannot be split again (author names and headlines
hold commas) and cannot carry ``related``'s objects. Here a list or object cell holds its JSON
(``["Ali Topchi", "AA"]``), and a null field is an empty cell; ``newscrawl.exporters.read_csv_records``
turns such a file back into the records the JSON Lines feed holds.
"""

from __future__ import annotations

import csv
import json
from typing import Any, Iterator

from scrapy.exporters import CsvItemExporter

JSON_CELL_FIELDS = ("authors", "related", "tags")
INTEGER_FIELDS = ("reading_time_minutes", "word_count")
# Fields that are a string when present and null when absent (an empty cell reads back as null).
NULLABLE_FIELDS = ("subtitle", "section", "published_at", "modified_at", "image_url", "image_caption",
                   "image_credit", "source")


class JsonCellCsvItemExporter(CsvItemExporter):
    def serialize_field(self, field, name, value):
        if isinstance(value, (list, tuple, dict)):
            return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        if value is None:
            return ""
        return super().serialize_field(field, name, value)


def record_from_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """The record a CSV row was written from (inverse of JsonCellCsvItemExporter)."""
    record: dict[str, Any] = {}
    for name, cell in row.items():
        if name in JSON_CELL_FIELDS:
            record[name] = json.loads(cell) if cell else []
        elif name in INTEGER_FIELDS:
            record[name] = int(cell) if cell else None
        elif name in NULLABLE_FIELDS:
            record[name] = cell or None
        else:
            record[name] = cell
    return record


def read_csv_records(path) -> Iterator[dict[str, Any]]:
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield record_from_csv_row(row)

