"""What is special about TRT World article pages.

``read_page_text`` reads what a reader sees, anchored on tags and on the words the page shows (``<h1>``,
``N min read``, ``<time datetime>``, ``<figure>``/``<figcaption>``, ``/author/`` links, ``Recommended``,
``Related``, ``SOURCE:``, ``Explore``), never on generated class names.

``extract_article`` layers the four sources field by field in the README's priority order ("Output fields")
and records which source gave each field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import lxml.html
import parsel
from lxml import etree
from w3lib.encoding import html_to_unicode

from .. import urls
from newscrawl.text import clean_lines, clean_text, dedupe, split_caption, undouble
from .structured import read_jsonld, read_meta, read_next_payload, to_utc_iso

FIELDS = (
    "title", "subtitle", "section", "published_at", "modified_at", "authors", "reading_time_minutes",
    "image_url", "image_caption", "image_credit", "body", "source", "related", "tags", "language",
)

JSONLD, PAGE_DATA, META, PAGE_TEXT = "jsonld", "page_data", "meta", "page_text"

# README "Output fields": sources per field, first match wins.
PRIORITY: dict[str, tuple[str, ...]] = {
    "title": (JSONLD, PAGE_DATA, META, PAGE_TEXT),
    "subtitle": (JSONLD, PAGE_DATA, META, PAGE_TEXT),
    "section": (JSONLD, PAGE_DATA, META, PAGE_TEXT),
    "published_at": (JSONLD, PAGE_DATA, META, PAGE_TEXT),
    "modified_at": (JSONLD, PAGE_DATA, META),
    "authors": (JSONLD, PAGE_DATA, PAGE_TEXT, META),
    "reading_time_minutes": (PAGE_DATA, PAGE_TEXT),
    "image_url": (JSONLD, PAGE_DATA, META, PAGE_TEXT),
    "image_caption": (JSONLD, PAGE_DATA, PAGE_TEXT),
    "image_credit": (PAGE_DATA, PAGE_TEXT),
    "body": (JSONLD, PAGE_DATA, PAGE_TEXT),
    "source": (PAGE_DATA, PAGE_TEXT),
    "related": (PAGE_TEXT,),
    "tags": (JSONLD, PAGE_DATA, META),
    "language": (JSONLD, META),
}

EMPTY: dict[str, Any] = {
    "title": None, "subtitle": None, "section": None, "published_at": None, "modified_at": None,
    "authors": [], "reading_time_minutes": None, "image_url": None, "image_caption": None,
    "image_credit": None, "body": "", "source": None, "related": [], "tags": [], "language": "en",
}


@dataclass
class Extraction:
    fields: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)
    canonical_url: str | None = None


# ---------------------------------------------------------------------------------------------------------
# section labels

KNOWN_SECTIONS = (
    "World", "Türkiye", "War on Gaza", "War on Iran", "War on Ukraine", "BizTech", "Politics", "Features",
    "Opinion", "Infographics", "Europe", "Asia", "Africa", "Americas", "Middle East", "Sport", "Life",
    "Magazine", "Video", "Analysis", "Explainer", "Climate", "Science", "Tech", "Culture", "Business",
    "Humanitarian", "Interview", "Perspectives", "News",
)
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})
_ACRONYMS = frozenset({"US", "USA", "UK", "UN", "EU", "NATO", "AI", "TRT", "G20", "G7", "BRICS", "OTS"})


def _section_key(label: str) -> str:
    # Turkish-aware: "TÜRKİYE", "TÜRKIYE" and "Türkiye" share one key.
    return unicodedata.normalize("NFC", label.replace("İ", "I").replace("ı", "i").upper().replace("İ", "I"))


_SECTION_BY_KEY = {_section_key(label): label for label in KNOWN_SECTIONS}
_SECTION_BY_KEY[_section_key("Turkiye")] = "Türkiye"


def _lower_tr(text: str) -> str:
    return text.replace("İ", "i").lower()


def section_label(label: str | None) -> str | None:
    """An upper-case label as shown (``WAR ON GAZA``) -> the site's spelling (``War on Gaza``)."""
    label = clean_text(label)
    if not label:
        return None
    known = _SECTION_BY_KEY.get(_section_key(label))
    if known:
        return known
    if label != label.upper():  # already in the site's own casing
        return label
    words = []
    for index, word in enumerate(label.split(" ")):
        if word in _ACRONYMS:
            words.append(word)
        elif index and _lower_tr(word) in _SMALL_WORDS:
            words.append(_lower_tr(word))
        else:
            words.append(word[:1] + _lower_tr(word[1:]))
    return " ".join(words)


