"""URL, feed and WARC readers: a local HTTP server on 127.0.0.1 and WARC files the test writes."""

from __future__ import annotations

import gzip
import http.server
import io
import threading

import pytest
from test_readers_files import PAGE

from newsprism import readers
from newsprism.errors import InputError
from newsprism.readers import url as url_reader

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Island Daily</title>
<item><title>Pier reopens</title><link>http://127.0.0.1/pier</link><guid>g1</guid>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The harbour pier reopened on Monday after repairs.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>http://127.0.0.1/x</link></item></channel></rss>"""


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):  # keep test output quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server API
        routes = {"/page": (200, "text/html; charset=utf-8", PAGE.encode()),
                  "/feed": (200, "application/rss+xml", FEED.encode()),
                  "/img": (200, "image/png", b"\x89PNG" + b"\x00" * 100),
                  "/big": (200, "text/html", b"<html>" + b"x" * 300_000),
                  "/missing": (404, "text/html", b"no")}
        if self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/ua":
            body = self.headers.get("User-Agent", "").encode()
            routes["/ua"] = (200, "text/html", b"<html><body><p>" + body + b"</p></body></html>")
        code, ctype, body = routes.get(self.path, (404, "text/plain", b""))
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_readers_url_page(server):
    (a,) = list(readers.read(server + "/page", allow_private=True))
    assert a.url.endswith("/page") and "first ferry docked" in a.text and a.outlet == "Island Daily"


def test_readers_url_polite_user_agent(server):
    body, _, _ = url_reader.fetch(server + "/ua", allow_private=True)
    assert b"newsprism" in body


@pytest.mark.parametrize("path,reason", [("/img", "unknown-format"), ("/missing", "fetch-failed"),
                                         ("/loop", "fetch-failed"), ("/big", "too-large")])
def test_readers_url_refusals(server, path, reason):
    with pytest.raises(InputError) as info:
        list(readers.read(server + path, max_bytes=200_000, allow_private=True))
    assert info.value.reason == reason


@pytest.mark.parametrize("bad", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://h/"])
def test_readers_url_non_http_schemes_refused(bad):
    with pytest.raises(InputError) as info:
        list(readers.read(bad))
    assert "scheme" in str(info.value)


def test_readers_feed_url_entries_and_empty_entry_reported(server):
    errors = []
    arts = list(readers.read(server + "/feed", on_error=errors.append, allow_private=True))
    assert [a.title for a in arts] == ["Pier reopens"] and a_date(arts[0]) == "2024-03-05"
    assert arts[0].outlet == "Island Daily" and "reopened on Monday" in arts[0].text
    assert len(errors) == 1 and "without text" in str(errors[0])


def a_date(a):
    return a.date[:10]


def warc_bytes(records: list[tuple[str, str, bytes]]) -> bytes:
    """A WARC of response records (uri, content type, body) in the CC-News layout."""
    out = io.BytesIO()
    for uri, ctype, body in records:
        http_part = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\n"
                f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032d}>\r\nContent-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http_part)}\r\n\r\n").encode()
        out.write(head + http_part + b"\r\n\r\n")
    return out.getvalue()


def test_readers_warc_html_responses_only(tmp_path):
    data = warc_bytes([("http://a.test/1", "text/html", PAGE.encode()), ("http://a.test/i.png", "image/png", b"PNG"),
                       ("http://a.test/2", "text/html", b"<html><body></body></html>")])
    for name, blob in (("c.warc", data), ("c.warc.gz", gzip.compress(data))):
        p = tmp_path / name
        p.write_bytes(blob)
        errs = []
        arts = list(readers.read(str(p), on_error=errs.append))
        assert [a.url for a in arts] == ["http://a.test/1"] and arts[0].date.startswith("2024-03-05")
        assert len(errs) == 1 and "a.test/2" in str(errs[0])


def test_readers_truncated_warc_gz_one_error(tmp_path):
    data = gzip.compress(warc_bytes([("http://a.test/1", "text/html", PAGE.encode())] * 3))
    p = tmp_path / "t.warc.gz"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError):
        list(readers.read(str(p)))
