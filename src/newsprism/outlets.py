"""The user's outlet table (CSV or JSON) and recognising an article's outlet in it.

newsprism ships no ratings: lean, owner, country and kind all come from the table the user gives
(docs/outlets.md). An article is matched by its URL host's registered domain (the Public Suffix List
bundled with `publicsuffixlist`, read from disk, never fetched), else by the outlet name in its record;
its agency byline is matched by name to find the wire it copies.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import ConfigError
from .model import Article, ArticleInfo, Outlet

COLUMNS = ("domain", "name", "lean", "owner", "country", "kind", "aliases")
# Column names users' tables use for the same thing (first match wins; compared case-insensitively).
SYNONYMS = {"domain": ("domain", "site", "host", "url", "website"), "name": ("name", "outlet", "source", "title"),
            "lean": ("lean", "bias", "rating", "leaning"), "owner": ("owner", "ownership", "parent"),
            "country": ("country", "country_code", "nation"), "kind": ("kind", "type", "category"),
            "aliases": ("aliases", "alias", "other_names")}


@functools.lru_cache(maxsize=1)
def _psl():
    """The Public Suffix List snapshot shipped inside the package (no network: update is never called)."""
    from publicsuffixlist import PublicSuffixList
    return PublicSuffixList()


def host_of(url: str) -> str:
    """Lower-case host of a URL (or of a bare host name), without 'www.' or a port; '' when none."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "//" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    host = host.strip(".").lower()
    return host[4:] if host.startswith("www.") else host


@functools.lru_cache(maxsize=65536)
def registered_domain(host_or_url: str) -> str:
    """'news.example.co.uk' -> 'example.co.uk' by the Public Suffix List; IPs and bare names as they are."""
    host = host_of(host_or_url)
    if not host or re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return host
    return _psl().privatesuffix(host) or host


def name_key(name: str) -> str:
    """A name as compared: accents, case, punctuation and a leading 'the' dropped ('The Daily-Bugle' = 'daily bugle')."""
    s = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return s[4:] if s.startswith("the ") else s


def _split_list(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in re.split(r"[;|]", str(value or "")) if v.strip()]


def _outlet(rec: dict, where: str) -> Outlet:
    low = {str(k).strip().lower(): v for k, v in rec.items() if k is not None}
    used, vals = set(), {}
    for col, names in SYNONYMS.items():
        for n in names:
            if n in low and n not in used:
                vals[col] = low[n]
                used.add(n)
                break
    domain = registered_domain(str(vals.get("domain") or "")) if vals.get("domain") else ""
    name = str(vals.get("name") or "").strip()
    if not domain and not name:
        raise ConfigError(f"{where}: an outlet needs a domain or a name (columns: {', '.join(COLUMNS)})")
    extra = {str(k): ("" if v is None else str(v)) for k, v in rec.items()
             if k is not None and str(k).strip().lower() not in used}
    return Outlet(domain=domain, name=name or domain, lean=str(vals.get("lean") or "").strip(),
                  owner=str(vals.get("owner") or "").strip(), country=str(vals.get("country") or "").strip(),
                  kind=str(vals.get("kind") or "").strip().lower(), aliases=_split_list(vals.get("aliases")),
                  extra=extra)


def parse_table(text: str, where: str = "outlet table") -> list[Outlet]:
    """Outlets from CSV (header row) or JSON (a list of objects, or {"outlets": [...]}); ConfigError names the row."""
    body = text.lstrip("\ufeff").strip()
    if not body:
        raise ConfigError(f"{where}: empty outlet table (expected CSV with a header row, or JSON)")
    if body[0] in "[{":
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{where}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
        rows = data.get("outlets") if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ConfigError(f"{where}: JSON outlet table must be a list of objects (or {{\"outlets\": [...]}})")
        return [_outlet(r, f"{where} item {i}") for i, r in enumerate(rows, 1)]
    reader = csv.DictReader(io.StringIO(body))
    if not reader.fieldnames or not {f.strip().lower() for f in reader.fieldnames} & {"domain", "name", "site",
                                                                                        "outlet", "host", "url"}:
        raise ConfigError(f"{where}: the CSV header needs a 'domain' or 'name' column (got: "
                          f"{', '.join(reader.fieldnames or [])})")
    return [_outlet(r, f"{where} line {i}") for i, r in enumerate(reader, 2)]


def load_table(path: str) -> list[Outlet]:
    """Outlets from a CSV or JSON file ('-' reads standard input)."""
    import sys
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the outlet table ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the outlet table is not UTF-8 text") from None
    return parse_table(text, path)


@dataclass
class Match:
    """The outlet an article was recognised as, and the wire whose text it carries (when its byline says)."""

    name: str
    outlet: Outlet | None = None
    how: str = ""  # "url" | "name" | "" (not in the table)
    agency: Outlet | None = None


@dataclass
class OutletTable:
    """Outlets indexed by registered domain and by name/alias."""

    outlets: list[Outlet] = field(default_factory=list)

    def __post_init__(self):
        self.by_domain: dict[str, Outlet] = {}
        self.by_name: dict[str, Outlet] = {}
        for o in self.outlets:
            if o.domain:
                self.by_domain.setdefault(o.domain, o)
            for n in [o.name, *o.aliases]:
                if name_key(n):
                    self.by_name.setdefault(name_key(n), o)
            if o.domain:  # records often name the outlet by its site ("example.com")
                self.by_name.setdefault(name_key(o.domain), o)

    def __len__(self) -> int:
        return len(self.outlets)

    def by_host(self, url: str) -> Outlet | None:
        if not self.by_domain:  # no domains to match: the suffix list is not needed
            return None
        dom = registered_domain(url)
        return self.by_domain.get(dom) if dom else None

    def named(self, name: str) -> Outlet | None:
        key = name_key(name)
        if not key:
            return None
        o = self.by_name.get(key)
        if o is None and "." in name:  # a record's outlet field holding a host name
            o = self.by_host(name)
        return o

    def agency_of(self, agency: str) -> Outlet | None:
        """The outlet named in an agency byline ('Acme Wire/Staff', 'By Acme Wire and Beta Press': the first known)."""
        for part in re.split(r"\s*(?:[/,;&+]|\band\b|\bwith\b)\s*", agency or ""):
            o = self.named(re.sub(r"^(?:by|via|from)\s+", "", part.strip(), flags=re.I))
            if o is not None:
                return o
        return None

    def match(self, a: Article | ArticleInfo) -> Match:
        """Recognise an article's outlet: URL host first (most specific), then the record's outlet name."""
        agency = self.agency_of(a.agency) if a.agency else None
        for url in (a.url, a.source):
            o = self.by_host(url) if url and "://" in url else None
            if o is not None:
                return Match(o.name, o, "url", agency)
        o = self.named(a.outlet)
        if o is not None:
            return Match(o.name, o, "name", agency)
        host = host_of(a.url) if a.url else ""
        return Match(a.outlet or host or "", None, "", agency)
