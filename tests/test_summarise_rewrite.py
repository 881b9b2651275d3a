"""Abstractive rewrite against a small local server that speaks the OpenAI chat-completions protocol."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from newsprism import rewrite
from newsprism.errors import ConfigError
from newsprism.model import Citation, SummarySentence

SUMMARY = [
    SummarySentence("The Orlen dam was opened on Tuesday after heavy rain.",
                    [Citation("a", ["a:s1"], "Lantern"), Citation("b", ["b:s0"], "Courier")]),
    SummarySentence("Trains on the coastal line were cancelled.", [Citation("c", ["c:s1"], "Signal")]),
]


class _Handler(BaseHTTPRequestHandler):
    answer = "[]"
    seen: list = []

    def do_POST(self):  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append((self.path, body))
        out = json.dumps({"choices": [{"message": {"role": "assistant", "content": type(self).answer}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    srv = HTTPServer(("127.0.0.1", 0), _Handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    _Handler.seen = []
    yield f"http://127.0.0.1:{srv.server_port}/v1"
    srv.shutdown()
    srv.server_close()


def test_summarise_rewrite_keeps_citations_of_named_sources(server):
    _Handler.answer = json.dumps([{"text": "Heavy rain led officials to open the Orlen dam, and coastal trains "
                                           "were cancelled.", "sources": [1, 2]}])
    out = rewrite.rewrite(SUMMARY, server, "tiny-model")
    assert len(out) == 1
    assert {c.article_id: c.sentence_ids for c in out[0].citations} == {"a": ["a:s1"], "b": ["b:s0"],
                                                                       "c": ["c:s1"]}
    path, body = _Handler.seen[-1]
    assert path == "/v1/chat/completions" and body["model"] == "tiny-model"
    assert "1. The Orlen dam" in body["messages"][0]["content"]


@pytest.mark.parametrize("answer", [
    "Sure! Here is a summary without JSON.",
    json.dumps([{"text": "An invented claim.", "sources": []}]),
    json.dumps([{"text": "A claim from nowhere.", "sources": [3]}]),
])
def test_summarise_rewrite_rejects_uncited_or_malformed_answers(server, answer):
    _Handler.answer = answer
    with pytest.raises(ConfigError):
        rewrite.rewrite(SUMMARY, server, "tiny-model")


def test_summarise_rewrite_is_off_without_configuration():
    with pytest.raises(ConfigError):
        rewrite.rewrite(SUMMARY, "", "")
