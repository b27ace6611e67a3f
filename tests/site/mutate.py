"""Change a COPY of the offline mirror between two crawls: publish new articles, update existing ones.

Tests of incremental crawling (and of scheduled jobs) need a site that moves on between runs. These helpers
render pages with ``build.py``'s own page functions, so a new or changed article looks exactly like the
mirror's others, and return the record the crawler must then produce (``build.expected_record``: derived
from the source data by the README rules, independently of ``newscrawl``; without ``crawled_at``).

    from tests.site import mutate
    from tests.site.serve import MirrorServer

    root = mutate.copy_mirror(tmp_path / "site")                 # pages/ and routes.json; never the original
    added = mutate.add_article(root, mutate.new_article("a1b2c3d4e5f6", published="2026-11-25T08:00:00Z"))
    updated = mutate.change_article(root, "e2f6a8b41c57", title="...", modified="2026-11-26T09:00:00Z")
    with MirrorServer(root=root) as mirror:
        ...                                                       # crawl mirror.base_url

- ``add_article`` writes ``pages/article/<id>.html`` (and its AMP twin) and puts a card for it at the top of
  a listing page (the homepage by default), so that a crawl from the homepage finds it.
- ``change_article`` re-renders an existing article with some source fields replaced (``title``,
  ``subtitle``, ``body``, ``modified``, ... as in ``articles.py``), at the same URL.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.site import build
from tests.site.articles import CDN

SITE_DIR = Path(__file__).resolve().parent


def copy_mirror(destination: Path, source: Path = SITE_DIR) -> Path:
    """A copy of the mirror (``pages/`` and ``routes.json``) at ``destination``, to serve and change."""
    destination = Path(destination)
    shutil.copytree(source / "pages", destination / "pages")
    shutil.copy2(source / "routes.json", destination / "routes.json")
    return destination


def new_article(article_id: str, **fields) -> dict:
    """Source data (the ``articles.py`` keys) of a plausible current-layout article; ``fields`` override."""
    data = dict(
        id=article_id,
        section="Politics",
        title=f"New article {article_id}: talks resume in Geneva",
        subtitle="Delegations met for a second day after a week of delays.",
        published="2026-11-25T08:00:00Z",
        modified="2026-11-25T09:30:00Z",
        reading_time=2,
        authors=[{"name": "Sena Güler", "handle": "sena-guler", "kind": "person"}],
        tags=["Diplomacy", "Geneva"],
        source="TRT World and Agencies",
        image=(f"{CDN}{article_id}.jpeg", "Delegates arrive at the talks", "AA"),
        body=[
            f"Talks resumed on Tuesday in Geneva, the organisers said of meeting {article_id}.",
            "Both delegations said the atmosphere had improved since the last round.",
        ],
        explore=["36d48b0025aa", "4f2a9c1be807"],
        reach="listing",
    )
    data.update(fields)
    return data


def _render(root: Path, source: dict, index: int) -> dict:
    article = build.art(source)
    build.write(f"pages/article/{article['id']}.html", build.article_page(article, index), root)
    build.write(f"pages/article/{article['id']}/amp.html", build.amp_page(article), root)
    return build.expected_record(article)


def add_article(root: Path, source: dict, listing: str = "index.html") -> dict:
    """Publish a new article on the mirror copy at ``root``; returns its expected record.

    ``listing`` is the listing page file under ``pages/`` that gets a card for it at the top of its first
    card list (``index.html``: the homepage; ``politics.html``: the first page of Politics).
    """
    root = Path(root)
    if source["id"] in build.BY_ID:
        raise ValueError(f"{source['id']} is already an article of the mirror: use change_article")
    expected = _render(root, source, len(build.ARTS))
    page = root / "pages" / listing
    html = page.read_text(encoding="utf-8")
    css = build.Css("home" if listing == "index.html" else "section:" + listing.split(".")[0])
    card = build.card_html(css, f"/article/{source['id']}", source["title"], source["published"], source["subtitle"])
    html, found = re.subn(r'(<ul class="CardList_list__\w+">\n)', lambda match: match.group(1) + card, html, count=1)
    if not found:
        raise ValueError(f"{listing} has no card list to add the article to")
    page.write_text(html, encoding="utf-8")
    return expected


def change_article(root: Path, article_id: str, **changes) -> dict:
    """Re-render an existing article of the mirror copy at ``root`` with ``changes`` (``articles.py`` keys)
    applied; returns its new expected record."""
    index = next(i for i, article in enumerate(build.ARTS) if article["id"] == article_id)
    source = {**build.ARTS[index], **changes}
    return _render(Path(root), source, index)
