"""Per-article fingerprint and pair decisions: the adapter between the engines and copies.py/stories.py.

Both engines (local, Ray) call only this module for the logic, and this module only calls the stages'
own functions, so the engines find the same copies and stories as the single-machine code:
  copies.py  - shingles, minhash (signature), text_hash, classify, containment_from_jaccard, and the
               LSH banding (copies.BANDS x copies.ROWS, band_keys);
  stories.py - raw_features (hashed title+lead and entity counts), Clusterer._weigh (TF-IDF with the
               corpus document frequencies), THRESHOLD and WINDOW_DAYS.
Reads Article.id/title/lead/text/date/outlet/url/source/sentences; returns one flat row per article.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .. import copies, stories
from ..model import Article

N_FEATURES = stories.N_FEATURES
NUM_PERM = copies.NUM_PERM
WINDOW_DAYS = int(np.ceil(stories.WINDOW_DAYS))
STORY_THRESHOLD = stories.THRESHOLD
BANDS, ROWS = copies.BANDS, copies.ROWS
HASHRANGES = copies.HASHRANGES


def day_of(date: str) -> float:
    """Days since 1970 (float, as stories.py measures time); -1.0 when unknown."""
    d = stories._parse_date(date)
    return -1.0 if d is None else float(d)


def fingerprints(articles: list[Article]) -> list[dict]:
    """One row per prepared article: metadata, copy signature, hashed story features, day."""
    if not articles:
        return []
    w, e = stories.raw_features(articles)
    rows = []
    for i, a in enumerate(articles):
        sh = copies.shingles(a.text)
        sig = copies.minhash(sh).hashvalues
        wr, er = w.getrow(i), e.getrow(i)
        rows.append({"id": a.id, "title": a.title, "outlet": a.outlet, "date": a.date, "day": day_of(a.date),
                     "url": a.url, "source": a.source, "n_sentences": len(a.sentences),
                     "n_words": len(a.text.split()), "minhash": np.asarray(sig, np.uint32).tolist(),
                     "n_shingles": len(sh), "text_hash": copies.text_hash(a.text),
                     "w_idx": wr.indices.tolist(), "w_cnt": wr.data.astype(np.float32).tolist(),
                     "e_idx": er.indices.tolist(), "e_cnt": er.data.astype(np.float32).tolist()})
    return rows


def copy_link(a: dict, b: dict) -> tuple[str, float] | None:
    """(kind, similarity) when b copies a, by copies.classify on signature estimates; else None."""
    if not a["n_shingles"] or not b["n_shingles"]:
        return None
    j = float(np.mean(np.asarray(a["minhash"]) == np.asarray(b["minhash"])))
    c = copies.containment_from_jaccard(j, a["n_shingles"], b["n_shingles"])
    kind = copies.classify(j, c, min(a["n_shingles"], b["n_shingles"]), same_hash=a["text_hash"] == b["text_hash"])
    if not kind:
        return None
    return kind, 1.0 if kind == "exact" else round(j if kind == "near" else c, 3)


def story_matrix(rows: list[dict], df_w: np.ndarray, df_e: np.ndarray, n_docs: int) -> sp.csr_matrix:
    """Weighted, normalised story vectors of rows (stories.Clusterer's weighting, corpus-wide df)."""
    def csr(idx: str, cnt: str) -> sp.csr_matrix:
        indptr = np.cumsum([0] + [len(r[idx]) for r in rows])
        ind = np.fromiter((i for r in rows for i in r[idx]), np.int64, indptr[-1])
        dat = np.fromiter((x for r in rows for x in r[cnt]), np.float64, indptr[-1])
        return sp.csr_matrix((dat, ind, indptr), shape=(len(rows), N_FEATURES))
    c = stories.Clusterer(df_w=df_w, df_e=df_e, n_docs=n_docs)
    return c._weigh(csr("w_idx", "w_cnt"), csr("e_idx", "e_cnt"))


def story_matrix_arrow(t, df_w: np.ndarray, df_e: np.ndarray, n_docs: int, step: int = 4096) -> sp.csr_matrix:
    """story_matrix from an Arrow table's w_idx/w_cnt/e_idx/e_cnt list columns, without Python objects.

    Weighted `step` rows at a time (the weighting is row-wise), which bounds its temporary copies.
    """
    import pyarrow.compute as pc

    def csr(part, idx: str, cnt: str) -> sp.csr_matrix:
        col = part.column(idx).combine_chunks()
        lens = pc.list_value_length(col).fill_null(0).to_numpy(zero_copy_only=False)
        indptr = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        ind = pc.list_flatten(col).to_numpy(zero_copy_only=False).astype(np.int64)
        dat = pc.list_flatten(part.column(cnt).combine_chunks()).to_numpy(zero_copy_only=False).astype(np.float64)
        return sp.csr_matrix((dat, ind, indptr), shape=(part.num_rows, N_FEATURES))
    c = stories.Clusterer(df_w=df_w, df_e=df_e, n_docs=n_docs)
    parts = [c._weigh(csr(p, "w_idx", "w_cnt"), csr(p, "e_idx", "e_cnt"))
             for p in (t.slice(lo, step) for lo in range(0, max(t.num_rows, 1), step))]
    return sp.vstack(parts, format="csr") if len(parts) > 1 else parts[0]


def document_frequencies(rows_w: list[list[int]], rows_e: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Per-feature document counts of hashed word and entity features (summable across shards)."""
    def count(lists):
        flat = np.fromiter((i for r in lists for i in r), np.int64)
        return np.bincount(flat, minlength=N_FEATURES).astype(np.int32)
    return count(rows_w), count(rows_e)
