"""Build the offline TRT World mirror from tests/site/articles.py.

    python -m tests.site.build          # (re)writes tests/site/pages/, routes.json, expected/

Writes:
  pages/...                    the static mirror served by serve.py (see serve.py for the URL -> file mapping)
  routes.json                  redirects and fixed statuses
  expected/articles.jsonl      the records the crawler must produce, derived from the source data by the
                               README "Output fields" rules (this file never imports newscrawl)
  expected/rendered.jsonl      the same for the pages that need a browser (not linked from the main mirror)
  expected/README.md           every mirror URL, what it is and how the crawler reaches it

The output is deterministic: running the builder twice gives identical files.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import shutil
import unicodedata
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

try:  # run as a module (python -m tests.site.build) or as a script
    from .articles import ARTICLES, RENDER_ARTICLES, VIDEOS
except ImportError:  # pragma: no cover
    from articles import ARTICLES, RENDER_ARTICLES, VIDEOS

HERE = Path(__file__).resolve().parent
SITE = "https://www.trtworld.com"
IST = timezone(timedelta(hours=3))

DEFAULTS = dict(
    jsonld="yes", payload="yes", payload_tags=None, payload_authors="list", meta_published=True,
    meta_modified=True, meta_section=True, meta_author="TRT World", date_display=None, layout="current",
    jsonld_keywords_as_string=False, jsonld_image_as_string=False, jsonld_author_as_object=False,
    nbsp_entity=False, gallery=False, old_slug=None, explore=None,
)

# Section slug -> (site spelling, upper-case label shown by the site).
SECTIONS = {
    "politics": ("Politics", "POLITICS"),
    "turkiye": ("Türkiye", "TÜRKİYE"),
    "war-on-gaza": ("War on Gaza", "WAR ON GAZA"),
    "biztech": ("BizTech", "BIZTECH"),
    "infographics": ("Infographics", "INFOGRAPHICS"),
    "features": ("Features", "FEATURES"),
    "opinion": ("Opinion", "OPINION"),
    "world": ("World", "WORLD"),  # exists (category links of World articles) but is NOT in the main navigation
}
NAV = ["politics", "turkiye", "war-on-gaza", "biztech", "infographics", "features", "opinion"]
SLUG_OF = {v[0]: k for k, v in SECTIONS.items()}

# Failure URLs (linked from the homepage or a section page).
FAILURES = {
    "deadbeef0000": dict(kind="404", title="Live updates: Floods hit northern Iraq after days of heavy rain",
                         published="2026-11-22T08:00:00Z"),
    "5000000a0000": dict(kind="500", title="Explainer: What the new EU migration pact changes",
                         published="2026-11-18T09:00:00Z"),
    "0bad0bad0bad": dict(kind="empty", title="Live blog: Gaza aid convoy reaches Rafah crossing",
                         published="2026-06-01T09:00:00Z"),
    "0ddf11e00000": dict(kind="pdf", title="TRT World Economic Outlook 2026 (PDF)",
                         published="2026-03-10T09:00:00Z"),
}

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

# ---------------------------------------------------------------------------------------------- helpers


def art(a: dict) -> dict:
    out = dict(DEFAULTS)
    out.update(a)
    return out


ARTS = [art(a) for a in ARTICLES]
BY_ID = {a["id"]: a for a in ARTS}
assert len(BY_ID) == len(ARTS), "duplicate article id"


def exclusive(a) -> str | None:
    r = a["reach"]
    return r.split(":", 1)[1] if r.startswith("exclusive:") else None


def dt(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(timezone.utc)


def iso_z(s):  # Next.js payload / <time datetime>: 2025-08-07T11:20:41.000Z
    return dt(s).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def iso_ist(s):  # JSON-LD / article:* metas: 2025-08-07T14:20:41+03:00
    return dt(s).astimezone(IST).isoformat()


def iso_utc(s):  # expected output
    return dt(s).isoformat() if s else None


def human_date(s):
    d = dt(s).astimezone(IST)
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


_B62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Css:
    """CSS-module style class names whose hash suffix depends on the page family."""

    def __init__(self, family: str):
        self.family = family

    def __call__(self, name: str) -> str:
        n = int.from_bytes(hashlib.sha1(f"{self.family}|{name}".encode()).digest()[:8], "big")
        suffix = ""
        for _ in range(5):
            n, r = divmod(n, 62)
            suffix += _B62[r]
        return f"{name}__{suffix}"


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


def canonical(href: str) -> str | None:
    """Canonical article URL for a link to a trtworld.com article, else None."""
    parts = urlsplit(href if "//" in href or href.startswith("/") else "//" + href)
    host = (parts.hostname or "www.trtworld.com").lower()
    if host not in ("www.trtworld.com", "trtworld.com"):
        return None
    segs = [s for s in parts.path.split("/") if s]
    if len(segs) >= 2 and segs[0] == "article":
        return f"{SITE}/article/{segs[1]}"
    return None


def write(rel: str, content, root: Path):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


# ---------------------------------------------------------------------------------------------- chrome


def head(css: Css, title: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{extra}</head>
<body>
<div id="__next">
<header class="{css('Header_header')}">
  <a class="{css('Header_logo')}" href="/">TRT World</a>
  <nav class="{css('MainNav_nav')}" aria-label="Main">
    <ul class="{css('MainNav_list')}">
""" + "".join(
        f'      <li><a class="{css("MainNav_link")}" href="/{slug}">{SECTIONS[slug][1]}</a></li>\n' for slug in NAV
    ) + f"""    </ul>
  </nav>
  <a class="{css('Header_live')}" href="/live">LIVE</a>
</header>
"""


def foot(css: Css, scripts: str = "") -> str:
    return f"""<footer class="{css('Footer_footer')}">
  <a href="/about">About us</a>
  <a href="https://www.trtafrika.com/">TRT Afrika</a>
  <a href="https://trt.global/">TRT Global</a>
</footer>
</div>
{scripts}</body>
</html>
"""


def next_chunks(rows: list[str]) -> str:
    out = ['<script>self.__next_f=self.__next_f||[];self.__next_f.push([0])</script>\n',
           '<script>self.__next_f.push([1,' + json.dumps('1:HL["/_next/static/css/app.css","style"]\n') + '])</script>\n']
    for row in rows:
        out.append('<script>self.__next_f.push([1,' + json.dumps(row, ensure_ascii=False) + '])</script>\n')
    return "".join(out)


# ---------------------------------------------------------------------------------------------- article


def byline_names(a):
    return [p["name"] for p in a["authors"] if p["kind"] in ("person", "agency")]


