"""Ingest into the store: read -> clean -> segment -> store -> copy links, one batch at a time; then stories.

Two units, kept apart so that the stories do not depend on `--batch`:
- the commit unit (`batch_size`, `--batch`): each batch of articles is one transaction (articles,
  signatures, copy links), so a crash loses at most the batch in progress;
- the clustering unit (`cluster_unit`, default stories.UNIT articles of the input, in input order, plus
  the rest at the end of the input): stored articles wait without a story ("pending") until a unit is
  full, then the unit is clustered in one transaction (story assignments and the clusterer's counts).
A kill leaves committed articles pending; the next writer restores them as the head of its first unit,
so a re-run of the same input cuts the units where a clean run would.
Memory is bounded by the batch size, the clustering unit, the clusterer's window and the copy index's
window (the same days and size cap), not by the size of the collection.
"""

from __future__ import annotations

import functools
import io
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

import numpy as np

from . import clean, copies, language, pipeline, segment, stories
from .errors import DUPLICATE
from .model import Article
from .outlets import OutletTable
from .store import Store

BATCH = 200


@dataclass
class IngestReport:
    """What an ingest run did: counts, and one line per skipped input."""

    added: int = 0
    duplicates: int = 0
    skipped: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    stories_touched: set = field(default_factory=set)
    inputs: int = 0


def expand(paths: Iterable[str]) -> list[str]:
    """Files under directories (sorted, hidden ones left out); other inputs as given."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out += [os.path.join(root, f) for f in sorted(files) if not f.startswith(".")]
        else:
            out.append(p)
    return out


def _save_array(a: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.savez_compressed(buf, a=a)
    return buf.getvalue()


def _load_array(b: bytes | None) -> np.ndarray | None:
    return None if b is None else np.load(io.BytesIO(b))["a"]


class Collection:
    """A store plus the incremental copy index and story clusterer restored from it."""

    def __init__(self, store: Store, on_wait: Callable[[str], None] | None = None, cluster_unit: int = stories.UNIT,
                 **cluster_params):
        self.store = store
        store.lock_writer(on_wait)  # one writer per store: the state restored below must stay current
        self.clusterer = stories.Clusterer(**cluster_params)
        self.index = copies.CopyIndex(window_days=self.clusterer.window_days, max_size=self.clusterer.max_active)
        self.cluster_unit = max(1, cluster_unit)
        self.pending: list[Article] = []  # story views of stored articles without a story yet, in input order
        self._restore()

    def _restore(self) -> None:
        """Reload the clusterer's counts and window, and the copy index, from the store."""
        st, c = self.store, self.clusterer
        df_w, df_e = _load_array(st.get_meta("df_w")), _load_array(st.get_meta("df_e"))
        if df_w is not None:
            c.df_w, c.df_e = df_w.astype(np.int32), df_e.astype(np.int32)
            c.n_docs = int(st.get_meta("n_docs", 0))
            c.next_story = int(st.get_meta("next_story", 1))
        self._restore_copies()
        recent = st.db.execute("SELECT id, story_id FROM articles WHERE story_id IS NOT NULL"
                               " ORDER BY rowid DESC LIMIT ?", (c.max_active,)).fetchall()[::-1]
        if recent:
            arts = [clean.clean(replace(a, metadata=dict(a.metadata))) for a in st.articles([r[0] for r in recent])]
            w, e = c.features(arts)  # the story views (see prepare_with_views); paragraph counts rebuilt
            c.load_active(w, e, [r[1] for r in recent], [stories._parse_date(a.date) for a in arts],
                          [a.outlet for a in arts])
            c._evict()
        # stored but never clustered (a run killed mid-unit): the head of this run's first unit
        self.pending = [clean.clean(replace(a, metadata=dict(a.metadata))) for a in st.unassigned()]

    def _restore_copies(self) -> None:
        """Reload the copy index's window (newest date - window days, undated up to the size cap) from the store."""
        idx, day = self.index, functools.lru_cache(maxsize=4096)(stories._parse_date)
        known = (day(d) for _, d in self.store.signature_dates())
        newest = max((d for d in known if d is not None), default=None)
        idx.see(newest)
        keep: dict[str, float | None] = {}
        for aid, date in self.store.signature_dates():  # newest stored first
            d = day(date)
            if d is None or newest - d <= idx.window_days:
                keep[aid] = d
                if len(keep) >= idx.max_size:
                    break
        for aid, sig, size, th in self.store.signatures(list(keep)[::-1]):
            idx.insert(aid, copies.signature_from_bytes(sig), size, th, day=keep[aid])

    def add_batch(self, articles: list[Article], report: IngestReport, views: list[Article] | None = None) -> None:
        """Store one batch and link its copies in one transaction; then cluster every full unit.

        `views` (aligned with `articles`) are what the clusterer reads: each article cleaned on its own
        (see prepare_with_views); by default the stored articles themselves.
        """
        st = self.store
        view_of = {id(a): v for a, v in zip(articles, views or articles, strict=True)}
        with st.transaction():
            added, dups = st.add_articles(articles)
            report.duplicates += len(dups)
            report.skipped[DUPLICATE] += len(dups)
            if not added:
                return
            sigs, links = [], []
            for a in added:
                sig, size, th, found = self.index.add(a.id, a.text, stories._parse_date(a.date))
                sigs.append((a.id, copies.signature_bytes(sig), size, th))
                links += [(a.id, other, kind, sim) for other, kind, sim in found]
            st.save_signatures(sigs)
            st.add_copy_links(links)
        report.added += len(added)
        self.pending += [replace(view_of[id(a)], id=a.id) for a in added]
        while len(self.pending) >= self.cluster_unit:
            self._cluster(self.cluster_unit, report)

    def flush(self, report: IngestReport | None = None) -> None:
        """Cluster every pending article (the end of an input: the last unit may be short)."""
        while self.pending:
            self._cluster(self.cluster_unit, report)

    def _cluster(self, n: int, report: IngestReport | None) -> None:
        """Stories for the first `n` pending articles, with the clusterer's counts, in one transaction."""
        st, c = self.store, self.clusterer
        unit = self.pending[:n]
        with st.transaction():
            sids = c.add(unit)
            st.assign(zip([a.id for a in unit], sids, strict=True))
            st.set_meta("df_w", _save_array(c.df_w))
            st.set_meta("df_e", _save_array(c.df_e))
            st.set_meta("n_docs", c.n_docs)
            st.set_meta("next_story", c.next_story)
        del self.pending[:n]
        if report is not None:
            report.stories_touched.update(sids)

    def ingest(self, inputs: Iterable[str | Article], batch_size: int = BATCH,
               progress: Callable[[int], None] | None = None, **read_options) -> IngestReport:
        """Read `inputs` (paths, URLs or Articles) into the store; bad inputs are counted, the rest goes on.

        Batches fill article by article, so a large record file is stored `batch_size` articles at a time;
        stories are assigned per `cluster_unit` articles and to the rest at the end, so they do not depend
        on `batch_size`. `progress(n)` is told the number of articles read after each batch."""
        report = IngestReport()
        problems = pipeline.Problems()
        batch: list[Article] = []

        def flush() -> None:
            prepared, views = prepare_with_views(batch)
            for w in language.warnings(prepared):
                problems.add(w)
            self.add_batch(prepared, report, views)  # within a file too: a kill loses at most this batch
            if progress:
                progress(len(batch))
            batch.clear()

        for item in inputs:
            for art in pipeline.read_all([item], problems, **read_options):
                batch.append(art)
                if len(batch) >= batch_size:
                    flush()
            report.inputs += 1
        if batch:
            flush()
        self.flush(report)
        report.problems = problems.finish()
        report.skipped.update(problems.reasons)
        report.warnings.update(problems.warnings)
        return report


