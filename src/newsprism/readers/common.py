"""Shared reader helpers: bounded reading (with .gz), decoding, binary sniffing, article ids."""

from __future__ import annotations

import gzip
import hashlib
import os
import signal
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..errors import (
    BAD_ENCODING,
    BINARY,
    BROKEN_INPUT,
    EMPTY,
    MIXED_ENCODING,
    TOO_LARGE,
    TOO_SLOW,
    InputError,
    InputWarning,
)

# Budgets (defaults; each is a reader option and a CLI option, see docs/ingest.md "Budgets").
MAX_BYTES = 50 * 1024 * 1024  # max_bytes: one single-article file (decompressed)
MAX_RECORDS_FILE_BYTES = 512 * 1024 * 1024  # max_bytes for record files (.jsonl/.csv are streamed)
MAX_RECORD_BYTES = 5 * 1024 * 1024  # max_record_bytes: one JSONL line, CSV row/field or WARC record
MAX_PAGE_BYTES = 5 * 1024 * 1024  # max_page_bytes: one HTML page (file, URL, WARC record, feed link)
MAX_ARTICLE_CHARS = 300_000  # max_article_chars: longer article texts are cut (about 50,000 words)
MAX_EXTRACT_SECONDS = 10.0  # max_extract_seconds: HTML main-text extraction of one page
_GZ_MAGIC = b"\x1f\x8b"


def stem(path: str) -> str:
    """Article id of a single-article file: its name without .gz and the format extension."""
    base = os.path.basename(path.rstrip("/"))
    if base.lower().endswith(".gz"):
        base = base[:-3]
    return os.path.splitext(base)[0] or base


def strip_gz(name: str) -> str:
    """The name a .gz file has once decompressed (used to pick the reader)."""
    return name[:-3] if name.lower().endswith(".gz") else name


def read_bytes(path: str, limit: int = MAX_BYTES) -> bytes:
    """File bytes, gunzipped when gzip-compressed; at most `limit` bytes or InputError."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(2)
            fh.seek(0)
            if head == _GZ_MAGIC:
                return _gunzip(fh, path, limit)
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(path, f"cannot open: {exc.strerror or exc}", BROKEN_INPUT) from None
    if len(data) > limit:
        raise InputError(path, f"larger than {limit // (1024 * 1024)} MB", TOO_LARGE,
                         "split it, or raise the max_bytes option")
    return data


def _gunzip(fh, path: str, limit: int) -> bytes:
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=fh) as gz:
            while chunk := gz.read(1 << 20):
                out += chunk
                if len(out) > limit:
                    raise InputError(path, f"decompresses to more than {limit // (1024 * 1024)} MB", TOO_LARGE)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(path, f"broken gzip data ({exc})", BROKEN_INPUT, "the file is truncated or corrupt") from None
    return bytes(out)


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or many control characters in the first 4 KB."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and ctrl / len(head) > 0.05


def decode_text(data: bytes, source: str, declared: str | None = None,
                warn: Callable[[InputError], None] | None = None) -> str:
    """Text of `data`: BOM/declared/UTF-8 first, then charset detection; InputError for binary or undecodable.

    A file that is mostly UTF-8 with some lines in another encoding (pasted from elsewhere) is decoded
    line by line, with one warning to `warn`: detection over the whole file would garble the UTF-8 part.
    """
    if not data.strip():
        raise InputError(source, "empty input", EMPTY)
    if looks_binary(data):
        raise InputError(source, "binary data, not text", BINARY, "expected a text, HTML, JSON or CSV file")
    for enc in filter(None, ("utf-8-sig", declared)):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    dec = LineDecoder(source)
    lines = [dec(line) for line in data.splitlines(keepends=True)]
    if dec.mixed:
        if warn is not None:
            warn(dec.warning())
        return "".join(lines)
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1 << 20]).best()
    if best is None or best.encoding is None:
        raise InputError(source, "text in an unknown encoding", BAD_ENCODING, "re-save it as UTF-8")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(source, f"cannot decode as {best.encoding}", BAD_ENCODING, "re-save it as UTF-8") from None


def short_hash(*parts: str) -> str:
    """A stable 12-hex id from strings (URL, title...) for records without an id."""
    h = hashlib.blake2b(digest_size=6)
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


class LineDecoder:
    """Decodes a file line by line: UTF-8, else the encoding guessed for its first non-UTF-8 line.

    `mixed` tells whether the file has both UTF-8 lines with non-ASCII text and lines that are not UTF-8;
    `warning()` is the one line that names the file and says how many lines were re-decoded.
    """

    def __init__(self, source: str):
        self.source, self.lines, self.utf8_non_ascii, self.other = source, 0, 0, 0
        self.fallback: str | None = None
        self.first_other = 0

    def __call__(self, raw: bytes) -> str:
        self.lines += 1
        try:
            text = raw.decode("utf-8-sig" if self.lines == 1 else "utf-8")
            if not raw.isascii():
                self.utf8_non_ascii += 1
            return text
        except UnicodeDecodeError:
            pass
        self.other += 1
        if self.fallback is None:
            self.first_other = self.lines
            self.fallback = _guess(raw)
        return raw.decode(self.fallback, "replace")

    @property
    def mixed(self) -> bool:
        return self.other > 0 and self.utf8_non_ascii > 0

    def warning(self) -> InputWarning:
        return InputWarning(self.source, f"{self.other:,} of {self.lines:,} lines are not UTF-8 (first: line "
                            f"{self.first_other:,}); read them as {self.fallback}", MIXED_ENCODING,
                            "re-save the file as UTF-8 if those lines look wrong")


def _guess(raw: bytes) -> str:
    """The encoding of one non-UTF-8 line: Windows-1252 unless detection on a long line finds another script.

    Detection is a coin toss between the Latin code pages (Spanish came out as Windows-1250);
    Windows-1252 is the usual stray encoding in Western news text.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:65536]).best() if len(raw) >= 200 else None
    enc = best.encoding if best is not None and best.encoding else "cp1252"
    return "cp1252" if enc in _LATIN else enc


