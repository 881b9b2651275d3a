"""CLI cluster/add keep a record's own id when it is unique in the input; only a clash gets a prefix."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsprism.cli import main

TEXT = ("Ferry services to Olm Island stopped on Tuesday after a storm damaged the Kessby pier, "
        "the harbour office said. Repairs will take two weeks and cost about 40,000 crowns, "
        "according to harbourmaster Ines Varga, who said no one was hurt in the storm.")


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _cluster_ids(*paths):
    res = CliRunner().invoke(main, ["cluster", *paths, "--format", "tsv"])
    assert res.exit_code == 0, res.output
    return [line.split("\t")[0] for line in res.stdout.splitlines()]


def test_cli_ids_unique_record_ids_come_back_unchanged(tmp_path):
    p = _jsonl(tmp_path / "feed.jsonl", [{"id": "A-17", "text": TEXT}, {"id": "b/2", "text": TEXT + " More."}])
    assert _cluster_ids(p) == ["A-17", "b/2"]


def test_cli_ids_repeated_in_one_file_the_later_one_gets_the_file_prefix(tmp_path):
    p = _jsonl(tmp_path / "feed.jsonl", [{"id": "7", "text": TEXT}, {"id": "7", "text": TEXT + " Later."},
                                         {"id": "8", "text": TEXT + " Other."}])
    assert _cluster_ids(p) == ["7", "feed-7", "8"]


def test_cli_ids_clash_across_files_prefixes_only_the_later_one(tmp_path):
    a = _jsonl(tmp_path / "monday.jsonl", [{"id": "1", "text": TEXT}])
    b = _jsonl(tmp_path / "tuesday.jsonl", [{"id": "1", "text": TEXT + " Update."}, {"id": "2", "text": TEXT}])
    assert _cluster_ids(a, b) == ["1", "tuesday-1", "2"]


def test_cli_ids_add_keeps_them_in_the_store(tmp_path):
    from newsprism.store import Store
    p = _jsonl(tmp_path / "feed.jsonl", [{"id": "x1", "text": TEXT}])
    db = str(tmp_path / "s.db")
    res = CliRunner().invoke(main, ["add", p, "--db", db])
    assert res.exit_code == 0, res.output
    with Store(db) as st:
        assert [a.id for a in st.articles()] == ["x1"]