# ---------------------------------------------------------------------------------------------------------
# body markers (whatever source gave the body)

_RECOMMENDED = re.compile(r"^recommended$", re.I)
_RELATED_ALONE = re.compile(r"^related$", re.I)
# "RelatedTRT Global - ...", "Related TRT World - ...", "RelatedUS has ...": the label glued to a headline.
_RELATED_GLUED = re.compile(
    r"^(?:Related|RELATED)(?:\s*[:\-–—]?\s*TRT\s*(?:Global|World)\s*[-–—]|(?=[A-Z0-9\"'‘“]))")
_RELATED_LABEL = re.compile(r"^(?:Related|RELATED)\s*(?=\S)")
_ARTICLE_ID = re.compile(urls.ARTICLE_ID)
_TRT_PREFIX = re.compile(r"^TRT\s*(?:Global|World)\s*[-–—:]\s*", re.I)
_SOURCE_LINE = re.compile(r"^SOURCE\s*:\s*(.*)$", re.S)
_EXPLORE = re.compile(r"^explore$", re.I)
_SENTENCE_END = tuple(".!?\"'”’…)")


def clean_body(paragraphs: list[str]) -> list[str]:
    """Drop the widget lines (``Recommended``, ``Related ...``, ``SOURCE:...``) and everything from
    ``Explore`` on. Applied to the body whichever source gave it."""
    out: list[str] = []
    skip_headline = False
    for text in paragraphs:
        if skip_headline:
            skip_headline = False
            # After a lone "Related" line comes the linked headline: a short line that is not a sentence.
            if _TRT_PREFIX.match(text) or (len(text) < 250 and not text.endswith(_SENTENCE_END)):
                continue
        if _EXPLORE.match(text):
            break
        if _RECOMMENDED.match(text) or _SOURCE_LINE.match(text) or _RELATED_GLUED.match(text):
            continue
        if _RELATED_ALONE.match(text):
            skip_headline = True
            continue
        out.append(text)
    return out


def related_title(text: str | None) -> str | None:
    text = clean_text(text)
    if not text:
        return None
    text = _RELATED_LABEL.sub("", text) if _RELATED_GLUED.match(text) else text
    return clean_text(_TRT_PREFIX.sub("", text))


def related_url(href: str, base: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("javascript:", "mailto:", "#")):
        return None
    absolute = urls.resolve(href, base)
    return urls.canonical(absolute) or absolute


# ---------------------------------------------------------------------------------------------------------
# page text

_MIN_READ = re.compile(r"(?<!\d)(\d{1,3})\s*(?:min|mins|minute|minutes)\.?\s+read\b", re.I)
_H1 = etree.XPath("//h1")
# Text nodes, not elements: normalize-space() of an element reads its whole subtree.
# Script text is skipped first: a page's payload scripts hold hundreds of kB that normalize-space would copy.
_EXPLORE_TEXTS = etree.XPath("//text()[not(parent::script)]"
                             "[normalize-space(.) = 'Explore' or normalize-space(.) = 'EXPLORE']")
# Site chrome: navigation, the site header and footer. The same tags inside <article> are the article's own
# (a header with the category and reading time, a footer with the SOURCE line) and are kept.
_SITE_CHROME = etree.XPath(
    "//nav[not(ancestor::article)] | //footer[not(ancestor::article)]"
    " | //header[not(.//h1)][not(ancestor::article)] | //script | //style | //noscript | //template")
# The first few matches in document order are enough (the article header comes before card lists); the
# limit keeps a page with hundreds of cards from turning every card into a Python object.
_MIN_READ_TEXT = etree.XPath(
    "(.//text()[contains(., ' read') or contains(., ' READ') or contains(., ' Read')])[position() <= 30]")
