"""Shared reader helpers: bounded reading (with .gz), decoding, binary sniffing, article ids."""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib

from ..errors import BAD_ENCODING, BINARY, BROKEN_INPUT, EMPTY, TOO_LARGE, InputError

MAX_BYTES = 50 * 1024 * 1024  # per single-article file or decompressed record file
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


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """Text of `data`: BOM/declared/UTF-8 first, then charset detection; InputError for binary or undecodable."""
    if not data.strip():
        raise InputError(source, "empty input", EMPTY)
    if looks_binary(data):
        raise InputError(source, "binary data, not text", BINARY, "expected a text, HTML, JSON or CSV file")
    for enc in filter(None, ("utf-8-sig", declared)):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
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
