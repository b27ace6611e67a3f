from parsel import Selector

from newscrawl import navigation

HOME = "https://www.trtworld.com/"

LISTING = """<html><head><link rel="next" href="/politics?page=2"></head><body>
<nav><a href="/politics">POLITICS</a><a href="/turkiye">TÜRKİYE</a><a href="/live">LIVE</a>
<a href="https://trt.global/world">TRT Global</a></nav>
<div class="Card_card__a1"><a href="/article/36d48b0025aa"><h3>One</h3></a><time datetime="2026-03-01T10:00:00+03:00">March 1</time></div>
<div class="Card_card__b2"><a href="https://trtworld.com/article/18261853/amp?_rt=1"><h3>Two</h3></a></div>
<div class="Card_card__c3"><a href="/article/36d48b0025aa">One again</a></div>
<a href="/magazine/istanbul-ferries-history-482913">Old slug</a>
<a href="/video/123">A video</a>
<a href="https://trt.global/world/article/7c1f0e2d9a44">Sister site</a>
<div class="Pager_pager__x"><a href="/politics?page=1">1</a><a href="/politics?page=2">2</a>
<a href="/politics?page=3&utm_source=x">3</a><a href="/opinion?page=2">other listing</a></div>
</body></html>"""


def test_listing_gives_each_article_once_with_its_card_date():
    listing = navigation.read_listing(Selector(text=LISTING), "https://www.trtworld.com/politics")
    assert [link.url for link in listing.links] == [
        "https://www.trtworld.com/article/36d48b0025aa",
        "https://trtworld.com/article/18261853/amp?_rt=1",
        "https://www.trtworld.com/magazine/istanbul-ferries-history-482913",
    ]
    assert listing.links[0].published_at == "2026-03-01T07:00:00+00:00"
    assert listing.links[1].published_at is None
    assert listing.dated_cards == 1
    assert listing.newest_card == "2026-03-01T07:00:00+00:00"


def test_listing_pagination_stays_on_the_same_listing_and_goes_forward():
    listing = navigation.read_listing(Selector(text=LISTING), "https://www.trtworld.com/politics")
    assert listing.next_page == "https://www.trtworld.com/politics?page=2"
    on_page_2 = navigation.read_listing(Selector(text=LISTING), "https://www.trtworld.com/politics?page=2")
    assert on_page_2.next_page == "https://www.trtworld.com/politics?page=3"
    on_page_3 = navigation.read_listing(Selector(text=LISTING), "https://www.trtworld.com/politics?page=3")
    assert on_page_3.next_page is None


def test_sections_come_from_the_navigation():
    assert navigation.section_links(Selector(text=LISTING), HOME) == [
        "https://www.trtworld.com/politics", "https://www.trtworld.com/turkiye"]
    assert navigation.section_links(Selector(text="<html><body><p>nothing</p></body></html>"), HOME) == []
    assert "https://www.trtworld.com/war-on-gaza" in navigation.fallback_section_links()


def test_feed_items_resolve_relative_and_schemeless_links():
    rss = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>TRT World</title>
    <item><title>A</title><link>/article/36d48b0025aa</link><pubDate>Thu, 07 Aug 2025 11:20:41 GMT</pubDate></item>
    <item><title>B</title><link>www.trtworld.com/article/18261853</link><pubDate>Fri, 08 Aug 2025 09:00:00 +0300</pubDate></item>
    <item><title>No link</title></item>
    </channel></rss>"""
    links = navigation.feed_links("https://www.trtworld.com/feed/rss.xml", rss)
    assert [(link.url, link.published_at) for link in links] == [
        ("https://www.trtworld.com/article/36d48b0025aa", "2025-08-07T11:20:41+00:00"),
        ("https://www.trtworld.com/article/18261853", "2025-08-08T06:00:00+00:00"),
    ]
    assert navigation.feed_links("https://www.trtworld.com/feed/rss.xml", b"<html>not a feed") == []


def test_robots_sitemaps_and_news_sitemap_dates():
    robots = "User-agent: *\nDisallow: /search\nSitemap: https://www.trtworld.com/sitemap.xml\nsitemap: /sitemaps/news.xml\n"
    assert navigation.robots_sitemaps(robots, "https://www.trtworld.com/robots.txt") == [
        "https://www.trtworld.com/sitemap.xml", "https://www.trtworld.com/sitemaps/news.xml"]
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://www.trtworld.com/sitemaps/articles-2026.xml</loc></sitemap></sitemapindex>"""
    found = navigation.read_sitemap("https://www.trtworld.com/sitemap.xml", index)
    assert found.sitemaps == ["https://www.trtworld.com/sitemaps/articles-2026.xml"] and found.links == []
    news = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>https://www.trtworld.com/article/36d48b0025aa</loc><news:news><news:publication><news:name>TRT World</news:name>
    <news:language>en</news:language></news:publication><news:publication_date>2026-11-26T09:15:00+03:00</news:publication_date>
    <news:title>T</news:title></news:news></url>
    <url><loc>https://www.trtworld.com/article/18261853</loc><lastmod>2026-01-01</lastmod></url></urlset>"""
    found = navigation.read_sitemap("https://www.trtworld.com/sitemaps/news.xml", news)
    assert [(link.url, link.published_at) for link in found.links] == [
        ("https://www.trtworld.com/article/36d48b0025aa", "2026-11-26T06:15:00+00:00"),
        ("https://www.trtworld.com/article/18261853", None),
    ]


def test_home_sections_say_whether_the_navigation_gave_them():
    assert navigation.home_sections(Selector(text=LISTING), HOME) == (
        ["https://www.trtworld.com/politics", "https://www.trtworld.com/turkiye"], True)
    sections, from_navigation = navigation.home_sections(Selector(text="<html><body></body></html>"), HOME)
    assert from_navigation is False and sections == navigation.fallback_section_links()
