"""The seed story end to end through the real store, the real brief and the web UI (slow: builds the brief).

Reads ../shared/seeds at run time; nothing of the seed story is written here.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from newsprism.web import create_app  # noqa: E402
from newsprism.web.server import ingest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_web_browser import _free_port, _why_skip, serve_and_run  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> str:
    shared = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))
    if not (shared / "seeds").is_dir():
        pytest.skip(f"seed articles not found under {shared}/seeds")
    db = str(tmp_path_factory.mktemp("web") / "seed.db")
    added, dups, problems = ingest(db, [str(shared / "seeds")])
    assert added == len(list((shared / "seeds").iterdir())) and problems == []
    return db


def test_web_seed_story_brief_with_working_citations(seed_db):
    client = TestClient(create_app(db_path=seed_db))
    stories = client.get("/api/stories").json()["stories"]
    assert len(stories) == 1 and len(stories[0]["article_ids"]) == 2
    sid = stories[0]["id"]
    page = client.get(f"/stories/{sid}")
    assert page.status_code == 200
    summary = page.text[page.text.index('id="summary"'):page.text.index('id="facts"')]
    hrefs = re.findall(r'class="cite" href="([^"]+)"', summary)
    assert hrefs, "the summary cites no sentence"
    for href in set(hrefs):
        path, frag = href.split("#")
        art = client.get(path.replace("&amp;", "&"))
        assert art.status_code == 200 and f'id="{frag}"' in art.text, href
    brief = client.get(f"/api/stories/{sid}/brief").json()
    assert sorted(a["id"] for a in brief["articles"]) == sorted(stories[0]["article_ids"])
    compare = client.get(f"/stories/{sid}/compare").text
    assert compare.count('class="col"') == 2


def test_web_seed_story_in_chromium(seed_db):
    reason = _why_skip()
    if reason:
        pytest.skip(reason)
    port = _free_port()
    proc = serve_and_run([sys.executable, "-m", "newsprism.cli", "serve", "--db", seed_db, "--port", str(port)], port,
                         ["tour.mjs", str(ROOT / "artifacts" / "web"), "seed"], timeout=240)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "error" not in out, out.get("error")
    assert out["stories"] == 1 and out["summary_sentences"] >= 1
    assert out["target_id"] == out["cite_href"].split("#")[1] and out["target_text"]
    assert out["columns"] == 2 and out["dialogs"] == [] and out["pageerrors"] == []
    assert len(out["screenshots"]) == 4
