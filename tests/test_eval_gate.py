"""The eval gate: floors pass/fail, raise, pin, and refusing to lower a floor without a recorded reason."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("eval_gate", Path(__file__).resolve().parents[1] / "eval" / "gate.py")
gate = importlib.util.module_from_spec(_spec)
sys.modules["eval_gate"] = gate  # dataclasses look their module up
_spec.loader.exec_module(gate)


@pytest.fixture
def env(tmp_path):
    res = tmp_path / "results"
    res.mkdir()
    (res / "summaries.json").write_text(json.dumps({"metrics": {"rouge1": 0.45, "rouge2": 0.15}}))
    (res / "clustering.json").write_text(json.dumps({"splits": {"test": {"newsprism": {"bcubed": {"f1": 0.91}}}}}))
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"summaries": {"rouge1": 0.44, "rouge2": 0.14},
                                  "clustering": {"splits.test.newsprism.bcubed.f1": 0.90},
                                  "quotes": {"f1": 0.5}}))
    return tmp_path, res, floors


def run(env, *args):
    _, res, floors = env
    return gate.main(["--results", str(res), "--floors", str(floors), *args])


def test_eval_gate_passes_when_all_scores_meet_floors(env, capsys):
    assert run(env) == 0
    out = capsys.readouterr().out
    assert "skip" in out  # quotes.json absent: skipped unless --strict
    assert "FAIL" not in out


def test_eval_gate_fails_on_a_drop_and_on_missing_results_when_strict(env):
    _, res, _ = env
    (res / "summaries.json").write_text(json.dumps({"metrics": {"rouge1": 0.43, "rouge2": 0.15}}))
    assert run(env) == 1
    (res / "summaries.json").write_text(json.dumps({"metrics": {"rouge1": 0.45, "rouge2": 0.15}}))
    assert run(env, "--strict") == 1  # quotes.json missing
    assert run(env, "--only", "summaries", "--strict") == 0
    (res / "summaries.json").write_text(json.dumps({"metrics": {"rouge1": 0.45}}))  # rouge2 vanished
    assert run(env, "--only", "summaries") == 1


def test_eval_gate_dotted_path_lookup():
    r = {"metrics": {"a": 1}, "splits": {"x": {"f1": 0.5}}, "flag": True}
    assert gate.lookup(r, "a") == 1.0
    assert gate.lookup(r, "splits.x.f1") == 0.5
    assert gate.lookup(r, "splits.y.f1") is None
    assert gate.lookup(r, "flag") is None


def test_eval_gate_raise_lifts_floors_and_never_lowers(env):
    _, res, floors = env
    (res / "summaries.json").write_text(json.dumps({"metrics": {"rouge1": 0.47, "rouge2": 0.145}}))
    assert run(env, "--raise") == 0
    f = json.loads(floors.read_text())
    assert f["summaries"]["rouge1"] == 0.47
    assert f["summaries"]["rouge2"] == 0.145
    (res / "summaries.json").write_text(json.dumps({"metrics": {"rouge1": 0.40, "rouge2": 0.145}}))
    assert run(env, "--raise") == 1
    assert json.loads(floors.read_text())["summaries"]["rouge1"] == 0.47


def test_eval_gate_lower_needs_a_reason_and_records_it(env):
    _, res, floors = env
    (res / "summaries.json").write_text(json.dumps({"metrics": {"rouge1": 0.42, "rouge2": 0.15}}))
    assert run(env, "--lower", "summaries.rouge1") == 2
    assert json.loads(floors.read_text())["summaries"]["rouge1"] == 0.44
    assert run(env, "--lower", "summaries.nope", "--reason", "x") == 2
    assert run(env, "--lower", "summaries.rouge1", "--reason", "budget changed to 200 words") == 0
    f = json.loads(floors.read_text())
    assert f["summaries"]["rouge1"] == 0.42
    assert f["_history"][-1]["reason"] == "budget changed to 200 words"
    assert f["_history"][-1]["old"] == 0.44
    assert run(env) == 0


def test_eval_gate_pinned_floor_never_exceeds_its_score(env):
    _, res, floors = env
    (res / "summaries.json").write_text(json.dumps({"metrics": {"rouge1": 0.45, "rouge2": 0.15, "r3": 0.123456}}))
    assert run(env, "--pin", "summaries") == 0
    assert json.loads(floors.read_text())["summaries"]["r3"] == 0.1234
    assert run(env, "--only", "summaries") == 0


def test_eval_gate_pin_adds_missing_floors_only(env):
    _, res, floors = env
    (res / "summaries.json").write_text(json.dumps({"metrics": {"rouge1": 0.45, "rouge2": 0.15, "rougeL": 0.2}}))
    assert run(env, "--pin", "summaries") == 0
    f = json.loads(floors.read_text())
    assert f["summaries"] == {"rouge1": 0.44, "rouge2": 0.14, "rougeL": 0.2}
