"""http(s) URLs fetched politely with httpx: timeouts, size and redirect limits, content-type check."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from ..errors import FETCH_FAILED, TOO_LARGE, UNKNOWN_FORMAT, InputError
from ..model import Article
from .common import short_hash

USER_AGENT = "newsprism/0.1 (+https://github.com/newsprism; news brief research tool)"
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = 15.0
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "application/feed+json")


def is_url(source: str) -> bool:
    return "://" in source[:12] or source.lower().startswith(("http:", "https:"))


def check_scheme(url: str) -> None:
    """Only http and https with a host; file://, ftp:// and the rest are refused."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(url, f"unsupported URL scheme {parts.scheme or '(none)'!r}", UNKNOWN_FORMAT,
                         "only http:// and https:// URLs are fetched")


def fetch(url: str, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT, max_redirects: int = MAX_REDIRECTS,
          accept: tuple[str, ...] = HTML_TYPES + FEED_TYPES) -> tuple[bytes, str, str]:
    """(body, content type, final URL); InputError for any failure, never a partial body."""
    import httpx

    check_scheme(url)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"}
    try:
        with httpx.Client(follow_redirects=True, max_redirects=max_redirects, timeout=timeout,
                          headers=headers) as client:
            with client.stream("GET", url) as resp:
                final = str(resp.url)
                check_scheme(final)
                if resp.status_code >= 400:
                    raise InputError(url, f"HTTP {resp.status_code}", FETCH_FAILED)
                ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype and not ctype.startswith(accept):
                    raise InputError(url, f"content type {ctype!r} is not a page or feed", UNKNOWN_FORMAT)
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise InputError(url, f"page larger than {max_bytes} bytes", TOO_LARGE)
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise InputError(url, f"page larger than {max_bytes} bytes", TOO_LARGE)
                return bytes(body), ctype, final
    except httpx.TooManyRedirects:
        raise InputError(url, f"more than {max_redirects} redirects", FETCH_FAILED) from None
    except httpx.TimeoutException:
        raise InputError(url, f"timed out after {timeout:g} s", FETCH_FAILED) from None
    except httpx.HTTPError as exc:
        raise InputError(url, f"fetch failed ({type(exc).__name__}: {exc})", FETCH_FAILED) from None


def read(url: str, **options) -> Iterator[Article]:
    """One article from a page URL, or the entries of a feed URL."""
    from . import feed, html

    body, ctype, final = fetch(url, max_bytes=options.get("max_bytes") or MAX_BYTES,
                               timeout=options.get("timeout") or TIMEOUT)
    if ctype.startswith(FEED_TYPES) or (not ctype and body.lstrip()[:200].lower().startswith((b"<?xml", b"<rss"))):
        yield from feed.parse(body, url, **options)
        return
    yield html.parse(body, url, "url-" + short_hash(final), url=final)
