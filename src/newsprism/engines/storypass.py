"""Stories for the engines: the one stream Clusterer (stories.py) run over the articles in input order.

Copy detection is parallel (blocking.py), but a story is decided by comparing an article with the
stories open when it arrives (centroid guard, outlet and time rules), which is sequential by nature.
So the driver replays the articles Parquet in input order (shard order, then row order within a shard)
in the clustering units `newsprism add` / `newsprism cluster` use (every stories.UNIT articles, across
inputs, whatever their commit batch),
and labels each article with the Clusterer's story id: the same stories, with the same ids, as the
store gives for the same input in the same order.  Memory is one batch of texts plus the
Clusterer's active set; time is the Clusterer's (a few seconds per 1,000 articles).
"""

from __future__ import annotations

import os

import pyarrow as pa
import pyarrow.parquet as pq

from .. import stories
from ..model import Article
from .output import article_files

COLUMNS = ["id", "title", "lead", "text", "date", "outlet", "shard", "seq", "problem"]


def _order(out: str, shards: list[str]) -> list[tuple[int, int, str, int]]:
    """(shard index, seq, file, row) of every good row, in input order."""
    rank = {s: i for i, s in enumerate(shards)}
    keys = []
    for f in article_files(out):
        t = pq.read_table(f, columns=["shard", "seq", "problem"])
        for r, (sh, seq, prob) in enumerate(zip(*(t.column(c).to_pylist() for c in ("shard", "seq", "problem")),
                                                 strict=True)):
            if not prob:
                keys.append((rank.get(sh, len(rank)), seq, f, r))
    keys.sort()
    return keys


def _articles(keys: list, cache: dict) -> list[Article]:
    arts = []
    for _, _, f, r in keys:
        if f not in cache:
            cache.clear()  # rows come file by file for the local engine: one file in memory
            cache[f] = pq.read_table(f, columns=COLUMNS[:6]).to_pylist()
        row = cache[f][r]
        arts.append(Article(id=row["id"], title=row["title"] or "", lead=row["lead"] or "", text=row["text"] or "",
                            date=row["date"] or "", outlet=row["outlet"] or ""))
    return arts


def assign_stories(out: str, shards: list[str], batch: int = stories.UNIT, **cluster_params) -> dict[str, str]:
    """Article id -> story id for the good rows of OUT/articles, clustered as `newsprism add` would."""
    keys = _order(out, shards)
    c = stories.Clusterer(**cluster_params)
    label: dict[str, str] = {}
    cache: dict = {}
    pending: list = []
    for k, key in enumerate(keys):
        pending.append(key)
        if len(pending) >= batch or k + 1 == len(keys):
            arts = _articles(pending, cache)
            label.update(zip([a.id for a in arts], c.add(arts), strict=True))
            pending = []
    return label


def drop_text(out: str) -> None:
    """Blank the text column of every articles file (the run was asked not to keep texts)."""
    for f in article_files(out):
        t = pq.read_table(f)
        i = t.schema.get_field_index("text")
        t = t.set_column(i, "text", pa.nulls(t.num_rows, pa.string()))
        tmp = f + ".tmp"
        pq.write_table(t, tmp)
        os.replace(tmp, f)


def relabel(out: str, label: dict[str, str]) -> dict:
    """Write the story pass's labels into OUT/assignments.parquet; return the story counts."""
    path = os.path.join(out, "assignments.parquet")
    t = pq.read_table(path)
    ids = t.column("id").to_pylist()
    story = [label.get(i, "s-" + i) for i in ids]
    t = t.set_column(t.schema.get_field_index("story"), "story", pa.array(story, pa.string()))
    pq.write_table(t, path)
    sizes: dict[str, int] = {}
    for s in story:
        sizes[s] = sizes.get(s, 0) + 1
    return {"stories": len(sizes), "multi_article_stories": sum(1 for v in sizes.values() if v > 1)}


def finish(out: str, shards: list[str], keep_text: bool, counts: dict) -> dict:
    """Story pass over the run's articles, labels written, texts dropped when not kept; updated counts."""
    counts = {**counts, **relabel(out, assign_stories(out, shards))}
    if not keep_text:
        drop_text(out)
    return counts
