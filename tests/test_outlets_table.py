"""Outlet tables (CSV/JSON, extra columns kept) and recognising outlets by registered domain, name and byline.

All outlets here are invented.
"""

from __future__ import annotations

import socket

import pytest

from newsprism.errors import ConfigError
from newsprism.model import Article
from newsprism.outlets import OutletTable, load_table, name_key, parse_table, registered_domain

CSV = """domain,name,lean,owner,country,kind,aliases,founded
https://www.ferncastle-herald.example/,The Ferncastle Herald,lean left,Herald Trust,Ostreland,partisan,,1901
news.quillby-times.co.uk,Quillby Times,right,Quill Group,Westmark,partisan,QT,1960
,Bramble Wire Service,centre,Bramble Coop,Ostreland,wire,Bramble;BWS,1930
"""


def test_outlets_csv_keeps_extra_columns_and_normalises_domains():
    rows = parse_table(CSV)
    assert [o.domain for o in rows] == ["ferncastle-herald.example", "quillby-times.co.uk", ""]
    assert rows[0].extra == {"founded": "1901"} and rows[0].lean == "lean left"
    assert rows[1].aliases == ["QT"] and rows[2].aliases == ["Bramble", "BWS"]
    assert rows[2].kind == "wire"


def test_outlets_json_list_or_object_and_synonym_columns():
    one = parse_table('[{"site": "pellow.example", "outlet": "Pellow Post", "bias": "left", "type": "Public",'
                      ' "audience": 1200}]')
    two = parse_table('{"outlets": [{"domain": "pellow.example", "name": "Pellow Post"}]}')
    assert one[0].domain == two[0].domain == "pellow.example"
    assert one[0].lean == "left" and one[0].kind == "public" and one[0].extra == {"audience": "1200"}


@pytest.mark.parametrize("text, words", [
    ("", "empty"),
    ("lean,owner\nleft,x\n", "'domain' or 'name'"),
    ('[{"lean": "left"}]', "item 1"),
    ("{broken", "not valid JSON"),
])
def test_outlets_bad_tables_say_what_and_where(text, words):
    with pytest.raises(ConfigError, match=words):
        parse_table(text, "mine.csv")


def test_outlets_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_table(str(tmp_path / "none.csv"))


def test_outlets_registered_domain_uses_the_public_suffix_list_without_network(monkeypatch):
    def no_network(*a, **k):
        raise AssertionError("network used")
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    registered_domain.cache_clear()
    from newsprism import outlets
    outlets._psl.cache_clear()
    assert registered_domain("https://news.quillby-times.co.uk/a/b?x=1") == "quillby-times.co.uk"
    assert registered_domain("http://www.pellow.example:8080/") == "pellow.example"
    assert registered_domain("https://sub.ferncastle.com.au/x") == "ferncastle.com.au"
    assert registered_domain("http://10.0.0.7/page") == "10.0.0.7"
    assert registered_domain("") == ""


def test_outlets_match_by_host_then_name_and_wire_byline():
    t = OutletTable(parse_table(CSV))
    by_url = t.match(Article(id="a", outlet="Somebody Else", url="https://sport.quillby-times.co.uk/x"))
    assert (by_url.name, by_url.how) == ("Quillby Times", "url")
    by_name = t.match(Article(id="b", outlet="the  ferncastle-herald"))
    assert (by_name.name, by_name.how) == ("The Ferncastle Herald", "name")
    by_site_name = t.match(Article(id="c", outlet="ferncastle-herald.example"))
    assert by_site_name.how == "name" and by_site_name.name == "The Ferncastle Herald"
    wire = t.match(Article(id="d", outlet="Unlisted Gazette", agency="By BWS/Staff"))
    assert wire.outlet is None and wire.name == "Unlisted Gazette" and wire.agency.name == "Bramble Wire Service"
    unknown = t.match(Article(id="e", url="https://unlisted.example/x"))
    assert unknown.outlet is None and unknown.name == "unlisted.example"


def test_outlets_name_key_ignores_case_accents_punctuation_and_the():
    assert name_key("The Ferncastle-Héràld") == name_key("ferncastle herald") == "ferncastle herald"
