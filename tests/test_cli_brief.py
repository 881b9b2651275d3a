"""CLI brief: formats, output file, and one clear line per bad input while the rest goes on."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsprism.cli import main

BODY = ("Harbour workers in Port Elin began a strike on Monday, the union said.\n\n"
        "“We will stay out until the contract is signed,” union leader Ana Ruiz told reporters.\n\n"
        "The port authority said 40 ships were waiting outside the harbour.\n")


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(p)


def test_cli_brief_json_and_bad_inputs(tmp_path):
    good = _write(tmp_path, "a.txt", "Harbour strike begins\n\n" + BODY)
    empty = _write(tmp_path, "empty.txt", "  \n")
    weird = _write(tmp_path, "data.xyz", "??")
    res = CliRunner().invoke(main, ["brief", good, empty, weird, str(tmp_path / "missing.txt"), "--format", "json"])
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("skipped:")]
    assert len(lines) == 3
    assert any("empty.txt" in ln and "empty" in ln for ln in lines)
    assert any("data.xyz" in ln and "unknown" in ln for ln in lines)
    d = json.loads(res.stdout)
    assert [a["title"] for a in d["articles"]] == ["Harbour strike begins"]


def test_cli_brief_writes_html_file(tmp_path):
    good = _write(tmp_path, "a.txt", "Harbour strike begins\n\n" + BODY)
    out = tmp_path / "brief.html"
    res = CliRunner().invoke(main, ["brief", good, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text().startswith("<!doctype html>")


def test_cli_brief_no_readable_input_fails_clearly(tmp_path):
    empty = _write(tmp_path, "empty.txt", "")
    res = CliRunner().invoke(main, ["brief", empty])
    assert res.exit_code != 0
    assert "no readable articles" in res.output
