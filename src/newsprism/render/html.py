"""Self-contained HTML report (inline CSS, no scripts, no external assets); article content is escaped."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..model import Brief

_env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                   autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)


def _safe_url(url: str) -> str:
    """Only http(s) links survive; anything else (javascript:, data:) becomes empty."""
    return url if url.lower().startswith(("http://", "https://")) else ""


_env.filters["safe_url"] = _safe_url


def render_html(b: Brief) -> str:
    d = b.to_dict()
    titles = {a["id"]: (a["outlet"] or a["id"]) for a in d["articles"]}
    return _env.get_template("brief.html.j2").render(b=d, names=titles)
