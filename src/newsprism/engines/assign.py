"""Merge the blocks' edges into stories and copy groups block by block, with memory bounded by a block.

Blocks are merged in order.  An article is in edges of its home block and of the next one only
(blocking.with_blocks), so once block k is merged no article with home block <= k-1 gets a new edge.
A component of linked articles is *closed* when every member's last possible block is merged: its
labels (story = smallest id of the story component, copy group = smallest id of the copy component)
can no longer change, so its rows are written to assignments.parquet and its members leave the
union-finds.  Articles in no edge are written as one-article stories once their guest block is merged.
The driver therefore holds the open components (stories still growing near the current block) and
one block's edges and home ids, not a union-find of the whole corpus.  The labels are exactly those
of the whole-corpus union-find (blocking.Merge; tests/test_engines_assign.py checks it).
"""

from __future__ import annotations

import os
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq

from .blocking import UNDATED, UnionFind
from .output import ASSIGN_SCHEMA

EDGE_SCHEMA = pa.schema([("type", pa.string()), ("a", pa.string()), ("b", pa.string()),
                         ("kind", pa.string()), ("score", pa.float64())])


def edges_path(edges_dir: str, block: int) -> str:
    return os.path.join(edges_dir, f"b{block}.parquet")


def write_edges(edges: list, path: str) -> int:
    """One block's edges (type, a, b, kind, score) to a Parquet file; returns how many."""
    cols = list(zip(*edges, strict=True)) if edges else [[] for _ in EDGE_SCHEMA]
    pq.write_table(pa.Table.from_arrays([pa.array(list(c), f.type) for c, f in zip(cols, EDGE_SCHEMA, strict=True)],
                                        schema=EDGE_SCHEMA), path)
    return len(edges)


def home_ids(block_dir: str) -> list[str]:
    """Ids of the rows whose home is this spilled block (each good article is home in exactly one)."""
    ids = []
    for f in sorted(os.listdir(block_dir)):
        if f.endswith(".parquet"):
            t = pq.read_table(os.path.join(block_dir, f), columns=["id", "home"])
            ids += [i for i, h in zip(t.column("id").to_pylist(), t.column("home").to_pylist(), strict=True) if h]
    return ids


class StreamMerge:
    """Union-finds for stories and copies plus one over both edge types that decides when a component closes."""

    def __init__(self, writer: pq.ParquetWriter) -> None:
        self.stories, self.copies, self.linked = UnionFind(), UnionFind(), UnionFind()
        self.members: dict[str, list[str]] = {}  # open component root (in `linked`) -> its ids
        self.last: dict[str, int] = {}  # open component root -> last block that may still link it
        self.writer = writer
        self.counts = Counter()
        self.peak_open = 0

    def add(self, edge_type: str, a: str, b: str, last_block: int) -> None:
        self.counts[edge_type] += 1
        (self.copies if edge_type == "copy" else self.stories).union(a, b)
        ra, rb = self.linked.find(a), self.linked.find(b)
        ma, mb = self.members.pop(ra, [ra]), self.members.pop(rb, [rb]) if rb != ra else []
        la, lb = self.last.pop(ra, last_block), self.last.pop(rb, last_block)
        self.linked.union(a, b)
        root = self.linked.find(a)
        if len(ma) < len(mb):
            ma, mb = mb, ma
        ma.extend(mb)
        self.members[root] = ma
        self.last[root] = max(la, lb, last_block)

    def singletons(self, ids: list[str]) -> None:
        """Write the given home ids that are in no edge as one-article stories."""
        alone = [i for i in ids if i not in self.linked.parent]
        self.counts["articles"] += len(alone)
        self.counts["stories"] += len(alone)
        self._write(alone, ["s-" + i for i in alone], [""] * len(alone))

    def close(self, merged_block: float) -> None:
        """Write and forget every open component no block after `merged_block` can link."""
        self.peak_open = max(self.peak_open, sum(len(m) for m in self.members.values()))
        done = [r for r, last in self.last.items() if last <= merged_block]
        ids, story, copy = [], [], []
        for root in done:
            del self.last[root]
            group = self.members.pop(root)
            s = [self.stories.find(i) for i in group]
            c = [self.copies.find(i) if i in self.copies.parent else "" for i in group]
            sizes = Counter(s)
            self.counts["articles"] += len(group)
            self.counts["stories"] += len(sizes)
            self.counts["multi_article_stories"] += sum(1 for v in sizes.values() if v > 1)
            self.counts["copy_groups"] += len({x for x in c if x})
            ids += group
            story += ["s-" + x for x in s]
            copy += [("c-" + x) if x else "" for x in c]
            for uf in (self.stories, self.copies, self.linked):
                for i in group:
                    uf.parent.pop(i, None)
        self._write(ids, story, copy)

    def _write(self, ids: list[str], story: list[str], copy: list[str]) -> None:
        if ids:
            self.writer.write_batch(pa.RecordBatch.from_arrays(
                [pa.array(ids, pa.string()), pa.array(story, pa.string()), pa.array(copy, pa.string())],
                schema=ASSIGN_SCHEMA))


def merge_blocks(out: str, spill_dir: str, edges_dir: str, blocks) -> dict:
    """Merge the edge files of `blocks` in order into OUT/assignments.parquet; return counts.

    Reads edges_dir/b<k>.parquet (written by the block tasks) and the home ids of spill_dir/b<k>.
    """
    with pq.ParquetWriter(os.path.join(out, "assignments.parquet"), ASSIGN_SCHEMA) as w:
        m = StreamMerge(w)
        pending: list[str] = []  # home ids of the previous dated block, linked or not
        for k in sorted(blocks):
            last = k if k == UNDATED else k + 1  # an undated article is in its block only
            t = pq.read_table(edges_path(edges_dir, k), columns=["type", "a", "b"])
            for typ, a, b in zip(*(t.column(c).to_pylist() for c in ("type", "a", "b")), strict=True):
                m.add(typ, a, b, last)
            home = home_ids(os.path.join(spill_dir, f"b{k}"))
            if k == UNDATED:
                m.singletons(home)
            else:
                m.singletons(pending)  # their guest block (this one) is merged: no edge now means none ever
                pending = home
            m.close(k)
        m.singletons(pending)
        m.close(float("inf"))
    c = m.counts
    return {"articles": c["articles"], "stories": c["stories"], "multi_article_stories": c["multi_article_stories"],
            "copy_groups": c["copy_groups"], "edges": {"copy": c["copy"], "story": c["story"]},
            "merge_peak_open_articles": m.peak_open}
