"""Data helpers shared by eval/train_pairs.py and eval/pairs.py: MRPC pairs and cached MiniLM embeddings.

MiniLM embeddings of MRPC take minutes with the NumPy encoder, so they are cached under eval/.cache/ keyed
by a hash of the sentence list (the cache only saves time: deleting it gives the same vectors again).
"""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", HERE.parents[1] / "shared"))  # ../shared beside the checkout
MRPC = SHARED / "eval" / "mrpc"


def load_mrpc(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    """Sentence pairs and labels (1 = paraphrase) of one MRPC tsv file."""
    a, b, y = [], [], []
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        head = next(rows)
        if head[0] != "Quality":
            raise SystemExit(f"{path}: expected an MRPC header starting with 'Quality', got {head[:1]}")
        for n, r in enumerate(rows, 2):
            if len(r) != 5:
                raise SystemExit(f"{path}:{n}: expected 5 tab-separated fields, got {len(r)}")
            y.append(int(r[0]))
            a.append(r[3])
            b.append(r[4])
    return a, b, np.array(y, dtype=np.int64)


def minilm_embed(texts: list[str]) -> np.ndarray:
    """MiniLM rows for `texts` (unique-ified, cached on disk by content hash)."""
    from newsprism import encoder

    uniq = list(dict.fromkeys(texts))
    key = hashlib.sha1("\n".join(uniq).encode()).hexdigest()[:16]
    runtime = encoder.get_encoder().runtime  # int8 vectors differ from fp32 (NumPy and onnx agree)
    path = CACHE / f"minilm-{key}{'-int8' if runtime == 'onnx-int8' else ''}.npy"
    if path.is_file():
        m = np.load(path)
    else:
        m = encoder.get_encoder().encode(uniq)
        CACHE.mkdir(exist_ok=True)
        np.save(path, m)
    row = {t: i for i, t in enumerate(uniq)}
    return m[[row[t] for t in texts]]


if __name__ == "__main__":  # warm the cache for both MRPC files
    import time

    for name in ("train", "test"):
        t0 = time.time()
        a, b, _ = load_mrpc(MRPC / f"{name}.tsv")
        minilm_embed(a + b)
        print(name, len(a), "pairs", f"{time.time() - t0:.0f}s")