_TIMES = etree.XPath("(.//time[@datetime])[position() <= 30]")
_FIGURES = etree.XPath("(.//figure[.//img])[position() <= 30]")
_AUTHOR_LINKS = etree.XPath("(.//a[contains(@href, '/author/')])[position() <= 60]")
_PARAGRAPHS = etree.XPath(".//p")
_SOURCE_TEXT = etree.XPath(".//text()[contains(., 'SOURCE')]")
_PRECEDING_LINK = etree.XPath("preceding::a[1]")

_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "form", "iframe", "img",
                        "picture", "video", "audio", "source", "input", "select", "textarea", "br", "hr",
                        "time", "nav", "footer"})


class _Page:
    """One parsed page and what has been learnt about its layout (excluded chrome, hero, body)."""

    def __init__(self, root: Any, url: str) -> None:
        self.root = root
        self.url = url
        self.excluded: set = set(_SITE_CHROME(root))
        self.stop_at: Any = None  # the Explore heading when it sits inside the article itself
        self.hero: Any = None  # the lead <figure> (its caption is not a body paragraph)
        h1s = [h for h in _H1(root) if not self.is_excluded(h)]
        self.h1 = h1s[0] if h1s else None
        self._exclude_explore()
        # Where the article's own header and body live: h1's <article> (searched first, so that pages with
        # long card lists stay cheap), else the whole page.
        self.scope = next((a for a in self.h1.iterancestors("article")), None) if self.h1 is not None else None

    def search(self, xpath: Any):
        """Results of a relative XPath in the article scope first, then in the rest of the page."""
        seen = []
        if self.scope is not None:
            seen = xpath(self.scope)
            yield from seen
        for item in xpath(self.root):
            if not seen or not self._in_scope(item):
                yield item

    def within(self, xpath: Any, minimum: int = 1) -> list:
        """Results of a relative XPath inside the article scope; the whole page's when the scope has fewer
        than ``minimum`` (an <article> that wraps only the header)."""
        if self.scope is not None:
            found = xpath(self.scope)
            if len(found) >= minimum:
                return found
        return xpath(self.root)

    def _in_scope(self, item: Any) -> bool:
        el = item.getparent() if isinstance(item, str) else item
        while el is not None:
            if el is self.scope:
                return True
            el = el.getparent()
        return False

    def is_excluded(self, el: Any) -> bool:
        excluded = self.excluded
        if el in excluded:
            return True
        for ancestor in el.iterancestors():
            if ancestor in excluded:
                return True
        return False

    def _exclude_explore(self) -> None:
        for text_node in _EXPLORE_TEXTS(self.root):
            heading = text_node.getparent()
            if heading is not None and text_node.is_tail:
                heading = heading.getparent()
            if heading is None or self.is_excluded(heading):
                continue
            node = heading
            parent = node.getparent()
            while parent is not None and len(parent) == 1:
                node, parent = parent, parent.getparent()
            if parent is None:
                continue
            holds_article = self.h1 is not None and any(a is parent for a in self.h1.iterancestors())
            after_text = any(isinstance(sib.tag, str) and (sib.tag == "p" or sib.find(".//p") is not None)
                             for sib in node.itersiblings(preceding=True))
            if holds_article or after_text:
                # Explore sits inside the article: exclude the heading and what follows it.
                self.excluded.add(node)
                for sibling in node.itersiblings():
                    self.excluded.add(sibling)
                self.stop_at = node
            else:
                self.excluded.add(parent)


def _text(el: Any) -> str | None:
    try:
        return clean_text(el.text_content())
    except (ValueError, AttributeError):
        return clean_text("".join(el.itertext()))


def _first_text(el: Any) -> str:
    for piece in el.itertext():
        piece = piece.strip()
        if piece:
            return piece
    return ""


def read_page_text(selector: Any, url: str) -> dict[str, Any]:
    """Fields from what a reader sees on the page."""
    try:
        root = selector.root
        if not isinstance(root, etree._Element):
            return {}
        page = _Page(root, url)
        out: dict[str, Any] = {}
        _read_header(page, out)
        _read_body(page, out)
        if "source" not in out:
            _read_source(page, out)
        return out
    except Exception:  # noqa: BLE001 - a reader never raises
        return {}


