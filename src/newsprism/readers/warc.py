"""WARC (.warc, .warc.gz) through fastwarc: HTML response records only, streamed (CC-News layout).

Memory and time stay bounded: records are read one at a time, bodies above `max_page_bytes` (or a smaller
`max_record_bytes`) are skipped unread, and each page's extraction has `max_extract_seconds`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from ..errors import BROKEN_INPUT, EMPTY, TOO_LARGE, InputError
from ..model import Article
from .common import MAX_PAGE_BYTES, short_hash, stem


def _http_ctype(record) -> str:
    return (record.http_content_type or "").split(";")[0].strip().lower()


def read(path: str, on_error: Callable[[InputError], None] | None = None, **options) -> Iterator[Article]:
    """Articles from the HTML responses of a WARC file; bad records go to `on_error`."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    from . import html

    limit = min(options.get("max_page_bytes") or MAX_PAGE_BYTES, options.get("max_record_bytes") or MAX_PAGE_BYTES)
    source = os.path.abspath(path)
    base = stem(path)
    seen = good = 0
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed in finally; fastwarc detects gzip itself
    except OSError as exc:
        raise InputError(path, f"cannot open: {exc.strerror or exc}", BROKEN_INPUT) from None
    try:
        for rec in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
            seen += 1
            uri = rec.headers.get("WARC-Target-URI", "") or ""
            where = f"{source}#{uri or seen}"
            try:
                ctype = _http_ctype(rec)
                if ctype and ctype not in ("text/html", "application/xhtml+xml"):
                    continue  # images, scripts, JSON...: not articles, and not errors
                if rec.content_length > limit:
                    raise InputError(where, f"record body is {rec.content_length / 1048576:.1f} MB, over the "
                                     f"{limit / 1048576:g} MB page budget", TOO_LARGE,
                                     "skipped; raise max_page_bytes / --max-page-bytes to read it")
                body = rec.reader.read()
                art = html.parse(body, where, f"{base}-{short_hash(uri or str(seen))}", url=uri, max_page_bytes=limit,
                                 max_extract_seconds=options.get("max_extract_seconds"), on_error=on_error)
                art.date = art.date or (rec.headers.get("WARC-Date", "") or "")[:10]  # crawl day when the page has none
            except InputError as err:
                if on_error is None:
                    raise
                on_error(err)
                continue
            good += 1
            yield art
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - fastwarc raises plain exceptions on truncated streams
        raise InputError(path, f"WARC stream broken after {seen} records ({type(exc).__name__})", BROKEN_INPUT,
                         "the file is truncated or corrupt; records before the damage were read") from None
    finally:
        fh.close()
    if seen == 0:
        raise InputError(path, "no WARC response records (empty, truncated or not a WARC file)", EMPTY)
