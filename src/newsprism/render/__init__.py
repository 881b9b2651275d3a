"""Renderers: a Brief to JSON, Markdown or a self-contained HTML page."""

from __future__ import annotations

from ..errors import ConfigError
from ..model import Brief


def render(brief: Brief, fmt: str) -> str:
    if fmt == "json":
        from .json import render_json
        return render_json(brief)
    if fmt in ("md", "markdown"):
        from .markdown import render_markdown
        return render_markdown(brief)
    if fmt == "html":
        from .html import render_html
        return render_html(brief)
    raise ConfigError(f"unknown output format {fmt!r}: expected json, markdown or html")


def format_for_path(path: str) -> str:
    low = path.lower()
    if low.endswith(".json"):
        return "json"
    if low.endswith((".html", ".htm")):
        return "html"
    return "markdown"
