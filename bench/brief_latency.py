"""Seed-pair brief latency after the models are loaded (spaCy, MiniLM): load once, then time fresh briefs.

usage: python bench/brief_latency.py [FILES...]   (default: ../shared/seeds/*.txt) [--backend tfidf|hybrid]
"""

from __future__ import annotations

import argparse
import glob
import statistics
import time
from pathlib import Path

from newsprism import nlp, pipeline, similarity


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    files = args.files or sorted(glob.glob(str(Path(__file__).resolve().parents[2] / "shared/seeds/*.txt")))
    t = time.perf_counter()
    nlp.get_nlp()
    sim = similarity.get_backend(args.backend)
    nlp.parse("Load warm-up: Jane Doe met officials in Lisbon on Monday.")
    sim.encode(["warm-up sentence"])
    load = time.perf_counter() - t
    times = []
    for _ in range(args.runs):
        nlp._cache.clear()  # a fresh parse every run: only model loading is excluded
        if hasattr(sim, "_memo"):
            sim._memo.clear()
        if hasattr(getattr(sim, "minilm", None), "_memo"):
            sim.minilm._memo.clear()
        t = time.perf_counter()
        arts = pipeline.prepare(files)
        b = pipeline.build_brief(arts, backend=args.backend)
        times.append(time.perf_counter() - t)
    print(f"files={len(files)} backend={b.stats['similarity_backend']} model load {load:.2f}s")
    print(f"brief (read+clean+segment+all stages) runs={args.runs} median {statistics.median(times):.2f}s "
          f"min {min(times):.2f}s; stage timings of last run: {b.stats['timings_s']}")


if __name__ == "__main__":
    main()
