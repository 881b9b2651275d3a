"""Alignment eval: which sentence pairs across the two seed articles state the same thing.

Gold = eval/data/seed_alignment_gold.json (hand labels as snippets, mapped to sentence ids at run time).
For each backend (tfidf, minilm, hybrid) and scoring (cosine only / cosine + entity + number overlap) it runs
newsprism.align's matching and clustering and reports P/R/F1 of predicted cross-article pairs, at the
shipped threshold and at the best threshold of a grid (so no backend is judged at another's threshold).
Also reports encode speed (sentences/s).  Usage: python eval/alignment.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsprism import align, clean, readers, segment, similarity

HERE = Path(__file__).resolve().parent
COMBINED = align.Weights(entity=0.25, number=0.10)  # the entity/number bonus measured against cosine alone


def load_seed(shared: Path):
    arts = []
    for p in sorted((shared / "seeds").glob("*.txt")):
        arts += list(readers.read(str(p)))
    arts = clean.clean_batch(arts)
    return [segment.segment(a) for a in arts]


def gold_pairs(arts, gold):
    """Core and acceptable pairs as frozensets of sentence ids (each snippet must hit one sentence)."""
    by_id = {a.id: a for a in arts}

    def find(aid, snippet):
        hits = [s.id for s in by_id[aid].sentences if snippet in s.text]
        if len(hits) > 1:
            raise SystemExit(f"gold snippet {snippet!r} matches {len(hits)} sentences of {aid}")
        # a sentence that cleaning removed (e.g. a photo caption) stays a gold id nothing can predict
        return hits[0] if hits else f"{aid}:missing:{snippet}"

    core = {frozenset((find(gold["a"], g["a"]), find(gold["b"], g["b"]))): g["fact"] for g in gold["core"]}
    ok = {frozenset((find(gold["a"], g["a"]), find(gold["b"], g["b"]))) for g in gold["acceptable"]}
    return core, ok


def predicted_pairs(sc, weights, use="score"):
    groups = align.cluster(sc, align.matched_pairs(sc, weights, use=use), weights)
    out = set()
    for g in groups:
        for x in g:
            for y in g:
                if x < y and sc.art_index[x] != sc.art_index[y]:
                    out.add(frozenset((sc.sents[x].id, sc.sents[y].id)))
    return out


def prf(pred, core, ok):
    tp = len(pred & set(core))
    fp = len(pred - set(core) - ok)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / len(core) if core else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), tp, fp


def run(shared: Path) -> dict:
    arts = load_seed(shared)
    gold = json.loads((HERE / "data" / "seed_alignment_gold.json").read_text())
    core, ok = gold_pairs(arts, gold)
    results = []
    speed = {}
    texts = [s.text for a in arts for s in a.sentences]
    for name in ("tfidf", "minilm", "hybrid"):
        sim = similarity.get_backend(name)
        shipped = align.weights_for(sim)
        sim.encode(texts[:4])  # load weights before timing
        t = time.perf_counter()
        for _ in range(3):
            sim.encode(texts)
        speed[name] = round(3 * len(texts) / (time.perf_counter() - t), 1)
        for mode in ("cosine", "combined"):
            w = replace(shipped, entity=0.0, number=0.0) if mode == "cosine" else replace(
                shipped, entity=shipped.entity or COMBINED.entity, number=shipped.number or COMBINED.number)
            sc = align.score_pairs(arts, sim, w)
            at_shipped = prf(predicted_pairs(sc, w), core, ok)
            best = max(((prf(predicted_pairs(sc, replace(w, threshold=th, link=th - 0.1)), core, ok), th)
                        for th in np.arange(0.15, 0.91, 0.025)), key=lambda x: (x[0][2], -x[1]))
            results.append({"backend": name, "scoring": mode, "shipped": at_shipped,
                            "best": best[0], "best_threshold": round(float(best[1]), 3)})
    return {"n_core": len(core), "n_acceptable": len(ok), "sentences": len(texts), "results": results,
            "speed_sentences_per_s": speed, "thresholds": align.THRESHOLDS}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(HERE.parents[1] / "shared"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / "seeds").is_dir():
        print(f"no seeds under {shared}", file=sys.stderr)
        return 2
    out = run(shared)
    if args.json:
        print(json.dumps(out, indent=1, default=list))
        return 0
    print(f"seed pair: {out['n_core']} gold pairs (+{out['n_acceptable']} acceptable), "
          f"shipped thresholds {out['thresholds']}")
    print(f"{'backend':8} {'scoring':9} | {'P':>5} {'R':>5} {'F1':>5} tp fp | best: {'P':>5} {'R':>5} {'F1':>5} @th")
    for r in out["results"]:
        p, rr, f, tp, fp = r["shipped"]
        bp, br, bf, _, _ = r["best"]
        print(f"{r['backend']:8} {r['scoring']:9} | {p:5.2f} {rr:5.2f} {f:5.2f} {tp:2d} {fp:2d} | "
              f"{bp:5.2f} {br:5.2f} {bf:5.2f} @{r['best_threshold']}")
    print("encode speed (sentences/s, %d sentences x3):" % out["sentences"], out["speed_sentences_per_s"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