def _read_header(page: _Page, out: dict[str, Any]) -> None:
    h1 = page.h1
    if h1 is not None:
        title = _text(h1)
        if title:
            out["title"] = title
        subtitle = _standfirst(h1)
        if subtitle and subtitle != title:
            out["subtitle"] = subtitle
        section = _category(page, h1)
        if section:
            out["section"] = section

    for node in page.search(_MIN_READ_TEXT):
        match = _MIN_READ.search(node)
        if match and not page.is_excluded(node.getparent()):
            minutes = int(match.group(1))
            if minutes > 0:
                out["reading_time_minutes"] = minutes
                break

    for time_el in page.search(_TIMES):
        if page.is_excluded(time_el):
            continue
        stamp = to_utc_iso(time_el.get("datetime"))
        if stamp:  # never from the visible (possibly relative) text
            out["published_at"] = stamp
            break

    for figure in page.search(_FIGURES):
        if page.is_excluded(figure):
            continue
        img = figure.find(".//img")
        src = _img_src(img)
        if not src:
            continue
        page.hero = figure
        out["image_url"] = urls.resolve(src, page.url)
        caption_el = figure.find(".//figcaption")
        if caption_el is not None:
            caption, credit = split_caption(_text(caption_el))
            if caption:
                out["image_caption"] = caption
            if credit:
                out["image_credit"] = credit
        break

    authors = []
    for link in page.within(_AUTHOR_LINKS):
        if page.is_excluded(link):
            continue
        name = _text(link)
        if name:
            authors.append(undouble(name))
    if not authors and h1 is not None:
        authors = _doubled_names(page, h1)
    authors = clean_lines(authors)
    if authors:
        out["authors"] = authors


def _img_src(img: Any) -> str | None:
    if img is None:
        return None
    for attr in ("src", "data-src", "data-lazy-src"):
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    if srcset:
        return srcset.split(",")[0].strip().split(" ")[0] or None
    return None


def _standfirst(h1: Any) -> str | None:
    """The heading or paragraph right after ``<h1>`` (looking one level up when h1 is wrapped alone)."""
    node = h1
    for _ in range(2):
        sibling = node.getnext()
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = sibling.getnext()
        if sibling is not None:
            tag = sibling.tag.lower()
            if tag in ("h2", "h3", "h4", "h5", "h6", "p", "div", "span") and not sibling.xpath(
                    ".//img | .//figure | .//time | .//a[contains(@href, '/author/')] | .//p[2]"):
                text = _text(sibling)
                if text and not _MIN_READ.search(text) and len(text) < 1000:
                    return text
            return None
        node = node.getparent()
        if node is None:
            return None
    return None


def _category(page: _Page, h1: Any) -> str | None:
    """The category link shown before the headline (``WORLD``), in the site's spelling."""
    found = _PRECEDING_LINK(h1)
    if not found:
        return None
    link = found[0]
    if page.is_excluded(link) or "/author/" in (link.get("href") or ""):
        return None
    text = _text(link)
    if not text or len(text) > 40 or _MIN_READ.search(text):
        return None
    return section_label(text)


def _doubled_names(page: _Page, h1: Any) -> list[str]:
    """A byline without an author link: a short text node printed twice in a row (``Ali TopchiAli Topchi``),
    after the headline and before the body (h1's following siblings, then its parent's, two levels up)."""
    names: list[str] = []
    node = h1
    for _ in range(3):
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str) or sibling.tag in _SKIP_TAGS or page.is_excluded(sibling):
                continue
            if sibling.tag == "p":
                continue  # a standfirst written as <p>
            if len(sibling.xpath(".//p")) >= 2:
                return names  # the body
            for piece in sibling.itertext():
                piece = clean_text(piece)
                if piece and len(piece) <= 120:
                    single = undouble(piece)
                    if single != piece and any(ch.isalpha() for ch in single):
                        names.append(single)
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
    return names


def _read_source(page: _Page, out: dict[str, Any]) -> None:
    for node in page.search(_SOURCE_TEXT):
        if "SOURCE" not in node:
            continue
        el = node.getparent()
        if el is None or page.is_excluded(el):
            continue
        # Climb to the element whose text starts with the label and holds the value too ("SOURCE:" may be a
        # <span> of its own).
        for _ in range(3):
            text = _text(el) or ""
            match = _SOURCE_LINE.match(text)
            if match and match.group(1).strip():
                value = clean_text(match.group(1))
                if value and len(value) <= 200:
                    out["source"] = value
                    return
                break
            if not match and not text.startswith("SOURCE"):
                break
            el = el.getparent()
            if el is None:
                break


