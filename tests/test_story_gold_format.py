"""Story gold files (FORMAT.md in ../shared/eval/stories) are locatable: every evidence, quote and
boilerplate string is an exact substring of its article's text, and every referenced article id exists.

Runs on the shared gold and on every folder of the project's own gold under eval/data (stories*)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

OWN = sorted((ROOT / "eval" / "data").glob("stories*"))
KEYS = {"id", "about", "source", "articles", "facts", "conflicts", "quotes", "events", "labels",
        "entities", "boilerplate"}


def _files() -> list[Path]:
    dirs = [SHARED / "eval" / "stories", *OWN]
    return sorted(p for d in dirs if d.is_dir() for p in d.glob("*.json"))


def story_problems(story: dict) -> list[str]:
    """Every way one gold story breaks the format's locatability rules (empty list = fine)."""
    problems = []
    missing = KEYS - story.keys()
    if missing:
        problems.append(f"missing keys {sorted(missing)}")
    ids = [a.get("id") for a in story.get("articles", [])]
    if len(set(ids)) != len(ids):
        problems.append(f"duplicate article ids {ids}")
    text = {a.get("id"): a.get("text", "") for a in story.get("articles", [])}

    def located(where: str, art: str, s: str) -> None:
        if art not in text:
            problems.append(f"{where}: article {art!r} does not exist (have {sorted(text)})")
        elif not isinstance(s, str) or not s.strip():
            problems.append(f"{where}: empty string for {art}")
        elif s not in text[art]:
            problems.append(f"{where}: not a substring of {art}: {s[:80]!r}")

    for i, f in enumerate(story.get("facts", [])):
        if not f.get("evidence"):
            problems.append(f"facts[{i}]: no evidence")
        for art, s in f.get("evidence", {}).items():
            located(f"facts[{i}]", art, s)
    for i, c in enumerate(story.get("conflicts", [])):
        if c.get("nature") not in ("update", "disagreement"):
            problems.append(f"conflicts[{i}]: nature {c.get('nature')!r}")
        if len(c.get("values", [])) < 2:
            problems.append(f"conflicts[{i}]: fewer than two values")
        for v in c.get("values", []):
            located(f"conflicts[{i}]", v.get("article"), v.get("evidence"))
    for i, e in enumerate(story.get("events", [])):
        for art, s in e.get("evidence", {}).items():
            located(f"events[{i}]", art, s)
    for i, q in enumerate(story.get("quotes", [])):
        arts = q.get("articles", [])
        unknown = [a for a in arts if a not in text]
        if unknown or not arts:
            problems.append(f"quotes[{i}]: unknown or no articles {unknown or arts}")
        # a quote may be worded differently across articles, but it must be found verbatim in one
        elif not any(q.get("text", "") in text[a] for a in arts):
            problems.append(f"quotes[{i}]: text in none of {arts}: {q.get('text', '')[:80]!r}")
    for i, lab in enumerate(story.get("labels", [])):
        if lab.get("article") not in text:
            problems.append(f"labels[{i}]: article {lab.get('article')!r} does not exist")
    for s in story.get("boilerplate", []):
        if not any(s in t for t in text.values()):
            problems.append(f"boilerplate not in any article: {s[:80]!r}")
    return problems


@pytest.mark.parametrize("path", _files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_story_gold_format_locatable(path: Path) -> None:
    story = json.loads(path.read_text(encoding="utf-8"))
    assert story_problems(story) == [], f"{path}"


def test_story_gold_format_checker_catches_breaks() -> None:
    good = {k: [] for k in KEYS}
    good.update(id="x", about="x", source="x",
                articles=[{"id": "a1", "text": "The mayor of Eastvale said 12 bridges closed."},
                          {"id": "a2", "text": "Twelve bridges closed, officials said."}],
                facts=[{"claim": "bridges closed", "evidence": {"a1": "12 bridges closed", "a2": "bridges closed"}}],
                quotes=[{"text": "bridges closed", "speaker": "officials", "articles": ["a1", "a2"]}])
    assert story_problems(good) == []
    bad = json.loads(json.dumps(good))
    bad["facts"][0]["evidence"]["a2"] = "twelve bridges closed"  # case differs: not exact
    bad["facts"][0]["evidence"]["a3"] = "bridges"  # no such article
    bad["conflicts"] = [{"about": "n", "kind": "number", "nature": "guess",
                         "values": [{"article": "a1", "value": "12", "evidence": "12 bridges"}]}]
    bad["quotes"][0]["text"] = "bridges were closed"
    bad["labels"] = [{"actor": "mayor", "article": "a9", "labels": ["mayor"]}]
    bad["boilerplate"] = ["Share this"]
    found = story_problems(bad)
    assert len(found) == 7, found
    assert _files(), "no gold stories found"


def test_story_scorer_keys_gold_values_by_day_then_number() -> None:
    import importlib.util
    spec = importlib.util.spec_from_file_location("eval_stories", ROOT / "eval" / "stories.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.value_key("late Friday (2031-05-27)") != mod.value_key("last weekend (2031-05-28/29)")
    assert mod.value_key("312 (also cites 309)") == "312" and mod.value_key("aged 11 to 16") == "11-16"
    assert mod.value_key("Loretta Tal") == "loretta tal"
