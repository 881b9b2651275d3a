"""Renderers: Markdown and HTML show the brief; HTML escapes untrusted article content."""

from __future__ import annotations

import re

import pytest

from newsprism.errors import ConfigError
from newsprism.model import ArticleInfo, Brief, Citation, Conflict, ConflictSide, Story, SummarySentence
from newsprism.render import format_for_path, render


def _brief() -> Brief:
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    return Brief(
        story=Story(id="s1", title="Bridge " + evil),
        articles=[ArticleInfo(id="a1", title=evil, outlet="Outlet A", url="javascript:alert(3)")],
        summary=[SummarySentence("The bridge closed on Monday.", [Citation("a1", ["a1:s0"])])],
        conflicts=[Conflict(id="c1", kind="number", claim="how many lanes",
                            sides=[ConflictSide("two lanes", "2", citation=Citation("a1", ["a1:s2"]))])],
    )


def test_render_html_escapes_content_and_drops_script_urls():
    out = render(_brief(), "html")
    assert "<script>alert" not in out and "onerror=\"alert" not in out
    assert "&lt;script&gt;" in out
    assert "javascript:" not in out
    assert "The bridge closed on Monday." in out


def test_render_markdown_cites_articles():
    out = render(_brief(), "markdown")
    assert "The bridge closed on Monday. [a1]" in out
    assert "how many lanes" in out


def test_render_unknown_format_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown output format"):
        render(_brief(), "pdf")


def test_render_format_for_path():
    assert format_for_path("x.JSON") == "json"
    assert format_for_path("r.html") == "html"
    assert format_for_path("notes.md") == "markdown"


def _evidence_brief() -> Brief:
    """A fact on a toll three invented outlets give differently, with its conflict, an update and a dispute."""
    from _handmade import article

    from newsprism import evidence
    from newsprism.model import Fact
    arts = [article("p", "The ferry sank off Varo Point, killing 9 people. Port staff say the hull was sound.",
                    date="2031-06-01", outlet="Pellan Post"),
            article("q", "At least 11 people died when the ferry sank off Varo Point. The owner denied the report.",
                    date="2031-06-02", outlet="Quarry Times"),
            article("r", "The ferry sank off Varo Point and at least 11 people were killed <script>x()</script>.",
                    date="2031-06-02", outlet="Rill Herald")]
    cit = {a.id: Citation(a.id, [f"{a.id}:s0"], a.outlet) for a in arts}
    fact = Fact(id="f0", text=arts[0].sentences[0].text, citations=list(cit.values()), corroborated=True,
                independent_sources=3, outlets=[a.outlet for a in arts], values=["killed: at least 11 people"],
                conflicts=["c0"])
    other = Fact(id="f1", text="The ferry left at dawn.", corroborated=True, independent_sources=2,
                 citations=[Citation("p", ["p:s1"], "Pellan Post"), Citation("q", ["q:s1"], "Quarry Times")])
    disagree = Conflict(id="c0", kind="number", claim="death toll", about="killed", fact_id="f0",
                        sides=[ConflictSide("killing 9 people", "9", citation=cit["p"], date="2031-06-01"),
                               ConflictSide("at least 11", "at least 11", citation=cit["q"], date="2031-06-02"),
                               ConflictSide("at least 11", "at least 11", citation=cit["r"], date="2031-06-02")])
    update = Conflict(id="c1", kind="number", claim="toll over the day", about="dead", nature="update",
                      sides=[ConflictSide("11", "11", citation=cit["q"], date="2031-06-02"),
                             ConflictSide("9", "9", citation=cit["p"], date="2031-06-01")])
    disputed = Conflict(id="d0", kind="disputed", claim="the hull was sound", nature="disputed",
                        sides=[ConflictSide("Port staff say the hull was sound.", "the hull was sound", "Port staff",
                                            Citation("p", ["p:s1"], "Pellan Post")),
                               ConflictSide("The owner denied the report.", "denied", "The owner",
                                            Citation("q", ["q:s1"], "Quarry Times"))])
    b = Brief(story=Story(id="s", title="Ferry <script>alert(1)</script> sinks"),
              articles=[ArticleInfo.of(a) for a in arts], facts=[fact, other],
              conflicts=[update, disagree], disputes=[disputed])
    evidence.fill(b, arts)
    return b


def test_render_markdown_shows_each_outlet_and_the_conflict_under_its_fact():
    out = render(_evidence_brief(), "markdown")
    assert "killed: 9 (Pellan Post), at least 11 (Quarry Times, Rill Herald)" in out
    fact_at = out.index("## Corroborated facts")
    section = out[fact_at:out.index("The ferry left at dawn.")]  # the first fact, up to the second
    assert "- Quarry Times: At least 11 people died when the ferry sank off Varo Point. [q:s0]" in section
    assert "killed: 9 (Pellan Post), at least 11 (Quarry Times, Rill Herald)" in section
    assert "at least 11" not in out[out.index("The ferry left at dawn."):out.index("## Single-source")]


