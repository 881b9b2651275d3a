"""Quality gate: fail when a harness's metric falls below its pinned floor (like trafilatura's eval_gate).

eval/floors.json maps a results name to floors: {"summaries": {"rouge1": 0.43, ...}, ...}; the name is the
stem of eval/results/<name>.json written by a harness. A metric is looked up in the file's "metrics"
block, else as a dotted path from the top ("splits.test.newsprism.bcubed.f1"). Every metric is
higher-is-better. Floors only move up on their own: `--raise` lifts a floor to a better score; lowering
one needs `--lower NAME.METRIC --reason TEXT`, and the reason is recorded in floors.json "_history".

    python eval/gate.py                      # check every floor whose results file exists; exit 1 on a drop
    python eval/gate.py --only summaries_quick40 --strict   # CI: that file must exist and pass
    python eval/gate.py --raise              # lift floors to improved scores
    python eval/gate.py --pin summaries      # add floors for metrics of a results file that have none
    python eval/gate.py --lower summaries.rouge1 --reason "new budget" [--to 0.41]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
EPS = 1e-9


class GateError(Exception):
    """A gate request that cannot be carried out (bad metric name, missing reason, missing results)."""


@dataclass
class Row:
    name: str
    metric: str
    floor: float
    score: float | None  # None: no results file or metric missing
    status: str  # "ok" | "FAIL" | "skip" | "missing"


def down(v: float) -> float:
    """Rounded down to 4 decimals, so a pinned floor never exceeds the score it came from."""
    return math.floor(float(v) * 1e4 + 1e-6) / 1e4


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def lookup(result: dict, metric: str) -> float | None:
    """The metric's value: result["metrics"][metric], a flat top-level key, else the dotted path."""
    metrics = result.get("metrics")
    if isinstance(metrics, dict) and isinstance(metrics.get(metric), (int, float)):
        return float(metrics[metric])
    flat = result.get(metric)  # harnesses with flat dotted keys ("dev.newsprism.all.speaker_f1")
    if isinstance(flat, (int, float)) and not isinstance(flat, bool):
        return float(flat)
    node = result
    for part in metric.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return float(node) if isinstance(node, (int, float)) and not isinstance(node, bool) else None


def floors_of(floors: dict) -> dict[str, dict[str, float]]:
    """The floors proper (keys starting with "_" hold the history)."""
    return {k: v for k, v in floors.items() if not k.startswith("_") and isinstance(v, dict)}


def check(floors: dict, results_dir: Path, only: list[str] | None = None, strict: bool = False) -> list[Row]:
    """One row per pinned metric; missing results are "skip" unless `strict` (then "missing", a failure)."""
    rows = []
    for name, metrics in sorted(floors_of(floors).items()):
        if only and name not in only:
            continue
        path = results_dir / f"{name}.json"
        result = load_json(path)
        for metric, floor in sorted(metrics.items()):
            if not result:
                rows.append(Row(name, metric, floor, None, "missing" if strict else "skip"))
                continue
            score = lookup(result, metric)
            if score is None:
                rows.append(Row(name, metric, floor, None, "missing"))
            else:
                rows.append(Row(name, metric, floor, score, "ok" if score + EPS >= floor else "FAIL"))
    if only and strict:
        for name in only:
            if name not in floors_of(floors):
                raise GateError(f"no floors pinned for {name!r}: run `eval/gate.py --pin {name}` first")
    return rows


def _log(floors: dict, **entry) -> None:
    entry["date"] = dt.date.today().isoformat()
    floors.setdefault("_history", []).append(entry)


def raise_floors(floors: dict, rows: list[Row]) -> list[Row]:
    """Lift each floor to its score where the score is higher; returns the rows raised."""
    up = [r for r in rows if r.score is not None and down(r.score) > r.floor + EPS]
    for r in up:
        floors[r.name][r.metric] = down(r.score)
        _log(floors, action="raise", metric=f"{r.name}.{r.metric}", old=r.floor, new=down(r.score))
    return up


def pin(floors: dict, results_dir: Path, name: str) -> list[str]:
    """Floors for every numeric metric in <name>.json's "metrics" block that has none yet."""
    result = load_json(results_dir / f"{name}.json")
    if not result:
        raise GateError(f"{results_dir / (name + '.json')}: no results to pin (run its harness first)")
    metrics = result.get("metrics") or {}
    added = []
    for metric, value in metrics.items():
        if isinstance(value, (int, float)) and metric not in floors.get(name, {}):
            floors.setdefault(name, {})[metric] = down(value)
            added.append(metric)
    if added:
        _log(floors, action="pin", metric=name, metrics=added)
    return added


def lower(floors: dict, results_dir: Path, target: str, reason: str, to: float | None = None) -> tuple[float, float]:
    """Lower one floor (to `to`, or to the current score) and record why; returns (old, new)."""
    if not reason or not reason.strip():
        raise GateError("lowering a floor needs --reason TEXT (it is recorded in floors.json)")
    name, _, metric = target.partition(".")
    if not metric or metric not in floors.get(name, {}):
        raise GateError(f"{target!r}: no such floor (expected NAME.METRIC, e.g. summaries.rouge1)")
    old = floors[name][metric]
    if to is None:
        to = lookup(load_json(results_dir / f"{name}.json"), metric)
        if to is None:
            raise GateError(f"{target!r}: no current score to lower to; give --to VALUE")
    if to >= old:
        raise GateError(f"{target!r}: {to} is not below the floor {old}; use --raise to lift floors")
    floors[name][metric] = down(to)
    _log(floors, action="lower", metric=target, old=old, new=down(to), reason=reason.strip())
    return old, floors[name][metric]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--floors", type=Path, default=HERE / "floors.json")
    ap.add_argument("--results", type=Path, default=HERE / "results")
    ap.add_argument("--only", action="append", help="results name(s) to check (repeatable)")
    ap.add_argument("--strict", action="store_true", help="a missing results file fails the gate")
    ap.add_argument("--raise", dest="raise_", action="store_true", help="lift floors to improved scores")
    ap.add_argument("--pin", metavar="NAME", help="add floors for NAME's metrics that have none")
    ap.add_argument("--lower", metavar="NAME.METRIC")
    ap.add_argument("--reason", default="")
    ap.add_argument("--to", type=float, default=None)
    args = ap.parse_args(argv)
    floors = load_json(args.floors)
    try:
        if args.lower:
            old, new = lower(floors, args.results, args.lower, args.reason, args.to)
            args.floors.write_text(json.dumps(floors, indent=1) + "\n", encoding="utf-8")
            print(f"lowered {args.lower}: {old} -> {new} ({args.reason})")
            return 0
        if args.pin:
            added = pin(floors, args.results, args.pin)
            args.floors.write_text(json.dumps(floors, indent=1) + "\n", encoding="utf-8")
            print(f"pinned {args.pin}: {', '.join(added) or 'nothing new'}")
            return 0
        rows = check(floors, args.results, args.only, args.strict)
    except GateError as err:
        print(f"gate: {err}", file=sys.stderr)
        return 2
    for r in rows:
        score = "-" if r.score is None else f"{r.score:.4f}"
        print(f"{r.status:7s} {r.name}.{r.metric:28s} score {score:>8s}  floor {r.floor:.4f}")
    failed = [r for r in rows if r.status in ("FAIL", "missing")]
    if args.raise_:
        up = raise_floors(floors, rows)
        if up:
            args.floors.write_text(json.dumps(floors, indent=1) + "\n", encoding="utf-8")
        print(f"raised {len(up)} floor(s)")
    print(f"gate: {len(failed)} failure(s) in {len(rows)} checked metric(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
