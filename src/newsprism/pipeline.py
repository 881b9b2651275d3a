"""Wires the stages: inputs -> Articles -> Brief. The only module that imports stages."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import (
    align,
    clean,
    conflicts,
    copies,
    coverage,
    entities,
    evidence,
    framing,
    language,
    nlp,
    quotes,
    readers,
    segment,
    similarity,
    summarise,
    timeline,
    values,
)
from .errors import InputError, InputWarning
from .model import Article, ArticleInfo, Brief, Story
from .outlets import OutletTable


@dataclass
class Problems:
    """Skipped inputs counted by reason (warnings apart); the first `per_source` of each input named.

    Memory stays bounded whatever the number of bad records: past `per_source` lines for one input,
    only a count is kept, reported as one "and K more" line by `finish()`.
    """

    lines: list[str] = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    per_source: int = 5
    _shown: Counter = field(default_factory=Counter)
    _hidden: Counter = field(default_factory=Counter)

    def add(self, err: InputError, source: str | None = None) -> None:
        key = source or err.source
        warn = isinstance(err, InputWarning)
        (self.warnings if warn else self.reasons)[err.reason] += 1
        if self._shown[key] < self.per_source:
            self._shown[key] += 1
            self.lines.append(f"warning: {err}" if warn else str(err))
        else:
            self._hidden[key] += 1

    def finish(self) -> list[str]:
        """The lines, with one "and K more" line per input that had more than `per_source`."""
        for key, k in self._hidden.items():
            self.lines.append(f"{key}: and {k:,} more bad or changed item(s), counted above but not listed")
        self._hidden.clear()
        return self.lines

    @property
    def skipped(self) -> int:
        return sum(self.reasons.values())


def read_all(inputs: Iterable[str | Article], problems: Problems | None = None, **options) -> Iterator[Article]:
    """Articles from paths/URLs (or Articles passed through); bad inputs go to `problems`, the rest go on."""
    problems = problems if problems is not None else Problems()
    for item in inputs:
        if isinstance(item, Article):
            yield item
            continue
        src = str(item)
        try:
            yield from readers.read(src, on_error=lambda err, src=src: problems.add(err, src), **options)
        except InputError as err:
            problems.add(err, src)


def prepare_one(article: Article) -> Article:
    """Per-article stages (clean, segment): what a local or a Ray runner calls on each article."""
    return segment.segment(clean.clean(article))


def prepare(inputs: Iterable[str | Article], problems: Problems | None = None, **options) -> list[Article]:
    """Read, clean (with cross-article rules) and segment."""
    problems = problems if problems is not None else Problems()
    arts = list(read_all(inputs, problems, **options))
    arts = clean.clean_batch(arts)
    arts = language.tag([segment.segment(a) for a in arts])
    for w in language.warnings(arts):
        problems.add(w)
    return arts


def _encode_ahead(sim, articles: list[Article]) -> None:
    """The sentence-model calls of align and summarise, made now and in their order (so the same vectors)."""
    sim.warm(align.texts_to_encode(articles))
    sim.warm(summarise.texts_to_encode(articles))


def build_brief(articles: list[Article], backend: str = "auto", story: Story | None = None,
                summary_sentences: int = 5, outlets: OutletTable | None = None) -> Brief:
    """Whole-story stages over already prepared articles; `outlets` is the user's outlet table (coverage)."""
    t0 = time.perf_counter()
    timings: dict[str, float] = {}

    def timed(name, fn, *args, **kw):
        t = time.perf_counter()
        out = fn(*args, **kw)
        timings[name] = round(time.perf_counter() - t, 3)
        return out

    sim = timed("similarity", similarity.get_backend, backend)  # the sentence model, loaded once per process
    groups = timed("copies", copies.find_copies, articles)
    everyone, articles = articles, copies.representatives(articles, groups)  # reprints beyond a few: not analysed
    # Every sentence is encoded before spaCy loads and parses: the encoder's working memory is then
    # reused by the parse instead of adding to it (peak RSS at 40 articles ~585-615 -> ~515-545 MB).
    # Align and summarise later read the vectors from the backend's memo (same calls, same vectors).
    timed("embed", _encode_ahead, sim, articles)
    timed("parser_load", nlp.get_nlp)  # once per process
    timed("parse", nlp.parse_many, [a.text for a in articles])  # one batched parse, shared by every stage
    ents = timed("entities", entities.extract_entities, articles)
    qty = timed("values", values.of_articles, articles, nlp.parse)
    scored = timed("pair_scores", align.score_pairs, articles, sim, align.weights_for(sim))
    facts = timed("align", align.align, articles, sim, groups, qty=qty, scored=scored)
    qs = timed("quotes", quotes.extract_quotes, articles, ents)
    shared = timed("quote_matching", quotes.match_quotes, qs, articles, groups)
    confl = timed("conflicts", conflicts.find_conflicts, articles, facts, qty=qty, scored=scored)
    disputed = timed("disputes", conflicts.find_disputes, articles, qs, ents)
    by_id = {a.id: a for a in articles}
    texts = {s.id: s.text for a in articles for s in a.sentences}
    conflicts.hold_facts(facts, confl, lambda aid: align.source_key(by_id[aid], groups),  # no fact cites both
                         lambda sid: texts.get(sid, ""))
    frames, terms = timed("framing", framing.frame, articles, ents)
    events = timed("timeline", timeline.timeline, articles, facts)
    cov, rows = timed("coverage", coverage.coverage, everyone, groups, outlets)
    summary = timed("summary", summarise.summarise, articles, facts, sim, max_sentences=summary_sentences)
    if story is None:
        names = sorted({a.outlet for a in everyone if a.outlet})
        dates = sorted(a.date for a in everyone if a.date)
        story = Story(id="story", title=everyone[0].title if everyone else "",
                      article_ids=[a.id for a in everyone], outlets=names,
                      first_seen=dates[0] if dates else "", last_seen=dates[-1] if dates else "")
    b = Brief(story=story, articles=[ArticleInfo.of(a) for a in everyone], summary=summary,
              facts=[f for f in facts if f.corroborated], quotes=qs, shared_quotes=shared, entities=ents,
              conflicts=confl, disputes=disputed, framing=frames, distinctive_terms=terms, timeline=events, copy_groups=groups,
              coverage=cov, outlets=rows)
    for f in facts:
        if not f.corroborated:
            for c in f.citations:
                b.single_source.setdefault(c.article_id, []).append(f)
    evidence.fill(b, articles)
    timings["total"] = round(time.perf_counter() - t0, 3)
    b.stats = {"similarity_backend": getattr(sim, "name", str(backend)), "timings_s": timings,
               "articles": len(everyone)}
    if len(articles) < len(everyone):  # copies.representatives left reprints out of the analysis
        b.stats["copies_not_analysed"] = len(everyone) - len(articles)
    return b


def brief(inputs: Iterable[str | Article], backend: str = "auto", summary_sentences: int = 5,
          outlets: OutletTable | None = None, **options) -> Brief:
    """The brief of one story told by `inputs` (paths, URLs or Article objects)."""
    problems = Problems()
    arts = prepare(inputs, problems, **options)
    b = build_brief(arts, backend=backend, summary_sentences=summary_sentences, outlets=outlets)
    b.problems = problems.finish()
    b.stats["skipped"] = dict(problems.reasons)
    if problems.warnings:
        b.stats["warnings"] = dict(problems.warnings)
    return b