def test_render_markdown_orders_update_by_date_and_labels_disputes():
    out = render(_evidence_brief(), "markdown")
    assert "**update (ordered by publication time)** (c1): dead: 9 (Pellan Post, 2031-06-01) → 11 (Quarry Times, 2031-06-02)" in out
    assert "**disputed** (d0): Port staff: the hull was sound; The owner: denied" in out
    assert out.index("(c0)") < out.index("(c1)")  # disagreements first
    # a denial told in one article is shown apart from the conflicts between outlets
    between = out[out.index("## Conflicts between outlets"):out.index("## Disputed claims")]
    assert "(d0)" not in between and out.index("## Disputed claims") < out.index("(d0)")


def test_render_html_shows_disputes_apart_from_conflicts():
    out = render(_evidence_brief(), "html")
    between = out[out.index("<h2>Conflicts between outlets</h2>"):out.index("<h2>Disputed claims</h2>")]
    assert 'id="conflict-c0"' in between and 'id="conflict-d0"' not in between
    assert 'id="conflict-d0"' in out[out.index("<h2>Disputed claims</h2>"):]


def test_render_markdown_escapes_raw_html_from_articles():
    out = render(_evidence_brief(), "markdown")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "killed &lt;script&gt;x()&lt;/script&gt;." in out


def test_render_html_every_citation_links_to_its_highlighted_sentence():
    import re
    out = render(_evidence_brief(), "html")
    assert "<script" not in out and ".sent:target" in out
    sents = dict(re.findall(r'<p class="sent" id="([^"]+)">(.*?)</p>', out))
    links = re.findall(r'href="#([^"]+)"', out)
    assert links and all(x in sents for x in links), [x for x in links if x not in sents]
    assert any("At least 11 people died" in t for t in sents.values())
    cite = re.search(r'<a href="#([^"]+)" title="q:s0">', out).group(1)
    assert "At least 11 people died" in sents[cite]


def test_render_html_shows_conflict_values_under_the_fact():
    out = render(_evidence_brief(), "html")
    fact = out[out.index('id="fact-f0"'):out.index('id="fact-f1"')]
    assert "killed: 9 (Pellan Post), at least 11 (Quarry Times, Rill Herald)" in fact
    assert "<strong>Rill Herald</strong>: <a" in fact
    assert 'class="conflict update"' in out and "dead: 9 (Pellan Post, 2031-06-01) → 11 (Quarry Times, 2031-06-02)" in out


@pytest.fixture(scope="module")
def example_brief():
    from conftest import ROOT

    from newsprism.pipeline import build_brief, prepare
    story = ROOT / "examples" / "story"
    arts = prepare([str(story / "articles.jsonl"), str(story / "meridian_wire.html")])
    return build_brief(arts), arts


def test_render_html_report_of_example_story_links_every_citation_to_its_text(example_brief):
    import html as H
    import re
    b, arts = example_brief
    out = render(b, "html")
    texts = {a.id: a.text for a in arts}
    sents = {}
    for aid, body in re.findall(r'<section id="art-([^"]+)">(.*?)</section>', out, re.S):
        for anchor, start, end, text in re.findall(
                r'<p class="sent" id="([^"]+)"><span class="sid">[^<]* · (\d+)–(\d+)</span>(.*?)</p>', body, re.S):
            assert texts[H.unescape(aid)][int(start):int(end)] == H.unescape(text)
            sents[anchor] = text
    links = re.findall(r'href="#([^"]+)"', out)
    assert len(sents) > 20 and len(links) > 100
    assert all(x in sents or x.startswith(("art-", "conflict-")) for x in links)
    assert not [x for x in links if x.startswith("art-")]  # every citation names a sentence


def test_render_markdown_of_example_story_quotes_each_outlet(example_brief):
    b, _ = example_brief
    out = render(b, "markdown")
    conflicts = out[out.index("## Conflicts between outlets"):out.index("## Corroborated facts")]
    assert re.search(r"\b12\b[^()\n]*\(Northbridge Daily", conflicts) and "14" in conflicts
    facts = out[out.index("## Corroborated facts"):out.index("## Single-source claims")]
    for outlet in ("The Calder Courier", "Northbridge Daily", "Lakeside Gazette"):
        assert f"  - {outlet}: " in facts
    # the 12 vs 14 toll shows under the fact it belongs to (issue 18's demo check)
    blocks = re.split(r"\n- ", facts)
    assert any(re.search(r"\n  - \*\*[^*]+\*\* \(c\d+\): .*\b14\b.*\b12\b|\n  - \*\*[^*]+\*\* \(c\d+\): .*\b12\b.*\b14\b",
                         block) for block in blocks), facts[:3000]