def prepare(articles: list[Article]) -> list[Article]:
    """Clean (with the batch's cross-article rules) and segment, as pipeline.prepare does."""
    return language.tag([segment.segment(a) for a in clean.clean_batch(articles)])


def prepare_with_views(articles: list[Article]) -> tuple[list[Article], list[Article]]:
    """(prepared articles, story views): the views are each article cleaned on its own, as prepare_one does.

    Stories are clustered on the views, so an article's story features do not depend on which other
    articles share its batch, and the engines, which prepare each article on its own, read the same text.
    """
    views = [clean.clean(replace(a, metadata=dict(a.metadata))) for a in articles]
    return prepare(articles), views



def iter_batches(items: Iterable, n: int) -> Iterator[list]:
    batch = []
    for x in items:
        batch.append(x)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


def cluster_paths(inputs: Iterable[str], **options) -> tuple[list[tuple[str, str]], IngestReport]:
    """One-shot clustering in a throwaway in-memory store: (article id, story id) pairs."""
    with Store(":memory:") as st:
        rep = Collection(st).ingest(expand(inputs), **options)
        rows = st.db.execute("SELECT id, story_id FROM articles ORDER BY rowid").fetchall()
    return [(r[0], r[1]) for r in rows], rep


def story_brief(store: Store, story_id: str, **options):
    """The Brief of a stored story; its JSON form is cached in the store (get_brief) for the web UI."""
    story = store.story(story_id)  # KeyError when unknown
    options.setdefault("outlets", OutletTable(store.outlets()))
    b = pipeline.build_brief(store.story_articles(story_id), story=story, **options)
    store.save_brief(story_id, b.to_dict())
    return b


def cached_brief(store: Store, story_id: str) -> dict:
    """The brief of a stored story as a dict: from the cache while the story is unchanged."""
    cached = store.get_brief(story_id)
    return cached if cached is not None else story_brief(store, story_id).to_dict()
