"""Hostile fetching: slow servers meet an overall deadline, bad URLs and redirects are one line each,
private/loopback addresses are refused unless allowed (hops and feed links included)."""

from __future__ import annotations

import http.server
import threading
import time

import pytest
from test_readers_files import PAGE

from newsprism import pipeline, readers
from newsprism.errors import InputError
from newsprism.readers import url as url_reader

HITS: list[str] = []
HOSTS: list[str] = []


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):  # noqa: N802 - http.server API
        HITS.append(self.path)
        HOSTS.append(self.headers.get("Host", ""))
        if self.path == "/trickle-head":  # headers one byte at a time
            for b in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" * 20:
                self.wfile.write(bytes([b]))
                self.wfile.flush()
                time.sleep(0.05)
            return
        if self.path == "/trickle-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b"<p>x</p>")
                self.wfile.flush()
                time.sleep(0.05)
            return
        targets = {"/to-data": "data:text/html,<p>hello</p>", "/to-bad": "http://[zz]/",
                   "/to-local": f"http://127.0.0.1:{self.server.server_address[1]}/page",
                   "/to-file": "file:///etc/passwd"}
        if self.path in targets:
            self.send_response(302)
            self.send_header("Location", targets[self.path])
            self.end_headers()
            return
        body = PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


@pytest.mark.parametrize("path", ["/trickle-head", "/trickle-body"])
def test_readers_fetch_overall_deadline(server, path):
    t = time.monotonic()
    with pytest.raises(InputError) as info:
        list(readers.read(server + path, allow_private=True, deadline=1.0))
    assert time.monotonic() - t < 3
    assert info.value.reason == "fetch-failed" and "1 s" in str(info.value)


@pytest.mark.parametrize("path", ["/to-data", "/to-bad", "/to-file"])
def test_readers_fetch_bad_redirects_one_line_and_run_goes_on(server, path, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Ferry title\n\nThe Varnholm ferry sailed on time today, officials said.")
    problems = pipeline.Problems()
    arts = list(pipeline.read_all([server + path, "http://[zz]/", str(good)], problems, allow_private=True))
    assert [a.title for a in arts] == ["Ferry title"]
    assert len(problems.lines) == 2 and server + path in problems.lines[0] and "[zz]" in problems.lines[1]


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest",
                                 "http://10.1.2.3/", "http://localhost/", "http://[::ffff:127.0.0.1]/"])
def test_readers_fetch_private_addresses_refused(url):
    with pytest.raises(InputError) as info:
        url_reader.check_host(url)
    assert "refused" in str(info.value) and "--allow-private" in str(info.value)


def test_readers_fetch_loopback_refused_by_default(server):
    HITS.clear()
    with pytest.raises(InputError) as info:
        list(readers.read(server + "/page"))
    assert "refused" in str(info.value) and HITS == []


def test_readers_fetch_redirect_to_loopback_refused(server, monkeypatch):
    real, seen = url_reader.check_host, []

    def first_hop_public(url, allow_private=False):  # the test server stands for a public site
        seen.append(url)
        if len(seen) > 1:
            real(url, allow_private)

    monkeypatch.setattr(url_reader, "check_host", first_hop_public)
    HITS.clear()
    with pytest.raises(InputError) as info:
        list(readers.read(server + "/to-local"))
    assert "redirect to" in str(info.value) and "127.0.0.1" in str(info.value) and HITS == ["/to-local"]


def test_readers_fetch_feed_link_to_loopback_not_fetched(server, tmp_path):
    feed = tmp_path / "f.rss"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Isle</title>
<item><title>Short</title><link>{server}/page</link><description>Two words.</description></item>
</channel></rss>""")
    HITS.clear()
    errs = []
    arts = list(readers.read(str(feed), on_error=errs.append, fetch=True))
    assert arts == [] and len(errs) == 1 and "refused" in str(errs[0]) and HITS == []


def test_readers_fetch_goes_to_the_checked_address(server, monkeypatch):
    """The request is sent to the address that was checked (no second DNS lookup to rebind), Host kept."""
    port = server.rsplit(":", 1)[1]
    real = url_reader.socket.getaddrinfo

    asked = []

    def resolve(host, *a, **kw):
        if host == "paper.invalid":  # first answer: the test server; any later lookup fails (rebinding)
            asked.append(host)
            if len(asked) > 1:
                raise url_reader.socket.gaierror("a second lookup gives another answer")
            return [(2, 1, 6, "", ("127.0.0.1", 0))]
        return real(host, *a, **kw)

    monkeypatch.setattr(url_reader.socket, "getaddrinfo", resolve)
    HOSTS.clear()
    (a,) = list(readers.read(f"http://paper.invalid:{port}/page", allow_private=True))
    assert HOSTS == [f"paper.invalid:{port}"] and a.url == f"http://paper.invalid:{port}/page"
    asked.clear()
    with pytest.raises(InputError) as info:
        list(readers.read(f"http://paper.invalid:{port}/page"))
    assert "refused" in str(info.value)
