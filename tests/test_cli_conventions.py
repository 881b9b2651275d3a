"""CLI conventions: -h, '-' for standard input, --*-field options, --quiet/--verbose, validated options,
read-only commands that never create a store, stories/outlets --format, outlets import and brief --outlets."""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.cli_utils import sniff_extension

BODY = ("Harbour workers in Port Elin began a strike on Monday, the union said. "
        "The port authority said 40 ships were waiting outside the harbour.")
OUTLETS_CSV = ("domain,name,lean,owner,country,kind,circulation\n"
               "elin-echo.example,Elin Echo,left,Echo Trust,Ostreland,partisan,1200\n"
               "port-times.example,Port Times,right,Times Group,Westmark,partisan,900\n")


def run(args, input=None):
    return CliRunner().invoke(main, args, input=input)


def records(tmp_path) -> str:
    p = tmp_path / "a.jsonl"
    rows = [{"body_text": BODY, "headline": "Strike at Port Elin", "site": "https://elin-echo.example/a",
             "when": "2031-05-01"},
            {"body_text": BODY + " Talks resume Friday.", "headline": "Port strike talks", "when": "2031-05-02",
             "site": "https://www.port-times.example/b"}]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return str(p)


@pytest.mark.parametrize("args", [["-h"], ["brief", "-h"], ["stories", "-h"], ["outlets", "-h"],
                                  ["outlets", "import", "-h"]])
def test_cli_short_help_works(args):
    res = run(args)
    assert res.exit_code == 0 and "Usage:" in res.output


def test_cli_dash_reads_standard_input_as_text():
    res = run(["brief", "-", "--backend", "tfidf", "--format", "json"], input="Harbour strike\n\n" + BODY + "\n")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["articles"][0]["title"] == "Harbour strike" and d["articles"][0]["id"] == "stdin"


@pytest.mark.parametrize("head, ext", [(b'{"text": "x"}\n{"text": "y"}\n', ".jsonl"), (b'[{"text": "x"}]', ".json"),
                                       (b"<!doctype html><p>x", ".html"), (b'<?xml version="1.0"?><rss>', ".xml"),
                                       (b"WARC/1.0\r\n", ".warc"), (b"Title\n\nBody.", ".txt")])
def test_cli_stdin_kind_is_sniffed(head, ext):
    assert sniff_extension(head) == ext


def test_cli_field_options_map_record_fields(tmp_path):
    path = records(tmp_path)
    bad = run(["brief", path, "--backend", "tfidf", "--format", "json"])
    assert "--text-field" in bad.output  # the error names the option that fixes it
    res = run(["brief", path, "--backend", "tfidf", "--format", "json", "--text-field", "body_text",
               "--title-field", "headline", "--date-field", "when", "--url-field", "site"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert [a["title"] for a in d["articles"]] == ["Strike at Port Elin", "Port strike talks"]
    assert d["articles"][1]["date"] == "2031-05-02" and d["articles"][1]["url"].startswith("https://www.port-times")


@pytest.mark.parametrize("args, words", [
    (["brief", "x.txt", "--sentences", "-3"], "--sentences"),
    (["stories", "--since", "yesterday"], "YYYY-MM-DD"),
    (["brief", "x.txt", "-o", "out.pdf"], "cannot write .pdf"),
    (["add", "x.txt", "--batch", "0"], "--batch"),
    (["-q", "-v", "stories"], "exclude each other"),
])
def test_cli_options_are_validated_with_clear_errors(tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    res = run(args)
    assert res.exit_code != 0 and words in res.output


@pytest.mark.parametrize("args", [["stories", "--db", "typo.db"], ["outlets", "--db", "typo.db"],
                                  ["brief", "--story", "s1", "--db", "typo.db"]])
def test_cli_read_only_commands_never_create_a_store(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    res = run(args)
    assert res.exit_code != 0 and "no such store" in res.output
    assert not (tmp_path / "typo.db").exists()


def test_cli_outlets_import_then_stories_and_outlets_formats(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = records(tmp_path)
    fields = ["--text-field", "body_text", "--title-field", "headline", "--date-field", "when", "--url-field", "site"]
    assert run(["add", path, "--db", "s.db", *fields]).exit_code == 0
    res = run(["outlets", "import", "-", "--db", "s.db"], input=OUTLETS_CSV)
    assert res.exit_code == 0 and "imported 2 outlets" in res.output
    tsv = run(["stories", "--db", "s.db", "--format", "tsv"]).stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["id", "articles", "outlets"] and len(tsv) >= 2
    js = json.loads(run(["stories", "--db", "s.db", "--format", "json"]).stdout)
    leans = {k for s in js for k in s["coverage"]["by_lean"]}
    assert leans == {"left", "right"}
    table = run(["outlets", "--db", "s.db", "--format", "table"]).stdout
    assert "Elin Echo" in table and "wire_share" in table.splitlines()[0]
    out = json.loads(run(["outlets", "--db", "s.db", "--format", "json"]).stdout)
    assert {o["outlet"] for o in out} == {"Elin Echo", "Port Times"} and all(o["stories"] >= 1 for o in out)


def test_cli_brief_outlets_file_adds_coverage_and_quiet_silences_stderr(tmp_path):
    path = records(tmp_path)
    table = tmp_path / "outlets.csv"
    table.write_text(OUTLETS_CSV)
    res = run(["-q", "brief", path, "--outlets", str(table), "--backend", "tfidf", "--format", "json",
               "--text-field", "body_text", "--url-field", "site", "--date-field", "when", "-o", str(tmp_path / "b.json")])
    assert res.exit_code == 0 and res.stderr == ""
    d = json.loads((tmp_path / "b.json").read_text())
    assert d["schema_version"] == "3.0"
    assert {o["name"]: o["extra"] for o in d["outlets"]} == {"Elin Echo": {"circulation": "1200"},
                                                              "Port Times": {"circulation": "900"}}
    assert [f["outlet"] for f in d["coverage"]["first_reported"]] == ["Elin Echo", "Port Times"]


def test_cli_verbose_prints_stage_timings(tmp_path):
    res = run(["-v", "brief", "-", "--backend", "tfidf"], input="Harbour strike\n\n" + BODY + "\n")
    assert res.exit_code == 0 and "timings" not in res.stdout and "coverage" in res.stderr


@pytest.mark.parametrize("cmd", [["brief"], ["add", "--db", "s.db"], ["cluster"]])
def test_cli_every_command_reports_skipped_inputs_alike(tmp_path, monkeypatch, cmd):
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "a.txt"
    good.write_text("Harbour strike\n\n" + BODY + "\n")
    (tmp_path / "empty.txt").write_text("")
    res = run([*cmd, str(good), "empty.txt", "missing.txt", "--backend", "tfidf"] if cmd == ["brief"]
              else [*cmd, str(good), "empty.txt", "missing.txt"])
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("skipped")]
    assert sum(ln.startswith("skipped: empty.txt") for ln in lines) == 1
    assert sum(ln.startswith("skipped: missing.txt") for ln in lines) == 1
    assert "skipped 2 (empty: 1, not-found: 1)" in res.stdout + res.stderr


def test_cli_run_without_pyarrow_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    f = tmp_path / "a.txt"
    f.write_text("Harbour strike\n\n" + BODY + "\n")
    res = run(["run", str(f), "--out", str(tmp_path / "out")])
    assert res.exit_code != 0 and "pip install 'newsprism[ray]'" in res.output
