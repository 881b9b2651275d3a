"""Local web UI (FastAPI + Jinja2): stories, briefs, side-by-side articles, charts, JSON API."""

from __future__ import annotations


def create_app(store=None, db_path=None, build_wait=None):
    """The FastAPI app; imported lazily so the CLI works without the web extra installed."""
    from .app import create_app as _create
    return _create(store=store, db_path=db_path, build_wait=build_wait)
