"""Model objects serialise to plain JSON; internal fields stay out of the brief."""

from __future__ import annotations

import json

from newsprism.model import Article, Brief, Citation, Fact, Quote, to_dict


def test_model_internal_fields_not_serialised():
    a = Article(id="a1", title="T", text="Body.", raw_text="RAW SECRET", removed=["Follow someone on Twitter."])
    d = to_dict(a)
    assert "raw_text" not in d and "removed" not in d
    assert d["title"] == "T"


def test_model_brief_round_trips_through_json():
    f = Fact(id="f1", text="The bridge closed.", citations=[Citation("a1", ["a1:s0"], "Outlet A")], corroborated=True)
    q = Quote(id="q1", article_id="a1", sentence_id="a1:s1", text="We will reopen it", start=1, end=18,
              speaker="Ana Ruiz", cue="said")
    b = Brief(facts=[f], quotes=[q])
    d = json.loads(json.dumps(b.to_dict()))
    assert d["schema_version"] == "3.0"
    assert d["facts"][0]["citations"][0]["sentence_ids"] == ["a1:s0"]
    assert d["quotes"][0]["speaker"] == "Ana Ruiz"
