"""Quotes, cues and speakers; matching across articles. (stub, to be built)"""

from __future__ import annotations

from .model import Article, CopyGroup, Entity, Quote, QuoteMatch


def extract_quotes(articles: list[Article], entities: list[Entity]) -> list[Quote]:
    return []


def match_quotes(quotes: list[Quote], articles: list[Article], groups: list[CopyGroup]) -> list[QuoteMatch]:
    return []
