"""Article extraction: pure functions from (public URL, HTML) to the article's fields.

    from newscrawl.extract import extract_article
    result = extract_article("https://www.trtworld.com/article/36d48b0025aa", html)
    result.fields["title"], result.sources["title"], result.canonical_url
"""

from .trtworld import Extraction, extract_article, parse_html

__all__ = ["Extraction", "extract_article", "parse_html"]