def _read_body(page: _Page, out: dict[str, Any]) -> None:
    counts: dict[Any, int] = {}
    order: list[Any] = []
    for p in page.within(_PARAGRAPHS, minimum=2):
        parent = p.getparent()
        if parent is None or page.is_excluded(p):
            continue
        if parent not in counts:
            counts[parent] = 0
            order.append(parent)
        counts[parent] += 1
    if not counts:
        return
    container = max(order, key=lambda el: counts[el])  # first of the largest
    walker = _BodyWalker(page)
    walker.walk(container)
    paragraphs = clean_body(walker.paragraphs)
    if paragraphs:
        out["body"] = "\n\n".join(paragraphs)
    related = dedupe(walker.related)
    if related:
        out["related"] = related
    if walker.source:
        out["source"] = walker.source


class _BodyWalker:
    """The article body's blocks in order, with widgets sorted out: Recommended (dropped), Related cards
    (recorded), SOURCE: (recorded), Explore (stop), figures (caption as a paragraph)."""

    def __init__(self, page: _Page) -> None:
        self.page = page
        self.paragraphs: list[str] = []
        self.related: list[dict[str, str]] = []
        self.source: str | None = None
        self.stopped = False

    def walk(self, container: Any) -> None:
        for child in container:
            if self.stopped:
                return
            tag = child.tag
            if not isinstance(tag, str):
                continue
            tag = tag.lower()
            if tag in _SKIP_TAGS:
                continue
            if child is self.page.stop_at:
                self.stopped = True
                return
            if child in self.page.excluded or child is self.page.h1:
                continue
            if tag == "figure":
                self._figure(child)
                continue
            text = _text(child)
            if not text:
                continue
            if _EXPLORE.match(text):
                self.stopped = True
                return
            if _RECOMMENDED.match(text):
                continue
            if tag not in _BLOCK_TAGS and _RECOMMENDED.match(_first_text(child)):
                continue  # a Recommended box with its cards
            if self._related(child, tag, text):
                continue
            match = _SOURCE_LINE.match(text)
            if match:
                self.source = self.source or clean_text(match.group(1))
                continue
            if tag in _BLOCK_TAGS:
                self.paragraphs.append(text)
            elif tag in ("ul", "ol"):
                for item in child.iterchildren("li"):
                    item_text = _text(item)
                    if item_text:
                        self.paragraphs.append(item_text)
            elif tag == "blockquote" and child.find(".//p") is None:
                self.paragraphs.append(text)
            elif any(isinstance(c.tag, str) and c.tag.lower() not in ("a", "strong", "em", "b", "i", "span",
                                                                       "br", "sup", "sub", "u", "mark")
                     for c in child):
                self.walk(child)
            else:
                self.paragraphs.append(text)

    def _figure(self, figure: Any) -> None:
        if figure is self.page.hero:
            return
        caption_el = figure.find(".//figcaption")
        if caption_el is None:
            return
        caption, _credit = split_caption(_text(caption_el))
        if caption:
            self.paragraphs.append(caption)

    def _related(self, el: Any, tag: str, text: str) -> bool:
        """A ``Related`` card: record its link(s). True when the block was a Related marker."""
        if not (text.startswith("Related") or text.startswith("RELATED")):
            return False
        if _RELATED_ALONE.match(text):
            return True  # a bare marker
        links = [a for a in el.iter("a") if a.get("href")]
        if not links:
            return bool(_RELATED_GLUED.match(text)) and tag not in _BLOCK_TAGS
        label = _first_text(el)
        rest = clean_text(text[len("Related"):]) or ""
        link_text = clean_text(" ".join(_text(a) or "" for a in links)) or ""
        if link_text.startswith(("Related", "RELATED")):  # the label inside the link itself
            link_text = link_text[len("Related"):].strip()
        is_card = (_RELATED_ALONE.match(label) is not None or rest == link_text
                   or clean_text(rest.replace(" ", "")) == link_text.replace(" ", ""))
        if not is_card:
            return False
        for a in links:
            title = related_title(_text(a))
            target = related_url(a.get("href"), self.page.url)
            if title and target:
                self.related.append({"title": title, "url": target})
        return True


# ---------------------------------------------------------------------------------------------------------
# layering

