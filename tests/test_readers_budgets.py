"""Budgets and encodings in the readers: an over-budget or mis-encoded item is one line, the rest is read."""

import json
import tracemalloc

from newsprism import pipeline, readers
from newsprism.errors import InputWarning

BODY = "The ferry council of Varnholm met on Tuesday to discuss the harbour budget. " * 4


def _read(path, **options):
    errs = []
    arts = list(readers.read(str(path), on_error=errs.append, **options))
    return arts, errs


def test_readers_budgets_csv_huge_field_keeps_later_rows(tmp_path):
    p = tmp_path / "five.csv"
    rows = ["id,title,text"] + [f'{i},Title {i},"{BODY}"' for i in range(1, 6)]
    rows[2] = '2,Huge,"' + "word " * 1_400_000 + '"'  # a 7 MB field in row 2, over the 5 MB default
    p.write_text("\n".join(rows) + "\n")
    arts, errs = _read(p)
    assert [a.title for a in arts] == ["Title 1", "Title 3", "Title 4", "Title 5"]
    assert len(errs) == 1 and "five.csv#2" in str(errs[0]) and "--max-record-bytes" in str(errs[0])


def test_readers_budgets_csv_long_unquoted_line_and_small_budget(tmp_path):
    p = tmp_path / "rows.csv"
    rows = ["id,title,text", f"1,One,{BODY}", "2,Two," + "x" * 5000, f"3,Three,{BODY}", f'4,Four,"{BODY}\n{BODY}"']
    p.write_text("\n".join(rows) + "\n")
    arts, errs = _read(p, max_record_bytes=2000)
    assert [a.title for a in arts] == ["One", "Three", "Four"]
    assert len(errs) == 1 and errs[0].reason == "too-large"


def test_readers_budgets_jsonl_long_line_skipped(tmp_path):
    p = tmp_path / "a.jsonl"
    lines = [json.dumps({"title": f"T{i}", "text": BODY}) for i in range(4)]
    lines[1] = json.dumps({"title": "big", "text": "y" * 50_000})
    p.write_text("\n".join(lines))
    arts, errs = _read(p, max_record_bytes=10_000)
    assert [a.title for a in arts] == ["T0", "T2", "T3"]
    assert len(errs) == 1 and "a.jsonl#1" in str(errs[0]) and "50,0" in str(errs[0])


