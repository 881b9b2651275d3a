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
    """The output format an -o file's extension asks for; ConfigError for a format newsprism cannot write."""
    low = path.lower()
    if low.endswith(".json"):
        return "json"
    if low.endswith((".html", ".htm")):
        return "html"
    ext = low.rsplit(".", 1)[-1] if "." in low.rsplit("/", 1)[-1] else ""
    if ext and ext not in ("md", "markdown", "txt"):
        raise ConfigError(f"{path}: cannot write .{ext} files; use .md (Markdown), .json or .html "
                          "(print an HTML report to PDF from a browser)")
    return "markdown"