def jsonld_text(a) -> str:
    url, caption, _credit = a["image"]
    authors = [{"@type": "Person" if p["kind"] == "person" else "Organization", "name": p["name"],
                **({"url": f"{SITE}/author/{p['handle']}"} if p.get("handle") else {})} for p in a["authors"]]
    obj = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": f"{SITE}/article/{a['id']}"},
        "headline": a["title"],
        "description": a["subtitle"],
        "image": url if a["jsonld_image_as_string"] else [{"@type": "ImageObject", "url": url, "caption": caption}],
        "datePublished": iso_ist(a["published"]),
        "dateModified": iso_ist(a["modified"]),
        "articleSection": a["section"],
        "keywords": ", ".join(a["tags"]) if a["jsonld_keywords_as_string"] else a["tags"],
        "inLanguage": "en",
        "author": authors[0] if a["jsonld_author_as_object"] else authors,
        "publisher": {"@type": "Organization", "name": "TRT World",
                      "logo": {"@type": "ImageObject", "url": f"{SITE}/logo.png"}},
    }
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if a["jsonld"] == "broken":
        # a CMS bug: quotes inside the standfirst are not escaped -> invalid JSON
        assert '\\"' in text
        text = text.replace('\\"', '"')
    return text


def payload_rows(a, idx) -> list[str]:
    url, caption, credit = a["image"]
    art_obj = {
        "id": a["id"], "slug": a["id"], "title": a["title"], "description": a["subtitle"],
        "publishedAt": iso_z(a["published"]), "updatedAt": iso_z(a["modified"]),
        "readingTime": a["reading_time"],
        "category": {"title": a["section"], "slug": SLUG_OF[a["section"]]},
    }
    if a["payload_authors"] == "list":
        art_obj["authors"] = [{"name": p["name"], **({"slug": p["handle"]} if p.get("handle") else {})}
                              for p in a["authors"]]
    elif a["payload_authors"] == "empty":
        art_obj["authors"] = []
    art_obj["coverImage"] = {"url": url, "caption": caption, "credit": credit}
    art_obj["tags"] = [{"title": t} for t in (a["payload_tags"] or a["tags"])]
    art_obj["source"] = a["source"]
    row_id = ["8", "a", "1f", "c", "12"][idx % 5]
    row = json.dumps({"article": art_obj}, ensure_ascii=False, separators=(",", ":"))
    if a["payload"] == "broken":
        row = row[: row.index('"updatedAt"') + 20]  # truncated mid-object: not parseable
    return [f"{row_id}:{row}\n", '9:["$","div",null,{"className":"layout"}]\n']


def explore_for(a, idx) -> list[str]:
    if a["explore"]:
        return a["explore"]
    pool = sorted((b for b in ARTS if b["id"] != a["id"] and not exclusive(b)),
                  key=lambda b: b["published"], reverse=True)
    n = 3 + idx % 4
    start = (idx * 5) % len(pool)
    return [pool[(start + k) % len(pool)]["id"] for k in range(n)]


def link_form(aid: str, k: int) -> str:
    return [f"/article/{aid}", f"/article/{aid}", f"{SITE}/article/{aid}"][k % 3]


def paragraph_html(a, text, k=0) -> str:
    h = esc(text)
    if a["nbsp_entity"]:
        h = h.replace("\u00a0", "&nbsp;")
    for phrase, tag in a.get("inline", {}).items():
        h = h.replace(esc(phrase), f"<{tag}>{esc(phrase)}</{tag}>")
    if a.get("wrap_paragraph") == k:  # a line break inside the paragraph's source
        words = h.split(" ")
        mid = len(words) // 2
        h = " ".join(words[:mid]) + "\n      " + " ".join(words[mid:])
    return h


def explore_html(css, a, idx) -> str:
    items = []
    for k, eid in enumerate(explore_for(a, idx)):
        b = BY_ID[eid]
        by = ""
        persons = [p["name"] for p in b["authors"] if p["kind"] == "person"]
        if persons:
            by = f' <span class="{css("Explore_byline")}">By {esc(persons[0])}</span>'
        items.append(f'    <li><a href="{link_form(eid, k + idx)}">{esc(b["title"])}</a>{by}</li>\n')
    return (f'<section class="{css("Explore_section")}">\n  <h2 class="{css("Explore_heading")}">Explore</h2>\n'
            f'  <ul class="{css("Explore_list")}">\n' + "".join(items) + "  </ul>\n</section>\n")


def body_html(css, a) -> str:
    out = []
    p_index = 0
    for item in a["body"]:
        if isinstance(item, str):
            out.append(f'    <p>{paragraph_html(a, item, p_index)}</p>\n')
            p_index += 1
        elif item[0] in ("h2", "h3"):
            out.append(f'    <{item[0]} class="{css("ArticleBody_heading")}">{esc(item[1])}</{item[0]}>\n')
        elif item[0] == "rec":
            out.append(f'    <div class="{css("Recommended_box")}"><span class="{css("Recommended_label")}">'
                       f'{esc(item[1])}</span></div>\n')
        elif item[0] == "related":
            out.append(f'    <div class="{css("RelatedCard_card")}"><span class="{css("RelatedCard_label")}">Related</span>'
                       f'<a class="{css("RelatedCard_link")}" href="{esc(item[2])}">{esc(item[1])}</a></div>\n')
        elif item[0] == "figure":
            _, src, cap, credit = item
            out.append(f'    <figure class="{css("Gallery_item")}">\n'
                       f'      <img class="{css("Gallery_image")}" alt="" src="{esc(src)}" width="960" height="640" loading="lazy">\n'
                       f'      <figcaption class="{css("Gallery_caption")}">{esc(cap)} / {esc(credit)}</figcaption>\n'
                       f'    </figure>\n')
        else:
            raise ValueError(item)
    return "".join(out)


def meta_block(a) -> str:
    url, _caption, _credit = a["image"]
    m = [f'<meta name="description" content="{esc(a["subtitle"])}">\n']
    if a["meta_author"]:
        m.append(f'<meta name="author" content="{esc(a["meta_author"])}">\n')
    m.append(f'<meta name="keywords" content="{esc(", ".join(a["tags"]))}">\n')
    m.append(f'<link rel="canonical" href="{SITE}/article/{a["id"]}">\n')
    m.append(f'<link rel="amphtml" href="{SITE}/article/{a["id"]}/amp">\n')
    m.append('<link rel="alternate" type="application/rss+xml" title="TRT World" href="/feed/rss.xml">\n')
    m.append('<meta property="og:type" content="article">\n<meta property="og:site_name" content="TRT World">\n')
    m.append(f'<meta property="og:title" content="{esc(a["title"])}">\n')
    m.append(f'<meta property="og:description" content="{esc(a["subtitle"])}">\n')
    m.append(f'<meta property="og:url" content="{SITE}/article/{a["id"]}">\n')
    m.append(f'<meta property="og:image" content="{esc(url)}">\n<meta property="og:locale" content="en_US">\n')
    if a["meta_published"]:
        m.append(f'<meta property="article:published_time" content="{iso_ist(a["published"])}">\n')
    if a["meta_modified"] and a["modified"]:
        m.append(f'<meta property="article:modified_time" content="{iso_ist(a["modified"])}">\n')
    if a["meta_section"]:
        m.append(f'<meta property="article:section" content="{esc(a["section"])}">\n')
    if a["jsonld"] != "no":
        m.append(f'<script type="application/ld+json">{jsonld_text(a)}</script>\n')
    return "".join(m)


