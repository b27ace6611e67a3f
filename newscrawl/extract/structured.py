"""Site-independent readers of the machine-readable parts of a page.

Each reader returns a dict keyed by the record's field names (plus ``canonical_url``), holding only what it
found. Values are cleaned (``clean.clean_text``) but not yet layered: ``trtworld.extract_article`` decides
which reader wins for each field. No reader raises on bad input: a broken source gives an empty dict.

- ``read_jsonld(selector)``: ``<script type="application/ld+json">`` (schema.org NewsArticle & co.)
- ``read_next_payload(html_text, article_id)``: the Next.js App Router payload (``self.__next_f.push``)
- ``read_meta(selector)``: ``<meta>`` OpenGraph / ``article:*`` / name tags, ``<link rel=canonical>``,
  ``<html lang>``
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Iterator

import lxml.html
from lxml import etree

from newscrawl.text import clean_lines, clean_text, split_caption

ARTICLE_TYPES = frozenset({
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
})

# ---------------------------------------------------------------------------------------------------------
# dates

_EPOCH_DIGITS = re.compile(r"^\d{10}(?:\d{3})?$")
_TZ_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")
_UTC = timezone.utc


def to_utc_iso(value: Any) -> str | None:
    """``YYYY-MM-DDTHH:MM:SS+00:00`` for an ISO 8601 / RFC 2822 / epoch value; naive means UTC; else None."""
    try:
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            dt = _from_epoch(value)
        elif isinstance(value, str):
            text = value.strip()
            if text.startswith("$D"):  # React Server Components date marker
                text = text[2:]
            if not text or len(text) > 64:
                return None
            if _EPOCH_DIGITS.match(text):
                dt = _from_epoch(int(text))
            else:
                dt = _parse_date_text(text)
        else:
            return None
        if dt is None or not 1900 <= dt.year <= 2200:
            return None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=_UTC)
        return dt.astimezone(_UTC).replace(microsecond=0).isoformat()
    except (ValueError, OverflowError, OSError, TypeError):
        return None


def _from_epoch(number: float) -> datetime:
    if abs(number) > 1e11:  # milliseconds
        number = number / 1000
    return datetime.fromtimestamp(number, _UTC)


def _parse_date_text(text: str) -> datetime | None:
    if text[:1].isdigit():
        candidate = text
        if candidate.endswith(("Z", "z")):
            candidate = candidate[:-1] + "+00:00"
        if " " in candidate and "T" not in candidate and len(candidate) > 10:
            candidate = candidate.replace(" ", "T", 1)
        candidate = _TZ_NO_COLON.sub(r"\1:\2", candidate) if "T" in candidate else candidate
        try:
            return datetime.fromisoformat(candidate)
        except ValueError:
            pass
    try:  # "Thu, 07 Aug 2025 11:20:41 GMT" (feeds, HTTP headers)
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


# ---------------------------------------------------------------------------------------------------------
# small helpers

_DIGITS = re.compile(r"\d+")
_LANG_SEP = re.compile(r"[-_]")
_LANG_PRIMARY = re.compile(r"[a-z]{2,3}")


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _name_of(value: Any) -> str | None:
    """A name from a string or from {name|title|headline|label}."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("name", "title", "label", "headline"):
            if isinstance(value.get(key), str):
                return value[key]
    return None


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    return clean_lines(_name_of(item) for item in value)


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return clean_lines(value.split(","))
    if isinstance(value, list):
        items: list[Any] = []
        for item in value:
            if isinstance(item, str) and "," in item:
                items.extend(item.split(","))
            else:
                items.append(_name_of(item))
        return clean_lines(items)
    return []


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value > 0 else None
    if isinstance(value, str):
        match = _DIGITS.search(value)
        if match:
            number = int(match.group())
            return number if number > 0 else None
    return None


def _set(out: dict, key: str, value: Any) -> None:
    if value not in (None, "", []):
        out[key] = value


def _image(value: Any) -> tuple[str | None, str | None, str | None]:
    """(url, caption, credit) from an image given as a string, an ImageObject-like dict or a list."""
    value = _first(value)
    if isinstance(value, str):
        return (value.strip() or None), None, None
    if isinstance(value, dict):
        url = None
        for key in ("url", "contentUrl", "src", "@id"):
            if isinstance(value.get(key), str) and value[key].strip():
                url = value[key].strip()
                break
        caption = clean_text(value.get("caption") if isinstance(value.get("caption"), str) else None)
        if caption is None and isinstance(value.get("description"), str):
            caption = clean_text(value["description"])
        credit = None
        for key in ("credit", "creditText", "source", "copyrightHolder", "author"):
            credit = clean_text(_name_of(value.get(key)))
            if credit:
                break
        caption, tail = split_caption(caption)
        return url, caption, credit or tail
    return None, None, None


