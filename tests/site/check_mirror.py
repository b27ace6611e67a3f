"""Self-check of the offline mirror: serves it and verifies it over HTTP.

    python -m tests.site.check_mirror [--root DIR]      # exit status 0 = all good

Checks (each function returns a list of problems; `run_all` runs them all):
  * every link found in every page, feed and sitemap answers 200 or its documented routes.json status,
    redirects land on a 200 page, and no page links to 127.0.0.1/localhost;
  * robots.txt, RSS and sitemaps parse with lxml and have the documented shape;
  * every JSON-LD block parses (except the deliberately broken one, which must NOT parse);
  * every __next_f chunk string literal decodes with json.loads, and every article payload row parses
    (except the deliberately truncated one, which must NOT parse);
  * the expected records (expected/articles.jsonl) agree with what the pages show, re-read here with lxml
    independently of build.py and of newscrawl/;
  * reachability: each "only through X" article is linked only from X.
  * the pages that need a browser (expected/rendered.jsonl): unreachable from the main mirror; the shell holds
    no article data, and with its script's data inserted by hand it gives the expected record; /europe has
    no next-page link, and its "Load more" data adds articles that no page links.
"""
from __future__ import annotations

import argparse
import html as htmlmod
import json
import re
import sys
import unicodedata
import urllib.error
import urllib.request
from collections import defaultdict
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.etree as etree
import lxml.html

try:
    from .serve import MirrorServer
except ImportError:  # pragma: no cover
    from serve import MirrorServer

HERE = Path(__file__).resolve().parent
SITE = "https://www.trtworld.com"
HOSTS = {"www.trtworld.com", "trtworld.com"}
BROKEN_JSONLD = {"a31e7c2f9b04"}
BROKEN_PAYLOAD = {"b5e9d1c73a08"}
DROPPED = {"deadbeef0000", "5000000a0000", "0bad0bad0bad", "0ddf11e00000"}
LABELS = {"WORLD": "World", "TÜRKİYE": "Türkiye", "WAR ON GAZA": "War on Gaza", "BIZTECH": "BizTech",
          "POLITICS": "Politics", "FEATURES": "Features", "OPINION": "Opinion", "INFOGRAPHICS": "Infographics"}
ONLY_VIA = {  # article id -> the only pages that link it (any form)
    "c8e0a2f4b6d1": {"/article/1e3a5c7b9d2f"},
    "8c0f4a2d6b17": {"/feed/rss.xml"},
    "91c3e6d0b8f2": {"/sitemaps/news.xml"},
    "6a4c0f2e8d13": {"/"},
    "9a7c5e3b1d0f": set(),  # only via /magazine/istanbul-ferries-history-482913
    "17930111": set(),      # only via /turkiye/cappadocia-balloon-flights-record-season-17930111
}
OLD_SLUGS = {"/magazine/istanbul-ferries-history-482913": ("9a7c5e3b1d0f", {"/features"}),
             "/turkiye/cappadocia-balloon-flights-record-season-17930111": ("17930111", {"/turkiye"})}