def _decode(html: str | bytes | None) -> str:
    if html is None:
        return ""
    if isinstance(html, str):
        text = html
    elif isinstance(html, (bytes, bytearray, memoryview)):
        try:
            _encoding, text = html_to_unicode(None, bytes(html))
        except Exception:  # noqa: BLE001
            text = bytes(html).decode("utf-8", "replace")
    else:
        return ""
    return text


_HTML_PARSER = lxml.html.HTMLParser(recover=True, remove_comments=True)


def _selector(text: str) -> Any:
    """The page parsed once, straight from text (parsel's own constructor would encode it to bytes first)."""
    try:
        root = lxml.html.document_fromstring(text or "<html></html>", parser=_HTML_PARSER)
        return parsel.Selector(root=root, type="html")
    except Exception:  # noqa: BLE001 - e.g. an XML declaration naming an encoding, which lxml refuses in a str
        pass
    if "\x00" in text:  # lxml refuses NUL characters; looked for only here, off the common path
        return _selector(text.replace("\x00", ""))
    try:
        return parsel.Selector(text=text or "<html></html>", type="html")
    except Exception:  # noqa: BLE001
        return parsel.Selector(text="<html></html>", type="html")


def _public(value: Any, url: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return urls.resolve(value, url)
    except ValueError:
        return None


def _canonical_url(layers: dict[str, dict[str, Any]], url: str) -> str | None:
    candidates = []
    for name in (META, JSONLD, PAGE_DATA):
        value = _public(layers[name].get("canonical_url"), url)
        if value:
            candidates.append(value)
    payload_id = layers[PAGE_DATA].get("_payload_id")
    if payload_id and _ARTICLE_ID.fullmatch(payload_id):
        candidates.append(f"{urls.PUBLIC_ORIGIN}/article/{payload_id}")
    for candidate in candidates:
        found = urls.canonical(candidate)
        if found:
            return found
    return candidates[0] if candidates else None


def _finish(name: str, value: Any, url: str) -> Any:
    """Field-specific clean-up applied whichever source gave the value; None/''/[] when nothing is left."""
    if name == "section":
        return section_label(value)
    if name == "authors":
        return clean_lines(undouble(a) for a in value if isinstance(a, str))
    if name == "body":
        return "\n\n".join(clean_body([p for p in value.split("\n\n") if p]))
    if name == "image_url":
        return _public(value, url)
    if name == "tags":  # "Economy" and "economy" are one tag
        return clean_lines(value, ignore_case=True)
    return value


def parse_html(html: str | bytes | None) -> Any:
    """A page parsed for ``extract_article`` (``selector=``) and for whoever else reads the same page, so
    that it is parsed once. Readers never change the tree."""
    return _selector(_decode(html))


def extract_article(url: str, html: str | bytes, selector: Any = None) -> Extraction:
    """All the article fields one page gives, each from the first source (README order) that has it.

    ``selector``: the page already parsed by ``parse_html(html)``, to save parsing it again."""
    fields = {name: (list(v) if isinstance(v, list) else v) for name, v in EMPTY.items()}
    sources: dict[str, str] = {}
    try:
        url = url if isinstance(url, str) else ""
        text = _decode(html)
        if selector is None:
            selector = _selector(text)
        try:
            article_id = urls.article_id(url)
        except ValueError:
            article_id = None
        layers = {
            JSONLD: read_jsonld(selector, article_id),
            PAGE_DATA: read_next_payload(text, article_id),
            META: read_meta(selector),
            PAGE_TEXT: read_page_text(selector, url),
        }
        for name in FIELDS:
            for source in PRIORITY[name]:
                value = layers[source].get(name)
                if value in (None, "", []):
                    continue
                value = _finish(name, value, url)
                if value in (None, "", []):
                    continue
                fields[name] = value
                sources[name] = source
                break
        if "image_credit" not in sources:
            fallback = layers[JSONLD].get("_image_credit_fallback")
            if fallback:
                fields["image_credit"] = fallback
                sources["image_credit"] = JSONLD
        return Extraction(fields=fields, sources=sources, canonical_url=_canonical_url(layers, url))
    except Exception:  # noqa: BLE001 - extraction never raises; what was read so far is returned
        return Extraction(fields=fields, sources=sources, canonical_url=None)
