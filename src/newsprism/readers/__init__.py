"""Readers turn inputs (files, directories, URLs, feeds, WARCs, record files) into Article objects.

Entry point: `read(source, on_error=None, **options)` yields Articles.

Error policy (one clear InputError per bad input, and a bad record never stops the rest):
- A source that cannot be read at all (missing, unknown format, binary, empty, broken gzip) raises
  InputError before anything is yielded.
- Multi-article sources (directories, .jsonl/.json/.csv, feeds, WARCs) yield every good article.
  Each bad record/file is an InputError of its own: passed to `on_error(err)` when a callback is given
  (the `newsprism add` progress bar counts them), else collected and raised once at the end as one
  InputError summarising them (count, reason, first problems) -- so `pipeline.read_all`, which catches
  InputError per source, keeps the good articles and records one problem line.
Options: text_field=, title_field=, url_field=, date_field=, outlet_field=, author_field=, id_field=
(record files); fetch=True (feeds: read the linked page of short entries); timeout=, deadline=,
allow_private=True (fetching); and the budgets (defaults in common.py, docs/ingest.md): max_article_chars=
(longer texts are cut, with an InputWarning), max_record_bytes= (one JSONL line / CSV row / WARC record),
max_page_bytes= (one HTML page), max_bytes= (one file), max_extract_seconds= (one page's extraction).
relative_dates= ('ingest', or a record field holding the crawl time) lets 'yesterday'-style record dates
resolve against that moment.  Dates are normalised when read (readers.dates): ISO 8601 with the zone
when known; an unreadable date is left empty and logged once per input, never stored raw.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterator

from ..errors import NOT_FOUND, TRUNCATED, UNKNOWN_FORMAT, InputError, InputWarning
from ..model import Article
from . import feed, html, records, txt, url, warc
from .common import MAX_ARTICLE_CHARS, stem, strip_gz

FORMATS = {
    (".txt", ".text"): txt.read,
    (".html", ".htm", ".xhtml", ".shtml"): html.read,
    (".jsonl", ".ndjson", ".json", ".csv"): records.read,
    (".xml", ".rss", ".atom", ".rdf"): feed.read,
}
HINT = "expected .txt, .html, .jsonl, .json, .csv, .xml/.rss/.atom, .warc(.gz), a directory or an http(s) URL"


def article_id_for(path: str) -> str:
    """Article id of a single-article file: its file stem (kept for callers of the first version)."""
    return stem(path)


def reader_for(path: str) -> Callable[..., Iterator[Article]] | None:
    """The reader for a file, by extension (after .gz), else by sniffing its first bytes."""
    low = path.lower()
    if low.endswith((".warc", ".warc.gz", ".arc.gz")):
        return warc.read
    name = strip_gz(low)
    for exts, fn in FORMATS.items():
        if name.endswith(exts):
            return fn
    return _sniff(path)


def _sniff(path: str) -> Callable[..., Iterator[Article]] | None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return None
    if head.startswith(b"\x1f\x8b"):
        return None  # compressed data of unknown kind
    h = head.lstrip().lower()
    if h.startswith(b"warc/"):
        return warc.read
    if h.startswith((b"<!doctype html", b"<html")):
        return html.read
    if h.startswith(b"<?xml") and (b"<rss" in h or b"<feed" in h or b"<rdf" in h):
        return feed.read
    return None


def read(source: str, on_error: Callable[[InputError], None] | None = None, **options) -> Iterator[Article]:
    """Yield the articles in one input (see the module docstring for the error policy)."""
    if url.is_url(source):
        fn: Callable[..., Iterator[Article]] | None = url.read
    elif not os.path.exists(source):
        raise InputError(source, "no such file or directory", NOT_FOUND)
    elif os.path.isdir(source):
        fn = _read_dir
    else:
        fn = reader_for(source)
        if fn is None:
            raise InputError(source, "unknown input format", UNKNOWN_FORMAT, HINT)
    limit = options.get("max_article_chars") or MAX_ARTICLE_CHARS
    if on_error is not None:
        for art in fn(source, on_error=on_error, **options):
            yield fit(art, limit, on_error)
        return
    bad: list[InputError] = []  # the first few only: a file of a million bad lines stays small
    reasons: Counter = Counter()

    def keep(err: InputError) -> None:
        if isinstance(err, InputWarning):
            warnings.warn(str(err), stacklevel=3)
            return
        reasons[err.reason] += 1
        if len(bad) < 3:
            bad.append(err)

    for art in fn(source, on_error=keep, **options):
        yield fit(art, limit, keep)
    if bad:
        raise summary_error(source, bad, sum(reasons.values()), reasons)


def fit(art: Article, limit: int, on_error: Callable[[InputError], None]) -> Article:
    """The article, its text cut to `limit` characters (at a paragraph or sentence end) with a warning."""
    n = len(art.text)
    if n <= limit:
        return art
    cut = art.text[:limit]
    end = max(cut.rfind("\n"), cut.rfind(". "))
    cut = cut[:end + 1] if end > limit // 2 else cut
    art.text = art.raw_text = cut.rstrip()
    art.metadata["truncated_from_chars"] = n
    on_error(InputWarning(art.source or art.id, f"article text is {n:,} characters, cut to {len(art.text):,}",
                          TRUNCATED, "raise max_article_chars / --max-article-chars to keep more"))
    return art


def summary_error(source: str, bad: list[InputError], total: int | None = None,
                  reasons: Counter | None = None) -> InputError:
    """One InputError standing for several bad records/files of one source (`bad`: the first few)."""
    total = len(bad) if total is None else total
    reasons = reasons or Counter(e.reason for e in bad)
    first = "; ".join(str(e) for e in bad[:3])
    more = f" (+{total - 3:,} more)" if total > 3 else ""
    err = InputError(source, f"{total:,} bad item(s) skipped, the rest was read: {first}{more}",
                     reasons.most_common(1)[0][0])
    err.errors = bad  # type: ignore[attr-defined]
    err.count = total  # type: ignore[attr-defined]
    return err


def _read_dir(path: str, on_error: Callable[[InputError], None] | None = None, **options) -> Iterator[Article]:
    """Every readable file under `path` (recursive, sorted, hidden files skipped)."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = os.path.join(root, name)
            fn = reader_for(full)
            if fn is None:
                continue  # not an article format (README, images...): not an error
            try:
                yield from fn(full, on_error=on_error, **options)
            except InputError as err:
                if on_error is None:
                    raise
                on_error(err)
