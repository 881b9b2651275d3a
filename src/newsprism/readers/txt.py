"""Plain-text dumps: first non-empty line is the title, then a blank line, then the body."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..errors import BAD_ENCODING, EMPTY, InputError
from ..model import Article


def read(path: str) -> Iterator[Article]:
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})", BAD_ENCODING,
                         "re-save the file as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "empty article", EMPTY)
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    title = lines[i].strip()
    body = "\n".join(lines[i + 1:]).strip("\n")
    from . import article_id_for

    yield Article(id=article_id_for(path), title=title, source=os.path.abspath(path), raw_text=body, text=body)
