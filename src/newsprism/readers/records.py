"""JSONL / JSON / CSV records with a field mapping (text_field=, title_field=, ...).

Each record becomes one Article; a bad record is reported through `on_error` and the rest go on.
"""

from __future__ import annotations

import csv
import json
import os
import zlib
from collections.abc import Callable, Iterator

from ..errors import BINARY, BROKEN_INPUT, EMPTY, MISSING_FIELD, TOO_LARGE, ConfigError, InputError
from ..model import Article
from .common import (
    MAX_RECORD_BYTES,
    MAX_RECORDS_FILE_BYTES,
    LineDecoder,
    decode_text,
    looks_binary,
    open_stream,
    raw_lines,
    read_bytes,
    short_hash,
    stem,
    strip_gz,
)
from .dates import Reporter, relative_base

# Model field -> names tried in order (the option `<field>_field=` puts the user's name first).
DEFAULT_FIELDS = {
    "text": ("text", "body", "content", "articleBody", "maintext", "article", "document"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "uri", "source_url"),
    "date": ("date", "published", "date_publish", "datePublished", "publish_date", "pubdate", "timestamp"),
    "outlet": ("outlet", "source", "site", "sitename", "source_domain", "publisher", "domain"),
    "author": ("author", "authors", "byline"),
    "id": ("id", "uid", "guid", "doc_id"),
}


def mapping(options: dict) -> dict[str, tuple[str, ...]]:
    """Field names to try per model field, honouring text_field=, title_field=, ... options."""
    out = dict(DEFAULT_FIELDS)
    for key in DEFAULT_FIELDS:
        name = options.get(f"{key}_field")
        if name:
            if not isinstance(name, str):
                raise ConfigError(f"{key}_field must be a field name, got {name!r}")
            out[key] = (name,)
    return out


def _value(rec: dict, names: tuple[str, ...]) -> str:
    for n in names:
        v = rec.get(n)
        if v is None or v == "":
            continue
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v if x)
        elif isinstance(v, dict):
            v = v.get("name") or v.get("text") or ""
        return str(v).strip()
    return ""


def _raw(rec: dict, names: tuple[str, ...]):
    """First non-empty value among `names`, as stored (numbers stay numbers: epoch dates)."""
    for n in names:
        v = rec.get(n)
        if v is not None and v != "":
            return v if isinstance(v, (int, float)) and not isinstance(v, bool) else _value(rec, (n,))
    return ""


def to_article(rec, fields: dict, source: str, n: int, base_id: str, dates: Reporter | None = None,
               relative_dates=None, seen: set | None = None) -> Article:
    """Article from one record; InputError naming the missing field(s).

    The date is normalised to ISO 8601 (see readers.dates); an unreadable one is left empty and
    reported through `dates`.  `relative_dates` ('ingest' or a record field holding the crawl time)
    allows 'yesterday'-style values.
    The id is the record's own id; one that an earlier record of the file (`seen`) already had gets the
    file stem as prefix (`<stem>-<id>`), and a record without one is `<stem>-<record number>`.
    """
    where = f"{source}#{n}"
    if not isinstance(rec, dict):
        raise InputError(where, f"record is a {type(rec).__name__}, not an object", BROKEN_INPUT)
    text = _value(rec, fields["text"])
    if not text:
        have = ", ".join(sorted(map(str, rec))[:12]) or "none"
        raise InputError(where, f"no text field (tried {', '.join(fields['text'])}; record has: {have})",
                         MISSING_FIELD, "name the text field with --text-field / text_field=")
    rid = _value(rec, fields["id"])
    url = _value(rec, fields["url"])
    aid = rid if rid and (seen is None or rid not in seen) else f"{base_id}-{rid}" if rid else f"{base_id}-{n}"
    if seen is not None and rid:
        seen.add(rid)
    dates = dates or Reporter(where)
    date = dates.read(_raw(rec, fields["date"]), relative_base(relative_dates, rec))
    return Article(id=aid.replace(" ", "_"), title=_value(rec, fields["title"]), outlet=_value(rec, fields["outlet"]),
                   author=_value(rec, fields["author"]), date=date, url=url, source=where,
                   raw_text=text, text=text, metadata={"record": n, "hash": short_hash(url, text[:200]),
                                                     "id_prefix": base_id})


def _csv_records(path: str, lines: Iterator[tuple[bytes | None, int]], decode: LineDecoder,
                 max_record: int) -> Iterator[tuple[int, object]]:
    """(row number, row dict or InputError) of a CSV stream; a bad or over-budget row never stops the rest."""
    cut: list[int] = []  # sizes of over-long lines in the row being read
    fresh = [True]  # the parser is at the start of a row

    def text_lines() -> Iterator[str]:
        for raw, size in lines:
            if raw is None:
                cut.append(size)
                # at a row start: an empty line (skipped by csv); inside a quoted field: enough text to
                # overflow the field limit, so that the parser drops this row and starts afresh
                yield "\n" if fresh[0] else "x" * (max_record + 1)
                continue
            fresh[0] = False
            yield decode(raw)

    old = csv.field_size_limit(max_record)
    try:
        reader = csv.reader(text_lines())
        try:
            header = next(reader, None)
            while header is not None and not header:
                header = next(reader, None)
        except csv.Error as exc:  # e.g. a bare carriage return inside the header line
            raise InputError(path, f"broken CSV header row ({exc})", BROKEN_INPUT,
                             "save the file with a one-line header and \\n or \\r\\n line ends") from None
        if not header:
            raise InputError(path, "CSV without a header row", BROKEN_INPUT)
        n = 0
        while True:
            fresh[0] = True
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                n += 1
                size = f" ({max(cut):,} bytes)" if cut else ""
                yield n, InputError(f"{path}#{n}", f"row over the {max_record:,}-byte record budget{size}" if cut or "limit" in str(exc)
                                    else f"broken CSV ({exc})", TOO_LARGE if cut or "limit" in str(exc)
                                    else BROKEN_INPUT, _RAISE if cut or "limit" in str(exc) else "")
                cut.clear()
                continue
            if cut:  # an over-long line at a row start: the row is gone, report it
                n += 1
                yield n, InputError(f"{path}#{n}", f"row over the {max_record:,}-byte record budget ({cut[0]:,} bytes)", TOO_LARGE,
                                    _RAISE)
                cut.clear()
            if not row:
                continue
            n += 1
            if len(row) > len(header):
                yield n, InputError(f"{path}#{n}", "row has more cells than the header", BROKEN_INPUT)
            else:
                yield n, dict(zip(header, row + [""] * (len(header) - len(row)), strict=True))
    finally:
        csv.field_size_limit(old)


