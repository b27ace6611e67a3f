"""The article record: one per article, fields in the order the feeds write them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Article:
    id: str = ""
    url: str = ""
    title: str | None = None
    subtitle: str | None = None
    section: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)
    reading_time_minutes: int | None = None
    image_url: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    body: str = ""
    word_count: int = 0
    source: str | None = None
    related: list[dict[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str = "en"
    crawled_at: str = ""
    # Which source gave each field ("jsonld", "page_data", "meta", "page_text", "sitemap", "feed").
    # Kept for the end-of-crawl report; not written to the feeds (see FEED_EXPORT_FIELDS).
    provenance: dict[str, Any] = field(default_factory=dict)


ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Article) if f.name != "provenance")