def byline_html(css, a) -> str:
    parts = []
    for p in a["authors"]:
        if p["kind"] == "person":
            parts.append(f'<a class="{css("AuthorName_link")}" href="/author/{p["handle"]}">{esc(p["name"])}</a>'
                         f'<span class="{css("AuthorName_mobile")}">{esc(p["name"])}</span>')
        elif p["kind"] == "agency":
            parts.append(f'<span class="{css("AuthorName_agency")}">{esc(p["name"])}</span>'
                         f'<span class="{css("AuthorName_mobile")}">{esc(p["name"])}</span>')
    if not parts:
        return ""
    return f'  <div class="{css("ArticleHeader_author")}">{"".join(parts)}</div>\n'


def time_html(a, iso_attr) -> str:
    if a["date_display"]:
        return f"<time>{esc(a['date_display'])}</time>"
    return f'<time datetime="{iso_attr}">{human_date(a["published"])}</time>'


def article_page(a, idx) -> str:
    css = Css("article:" + a["id"])
    slug = SLUG_OF[a["section"]]
    label = SECTIONS[slug][1]
    url, caption, credit = a["image"]
    scripts = ""
    if a["payload"] != "no":
        scripts = next_chunks(payload_rows(a, idx))
    if a["layout"] == "old":
        main = f"""<main class="{css('Layout_main')}">
<article class="{css('Story_story')}">
  <header class="{css('StoryHeader_header')}">
    <a class="{css('StoryHeader_category')}" href="/{slug}">{label}</a>
    <h1 class="{css('StoryHeader_title')}">{esc(a['title'])}</h1>
    <p class="{css('StoryHeader_lead')}">{esc(a['subtitle'])}</p>
    <div class="{css('StoryHeader_info')}"><span>{a['reading_time']} MIN READ</span> <time datetime="{iso_ist(a['published'])}">{dt(a['published']).astimezone(IST).strftime('%d.%m.%Y')}</time></div>
  </header>
  <figure class="{css('StoryImage_figure')}">
    <img alt="{esc(a['title'])}" src="{esc(url)}" width="960" height="540">
    <figcaption>{esc(caption)} / {esc(credit)}</figcaption>
  </figure>
  <div class="{css('StoryContent_content')}">
{body_html(css, a)}  </div>
  <p class="{css('StorySource_source')}">SOURCE: {esc(a['source'])}</p>
</article>
{explore_html(css, a, idx)}</main>
"""
    else:
        main = f"""<main class="{css('Layout_main')}">
<article class="{css('ArticlePage_article')}">
  <div class="{css('ArticleHeader_meta')}">
    <a class="{css('ArticleHeader_category')}" href="/{slug}">{label}</a>
    <span class="{css('ArticleHeader_readTime')}">{a['reading_time']} min read</span>
  </div>
  <h1 class="{css('ArticleHeader_title')}">{esc(a['title'])}</h1>
  <h2 class="{css('ArticleHeader_subtitle')}">{esc(a['subtitle'])}</h2>
  <figure class="{css('HeroImage_figure')}">
    <img class="{css('HeroImage_image')}" alt="{esc(a['title'])}" src="{esc(url)}" width="960" height="540">
    <figcaption class="{css('HeroImage_caption')}">{esc(caption)} / {esc(credit)}</figcaption>
  </figure>
{byline_html(css, a)}  <div class="{css('ArticleHeader_date')}">{time_html(a, iso_z(a['published']))}</div>
  <div class="{css('ArticleBody_body')}">
{body_html(css, a)}  </div>
  <div class="{css('ArticleSource_source')}"><span class="{css('ArticleSource_label')}">SOURCE:</span>{esc(a['source'])}</div>
</article>
{explore_html(css, a, idx)}</main>
"""
    return head(css, f"{a['title']} - TRT World", meta_block(a)) + main + foot(css, scripts)


