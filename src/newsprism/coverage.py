"""Who carries a story: outlets, counts by lean / country / owner / kind, blindspot, first reports.

Stage: reads Article (or ArticleInfo) `id`, `outlet`, `url`, `source`, `agency`, `date`, the story's
CopyGroups and the user's outlet table (outlets.OutletTable); returns a Coverage and the table rows used.

Counting unit: an independent source, i.e. a copy group (one wire text and its copies) or a lone article.
A source counts once for each value its outlets have: three outlets of one lean running the same wire
text add 1 to that lean, not 3; a wire text run by outlets of two leans adds 1 to each.
"""

from __future__ import annotations

from datetime import datetime, timezone

from .model import Article, ArticleInfo, CopyGroup, Coverage, FirstReport, Outlet, OutletCoverage
from .outlets import Match, OutletTable, host_of, name_key

# A story is a blindspot when >= 3 sources have a known lean and one side carries >= 80% of them
# while no other left/right side carries more than the remaining 20% (docs/outlets.md).
BLINDSPOT_SHARE = 0.8
BLINDSPOT_MIN_SOURCES = 3
FIRST_REPORTS = 3


def side_of(lean: str) -> str:
    """The side a lean value belongs to: values naming 'left' or 'right' join that side ('lean left' -> left),
    'centre'/'center' values join 'centre'; any other value is a side of its own."""
    low = (lean or "").strip().lower()
    if not low:
        return ""
    has_left, has_right = "left" in low, "right" in low
    if has_left != has_right:
        return "left" if has_left else "right"
    if "centre" in low or "center" in low or low in ("centrist", "neutral"):
        return "centre"
    return low


def parse_date(value: str) -> datetime | None:
    """ISO date or timestamp as aware UTC (a bare date is its midnight UTC); None when it does not parse."""
    if not value:
        return None
    try:
        d = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (d if d.tzinfo else d.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _key(m: Match, aid: str) -> str:
    if m.outlet is not None:
        return m.outlet.domain or name_key(m.outlet.name)
    return name_key(m.name) or f"article:{aid}"


def coverage(articles: list[Article] | list[ArticleInfo], groups: list[CopyGroup],
             table: OutletTable | None = None) -> tuple[Coverage, list[Outlet]]:
    """The story's Coverage and the table rows of the outlets (and wires) it involves."""
    table = table if table is not None else OutletTable([])
    matches = {a.id: table.match(a) for a in articles}
    by_id = {a.id: a for a in articles}
    unit_of = {a.id: a.id for a in articles}
    for g in groups:
        members = [x for x in g.article_ids if x in by_id]
        for x in members:
            unit_of[x] = "group:" + (g.id or members[0])
    units: dict[str, list[str]] = {}
    for a in articles:
        units.setdefault(unit_of[a.id], []).append(a.id)

    wire_units = {u for u, ids in units.items()
                  if any(matches[i].outlet is not None and matches[i].outlet.kind == "wire" for i in ids)}
    rows: dict[str, OutletCoverage] = {}
    used: dict[int, Outlet] = {}
    for a in articles:
        m = matches[a.id]
        o = m.outlet
        row = rows.get(_key(m, a.id))
        if row is None:
            row = rows[_key(m, a.id)] = OutletCoverage(
                outlet=m.name or host_of(a.url), domain=o.domain if o else "", lean=o.lean if o else "",
                owner=o.owner if o else "", country=o.country if o else "", kind=o.kind if o else "",
                matched_by=m.how)
        row.article_ids.append(a.id)
        own_wire = o is not None and o.kind == "wire"
        if not own_wire and (a.agency or (unit_of[a.id] in wire_units and len(units[unit_of[a.id]]) > 1)):
            row.wire_copies += 1
        for x in (o, m.agency):
            if x is not None:
                used[id(x)] = x
    cov = Coverage(sources=len(units), unmatched=[a.id for a in articles if matches[a.id].outlet is None])

    for attr, out in (("lean", cov.by_lean), ("country", cov.by_country), ("owner", cov.by_owner),
                      ("kind", cov.by_kind)):
        for ids in units.values():
            for v in sorted({getattr(matches[i].outlet, attr) for i in ids if matches[i].outlet is not None} - {""}):
                out[v] = out.get(v, 0) + 1
        ordered = sorted(out.items(), key=lambda kv: (-kv[1], kv[0].lower()))
        out.clear()
        out.update(ordered)
    _blindspot(cov, units, matches, table)

    when = {i: parse_date(by_id[i].date) for i in by_id}
    dated = sorted(((d, i) for i, d in when.items() if d), key=lambda t: t[0])
    first: dict[int, datetime] = {}
    for row in rows.values():
        when = next(((d, i) for d, i in dated if i in row.article_ids), None)
        if when is not None:
            first[id(row)], row.first_date = when[0], by_id[when[1]].date
    seen: set[str] = set()
    for _, i in dated:
        name = matches[i].name or i
        if name not in seen and len(cov.first_reported) < FIRST_REPORTS:
            seen.add(name)
            cov.first_reported.append(FirstReport(outlet=name, article_id=i, date=by_id[i].date))
    never = datetime.max.replace(tzinfo=timezone.utc)
    cov.outlets = sorted(rows.values(), key=lambda r: (first.get(id(r), never), r.outlet.lower()))
    return cov, sorted(used.values(), key=lambda o: o.name.lower())


def _blindspot(cov: Coverage, units: dict[str, list[str]], matches: dict[str, Match], table: OutletTable) -> None:
    sides_known = {side_of(o.lean) for o in table.outlets} - {"", "centre"}
    per_unit = [{side_of(matches[i].outlet.lean) for i in ids if matches[i].outlet is not None} - {""}
                for ids in units.values()]
    per_unit = [s for s in per_unit if s]
    cov.rated_sources = len(per_unit)
    if cov.rated_sources < BLINDSPOT_MIN_SOURCES or len(sides_known) < 2:
        return  # too few rated sources, or a table with one side only: no side can be missing
    counts: dict[str, int] = {}
    for s in per_unit:
        for side in s:
            counts[side] = counts.get(side, 0) + 1
    for side, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        share = n / cov.rated_sources
        others = [counts.get(x, 0) / cov.rated_sources for x in sides_known if x != side]
        if side != "centre" and share >= BLINDSPOT_SHARE and all(o <= 1 - BLINDSPOT_SHARE for o in others):
            cov.blindspot, cov.blindspot_share = side, round(share, 3)
        break


def lean_position(lean: str) -> float:
    """Where a lean value sits on a left-to-right axis, to draw bars in natural order (others after the axis)."""
    side = side_of(lean)
    low = lean.lower()
    base = {"left": -1.0, "centre": 0.0, "right": 1.0}.get(side)
    if base is None:
        return 10.0
    if base and ("lean" in low or "cent" in low or "moderate" in low):
        base /= 2
    if base and ("far" in low or "hard" in low or "extreme" in low):
        base *= 1.5
    return base


def lean_bar(by_lean: dict[str, int]) -> list[dict]:
    """Segments of a coverage bar: lean, side, sources, percent of the bar; left to right, other values last."""
    total = sum(by_lean.values())
    order = sorted(by_lean.items(), key=lambda kv: (lean_position(kv[0]), kv[0].lower()))
    return [{"lean": k, "side": side_of(k) if side_of(k) in ("left", "centre", "right") else "other",
             "sources": v, "pct": round(100 * v / total, 1) if total else 0.0} for k, v in order]
