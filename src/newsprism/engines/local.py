"""Local engine: a process pool over shards, then over time-window blocks spilled to Parquet.

Memory stays flat in N: a worker holds one batch of one shard; then each articles file is spilled by
block to OUT/_blocks/b<block>/ (one finished row group per write, blocking.spill) and a worker loads one
block at a time, kept columnar, writing its edges to OUT/_edges/; the driver keeps only document
frequencies, then merges the edge files block by block (assign.merge_blocks: open components only).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from . import fingerprint as fp
from . import storypass
from .assign import edges_path, merge_blocks, write_edges
from .blocking import BLOCK_COLUMNS, block_edges, read_block, spill
from .output import article_files, articles_dir, scan_file, write_run
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


def _spill_task(args) -> set[int]:
    path, spill_dir, window = args
    tag = os.path.splitext(os.path.basename(path))[0]
    return spill(scan_file(path, BLOCK_COLUMNS), spill_dir, tag, window)


def _block_task(args) -> int:
    block_dir, path = args
    return write_edges(block_edges(read_block(block_dir), _G["df_w"], _G["df_e"], _G["n"], _G["window"], stories_too=False), path)


def link(out: str, df_w: np.ndarray, df_e: np.ndarray, n_docs: int, workers: int,
         window: int = fp.WINDOW_DAYS) -> tuple[str, str, list[int]]:
    """Phase 2: spill each articles file by time-window block, write each block's edges to a file.

    Both steps run in a process pool, one articles file or one block per task.  Returns the spill and
    edge directories and the blocks, for assign.merge_blocks.
    """
    ctx = mp.get_context("fork")
    spill_dir, edges_dir = os.path.join(out, "_blocks"), os.path.join(out, "_edges")
    for d in (spill_dir, edges_dir):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(edges_dir)
    files = article_files(out)
    blocks: set[int] = set()
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_blocks,
                             initargs=(df_w, df_e, n_docs, window)) as ex:
        for touched in ex.map(_spill_task, [(f, spill_dir, window) for f in files]):
            blocks |= touched
        tasks = [(os.path.join(spill_dir, f"b{k}"), edges_path(edges_dir, k)) for k in sorted(blocks)]
        for _ in ex.map(_block_task, tasks):
            pass
    return spill_dir, edges_dir, sorted(blocks)


def run(shards: list[str], out: str, workers: int | None = None, batch_size: int = 1000,
        window: int = fp.WINDOW_DAYS, keep_text: bool = True, **options) -> dict:
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
        tasks = [(i, s, out, batch_size, {**options, "keep_text": True}) for i, s in enumerate(shards)]
        for n, a, b in ex.map(_shard_task, tasks):
            n_docs += n
            df_w += a
            df_e += b
    t1 = time.perf_counter()

    spill_dir, edges_dir, blocks = link(out, df_w, df_e, n_docs, workers, window)
    t2 = time.perf_counter()
    counts = merge_blocks(out, spill_dir, edges_dir, blocks)
    for d in (spill_dir, edges_dir):
        shutil.rmtree(d, ignore_errors=True)
    t3 = time.perf_counter()
    counts = storypass.finish(out, shards, keep_text, counts)
    t4 = time.perf_counter()
    return write_run(out, {"engine": "local", "workers": workers, "shards": len(shards), **counts,
                           "window_days": window,
                           "timings_s": {"articles": round(t1 - t0, 2), "blocking": round(t2 - t1, 2),
                                         "assign": round(t3 - t2, 2), "stories": round(t4 - t3, 2),
                                         "total": round(t4 - t0, 2)}})