_NEWLINES = re.compile(r"(?:\r\n|\r|\n)+")


def text_to_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text body: one per line, cleaned, empty lines dropped."""
    out = []
    for line in _NEWLINES.split(text):
        cleaned = clean_text(line)
        if cleaned:
            out.append(cleaned)
    return out


_BLOCK_LEAVES = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "figcaption", "td", "dt", "dd"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "iframe"})
_LOOKS_HTML = re.compile(r"<\s*(?:p|div|h[1-6]|br|ul|ol|li|figure|blockquote|section|span|a|strong|em)\b", re.I)


def body_to_paragraphs(value: Any) -> list[str]:
    """Paragraphs of a body given as an HTML string, a plain-text string, or a list of blocks."""
    if isinstance(value, str):
        if _LOOKS_HTML.search(value):
            return html_to_paragraphs(value)
        return text_to_paragraphs(value)
    if isinstance(value, list):
        out: list[str] = []
        for block in value:
            if isinstance(block, dict):
                for key in ("html", "content", "text", "value", "body", "children"):
                    if key in block:
                        out.extend(body_to_paragraphs(block[key]))
                        break
            elif isinstance(block, (str, list)):
                out.extend(body_to_paragraphs(block))
        return out
    return []


def html_to_paragraphs(html: str) -> list[str]:
    """Block texts of an HTML fragment in document order (figure captions without their credit)."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError, TypeError):
        return text_to_paragraphs(html)
    out: list[str] = []
    _collect_blocks(root, out)
    return out


def _collect_blocks(el: Any, out: list[str]) -> None:
    pending = clean_text(el.text)
    if pending:
        out.append(pending)
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIP_TAGS or not tag:
            pass
        elif tag == "figure":
            caption = child.find(".//figcaption")
            if caption is not None:
                text, _credit = split_caption(clean_text(caption.text_content()))
                if text:
                    out.append(text)
        elif tag in _BLOCK_LEAVES:
            text = clean_text(child.text_content())
            if text:
                out.append(text)
        elif tag == "br":
            pass
        elif len(child):
            _collect_blocks(child, out)
        else:
            text = clean_text(child.text_content())
            if text:
                out.append(text)
        tail = clean_text(child.tail)
        if tail:
            out.append(tail)


def _language(value: Any) -> str | None:
    value = clean_text(_name_of(_first(value)) if not isinstance(value, str) else value)
    if not value:
        return None
    primary = _LANG_SEP.split(value, maxsplit=1)[0].lower()
    return primary if _LANG_PRIMARY.fullmatch(primary) else None


# ---------------------------------------------------------------------------------------------------------
# JSON-LD

_JSONLD_XPATH = etree.XPath(
    "//script[translate(normalize-space(@type), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    " = 'application/ld+json']/text()"
)
_TRAILING_COMMA = re.compile(r",\s*([\]}])")


def _loads_lenient(text: str) -> Any:
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    text = text.strip().removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
    except ValueError:
        return None


def _jsonld_nodes(data: Any, depth: int = 0) -> Iterator[dict]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _jsonld_nodes(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement", "hasPart"):
            if key in data:
                yield from _jsonld_nodes(data[key], depth + 1)


def _is_article(node: dict) -> bool:
    types = node.get("@type")
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list):
        return False
    return any(isinstance(t, str) and t.rsplit("/", 1)[-1] in ARTICLE_TYPES for t in types)


def _node_url(node: dict) -> str | None:
    main = node.get("mainEntityOfPage")
    if isinstance(main, dict):
        main = main.get("@id") or main.get("url")
    for value in (main, node.get("url"), node.get("@id")):
        if isinstance(value, str) and value.strip().startswith(("http://", "https://", "/")):
            return value.strip()
    return None


def read_jsonld(selector: Any, article_id: str | None = None) -> dict[str, Any]:
    """Fields of the page's schema.org article object (the one naming ``article_id`` if several)."""
    try:
        root = selector.root
        scripts = _JSONLD_XPATH(root) if isinstance(root, etree._Element) else []
    except Exception:  # noqa: BLE001 - a reader never raises
        return {}
    articles: list[dict] = []
    for script in scripts:
        data = _loads_lenient(str(script))
        articles.extend(node for node in _jsonld_nodes(data) if _is_article(node))
    if not articles:
        return {}
    node = articles[0]
    if article_id and len(articles) > 1:
        for candidate in articles:
            url = _node_url(candidate) or ""
            if article_id in url:
                node = candidate
                break
    try:
        return _map_jsonld(node)
    except Exception:  # noqa: BLE001
        return {}


