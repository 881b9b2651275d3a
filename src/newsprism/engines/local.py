"""Local engine: a process pool over shards, then over time-window blocks spilled to Parquet.

Memory stays flat in N: a worker holds one batch of one shard; blocking spills (block, row) to a
hive-partitioned Parquet directory and a worker then loads one block at a time; the driver keeps only
document frequencies and the union-find of linked ids.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from . import fingerprint as fp
from .blocking import BLOCK_COLUMNS, Merge, block_edges, with_blocks
from .output import articles_dir, scan, write_assignments, write_run
from .stages import ARTICLES_SCHEMA, shard_batches


def _shard_task(args) -> tuple[int, np.ndarray, np.ndarray]:
    index, shard, out, batch_size, options = args
    path = os.path.join(articles_dir(out), f"part-{index:06d}.parquet")
    df_w = np.zeros(fp.N_FEATURES, np.int32)
    df_e = np.zeros(fp.N_FEATURES, np.int32)
    n = 0
    with pq.ParquetWriter(path, ARTICLES_SCHEMA) as w:
        for batch in shard_batches(shard, batch_size=batch_size, **options):
            w.write_batch(batch)
            good = [i for i, p in enumerate(batch.column("problem").to_pylist()) if not p]
            n += len(good)
            t = batch.take(pa.array(good, pa.int64()))
            a, b = fp.document_frequencies(t.column("w_idx").to_pylist(), t.column("e_idx").to_pylist())
            df_w += a
            df_e += b
    return n, df_w, df_e


_G: dict = {}


def _init_blocks(df_w: np.ndarray, df_e: np.ndarray, n_docs: int, window: int) -> None:
    _G.update(df_w=df_w, df_e=df_e, n=n_docs, window=window)


def _block_task(path: str) -> list:
    rows = pq.read_table(path).to_pylist()
    return block_edges(rows, _G["df_w"], _G["df_e"], _G["n"], _G["window"])


def run(shards: list[str], out: str, workers: int | None = None, batch_size: int = 1000,
        window: int = fp.WINDOW_DAYS, **options) -> dict:
    """Per-article stages over shards, then blocked copy detection + story clustering; returns run info."""
    workers = workers or os.cpu_count() or 1
    t0 = time.perf_counter()
    shutil.rmtree(articles_dir(out), ignore_errors=True)
    os.makedirs(articles_dir(out))
    ctx = mp.get_context("fork")
    df_w = np.zeros(fp.N_FEATURES, np.int32)
    df_e = np.zeros(fp.N_FEATURES, np.int32)
    n_docs = 0
    with ProcessPoolExecutor(workers, mp_context=ctx) as ex:
        tasks = [(i, s, out, batch_size, options) for i, s in enumerate(shards)]
        for n, a, b in ex.map(_shard_task, tasks):
            n_docs += n
            df_w += a
            df_e += b
    t1 = time.perf_counter()

    spill = os.path.join(out, "_blocks")
    shutil.rmtree(spill, ignore_errors=True)
    batches = (with_blocks(b, window) for b in scan(out, BLOCK_COLUMNS))
    first = next(batches, None)
    merge = Merge()
    if first is not None:
        def all_batches():
            yield first
            yield from batches
        pads.write_dataset(all_batches(), spill, schema=first.schema, format="parquet",
                           partitioning=pads.partitioning(pa.schema([("block", pa.int32())]), flavor="hive"),
                           max_partitions=1 << 20, existing_data_behavior="overwrite_or_ignore")
        dirs = sorted(os.path.join(spill, d) for d in os.listdir(spill))
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_blocks,
                                 initargs=(df_w, df_e, n_docs, window)) as ex:
            for edges in ex.map(_block_task, dirs):
                for edge_type, a, b, _kind, _score in edges:
                    merge.add(edge_type, a, b)
    shutil.rmtree(spill, ignore_errors=True)
    t2 = time.perf_counter()
    counts = write_assignments(out, merge)
    t3 = time.perf_counter()
    return write_run(out, {"engine": "local", "workers": workers, "shards": len(shards), **counts,
                           "window_days": window,
                           "timings_s": {"articles": round(t1 - t0, 2), "blocking": round(t2 - t1, 2),
                                         "assign": round(t3 - t2, 2), "total": round(t3 - t0, 2)}})
