"""The site-independent readers and helpers, one by one."""

from __future__ import annotations

import json

import parsel
import pytest

from newscrawl.text import clean_text, split_caption, undouble
from newscrawl.extract.structured import read_jsonld, read_meta, read_next_payload, to_utc_iso
from newscrawl.extract.trtworld import clean_body, read_page_text


@pytest.mark.parametrize("value, expected", [
    ("2025-08-07T14:20:41+03:00", "2025-08-07T11:20:41+00:00"),
    ("2025-08-07T11:20:41.000Z", "2025-08-07T11:20:41+00:00"),
    ("2025-08-07T11:20:41.987654Z", "2025-08-07T11:20:41+00:00"),
    ("2025-08-07T11:20:41Z", "2025-08-07T11:20:41+00:00"),
    ("2025-08-07T11:20:41", "2025-08-07T11:20:41+00:00"),
    ("2025-08-07 11:20:41", "2025-08-07T11:20:41+00:00"),
    ("2025-08-07T14:20:41+0300", "2025-08-07T11:20:41+00:00"),
    ("2025-08-07", "2025-08-07T00:00:00+00:00"),
    ("$D2025-08-07T11:20:41.000Z", "2025-08-07T11:20:41+00:00"),
    ("Thu, 07 Aug 2025 14:20:41 +0300", "2025-08-07T11:20:41+00:00"),
    (1754565641, "2025-08-07T11:20:41+00:00"),
    (1754565641000, "2025-08-07T11:20:41+00:00"),
    ("a day ago", None),
    ("37 minutes ago", None),
    ("August 7, 2025x", None),
    ("", None),
    (None, None),
    (True, None),
    ({"x": 1}, None),
    ("2025-13-45T99:00:00Z", None),
    ("9" * 40, None),
])
def test_to_utc_iso(value, expected):
    assert to_utc_iso(value) == expected


def test_clean_text():
    assert clean_text("  a&nbsp;b\u00a0c\u2009d\u200be\u200c\u200d\ufeff\u2060f \n\t g  ") == "a b c def g"
    assert clean_text("<em>x</em> &quot;y&quot; &#8217;") == "x \"y\" \u2019"
    assert clean_text("e\u0301") == "\u00e9"
    assert clean_text("\u200b \u00a0") is None
    assert clean_text(None) is None and clean_text(["x"]) is None
    assert clean_text(3) == "3"


def test_undouble_and_split_caption():
    assert undouble("Ali TopchiAli Topchi") == "Ali Topchi"
    assert undouble("Ali Topchi Ali Topchi") == "Ali Topchi"
    assert undouble("AAAA") == "AA"  # "AA" printed twice
    assert undouble("Ali Topchi") == "Ali Topchi"
    assert split_caption("A / B / Reuters") == ("A / B", "Reuters")
    assert split_caption("No credit") == ("No credit", None)
    assert split_caption("/ AA") == (None, "AA")
    assert split_caption(None) == (None, None)


def test_clean_body_lone_related_line_takes_its_headline_only():
    lines = ["One.", "Related", "TRT World - Something happened", "Related", "A headline without stop",
             "Related", "A full sentence that ends properly.", "Two."]
    assert clean_body(lines) == ["One.", "A full sentence that ends properly.", "Two."]


def test_read_jsonld_skips_invalid_scripts_and_reads_the_valid_one():
    html = ('<script type="application/ld+json">{not json</script>'
            '<script type="application/ld+json">{"@type":"BlogPosting","headline":"ok",}</script>')
    assert read_jsonld(parsel.Selector(text=html)) == {"title": "ok"}
    assert read_jsonld(parsel.Selector(text='<script type="application/ld+json">{x</script>')) == {}
    assert read_jsonld(parsel.Selector(text='<script type="application/ld+json">'
                                            '{"@type":"WebSite","name":"TRT"}</script>')) == {}


def test_read_jsonld_raw_newlines_inside_strings():
    html = '<script type="application/ld+json">{"@type":"Article","headline":"h","articleBody":"a\nb"}</script>'
    assert read_jsonld(parsel.Selector(text=html))["body"] == "a\n\nb"


def test_read_next_payload_text_row_with_multibyte_characters_and_references():
    text_row = "<p>Türkiye — “quoted”</p><p>Two</p>"
    rows = (f"5:T{len(text_row.encode()):x},{text_row}"
            '6:{"x":"$7"}\n'
            '7:{"slug":"36d48b0025aa","title":"T","publishedAt":"2025-01-01T00:00:00Z","content":"$5",'
            '"category":{"title":"Türkiye"},"coverImage":{"url":"u","caption":"c / AA"}}\n')
    html = f"<script>self.__next_f.push([1,{json.dumps(rows)}])</script>"
    out = read_next_payload(html, "36d48b0025aa")
    assert out["body"] == "Türkiye — “quoted”\n\nTwo"
    assert out["section"] == "Türkiye"
    assert out["image_caption"] == "c" and out["image_credit"] == "AA"
    assert out["published_at"] == "2025-01-01T00:00:00+00:00"


def test_read_next_payload_follows_references_into_chunks_that_do_not_name_the_article():
    # The article's chunk is read first; its cover image and category live in another chunk, which must be
    # read too (the quick path must not settle for an object whose references it cannot resolve).
    article = ('9:{"slug":"36d48b0025aa","title":"T","publishedAt":"2025-01-01T00:00:00Z",'
               '"coverImage":"$a","category":"$b"}\n')
    elsewhere = 'a:{"url":"https://cdn/x.jpg","caption":"A caption / Reuters"}\nb:{"title":"World"}\n'
    html = "".join(f"<script>self.__next_f.push([1,{json.dumps(chunk)}])</script>"
                   for chunk in ('1:["$","div",null,{}]\n', elsewhere, article))
    out = read_next_payload(html, "36d48b0025aa")
    assert out["image_url"] == "https://cdn/x.jpg"
    assert out["image_caption"] == "A caption" and out["image_credit"] == "Reuters"
    assert out["section"] == "World"


def test_read_next_payload_garbage():
    assert read_next_payload("") == {}
    assert read_next_payload(b"\xff\xfe self.__next_f.push([1,\"\\u12\"])") == {}
    assert read_next_payload('<script>self.__next_f.push([1,"zz:{\\"title\\":1}\\n8:{bad"])</script>') == {}


def test_read_meta_keeps_first_value_and_reads_lang():
    html = ('<html lang="tr-TR"><head><meta property="og:title" content="First">'
            '<meta property="og:title" content="Second"><meta name="keywords" content="">'
            '<link rel="Canonical alternate" href="/article/36d48b0025aa"></head></html>')
    out = read_meta(parsel.Selector(text=html))
    assert out == {"title": "First", "canonical_url": "/article/36d48b0025aa", "language": "tr"}


def test_read_page_text_ignores_explore_section_inside_article():
    html = """<article><h1>T</h1><div><p>One.</p><p>Two.</p><h2>Explore</h2>
      <p>Not body</p><a href="/author/z">Z</a><time datetime="2020-01-01">x</time></div></article>"""
    out = read_page_text(parsel.Selector(text=html), "https://www.trtworld.com/article/36d48b0025aa")
    assert out["body"] == "One.\n\nTwo."
    assert "authors" not in out and "published_at" not in out
