"""Fast page metadata (title, site, author, date, URL) from meta tags, JSON-LD and <title>.

Why not trafilatura's metadata pass: it costs about a third of the extraction time (measured in
bench/extraction.py); these tags carry the same fields on news pages, and the agreement with
trafilatura's values is measured in docs/ingest.md.
"""

from __future__ import annotations

import html as _html
import json
import re
from urllib.parse import urlsplit

_HEAD_BYTES = 300_000
_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.I | re.S)
_LDJSON = re.compile(r"""<script[^>]+application/ld\+json[^>]*>(.*?)</script>""", re.I | re.S)
_CANON = re.compile(r"""<link\b[^>]*rel\s*=\s*["']?canonical[^>]*>""", re.I)
_TIME = re.compile(r"""<time\b[^>]*datetime\s*=\s*["']([^"']+)""", re.I)
_TAGS = re.compile(r"<[^>]+>")
_JSON_DATE = re.compile(r'"(?:datePublished|dateCreated|publishedAt|publish_date|pubDate)"\s*:\s*"([^"]{8,40})"')
_JSON_AUTHOR = re.compile(r'"author"\s*:\s*(?:\[\s*)?\{[^{}]*?"name"\s*:\s*"([^"]{3,80})"')
_REL_AUTHOR = re.compile(r"""<a\b[^>]*rel\s*=\s*["']?author[^>]*>(.*?)</a>""", re.I | re.S)
_BYLINE = re.compile(r"""<[^>]+(?:class|itemprop)\s*=\s*["'][^"']*(?:byline|author)[^"']*["'][^>]*>(.{1,300}?)</""",
                     re.I | re.S)
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{2})[/-](\d{2})(?:/|$)")

_KEYS = {
    "title": ("og:title", "twitter:title", "dc.title", "headline", "sailthru.title"),
    "site": ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site"),
    "author": ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator", "cxenseparse:author"),
    "date": ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date", "dc.date.issued",
             "sailthru.date", "parsely-pub-date", "og:published_time", "article:published", "dcterms.created"),
    "url": ("og:url",),
}


def _text(s: str) -> str:
    return " ".join(_html.unescape(_TAGS.sub(" ", s)).split())


def _ld_items(page: str):
    for m in _LDJSON.finditer(page):
        try:
            data = json.loads(m.group(1).strip())
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(d)
            elif isinstance(d, dict):
                if "@graph" in d:
                    stack.append(d["@graph"])
                yield d


def _name(v) -> str:
    if isinstance(v, list):
        return ", ".join(filter(None, (_name(x) for x in v[:4])))
    if isinstance(v, dict):
        return str(v.get("name") or "")
    return str(v or "")


def page_metadata(data: bytes | str, url: str = "") -> dict[str, str]:
    """{title, site, author, date, url}: first non-empty value per field, in the order of _KEYS."""
    page = data[:_HEAD_BYTES].decode("utf-8", "replace") if isinstance(data, bytes) else data[:_HEAD_BYTES]
    metas: dict[str, str] = {}
    for m in _META.finditer(page):
        attrs = {a.lower(): (v1 or v2 or v3) for a, v1, v2, v3 in _ATTR.findall(m.group(0))}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        val = attrs.get("content")
        if key and val and key not in metas:
            metas[key] = _html.unescape(val).strip()
    out = {f: next((metas[k] for k in keys if metas.get(k)), "") for f, keys in _KEYS.items()}
    for d in _ld_items(page):
        kind = str(d.get("@type", ""))
        if "Article" in kind or "Posting" in kind or "Report" in kind:
            out["title"] = out["title"] or str(d.get("headline") or "")
            out["author"] = out["author"] or _name(d.get("author"))
            out["date"] = out["date"] or str(d.get("datePublished") or "")
            out["site"] = out["site"] or _name(d.get("publisher"))
    if not out["title"]:
        m = _H1.search(page) or _TITLE.search(page)
        out["title"] = _text(m.group(1)) if m else ""
    if not out["date"]:
        m = _JSON_DATE.search(page) or _TIME.search(page)
        out["date"] = m.group(1) if m else ""
    if not out["date"] and (m := _URL_DATE.search(url)):
        out["date"] = "-".join(m.groups())
    if not out["author"]:
        m = _JSON_AUTHOR.search(page) or _REL_AUTHOR.search(page) or _BYLINE.search(page)
        name = _text(m.group(1)) if m else ""
        name = re.sub(r"(?i)^by\s+", "", name)
        out["author"] = name if 0 < len(name.split()) <= 8 else ""
    if not out["url"]:
        m = _CANON.search(page)
        href = re.search(r"""href\s*=\s*["']([^"']+)""", m.group(0), re.I) if m else None
        out["url"] = href.group(1) if href else url
    if not out["site"] and (url or out["url"]):
        host = urlsplit(url or out["url"]).hostname or ""
        out["site"] = host[4:] if host.startswith("www.") else host
    if out["author"].startswith(("http://", "https://")):
        out["author"] = ""  # article:author is often a profile URL
    out["date"] = _iso(out["date"])
    return {k: " ".join(v.split()) for k, v in out.items()}


def _iso(value: str) -> str:
    """ISO 8601 (with time and offset when the page gives them, see readers.dates); '' when unreadable."""
    from .dates import DateProblem, normalise

    try:
        return normalise(value)
    except DateProblem:
        m = re.search(r"(\d{4})-(\d{2})-(\d{2})", value) or re.search(r"(\d{4})/(\d{2})/(\d{2})", value)
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""
