"""Every quote extracted from every PolNeAR dev article occurs verbatim at its span (real data)."""

from __future__ import annotations

import pytest

from newsprism import segment
from newsprism.model import Article
from newsprism.quotes import article_quotes


@pytest.mark.slow
def test_quotes_verbatim_on_every_dev_article(shared):
    texts = sorted((shared / "eval" / "quotes" / "polnear" / "dev" / "text").glob("*.txt"))
    if not texts:
        pytest.skip("PolNeAR dev texts not found under ../shared/eval/quotes/polnear/dev/text")
    total = 0
    for path in texts:
        art = segment.segment(Article(id=path.stem, text=path.read_text(encoding="utf-8")))
        for q in article_quotes(art):
            total += 1
            assert art.text[q.start:q.end] == q.text, (path.name, q.start, q.text[:60])
            assert q.text.strip() and q.text[0] not in "“”\"" and q.text[-1] not in ",“"
            s = art.sentence(q.sentence_id)
            assert s is not None and (s.start <= q.start < s.end or q.start < s.start), (path.name, q.id)
    assert total > 500
