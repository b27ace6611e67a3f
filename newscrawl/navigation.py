"""Pure readers for the documents that lead to articles: page links, listings, the RSS feed, sitemaps.

They take a document and the public URL it came from and return public, absolute URLs; they never make
requests (the spider does) and never decide what an article URL is (``urls`` does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from parsel import Selector

from newscrawl import urls
from newscrawl.extract.structured import to_utc_iso

# Section labels the main navigation is known to show, with the slugs guessed for them. Used only when the
# homepage navigation cannot be read.
FALLBACK_SECTIONS = {
    "POLITICS": "/politics",
    "TÜRKİYE": "/turkiye",
    "WAR ON GAZA": "/war-on-gaza",
    "BIZTECH": "/biztech",
    "INFOGRAPHICS": "/infographics",
    "FEATURES": "/features",
    "OPINION": "/opinion",
}

_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
_NEXT_LABEL = re.compile(r"^(next|more|older|›|»|>)\b", re.IGNORECASE)
# The text of a control that adds more items to a listing in place (rendering clicks it, see render.py).
LOAD_MORE_TEXT = re.compile(r"^\s*(?:(?:load|show|see|view) more|more (?:news|stories|articles|results))\b",
                            re.IGNORECASE)


@dataclass
class Link:
    url: str
    published_at: str | None = None  # a date the linking document gives for the target, ISO 8601 UTC


@dataclass
class Listing:
    links: list[Link] = field(default_factory=list)
    next_page: str | None = None
    dated_cards: int = 0
    newest_card: str | None = None  # the newest card date on this page, ISO 8601 UTC
    load_more: bool = False  # a "Load more"-style control: more items come only through a script


def page_links(selector: Selector, page_url: str) -> list[str]:
    """Every link of an HTML page, absolute, in page order, each once."""
    seen: dict[str, None] = {}
    for href in selector.xpath("//a/@href").getall():
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        seen.setdefault(urls.resolve(href, page_url), None)
    return list(seen)


def section_links(selector: Selector, page_url: str) -> list[str]:
    """Section pages from the homepage's main navigation: the links of ``<nav>`` that are sections."""
    found: dict[str, None] = {}
    for href in selector.xpath("//header//nav//a/@href | //nav//a/@href").getall():
        url = urls.clean(urls.resolve(href, page_url))
        if urls.page_kind(url) == "section":
            found.setdefault(url, None)
    return list(found)


def fallback_section_links() -> list[str]:
    return [urls.PUBLIC_ORIGIN + path for path in FALLBACK_SECTIONS.values()]


def home_sections(selector: Selector, page_url: str) -> tuple[list[str], bool]:
    """The section pages to crawl, and whether the homepage navigation gave them (else the built-in list)."""
    found = section_links(selector, page_url)
    return (found, True) if found else (fallback_section_links(), False)


def read_listing(selector: Selector, page_url: str) -> Listing:
    """Article links of a listing page (with the card's date where the card shows a ``<time datetime>``)
    and the link to the next page of the same listing (``rel="next"`` or ``?page=N``)."""
    listing = Listing()
    seen: set[str] = set()
    for anchor in selector.xpath("//a[@href]"):
        url = urls.resolve(anchor.attrib["href"], page_url)
        kind = urls.page_kind(url)
        if kind not in ("article", "legacy_article"):
            continue
        key = urls.clean(url)
        if key in seen:
            continue
        seen.add(key)
        listing.links.append(Link(url, _card_date(anchor)))
    dates = [link.published_at for link in listing.links if link.published_at]
    listing.dated_cards = len(dates)
    listing.newest_card = max(dates) if dates else None

    this_listing = urls.listing_key(page_url)
    this_page = urls.page_number(page_url)
    candidates = selector.xpath("//link[@rel='next']/@href | //a[@rel='next']/@href").getall()
    for anchor in selector.xpath("//a[@href]"):
        href = anchor.attrib["href"]
        text = " ".join(anchor.xpath(".//text()").getall()).strip()
        if "page=" in href or _NEXT_LABEL.match(text):
            candidates.append(href)
    # Only the page right after this one: pages further on are reached through it, so that a listing can
    # be stopped page by page (since=...).
    later = {}
    for href in candidates:
        url = urls.clean(urls.resolve(href, page_url))
        if urls.listing_key(url) == this_listing and urls.page_number(url) > this_page:
            later.setdefault(urls.page_number(url), url)
    listing.next_page = later[min(later)] if later else None
    listing.load_more = has_load_more(selector)
    return listing


