"""Renderers: Markdown and HTML show the brief; HTML escapes untrusted article content."""

from __future__ import annotations

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