def amp_page(a) -> str:
    paras = "".join(f"<p>{esc(p)}</p>\n" for p in a["body"] if isinstance(p, str))
    return f"""<!doctype html>
<html amp lang="en">
<head>
<meta charset="utf-8">
<title>{esc(a['title'])} - TRT World</title>
<link rel="canonical" href="{SITE}/article/{a['id']}">
<meta name="viewport" content="width=device-width">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<style amp-boilerplate>body{{visibility:hidden}}</style>
</head>
<body>
<header><a href="/">TRT World</a></header>
<article>
<h1>{esc(a['title'])}</h1>
{paras}</article>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------------- listings


def card_html(css, href, title, published, summary=None) -> str:
    s = f'\n    <p class="{css("Card_summary")}">{esc(summary)}</p>' if summary else ""
    return (f'  <li class="{css("Card_card")}">\n'
            f'    <a class="{css("Card_link")}" href="{esc(href)}"><h3 class="{css("Card_title")}">{esc(title)}</h3></a>{s}\n'
            f'    <time class="{css("Card_date")}" datetime="{iso_z(published)}">{human_date(published)}</time>\n'
            f'  </li>\n')


def card_for(css, entry, k=0) -> str:
    """entry: article id, failure id, or ("slug", article id)."""
    if isinstance(entry, tuple):
        a = BY_ID[entry[1]]
        return card_html(css, a["old_slug"], a["title"], a["published"], a["subtitle"])
    if entry in FAILURES:
        f = FAILURES[entry]
        return card_html(css, f"/article/{entry}", f["title"], f["published"])
    a = BY_ID[entry]
    return card_html(css, link_form(entry, k), a["title"], a["published"], a["subtitle"])


def entry_date(entry):
    if isinstance(entry, tuple):
        return BY_ID[entry[1]]["published"]
    if entry in FAILURES:
        return FAILURES[entry]["published"]
    return BY_ID[entry]["published"]


def listing_page(family, base_path, heading, entries, page, pages) -> str:
    css = Css(family)
    entries = sorted(entries, key=entry_date, reverse=True)
    links = []
    if page > 1:
        links.append(f'<link rel="prev" href="{base_path}{"" if page == 2 else f"?page={page - 1}"}">\n')
    if page < pages:
        links.append(f'<link rel="next" href="{base_path}?page={page + 1}">\n')
    extra = (f'<meta name="description" content="{esc(heading)} news from TRT World">\n'
             f'<link rel="canonical" href="{SITE}{base_path}{"" if page == 1 else f"?page={page}"}">\n'
             '<link rel="alternate" type="application/rss+xml" title="TRT World" href="/feed/rss.xml">\n'
             + "".join(links))
    cards = "".join(card_for(css, e, k) for k, e in enumerate(entries))
    pag = ""
    if pages > 1:
        items = []
        for n in range(1, pages + 1):
            href = base_path if n == 1 else f"?page={n}"
            cur = ' aria-current="page"' if n == page else ""
            items.append(f'<a class="{css("Pagination_link")}" href="{href}"{cur}>{n}</a>')
        if page < pages:
            items.append(f'<a class="{css("Pagination_next")}" href="?page={page + 1}">Next</a>')
        pag = f'<nav class="{css("Pagination_nav")}" aria-label="Pagination">{"".join(items)}</nav>\n'
    main = (f'<main class="{css("Layout_main")}">\n<h1 class="{css("ListingPage_title")}">{esc(heading)}</h1>\n'
            f'<ul class="{css("CardList_list")}">\n{cards}</ul>\n{pag}</main>\n')
    return head(css, f"{heading} - TRT World", extra) + main + foot(css)


SECTION_ENTRIES = {
    "politics": [["e2f6a8b41c57", "7e0b3d5c2a96", "c4d92e1a6f18", "a31e7c2f9b04"],   # 2026
                 ["9d3e5b7a1c20", "4f2a9c1be807", "36d48b0025aa"],                   # 2025 H2
                 ["5be1c09a7d32", "18277421"]],                                      # 2025 H1
    "turkiye": [["2b7d4f90e3a1", "0c5a7f3e9d21", ("slug", "17930111")]],
    "war-on-gaza": [["d7b2e5a09c64", "0bad0bad0bad", "3f8a1b6c0e75", "18261853"]],
    "biztech": [["b5e9d1c73a08", "0ddf11e00000", "18290517"]],
    "infographics": [["f1d3b7e9a2c4", "18301288"]],
    "features": [["0c5a7f3e9d21", "4d6e8f0a1b3c", ("slug", "9a7c5e3b1d0f")]],
    "opinion": [["1e3a5c7b9d2f", "7e0b3d5c2a96"]],
    "world": [["4f2a9c1be807", "36d48b0025aa", "18261853"]],
}

AUTHORS = {}
for _a in ARTS:
    for _p in _a["authors"]:
        if _p["kind"] == "person":
            AUTHORS.setdefault(_p["handle"], {"name": _p["name"], "ids": []})
            if not exclusive(_a):
                AUTHORS[_p["handle"]]["ids"].append(_a["id"])
AUTHOR_PAGE_SIZE = 4

HOME_CARDS = [
    ("d7b2e5a09c64", f"{SITE}/article/d7b2e5a09c64"),
    ("e2f6a8b41c57", "/article/e2f6a8b41c57"),
    ("2b7d4f90e3a1", "https://trtworld.com/article/2b7d4f90e3a1"),
    ("1e3a5c7b9d2f", "/article/1e3a5c7b9d2f"),
    ("deadbeef0000", "/article/deadbeef0000"),
    ("5000000a0000", f"{SITE}/article/5000000a0000"),
    ("f1d3b7e9a2c4", f"{SITE}/article/f1d3b7e9a2c4?utm_source=homepage&utm_campaign=latest"),
    ("7e0b3d5c2a96", "https://www.trtworld.com:443/article/7e0b3d5c2a96"),
    ("0c5a7f3e9d21", "/article/0c5a7f3e9d21"),
    ("b5e9d1c73a08", "/article/b5e9d1c73a08"),
    ("4d6e8f0a1b3c", "/article/4d6e8f0a1b3c"),
    ("6a4c0f2e8d13", "/article/6a4c0f2e8d13/amp?utm_source=twitter&utm_medium=social&_rt=1&fbclid=abc123"),
    ("18290517", f"{SITE}/article/18290517"),
    ("a31e7c2f9b04", "/article/a31e7c2f9b04"),
]
SISTER_LINKS = [
    ("https://trt.global/world/article/5d2c8e4f1a39", "TRT Global - Why the Caucasus corridor matters for Europe's energy security"),
    ("https://www.trtafrika.com/article/3b7e1d9f5c02", "TRT Afrika - Kenya's tech start-ups draw record investment"),
]


def home_page() -> str:
    css = Css("home")
    extra = ('<meta name="description" content="TRT World: breaking news, analysis and features from Türkiye and the world.">\n'
             f'<link rel="canonical" href="{SITE}/">\n'
             '<link rel="alternate" type="application/rss+xml" title="TRT World" href="/feed/rss.xml">\n'
             '<meta property="og:type" content="website">\n<meta property="og:title" content="TRT World">\n')
    cards = []
    for aid, href in HOME_CARDS:
        if aid in FAILURES:
            f = FAILURES[aid]
            cards.append(card_html(css, href, f["title"], f["published"]))
        else:
            a = BY_ID[aid]
            cards.append(card_html(css, href, a["title"], a["published"], a["subtitle"]))
    v = VIDEOS[0]
    video = (f'<section class="{css("VideoRail_section")}">\n<h2 class="{css("VideoRail_heading")}">Videos</h2>\n<ul>\n'
             f'  <li><a href="/video/{v["id"]}"><h3>{esc(v["title"])}</h3></a><span>{v["duration"]}</span></li>\n</ul>\n</section>\n')
    sister = "".join(f'  <li><a href="{h}" target="_blank" rel="noopener">{esc(t)}</a></li>\n' for h, t in SISTER_LINKS)
    main = (f'<main class="{css("Layout_main")}">\n'
            f'<section class="{css("HomeHero_section")}">\n<h2 class="{css("HomeHero_heading")}">Top stories</h2>\n'
            f'<ul class="{css("CardList_list")}">\n{"".join(cards[:6])}</ul>\n</section>\n'
            f'<section class="{css("HomeLatest_section")}">\n<h2 class="{css("HomeLatest_heading")}">Latest</h2>\n'
            f'<ul class="{css("CardList_list")}">\n{"".join(cards[6:])}</ul>\n</section>\n'
            f'{video}'
            f'<section class="{css("LiveBanner_section")}"><a href="/live">Watch TRT World live</a></section>\n'
            f'<section class="{css("Partners_section")}">\n<h2>From our network</h2>\n<ul>\n{sister}</ul>\n</section>\n'
            f'</main>\n')
    return head(css, "TRT World - Breaking news, analysis and features", extra) + main + foot(css)


def video_page(v) -> str:
    css = Css("video")
    others = [o for o in VIDEOS if o["id"] != v["id"]]
    more = "".join(f'  <li><a href="/video/{o["id"]}">{esc(o["title"])}</a> <span>{o["duration"]}</span></li>\n'
                   for o in others)
    m, s = v["duration"].split(":")
    payload = {"video": {"slug": v["id"], "title": v["title"], "description": v["description"],
                         "publishedAt": iso_z(v["published"]),
                         "coverImage": {"url": f"https://cdn-i.pr.trt.com.tr/trtworld/w960/h540/q75/v_{v['id']}.jpeg"},
                         "media": {"type": "video", "duration": int(m) * 60 + int(s),
                                   "url": f"https://cdn-v.pr.trt.com.tr/trtworld/{v['id']}/master.m3u8"}}}
    extra = (f'<meta name="description" content="{esc(v["description"])}">\n'
             f'<link rel="canonical" href="{SITE}/video/{v["id"]}">\n'
             f'<meta property="og:type" content="video.other">\n<meta property="og:title" content="{esc(v["title"])}">\n')
    main = (f'<main class="{css("Layout_main")}">\n<div class="{css("VideoPlayer_player")}" data-src="/video/{v["id"]}"></div>\n'
            f'<h1 class="{css("VideoInfo_title")}">{esc(v["title"])}</h1>\n'
            f'<span class="{css("VideoInfo_duration")}">{v["duration"]}</span> <span class="{css("VideoInfo_category")}">{esc(v["category"])}</span>\n'
            f'<p class="{css("VideoInfo_description")}">{esc(v["description"])}</p>\n'
            f'<time datetime="{iso_z(v["published"])}">{human_date(v["published"])}</time>\n'
            f'<section class="{css("MoreVideos_section")}">\n<h2>More Videos</h2>\n<ul>\n{more}</ul>\n</section>\n</main>\n')
    row = "7:" + json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"
    return head(css, f"{v['title']} - TRT World", extra) + main + foot(css, next_chunks([row]))


def simple_page(family, title, inner, canonical_path) -> str:
    css = Css(family)
    extra = f'<link rel="canonical" href="{SITE}{canonical_path}">\n'
    return head(css, f"{title} - TRT World", extra) + f'<main class="{css("Layout_main")}">\n{inner}</main>\n' + foot(css)


def empty_article_page(aid) -> str:
    css = Css("article:" + aid)
    extra = (f'<link rel="canonical" href="{SITE}/article/{aid}">\n'
             '<link rel="alternate" type="application/rss+xml" title="TRT World" href="/feed/rss.xml">\n')
    main = (f'<main class="{css("Layout_main")}">\n<div class="{css("ArticleSkeleton_wrapper")}">\n'
            f'  <div class="{css("ArticleSkeleton_line")}"></div>\n  <div class="{css("ArticleSkeleton_line")}"></div>\n'
            f'</div>\n</main>\n')
    return head(css, "TRT World", extra) + main + foot(css)


# ---------------------------------------------------------------------------------------------- feeds


RSS_IDS = ["d7b2e5a09c64", "8c0f4a2d6b17", "e2f6a8b41c57", "2b7d4f90e3a1", "1e3a5c7b9d2f",
           "f1d3b7e9a2c4", "0c5a7f3e9d21", "7e0b3d5c2a96", "b5e9d1c73a08", "4d6e8f0a1b3c"]
NEWS_IDS = ["91c3e6d0b8f2", "d7b2e5a09c64", "e2f6a8b41c57"]


def rss() -> str:
    items = []
    for k, aid in enumerate(RSS_IDS):
        a = BY_ID[aid]
        link = f"/article/{aid}" if k % 2 == 0 else f"www.trtworld.com/article/{aid}"
        d = dt(a["published"])
        pub = format_datetime(d, usegmt=True) if k % 3 else format_datetime(d.astimezone(IST))
        items.append(f"""  <item>
    <title>{esc(a['title'])}</title>
    <link>{link}</link>
    <guid isPermaLink="false">{aid}</guid>
    <pubDate>{pub}</pubDate>
    <category>{esc(a['section'])}</category>
    <description>{esc(a['subtitle'])}</description>
  </item>
