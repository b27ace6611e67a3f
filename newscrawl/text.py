"""Text clean-up shared by the extractor and the pipelines: one place decides what a clean string is.

``clean_text`` is what the README's "Text fields are cleaned" sentence means: HTML entities decoded, stray tags
removed, non-breaking and other Unicode spaces turned into plain spaces, zero-width characters dropped, runs
of whitespace collapsed, Unicode NFC.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable

from w3lib.html import remove_tags, replace_entities

# Unicode spaces that become a plain space, and invisible characters that are dropped.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_TRANSLATE = {ord(c): " " for c in _SPACES}
_TRANSLATE.update({ord(c): None for c in _ZERO_WIDTH})
# C0/C1 control characters other than whitespace: never part of a text value.
_TRANSLATE.update({c: None for c in range(0x00, 0x20) if chr(c) not in "\t\n\r\f\v"})
_TRANSLATE.update({c: None for c in range(0x7f, 0xa0) if c != 0x85})

_WS = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*\n\s*")
_TAG_LIKE = re.compile(r"<\s*/?\s*[a-zA-Z!]")
_ENTITY_LIKE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_CREDIT_SEP = " / "
# A credit is a short name ("Reuters", "AA", "User Upload", "Anadolu Agency"), never a sentence.
_MAX_CREDIT_LEN = 60


def clean_text(value: Any) -> str | None:
    """One clean line of text, or None when nothing readable is left."""
    if value is None:
        return None
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        else:
            return None
    if "<" in value and _TAG_LIKE.search(value):
        value = remove_tags(value)
    if "&" in value and _ENTITY_LIKE.search(value):
        value = replace_entities(value)
    value = value.translate(_TRANSLATE)
    value = _WS.sub(" ", value).strip()
    if not value:
        return None
    return unicodedata.normalize("NFC", value)


def clean_paragraphs(value: Any) -> str:
    """A body: paragraphs cleaned one by one and joined by exactly one blank line."""
    if not value or not isinstance(value, str):
        return ""
    paragraphs = (clean_text(part) for part in _PARAGRAPH_BREAK.split(value))
    return "\n\n".join(part for part in paragraphs if part)


def clean_lines(values: Iterable[Any], ignore_case: bool = False) -> list[str]:
    """Cleaned, non-empty strings, each once (the first spelling wins), in the order given."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        text = clean_text(value)
        if not text:
            continue
        key = text.casefold() if ignore_case else text
        if key not in seen:
            seen.add(key)
            out.append(text)
    return out


def undouble(text: str) -> str:
    """``Ali TopchiAli Topchi`` (a name the layout prints twice in one text node) -> ``Ali Topchi``.

    ``AA`` stays ``AA`` (a one-letter half is never a name); ``AAAA`` is ``AA`` printed twice. Two copies
    separated by a space collapse only when each copy has several words (``Bora Bora`` stays)."""
    n = len(text)
    if n >= 4 and n % 2 == 0:
        half = n // 2
        if text[:half] == text[half:] and text[:half].strip():
            return text[:half].strip()
    parts = text.split(" ")
    if len(parts) >= 4 and len(parts) % 2 == 0:
        half = len(parts) // 2
        if parts[:half] == parts[half:]:
            return " ".join(parts[:half])
    return text


def split_caption(caption: str | None) -> tuple[str | None, str | None]:
    """``"Text. / Reuters"`` -> ``("Text.", "Reuters")``: split on the LAST `` / ``."""
    if not caption:
        return None, None
    head, sep, tail = caption.rpartition(_CREDIT_SEP)
    if not sep:
        # A caption that is only "/ Reuters" or ends with " /Reuters".
        if caption.startswith("/ "):
            return None, caption[2:].strip() or None
        return caption, None
    tail = tail.strip()
    head = head.strip()
    if not tail or len(tail) > _MAX_CREDIT_LEN:
        return caption, None
    return (head or None), tail


def dedupe(values: Iterable[Any]) -> list:
    out: list = []
    for value in values:
        if value not in out:
            out.append(value)
    return out
