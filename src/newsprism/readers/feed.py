"""RSS/Atom feeds through feedparser: each entry is an article (its content, else the linked page if fetch=True)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

from ..errors import BROKEN_INPUT, EMPTY, InputError
from ..model import Article
from .common import read_bytes, short_hash, stem
from .dates import DateProblem, Reporter, normalise

_TAG = re.compile(r"<[^>]+>")


def _entry_text(entry) -> str:
    """Longest of content / summary, HTML reduced to text with paragraph breaks."""
    parts = [c.get("value", "") for c in entry.get("content", []) or []]
    parts.append(entry.get("summary", "") or "")
    best = max(parts, key=len)
    if "<" in best:
        best = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</h\d>|</li>", "\n", best)
        best = _TAG.sub("", best)
    import html as _html

    return _html.unescape(best).strip()


def parse(data: bytes, source: str, on_error: Callable[[InputError], None] | None = None,
          fetch: bool = False, min_words: int = 40, **options) -> Iterator[Article]:
    """Articles of a feed; short entries are fetched from their link when `fetch` is allowed."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        exc = parsed.get("bozo_exception")
        raise InputError(source, f"not a readable RSS/Atom feed ({type(exc).__name__ if exc else 'unknown'})",
                         BROKEN_INPUT)
    if not parsed.entries:
        raise InputError(source, "feed has no entries", EMPTY)
    outlet = (parsed.feed.get("title") or "").strip()
    dates = Reporter(source)
    base = stem(source) if "://" not in source else "feed-" + short_hash(source)
    for n, e in enumerate(parsed.entries):
        link = e.get("link", "") or ""
        text = _entry_text(e)
        try:
            if len(text.split()) < min_words and fetch and link:
                from . import url as url_reader

                art = next(iter(url_reader.read(link, **options)))
                art.title = art.title or (e.get("title") or "").strip()
                art.outlet = art.outlet or outlet
                yield art
                continue
            if not text:
                raise InputError(f"{source}#{n}", "feed entry without text",
                                 EMPTY, "pass fetch=True (--fetch) to read the linked page")
        except InputError as err:
            if on_error is None:
                raise
            on_error(err)
            continue
        raw = e.get("published") or e.get("updated") or ""
        try:
            date = normalise(raw)  # keeps the entry's own offset
        except DateProblem as exc:
            date, problem = "", str(exc)
        tp = e.get("published_parsed") or e.get("updated_parsed")
        if tp and not date:  # feedparser's parsed times are UTC
            date = f"{tp.tm_year:04d}-{tp.tm_mon:02d}-{tp.tm_mday:02d}T{tp.tm_hour:02d}:{tp.tm_min:02d}:{tp.tm_sec:02d}+00:00"
        elif raw and not date:
            dates.problems.append(problem)
        yield Article(id=f"{base}-{e.get('id') and short_hash(e.get('id')) or n}", title=(e.get("title") or "").strip(),
                      outlet=outlet, author=(e.get("author") or "").strip(), date=date, url=link,
                      source=f"{source}#{n}", raw_text=text, text=text)
    dates.flush()


def read(path: str, **options) -> Iterator[Article]:
    data = read_bytes(path, options.get("max_bytes") or 50 * 1024 * 1024)
    yield from parse(data, os.path.abspath(path), **{k: v for k, v in options.items() if k != "max_bytes"})
