"""Article extraction: the reference page, each source alone, broken sources, layout quirks, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.extract import Extraction, extract_article, parse_html
from newscrawl.extract.trtworld import EMPTY, FIELDS

HERE = Path(__file__).parent
PAGES = HERE / "fixtures" / "pages"
EXPECTED = HERE / "fixtures" / "expected"
URL = "https://www.trtworld.com/article/36d48b0025aa"
ALL_SOURCES = {"jsonld", "page_data", "meta", "page_text"}


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">{head}</head><body>{body}</body></html>"


def push(text: str) -> str:
    """One Next.js payload chunk carrying ``text`` (as the site escapes it: a JSON string literal)."""
    return f"<script>self.__next_f.push([1,{json.dumps(text)}])</script>"


def jsonld(obj) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


# ---------------------------------------------------------------------------------------------------------
# the reference page


def test_reference_page_gives_exactly_the_expected_fields_and_sources():
    expected = json.loads((EXPECTED / "article-36d48b0025aa.json").read_text(encoding="utf-8"))
    html = (PAGES / "article-36d48b0025aa.html").read_bytes()
    result = extract_article(expected["url"], html)
    assert isinstance(result, Extraction)
    assert list(result.fields) == list(FIELDS)
    for name in FIELDS:
        assert result.fields[name] == expected["fields"][name], name
    assert result.sources == expected["sources"]
    assert result.canonical_url == expected["canonical_url"]


def test_reference_page_str_and_bytes_agree():
    html = (PAGES / "article-36d48b0025aa.html").read_bytes()
    assert extract_article(URL, html) == extract_article(URL, html.decode("utf-8"))


# ---------------------------------------------------------------------------------------------------------
# each source alone


def test_jsonld_alone():
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": URL, "name": "not the article"},
            {
                "@type": ["NewsArticle", "Thing"],
                "mainEntityOfPage": URL,
                "headline": "Headline from &quot;JSON-LD&quot;",
                "description": "Standfirst\u00a0from JSON-LD",
                "articleSection": ["Türkiye"],
                "datePublished": "2025-08-07T14:20:41+03:00",
                "dateModified": "2025-08-07T12:02:10.123Z",
                "author": "Ali Topchi",
                "image": "https://cdn-i.pr.trt.com.tr/trtworld/a.jpeg",
                "keywords": "Russia, Ukraine,Russia",
                "inLanguage": "en-GB",
                "articleBody": "First paragraph.\nRecommended\n\nSecond   paragraph.\r\nSOURCE:AA\nExplore\nOther headline",
            },
        ],
    }
    result = extract_article(URL, page(head=jsonld(ld), lang=""))
    f = result.fields
    assert f["title"] == 'Headline from "JSON-LD"'
    assert f["subtitle"] == "Standfirst from JSON-LD"
    assert f["section"] == "Türkiye"
    assert f["published_at"] == "2025-08-07T11:20:41+00:00"
    assert f["modified_at"] == "2025-08-07T12:02:10+00:00"
    assert f["authors"] == ["Ali Topchi"]
    assert f["image_url"] == "https://cdn-i.pr.trt.com.tr/trtworld/a.jpeg"
    assert f["tags"] == ["Russia", "Ukraine"]
    assert f["language"] == "en"
    assert f["body"] == "First paragraph.\n\nSecond paragraph."
    assert set(result.sources.values()) == {"jsonld"}
    assert set(result.sources) == {"title", "subtitle", "section", "published_at", "modified_at", "authors",
                                   "image_url", "tags", "language", "body"}
    assert result.canonical_url == URL


def test_jsonld_author_list_image_dict_and_keywords_list():
    ld = [{"@type": "Organization", "name": "TRT World"},
          {"@type": "ReportageNewsArticle", "headline": "H",
           "author": [{"@type": "Person", "name": "Ali Topchi"}, "AA", {"name": "Ali Topchi"}],
           "image": {"@type": "ImageObject", "url": "/img/a.jpg", "caption": "A caption. / AP"},
           "keywords": ["Gaza", "Israel", "Gaza"]}]
    result = extract_article(URL, page(head=jsonld(ld)))
    assert result.fields["authors"] == ["Ali Topchi", "AA"]
    assert result.fields["image_url"] == "https://www.trtworld.com/img/a.jpg"
    assert result.fields["image_caption"] == "A caption."
    assert result.fields["image_credit"] == "AP"  # last resort: no page data or page text credit
    assert result.fields["tags"] == ["Gaza", "Israel"]
    assert result.sources["image_credit"] == "jsonld"


def test_jsonld_prefers_the_article_naming_the_url_id():
    other = {"@type": "NewsArticle", "headline": "Other", "url": "https://www.trtworld.com/article/aaaaaaaaaaaa"}
    mine = {"@type": "NewsArticle", "headline": "Mine", "url": URL}
    result = extract_article(URL, page(head=jsonld(other) + jsonld(mine)))
    assert result.fields["title"] == "Mine"


PAYLOAD_ARTICLE = {
    "id": "36d48b0025aa",
    "slug": "36d48b0025aa",
    "title": "Payload title",
    "description": "Payload standfirst",
    "publishedAt": "$D2025-08-07T11:20:41.000Z",
    "updatedAt": "2025-08-07T12:02:10.000Z",
    "readingTime": 3,
    "category": "War on Gaza",
    "authors": [{"name": "Ali Topchi"}, "AA"],
    "coverImage": {"url": "https://cdn-i.pr.trt.com.tr/trtworld/p.jpeg", "caption": "Payload caption",
                   "source": "AFP"},
    "tags": ["Gaza", {"title": "Israel"}, {"name": "Gaza"}],
    "source": "AA",
    "body": "$a",
}


def payload_page(article: dict, extra_rows: str = "") -> str:
    body_html = ("<p>Body one &amp; more.</p><h2>Sub heading</h2><p>Recommended</p>"
                 "<div>Related<a href=\"/article/bbbbbbbbbbbb\">TRT World - Other</a></div><p>Body two — ünïcode.</p>")
    body_bytes = len(body_html.encode("utf-8"))
    other = dict(article, id="cccccccccccc", slug="cccccccccccc", title="A related card", body=None)
    rows = (
        '1:HL["/_next/static/css/app.css","style"]\n'
        f"2:{json.dumps({'cards': [other]})}\n"
        f"a:T{body_bytes:x},{body_html}"
        f"8:{json.dumps({'article': article})}\n" + extra_rows
    )
    # the payload is split across chunks at arbitrary places, as Next.js does
    cut1, cut2 = len(rows) // 3, 2 * len(rows) // 3
    scripts = ("<script>self.__next_f=self.__next_f||[];self.__next_f.push([0])</script>"
               + push(rows[:cut1]) + push(rows[cut1:cut2]) + push(rows[cut2:]))
    return page(body=scripts, lang="")


def test_payload_alone():
    result = extract_article(URL, payload_page(PAYLOAD_ARTICLE))
    f = result.fields
    assert f["title"] == "Payload title"
    assert f["subtitle"] == "Payload standfirst"
    assert f["section"] == "War on Gaza"
    assert f["published_at"] == "2025-08-07T11:20:41+00:00"
    assert f["modified_at"] == "2025-08-07T12:02:10+00:00"
    assert f["reading_time_minutes"] == 3
    assert f["authors"] == ["Ali Topchi", "AA"]
    assert f["image_url"] == "https://cdn-i.pr.trt.com.tr/trtworld/p.jpeg"
    assert f["image_caption"] == "Payload caption"
    assert f["image_credit"] == "AFP"
    assert f["tags"] == ["Gaza", "Israel"]
    assert f["source"] == "AA"
    assert f["body"] == "Body one & more.\n\nSub heading\n\nBody two — ünïcode."
    assert set(result.sources.values()) == {"page_data"}
    assert "language" not in result.sources and f["language"] == "en"
    assert result.canonical_url == URL


def test_payload_category_and_cover_image_shapes():
    article = dict(PAYLOAD_ARTICLE, category={"name": "BizTech"}, coverImage="https://x.test/i.jpg",
                   body="Plain text body.\nSecond line.", readingTime="4 min read")
    f = extract_article(URL, payload_page(article)).fields
    assert f["section"] == "BizTech"
    assert f["image_url"] == "https://x.test/i.jpg"
    assert f["image_caption"] is None
    assert f["body"] == "Plain text body.\n\nSecond line."
    assert f["reading_time_minutes"] == 4


def test_payload_without_matching_id_takes_the_richest_article():
    article = dict(PAYLOAD_ARTICLE, id="dddddddddddd", slug="dddddddddddd")
    f = extract_article(URL, payload_page(article)).fields
    assert f["title"] == "Payload title"  # has a body, the card has not


def test_meta_alone():
    head = (
        '<meta property="og:title" content="Meta title - TRT World">'
        '<meta name="description" content="Meta &amp; description">'
        '<meta property="article:section" content="BIZTECH">'
        '<meta property="article:published_time" content="2026-05-14T14:00:00+03:00">'
        '<meta property="article:modified_time" content="2026-05-14T15:00:00">'
        '<meta name="author" content="TRT World">'
        '<meta name="keywords" content="Economy, Trade, economy, Trade">'
        '<meta property="og:image" content="https://cdn-i.pr.trt.com.tr/trtworld/m.jpeg">'
        '<link rel="canonical" href="https://trtworld.com/article/18261853/amp?_rt=1">'
    )
    result = extract_article("https://www.trtworld.com/article/18261853", page(head=head, lang="en-US"))
    f = result.fields
    assert f["title"] == "Meta title"
    assert f["subtitle"] == "Meta & description"
    assert f["section"] == "BizTech"
    assert f["published_at"] == "2026-05-14T11:00:00+00:00"
    assert f["modified_at"] == "2026-05-14T15:00:00+00:00"  # naive: UTC
    assert f["authors"] == ["TRT World"]
    assert f["tags"] == ["Economy", "Trade"]  # each once, first spelling kept
    assert f["image_url"] == "https://cdn-i.pr.trt.com.tr/trtworld/m.jpeg"
    assert f["language"] == "en"
    assert set(result.sources.values()) == {"meta"}
    assert result.canonical_url == "https://www.trtworld.com/article/18261853"


def test_og_url_when_no_canonical_link():
    head = '<meta property="og:url" content="/article/36d48b0025aa?utm_source=x">'
    assert extract_article("https://www.trtworld.com/article/36d48b0025aa/amp", page(head=head)).canonical_url == URL


PAGE_TEXT_ONLY = """
<header><a href="/">TRT World</a><nav><a href="/politics">POLITICS</a><a href="/author/x">Nav author</a></nav></header>
<main><article>
  <div><a href="/turkiye">TÜRKİYE</a><span>3 MIN READ</span></div>
  <h1>Page&nbsp;text   title</h1>
  <p>Page text standfirst.</p>
  <figure><img src="/images/hero.jpg" alt="x"><figcaption>People walk in Istanbul / A/B test / AA</figcaption></figure>
  <div><a href="/author/ali-topchi">Ali Topchi</a><a href="/author/ali-topchi">Ali Topchi</a></div>
  <time>a day ago</time>
  <div class="body">
    <p>First\u200b paragraph &amp; more.</p>
    <h3>A sub-heading</h3>
    <p>Second paragraph.</p>
    <div><span>RECOMMENDED</span></div>
    <p>Third paragraph.</p>
    <div><span>Related</span><a href="https://trtworld.com/article/18261853/amp?_rt=1">TRT World - A related story</a></div>
    <p>Related talks continue, officials said.</p>
  </div>
  <div><span>SOURCE:</span>AA</div>
