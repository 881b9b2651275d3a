"""Plain-text dumps: first non-empty line is the title, then the body (cleaning happens later)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..errors import EMPTY, InputError
from ..model import Article
from .common import MAX_BYTES, decode_text, read_bytes, stem


def parse(text: str, source: str, article_id: str) -> Article:
    """Article from a title-line-then-body text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines):
        raise InputError(source, "empty article", EMPTY)
    title = lines[i].strip()
    body = "\n".join(lines[i + 1:]).strip("\n")
    if not body.strip():
        raise InputError(source, "a title line but no body text", EMPTY)
    return Article(id=article_id, title=title, source=source, raw_text=body, text=body)


def read(path: str, on_error=None, **options) -> Iterator[Article]:
    data = read_bytes(path, options.get("max_bytes") or MAX_BYTES)
    yield parse(decode_text(data, path, warn=on_error), os.path.abspath(path), stem(path))
