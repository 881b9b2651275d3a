"""People, organisations, places; name variants joined. (stub, to be built)"""

from __future__ import annotations

from .model import Article, Entity, Fact, TimelineEvent


def extract_entities(articles: list[Article]) -> list[Entity]:
    return []


def timeline(articles: list[Article], facts: list[Fact]) -> list[TimelineEvent]:
    return []