_RAISE = "skipped; raise max_record_bytes / --max-record-bytes to read it"


def _jsonl_records(path: str, lines: Iterator[tuple[bytes | None, int]], decode: LineDecoder,
                   max_record: int = MAX_RECORD_BYTES) -> Iterator[tuple[int, object]]:
    """(line index, record or InputError) of a JSON-lines stream."""
    for n, (raw, size) in enumerate(lines):
        if raw is None:
            yield n, InputError(f"{path}#{n}", f"line {n + 1} is over the {max_record:,}-byte record budget ({size:,} bytes)", TOO_LARGE,
                                _RAISE)
            continue
        if not raw.strip():
            continue
        try:
            yield n, json.loads(decode(raw))
        except json.JSONDecodeError as exc:
            yield n, InputError(f"{path}#{n}", f"invalid JSON on line {n + 1} ({exc.msg})", BROKEN_INPUT)
        except RecursionError:
            yield n, InputError(f"{path}#{n}", f"JSON on line {n + 1} is nested too deeply", BROKEN_INPUT)


def _json_records(path: str, text: str) -> Iterator[tuple[int, object]] | None:
    """Records of a whole JSON document (list, or object holding a list), or None for JSON lines in a .json."""
    stripped = text.lstrip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if stripped[:1] == "{" and "\n{" in stripped:
            return None  # JSON lines saved as .json
        raise InputError(path, f"invalid JSON at line {exc.lineno} ({exc.msg})", BROKEN_INPUT) from None
    except RecursionError:
        raise InputError(path, "JSON nested too deeply", BROKEN_INPUT) from None
    if isinstance(data, dict):
        lst = next((v for k in ("articles", "records", "data", "items") if isinstance(v := data.get(k), list)), None)
        data = lst if lst is not None else [data]
    if not isinstance(data, list):
        raise InputError(path, "JSON is neither an object nor a list of objects", BROKEN_INPUT)
    return enumerate(data)


def _records(path: str, source: str, options: dict,
             on_error: Callable[[InputError], None] | None) -> Iterator[tuple[int, object]]:
    """(number, record or InputError) of a JSONL, JSON or CSV file, streamed line by line (not .json)."""
    name = strip_gz(path).lower()
    max_record = options.get("max_record_bytes") or MAX_RECORD_BYTES
    max_total = options.get("max_bytes") or MAX_RECORDS_FILE_BYTES
    try:
        with open_stream(path) as fh:
            head = fh.read(4096)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(path, f"broken gzip data ({exc})", BROKEN_INPUT, "the file is truncated or corrupt") from None
    if not head.strip():
        raise InputError(path, "empty input", EMPTY)
    if looks_binary(head):
        raise InputError(path, "binary data, not text", BINARY, "expected a text, HTML, JSON or CSV file")
    if name.endswith(".json"):
        if head.lstrip()[:1] in (b"[", b"{"):
            text = decode_text(read_bytes(path, max_total), path, warn=on_error)
            found = _json_records(source, text)
            if found is not None:
                yield from found
                return
    decode = LineDecoder(source)
    with open_stream(path) as fh:
        lines = raw_lines(fh, source, max_record, max_total)
        if name.endswith(".csv"):
            yield from _csv_records(source, lines, decode, max_record)
        else:
            yield from _jsonl_records(source, lines, decode, max_record)
    if decode.other and on_error is not None:
        on_error(decode.warning())


def read(path: str, on_error: Callable[[InputError], None] | None = None, **options) -> Iterator[Article]:
    """Articles of a records file; bad records go to `on_error` (see readers.read for the default)."""
    fields = mapping(options)
    source = os.path.abspath(path)
    base = stem(path)
    seen: set[str] = set()  # record ids read so far: a repeat gets the file stem as prefix
    good = bad = 0
    dates = Reporter(source)
    for n, rec in _stop_to_error(_records(path, source, options, on_error), on_error is not None):
        try:
            if isinstance(rec, InputError):
                raise rec
            art = to_article(rec, fields, source, n, base, dates, options.get("relative_dates"), seen)
        except InputError as err:
            if on_error is None:
                raise
            bad += 1
            on_error(err)
            continue
        good += 1
        yield art
    dates.flush()
    if good == 0 and bad == 0:
        raise InputError(path, "no records", EMPTY)


def _stop_to_error(items: Iterator[tuple[int, object]], report: bool) -> Iterator[tuple[int, object]]:
    """The records; a stream that breaks off after some were read (size limit, broken gzip) ends with
    its InputError as a last item when errors are reported, so the records before it stay read."""
    started = False
    try:
        for item in items:
            started = True
            yield item
    except InputError as err:
        if not (report and started):
            raise
        yield -1, err
