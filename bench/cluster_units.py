"""BCubed F1 of the library clusterer by clustering unit (articles per Clusterer.add, stories.UNIT in the
store and the engines) on the sets of eval/clustering_dated.py: dev / held-out halves and all articles.

    python bench/cluster_units.py [--units 50 200 1000] [--cache PATH]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

import clustering_dated as cd  # noqa: E402
from clustering import bcubed  # noqa: E402

from newsprism import stories  # noqa: E402


def run(arts: list, unit: int) -> list[str]:
    c = stories.Clusterer()
    out: list[str] = []
    for lo in range(0, len(arts), unit):
        out += c.add(arts[lo:lo + unit])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--units", type=int, nargs="+", default=[50, 200, 1000])
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the prepared articles (reused if it exists)")
    a = ap.parse_args()
    rng = random.Random(cd.SEED)  # the sets exactly as eval/clustering_dated.py builds them
    basil = cd.basil_records(cd.SHARED / "eval/basil/articles.jsonl")
    mn = cd.multinews_records(cd.SHARED / "eval/multinews/sample_test.csv")
    rng.shuffle(basil)
    mix = cd.dated_mix(basil, mn, random.Random(cd.SEED + 1))
    sets = {"basil": basil, "basil_by_date": sorted(basil, key=lambda r: r["date"]), "multinews": mn, "mix": mix,
            "mix_by_date": sorted(mix, key=lambda r: r["date"]),
            "basil_dense": cd.densify(basil, 14, random.Random(cd.SEED + 3)),
            "mix_dense": cd.densify(mix, 30, random.Random(cd.SEED + 4))}
    halves = {k: cd.split(v, random.Random(cd.SEED + 2)) for k, v in sets.items()}
    with tempfile.TemporaryDirectory() as tmp:
        arts_of = cd.cached(a.cache, lambda: {k: cd.prepared(v, Path(tmp), k) for k, v in sets.items()})
    dev_ev = {k: {r["event"] for r in h[0]} for k, h in halves.items()}
    ev = {r["id"]: r["event"] for recs in sets.values() for r in recs}

    def gold(arts):
        return [ev[x.id] if x.id in ev else ev[x.id.split("-", 1)[1]] for x in arts]

    print("set part articles " + " ".join(f"unit_{u}" for u in a.units))
    for name, arts in arts_of.items():
        for part in ("dev", "heldout", "all"):
            sel = arts if part == "all" else [x for x, e in zip(arts, gold(arts), strict=True)
                                              if (e in dev_ev[name]) == (part == "dev")]
            g = gold(sel)
            print(name, part, len(sel), " ".join(f"{bcubed(run(sel, u), g)['f1']:.4f}" for u in a.units), flush=True)


if __name__ == "__main__":
    main()
