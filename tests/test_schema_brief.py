"""The JSON brief validates against docs/brief.schema.json, and every citation's evidence is the article's own text.

Needs `jsonschema` (in the `dev` extra). Real outputs: the seed pair (../shared/seeds) and the example story.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from _handmade import article

from newsprism import evidence
from newsprism.model import (
    ArticleInfo,
    Brief,
    Citation,
    Conflict,
    ConflictSide,
    Entity,
    Fact,
    Quote,
    Story,
    TimelineEvent,
)
from newsprism.pipeline import build_brief, prepare

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema missing: pip install -e '.[dev]'")

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "brief.schema.json").read_text())


def schema_errors(d: dict) -> list[str]:
    """Every error, with the reasons inside anyOf branches (a conflict side's citation may be null)."""
    def flat(errs):
        for e in errs:
            yield f"{e.json_path}: {e.message}"
            yield from flat(e.context or [])
    return list(flat(jsonschema.Draft202012Validator(SCHEMA).iter_errors(d)))


def _citations(obj):
    if isinstance(obj, dict):
        if "article_id" in obj and "sentence_ids" in obj:
            yield obj
        for v in obj.values():
            yield from _citations(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _citations(v)


def evidence_errors(d: dict, articles) -> list[str]:
    """What a script checking a brief against the articles finds wrong: each cited sentence is the article's text."""
    texts = {a.id: a.text for a in articles}
    errs = []
    for c in _citations(d):
        ev = c.get("evidence") or []
        if [e.get("sentence_id") for e in ev] != c["sentence_ids"]:
            errs.append(f"{c['article_id']}: evidence {[e.get('sentence_id') for e in ev]} != {c['sentence_ids']}")
        text = texts.get(c["article_id"])
        if text is None:
            errs.append(f"{c['article_id']}: cited article not in the story")
            continue
        for e in ev:
            if not (0 <= e["start"] < e["end"] <= len(text)) or text[e["start"]:e["end"]] != e["text"]:
                errs.append(f"{e['sentence_id']}: span {e['start']}:{e['end']} does not hold {e['text'][:40]!r}")
    return errs


@pytest.fixture(scope="module", params=["seeds", "example"])
def real(request):
    if request.param == "seeds":
        from conftest import SHARED
        paths = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
        if not paths:
            pytest.skip(f"no seeds under {SHARED}")
    else:
        story = ROOT / "examples" / "story"
        paths = [str(story / "articles.jsonl"), str(story / "meridian_wire.html")]
    arts = prepare(paths)
    return build_brief(arts).to_dict(), arts


def test_schema_brief_real_outputs_validate(real):
    d, arts = real
    assert schema_errors(json.loads(json.dumps(d))) == []
    assert sum(1 for _ in _citations(d)) > 10
    assert evidence_errors(d, arts) == []


def test_schema_brief_real_output_with_a_moved_span_is_caught(real):
    d, arts = copy.deepcopy(real[0]), real[1]
    ev = d["facts"][0]["citations"][0]["evidence"][0] if d["facts"] else d["summary"][0]["citations"][0]["evidence"][0]
    ev["start"] += 1
    assert schema_errors(d) == []  # still well-formed: only the article text can tell
    assert any("does not hold" in e for e in evidence_errors(d, arts))


def _handmade():
    a1 = article("a1", "The Orlen bridge closed on Monday. Twelve people were hurt.", date="2031-05-02",
                 outlet="Invented Daily")
    a2 = article("a2", "Officials shut the Orlen bridge on Monday. At least 14 people were hurt.", date="2031-05-03",
                 outlet="Made-up Post")
    arts = [a1, a2]
    fact = Fact(id="f0", text=a1.sentences[0].text, corroborated=True, independent_sources=2,
                outlets=["Invented Daily", "Made-up Post"],
                citations=[Citation("a1", ["a1:s0"], "Invented Daily"), Citation("a2", ["a2:s0"], "Made-up Post")],
                values=["hurt: at least 14 people"], conflicts=["c0"])
    conflict = Conflict(id="c0", kind="number", claim="hurt", about="hurt (people)", fact_id="f0", nature="update",
                        articles=["a1", "a2"],
                        sides=[ConflictSide("Twelve people were hurt.", "12", "Invented Daily",
                                            Citation("a1", ["a1:s1"], "Invented Daily"), date="2031-05-02"),
                               ConflictSide("At least 14 people were hurt.", "at least 14", "Made-up Post",
                                            Citation("a2", ["a2:s1"], "Made-up Post"), date="2031-05-03")])
    b = Brief(story=Story(id="s1", title="Bridge <b>closed</b>", article_ids=["a1", "a2"]),
              articles=[ArticleInfo.of(a) for a in arts], facts=[fact], conflicts=[conflict],
              quotes=[Quote(id="q0", article_id="a1", sentence_id="a1:s0", text="bridge", start=10, end=16)],
              entities=[Entity(id="e0", name="Orlen", kind="place", mentions=[Citation("a1", ["a1:s0"])])],
              timeline=[TimelineEvent(date="2031-04-28", text="closed", citations=[Citation("a2", ["a2:s0"])])])
    evidence.fill(b, arts)
    return b, arts


def test_schema_brief_handmade_validates():
    b, arts = _handmade()
    d = json.loads(json.dumps(b.to_dict()))
    assert schema_errors(d) == []
    assert evidence_errors(d, arts) == []
    assert d["conflicts"][0]["sides"][1]["citation"]["evidence"][0]["text"] == "At least 14 people were hurt."


@pytest.mark.parametrize("breakage, expected", [
    (lambda c: c.update(evidence=[]), "should be non-empty"),
    (lambda c: c.pop("evidence"), "'evidence' is a required property"),
    (lambda c: c["evidence"][0].pop("text"), "'text' is a required property"),
    (lambda c: c["evidence"][0].update(text=""), "should be non-empty"),
    (lambda c: c["evidence"][0].pop("start"), "'start' is a required property"),
    (lambda c: c["evidence"][0].update(end="12"), "is not of type 'integer'"),
    (lambda c: c.update(note="x"), "Additional properties are not allowed"),
])
@pytest.mark.parametrize("where", ["fact", "conflict side"])
def test_schema_brief_citation_without_evidence_fails(breakage, expected, where):
    b, _ = _handmade()
    d = b.to_dict()
    breakage(d["facts"][0]["citations"][0] if where == "fact" else d["conflicts"][0]["sides"][0]["citation"])
    errs = schema_errors(d)
    assert errs and any(expected in e for e in errs), errs


def test_schema_brief_span_not_matching_article_fails():
    b, arts = _handmade()
    d = b.to_dict()
    d["facts"][0]["citations"][1]["evidence"][0]["text"] = "Officials shut the Orlen bridge on Tuesday."
    assert evidence_errors(d, arts) == ["a2:s0: span 0:42 does not hold 'Officials shut the Orlen bridge on Tuesd'"]


def test_schema_brief_rejects_old_major_version_and_unknown_nature():
    b, _ = _handmade()
    d = b.to_dict()
    d["schema_version"] = "1.0"
    d["conflicts"][0]["nature"] = "rumour"
    errs = schema_errors(d)
    assert any("schema_version" in e for e in errs) and any("nature" in e for e in errs), errs
