"""Hand-built Articles for unit tests: invented text, sentences split on end punctuation."""

from __future__ import annotations

import re

from newsprism.model import Article, Sentence


def article(aid: str, text: str, date: str = "", dateline: str = "", outlet: str = "") -> Article:
    a = Article(id=aid, text=text, date=date, dateline=dateline, outlet=outlet or aid)
    for m in re.finditer(r"[^.!?]+[.!?]", text):
        s = m.group(0).lstrip()
        start = m.end() - len(s)
        a.sentences.append(Sentence(id=f"{aid}:s{len(a.sentences)}", article_id=aid, start=start,
                                    end=m.end(), text=s))
    return a


def quotes_of(text: str, entities=None, with_entities: bool = False, aid: str = "a1"):
    """Quotes of one segmented article; each must be verbatim and carry a sentence of the article.

    `with_entities`: resolve speakers through the story's own entities (extract_entities on the article).
    """
    from newsprism import segment
    from newsprism.entities import extract_entities
    from newsprism.quotes import extract_quotes
    art = segment.segment(Article(id=aid, text=text, outlet="Invented Daily"))
    if with_entities:
        entities = extract_entities([art])
    qs = extract_quotes([art], entities or [])
    for q in qs:
        assert art.text[q.start:q.end] == q.text
        assert art.sentence(q.sentence_id) is not None
    return qs


def marked(text: str) -> list[str]:
    """The texts inside quotation marks, as quotes_marks.find_quotes finds them."""
    from newsprism.quotes_marks import find_quotes
    return [text[s.start:s.end] for s in find_quotes(text)]


def one(qs, fragment: str):
    """The first quote holding `fragment` (fails listing the quotes when none does)."""
    hits = [q for q in qs if fragment in q.text]
    assert hits, f"no quote holds {fragment!r}: {[q.text for q in qs]}"
    return hits[0]
