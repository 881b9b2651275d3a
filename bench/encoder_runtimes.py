"""MiniLM runtimes on the story gold sentences: speed and cosine agreement with the NumPy forward pass.

Encodes every sentence (as segmented by newsprism) of ../shared/eval/stories/*.json with:
  numpy     the NumPy forward pass (encoder.py)
  onnx      onnxruntime, fp32 graph built in encoder_onnx.py (the same weights)
  onnx_int8 onnxruntime, int8 weights (per column) + dynamically quantised activations
and prints load time, encode time, sentences/s and the min/mean cosine with the NumPy vectors.

usage: python bench/encoder_runtimes.py [--limit N] [--runtimes numpy,onnx,onnx_int8]
"""

from __future__ import annotations

import argparse
import glob
import json
import time
from pathlib import Path

import numpy as np

from newsprism import encoder, encoder_onnx, pipeline
from newsprism.model import Article

STORIES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "stories"


def gold_sentences() -> list[str]:
    out: list[str] = []
    for f in sorted(glob.glob(str(STORIES / "*.json"))):
        d = json.loads(Path(f).read_text(encoding="utf-8"))
        arts = [Article(id=a["id"], title=a.get("title", ""), outlet=a.get("outlet", ""), text=a["text"],
                        raw_text=a["text"]) for a in d["articles"]]
        out += [s.text for a in pipeline.prepare(arts) for s in a.sentences]
    return list(dict.fromkeys(out))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--runtimes", default="numpy,onnx,onnx_int8")
    args = ap.parse_args()
    sents = gold_sentences()
    if args.limit:
        sents = sents[:args.limit]
    print(f"{len(sents)} story gold sentences")
    path = encoder.model_dir()
    ref = None
    for name in args.runtimes.split(","):
        t = time.perf_counter()
        enc = encoder.MiniLMEncoder(path, runtime="numpy" if name != "onnx" else "onnx")
        if name == "onnx_int8":
            enc.forward = encoder_onnx.OrtForward(enc.w, enc.heads, enc.layers, enc.eps, dense=enc.dense, int8=True)
        load = time.perf_counter() - t
        enc.encode(sents[:8])  # warm-up
        t = time.perf_counter()
        v = enc.encode(sents)
        dt = time.perf_counter() - t
        if ref is None:
            ref = v
        cos = (v * ref).sum(1)
        print(f"{name:10s} load {load:5.2f}s encode {dt:6.2f}s {len(sents) / dt:6.1f} sent/s | cosine vs "
              f"{args.runtimes.split(',')[0]}: min {cos.min():.4f} mean {cos.mean():.5f} "
              f"p1 {np.percentile(cos, 1):.4f}", flush=True)


if __name__ == "__main__":
    main()
