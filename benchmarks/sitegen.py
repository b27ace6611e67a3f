"""A synthetic TRT World mirror of N articles with the size and structure of real pages.

Every article is a copy of one of the tests' mirror articles (``tests/site/pages/article/``), under a new
id, with its Explore and Related links pointing at other synthetic articles, and with extra Next.js payload
chunks that bring it to the size real App Router pages have (about 100 to 400 KB of HTML: the payload
repeats the page's component tree). Sections list every article, newest first, over ``?page=N`` pages;
the homepage shows the navigation and the newest articles. So a crawl has to discover everything the way
it does on the live site.

The fields each synthetic article must give are its template's expected record with the new id and URL
(``expected_records``), so extraction can be checked field by field on the benchmark's own pages.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MIRROR = REPO / "tests" / "site"
SECTIONS = {  # slug -> navigation label
    "politics": "POLITICS", "turkiye": "TÜRKİYE", "war-on-gaza": "WAR ON GAZA", "biztech": "BIZTECH",
    "infographics": "INFOGRAPHICS", "features": "FEATURES", "opinion": "OPINION", "world": "WORLD",
}
CARDS_PER_PAGE = 24
HOME_CARDS = 30
# The one mirror article whose date comes only from a news sitemap: not a useful template here.
UNUSABLE_TEMPLATES = {"91c3e6d0b8f2"}
_EXPLORE = re.compile(r'(<section class="Explore_[^"]*">.*?<ul[^>]*>)(.*?)(</ul>)', re.DOTALL)


def load_templates() -> list[tuple[dict, str]]:
    records = [json.loads(line) for line in (MIRROR / "expected" / "articles.jsonl").read_text().splitlines()]
    templates = []
    for record in records:
        if record["id"] in UNUSABLE_TEMPLATES:
            continue
        html = (MIRROR / "pages" / "article" / f"{record['id']}.html").read_text(encoding="utf-8")
        templates.append((record, html))
    return templates


def synthetic_id(template_id: str, number: int) -> str:
    """Same kind of id as the template: 12 hex characters or 8 digits."""
    return f"{number:012x}" if len(template_id) == 12 else f"{40_000_000 + number}"


def section_slug(record: dict) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", record["section"].lower().replace("ü", "u").replace("i̇", "i")).strip("-")
    return slug if slug in SECTIONS else "world"


def payload_padding(rng: random.Random, target_bytes: int, titles: list[str], paragraphs: list[str]) -> str:
    """Next.js payload chunks like those that carry a real page's component tree."""
    chunks, size, row = [], 0, 100
    while size < target_bytes:
        cards = [["$", "li", None, {"className": f"Card_card__{rng.getrandbits(24):06x}", "children": [
            ["$", "a", None, {"href": f"/article/{rng.getrandbits(48):012x}", "children": rng.choice(titles)}],
            ["$", "p", None, {"className": "Card_summary__x1", "children": rng.choice(paragraphs)}]]}]
            for _ in range(8)]
        text = f"{row:x}:" + json.dumps(["$", "ul", None, {"className": "CardList_list__a9", "children": cards}],
                                         ensure_ascii=False) + "\n"
        chunk = f"<script>self.__next_f.push([1,{json.dumps(text, ensure_ascii=False)}])</script>\n"
        chunks.append(chunk)
        size += len(chunk.encode())
        row += 1
    return "".join(chunks)


def write(root: Path, path: str, content: str) -> int:
    target = root / (path + ".gz")
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8")
    target.write_bytes(gzip.compress(data, compresslevel=1))
    return len(data)


def build_site(root: Path, articles: int, seed: int = 7) -> dict:
    """Writes the site into ``root``; returns {"expected": {id: record}, "html_bytes": [...], "pages": n}."""
    rng = random.Random(seed)
    templates = load_templates()
    titles = [record["title"] for record, _ in templates]
    paragraphs = [p for record, _ in templates for p in record["body"].split("\n\n")]
    template_ids = [record["id"] for record, _ in templates]
    id_pattern = re.compile("|".join(re.escape(i) for i in sorted(template_ids, key=len, reverse=True)))
    block = len(templates)

    def article_id(number: int) -> str:
        return synthetic_id(template_ids[number % block], number)

    expected: dict[str, dict] = {}
    listings: dict[str, list[tuple[str, str, str]]] = {slug: [] for slug in SECTIONS}
    sizes = []
    for number in range(articles):
        record, html = templates[number % block]
        base = number - number % block
        # Links to other template articles go to the synthetic articles made from them nearby.
        mapping = {tid: article_id(base + index if base + index < articles else index)
                   for index, tid in enumerate(template_ids)}
        new_id = mapping[record["id"]]
        html = id_pattern.sub(lambda match: mapping[match.group(0)], html)
        others = [article_id(rng.randrange(articles)) for _ in range(6)]
        explore = "".join(f'<li><a href="/article/{other}">{escape(rng.choice(titles))}</a></li>' for other in others)
        html = _EXPLORE.sub(lambda match: match.group(1) + explore + match.group(3), html, count=1)
        target = int(min(400_000, max(90_000, rng.lognormvariate(12.2, 0.35))))  # median about 200 KB
        html = html.replace("</body>", payload_padding(rng, target - len(html), titles, paragraphs) + "</body>")
        sizes.append(write(root, f"article/{new_id}", html))
        expected[new_id] = json.loads(id_pattern.sub(lambda match: mapping[match.group(0)], json.dumps(record)))
        listings[section_slug(record)].append((record["published_at"], new_id, record["title"]))

    pages = articles
    for slug, cards in listings.items():
        cards.sort(reverse=True)
        chunks = [cards[i:i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)] or [[]]
        for page, chunk in enumerate(chunks, 1):
            name = slug if page == 1 else f"{slug}@page={page}"
            write(root, name, listing_html(slug, chunk, page, len(chunks)))
            pages += 1
    newest = sorted((card for cards in listings.values() for card in cards), reverse=True)[:HOME_CARDS]
    write(root, "index", listing_html(None, newest, 1, 1))
    write(root, "robots.txt", "User-agent: *\nDisallow: /search\n")
    return {"expected": expected, "html_bytes": sizes, "pages": pages + 1}


def listing_html(slug: str | None, cards, page: int, pages: int) -> str:
    path = f"/{slug}" if slug else "/"
    nav = "".join(f'<li><a class="MainNav_link__d3F4g" href="/{s}">{label}</a></li>' for s, label in SECTIONS.items())
    items = "".join(f'<li class="Card_card__b7"><a href="/article/{aid}"><h3>{escape(title)}</h3></a>'
                    f'<time datetime="{published}">{published[:10]}</time></li>' for published, aid, title in cards)
    head_next = f'<link rel="next" href="{path}?page={page + 1}">' if page < pages else ""
    pager = f'<a class="Pagination_next__Ft" href="?page={page + 1}">Next</a>' if page < pages else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>TRT World</title>{head_next}</head>'
            f'<body><header><nav class="MainNav_nav__u7I8o"><ul>{nav}</ul></nav></header>'
            f'<main><ul class="CardList_list__a9">{items}</ul>{pager}</main></body></html>')
