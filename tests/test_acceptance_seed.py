"""Acceptance: the brief of ../shared/seeds satisfies ../shared/acceptance/seed_story.json item by item."""

from __future__ import annotations

import json
import subprocess
import sys

import newsprism


def test_acceptance_seed_brief_passes_checker(shared, tmp_path):
    seeds = sorted(str(p) for p in (shared / "seeds").glob("*.txt"))
    b = newsprism.brief(seeds)
    out = tmp_path / "brief.json"
    out.write_text(json.dumps(b.to_dict(), ensure_ascii=False))
    res = subprocess.run([sys.executable, str(shared / "tools" / "check_seed_brief.py"), str(out),
                          str(shared / "acceptance" / "seed_story.json")], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
