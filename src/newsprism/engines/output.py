"""Run directory layout and the final write both engines share: assignments.parquet and run.json.

    OUT/articles/*.parquet     one row per article (or skipped input), ARTICLES_SCHEMA
    OUT/assignments.parquet    id, story, copy_group (the merged result of blocking)
    OUT/run.json               engine, counts, timings, skipped inputs by reason
"""

from __future__ import annotations

import json
import os
from collections import Counter

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

ASSIGN_SCHEMA = pa.schema([("id", pa.string()), ("story", pa.string()), ("copy_group", pa.string())])


def articles_dir(out: str) -> str:
    return os.path.join(out, "articles")


def scan(out: str, columns: list[str], batch_size: int = 10_000):
    """Record batches of the good article rows (problem == "") with the given columns."""
    dataset = pads.dataset(articles_dir(out), format="parquet")
    flt = pads.field("problem") == ""
    yield from dataset.to_batches(columns=columns, filter=flt, batch_size=batch_size)


def article_files(out: str) -> list[str]:
    """The Parquet files of OUT/articles, sorted."""
    d = articles_dir(out)
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".parquet"))


def scan_file(path: str, columns: list[str], batch_size: int = 10_000):
    """Record batches of one articles file's good rows (problem == "") with the given columns."""
    dataset = pads.dataset(path, format="parquet")
    yield from dataset.to_batches(columns=columns, filter=pads.field("problem") == "", batch_size=batch_size)


def problems(out: str) -> tuple[Counter, list[str]]:
    """Skipped inputs: count by reason, and the first 100 messages."""
    dataset = pads.dataset(articles_dir(out), format="parquet")
    reasons, lines = Counter(), []
    for b in dataset.to_batches(columns=["problem", "reason"], filter=pads.field("problem") != ""):
        for p, r in zip(b.column("problem").to_pylist(), b.column("reason").to_pylist(), strict=True):
            reasons[r] += 1
            if len(lines) < 100:
                lines.append(p)
    return reasons, lines


def write_run(out: str, info: dict) -> dict:
    reasons, lines = problems(out)
    info = dict(info, skipped=dict(reasons), skipped_examples=lines[:20])
    with open(os.path.join(out, "run.json"), "w", encoding="utf-8") as fh:
        json.dump(info, fh, indent=2)
    return info


def read_assignments(out: str) -> dict[str, tuple[str, str]]:
    """id -> (story, copy_group), for tests and small runs."""
    t = pq.read_table(os.path.join(out, "assignments.parquet"))
    return {i: (s, c) for i, s, c in zip(t.column("id").to_pylist(), t.column("story").to_pylist(),
                                         t.column("copy_group").to_pylist(), strict=True)}
