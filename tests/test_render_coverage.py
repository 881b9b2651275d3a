"""Coverage in the JSON, Markdown and HTML briefs: the example story with its invented outlet table, and a
hand-built blindspot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.model import Brief, Coverage, FirstReport, OutletCoverage
from newsprism.outlets import OutletTable, load_table
from newsprism.pipeline import build_brief, prepare
from newsprism.render import render

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "examples" / "story"


@pytest.fixture(scope="module")
def example():
    arts = prepare([str(STORY / "articles.jsonl"), str(STORY / "meridian_wire.html")])
    return build_brief(arts, backend="tfidf", outlets=OutletTable(load_table(str(STORY.parent / "outlets.csv"))))


def test_render_coverage_example_story_counts_the_wire_copy_once(example):
    c = example.coverage
    assert len(c.outlets) == 4 and c.sources == 3  # Lakeside Gazette reprints the Meridian text
    assert sum(c.by_lean.values()) == 3 and c.blindspot == ""
    assert {o.name for o in example.outlets} == {"The Calder Courier", "Northbridge Daily", "Lakeside Gazette",
                                                 "Meridian Press Agency"}
    gazette = next(o for o in c.outlets if o.outlet == "Lakeside Gazette")
    assert gazette.wire_copies == 1


def test_render_coverage_json_validates_against_the_schema(example):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "docs" / "brief.schema.json").read_text())
    d = json.loads(render(example, "json"))
    assert d["coverage"]["sources"] == 3 and d["outlets"][0]["extra"]["founded"]
    jsonschema.Draft202012Validator(schema).validate(d)


def test_render_coverage_markdown_and_html_sections(example):
    md = render(example, "markdown")
    sec = md[md.index("## Coverage"):md.index("## Summary")]
    assert "4 outlets, 3 independent sources" in sec
    assert sec.index("lean left 1") < sec.index("centre 1") < sec.index("right 1")  # left to right
    assert "first reported by: " in sec and "Northbridge Daily: right, Calderland" in sec
    html = render(example, "html")
    sec = html[html.index("<h2>Coverage</h2>"):html.index("<h2>Summary</h2>")]
    assert 'class="covbar"' in sec and "lean-left" in sec and "lean-right" in sec
    assert "<td>Meridian Press Agency</td>" in sec


def test_render_coverage_blindspot_is_stated_in_markdown_and_html():
    cov = Coverage(outlets=[OutletCoverage(outlet="Left Post", lean="left", article_ids=["a", "b", "c"])], sources=3,
                   by_lean={"left": 3}, rated_sources=3, blindspot="left", blindspot_share=1.0,
                   first_reported=[FirstReport(outlet="Left Post", article_id="a", date="2031-01-01")])
    b = Brief(coverage=cov)
    assert "**blindspot**: carried almost only by left outlets (100% of 3 rated sources)" in render(b, "markdown")
    assert "Blindspot:</strong> carried almost only by left outlets" in render(b, "html")


def test_render_coverage_absent_leaves_no_section():
    assert "## Coverage" not in render(Brief(), "markdown")
    assert "<h2>Coverage</h2>" not in render(Brief(), "html")
