"""Fuzz the readers: hostile bytes under every extension give articles or exactly one InputError, never a crash."""

from __future__ import annotations

import gzip
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism import readers
from newsprism.errors import InputError

EXTS = [".txt", ".html", ".htm", ".jsonl", ".json", ".csv", ".xml", ".rss", ".warc", ".warc.gz", ".html.gz", ""]
SEEDS = [
    b"<html><body><p>" + b"Word " * 80 + b"</p></body></html>",
    b'{"title": "T", "text": "Body text."}\n{"title": 2',
    b"title,text\nA,Body\n\"unterminated",
    b"<?xml version='1.0'?><rss><channel><item><title>x</title>",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n",
    "Titre\n\nCaf\xe9 cr\xe8me".encode("latin-1"),
    "\ufeffT\n\nB".encode("utf-16"),
]
TRIED = {"n": 0}


def mutate(data: bytes, cut: int, junk: bytes, gz: bool) -> bytes:
    out = data[: cut % (len(data) + 1)] + junk
    if gz:
        z = gzip.compress(out)
        out = z[: max(1, len(z) - cut % 16)]  # often truncated
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS + [b""]), cut=st.integers(0, 400), junk=st.binary(max_size=64),
       gz=st.booleans(), ext=st.sampled_from(EXTS), huge=st.integers(0, 20))
def test_fuzz_readers_one_error_or_articles(seed, cut, junk, gz, ext, huge):
    data = mutate(seed, cut, junk, gz)
    if huge == 0:
        data = data + b"<p>" + b"x" * 3_000_000  # a large input, over the max_bytes given below
    TRIED["n"] += 1
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "in" + ext)
        with open(path, "wb") as fh:
            fh.write(data)
        errors = []
        try:
            arts = list(readers.read(path, on_error=errors.append, max_bytes=2_000_000))
        except InputError as err:
            errors.append(err)
            arts = []
        for a in arts:
            assert isinstance(a.text, str) and a.text.strip()
        for e in errors:
            assert isinstance(e, InputError) and str(e).startswith((path, os.path.abspath(path)))
        if not arts:
            assert len(errors) >= 1  # nothing read: at least the one error saying why
        if not data.strip():
            assert len(errors) == 1


def test_fuzz_readers_report_count():
    """Runs after the fuzz test in file order; prints how many inputs were tried (pytest -s)."""
    print(f"fuzz inputs tried: {TRIED['n']}")
