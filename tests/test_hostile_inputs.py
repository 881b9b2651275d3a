"""Hostile inputs together through `newsprism add` in a subprocess: no traceback, one line per bad item,
every good article stored, wall time and peak RSS within budget (issue 15)."""

import gzip
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[1] / "src")
BODY = "The ferry board of Varnholm met on Tuesday to discuss the harbour budget and the pier. "


def _build(d: Path, rng: random.Random) -> tuple[int, int]:
    """Files of every hostile family plus good records; (good articles, bad items expected to be named)."""
    good = bad = 0
    for i in range(3):
        (d / f"good{i}.txt").write_text(f"Good story {i}\n\n{BODY * (3 + i)} Item {i}.")
        good += 1
    rows = ["id,title,text"] + [f'{i},Row {i},"{BODY} row {i}"' for i in range(6)]
    huge = rng.randrange(1, 6)
    rows[huge + 1] = f'{huge},Huge,"' + "word " * rng.randrange(30_000, 60_000) + '"'
    (d / "rows.csv").write_text("\n".join(rows) + "\n")
    good, bad = good + 5, bad + 1
    n_bad = rng.randrange(20_000, 40_000)
    with open(d / "lines.jsonl", "w") as fh:
        fh.write(json.dumps({"id": "j1", "title": "JSON one", "text": BODY + " one"}) + "\n")
        fh.write("{bad json\n" * n_bad)
        fh.write(json.dumps({"id": "j2", "title": "JSON two", "text": BODY + " two"}) + "\n")
    good, bad = good + 2, bad + n_bad
    (d / "mixed.jsonl").write_bytes(
        json.dumps({"id": "m1", "title": "Zürich café", "text": BODY + " Ørsted"}, ensure_ascii=False).encode() + b"\n"
        + json.dumps({"id": "m2", "title": "Genève señora", "text": BODY + " à"}, ensure_ascii=False).encode("latin-1"))
    good += 2
    (d / "page.html").write_text("<html><body>" + ("<p>" + BODY + "</p>") * rng.randrange(3000, 5000) + "</body></html>")
    (d / "junk.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (d / "empty.txt").write_text("   \n")
    noise = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(5000))
    (d / "broken.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": noise}).encode() + b"\n")[:200])
    return good, bad + 4  # page over budget, junk, empty, broken gzip


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_hostile_inputs_add_keeps_good_reports_bad(tmp_path, seed):
    d = tmp_path / "in"
    d.mkdir()
    good, bad = _build(d, random.Random(seed))
    db = tmp_path / "s.db"
    env = dict(os.environ, PYTHONPATH=SRC)
    t = time.monotonic()
    p = subprocess.Popen([sys.executable, "-c", "from newsprism.cli import main; main()", "add", str(d), "--db",
                          str(db), "--max-record-bytes", "100000", "--max-page-bytes", "200000"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    out, err = p.communicate(timeout=120)
    took = time.monotonic() - t
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest child so far: a bound
    assert p.returncode == 0 and "Traceback" not in err, err[-2000:]
    con = sqlite3.connect(db)
    titles = {r[0] for r in con.execute("SELECT title FROM articles")}
    con.close()
    assert len(titles) == good, " | ".join(sorted(titles))
    assert {"Zürich café", "Genève señora", "JSON one", "JSON two"} <= titles
    skipped = [ln for ln in err.splitlines() if ln.startswith("skipped:")]
    assert sum("rows.csv#" in ln for ln in skipped) == 1 and any("and " in ln and "more" in ln for ln in skipped)
    assert sum("page.html" in ln for ln in skipped) == 1 and sum("junk.txt" in ln for ln in skipped) == 1
    assert f"skipped {bad:,}" in out, out
    assert any("mixed.jsonl" in ln and "not UTF-8" in ln for ln in err.splitlines() if ln.startswith("warning:"))
    assert took < 60 and peak_mb < 1024
