"""Across the store: the story list (sorted, filtered by lean/country, paged, with coverage) and per-outlet stats.

Works on any object with the Store API the web app uses (stories, story, story_articles, get_brief); the
optional methods story_infos, outlets and conflict_counts of the SQLite Store make it cheaper.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from . import coverage as cov_stage
from .model import ArticleInfo, Coverage, Story
from .outlets import OutletTable

SORTS = ("latest", "outlets", "conflicts")


@dataclass
class StoryRow:
    story: Story
    coverage: Coverage | None = None
    conflicts: int | None = None  # from the story's up-to-date cached brief; None when it has none yet


@dataclass
class Page:
    rows: list[StoryRow] = field(default_factory=list)
    total: int = 0  # stories matching, over all pages
    page: int = 1
    pages: int = 1
    per_page: int = 20
    sort: str = "latest"
    leans: list[str] = field(default_factory=list)  # lean values and countries of the table, for the filter
    countries: list[str] = field(default_factory=list)


@dataclass
class OutletStat:
    """One outlet across the stored stories."""

    outlet: str
    domain: str = ""
    lean: str = ""
    country: str = ""
    kind: str = ""
    stories: int = 0
    articles: int = 0
    wire_share: float = 0.0  # share of its articles that copy a wire text
    lean_share: dict[str, float] = field(default_factory=dict)  # lean -> share of that lean's stories it covers


def table_of(store: Any) -> OutletTable:
    get = getattr(store, "outlets", None)
    return OutletTable(get() if callable(get) else [])


_cache: OrderedDict[tuple, Coverage] = OrderedDict()
_lock = threading.Lock()


def _table_sig(table: OutletTable) -> int:
    return hash(tuple((o.domain, o.name, o.lean, o.country, o.owner, o.kind, tuple(o.aliases)) for o in table.outlets))


def story_coverage(store: Any, story: Story, table: OutletTable) -> Coverage:
    """A stored story's coverage (from article metadata and stored copy links), memoised per story state."""
    version = store.story_version(story.id) if hasattr(store, "story_version") else None
    path = getattr(store, "path", None)
    where = path if path and path != ":memory:" else id(store)
    state = (version, story.last_seen, story.title) if version is not None else tuple(story.article_ids)
    key = (where, story.id, state, _table_sig(table))
    with _lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    if hasattr(store, "story_infos"):
        infos = store.story_infos(story.id)
    else:
        infos = [ArticleInfo.of(a) for a in store.story_articles(story.id)]
    groups = store.copy_groups(story.id) if hasattr(store, "copy_groups") else []
    cov, _ = cov_stage.coverage(infos, groups, table)
    with _lock:
        _cache[key] = cov
        while len(_cache) > 4096:
            _cache.popitem(last=False)
    return cov


def _conflicts(store: Any, stories: list[Story]) -> dict[str, int]:
    if hasattr(store, "conflict_counts"):
        return store.conflict_counts()
    out = {}
    for s in stories:
        b = store.get_brief(s.id)
        if b is not None:
            out[s.id] = len((b.to_dict() if hasattr(b, "to_dict") else b).get("conflicts", []))
    return out


def _matches(c: Coverage, lean: str, country: str) -> bool:
    if lean:
        want = cov_stage.side_of(lean)
        if not any(v.lower() == lean.lower() or cov_stage.side_of(v) == want for v in c.by_lean):
            return False
    return not country or any(v.lower() == country.lower() for v in c.by_country)


def list_stories(store: Any, sort: str = "latest", page: int = 1, per_page: int = 20, query: str | None = None,
                 since: str | None = None, lean: str = "", country: str = "",
                 table: OutletTable | None = None) -> Page:
    """One page of stories. latest: newest last-seen first, undated stories after dated ones; outlets: most
    outlets first; conflicts: most conflicts first (stories without a brief yet come last). Search results too."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: expected {', '.join(SORTS)}")
    table = table if table is not None else table_of(store)
    light = hasattr(store, "story_infos") and not query  # the SQLite store: ids are read for the shown page only
    stories = list(store.stories(since=since or None, query=query or None, limit=None, **(
        {"with_ids": False} if light else {})))
    counts = _conflicts(store, stories) if sort == "conflicts" else {}
    stories.sort(key=lambda s: s.id)
    stories.sort(key=lambda s: s.last_seen or "", reverse=True)
    stories.sort(key=lambda s: not s.last_seen)  # stable: undated after dated, newest first within
    if sort == "outlets":
        stories.sort(key=lambda s: -len(s.outlets))
    elif sort == "conflicts":
        stories.sort(key=lambda s: (s.id not in counts, -counts.get(s.id, 0)))
    covs: dict[str, Coverage] = {}
    if lean or country:
        kept = []
        for s in stories:
            covs[s.id] = story_coverage(store, s, table)
            if _matches(covs[s.id], lean, country):
                kept.append(s)
        stories = kept
    per_page = max(1, per_page)
    pages = max(1, -(-len(stories) // per_page))
    page = min(max(1, page), pages)
    shown = stories[(page - 1) * per_page: page * per_page]
    if light:
        shown = [store.story(s.id) for s in shown]
    if sort != "conflicts":
        counts = _conflicts(store, shown)
    rows = [StoryRow(s, covs.get(s.id) or story_coverage(store, s, table), counts.get(s.id)) for s in shown]
    return Page(rows=rows, total=len(stories), page=page, pages=pages, per_page=per_page, sort=sort,
                leans=sorted({o.lean for o in table.outlets if o.lean}, key=str.lower),
                countries=sorted({o.country for o in table.outlets if o.country}, key=str.lower))


def outlet_stats(store: Any, table: OutletTable | None = None) -> list[OutletStat]:
    """Per outlet: stories and articles it covers, its share of each lean's stories, and its wire share."""
    table = table if table is not None else table_of(store)
    stats: dict[str, OutletStat] = {}
    wires: dict[str, int] = {}
    by_outlet: dict[str, set[str]] = {}
    lean_stories: dict[str, set[str]] = {}
    light = {"with_ids": False} if hasattr(store, "story_infos") else {}
    for s in store.stories(limit=None, **light):
        c = story_coverage(store, s, table)
        for v in c.by_lean:
            lean_stories.setdefault(v, set()).add(s.id)
        for r in c.outlets:
            if not r.outlet:
                continue
            key = r.domain or r.outlet
            st = stats.setdefault(key, OutletStat(outlet=r.outlet, domain=r.domain, lean=r.lean,
                                                  country=r.country, kind=r.kind))
            st.articles += len(r.article_ids)
            wires[key] = wires.get(key, 0) + r.wire_copies
            by_outlet.setdefault(key, set()).add(s.id)
    for key, st in stats.items():
        st.stories = len(by_outlet[key])
        st.wire_share = round(wires[key] / st.articles, 3) if st.articles else 0.0
        st.lean_share = {v: round(len(by_outlet[key] & ids) / len(ids), 3)
                         for v, ids in sorted(lean_stories.items(), key=lambda kv: kv[0].lower())}
    return sorted(stats.values(), key=lambda x: (-x.stories, x.outlet.lower()))