def _map_jsonld(node: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _set(out, "title", clean_text(_first(node.get("headline")) or _first(node.get("name"))))
    _set(out, "subtitle", clean_text(_first(node.get("description")) or _first(node.get("alternativeHeadline"))))
    _set(out, "section", clean_text(_name_of(_first(node.get("articleSection")))))
    _set(out, "published_at", to_utc_iso(_first(node.get("datePublished"))))
    _set(out, "modified_at", to_utc_iso(_first(node.get("dateModified"))))
    _set(out, "authors", _names(node.get("author")))
    url, caption, _credit = _image(node.get("image"))
    _set(out, "image_url", url)
    _set(out, "image_caption", caption)
    # The README lists no JSON-LD source for image_credit; a credit tail cut off the caption is offered
    # under a private key and used only when no other source has a credit.
    _set(out, "_image_credit_fallback", _credit)
    body = node.get("articleBody")
    if isinstance(body, str):
        _set(out, "body", "\n\n".join(text_to_paragraphs(body)))
    _set(out, "tags", _keywords(node.get("keywords")))
    _set(out, "language", _language(node.get("inLanguage")))
    _set(out, "canonical_url", _node_url(node))
    return out


# ---------------------------------------------------------------------------------------------------------
# Next.js App Router payload

_PUSH_START = re.compile(r'self\.__next_f\.push\(\[\s*1\s*,\s*"')
_PUSH_END = re.compile(r'"\s*\]\s*\)')


def _push_literals(html_text: str) -> Iterator[str]:
    """The JSON string literals of ``self.__next_f.push([1,"..."])`` calls, quotes included.

    A literal ends at the first unescaped quote followed by ``])``; ``str.find`` does the scanning (a
    character-by-character regex over a 300 kB page costs milliseconds)."""
    pos = 0
    find = html_text.find
    while True:
        start = find("self.__next_f.push([", pos)
        if start < 0:
            return
        head = _PUSH_START.match(html_text, start)
        if not head:
            pos = start + 20
            continue
        open_quote = head.end() - 1
        # Next.js writes '"])' right after the literal: jump there, then make sure that quote is unescaped.
        quote = _closing_quote(html_text, head.end(), '"])')
        if quote < 0:
            quote = _closing_quote(html_text, head.end(), '"')
            if quote < 0:
                return
        if _PUSH_END.match(html_text, quote):
            yield html_text[open_quote:quote + 1]
        pos = quote + 1


def _closing_quote(text: str, search: int, needle: str) -> int:
    """Index of the first ``needle`` from ``search`` whose quote is not escaped by a backslash, else -1."""
    while True:
        quote = text.find(needle, search)
        if quote < 0:
            return -1
        backslashes = 0
        while text[quote - 1 - backslashes] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return quote
        search = quote + 1
_ROW_HEAD = re.compile(rb"([0-9a-fA-F]+):")
_REF = re.compile(r"^\$([0-9a-fA-F]+)$")
_JSON_START = frozenset(b'{["-0123456789tfn')


class _PayloadRows:
    """The payload's rows by id, kept as raw bytes and JSON-decoded only when asked for.

    A real page's payload is mostly its component tree (hundreds of kB); the article object sits in one
    or two rows. Decoding and walking every row cost ten times more than the rest of the extraction."""

    def __init__(self, raw: dict[str, bytes | str]):
        self.raw = raw
        self.decoded: dict[str, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.raw)

    def get(self, row_id: str, default: Any = None) -> Any:
        if row_id in self.decoded:
            return self.decoded[row_id]
        raw = self.raw.get(row_id)
        if raw is None:
            return default
        value: Any = raw
        if isinstance(raw, bytes):
            try:
                value = json.loads(raw)
            except ValueError:
                value = None
        self.decoded[row_id] = value
        return value

    def ids_containing(self, needle: bytes) -> list[str]:
        return [row_id for row_id, raw in self.raw.items() if isinstance(raw, bytes) and needle in raw]


def _payload_rows(literals: list[str]) -> _PayloadRows:
    """The rows of these payload chunks (JSON rows as raw bytes, ``T`` text rows as text)."""
    try:  # one decoder call for every chunk; one by one only if some chunk is broken
        decoded = json.loads("[" + ",".join(literals) + "]")
    except ValueError:
        decoded = []
        for literal in literals:
            try:
                decoded.append(json.loads(literal))
            except ValueError:
                continue
    chunks = [chunk for chunk in decoded if isinstance(chunk, str)]
    if not chunks:
        return _PayloadRows({})
    data = "".join(chunks).encode("utf-8", "surrogatepass")
    rows: dict[str, bytes | str] = {}
    pos, end = 0, len(data)
    while pos < end:
        head = _ROW_HEAD.match(data, pos)
        if not head:  # not a row start: skip to the next line
            nl = data.find(b"\n", pos)
            if nl < 0:
                break
            pos = nl + 1
            continue
        row_id = head.group(1).decode("ascii").lower()
        pos = head.end()
        if pos < end and data[pos:pos + 1] == b"T":  # text row: T<hex length>,<bytes>
            comma = data.find(b",", pos)
            try:
                length = int(data[pos + 1:comma], 16)
            except ValueError:
                length = -1
            if comma < 0 or length < 0:
                nl = data.find(b"\n", pos)
                pos = end if nl < 0 else nl + 1
                continue
            rows[row_id] = data[comma + 1:comma + 1 + length].decode("utf-8", "replace")
            pos = comma + 1 + length
            continue
        nl = data.find(b"\n", pos)
        line = data[pos:] if nl < 0 else data[pos:nl]
        pos = end if nl < 0 else nl + 1
        if line and line[0] in _JSON_START:
            rows[row_id] = line
    return _PayloadRows(rows)


def _walk(value: Any) -> Iterator[tuple[str | None, dict]]:
    """Every dict in a decoded row, in document order, with the key it sits under (None in lists)."""
    stack: list[tuple[str | None, Any]] = [(None, value)]
    while stack:
        key, item = stack.pop()
        if isinstance(item, dict):
            yield key, item
            stack.extend(reversed([(k, v) for k, v in item.items() if isinstance(v, (dict, list))]))
        elif isinstance(item, list):
            stack.extend(reversed([(key if isinstance(v, list) else None, v) for v in item
                                   if isinstance(v, (dict, list))]))


def _looks_like_article(node: dict) -> bool:
    return isinstance(node.get("title"), str) and node.get("publishedAt") not in (None, "")


# A video page's payload carries the same shape under "video": never an article.
_NOT_ARTICLE_KEYS = frozenset({"video", "videos"})
_PAYLOAD_RICH_KEYS = ("body", "content", "coverImage", "authors", "tags", "category", "readingTime", "source")


def read_next_payload(html_text: str | bytes, article_id: str | None = None) -> dict[str, Any]:
    """Fields of the article object in the Next.js payload: the dict with ``title`` and ``publishedAt``,
    preferring the one whose ``slug``/``id`` is ``article_id`` (related-article cards carry the same shape)."""
    try:
        if isinstance(html_text, bytes):
            html_text = html_text.decode("utf-8", "replace")
        if "__next_f" not in html_text:
            return {}
        literals = list(_push_literals(html_text))
        # Most of a page's payload is its component tree; the article object sits in the chunk that names
        # "publishedAt". Those chunks are decoded first, and all of them only when that is not enough (the
        # object refers to rows elsewhere, or a row runs over two chunks).
        quick = [literal for literal in literals if "publishedAt" in literal]
        for chunks in ((quick, literals) if len(quick) < len(literals) else (literals,)):
            rows = _payload_rows(chunks)
            best = _article_node(rows, article_id)
            if best is not None and (chunks is literals or not _has_references(best)):
                return _map_payload(best, rows)
        return {}
    except Exception:  # noqa: BLE001 - a reader never raises
        return {}


def _article_node(rows: _PayloadRows, article_id: str | None) -> dict | None:
    best, best_score = None, None
    for row_id in rows.ids_containing(b'"publishedAt"'):
        for key, node in _walk(rows.get(row_id)):
            if not _looks_like_article(node) or key in _NOT_ARTICLE_KEYS:
                continue
            matches = article_id is not None and article_id in (str(node.get("slug", "")), str(node.get("id", "")))
            rich = sum(1 for k in _PAYLOAD_RICH_KEYS if node.get(k) not in (None, "", []))
            score = (matches, key == "article", rich)
            if best_score is None or score > best_score:
                best, best_score = node, score
    return best


def _has_references(node: Any) -> bool:
    """Whether a decoded value points at other rows (``"$<hex>"``)."""
    if isinstance(node, str):
        return _REF.match(node) is not None
    if isinstance(node, dict):
        return any(_has_references(value) for value in node.values())
    if isinstance(node, list):
        return any(_has_references(value) for value in node)
    return False


def _deref(value: Any, rows: _PayloadRows, depth: int = 0) -> Any:
    """Resolve ``"$<hex>"`` references to other rows; ``"$$..."`` is an escaped dollar."""
    if isinstance(value, str) and value.startswith("$") and depth < 5:
        match = _REF.match(value)
        if match:
            return _deref(rows.get(match.group(1).lower()), rows, depth + 1)
        if value.startswith("$$"):
            return value[1:]
    return value


def _map_payload(node: dict, rows: _PayloadRows) -> dict[str, Any]:
    def get(*keys: str) -> Any:
        for key in keys:
            value = _deref(node.get(key), rows)
            if value not in (None, "", []):
                return value
        return None

    out: dict[str, Any] = {}
    _set(out, "title", clean_text(get("title")))
    _set(out, "subtitle", clean_text(get("description", "summary", "spot")))
    category = get("category", "section")
    _set(out, "section", clean_text(_name_of(_deref(_first(category), rows))))
    _set(out, "published_at", to_utc_iso(get("publishedAt")))
    _set(out, "modified_at", to_utc_iso(get("updatedAt", "modifiedAt")))
    authors = get("authors", "author")
    if isinstance(authors, list):
        authors = [_deref(a, rows) for a in authors]
    _set(out, "authors", _names(authors))
    _set(out, "reading_time_minutes", _int(get("readingTime")))
    cover = get("coverImage", "image")
    if isinstance(cover, dict):
        cover = {k: _deref(v, rows) for k, v in cover.items()}
    url, caption, credit = _image(cover)
    _set(out, "image_url", url)
    _set(out, "image_caption", caption)
    _set(out, "image_credit", credit)
    body = get("body", "content", "html")
    if body is not None:
        _set(out, "body", "\n\n".join(body_to_paragraphs(body)))
    tags = get("tags", "keywords")
    if isinstance(tags, list):
        tags = [_deref(t, rows) for t in tags]
    _set(out, "tags", _keywords(tags))
    _set(out, "source", clean_text(_name_of(get("source"))))
    for key in ("canonicalUrl", "canonical", "url"):
        value = _deref(node.get(key), rows)
        if isinstance(value, str) and value.strip():
            out["canonical_url"] = value.strip()
            break
    else:
        slug = node.get("slug") or node.get("id")
        if isinstance(slug, (str, int)) and str(slug).strip():
            out["_payload_id"] = str(slug).strip()
    return out


# ---------------------------------------------------------------------------------------------------------
# meta tags

_META_XPATH = etree.XPath("//meta[@content]")
_CANONICAL_XPATH = etree.XPath(
    "//link[@href][contains(concat(' ', translate(normalize-space(@rel),"
    " 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), ' '), ' canonical ')]/@href"
)
_SITE_SUFFIX = re.compile(r"\s+[-|–—]\s+TRT\s*World\s*$", re.I)


def read_meta(selector: Any) -> dict[str, Any]:
    """Fields from ``<meta>`` tags, ``<link rel=canonical>`` and ``<html lang>``."""
    try:
        root = selector.root
        if not isinstance(root, etree._Element):
            return {}
        meta: dict[str, str] = {}
        for el in _META_XPATH(root):
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
            if key and key not in meta:
                meta[key] = el.get("content") or ""
        out: dict[str, Any] = {}
        title = clean_text(meta.get("og:title") or meta.get("twitter:title"))
        if title:
            title = _SITE_SUFFIX.sub("", title) or title
        _set(out, "title", title)
        _set(out, "subtitle", clean_text(meta.get("og:description") or meta.get("description")
                                         or meta.get("twitter:description")))
        _set(out, "section", clean_text(meta.get("article:section")))
        _set(out, "published_at", to_utc_iso(meta.get("article:published_time")
                                             or meta.get("og:article:published_time")))
        _set(out, "modified_at", to_utc_iso(meta.get("article:modified_time")
                                            or meta.get("og:article:modified_time")))
        _set(out, "authors", clean_lines([meta.get("author") or meta.get("article:author")]))
        image = (meta.get("og:image") or meta.get("og:image:url") or meta.get("og:image:secure_url")
                 or meta.get("twitter:image") or "").strip()
        _set(out, "image_url", image or None)
        _set(out, "tags", _keywords(meta.get("keywords") or meta.get("news_keywords")))
        canonical = _CANONICAL_XPATH(root)
        if canonical and canonical[0].strip():
            out["canonical_url"] = canonical[0].strip()
        elif (meta.get("og:url") or "").strip():
            out["canonical_url"] = meta["og:url"].strip()
        html_el = root if root.tag == "html" else None
        if html_el is not None:
            _set(out, "language", _language(html_el.get("lang") or html_el.get("xml:lang")))
        return out
    except Exception:  # noqa: BLE001 - a reader never raises
        return {}
