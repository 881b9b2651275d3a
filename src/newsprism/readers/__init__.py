"""Readers turn inputs (files, directories, URLs) into Article objects.

`read(source)` yields Articles or raises InputError naming the source and the problem.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..errors import NOT_FOUND, UNKNOWN_FORMAT, InputError
from ..model import Article
from . import txt


def article_id_for(path: str) -> str:
    """Article id of a single-article file: its file stem."""
    base = os.path.basename(path)
    for ext in (".gz",):
        if base.endswith(ext):
            base = base[: -len(ext)]
    return os.path.splitext(base)[0]


def read(source: str, **options) -> Iterator[Article]:
    """Yield the articles in one input; raise InputError when it cannot be read."""
    if not os.path.exists(source):
        raise InputError(source, "no such file or directory", NOT_FOUND)
    low = source.lower()
    if low.endswith((".txt", ".text")):
        yield from txt.read(source)
        return
    raise InputError(source, "unknown input format", UNKNOWN_FORMAT,
                     "expected .txt, .html, .jsonl, .json, .csv, .xml/.rss/.atom, .warc(.gz) or a URL")
