"""http(s) URLs fetched politely with httpx: timeouts and an overall deadline, size and redirect limits,
content-type check, and no requests to private, loopback or link-local addresses unless allowed.

Feeds and pages are untrusted: a redirect or a feed link could point newsprism at an internal service.
Every hop's host is resolved, each address checked, and the request sent to the checked address
(`allow_private=True`, the CLI's `--allow-private`, lifts the check); only http(s) redirects are
followed, one hop at a time.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..errors import FETCH_FAILED, TOO_LARGE, UNKNOWN_FORMAT, InputError
from ..model import Article
from .common import MAX_PAGE_BYTES, short_hash, time_limit

USER_AGENT = "newsprism/0.1 (+https://github.com/newsprism; news brief research tool)"
MAX_BYTES = MAX_PAGE_BYTES
MAX_REDIRECTS = 5
TIMEOUT = 15.0  # per connect / read
DEADLINE = 60.0  # per URL, redirects and body included
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "application/feed+json")
_PRIVATE = "refused: {host} resolves to {ip}, a private, loopback or link-local address"


def is_url(source: str) -> bool:
    return "://" in source[:12] or source.lower().startswith(("http:", "https:"))


def check_scheme(url: str) -> None:
    """Only http and https with a host; file://, ftp://, data: and the rest are refused."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise InputError(url, f"invalid URL ({exc})", UNKNOWN_FORMAT) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise InputError(url, f"unsupported URL scheme {parts.scheme or '(none)'!r}", UNKNOWN_FORMAT,
                         "only http:// and https:// URLs are fetched")


def check_host(url: str, allow_private: bool = False) -> str:
    """The address to connect to for the URL's host; InputError when it does not resolve, or resolves
    to a non-public address (any of its addresses)."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise InputError(url, f"cannot resolve {host!r} ({exc})", FETCH_FAILED) from None
    if allow_private:
        return infos[0][4][0]
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast:
            raise InputError(url, _PRIVATE.format(host=host, ip=ip), FETCH_FAILED,
                             "pass allow_private=True / --allow-private to fetch it")
    return infos[0][4][0]


def pinned(url: str, ip: str | None) -> tuple[str, dict, dict]:
    """(URL with the checked address as host, headers, extensions) so that the request goes where the
    check looked: a second DNS answer (rebinding) cannot send it elsewhere. TLS still checks the name."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not ip or host.strip("[]") == ip:
        return url, {}, {}
    netloc = (f"[{ip}]" if ":" in ip else ip) + (f":{parts.port}" if parts.port else "")
    target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    ext = {"sni_hostname": host} if parts.scheme.lower() == "https" else {}
    return target, {"Host": parts.netloc.rsplit("@", 1)[-1]}, ext


def fetch(url: str, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT, max_redirects: int = MAX_REDIRECTS,
          accept: tuple[str, ...] = HTML_TYPES + FEED_TYPES, deadline: float = DEADLINE,
          allow_private: bool = False) -> tuple[bytes, str, str]:
    """(body, content type, final URL); InputError for any failure, never a partial body.

    `deadline` bounds the whole fetch (a server trickling bytes passes every per-read timeout); it
    relies on SIGALRM, so outside the main thread only the per-read `timeout` applies.
    """
    with time_limit(deadline, url, "fetching", FETCH_FAILED, "skipped; raise deadline / --fetch-deadline"):
        return _fetch(url, max_bytes, timeout, max_redirects, accept, deadline, allow_private)


def _fetch(url, max_bytes, timeout, max_redirects, accept, deadline, allow_private) -> tuple[bytes, str, str]:
    import httpx

    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"}
    end = time.monotonic() + deadline
    here = url
    try:
        with httpx.Client(follow_redirects=False, timeout=timeout, headers=headers) as client:
            for _ in range(max_redirects + 1):
                check_scheme(here)
                target, head, ext = pinned(here, check_host(here, allow_private))
                with client.stream("GET", target, headers=head, extensions=ext) as resp:
                    if resp.is_redirect:
                        loc = resp.headers.get("location", "")
                        if not loc:
                            raise InputError(url, f"HTTP {resp.status_code} redirect without a Location", FETCH_FAILED)
                        try:
                            here = urljoin(here, loc)
                        except ValueError as exc:
                            raise InputError(url, f"bad redirect target ({exc})", FETCH_FAILED) from None
                        continue
                    return _body(url, resp, here, max_bytes, accept, end, deadline)
        raise InputError(url, f"more than {max_redirects} redirects", FETCH_FAILED)
    except InputError as err:
        if err.source != url:  # a redirect target was refused: name the URL the user gave
            raise InputError(url, f"redirect to {err.source}: {err.problem}", err.reason, err.hint) from None
        raise
    except httpx.TimeoutException:
        raise InputError(url, f"timed out after {timeout:g} s without data", FETCH_FAILED) from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.CookieConflict, ValueError, UnicodeError, OSError) as exc:
        raise InputError(url, f"fetch failed ({type(exc).__name__}: {exc})", FETCH_FAILED) from None


def _body(url, resp, final, max_bytes, accept, end, deadline) -> tuple[bytes, str, str]:
    if resp.status_code >= 400:
        raise InputError(url, f"HTTP {resp.status_code}", FETCH_FAILED)
    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and not ctype.startswith(accept):
        raise InputError(url, f"content type {ctype!r} is not a page or feed", UNKNOWN_FORMAT)
    declared = resp.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputError(url, f"page larger than {max_bytes} bytes", TOO_LARGE,
                         "skipped; raise max_page_bytes / --max-page-bytes to read it")
    body = bytearray()
    for chunk in resp.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise InputError(url, f"page larger than {max_bytes} bytes", TOO_LARGE,
                             "skipped; raise max_page_bytes / --max-page-bytes to read it")
        if time.monotonic() > end:  # also checked here for threads, where the alarm cannot fire
            raise InputError(url, f"not fetched within the {deadline:g} s deadline", FETCH_FAILED,
                             "raise deadline / --fetch-deadline")
    return bytes(body), ctype, final


def fetch_options(options: dict) -> dict:
    """The fetch settings among reader options."""
    page, whole = options.get("max_page_bytes"), options.get("max_bytes")
    return {"max_bytes": min(x for x in (page, whole) if x) if page or whole else MAX_BYTES,
            "timeout": options.get("timeout") or TIMEOUT, "deadline": options.get("deadline") or DEADLINE,
            "allow_private": bool(options.get("allow_private"))}


def read(url: str, **options) -> Iterator[Article]:
    """One article from a page URL, or the entries of a feed URL."""
    from . import feed, html

    body, ctype, final = fetch(url, **fetch_options(options))
    if ctype.startswith(FEED_TYPES) or (not ctype and body.lstrip()[:200].lower().startswith((b"<?xml", b"<rss"))):
        yield from feed.parse(body, url, **options)
        return
    yield html.parse(body, url, "url-" + short_hash(final), url=final, **html.page_options(options),
                     on_error=options.get("on_error"))
