"""Dated events (stub)."""
from __future__ import annotations

from .model import Article, Fact, TimelineEvent


def timeline(articles: list[Article], facts: list[Fact]) -> list[TimelineEvent]:
    return []
