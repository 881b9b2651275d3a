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
