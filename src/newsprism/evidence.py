"""Every Citation of a brief gets the text and character span of each cited sentence.

Reads Article.sentences; writes Citation.evidence in place, so a reader or a script can check a claim
against the article without the web UI (docs/schema.md).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .model import Article, Citation, Evidence


def _walk(obj: Any, seen: set[int]):
    if id(obj) in seen:
        return
    if isinstance(obj, Citation):
        seen.add(id(obj))
        yield obj
        return
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        seen.add(id(obj))
        for f in dataclasses.fields(obj):
            yield from _walk(getattr(obj, f.name), seen)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _walk(v, seen)
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _walk(v, seen)


def fill(obj: Any, articles: list[Article]) -> None:
    """Set `evidence` on every Citation reachable from `obj` (a Brief or any model object).

    A citation whose stage already set its evidence (a timeline entry citing the clause of a sentence
    that dates it) keeps it.
    """
    sents = {s.id: s for a in articles for s in a.sentences}
    for c in _walk(obj, set()):
        if c.evidence:
            continue
        c.evidence = [Evidence(sid, sents[sid].text, sents[sid].start, sents[sid].end)
                      for sid in c.sentence_ids if sid in sents]
