"""JSONL / JSON / CSV records with a field mapping (text_field=, title_field=, ...).

Each record becomes one Article; a bad record is reported through `on_error` and the rest go on.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator

from ..errors import BROKEN_INPUT, EMPTY, MISSING_FIELD, ConfigError, InputError
from ..model import Article
from .common import decode_text, read_bytes, short_hash, stem, strip_gz

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
csv.field_size_limit(64 * 1024 * 1024)


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


def to_article(rec, fields: dict, source: str, n: int, base_id: str) -> Article:
    """Article from one record; InputError naming the missing field(s)."""
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
    aid = f"{base_id}-{rid}" if rid else f"{base_id}-{n}"
    return Article(id=aid.replace(" ", "_"), title=_value(rec, fields["title"]), outlet=_value(rec, fields["outlet"]),
                   author=_value(rec, fields["author"]), date=_value(rec, fields["date"]), url=url, source=where,
                   raw_text=text, text=text, metadata={"record": n, "hash": short_hash(url, text[:200])})


def _records(path: str, text: str) -> Iterator[tuple[int, object]]:
    """(number, record or InputError) for JSONL, JSON or CSV text."""
    name = strip_gz(path).lower()
    if name.endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames:
            raise InputError(path, "CSV without a header row", BROKEN_INPUT)
        try:
            for n, row in enumerate(reader):
                if None in row:
                    yield n, InputError(f"{path}#{n}", "row has more cells than the header", BROKEN_INPUT)
                else:
                    yield n, row
        except csv.Error as exc:
            yield reader.line_num, InputError(f"{path}#{reader.line_num}", f"broken CSV ({exc})", BROKEN_INPUT)
        return
    stripped = text.lstrip()
    if name.endswith(".json") and stripped[:1] in "[{":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            if stripped[:1] == "{" and "\n{" in stripped:
                data = None  # JSON lines saved as .json: fall through
            else:
                raise InputError(path, f"invalid JSON at line {exc.lineno} ({exc.msg})", BROKEN_INPUT) from None
        if data is not None:
            if isinstance(data, dict):
                lst = next((v for k in ("articles", "records", "data", "items") if isinstance(v := data.get(k), list)),
                           None)
                data = lst if lst is not None else [data]
            if not isinstance(data, list):
                raise InputError(path, "JSON is neither an object nor a list of objects", BROKEN_INPUT)
            yield from enumerate(data)
            return
    for n, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, InputError(f"{path}#{n}", f"invalid JSON on line {n + 1} ({exc.msg})", BROKEN_INPUT)


def read(path: str, on_error: Callable[[InputError], None] | None = None, **options) -> Iterator[Article]:
    """Articles of a records file; bad records go to `on_error` (see readers.read for the default)."""
    fields = mapping(options)
    data = read_bytes(path, options.get("max_bytes") or 512 * 1024 * 1024)
    text = decode_text(data, path)
    source = os.path.abspath(path)
    base = stem(path)
    good = bad = 0
    for n, rec in _records(source, text):
        try:
            if isinstance(rec, InputError):
                raise rec
            art = to_article(rec, fields, source, n, base)
        except InputError as err:
            if on_error is None:
                raise
            bad += 1
            on_error(err)
            continue
        good += 1
        yield art
    if good == 0 and bad == 0:
        raise InputError(path, "no records", EMPTY)