def has_load_more(selector: Selector) -> bool:
    """Whether the page shows a button or link that reads "Load more", "Show more", "More news"...

    A link with a real next-page URL is read as pagination; only the page itself knows whether such a
    control brings more items, so this only says it is there."""
    for control in selector.xpath("//button | //a | //*[@role='button']"):
        text = " ".join(" ".join(control.xpath(".//text()").getall()).split())
        if LOAD_MORE_TEXT.match(text):
            return True
    return False


def _card_date(anchor: Selector) -> str | None:
    """The ``<time datetime>`` of the card an article link sits in: inside the link, or in the nearest
    ancestor that holds this one link only."""
    own = anchor.xpath(".//time/@datetime").get()
    if own:
        return to_utc_iso(own)
    for ancestor in anchor.xpath("ancestor::*[position() <= 3]")[::-1]:
        if len(ancestor.xpath(".//a[@href]")) > 2:
            break
        stamp = ancestor.xpath(".//time/@datetime").get()
        if stamp:
            return to_utc_iso(stamp)
    return None


def feed_links(feed_url: str, body: bytes) -> list[Link]:
    """Items of an RSS 2.0 or Atom feed; relative and scheme-less links resolved against the feed."""
    root = _parse_xml(body)
    if root is None:
        return []
    links: list[Link] = []
    for item in root.iter("{*}item", "{*}entry"):
        href = _child_text(item, "link") or _child_attr(item, "link", "href") or _child_text(item, "guid")
        if not href:
            continue
        stamp = _child_text(item, "pubDate") or _child_text(item, "published") or _child_text(item, "updated")
        links.append(Link(urls.resolve(href, feed_url), to_utc_iso(stamp)))  # RFC 822 or ISO 8601
    return links


def feed_links_in_head(selector: Selector, page_url: str) -> list[str]:
    return [urls.resolve(href, page_url) for href in selector.xpath(
        "//link[@rel='alternate'][contains(@type, 'rss') or contains(@type, 'atom')]/@href").getall()]


def robots_sitemaps(body: str, robots_url: str) -> list[str]:
    return [urls.resolve(found, robots_url) for found in _SITEMAP_LINE.findall(body)]


@dataclass
class Sitemap:
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index
    links: list[Link] = field(default_factory=list)    # pages of a urlset, with news publication dates


def read_sitemap(sitemap_url: str, body: bytes) -> Sitemap:
    """A sitemap index or urlset. Google News entries keep their ``news:publication_date``, which Scrapy's
    SitemapSpider would drop."""
    found = Sitemap()
    root = _parse_xml(body)
    if root is None:
        return found
    tag = etree.QName(root).localname
    for entry in root:
        if not isinstance(entry.tag, str):
            continue
        loc = _child_text(entry, "loc")
        if not loc:
            continue
        loc = urls.resolve(loc, sitemap_url)
        if tag == "sitemapindex":
            found.sitemaps.append(loc)
        elif tag == "urlset":
            stamp = entry.findtext(f"{{{_NEWS_NS}}}news/{{{_NEWS_NS}}}publication_date")
            found.links.append(Link(loc, to_utc_iso(stamp.strip()) if stamp else None))
    return found


def _parse_xml(body: bytes):
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def _child_text(element, name: str) -> str | None:
    child = element.find(f"{{*}}{name}")
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def _child_attr(element, name: str, attribute: str) -> str | None:
    child = element.find(f"{{*}}{name}")
    return child.get(attribute) if child is not None else None