def test_readers_budgets_jsonl_many_bad_lines_counted_in_bounded_memory(tmp_path):
    p = tmp_path / "bad.jsonl"
    n_bad = 50_000
    with open(p, "w") as fh:
        fh.write(json.dumps({"title": "good one", "text": BODY}) + "\n")
        fh.write("{not json, " * 3 + "\n" * 0)
        fh.write("\n")
        for _ in range(n_bad - 1):
            fh.write("{broken line with some words in it\n")
        fh.write(json.dumps({"title": "good two", "text": BODY}) + "\n")
    problems = pipeline.Problems()
    tracemalloc.start()
    arts = list(pipeline.read_all([str(p)], problems))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [a.title for a in arts] == ["good one", "good two"]
    assert problems.reasons["broken-input"] == n_bad
    lines = problems.finish()
    assert len(lines) == 6 and lines[-1].endswith("counted above but not listed")
    assert f"{n_bad - 5:,} more" in lines[-1]
    assert peak < 15 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_readers_budgets_long_article_cut_with_warning(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("A long one\n\n" + "\n".join([BODY] * 200))
    arts, errs = _read(p, max_article_chars=5000)
    assert len(arts) == 1 and 2500 < len(arts[0].text) <= 5000 and arts[0].text.endswith(".")
    assert len(errs) == 1 and isinstance(errs[0], InputWarning) and "--max-article-chars" in str(errs[0])
    assert arts[0].metadata["truncated_from_chars"] > 60_000


def test_readers_budgets_mixed_encoding_jsonl_decoded_per_line(tmp_path):
    p = tmp_path / "mixed.jsonl"
    good = json.dumps({"title": "Café Ørsted in Zürich", "text": BODY}, ensure_ascii=False).encode("utf-8")
    latin = json.dumps({"title": "Señora Muñoz à Genève", "text": BODY}, ensure_ascii=False).encode("latin-1")
    p.write_bytes(good + b"\n" + latin + b"\n" + good + b"\n")
    arts, errs = _read(p)
    assert [a.title for a in arts] == ["Café Ørsted in Zürich", "Señora Muñoz à Genève", "Café Ørsted in Zürich"]
    assert len(errs) == 1 and isinstance(errs[0], InputWarning)
    assert "mixed.jsonl" in str(errs[0]) and "1 of 3 lines" in str(errs[0])


def test_readers_budgets_mixed_encoding_txt_warns(tmp_path):
    p = tmp_path / "mixed.txt"
    p.write_bytes("Überschrift aus Köln\n\n".encode() + "Der Bürgermeister sagte es.\n".encode()
                  + "La señora dijo que sí, à propos.\n".encode("latin-1") + BODY.encode())
    arts, errs = _read(p)
    assert arts[0].title == "Überschrift aus Köln" and "La señora dijo que sí" in arts[0].text
    assert "Der Bürgermeister" in arts[0].text
    assert len(errs) == 1 and errs[0].reason == "mixed-encoding" and "mixed.txt" in str(errs[0])


def _page(n_paras: int) -> str:
    paras = "".join(f"<p>Paragraph {i} tells how the Varnholm ferry board met on day {i} to vote.</p>\n"
                    for i in range(n_paras))
    return f"<html><head><title>Ferry board</title></head><body><article>{paras}</article></body></html>"


def test_readers_budgets_html_page_over_budget_skipped(tmp_path):
    big, small = tmp_path / "big.html", tmp_path / "small.html"
    big.write_text(_page(20_000))  # ~1.5 MB
    small.write_text(_page(20))
    problems = pipeline.Problems()
    arts = list(pipeline.read_all([str(big), str(small)], problems, max_page_bytes=1_000_000))
    assert [a.id for a in arts] == ["small"]
    assert len(problems.lines) == 1 and "big.html" in problems.lines[0] and "--max-page-bytes" in problems.lines[0]


def test_readers_budgets_html_extraction_time_limit(tmp_path):
    p = tmp_path / "slow.html"
    p.write_text(_page(20_000))
    problems = pipeline.Problems()
    assert list(pipeline.read_all([str(p)], problems, max_extract_seconds=0.01)) == []
    assert problems.reasons["too-slow"] == 1 and "--max-extract-seconds" in problems.lines[0]


def test_readers_budgets_cli_add_options_and_summary(tmp_path):
    from click.testing import CliRunner

    from newsprism.cli import main

    p = tmp_path / "rows.jsonl"
    lines = [json.dumps({"id": f"r{i}", "title": f"T{i}", "text": BODY * (1 + i)}) for i in range(4)]
    lines[1] = json.dumps({"id": "big", "title": "big", "text": "z " * 20_000})
    p.write_text("\n".join(lines + ["{bad"] * 12))
    res = CliRunner().invoke(main, ["add", str(p), "--db", str(tmp_path / "s.db"), "--max-record-bytes", "20000",
                                    "--max-article-chars", "400"])
    assert res.exit_code == 0, res.output
    err = res.stderr.splitlines()
    assert sum("rows.jsonl#1" in ln and "--max-record-bytes" in ln for ln in err) == 1
    assert any(ln.startswith("warning:") and "--max-article-chars" in ln for ln in err)
    assert any("and 10 more" in ln for ln in err)
    assert "added 3" in res.stdout and "skipped 13 (broken-input: 12, too-large: 1)" in res.stdout
    assert "warnings: truncated: 2" in res.stdout


def test_readers_budgets_mixed_encoding_long_latin_line(tmp_path):
    p = tmp_path / "long.jsonl"
    text = "Señora Muñoz à Genève dijo que sí. " * 20
    good = json.dumps({"title": "Zürich", "text": BODY + " Ørsted"}, ensure_ascii=False).encode()
    p.write_bytes(good + b"\n" + json.dumps({"title": "Genève", "text": text}, ensure_ascii=False).encode("latin-1"))
    arts, errs = _read(p)
    assert arts[1].title == "Genève" and arts[1].text.startswith("Señora Muñoz à Genève")


def test_readers_budgets_record_file_total_stops_with_one_line(tmp_path):
    import gzip

    lines = "\n".join(json.dumps({"title": f"T{i}", "text": BODY}) for i in range(100)).encode()
    for name, blob in (("many.jsonl", lines), ("many.jsonl.gz", gzip.compress(lines))):
        p = tmp_path / name
        p.write_bytes(blob)
        arts, errs = _read(p, max_bytes=len(lines) // 4)
        assert 20 <= len(arts) < 26 and [a.title for a in arts[:2]] == ["T0", "T1"]
        assert len(errs) == 1 and errs[0].reason == "too-large" and "--max-file-bytes" in str(errs[0])


def test_readers_csv_bare_carriage_return_in_header_is_one_error(tmp_path):
    p = tmp_path / "cr.csv"
    p.write_bytes(b"id,ti\rtle,text\n1,Pellow,\"" + BODY.encode() + b"\"\n")
    problems = pipeline.Problems()
    assert list(pipeline.read_all([str(p)], problems)) == []  # one line for the file, no traceback
    assert problems.skipped == 1 and len(problems.lines) == 1
    assert "broken CSV header row" in problems.lines[0] and str(p) in problems.lines[0]
