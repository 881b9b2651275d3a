"""HTML pages through trafilatura: main text (paragraphs kept as lines) plus title, author, date, site, URL."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator

from ..errors import BINARY, BROKEN_INPUT, EMPTY, TOO_LARGE, InputError
from ..model import Article
from .common import (
    MAX_BYTES,
    MAX_EXTRACT_SECONDS,
    MAX_PAGE_BYTES,
    decode_text,
    looks_binary,
    read_bytes,
    stem,
    time_limit,
)
from .htmlmeta import page_metadata

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def _charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def extract(html: bytes | str, url: str | None = None):
    """trafilatura's main-text document for `html` (None when it finds no main text).

    Metadata come from htmlmeta (meta tags, JSON-LD) instead of trafilatura's own pass, which costs
    about a third of the extraction time (bench/extraction.py); trafilatura's values fill the gaps.
    """
    import trafilatura

    return trafilatura.bare_extraction(html, url=url, with_metadata=False, include_comments=False,
                                       include_tables=False, include_images=False)


def parse(data: bytes | str, source: str, article_id: str, url: str = "", max_page_bytes: int | None = None,
          max_extract_seconds: float | None = None, on_error=None) -> Article:
    """Article from HTML bytes/text; InputError when the page has no extractable text or is over budget."""
    limit = max_page_bytes or MAX_PAGE_BYTES
    if len(data) > limit:
        raise InputError(source, f"page is {len(data) / 1048576:.1f} MB, over the {limit / 1048576:g} MB page budget",
                         TOO_LARGE, "skipped; raise max_page_bytes / --max-page-bytes to read it")
    if isinstance(data, bytes):
        if not data.strip():
            raise InputError(source, "empty page", EMPTY)
        if looks_binary(data):
            raise InputError(source, "binary data, not HTML", BINARY)
        try:
            data.decode("utf-8")
            html: bytes | str = data  # valid UTF-8: trafilatura parses the bytes directly
        except UnicodeDecodeError:
            html = decode_text(data, source, _charset(data), warn=on_error)
    else:
        html = data
    if not html.strip():
        raise InputError(source, "empty page", EMPTY)
    if ("<" if isinstance(html, str) else b"<") not in html[:65536]:
        raise InputError(source, "no HTML markup", BROKEN_INPUT, "plain text belongs in a .txt file")
    with time_limit(MAX_EXTRACT_SECONDS if max_extract_seconds is None else max_extract_seconds, source):
        try:
            doc = extract(html, url or None)
        except Exception as exc:  # noqa: BLE001 - lxml/trafilatura raise many types on hostile markup
            raise InputError(source, f"HTML could not be parsed ({type(exc).__name__})", BROKEN_INPUT) from None
        text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
        if not text:
            raise InputError(source, "no article text found in the page", EMPTY,
                             "the page may be an index, a paywall or rendered by JavaScript")
        meta = page_metadata(html, url)
        if not meta["date"]:
            meta["date"] = _page_date(html)
    return Article(
        id=article_id,
        title=meta["title"] or (getattr(doc, "title", None) or "").strip(),
        outlet=meta["site"],
        author=meta["author"],
        date=meta["date"],
        url=url or meta["url"],
        source=source,
        raw_text=text,
        text=text,
        metadata={k: v for k, v in (("language", getattr(doc, "language", None)),) if v},
    )


def _page_date(html: bytes | str) -> str:
    """Publication day htmldate finds in the markup (fast mode: 20 of the 22 undated ScrapingHub pages) or ""."""
    try:
        from htmldate import find_date

        return find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d") or ""
    except Exception:  # noqa: BLE001 - htmldate raises many types on hostile markup; no date is not an error
        return ""


def read(path: str, on_error=None, **options) -> Iterator[Article]:
    data = read_bytes(path, options.get("max_bytes") or MAX_BYTES)
    yield parse(data, os.path.abspath(path), stem(path), **page_options(options), on_error=on_error)


def page_options(options: dict) -> dict:
    """The page budgets among reader options (for parse)."""
    return {k: options.get(k) for k in ("max_page_bytes", "max_extract_seconds")}
