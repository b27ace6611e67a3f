"""The one place that knows what TRT World's URLs look like.

Everything else works on *public* URLs (``https://www.trtworld.com/...``). When the crawl runs against a
mirror, ``to_fetch_url`` and ``to_public_url`` translate at the edge, so that link rules, de-duplication and
the records never see the mirror's address.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

PUBLIC_HOST = "www.trtworld.com"
PUBLIC_ORIGIN = f"https://{PUBLIC_HOST}"
SITE_HOSTS = frozenset({"www.trtworld.com", "trtworld.com"})

# 12 lowercase hex characters (the CMS since mid-2025) or 8 digits (carried over from the older CMS).
ARTICLE_ID = r"(?:[0-9a-f]{12}|[0-9]{8})"
_ARTICLE_PATH = re.compile(rf"^/article/({ARTICLE_ID})(?:/amp)?/?$")
# Older URLs: /<section>/<slug>-<id>. An 8-digit id is the id served at /article/<id> today; shorter ids
# were renumbered, so only the site's redirect can tell where they went.
_LEGACY_PATH = re.compile(r"^/[a-z0-9-]+/[a-z0-9-]*[a-z][a-z0-9-]*-([0-9]{5,8})/?$")
_SCHEMELESS_SITE = re.compile(r"^(?:www\.)?trtworld\.com(?::443)?(?=/|$)", re.IGNORECASE)

TRACKING_PARAMS = (
    "_rt", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "share",
)
_TRACKING_PREFIXES = ("utm_",)

# First path segments that are never a section listing.
_NOT_SECTION = frozenset({
    "article", "video", "live", "live-stream", "about", "author", "feed", "rss", "search", "sitemap.xml",
    "sitemaps", "robots.txt", "tag", "tags", "_next", "api", "static", "privacy-policy", "contact",
    "terms-of-use", "cookie-policy", "amp",
})


def resolve(href: str, base: str) -> str:
    """An absolute URL for a link as a page or feed gives it, scheme-less site links included."""
    href = href.strip()
    if _SCHEMELESS_SITE.match(href):
        return "https://" + href
    if href.startswith(("https://", "http://")):
        return href
    if href.startswith("/") and not href.startswith("//") and "/." not in href:
        return _origin(base) + href  # the common case, without urljoin's general parsing
    return urljoin(base, href)


@lru_cache(maxsize=64)
def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# The same links (navigation, footer, Explore lists) come back on every page: their answers are cached.
# Bounded, so that memory does not grow with the length of a crawl.
_cached = lru_cache(maxsize=4096)


@_cached
def is_site_url(url: str) -> bool:
    """True for www.trtworld.com and trtworld.com, over http or https, on the default port."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        return False
    return host in SITE_HOSTS and port in (None, 80, 443)


@_cached
def article_id(url: str) -> str | None:
    """The article id a site URL names by itself, without asking the site; else None."""
    if not is_site_url(url):
        return None
    path = urlsplit(url).path
    match = _ARTICLE_PATH.match(path)
    if match:
        return match.group(1)
    match = _LEGACY_PATH.match(path)
    if match and len(match.group(1)) == 8:
        return match.group(1)
    return None


def is_article(url: str) -> bool:
    return article_id(url) is not None


def is_legacy_article(url: str) -> bool:
    """An older slug URL whose id cannot be mapped directly: it must be fetched and its redirect followed."""
    if not is_site_url(url) or is_article(url):
        return False
    return _LEGACY_PATH.match(urlsplit(url).path) is not None


def canonical(url: str) -> str | None:
    """``https://www.trtworld.com/article/<id>`` for any URL that names an article, else None."""
    found = article_id(url)
    return f"{PUBLIC_ORIGIN}/article/{found}" if found else None


def strip_tracking(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    url = url_query_cleaner(url, TRACKING_PARAMS, remove=True)
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING_PREFIXES)]
    return urlunsplit(parts._replace(query=urlencode(kept)))


@_cached
def clean(url: str) -> str:
    """One spelling per site page: canonical article URL, else https://www.trtworld.com, no tracking."""
    found = canonical(url)
    if found:
        return found
    if not is_site_url(url):
        return url
    parts = urlsplit(strip_tracking(url))
    parts = parts._replace(scheme="https", netloc=PUBLIC_HOST, fragment="")
    return canonicalize_url(urlunsplit(parts))


@_cached
def page_kind(url: str) -> str:
    """What a site URL is: article, legacy_article, home, section, author, feed, video, other.

    ``other`` covers pages that give no article and no article list worth following (live, about...).
    """
    if not is_site_url(url):
        return "offsite"
    if is_article(url):
        return "article"
    if is_legacy_article(url):
        return "legacy_article"
    path = urlsplit(url).path.rstrip("/")
    if path == "":
        return "home"
    segments = path.strip("/").split("/")
    first = segments[0].lower()
    if first == "video":
        return "video"
    if first == "author" and len(segments) == 2:
        return "author"
    if path in ("/feed/rss.xml",):
        return "feed"
    if len(segments) == 1 and first not in _NOT_SECTION and re.fullmatch(r"[a-z0-9-]+", first):
        return "section"
    return "other"


def listing_key(url: str) -> str:
    """A listing URL without its ``page`` parameter: pages of one listing share it."""
    parts = urlsplit(clean(url))
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k != "page"]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def page_number(url: str) -> int:
    for key, value in parse_qsl(urlsplit(url).query):
        if key == "page" and value.isdigit():
            return int(value)
    return 1


def to_fetch_url(public_url: str, base_url: str | None) -> str:
    """The URL to request: the public URL itself, or the same path and query on the mirror."""
    if not base_url or not is_site_url(public_url):
        return public_url
    base = urlsplit(base_url)
    parts = urlsplit(public_url)
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))


def to_public_url(fetched_url: str, base_url: str | None) -> str:
    """The public URL of a fetched page (inverse of ``to_fetch_url``)."""
    if not base_url:
        return fetched_url
    base = urlsplit(base_url)
    parts = urlsplit(fetched_url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return fetched_url
    return urlunsplit(("https", PUBLIC_HOST, parts.path or "/", parts.query, parts.fragment))
