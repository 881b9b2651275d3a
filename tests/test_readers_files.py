"""readers: every file kind from files the tests write; one InputError per bad input, good records kept."""

from __future__ import annotations

import gzip
import json

import pytest

from newsprism import readers
from newsprism.errors import InputError

PAGE = """<!doctype html><html><head><title>Pier reopens | Island Daily</title>
<meta property="og:site_name" content="Island Daily"><meta name="author" content="Jana Pirell">
<meta property="article:published_time" content="2024-03-05"></head><body><nav>Home | World</nav>
<article><h1>Pier reopens</h1><p>The harbour pier in Lorvik reopened on Monday after a winter of repairs,
officials said, and the first ferry docked shortly after dawn.</p><p>"We are glad this is settled," said
Maren Tolvo, the council chair, who watched the boat arrive with a small crowd of islanders.</p>
<p>The repairs cost more than planned because storms damaged the piles twice during the works.</p></article>
<footer>Copyright Island Daily</footer></body></html>"""


def read_all(src, **kw):
    return list(readers.read(str(src), **kw))


def test_readers_html_text_and_metadata(tmp_path):
    p = tmp_path / "pier.html"
    p.write_text(PAGE)
    (a,) = read_all(p)
    assert a.id == "pier" and a.title.startswith("Pier reopens")
    assert a.outlet == "Island Daily" and a.author == "Jana Pirell" and a.date.startswith("2024-03-05")
    assert "first ferry docked" in a.text and "Home | World" not in a.text
    assert a.text.count("\n") >= 2  # paragraph breaks kept


def test_readers_gz_html_same_as_plain(tmp_path):
    (tmp_path / "a.html").write_text(PAGE)
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    assert read_all(tmp_path / "a.html")[0].text == read_all(tmp_path / "b.html.gz")[0].text


def test_readers_jsonl_bad_record_does_not_kill_the_rest(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"title": "One", "text": "Body one.", "url": "http://x/1", "outlet": "O"}) + "\n"
                 "{broken\n" + json.dumps({"title": "Two"}) + "\n" + json.dumps({"text": "Body three."}) + "\n")
    seen = []
    arts = read_all(p, on_error=seen.append)
    assert [a.text for a in arts] == ["Body one.", "Body three."] and arts[0].outlet == "O"
    assert [e.reason for e in seen] == ["broken-input", "missing-field"]
    assert "no text field" in str(seen[1]) and "#2" in str(seen[1])
    got, err = [], None
    try:
        for a in readers.read(str(p)):
            got.append(a)
    except InputError as e:
        err = e
    assert len(got) == 2 and err is not None and "2 bad item(s)" in str(err)


def test_readers_csv_and_json_with_field_mapping(tmp_path):
    c = tmp_path / "d.csv"
    c.write_text("headline,story,site\nH1,Body one.,S\nH2,Body two.,S\n")
    arts = read_all(c, text_field="story", title_field="headline", outlet_field="site")
    assert [(a.title, a.text, a.outlet) for a in arts] == [("H1", "Body one.", "S"), ("H2", "Body two.", "S")]
    j = tmp_path / "d.json"
    j.write_text(json.dumps({"articles": [{"headline": "A", "content": "Text A."}]}))
    assert read_all(j)[0].text == "Text A."


def test_readers_directory_recurses_and_skips_unknown(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Title A\n\nBody A.")
    (tmp_path / "b.html").write_text(PAGE)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert sorted(a.id for a in read_all(tmp_path)) == ["a", "b"]


@pytest.mark.parametrize("name,data,reason", [
    ("e.txt", b"", "empty"), ("bin.html", b"\x00\x01\x02" * 100, "binary"),
    ("t.html.gz", gzip.compress(PAGE.encode())[:60], "broken-input"), ("x.docx", b"PK\x03\x04", "unknown-format"),
    ("bad.json", b"{not json", "broken-input"), ("noart.html", b"<html><body></body></html>", "empty"),
])
def test_readers_bad_file_one_clear_error(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_all(p)
    assert info.value.reason == reason and name in str(info.value)


def test_readers_latin1_text_decoded(tmp_path):
    p = tmp_path / "l.txt"
    p.write_bytes("Caf\xe9 reopens\n\nThe caf\xe9 on the pier reopened on Monday after the long winter.".encode("latin-1"))
    assert "café" in read_all(p)[0].text