ARTICLE_RE = re.compile(r"^/article/([0-9a-f]{12}|[0-9]{8})(/amp)?/?$")
PUSH_RE = re.compile(r"self\.__next_f\.push\(\[1,(\".*?\")\]\)</script>", re.S)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str):
    """(status, headers, body) without following redirects."""
    try:
        with _OPENER.open(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def clean(text) -> str | None:
    if text is None:
        return None
    text = unicodedata.normalize("NFC", htmlmod.unescape(text))
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return " ".join(text.split())


def utc(s: str | None) -> str | None:
    if not s:
        return None
    return datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(timezone.utc).isoformat()


def mirror_path(href: str, page_url: str) -> str | None:
    """Path+query on the mirror for a link to www.trtworld.com (None for other sites)."""
    if href.startswith(("mailto:", "javascript:", "#")):
        return None
    if href.startswith("www.trtworld.com/"):
        href = "https://" + href
    absu = urljoin(page_url, href)
    p = urlsplit(absu)
    if p.scheme not in ("http", "https") or (p.hostname or "").lower() not in HOSTS:
        return None
    return (p.path or "/") + ("?" + p.query if p.query else "")


def routes(root: Path) -> dict:
    return json.loads((root / "routes.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------------ crawl


class Crawl:
    def __init__(self, base: str, root: Path):
        self.base, self.root = base, root
        self.status: dict[str, int] = {}
        self.ctype: dict[str, str] = {}
        self.body: dict[str, bytes] = {}
        self.location: dict[str, str] = {}
        self.links: dict[str, list[str]] = defaultdict(list)  # page -> linked mirror paths
        self.problems: list[str] = []

    def get(self, path):
        if path not in self.status:
            st, hd, body = fetch(self.base + path)
            self.status[path] = st
            self.ctype[path] = hd.get("Content-Type", "")
            self.body[path] = body
            if "Location" in hd:
                self.location[path] = hd["Location"]
        return self.status[path]

    def run(self):
        queue = ["/", "/robots.txt", "/feed/rss.xml", "/sitemap.xml", "/sitemaps/news.xml"]
        seen = set(queue)
        while queue:
            path = queue.pop(0)
            st = self.get(path)
            found = []
            if st in (301, 302, 307, 308):
                found.append(self.location[path])
            elif st == 200 and self.ctype[path].startswith("text/html"):
                text = self.body[path].decode("utf-8")
                if "127.0.0.1" in text or "localhost" in text:
                    self.problems.append(f"{path}: mentions 127.0.0.1/localhost")
                doc = lxml.html.fromstring(text)
                found += doc.xpath("//a/@href") + doc.xpath("//link[@rel!='stylesheet']/@href")
            elif st == 200 and "xml" in self.ctype[path]:
                tree = etree.fromstring(self.body[path])
                found += [e.text.strip() for e in tree.iter() if isinstance(e.tag, str)
                          and etree.QName(e).localname in ("loc", "link") and e.text and e.text.strip()]
            elif st == 200 and path == "/robots.txt":
                found += [l.split(":", 1)[1].strip() for l in self.body[path].decode().splitlines()
                          if l.lower().startswith("sitemap:")]
            for href in found:
                mp = mirror_path(href, SITE + path)
                if mp is None:
                    continue
                self.links[path].append(mp)
                if mp not in seen:
                    seen.add(mp)
                    queue.append(mp)
        return self


def check_links(c: Crawl) -> list[str]:
    probs = list(c.problems)
    r = routes(c.root)
    for path, st in c.status.items():
        route = r.get(urlsplit(path).path)
        want = route["status"] if route else 200
        if st != want:
            probs.append(f"{path}: status {st}, expected {want}")
        if st in (301, 302, 307, 308):
            target = c.location[path]
            if c.get(target) != 200:
                probs.append(f"{path}: redirect target {target} answers {c.status[target]}")
        if st == 200:
            ct = c.ctype[path]
            if path.startswith("/article/0ddf11e00000"):
                if ct != "application/pdf" or not c.body[path].startswith(b"%PDF-1.4"):
                    probs.append(f"{path}: expected a PDF, got {ct}")
            elif path.endswith(".xml"):
                want_ct = "application/rss+xml" if path.endswith("rss.xml") else "application/xml"
                if ct != want_ct:
                    probs.append(f"{path}: Content-Type {ct}")
            elif path.endswith(".txt"):
                if not ct.startswith("text/plain"):
                    probs.append(f"{path}: Content-Type {ct}")
            elif ct != "text/html; charset=utf-8":
                probs.append(f"{path}: Content-Type {ct}")
    # tracking parameters are ignored, page is not
    for q, want in (("/article/36d48b0025aa?utm_source=x&_rt=1&fbclid=y&gclid=z", 200), ("/politics?page=2&utm_medium=a", 200),
                    ("/politics?page=9", 404), ("/nope", 404), ("/search?q=gaza", 404), ("/../serve.py", 404)):
        st, _, _ = fetch(c.base + q)
        if st != want:
            probs.append(f"{q}: status {st}, expected {want}")
    if fetch(c.base + "/politics?page=2")[2] != fetch(c.base + "/politics?page=2&utm_source=x")[2]:
        probs.append("/politics?page=2: tracking parameter changed the page")
    return probs


# ------------------------------------------------------------------------------------------------ feeds


def check_feeds(c: Crawl) -> list[str]:
    probs = []
    robots = c.body["/robots.txt"].decode()
    for line in ("User-agent: *", "Disallow: /search", "Sitemap: https://www.trtworld.com/sitemap.xml",
                 "Sitemap: https://www.trtworld.com/sitemaps/news.xml"):
        if line not in robots.splitlines():
            probs.append(f"robots.txt: missing {line!r}")
    rss = etree.fromstring(c.body["/feed/rss.xml"])
    items = rss.findall("./channel/item")
    if rss.tag != "rss" or rss.get("version") != "2.0" or not 8 <= len(items) <= 12:
        probs.append("rss: not RSS 2.0 with ~10 items")
    forms = set()
    for it in items:
        link = it.findtext("link")
        forms.add("relative" if link.startswith("/") else "schemeless" if link.startswith("www.") else "other")
        try:
            parsedate_to_datetime(it.findtext("pubDate"))
        except Exception:
            probs.append(f"rss: bad pubDate {it.findtext('pubDate')!r}")
    if forms != {"relative", "schemeless"}:
        probs.append(f"rss: link forms {forms}")
    sm = etree.fromstring(c.body["/sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    if etree.QName(sm).localname != "sitemapindex" or sm.xpath("//s:sitemap/s:loc/text()", namespaces=ns) != [
            f"{SITE}/sitemaps/articles-2026.xml"]:
        probs.append("sitemap.xml: not an index of articles-2026.xml")
    art = etree.fromstring(c.body["/sitemaps/articles-2026.xml"])
    if not art.xpath("//s:url/s:lastmod", namespaces=ns):
        probs.append("articles-2026.xml: no lastmod")
    news = etree.fromstring(c.body["/sitemaps/news.xml"])
    for u in news.xpath("//s:url", namespaces=ns):
        if u.xpath("string(n:news/n:publication/n:name)", namespaces=ns) != "TRT World" or \
                u.xpath("string(n:news/n:publication/n:language)", namespaces=ns) != "en" or \
                not u.xpath("string(n:news/n:publication_date)", namespaces=ns) or \
                not u.xpath("string(n:news/n:title)", namespaces=ns):
            probs.append("news.xml: incomplete news:news entry")
    return probs


def news_dates(c: Crawl) -> dict[str, str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    tree = etree.fromstring(c.body["/sitemaps/news.xml"])
    out = {}
    for u in tree.xpath("//s:url", namespaces=ns):
        aid = u.xpath("string(s:loc)", namespaces=ns).rstrip("/").rsplit("/", 1)[1]
        out[aid] = utc(u.xpath("string(n:news/n:publication_date)", namespaces=ns))
    return out


# ------------------------------------------------------------------------------------------------ page data


def page_sources(text: str):
    """(jsonld dicts, jsonld errors, payload article objects, payload errors, chunk errors)."""
    doc = lxml.html.fromstring(text)
    lds, ld_err = [], 0
    for s in doc.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            lds.append(json.loads(s))
        except ValueError:
            ld_err += 1
    arts, p_err, chunk_err = [], 0, 0
    for lit in PUSH_RE.findall(text):
        try:
            chunk = json.loads(lit)
        except ValueError:
            chunk_err += 1
            continue
        for row in chunk.splitlines():
            m = re.match(r"^([0-9a-z]+):(\{.*)$", row)
            if not m:
                continue
            try:
                obj = json.loads(m.group(2))
            except ValueError:
                p_err += 1
                continue
            if isinstance(obj.get("article"), dict):
                arts.append(obj["article"])
    return doc, lds, ld_err, arts, p_err, chunk_err


def check_sources(c: Crawl) -> list[str]:
    probs = []
    for path, body in c.body.items():
        if c.status[path] != 200 or not c.ctype[path].startswith("text/html"):
            continue
        _, lds, ld_err, arts, p_err, chunk_err = page_sources(body.decode())
        m = ARTICLE_RE.match(urlsplit(path).path)
        aid = m.group(1) if m else None
        if chunk_err:
            probs.append(f"{path}: {chunk_err} __next_f chunk(s) are not JSON string literals")
        if (ld_err > 0) != (aid in BROKEN_JSONLD and not m.group(2)):
            probs.append(f"{path}: JSON-LD parse errors {ld_err}")
        if (p_err > 0) != (aid in BROKEN_PAYLOAD and not m.group(2)):
            probs.append(f"{path}: payload row parse errors {p_err}")
    return probs


# ------------------------------------------------------------------------------------------------ records


def first(*vals):
    for v in vals:
        if v not in (None, "", []):
            return v
    return None


def read_page(text: str, aid: str, news: dict) -> dict:
    """Re-derive a record from one article page by the README rules (an independent reader)."""
    doc, lds, _, arts, _, _ = page_sources(text)
    ld = next((d for d in lds if d.get("@type") in ("NewsArticle", "Article", "ReportageNewsArticle")), {})
    pd = next((a for a in arts if a.get("title") and a.get("publishedAt")), {})

    def meta(key):
        v = doc.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
        return clean(v[0]) if v else None

    h1 = doc.xpath("//h1")[0]
    after_h1 = h1.getnext()
    label = clean(doc.xpath("//h1/preceding::a[1]")[0].text_content()) if doc.xpath("//h1/preceding::a[1]") else None
    times = doc.xpath("//article//time[@datetime]/@datetime")
    fig = doc.xpath("//figure")[0]
    cap_full = clean(fig.xpath("string(.//figcaption)"))
    cap, _, credit = cap_full.rpartition(" / ") if " / " in cap_full else (cap_full, "", None)
    # body: the element holding most <p>
    cands = doc.xpath("//article//div | //article")
    body_el = max(cands, key=lambda e: len(e.xpath("./p")))
    parts, related = [], []
    for ch in body_el:
        txt = clean(ch.text_content())
        if ch.tag in ("p", "h2", "h3", "h4"):
            parts.append(txt)
        elif ch.tag == "figure":
            fc = clean(ch.xpath("string(.//figcaption)"))
            parts.append(fc.rpartition(" / ")[0] if " / " in fc else fc)
        elif txt.lower() == "recommended":
            continue
        elif txt.startswith("Related"):
            a = ch.xpath(".//a")[0]
            t = clean(a.text_content())
            for pre in ("TRT Global - ", "TRT World - "):
                t = t[len(pre):] if t.startswith(pre) else t
            href = a.get("href")
            mp = mirror_path(href, SITE + "/")
            m = ARTICLE_RE.match(urlsplit(mp).path) if mp else None
            related.append({"title": t, "url": f"{SITE}/article/{m.group(1)}" if m else href})
        else:
            raise AssertionError(f"{aid}: unexpected body child {ch.tag} {txt[:40]!r}")
    body = "\n\n".join(parts)
    src_el = [e for e in doc.xpath("//article//*") if clean(e.text_content()).startswith("SOURCE:") and e.tag != "article"]
    source = clean(src_el[0].text_content())[len("SOURCE:"):].strip() if src_el else None
    rt = re.search(r"(\d+) min read", clean(doc.xpath("string(//article)")), re.I)

    byline = []
    for el in doc.xpath('//article//a[starts-with(@href, "/author/")]'):
        n = clean(el.text_content())
        if n not in byline:
            byline.append(n)
    ld_auth = ld.get("author")
    ld_auth = [ld_auth] if isinstance(ld_auth, dict) else ld_auth or []
    img = ld.get("image")
    img0 = img[0] if isinstance(img, list) else img
    ld_img_url = img0 if isinstance(img0, str) else (img0 or {}).get("url")
    ld_img_cap = None if isinstance(img0, str) or not img0 else img0.get("caption")
    kw = ld.get("keywords")
    kw = [k.strip() for k in kw.split(",")] if isinstance(kw, str) else kw
    meta_kw = [k.strip() for k in meta("keywords").split(",")] if meta("keywords") else None
    tags = first(kw, [t["title"] for t in pd.get("tags", [])], meta_kw) or []
    canon = doc.xpath('//link[@rel="canonical"]/@href')
    rec = {
        "id": aid,
        "url": canon[0] if canon else None,
        "title": clean(first(ld.get("headline"), pd.get("title"), meta("og:title"), h1.text_content())),
        "subtitle": clean(first(ld.get("description"), pd.get("description"), meta("og:description"), meta("description"),
                                after_h1.text_content() if after_h1 is not None else None)),
        "section": first(ld.get("articleSection"), (pd.get("category") or {}).get("title"), meta("article:section"),
                         LABELS.get(label)),
        "published_at": utc(first(ld.get("datePublished"), pd.get("publishedAt"), meta("article:published_time"),
                                  times[0] if times else None, news.get(aid))),
        "modified_at": utc(first(ld.get("dateModified"), pd.get("updatedAt"), meta("article:modified_time"))),
        "authors": list(dict.fromkeys(clean(x) for x in (first([a["name"] for a in ld_auth], [a["name"] for a in pd.get("authors", [])],
                                                                byline, [meta("author")] if meta("author") else None) or []))),
        "reading_time_minutes": first(pd.get("readingTime"), int(rt.group(1)) if rt else None),
        "image_url": first(ld_img_url, (pd.get("coverImage") or {}).get("url"), meta("og:image"), fig.xpath("string(.//img/@src)")),
        "image_caption": clean(first(ld_img_cap, (pd.get("coverImage") or {}).get("caption"), cap)),
        "image_credit": clean(first((pd.get("coverImage") or {}).get("credit"), credit)),
        "body": body,
        "word_count": len(body.split()),
        "source": clean(first(pd.get("source"), source)),
        "related": related,
        "tags": list(dict.fromkeys(clean(t) for t in tags)),
        "language": first(ld.get("inLanguage"), doc.get("lang")),
    }
    return rec


def check_records(c: Crawl) -> list[str]:
    probs = []
    lines = (c.root / "expected" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    expected = [json.loads(l) for l in lines]
    order = ["id", "url", "title", "subtitle", "section", "published_at", "modified_at", "authors",
             "reading_time_minutes", "image_url", "image_caption", "image_credit", "body", "word_count", "source",
             "related", "tags", "language"]
    ids = [r["id"] for r in expected]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        probs.append("expected: not sorted by id / duplicate ids")
    news = news_dates(c)
    for rec in expected:
        if list(rec) != order:
            probs.append(f"{rec['id']}: field order {list(rec)}")
        path = f"/article/{rec['id']}"
        st, hd, body = fetch(c.base + path)
        if st != 200:
            probs.append(f"{path}: status {st}")
            continue
        text = body.decode("utf-8")
        got = read_page(text, rec["id"], news)
        for k in order:
            if got[k] != rec[k]:
                probs.append(f"{rec['id']}.{k}: page gives {got[k]!r}, expected {rec[k]!r}")
        if rec["word_count"] != len(rec["body"].split()):
            probs.append(f"{rec['id']}: word_count")
        n_par = rec["body"].count("\n\n") + 1
        if not 4 <= n_par <= 10:
            probs.append(f"{rec['id']}: {n_par} body paragraphs")
        doc = lxml.html.fromstring(text)
        explore = doc.xpath('//section[h2="Explore"]//a/@href')
        if not 3 <= len(explore) <= 6:
            probs.append(f"{rec['id']}: Explore has {len(explore)} links")
        for href in explore:
            m = ARTICLE_RE.match(urlsplit(mirror_path(href, SITE + path) or "").path)
            if not m or m.group(1) not in ids or m.group(1) == rec["id"]:
                probs.append(f"{rec['id']}: Explore link {href} is not another mirror article")
    # every crawled article page is either expected or a documented drop
    crawled = {ARTICLE_RE.match(urlsplit(p).path).group(1) for p in c.status if ARTICLE_RE.match(urlsplit(p).path)}
    crawled |= {aid for slug, (aid, _) in OLD_SLUGS.items() if slug in c.status}
    if crawled != set(ids) | DROPPED:
        probs.append(f"reachable articles differ: missing {set(ids) | DROPPED - crawled}, extra {crawled - set(ids) - DROPPED}")
    # class names must not be shared across article pages
    titles = set()
    for aid in ids:
        t = fetch(c.base + f"/article/{aid}")[2].decode()
        cls = re.search(r'<h1 class="([^"]+)"', t).group(1)
        if cls in titles:
            probs.append(f"{aid}: h1 class {cls} shared with another article")
        titles.add(cls)
    return probs


def check_reachability(c: Crawl) -> list[str]:
    probs = []
    linked_from: dict[str, set[str]] = defaultdict(set)
    forms: dict[str, set[str]] = defaultdict(set)
    for page, targets in c.links.items():
        if c.status.get(page) != 200:
            continue  # redirects are checked through OLD_SLUGS
        page_m = ARTICLE_RE.match(urlsplit(page).path)
        for t in targets:
            m = ARTICLE_RE.match(urlsplit(t).path)
            if m and not (page_m and page_m.group(1) == m.group(1)):
                linked_from[m.group(1)].add(page)
                forms[m.group(1)].add(t)
            if urlsplit(t).path in OLD_SLUGS:
                linked_from["slug:" + urlsplit(t).path].add(page)
    for aid, want in ONLY_VIA.items():
        if linked_from.get(aid, set()) != want:
            probs.append(f"{aid}: linked from {sorted(linked_from.get(aid, set()))}, expected only {sorted(want)}")
    if forms.get("6a4c0f2e8d13") != {"/article/6a4c0f2e8d13/amp?utm_source=twitter&utm_medium=social&_rt=1&fbclid=abc123"}:
        probs.append(f"6a4c0f2e8d13: linked as {forms.get('6a4c0f2e8d13')}")
    for slug, (aid, want) in OLD_SLUGS.items():
        if linked_from.get("slug:" + slug, set()) != want:
            probs.append(f"{slug}: linked from {linked_from.get('slug:' + slug)}")
    # politics pagination: page 1 = 2026, page 2 = 2025 H2, page 3 = 2025 H1
    for path, lo, hi in (("/politics", "2026-01-01", "2027"), ("/politics?page=2", "2025-07-01", "2026-01-01"),
                         ("/politics?page=3", "2025-01-01", "2025-07-01")):
        doc = lxml.html.fromstring(c.body[path])
        dts = doc.xpath("//main//li//time/@datetime")
        if not dts or not all(lo <= d < hi for d in dts) or dts != sorted(dts, reverse=True):
            probs.append(f"{path}: card dates {dts} not within [{lo}, {hi}) newest first")
    nav = lxml.html.fromstring(c.body["/"]).xpath('//nav[@aria-label="Main"]//a')
    if [(a.text, a.get("href")) for a in nav] != [("POLITICS", "/politics"), ("TÜRKİYE", "/turkiye"), ("WAR ON GAZA", "/war-on-gaza"),
                                                   ("BIZTECH", "/biztech"), ("INFOGRAPHICS", "/infographics"),
                                                   ("FEATURES", "/features"), ("OPINION", "/opinion")]:
        probs.append("homepage navigation differs from the reference")
    return probs


# ------------------------------------------------------------------------------------------------ pages that need a browser


SHELL_DATA_RE = re.compile(r'fetch\("([^"]+)"\)')
LOAD_MORE_DATA_RE = re.compile(r'fetch\("([^"]+)" \+ next \+ "\.json"\)')


def check_render_pages(c: Crawl) -> list[str]:
    """expected/rendered.jsonl against the pages as a browser would show them, the script's work done here by
    hand: the shell gets its data JSON's head tags and <main>; "Load more" fetches pages 2, 3... until
    ``hasMore`` is false. None of these pages may be reachable from the main mirror."""
    probs = []
    expected = [json.loads(l) for l in (c.root / "expected" / "rendered.jsonl").read_text(encoding="utf-8").splitlines()]
    ids = {rec["id"] for rec in expected}
    reached = {ARTICLE_RE.match(urlsplit(p).path).group(1) for p in c.status if ARTICLE_RE.match(urlsplit(p).path)}
    if ids & reached or "/europe" in c.status:
        probs.append(f"pages that need a browser are reachable from the main mirror: {sorted(ids & reached)}")
    if ids & {json.loads(l)["id"] for l in (c.root / "expected" / "articles.jsonl").read_text().splitlines()}:
        probs.append("rendered.jsonl and articles.jsonl share an id")
    shells = 0
    for rec in expected:
        st, _, body = fetch(c.base + f"/article/{rec['id']}")
        text = body.decode("utf-8")
        doc = lxml.html.fromstring(text)
        if st != 200:
            probs.append(f"/article/{rec['id']}: status {st}")
            continue
        if not doc.xpath("//h1"):
            shells += 1
            if doc.xpath('//script[@type="application/ld+json"] | //meta[@property or @name="description"] | //link[@rel="canonical"]') \
                    or "__next_f" in text or doc.xpath("//main//p"):
                probs.append(f"/article/{rec['id']}: the shell carries article data in its HTML")
            found = SHELL_DATA_RE.search(text)
            data = json.loads(fetch(c.base + found.group(1))[2]) if found else {}
            if not data:
                probs.append(f"/article/{rec['id']}: shell without data")
                continue
            start, end = text.index('<main id="app-root"'), text.index("</main>\n") + len("</main>\n")
            text = text[:start] + data["main"] + text[end:]
            text = text.replace("</head>", data["head"] + "</head>", 1)
        got = read_page(text, rec["id"], {})
        for key, value in rec.items():
            if got[key] != value:
                probs.append(f"rendered {rec['id']}.{key}: page gives {got[key]!r}, expected {value!r}")
    if shells != 1:
        probs.append(f"rendered.jsonl: {shells} shell articles, expected 1")

    st, _, body = fetch(c.base + "/europe")
    text = body.decode("utf-8")
    doc = lxml.html.fromstring(text)

    def article_ids(links):
        return [m.group(1) for m in (ARTICLE_RE.match(urlsplit(mirror_path(h, SITE + "/europe") or "").path) for h in links) if m]

    first = article_ids(doc.xpath("//a/@href"))
    if st != 200 or not first or doc.xpath("//link[@rel='next'] | //a[@rel='next'] | //a[contains(@href, 'page=')]"):
        probs.append("/europe: not a listing with cards and without a next-page link")
    if [b.text for b in doc.xpath("//button")] != ["Load more"]:
        probs.append("/europe: no Load more button")
    later, page, more = [], 2, True
    found = LOAD_MORE_DATA_RE.search(text)
    while found and more and page < 10:
        st, _, body = fetch(c.base + found.group(1) + f"{page}.json")
        data = json.loads(body) if st == 200 else {}
        later += article_ids(lxml.html.fromstring(f"<ul>{data.get('cards', '')}</ul>").xpath("//a/@href"))
        more, page = data.get("hasMore", False), page + 1
    if not later or set(first) & set(later) or not set(first + later) <= ids:
        probs.append(f"/europe: cards {first} then after Load more {later}")
    for rec_id in later:  # a Load-more-only article is linked by no page at all
        for other in ids:
            if f"/article/{rec_id}" in fetch(c.base + f"/article/{other}")[2].decode("utf-8").replace(f'"{SITE}/article/{other}"', ""):
                if other != rec_id:
                    probs.append(f"{rec_id}: linked from /article/{other}, expected only after Load more")
    return probs


def run_all(root: Path | None = None) -> list[str]:
    root = Path(root) if root else HERE
    with MirrorServer(root=root) as mirror:
        c = Crawl(mirror.base_url, root).run()
        probs = []
        for check in (check_links, check_feeds, check_sources, check_records, check_reachability,
                      check_render_pages):
            probs += [f"[{check.__name__}] {p}" for p in check(c)]
        return probs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=None)
    args = ap.parse_args(argv)
    probs = run_all(args.root)
    for p in probs:
        print(p)
    print("OK" if not probs else f"{len(probs)} problem(s)")
    return 1 if probs else 0


if __name__ == "__main__":
    sys.exit(main())
