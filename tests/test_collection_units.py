"""Stories do not depend on the commit batch (`newsprism add --batch`): articles are committed per batch
and given stories per clustering unit, in input order. Invented articles and outlets."""

from __future__ import annotations

import json

import click
from click.testing import CliRunner

from newsprism import stories
from newsprism.cli import add, main
from newsprism.collection import Collection
from newsprism.store import Store

TOPICS = [
    ("Varnby ferry", "The Varnby ferry Pellow Star ran aground on a sandbar near the harbour mouth on Tuesday, and "
     "the crew waited for the tide while tugs from Ostwick pulled the hull free by nightfall."),
    ("Kettle orchard", "Frost struck the Kettle valley orchards overnight, and growers said the apple blossom had "
     "browned on most trees, so the cooperative expects a thin harvest and higher cider prices."),
    ("Ferrow museum", "The Ferrow museum opened its gallery of river paintings after a long restoration, and the "
     "curator said the loaned canvases will hang until spring before returning to collectors abroad."),
    ("Tollan bridge", "Engineers closed the Tollan bridge after inspectors found cracked girders under the eastern "
     "span, and buses now detour through the old market road while repairs are planned."),
    ("Marrow reservoir", "The Marrow reservoir fell to a third of capacity after the dry summer, and the water board "
     "asked households to stop using hoses while crews fix leaking mains across town."),
    ("Quill tram", "Drivers on the Quill tram network walked out over rosters on Monday, leaving depots idle, and "
     "the operator said fares would be refunded to season ticket holders for the lost days."),
]
# one page-chrome paragraph on the first four pages (of different stories): dropped once it has been
# counted in 3 articles; when the paragraph counts moved per commit batch, a batch of 2 kept it on the
# first two pages and they joined one story through it
CHROME = ("Readers of the Lantern Post can find tide tables, market prices, school notices and the weekly puzzle "
          "answers on the back pages of every weekend print edition this season.")


def _corpus(path) -> None:
    recs = []
    for k in range(3):
        for t, (title, body) in enumerate(TOPICS):
            words = body.split()
            text = " ".join(words[k:] + words[:k])  # each follow-up worded in another order
            if len(recs) < 4:
                text += "\n\n" + CHROME
            recs.append({"id": f"t{t}-{k}", "title": f"{title} update {k}", "text": text, "outlet": f"Out{k}"})
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n")


def _rows(db) -> list[tuple[str, str]]:
    with Store(str(db)) as st:
        return st.db.execute("SELECT id, story_id FROM articles ORDER BY rowid").fetchall()


def test_collection_units_add_batch_sizes_give_identical_stories(tmp_path):
    path = tmp_path / "news.jsonl"
    _corpus(path)
    got = {}
    for b in (2, 5, 50):
        db = tmp_path / f"b{b}.db"
        res = CliRunner().invoke(main, ["add", str(path), "--db", str(db), "--batch", str(b)])
        assert res.exit_code == 0, res.output
        got[b] = _rows(db)
    assert got[2] == got[5] == got[50]
    assert len({s for _, s in got[2]}) == len(TOPICS)  # one story per topic, the chrome joins nothing
    res = CliRunner().invoke(main, ["cluster", str(path), "--format", "tsv"])  # one-shot: the same stories
    assert res.exit_code == 0, res.output
    assert [tuple(line.split("\t")[:2]) for line in res.output.splitlines() if "\t" in line] == got[2]


def test_collection_units_smaller_than_input_are_cut_in_input_order(tmp_path):
    """With a unit of 4 the 18 articles are clustered in 5 units, the same ones for any commit batch."""
    path = tmp_path / "news.jsonl"
    _corpus(path)
    got, told = {}, {}
    for b in (1, 3, 7, 100):
        with Store(":memory:") as st:
            col = Collection(st, cluster_unit=4)
            rep = col.ingest([str(path)], batch_size=b)
            assert col.pending == [] and st.unassigned() == []
            got[b] = st.db.execute("SELECT id, story_id FROM articles ORDER BY rowid").fetchall()
            told[b] = rep.stories_touched
    assert got[1] == got[3] == got[7] == got[100]
    assert told[1] == told[100] == {s for _, s in got[1]}


def test_collection_units_cli_default_is_the_library_unit():
    opt = next(p for p in add.params if isinstance(p, click.Option) and p.name == "cluster_unit")
    assert opt.default == stories.UNIT


def test_collection_units_placeholder_year_one_date_is_no_day(tmp_path):
    """A page dated 0001-01-01 (a placeholder) is stored undated for stories instead of ending the run."""
    assert stories._parse_date("0001-01-01") is None
    path = tmp_path / "odd.jsonl"
    body = TOPICS[0][1]
    path.write_text(json.dumps({"id": "p1", "title": "Varnby ferry", "text": body, "date": "0001-01-01"}) + "\n")
    with Store(":memory:") as st:
        rep = Collection(st).ingest([str(path)])
        assert rep.added == 1 and st.unassigned() == []