</article>
<section><h2>Explore</h2><ul><li><a href="/article/4f2a9c1be807">Other</a> <a href="/author/someone">Someone</a></li></ul>
<p>x</p><p>y</p><p>z</p><p>w</p></section>
</main>
<footer><p>About</p></footer>
"""


def test_page_text_alone():
    result = extract_article(URL, page(body=PAGE_TEXT_ONLY, lang=""))
    f = result.fields
    assert f["title"] == "Page text title"
    assert f["subtitle"] == "Page text standfirst."
    assert f["section"] == "Türkiye"
    assert f["reading_time_minutes"] == 3
    assert f["published_at"] is None  # "a day ago" is never a date
    assert f["authors"] == ["Ali Topchi"]
    assert f["image_url"] == "https://www.trtworld.com/images/hero.jpg"
    assert f["image_caption"] == "People walk in Istanbul / A/B test"
    assert f["image_credit"] == "AA"
    assert f["body"] == ("First paragraph & more.\n\nA sub-heading\n\nSecond paragraph.\n\nThird paragraph.\n\n"
                         "Related talks continue, officials said.")
    assert f["related"] == [{"title": "A related story", "url": "https://www.trtworld.com/article/18261853"}]
    assert f["source"] == "AA"
    assert f["tags"] == []
    assert f["language"] == "en" and "language" not in result.sources
    assert set(result.sources.values()) == {"page_text"}
    assert result.canonical_url is None


# ---------------------------------------------------------------------------------------------------------
# broken sources


def test_invalid_jsonld_falls_through_to_the_next_sources():
    html = (PAGES / "article-36d48b0025aa.html").read_text(encoding="utf-8")
    broken = html.replace('"@type":"NewsArticle",', '"@type":"NewsArticle",,, {oops')
    assert broken != html
    result = extract_article(URL, broken)
    assert result.fields["title"] == "Kremlin hints at Trump-Putin meeting in 'coming days'"
    assert result.sources["title"] == "page_data"
    assert result.fields["tags"] == ["Russia", "United States"]  # page data tags come next
    assert result.sources["tags"] == "page_data"
    assert result.fields["authors"] == ["TRT World"] and result.sources["authors"] == "meta"
    assert result.fields["modified_at"] == "2025-08-07T12:02:10+00:00"


def test_garbage_payload_falls_through_to_meta_and_page_text():
    html = (PAGES / "article-36d48b0025aa.html").read_text(encoding="utf-8")
    start = html.index('<script>self.__next_f.push([1,"8:')
    end = html.index("</script>", start) + len("</script>")
    garbage = html[:start] + '<script>self.__next_f.push([1,"8:{\\"article\\":{\\"title\\": \\u12"])</script>' \
        + '<script>self.__next_f.push([1,"\\x"])</script>' + html[end:]
    broken = garbage.replace('<script type="application/ld+json">', '<script type="application/ld+json">{{')
    result = extract_article(URL, broken)
    assert result.sources["title"] == "meta"
    assert result.sources["reading_time_minutes"] == "page_text"
    assert result.fields["reading_time_minutes"] == 1
    assert result.sources["image_credit"] == "page_text"
    assert result.fields["image_credit"] == "Reuters"
    assert result.sources["image_caption"] == "page_text"
    assert result.fields["source"] == "TRT World and Agencies" and result.sources["source"] == "page_text"
    assert result.fields["section"] == "World" and result.sources["section"] == "meta"
    assert result.fields["language"] == "en" and result.sources["language"] == "meta"


# ---------------------------------------------------------------------------------------------------------
# layout quirks


def test_doubled_author_text_node_and_agency_byline():
    body = """<article><a href="/world">WORLD</a><h1>T</h1><h2>S</h2>
      <div><span>Ali TopchiAli Topchi</span></div><div class="b"><p>One.</p><p>Two.</p></div></article>"""
    assert extract_article(URL, page(body=body)).fields["authors"] == ["Ali Topchi"]
    linked = """<article><h1>T</h1><div><a href="/author/aa">AA</a><a href="/author/aa">AA</a>
      <a href="/author/ali">Ali TopchiAli Topchi</a></div><div><p>One.</p></div></article>"""
    result = extract_article(URL, page(body=linked))
    assert result.fields["authors"] == ["AA", "Ali Topchi"]
    assert result.sources["authors"] == "page_text"


def test_doubled_author_in_structured_data_is_collapsed():
    ld = {"@type": "NewsArticle", "headline": "H", "author": {"name": "Ali TopchiAli Topchi"}}
    assert extract_article(URL, page(head=jsonld(ld))).fields["authors"] == ["Ali Topchi"]


def test_relative_time_without_datetime_but_data_has_the_date():
    body = "<article><h1>T</h1><time>a day ago</time><div><p>One.</p></div></article>"
    head = '<meta property="article:published_time" content="2025-08-06T09:00:00Z">'
    result = extract_article(URL, page(head=head, body=body))
    assert result.fields["published_at"] == "2025-08-06T09:00:00+00:00"
    assert result.sources["published_at"] == "meta"
    assert extract_article(URL, page(body=body)).fields["published_at"] is None


def test_time_datetime_is_used_not_the_visible_text():
    body = '<article><h1>T</h1><time datetime="2025-08-07T14:20:41+03:00">37 minutes ago</time><p>x</p></article>'
    result = extract_article(URL, page(body=body))
    assert result.fields["published_at"] == "2025-08-07T11:20:41+00:00"
    assert result.sources["published_at"] == "page_text"


@pytest.mark.parametrize("label, minutes", [("3 MIN READ", 3), ("12 min read", 12), ("1 Min Read", 1)])
def test_reading_time_label(label, minutes):
    body = f"<article><div><a href='/world'>WORLD</a><span>{label}</span></div><h1>T</h1><p>x</p></article>"
    assert extract_article(URL, page(body=body)).fields["reading_time_minutes"] == minutes


def test_caption_credit_split_on_last_slash():
    body = ('<article><h1>T</h1><figure><img src="https://cdn-i.pr.trt.com.tr/x.jpg">'
            "<figcaption>Smoke rises over Gaza City / Khan Younis, on Monday. / User Upload</figcaption></figure>"
            "<p>x</p></article>")
    f = extract_article(URL, page(body=body)).fields
    assert f["image_caption"] == "Smoke rises over Gaza City / Khan Younis, on Monday."
    assert f["image_credit"] == "User Upload"


def test_caption_without_credit():
    body = ('<article><h1>T</h1><figure><img src="x.jpg"><figcaption>Only a caption</figcaption></figure>'
            "<p>x</p></article>")
    f = extract_article(URL, page(body=body)).fields
    assert f["image_caption"] == "Only a caption" and f["image_credit"] is None
    assert f["image_url"] == "https://www.trtworld.com/article/x.jpg"


def test_gallery_captions_follow_the_intro():
    body = """<article><h1>In pictures: Floods</h1><h2>Standfirst</h2>
      <figure><img src="/hero.jpg"><figcaption>Hero caption / AA</figcaption></figure>
      <div>
        <p>Intro one.</p><p>Intro two.</p>
        <figure><img src="/1.jpg"><figcaption>Picture one. / Reuters</figcaption></figure>
        <figure><img src="/2.jpg"><figcaption>Picture two / AP</figcaption></figure>
        <figure><img src="/3.jpg"></figure>
      </div></article>"""
    f = extract_article(URL, page(body=body)).fields
    assert f["body"] == "Intro one.\n\nIntro two.\n\nPicture one.\n\nPicture two"
    assert f["image_caption"] == "Hero caption" and f["image_url"] == "https://www.trtworld.com/hero.jpg"


def test_subheadings_and_lists_in_body_keep_their_order():
    body = """<article><h1>T</h1><div><p>P1.</p><h2>H2 heading</h2><p>P2.</p><h4>H4 heading</h4>
      <ul><li>Item one</li><li>Item two</li></ul><p>P3.</p><script>var x = 1;</script></div></article>"""
    f = extract_article(URL, page(body=body)).fields
    assert f["body"] == "P1.\n\nH2 heading\n\nP2.\n\nH4 heading\n\nItem one\n\nItem two\n\nP3."


def test_entities_nbsp_and_zero_width_are_cleaned():
    ld = {"@type": "NewsArticle", "headline": "A&amp;B\u00a0\u00a0says\u200b \u2060hi\ufeff <b>now</b>",
          "description": "Cafe\u0301 \u202f ok", "articleBody": "Line\u00a0one\u200d.\n\n\u200b\n Line  two "}
    f = extract_article(URL, page(head=jsonld(ld))).fields
    assert f["title"] == "A&B says hi now"
    assert f["subtitle"] == "Café ok"  # NFC
    assert f["body"] == "Line one.\n\nLine two"


def test_related_with_non_canonical_trtworld_link_and_glued_label():
    body = """<article><h1>T</h1><div>
      <p>One.</p>
      <div>Related<a href="https://trtworld.com/article/36d48b0025aa/amp?_rt=1">TRT Global - First story</a></div>
      <p>Two.</p>
      <aside><p>Related</p><a href="https://trt.global/world/article/7c1f0e2d9a44">Second story</a></aside>
      <p><a href="/article/18261853">RelatedThird story</a></p>
      <p>Three.</p></div></article>"""
    f = extract_article(URL, page(body=body)).fields
    assert f["body"] == "One.\n\nTwo.\n\nThree."
    assert f["related"] == [
        {"title": "First story", "url": "https://www.trtworld.com/article/36d48b0025aa"},
        {"title": "Second story", "url": "https://trt.global/world/article/7c1f0e2d9a44"},
        {"title": "Third story", "url": "https://www.trtworld.com/article/18261853"},
    ]


def test_body_markers_dropped_whatever_the_source():
    ld = {"@type": "NewsArticle", "headline": "H", "articleBody": (
        "One.\nRECOMMENDED\nRelatedTRT Global - Glued headline\nTwo.\nRelated\nA separate headline\nThree.\n"
        "Related talks went on.\nSOURCE:TRT World and Agencies\nExplore\nAnother article")}
    f = extract_article(URL, page(head=jsonld(ld))).fields
    assert f["body"] == "One.\n\nTwo.\n\nThree.\n\nRelated talks went on."
    assert f["source"] is None  # README: source comes from page data or page text only


def test_section_labels_mapped_back_to_the_site_spelling():
    from newscrawl.extract.trtworld import section_label

    assert section_label("WAR ON GAZA") == "War on Gaza"
    assert section_label("TÜRKİYE") == "Türkiye"
    assert section_label("BIZTECH") == "BizTech"
    assert section_label("MIDDLE EAST") == "Middle East"
    assert section_label("İSTANBUL NOTES") == "İstanbul Notes"
    assert section_label("LIFE IN THE US") == "Life in the US"
    assert section_label("Climate Crisis") == "Climate Crisis"
    assert section_label("  ") is None


# ---------------------------------------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize("html", [
    "",
    b"",
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x01\x02",
    "<html><head><title>x</title></head><body><article><h1>Trunc",
    "<html><body><p>Nothing here but a footer</p></body></html>".replace("<p>", "<footer><p>"),
    "\x00\x01\x02\x03",
    "<?xml version='1.0' encoding='utf-8'?><html><body></body></html>",
    '<script type="application/ld+json">[{"@type": 5}, null, "x"]</script>'
    '<script>self.__next_f.push([1,"0:["])</script><script>self.__next_f.push([1, 12])</script>',
    None,
])
def test_bad_input_never_raises(html):
    result = extract_article(URL, html)
    assert isinstance(result, Extraction)
    assert set(result.fields) == set(FIELDS)
    for name in ("published_at", "modified_at", "section", "image_url", "source", "subtitle"):
        assert result.fields[name] is None
    assert result.fields["authors"] == [] and result.fields["related"] == [] and result.fields["tags"] == []
    assert result.fields["body"] == ""


def test_truncated_page_keeps_what_it_could_read():
    html = (PAGES / "article-36d48b0025aa.html").read_text(encoding="utf-8")
    cut = html[: html.index("The announcement comes")]
    result = extract_article(URL, cut)
    assert result.fields["title"] == "Kremlin hints at Trump-Putin meeting in 'coming days'"
    assert result.sources["reading_time_minutes"] == "page_text"  # the payload was cut off
    assert result.fields["body"].endswith("did not elaborate on where it would be held.")


def test_page_without_article_gives_empty_fields():
    html = page(body="<header><nav><a href='/world'>WORLD</a></nav></header><main><ul><li><a "
                     "href='/article/4f2a9c1be807'>Card</a></li></ul></main><footer><p>About</p></footer>")
    result = extract_article("https://www.trtworld.com/", html)
    assert {k: v for k, v in result.fields.items() if k != "language"} == {
        k: v for k, v in EMPTY.items() if k != "language"}
    assert result.sources == {"language": "meta"}


def test_empty_defaults_are_not_shared_between_results():
    first = extract_article(URL, "")
    first.fields["authors"].append("x")
    assert extract_article(URL, "").fields["authors"] == []


def test_article_own_header_and_footer_are_read():
    body = """<header><nav><a href="/world">WORLD</a></nav></header>
      <article><header><a href="/war-on-iran">WAR ON IRAN</a><span>2 min read</span></header>
      <h1>T</h1><div><p>One.</p><p>Two.</p></div>
      <footer><span>SOURCE:</span> Reuters</footer></article>
      <footer><p>Site footer</p><p>SOURCE: not this</p></footer>"""
    result = extract_article(URL, page(body=body))
    assert result.fields["section"] == "War on Iran"
    assert result.fields["reading_time_minutes"] == 2
    assert result.fields["source"] == "Reuters"
    assert result.fields["body"] == "One.\n\nTwo."


def test_site_navigation_is_not_the_category():
    body = """<header><nav><a href="/opinion">OPINION</a></nav></header><main><h1>T</h1><p>x</p></main>"""
    result = extract_article(URL, page(body=body))
    assert result.fields["section"] is None and "section" not in result.sources


def test_mangled_copies_of_the_reference_page_never_raise():
    import random

    html = (PAGES / "article-36d48b0025aa.html").read_bytes()
    rnd = random.Random(7)
    titles = 0
    for n in range(150):
        k = rnd.randrange(len(html) + 1)
        if n % 3 == 0:
            mangled = html[:k]
        elif n % 3 == 1:
            mangled = html[:k] + bytes(rnd.randrange(256) for _ in range(16)) + html[k:]
        else:
            mangled = html.replace(b"<", b"", rnd.randrange(1, 40))
        result = extract_article(URL, mangled)
        assert set(result.fields) == set(FIELDS)
        assert set(result.sources.values()) <= ALL_SOURCES
        titles += result.fields["title"] is not None
    assert titles > 100  # most copies still give the headline


def test_author_links_and_paragraphs_outside_the_article_are_ignored():
    body = """<main><article><h1>T</h1><a href="/author/ali-topchi">Ali Topchi</a>
      <div><p>One.</p><p>Two.</p></div></article>
      <aside><h3>Our writers</h3><a href="/author/murat-sahin">Murat Şahin</a>
      <div><p>a</p><p>b</p><p>c</p><p>d</p></div></aside></main>"""
    f = extract_article(URL, page(body=body)).fields
    assert f["authors"] == ["Ali Topchi"]
    assert f["body"] == "One.\n\nTwo."


def test_article_element_wrapping_only_the_header():
    body = """<main><article><h1>T</h1><p>Standfirst as a paragraph.</p></article>
      <div><p>One.</p><p>Two.</p><p>Three.</p></div></main>"""
    f = extract_article(URL, page(body=body)).fields
    assert f["subtitle"] == "Standfirst as a paragraph."
    assert f["body"] == "One.\n\nTwo.\n\nThree."


def test_a_page_that_starts_with_an_xml_declaration_is_still_read():
    # lxml refuses a str that declares its encoding; the extractor must not lose the page over it.
    html = (PAGES / "article-36d48b0025aa.html").read_text(encoding="utf-8")
    extraction = extract_article("https://www.trtworld.com/article/36d48b0025aa",
                                 '<?xml version="1.0" encoding="utf-8"?>\n' + html)
    assert extraction.fields["title"] == "Kremlin hints at Trump-Putin meeting in 'coming days'"
    assert extraction.sources["title"] == "jsonld"


def test_a_page_parsed_once_gives_the_same_fields_and_stays_readable_for_links():
    html = (PAGES / "article-36d48b0025aa.html").read_text(encoding="utf-8")
    selector = parse_html(html)
    assert extract_article(URL, html, selector=selector) == extract_article(URL, html)
    # The readers leave the tree as it was: the Explore links are still there for the spider.
    assert "/article/4f2a9c1be807" in selector.xpath("//a/@href").getall()


def test_a_page_with_a_stray_nul_character_is_still_read():
    html = (PAGES / "article-36d48b0025aa.html").read_text(encoding="utf-8").replace("<h1", "\x00<h1", 1)
    extraction = extract_article(URL, html)
    assert extraction.fields["title"] == "Kremlin hints at Trump-Putin meeting in 'coming days'"
    assert extraction.sources["body"] == "page_text" and extraction.fields["body"].startswith("US President")
