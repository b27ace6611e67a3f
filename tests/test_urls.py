import pytest

from newscrawl import urls

CANONICAL = "https://www.trtworld.com/article/36d48b0025aa"


@pytest.mark.parametrize("url", [
    "https://www.trtworld.com/article/36d48b0025aa",
    "https://www.trtworld.com/article/36d48b0025aa/",
    "https://www.trtworld.com/article/36d48b0025aa/amp",
    "https://trtworld.com/article/36d48b0025aa",
    "https://www.trtworld.com:443/article/36d48b0025aa",
    "http://www.trtworld.com/article/36d48b0025aa",
    "https://www.trtworld.com/article/36d48b0025aa?_rt=1",
    "https://www.trtworld.com/article/36d48b0025aa/amp?utm_source=twitter&utm_medium=social&fbclid=x",
    "https://www.trtworld.com/article/36d48b0025aa?gclid=abc#comments",
])
def test_every_spelling_of_an_article_reduces_to_one_canonical_url(url):
    assert urls.canonical(url) == CANONICAL
    assert urls.clean(url) == CANONICAL
    assert urls.article_id(url) == "36d48b0025aa"
    assert urls.page_kind(url) == "article"


def test_an_eight_digit_older_slug_url_maps_directly_without_a_request():
    url = "https://www.trtworld.com/turkiye/erdogan-meets-leaders-in-doha-17930111"
    assert urls.canonical(url) == "https://www.trtworld.com/article/17930111"
    assert not urls.is_legacy_article(url)


def test_a_renumbered_older_slug_url_must_be_fetched_for_its_redirect():
    url = "https://www.trtworld.com/magazine/istanbul-ferries-history-482913"
    assert urls.canonical(url) is None
    assert urls.is_legacy_article(url)
    assert urls.page_kind(url) == "legacy_article"


@pytest.mark.parametrize("url", [
    "https://trt.global/world/article/36d48b0025aa",          # sister site: same id, out of scope
    "https://www.trtafrika.com/article/36d48b0025aa",
    "https://www.trtworld.com:8443/article/36d48b0025aa",      # another port is another site
    "ftp://www.trtworld.com/article/36d48b0025aa",
    "https://www.trtworld.com/article/36D48B0025AA",            # ids are lower-case
    "https://www.trtworld.com/article/1234567",                 # 7 digits is no id
    "https://www.trtworld.com/video/36d48b0025aa",
    "https://www.trtworld.com/article/36d48b0025aa/comments",
])
def test_urls_that_are_not_articles_of_the_site(url):
    assert urls.canonical(url) is None
    assert not urls.is_article(url)


@pytest.mark.parametrize("url, kind", [
    ("https://www.trtworld.com/", "home"),
    ("https://www.trtworld.com", "home"),
    ("https://www.trtworld.com/politics", "section"),
    ("https://www.trtworld.com/war-on-gaza?page=2", "section"),
    ("https://www.trtworld.com/author/ali-topchi", "author"),
    ("https://www.trtworld.com/video/12345", "video"),
    ("https://www.trtworld.com/video/tv/shows/5f0c1a2b3c4d5e6f7a8b9c0d/play/12345", "video"),
    ("https://www.trtworld.com/live", "other"),
    ("https://www.trtworld.com/about", "other"),
    ("https://www.trtworld.com/feed/rss.xml", "feed"),
    ("https://trt.global/world", "offsite"),
])
def test_page_kinds(url, kind):
    assert urls.page_kind(url) == kind


def test_clean_drops_tracking_parameters_but_keeps_the_page_number():
    assert urls.clean("http://trtworld.com/politics?utm_campaign=a&page=2&_rt=1&fbclid=z#top") == \
        "https://www.trtworld.com/politics?page=2"


def test_resolve_handles_relative_and_schemeless_links():
    base = "https://www.trtworld.com/feed/rss.xml"
    assert urls.resolve("/article/36d48b0025aa", base) == CANONICAL
    assert urls.resolve("www.trtworld.com/article/36d48b0025aa", base) == CANONICAL
    assert urls.resolve("trtworld.com/article/36d48b0025aa", base) == "https://trtworld.com/article/36d48b0025aa"
    assert urls.resolve("  https://trt.global/x ", base) == "https://trt.global/x"


def test_pages_of_one_listing_share_a_key():
    assert urls.listing_key("https://www.trtworld.com/politics?page=3") == \
        urls.listing_key("https://trtworld.com/politics?utm_source=x")
    assert urls.listing_key("https://www.trtworld.com/politics") != urls.listing_key("https://www.trtworld.com/opinion")
    assert urls.page_number("https://www.trtworld.com/politics?page=3") == 3
    assert urls.page_number("https://www.trtworld.com/politics") == 1


def test_mirror_mapping_round_trips_and_leaves_other_sites_alone():
    base = "http://127.0.0.1:8765"
    fetched = urls.to_fetch_url("https://www.trtworld.com/politics?page=2", base)
    assert fetched == "http://127.0.0.1:8765/politics?page=2"
    assert urls.to_public_url(fetched, base) == "https://www.trtworld.com/politics?page=2"
    assert urls.to_fetch_url("https://trt.global/x", base) == "https://trt.global/x"
    assert urls.to_fetch_url(CANONICAL, None) == CANONICAL
    assert urls.to_public_url("http://127.0.0.1:9999/a", base) == "http://127.0.0.1:9999/a"


@pytest.mark.parametrize("href", [
    "/article/36d48b0025aa", "/politics?page=2", "?page=3", "article/36d48b0025aa", "../world", "/a/./b/../c",
    "https://trt.global/world", "http://www.trtworld.com/x", "//cdn.example/x.jpg", "#top", "/",
])
def test_resolve_agrees_with_urljoin_for_ordinary_links(href):
    from urllib.parse import urljoin
    base = "https://www.trtworld.com/politics/some-page?page=2"
    assert urls.resolve(href, base) == urljoin(base, href)
