"""Cited extractive summary. (stub, to be built)"""

from __future__ import annotations

from .model import Article, Fact, SummarySentence


def summarise(articles: list[Article], facts: list[Fact], sim, max_sentences: int = 5) -> list[SummarySentence]:
    return [SummarySentence(f.text, f.citations) for f in facts[:max_sentences]]