""")
    build = format_datetime(dt("2026-11-26T07:00:00Z"), usegmt=True)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>TRT World</title>
  <link>https://www.trtworld.com</link>
  <description>Latest news from TRT World</description>
  <language>en</language>
  <lastBuildDate>{build}</lastBuildDate>
  <atom:link href="https://www.trtworld.com/feed/rss.xml" rel="self" type="application/rss+xml"/>
{"".join(items)}</channel>
</rss>
"""


def sitemap_articles() -> list[str]:
    return [a["id"] for a in sorted(ARTS, key=lambda a: a["published"], reverse=True)
            if a["published"].startswith("2026") and not exclusive(a)]


def sitemap_files() -> dict[str, str]:
    urls = "".join(f"  <url>\n    <loc>{SITE}/article/{aid}</loc>\n    <lastmod>{iso_utc(BY_ID[aid]['modified'])}</lastmod>\n  </url>\n"
                   for aid in sitemap_articles())
    news = ""
    for aid in NEWS_IDS:
        a = BY_ID[aid]
        news += f"""  <url>
    <loc>{SITE}/article/{aid}</loc>
    <news:news>
      <news:publication>
        <news:name>TRT World</news:name>
        <news:language>en</news:language>
      </news:publication>
      <news:publication_date>{iso_ist(a['published'])}</news:publication_date>
      <news:title>{esc(a['title'])}</news:title>
    </news:news>
  </url>
"""
    return {
        "sitemap.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc>{SITE}/sitemaps/articles-2026.xml</loc>
    <lastmod>2026-11-26T07:00:00+00:00</lastmod>
  </sitemap>
</sitemapindex>
""",
        "sitemaps/articles-2026.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}</urlset>
""",
        "sitemaps/news.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{news}</urlset>
""",
    }


ROBOTS = """User-agent: *
Disallow: /search

Sitemap: https://www.trtworld.com/sitemap.xml
Sitemap: https://www.trtworld.com/sitemaps/news.xml
"""


def routes() -> dict:
    r = {}
    for a in ARTS:
        if a["old_slug"]:
            r[a["old_slug"]] = {"status": 301, "location": f"/article/{a['id']}"}
    r["/article/deadbeef0000"] = {"status": 404}
    r["/article/5000000a0000"] = {"status": 500}
    r["/rss"] = {"status": 404}
    r["/news/rss"] = {"status": 404}
    return r


# ---------------------------------------------------------------------------------------------- expected


def expected_record(a) -> dict:
    """The record the crawler must produce, by the README "Output fields" rules."""
    j_ok = a["jsonld"] == "yes"
    p_ok = a["payload"] == "yes"
    url, caption, credit = a["image"]
    body_parts, related = [], []
    for item in a["body"]:
        if isinstance(item, str):
            body_parts.append(clean(item))
        elif item[0] in ("h2", "h3"):
            body_parts.append(clean(item[1]))
        elif item[0] == "figure":
            body_parts.append(clean(item[2]))
        elif item[0] == "related":
            title = clean(item[1])
            for prefix in ("TRT Global - ", "TRT World - "):
                if title.startswith(prefix):
                    title = title[len(prefix):]
            related.append({"title": title, "url": canonical(item[2]) or item[2]})
    body = "\n\n".join(body_parts)

    # published_at: every article has at least one machine-readable source
    assert j_ok or p_ok or a["meta_published"] or not a["date_display"] or a["id"] in NEWS_IDS, a["id"]
    # modified_at
    modified = a["modified"] if (j_ok or p_ok or a["meta_modified"]) else None
    # authors (first match wins; an empty list is not a match)
    if j_ok:
        authors = [p["name"] for p in a["authors"]]
    elif p_ok and a["payload_authors"] == "list":
        authors = [p["name"] for p in a["authors"]]
    elif byline_names(a):
        authors = byline_names(a)
    elif a["meta_author"]:
        authors = [a["meta_author"]]
    else:
        authors = []
    assert not (not j_ok and p_ok and a["payload_authors"] == "empty"), "ambiguous empty payload authors"
    # tags
    tags = a["tags"] if j_ok else (a["payload_tags"] or a["tags"]) if p_ok else a["tags"]
    tags = list(dict.fromkeys(clean(t) for t in tags))
    rec = {
        "id": a["id"],
        "url": f"{SITE}/article/{a['id']}",
        "title": clean(a["title"]),
        "subtitle": clean(a["subtitle"]),
        "section": a["section"],
        "published_at": iso_utc(a["published"]),
        "modified_at": iso_utc(modified),
        "authors": list(dict.fromkeys(clean(n) for n in authors)),
        "reading_time_minutes": a["reading_time"],
        "image_url": url,
        "image_caption": clean(caption),
        "image_credit": clean(credit),
        "body": body,
        "word_count": len(body.split()),
        "source": clean(a["source"]),
        "related": related,
        "tags": tags,
        "language": "en",
    }
    return rec


REACH_TEXT = {
    "slug8": "ONLY via the older slug URL {slug} (card on /turkiye); the crawler maps the 8-digit id to /article/<id> without requesting the slug URL (routes.json still redirects it)",
    "newssitemap": "ONLY via the Google News sitemap /sitemaps/news.xml (robots.txt); published_at comes from news:publication_date",
    "amp": "ONLY via the homepage link /article/<id>/amp?utm_source=twitter&utm_medium=social&_rt=1&fbclid=abc123",
    "rss": "ONLY via the RSS feed /feed/rss.xml (homepage <link rel=alternate>)",
    "slug301": "ONLY via the older slug URL {slug} (card on /features), which answers 301 to /article/<id>",
    "explore": "ONLY via the Explore list of /article/1e3a5c7b9d2f",
}


def where_linked(aid: str) -> list[str]:
    places = []
    if any(h == aid for h, _ in HOME_CARDS):
        places.append("/")
    for slug, pages in SECTION_ENTRIES.items():
        for n, entries in enumerate(pages, 1):
            if aid in entries:
                places.append(f"/{slug}" + ("" if n == 1 else f"?page={n}"))
    for handle, info in AUTHORS.items():
        if aid in info["ids"]:
            n = info["ids"].index(aid) // AUTHOR_PAGE_SIZE + 1
            places.append(f"/author/{handle}" + ("" if n == 1 else f"?page={n}"))
    if aid in RSS_IDS:
        places.append("RSS")
    if aid in sitemap_articles():
        places.append("sitemaps/articles-2026.xml")
    if aid in NEWS_IDS:
        places.append("sitemaps/news.xml")
    n_explore = sum(aid in explore_for(b, i) for i, b in enumerate(ARTS))
    if n_explore:
        places.append(f"Explore x{n_explore}")
    n_rel = sum(1 for b in ARTS for it in b["body"] if isinstance(it, tuple) and it[0] == "related" and canonical(it[2]) == f"{SITE}/article/{aid}")
    if n_rel:
        places.append(f"Related x{n_rel}")
    return places


def features_of(a) -> str:
    f = [f"JSON-LD {a['jsonld']}", f"payload {a['payload']}"]
    if a["layout"] == "old":
        f.append("older layout (`N MIN READ`, lead as `<p>`)")
    if a["date_display"]:
        f.append(f"visible date `{a['date_display']}` (no datetime)")
    if not a["meta_published"]:
        f.append("no article:published_time")
    if a["payload_authors"] == "omit" and a["meta_author"] is None:
        f.append("doubled byline is the only author source")
    if any(p["kind"] == "agency" for p in a["authors"]):
        f.append("agency byline AA")
    if a["gallery"]:
        f.append("gallery")
    if any(isinstance(i, tuple) and i[0] in ("h2", "h3") for i in a["body"]):
        f.append("sub-headings")
    if any(isinstance(i, tuple) and i[0] == "related" for i in a["body"]):
        f.append("Related cards")
    if any(isinstance(i, tuple) and i[0] == "rec" for i in a["body"]):
        f.append("Recommended marker")
    if any("\u00a0" in i for i in a["body"] if isinstance(i, str)):
        f.append("nbsp" + (" (&nbsp;)" if a["nbsp_entity"] else " (raw U+00A0)"))
    if any("\u200b" in i for i in a["body"] if isinstance(i, str)):
        f.append("zero-width space")
    if a["payload_tags"]:
        f.append("payload tags differ from JSON-LD keywords")
    if len(a["tags"]) != len(set(a["tags"])):
        f.append("duplicate keyword")
    if a["jsonld_keywords_as_string"]:
        f.append("JSON-LD keywords as a string")
    if a["jsonld_image_as_string"]:
        f.append("JSON-LD image as a URL string")
    if a["jsonld_author_as_object"]:
        f.append("JSON-LD author as a single object")
    return "; ".join(f)


def readme() -> str:
    lines = ["# Expected crawl of the offline mirror", "",
             "Generated by `python -m tests.site.build` (do not edit by hand; edit `articles.py`/`build.py`).", "",
             "`articles.jsonl` holds the exact records (without `crawled_at`) that `scrapy crawl trtworld -a base_url=<mirror>` must",
             "produce: one per article, sorted by id. All URLs below are paths on www.trtworld.com, served by the mirror.", "",
             "## Articles (expected in the output)", "",
             "| id | section | published (UTC) | reached through | page features |", "|---|---|---|---|---|"]
    for a in sorted(ARTS, key=lambda a: a["id"]):
        ex = exclusive(a)
        reach = REACH_TEXT[ex].format(slug=a["old_slug"]) if ex else ", ".join(where_linked(a["id"]))
        lines.append(f"| `{a['id']}` | {a['section']} | {iso_utc(a['published'])} | {reach} | {features_of(a)} |")
    lines += ["", "## Pages that must give no record", "",
              "| URL | answer | linked from | why dropped |", "|---|---|---|---|",
              "| `/article/deadbeef0000` | 404 | `/` | not found |",
              "| `/article/5000000a0000` | 500 every time | `/` | server error (retries exhaust) |",
              "| `/article/0bad0bad0bad` | 200 HTML, site chrome only | `/war-on-gaza` | no title, body or published_at |",
              "| `/article/0ddf11e00000` | 200 `application/pdf` | `/biztech` | not HTML |",
              "| `/article/<id>/amp` | 200 minimal AMP twin (every article) | `<link rel=amphtml>`; homepage for 6a4c0f2e8d13 | must be mapped to the canonical URL, never parsed |",
              "| `/video/7b3e9c1d5a20`, `/video/2d8f4a6c0e91` | 200 video pages (payload has a `video` object with title/publishedAt) | `/`, each other | not articles |",
              "| `/live`, `/about` | 200 | header, footer | not articles |",
              "| `/world` | 200 section listing, NOT in the main navigation | category links of World articles | listing only; every article on it is reachable elsewhere |",
              "| `/rss`, `/news/rss` | 404 | nowhere | dead feed URLs |",
              "| `/search` | 404 (Disallow in robots.txt) | nowhere | - |",
              "| trt.global / trtafrika.com links | (external) | `/`, footer, Related cards | other sites: not followed; Related keeps them as linked |",
              "", "## Listing pages", "",
              "| URL | kind | links |", "|---|---|---|",
              "| `/` | homepage: nav (7 sections), `<link rel=alternate>` RSS, cards | " +
              ", ".join(f"`{h}`" for _, h in HOME_CARDS) + ", `/video/7b3e9c1d5a20`, `/live`, `/about`, trt.global, trtafrika.com |"]
    for slug, pages in SECTION_ENTRIES.items():
        for n, entries in enumerate(pages, 1):
            url = f"/{slug}" + ("" if n == 1 else f"?page={n}")
            desc = ", ".join(f"`{BY_ID[e[1]]['old_slug']}`" if isinstance(e, tuple) else f"`{e}`"
                             for e in sorted(entries, key=entry_date, reverse=True))
            kind = "section" + (f" page {n}/{len(pages)}" if len(pages) > 1 else "")
            lines.append(f"| `{url}` | {kind} | {desc} |")
    for handle, info in AUTHORS.items():
        ids = info["ids"]
        npages = max(1, -(-len(ids) // AUTHOR_PAGE_SIZE))
        for n in range(1, npages + 1):
            url = f"/author/{handle}" + ("" if n == 1 else f"?page={n}")
            chunk = ids[(n - 1) * AUTHOR_PAGE_SIZE: n * AUTHOR_PAGE_SIZE]
            lines.append(f"| `{url}` | author page {n}/{npages} | " + ", ".join(f"`{i}`" for i in chunk) + " |")
    lines += ["| `/feed/rss.xml` | RSS 2.0, links alternate relative / scheme-less | " + ", ".join(f"`{i}`" for i in RSS_IDS) + " |",
              "| `/robots.txt` | Disallow /search; Sitemap: /sitemap.xml, /sitemaps/news.xml | |",
              "| `/sitemap.xml` | sitemap index | `/sitemaps/articles-2026.xml` |",
              "| `/sitemaps/articles-2026.xml` | urlset with lastmod | " + ", ".join(f"`{i}`" for i in sitemap_articles()) + " |",
              "| `/sitemaps/news.xml` | Google News sitemap | " + ", ".join(f"`{i}`" for i in NEWS_IDS) + " |",
              "", "## Redirects (routes.json)", ""]
    for k, v in routes().items():
        lines.append(f"- `{k}` -> {v['status']}" + (f" `{v['location']}`" if "location" in v else ""))
    lines += ["", "## Rules applied where the README leaves room", "",
              "- Section labels shown upper-case map back to the site spelling: WORLD=World, TÜRKİYE=Türkiye, WAR ON GAZA=War on Gaza,",
              "  BIZTECH=BizTech, POLITICS=Politics, FEATURES=Features, OPINION=Opinion, INFOGRAPHICS=Infographics.",
              "  Only `91c3e6d0b8f2` needs this (no JSON-LD, payload or article:section).",
              "- An empty list is not a match: JSON-LD/payload `authors: []` falls through to the next source. (Only the",
              "  reference article has `authors: []` in its payload, and its JSON-LD wins anyway.)",
              "- `authors` from JSON-LD include Organization authors (`TRT World`); meta `author` is used only when no other",
              "  source names anyone. The doubled byline `Ali TopchiAli Topchi` (`/article/2b7d4f90e3a1`) is one name.",
              "- `tags` follow the first source that has them: JSON-LD `keywords` (list, or a comma-separated string split on",
              "  `,` and stripped), else payload `tags[].title`, else meta `keywords` split on `,`; duplicates dropped.",
              "- `body` is always page text (no JSON-LD `articleBody` and no payload `body` in the mirror). Sub-headings",
              "  (`<h2>`/`<h3>` inside the body) are paragraphs of their own. The Recommended box, Related cards, SOURCE line",
              "  and Explore list are excluded. Gallery: intro paragraphs, then each body `<figure>`'s caption without the",
              "  ` / credit` tail, in order.",
              "- Zero-width spaces sit next to an ordinary space, so removing them or replacing them with a space gives the",
              "  same text; non-breaking spaces become ordinary spaces.",
              "- `related.url`: links to trtworld.com articles (any host/query form) become canonical; others stay as linked.",
              "- `image_caption` comes from JSON-LD `image[].caption` / payload / the hero `<figcaption>` (same text);",
              "  `image_credit` from payload `coverImage.credit`, else the hero `<figcaption>` tail after the last ` / `.",
              "- Older layout (`/article/18277421`): `SOURCE: TRTWorld and agencies` (space after the colon) -> `TRTWorld and agencies`.",
              ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- pages that need a browser
# Linked from no page the default crawl reaches (see RENDER_ARTICLES in articles.py). What a browser shows
# after the scripts ran is exactly what build.py writes for a server-rendered page, so the expected records
# (expected/rendered.jsonl) follow the same rules as articles.jsonl.

RENDER_ARTS = [art(a) for a in RENDER_ARTICLES]
assert not {a["id"] for a in RENDER_ARTS} & set(BY_ID), "render article ids must be new"
BY_ID.update({a["id"]: a for a in RENDER_ARTS})  # Explore lists and cards look articles up by id
DATA_PREFIX = "/_next/data/mirror"  # where the pages' scripts fetch their data (Next.js client navigation)
LOAD_MORE_PAGES = sorted({a["europe"] for a in RENDER_ARTS if a.get("europe")})


def shell_article_files(a, idx) -> dict[str, str]:
    """A client-side shell for article ``a`` and the JSON its script turns into the page.

    The shell has the site chrome, an empty root and no article data (no JSON-LD, payload, metas or
    canonical link); after load its script fetches the JSON and inserts the head tags and the <main> of the
    server-rendered page."""
    css = Css("article:" + a["id"])
    full = article_page(a, idx)
    main = full[full.index("<main "):full.index("</main>\n") + len("</main>\n")]
    data_path = f"{DATA_PREFIX}/article/{a['id']}.json"
    data = {"title": f"{a['title']} - TRT World", "head": meta_block(a), "main": main}
    shell_main = (f'<main id="app-root" class="{css("Layout_main")}">\n'
                  f'<div class="{css("ArticleSkeleton_wrapper")}" aria-busy="true"></div>\n</main>\n')
    script = ("<script>\n"
              f"fetch({json.dumps(data_path)}).then(function (answer) {{ return answer.json(); }}).then(function (data) {{\n"
              "  document.title = data.title;\n"
              "  document.head.insertAdjacentHTML(\"beforeend\", data.head);\n"
              "  document.getElementById(\"app-root\").outerHTML = data.main;\n"
              "});\n"
              "</script>\n")
    return {
        f"pages/article/{a['id']}.html": head(css, "TRT World") + shell_main + foot(css, script),
        f"pages{data_path}": json.dumps(data, ensure_ascii=False, indent=1) + "\n",
    }


def load_more_files() -> dict[str, str]:
    """``/europe``: the first cards in the HTML, more after each click on "Load more" (no next-page link)."""
    css = Css("section:europe")
    pages = {n: sorted((a["id"] for a in RENDER_ARTS if a.get("europe") == n), key=entry_date, reverse=True)
             for n in LOAD_MORE_PAGES}
    extra = ('<meta name="description" content="Europe news from TRT World">\n'
             f'<link rel="canonical" href="{SITE}/europe">\n')
    first = "".join(card_for(css, aid, k) for k, aid in enumerate(pages[1]))
    script = ("<script>\n"
              "(function () {\n"
              "  var next = 2, button = document.getElementById(\"load-more\"), list = document.getElementById(\"cards\");\n"
              "  button.addEventListener(\"click\", function () {\n"
              "    button.disabled = true;\n"
              f"    fetch({json.dumps(DATA_PREFIX + '/europe/')} + next + \".json\").then(function (answer) {{ return answer.json(); }}).then(function (data) {{\n"
              "      list.insertAdjacentHTML(\"beforeend\", data.cards);\n"
              "      next += 1;\n"
              "      if (data.hasMore) { button.disabled = false; } else { button.remove(); }\n"
              "    });\n"
              "  });\n"
              "})();\n"
              "</script>\n")
    main = (f'<main class="{css("Layout_main")}">\n<h1 class="{css("ListingPage_title")}">Europe</h1>\n'
            f'<ul id="cards" class="{css("CardList_list")}">\n{first}</ul>\n'
            f'<button type="button" id="load-more" class="{css("LoadMore_button")}">Load more</button>\n</main>\n')
    files = {"pages/europe.html": head(css, "Europe - TRT World", extra) + main + foot(css, script)}
    for n in LOAD_MORE_PAGES[1:]:
        cards = "".join(card_for(css, aid, k) for k, aid in enumerate(pages[n]))
        files[f"pages{DATA_PREFIX}/europe/{n}.json"] = json.dumps(
            {"cards": cards, "hasMore": n < LOAD_MORE_PAGES[-1]}, ensure_ascii=False, indent=1) + "\n"
    return files


def render_files() -> dict[str, str]:
    files = {}
    for idx, a in enumerate(RENDER_ARTS, start=len(ARTS)):
        if a.get("render") == "shell":
            files.update(shell_article_files(a, idx))
        else:
            files[f"pages/article/{a['id']}.html"] = article_page(a, idx)
        files[f"pages/article/{a['id']}/amp.html"] = amp_page(a)
    files.update(load_more_files())
    records = [expected_record(a) for a in sorted(RENDER_ARTS, key=lambda a: a["id"])]
    files["expected/rendered.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return files


def render_readme() -> str:
    by_page = {n: [a["id"] for a in RENDER_ARTS if a.get("europe") == n] for n in LOAD_MORE_PAGES}
    lines = ["## Pages that need a browser (expected/rendered.jsonl)", "",
             "Linked from no page that the default crawl reaches: the render tests start from them with",
             "`-a start_urls=/article/5c1e7a9b3d08,/europe`. `rendered.jsonl` holds the records such a crawl must",
             "produce with `render=auto` (sorted by id); its bodies follow the same rules as `articles.jsonl`.", "",
             "| URL | what the HTML holds | what a browser shows |", "|---|---|---|"]
    for a in sorted(RENDER_ARTS, key=lambda a: a["id"]):
        if a.get("render") == "shell":
            lines.append(f"| `/article/{a['id']}` | client-side shell: site chrome, an empty `<main id=\"app-root\">`, no "
                         f"JSON-LD, payload, metas or canonical link | after load, a script fetches "
                         f"`{DATA_PREFIX}/article/{a['id']}.json` and inserts the head tags and `<main>` of a "
                         f"server-rendered article page ({features_of(a)}) |")
    lines.append(f"| `/europe` | listing, NO next-page link, a `<button>Load more</button>`; cards " +
                 ", ".join(f"`{i}`" for i in by_page[1]) + " | " +
                 "; ".join(f"click {n - 1}: fetches `{DATA_PREFIX}/europe/{n}.json` and adds " +
                           ", ".join(f"`{i}`" for i in by_page[n]) for n in LOAD_MORE_PAGES[1:]) +
                 "; the button is removed after the last page |")
    for a in sorted(RENDER_ARTS, key=lambda a: a["id"]):
        if a.get("render") != "shell":
            where = "card on `/europe`" if a["europe"] == 1 else f"ONLY after {a['europe'] - 1} click(s) on Load more"
            lines.append(f"| `/article/{a['id']}` | server-rendered article ({features_of(a)}) | {where} |")
    lines += ["", "Explore lists link only inside this group and never to a Load-more-only article; bylines are",
              "organisations (no `/author/` links), so a crawl from these pages stays inside the group.", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- main


def build(root: Path = HERE) -> None:
    pages = root / "pages"
    if pages.exists():
        shutil.rmtree(pages)
    for idx, a in enumerate(ARTS):
        write(f"pages/article/{a['id']}.html", article_page(a, idx), root)
        write(f"pages/article/{a['id']}/amp.html", amp_page(a), root)
    write("pages/article/0bad0bad0bad.html", empty_article_page("0bad0bad0bad"), root)
    write("pages/article/0ddf11e00000.pdf", PDF_BYTES, root)
    write("pages/index.html", home_page(), root)
    for slug, plist in SECTION_ENTRIES.items():
        name, _label = SECTIONS[slug]
        for n, entries in enumerate(plist, 1):
            fname = f"pages/{slug}.html" if n == 1 else f"pages/{slug}@page={n}.html"
            write(fname, listing_page("section:" + slug, f"/{slug}", name, entries, n, len(plist)), root)
    for handle, info in AUTHORS.items():
        ids = info["ids"]
        npages = max(1, -(-len(ids) // AUTHOR_PAGE_SIZE))
        for n in range(1, npages + 1):
            chunk = ids[(n - 1) * AUTHOR_PAGE_SIZE: n * AUTHOR_PAGE_SIZE]
            fname = f"pages/author/{handle}.html" if n == 1 else f"pages/author/{handle}@page={n}.html"
            write(fname, listing_page("author:" + handle, f"/author/{handle}", info["name"], chunk, n, npages), root)
    for v in VIDEOS:
        write(f"pages/video/{v['id']}.html", video_page(v), root)
    write("pages/live.html", simple_page("live", "Live", '<h1>TRT World Live</h1>\n<div class="player" data-stream="live"></div>\n'
                                         '<p>Watch TRT World live, 24 hours a day.</p>\n', "/live"), root)
    write("pages/about.html", simple_page("about", "About us", '<h1>About us</h1>\n'
                                          '<p>TRT World is the international English-language news service of Türkiye\'s public broadcaster TRT.</p>\n'
                                          '<p>It broadcasts from Istanbul, with bureaus in London, Washington and Singapore.</p>\n', "/about"), root)
    write("pages/robots.txt", ROBOTS, root)
    write("pages/feed/rss.xml", rss(), root)
    for rel, text in sitemap_files().items():
        write(f"pages/{rel}", text, root)
    write("routes.json", json.dumps(routes(), indent=2, ensure_ascii=False) + "\n", root)
    records = [expected_record(a) for a in sorted(ARTS, key=lambda a: a["id"])]
    write("expected/articles.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), root)
    for rel, text in render_files().items():
        write(rel, text, root)
    write("expected/README.md", readme() + "\n" + render_readme(), root)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Build the offline TRT World mirror.")
    parser.add_argument("--root", type=Path, default=HERE, help="where to write pages/, routes.json, expected/")
    root = parser.parse_args().root
    build(root)
    print(f"built {len(ARTS)} articles into {root / 'pages'}")
