"""The web UI in real headless Chromium: list -> story -> citation -> side by side, and no hostile script runs.

Needs Debian's chromium (/usr/bin/chromium), node, and playwright-core installed in tests/browser
(`npm install --prefix tests/browser`); .ci/run installs them. Screenshots go to artifacts/web/.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BROWSER_DIR = ROOT / "tests" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts" / "web"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _why_skip() -> str:
    if not Path(CHROMIUM).exists():
        return f"chromium not found at {CHROMIUM} (apt-get install -y chromium chromium-driver)"
    if shutil.which("node") is None:
        return "node not found (apt-get install -y nodejs npm)"
    if not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir():
        return "playwright-core not installed (npm install --prefix tests/browser)"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_and_run(server_cmd: list[str], port: int, script: list[str], timeout: float, env=None):
    """Start a web server, wait until /api/stories answers, run a node script in tests/browser against it.

    `script`: the .mjs file name and its arguments after the base URL. Returns the finished node process.
    """
    server = subprocess.Popen(server_cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        import httpx
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.time() > deadline:
                pytest.fail(f"test server did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        return subprocess.run(["node", str(BROWSER_DIR / script[0]), f"http://127.0.0.1:{port}", *script[1:]],
                              capture_output=True, text=True, timeout=timeout,
                              env=dict(os.environ, CHROMIUM=CHROMIUM))
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def checks(tmp_path_factory) -> dict:
    reason = _why_skip()
    if reason:
        pytest.skip(reason)
    pytest.importorskip("uvicorn")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    sys.path.insert(0, str(BROWSER_DIR))
    import webfixtures
    report = tmp_path_factory.mktemp("report") / "report.html"
    webfixtures.write_ferry_report(str(report))
    proc = serve_and_run([sys.executable, str(BROWSER_DIR / "webfixtures.py"), "--port", str(port)], port,
                         ["run_checks.mjs", str(ARTIFACTS), str(report)], timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "error" not in out, out["error"]
    return out


def test_web_browser_detector_sees_a_script_that_runs(checks):
    assert checks["control"] == {"flag": 1, "dialogs": 1}


def test_web_browser_list_story_citation_compare(checks):
    e = checks["e2e"]
    assert e["list_rows"] == 3 and "Ferry runs aground outside Quillport harbour" in e["list_titles"]
    assert e["story_h1"] == "Ferry runs aground outside Quillport harbour" and e["story_url"].endswith("/stories/ferry")
    assert e["charts"] == 2 and e["matrix_on"] == 6
    assert e["matrix_cols"] == ["Harbor Ledger", "Northfield Courier", "Plainview Wire"]  # first publication order
    # coverage from the invented outlet table: one bar segment per lean, the outlets named
    assert e["coverage_bars"] == 3 and "3 outlets, 3 independent sources" in e["coverage_text"]
    assert "First reported by Harbor Ledger" in e["coverage_text"]
    assert e["after_cite_url"].endswith(e["cite_href"])
    assert e["target_id"] == e["cite_href"].split("#")[1]
    assert e["target_text"].startswith("The ferry Morrow Gull ran aground")
    assert e["target_bg"] == "rgb(255, 229, 138)"  # the cited sentence is highlighted
    assert e["compare_columns"] == 2 and e["aligned"] == 4
    colours = dict(e["aligned_colours"])
    assert colours["harb1:s0"] == colours["nfc2:s0"] != colours["harb1:s1"] == colours["nfc2:s1"]
    # the 212 and 230 sentences are the two sides of the conflict: striped as one, whatever fact colour they have
    marks = dict(e["conflict_marks"])
    assert set(marks) == {"harb1:s1", "nfc2:s2"} and all("repeating-linear-gradient" in v for v in marks.values())


def test_web_browser_timeline_event_lands_on_its_highlighted_sentence(checks):
    t = checks["timeline"]
    assert t["dots"] == 3 and t["rows"] == ["Harbor Ledger", "Northfield Courier", "Plainview Wire"]
    assert t["event_hrefs"] == ["/articles/harb1?story=ferry#harb1:s0", "/articles/pvw3?story=ferry#pvw3:s1"]
    assert t["box"]["width"] > 300 and t["box"]["height"] > 80  # drawn, not collapsed
    assert t["after_click_url"].endswith("/articles/pvw3?story=ferry#pvw3:s1") and t["target_id"] == "pvw3:s1"
    assert t["target_bg"] == "rgb(255, 229, 138)"


def test_web_browser_report_citation_lands_on_highlighted_sentence(checks):
    r = checks["report"]
    assert r["links"] > 10 and r["hash"] == r["href"] and r["target_id"] == r["href"][1:]
    assert r["target_text"].startswith("pvw3:s1") and r["target_text"].endswith("The ferry grounded on Friday with 212 passengers aboard.")
    assert r["target_bg"] == "rgb(255, 229, 138)" and r["in_view"]


def test_web_browser_hostile_content_never_runs(checks):
    assert checks["dialogs"] == [] and checks["pageerrors"] == []
    assert len(checks["xss"]["pages"]) == 8
    for path, r in checks["xss"]["pages"].items():
        assert r["flag"] is None, path
        assert r["scripts"] == 0 and r["handlers"] == 0 and r["js_links"] == 0 and r["iframes"] == 0, (path, r)
    assert checks["xss"]["after_clicks_flag"] is None


def test_web_browser_screenshots_saved(checks):
    for p in checks["screenshots"]:
        assert Path(p).stat().st_size > 5000, p
    assert len(checks["screenshots"]) == 6
