"""The pure parts of rendering: spotting a "Load more" control, the render argument, the browser check,
what the browser does not download."""

import os
from pathlib import Path

import pytest
from parsel import Selector
from scrapy.exceptions import UsageError

from newscrawl import navigation, render

SITE = Path(__file__).resolve().parent / "site" / "pages"


@pytest.mark.parametrize("control", [
    '<button type="button">Load more</button>',
    '<button class="x"><span>Show</span> <span>more</span></button>',
    '<a href="#" role="button">  LOAD MORE stories </a>',
    '<div role="button">See more</div>',
    '<a href="javascript:void(0)">More news</a>',
    '<button>More articles</button>',
])
def test_a_load_more_control_is_seen_by_its_text(control):
    html = f'<ul><li><a href="/article/36d48b0025aa">One</a></li></ul>{control}'
    listing = navigation.read_listing(Selector(text=html), "https://www.trtworld.com/europe")
    assert listing.load_more
    assert listing.next_page is None


@pytest.mark.parametrize("html", [
    '<p>Load more</p>',                                  # not a control
    '<button>Download the app</button>',
    '<a href="/more-news-about-us">About more news</a>',  # the text must start with the words
    '<h2>More Videos</h2><a href="/video/1">A video</a>',
    '<button>Moreover</button>',
])
def test_other_text_is_not_a_load_more_control(html):
    assert not navigation.has_load_more(Selector(text=html))


def test_a_more_link_to_the_next_page_is_pagination():
    html = '<a href="/article/36d48b0025aa">One</a><a href="/politics?page=2">More news</a>'
    listing = navigation.read_listing(Selector(text=html), "https://www.trtworld.com/politics")
    assert listing.next_page == "https://www.trtworld.com/politics?page=2"


def test_no_page_of_the_main_mirror_shows_load_more_but_the_render_listing_does():
    shown = sorted(str(path.relative_to(SITE)) for path in SITE.rglob("*.html")
                   if navigation.has_load_more(Selector(text=path.read_text(encoding="utf-8"))))
    assert shown == ["europe.html"]


@pytest.mark.parametrize("value, mode", [(None, "auto"), ("", "auto"), ("never", "never"), ("AUTO", "auto"),
                                         (" always ", "always")])
def test_render_modes(value, mode):
    assert render.parse_render(value) == mode


def test_a_bad_render_mode_names_what_it_accepts():
    with pytest.raises(UsageError, match=r"render='maybe': expected never, auto or always"):
        render.parse_render("maybe")


def test_the_browser_check(tmp_path):
    assert render.browser_problem(str(tmp_path / "chromium")) == f"no browser at {tmp_path / 'chromium'}"
    assert render.browser_problem(str(tmp_path)) == f"{tmp_path} is not an executable file"
    script = tmp_path / "chromium"
    script.write_text("#!/bin/sh\n")
    assert render.browser_problem(str(script)) == f"{script} is not an executable file"
    script.chmod(0o755)
    assert render.browser_problem(str(script)) is None
    assert render.browser_problem("") == "no browser is configured"


class _BrowserRequest:
    def __init__(self, resource_type):
        self.resource_type = resource_type


@pytest.mark.parametrize("resource_type, aborted", [
    ("image", True), ("font", True), ("media", True),
    ("document", False), ("script", False), ("fetch", False), ("xhr", False), ("stylesheet", False),
])
def test_the_browser_does_not_download_images_fonts_and_media(resource_type, aborted):
    assert render.should_abort_request(_BrowserRequest(resource_type)) is aborted


def test_the_default_browser_is_debians_chromium_unless_the_environment_says_otherwise():
    from newscrawl import settings
    assert settings.NEWSCRAWL_BROWSER == (os.environ.get("NEWSCRAWL_BROWSER") or "/usr/bin/chromium")
