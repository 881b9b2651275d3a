"""Self-contained HTML report (no external assets); all article content is escaped."""

from __future__ import annotations

import html

from ..model import Brief
from .markdown import render_markdown


def render_html(b: Brief) -> str:
    title = html.escape(b.story.title if b.story else "newsprism brief")
    body = html.escape(render_markdown(b))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><pre>{body}</pre></body></html>\n")
