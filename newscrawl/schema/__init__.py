"""The JSON Schema of the article record, shipped inside the package (works from a Scrapyd egg too)."""

import json
from importlib import resources


def article_schema() -> dict:
    return json.loads(resources.files(__package__).joinpath("article.schema.json").read_text(encoding="utf-8"))