# Latin-script code pages that detection confuses with each other on a line of text (Spanish and French
# came out as Windows-1250): Windows-1252 is taken for all of them; other scripts keep the detected one.
_LATIN = {"ascii", "utf_8", "latin_1", "iso8859_1", "cp1252", "iso8859_15", "cp1250", "iso8859_2", "iso8859_3",
          "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16", "cp1254", "cp1257",
          "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp850", "cp437", "cp858"}


def open_stream(path: str):
    """A binary file object, gunzipped on the fly when gzip-compressed; InputError when it cannot be opened."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - the caller closes it
        head = fh.read(2)
        fh.seek(0)
    except OSError as exc:
        raise InputError(path, f"cannot open: {exc.strerror or exc}", BROKEN_INPUT) from None
    return gzip.GzipFile(fileobj=fh) if head == _GZ_MAGIC else fh


def raw_lines(fh, source: str, max_line: int, max_total: int) -> Iterator[tuple[bytes | None, int]]:
    """(line bytes or None when longer than `max_line`, its size) of a stream, in bounded memory.

    Stops with InputError (TOO_LARGE) past `max_total` bytes and with BROKEN_INPUT on broken gzip data;
    the lines before were yielded.
    """
    total = 0
    try:
        while True:
            line = fh.readline(max_line + 1)
            if not line:
                return
            size = len(line)
            if size > max_line and not line.endswith(b"\n"):
                while True:  # drop the rest of the over-long line, chunk by chunk
                    chunk = fh.readline(1 << 20)
                    size += len(chunk)
                    if not chunk or chunk.endswith(b"\n"):
                        break
                line = None
            total += size
            if total > max_total:
                raise InputError(source, f"stopped at the {max_total:,}-byte file budget", TOO_LARGE,
                                 "the records before were read; split the file or raise max_bytes / --max-file-bytes")
            yield line, size
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(source, f"broken gzip data ({exc})", BROKEN_INPUT,
                         "the records before the damage were read") from None


class _OverTime(BaseException):
    """Raised by the timer inside a slow extraction (BaseException: libraries' `except Exception` let it by)."""


@contextmanager
def time_limit(seconds: float | None, source: str, what: str = "extraction", reason: str = TOO_SLOW,
               hint: str = "skipped; raise max_extract_seconds / --max-extract-seconds"):
    """InputError (TOO_SLOW) when the block runs longer than `seconds`.

    Uses SIGALRM, so it applies in the main thread only (elsewhere the block runs unbounded); a long
    call inside C code (one lxml parse) is stopped when it returns to Python.
    """
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer") or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def alarm(signum, frame):
        raise _OverTime

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OverTime:
        raise InputError(source, f"{what} took more than {seconds:g} s", reason, hint) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
