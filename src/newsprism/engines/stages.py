"""Per-shard work shared by both engines: read a shard, prepare and fingerprint each article, yield rows.

A shard is one input (file, URL, s3:// object) and the unit of parallelism.  Rows go out in Arrow
record batches of ARTICLES_SCHEMA; a bad input or article becomes one row with `problem` set (the run
goes on and counts it), so both engines write exactly the same Parquet content.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator

import pyarrow as pa

from .. import readers
from ..errors import BROKEN_INPUT, UNKNOWN_FORMAT, InputError, InputWarning
from ..model import Article
from ..pipeline import prepare_one
from .fingerprint import fingerprints

ARTICLES_SCHEMA = pa.schema([
    ("id", pa.string()), ("title", pa.string()), ("lead", pa.string()), ("seq", pa.int64()), ("outlet", pa.string()), ("date", pa.string()),
    ("day", pa.float64()), ("url", pa.string()), ("source", pa.string()), ("shard", pa.string()),
    ("n_sentences", pa.int32()), ("n_words", pa.int32()), ("minhash", pa.list_(pa.uint32())),
    ("n_shingles", pa.int32()), ("text_hash", pa.string()),
    ("w_idx", pa.list_(pa.int32())), ("w_cnt", pa.list_(pa.float32())),
    ("e_idx", pa.list_(pa.int32())), ("e_cnt", pa.list_(pa.float32())), ("text", pa.string()),
    ("problem", pa.string()), ("reason", pa.string()),
])
REMOTE = ("s3://", "gs://", "gcs://", "http://", "https://")


def list_shards(inputs: list[str]) -> list[str]:
    """Expand inputs into shards: directories to their files, `@list.txt` to one path per line."""
    out: list[str] = []
    for item in inputs:
        if item.startswith("@"):
            with open(item[1:], encoding="utf-8") as fh:
                out.extend(line.strip() for line in fh if line.strip() and not line.startswith("#"))
        elif not item.startswith(REMOTE) and os.path.isdir(item):
            for root, _dirs, files in sorted(os.walk(item)):
                out.extend(os.path.join(root, f) for f in sorted(files) if not f.startswith("."))
        else:
            out.append(item)
    return out


@contextlib.contextmanager
def local_copy(path: str):
    """A local file for a shard: the path itself, or a temporary download of an s3/gs/http(s) object."""
    if not path.startswith(REMOTE):
        yield path
        return
    suffix = "".join(os.path.basename(path.split("?")[0]).partition(".")[1:])
    fd, tmp = tempfile.mkstemp(suffix="." + suffix if suffix else "")
    try:
        with os.fdopen(fd, "wb") as dst:
            if path.startswith(("http://", "https://")):
                import httpx
                with httpx.stream("GET", path, follow_redirects=True, timeout=60) as r:
                    r.raise_for_status()
                    for chunk in r.iter_bytes(1 << 20):
                        dst.write(chunk)
            else:
                from pyarrow import fs
                filesystem, key = fs.FileSystem.from_uri(path)
                with filesystem.open_input_stream(key) as src:
                    shutil.copyfileobj(src, dst, 1 << 20)
        yield tmp
    finally:
        os.unlink(tmp)


def _problem_row(shard: str, source: str, problem: str, reason: str) -> dict:
    row = {f.name: None for f in ARTICLES_SCHEMA}
    row.update(id="", shard=shard, source=source, problem=problem, reason=reason)
    return row


def _read(path: str, **options) -> Iterator[Article | InputError]:
    """readers.read; JSONL shards fall back to _jsonl while the readers package lacks a .jsonl reader."""
    it = readers.read(path, **options)
    try:
        first = next(it)
    except StopIteration:
        return
    except InputError as err:
        if err.reason == UNKNOWN_FORMAT and path.endswith(".jsonl"):
            yield from _jsonl(path)
            return
        raise
    yield first
    yield from it


def _jsonl(path: str) -> Iterator[Article | InputError]:
    """Stop-gap JSONL reader (keys id/title/text/outlet/date/url); a bad line is yielded as its error."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                yield InputError(f"{path}#{n}", f"not JSON ({exc})", BROKEN_INPUT)
                continue
            yield Article(id=str(rec.get("id") or f"{os.path.basename(path)}#{n}"), title=rec.get("title", ""),
                          text=rec.get("text", ""), raw_text=rec.get("text", ""), outlet=rec.get("outlet", ""),
                          date=rec.get("date", ""), url=rec.get("url", ""), source=f"{path}#{n}")


def shard_rows(shard: str, batch_size: int = 1000, keep_text: bool = True, **options) -> Iterator[list[dict]]:
    """Lists of rows of one shard: read, prepare_one (clean + segment), fingerprint; problems as rows."""
    arts, bad = [], []
    seq = [0]  # position of the next good article in the shard (input order, for the story pass)

    def flush():
        rows = fingerprints(arts)
        for a, row in zip(arts, rows, strict=True):
            row.update(shard=shard, lead=a.lead, seq=seq[0], text=a.text if keep_text else None, problem="",
                       reason="")
            seq[0] += 1
        out = rows + bad
        arts.clear()
        bad.clear()
        return out

    try:
        with local_copy(shard) as path:
            def on_error(err: InputError) -> None:  # a bad record inside a multi-record shard
                if isinstance(err, InputWarning):
                    return  # read but changed (cut to a budget, re-decoded): its article row is there
                bad.append(_problem_row(shard, err.source, str(err), err.reason))

            for art in _read(path, on_error=on_error, **options):
                if isinstance(art, InputError):
                    bad.append(_problem_row(shard, art.source, str(art), art.reason))
                    continue
                try:
                    arts.append(prepare_one(art))
                except Exception as exc:  # one bad article never stops a shard; it is counted
                    bad.append(_problem_row(shard, art.source or shard, f"{art.id}: {type(exc).__name__}: {exc}",
                                            "stage-error"))
                if len(arts) + len(bad) >= batch_size:
                    yield flush()
    except InputError as err:
        bad.append(_problem_row(shard, shard, str(err), err.reason))
    except OSError as err:
        bad.append(_problem_row(shard, shard, f"{shard}: {err}", "fetch-failed"))
    if arts or bad:
        yield flush()


def shard_batches(shard: str, batch_size: int = 1000, **options) -> Iterator[pa.RecordBatch]:
    """shard_rows as Arrow record batches of ARTICLES_SCHEMA."""
    for rows in shard_rows(shard, batch_size=batch_size, **options):
        yield pa.RecordBatch.from_pylist(rows, schema=ARTICLES_SCHEMA)
