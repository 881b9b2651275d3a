"""Geometry of the inline SVG charts (timeline of articles and events, outlets x facts); templates draw them escaped."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from ..coverage import parse_date
from .views import all_facts, split_by_conflicts

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def outlet_of(info: dict, labels: dict[str, str]) -> str:
    return info.get("outlet") or labels.get(info["id"], info["id"])


def outlet_order(infos: list[dict], labels: dict[str, str]) -> list[str]:
    """Outlets in reading order: by their first dated article, then undated ones as the brief lists them."""
    first: dict[str, tuple[int, datetime | None, int]] = {}
    for n, a in enumerate(infos):
        o, d = outlet_of(a, labels), parse_date(a.get("date", ""))
        old = first.get(o)
        if old is None:
            first[o] = (d is None, d, n)
        elif d is not None and (old[1] is None or d < old[1]):
            first[o] = (False, d, old[2])
    epoch = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(first, key=lambda o: (first[o][0], first[o][1] or epoch, first[o][2]))


def event_day(date: str) -> datetime | None:
    """A timeline event's day (noon UTC, the middle of the day it names), or None for a month, a year or a phrase."""
    if not _DAY.match(date or ""):
        return None
    d = parse_date(date)
    if d is None:
        return None
    return d + timedelta(hours=12) if len(date.strip()) == 10 else d


def axis(dates: list[datetime], most: int = 6) -> tuple[datetime | None, datetime | None, list[tuple[datetime, str]]]:
    """The time axis around `dates`: whole days (ticks at midnight, at most `most`) when they span a day or
    more, else whole hours; returns (start, end, [(tick, label)])."""
    if not dates:
        return None, None, []
    lo, hi = min(dates), max(dates)
    if hi - lo >= timedelta(days=1):
        lo = lo.replace(hour=0, minute=0, second=0, microsecond=0)
        end = hi.replace(hour=0, minute=0, second=0, microsecond=0)
        hi = end if end == hi else end + timedelta(days=1)
        unit, fmt = timedelta(days=1), "%Y-%m-%d"
    else:
        lo = lo.replace(minute=0, second=0, microsecond=0)
        end = hi.replace(minute=0, second=0, microsecond=0)
        hi = max(end if end == hi else end + timedelta(hours=1), lo + timedelta(hours=1))
        unit, fmt = timedelta(hours=1), "%H:%M"
    n = round((hi - lo) / unit)
    every = -(-n // most)
    ticks = [(lo + k * every * unit, "") for k in range(n // every + 1)]
    ticks = [(d, d.strftime(fmt if k else "%Y-%m-%d" + (" %H:%M" if fmt == "%H:%M" else ""))) for k, (d, _) in enumerate(ticks)]
    return lo, hi, ticks


def timeline(brief: dict, labels: dict[str, str], width: int = 720) -> dict:
    """Articles (one row per outlet, one dot per dated article) and the brief's dated events on one time axis.

    Events are numbered markers in a lane above the outlets, each linking to its first cited sentence;
    undated articles and events without a day (a month, a year, an unresolved phrase) are listed apart.
    """
    infos = brief.get("articles", [])
    rows: dict[str, list[tuple[datetime, dict]]] = {o: [] for o in outlet_order(infos, labels)}
    undated = []
    for a in infos:
        o, d = outlet_of(a, labels), parse_date(a.get("date", ""))
        if d is not None and len(a.get("date", "").strip()) == 10:
            d += timedelta(hours=12)  # a date without a time: the middle of that day, as for events
        if d is None:
            undated.append({"id": a["id"], "outlet": o, "title": a.get("title", "")})
        else:
            rows[o].append((d, a))
    events, undated_events = [], []
    for ev in brief.get("timeline", []):
        cites = [(c.get("article_id", ""), (c.get("sentence_ids") or [""])[0]) for c in ev.get("citations", [])]
        item = {"date": ev.get("date", ""), "text": ev.get("text", ""), "phrase": ev.get("phrase", ""),
                "citations": ev.get("citations", []), "article_id": cites[0][0] if cites else "",
                "sentence_id": cites[0][1] if cites else ""}
        d = event_day(item["date"])
        if d is None:
            undated_events.append(item)
        else:
            events.append((d, item))
    dates = [d for pts in rows.values() for d, _ in pts] + [d for d, _ in events]
    left, right, row_h, top, step, pad = 150, 30, 26, 12, 20, 12
    lo, hi, ticks = axis(dates)
    span = (hi - lo).total_seconds() if dates else 0

    def x_of(d: datetime) -> float:
        return round(left + pad + (width - left - right - 2 * pad) * (d - lo).total_seconds() / span, 1)

    # events: numbered in the brief's order; ones closer than a marker's width are stacked upwards
    placed, levels = [], []
    for n, (d, item) in enumerate(sorted(events, key=lambda p: p[0]), 1):
        x = x_of(d)
        level = sum(1 for px in levels if abs(px - x) < step)
        levels.append(x)
        placed.append({**item, "n": n, "x": x, "level": level})
    lane_h = (max((p["level"] for p in placed), default=0) + 1) * step + 8 if placed else 0
    for p in placed:
        p["y"] = top + lane_h - 14 - p["level"] * step
    out_rows = []
    y0 = top + lane_h
    for i, (outlet, pts) in enumerate(rows.items()):
        y = y0 + row_h * i + row_h / 2
        dots = [{"x": x_of(d), "y": y, "id": a["id"], "title": f"{a.get('date', '')} {a.get('title', '')}".strip()}
                for d, a in sorted(pts, key=lambda p: p[0])]
        out_rows.append({"label": outlet[:28], "full": outlet, "y": y, "dots": dots, "count": len(pts)})
    height = y0 + row_h * max(len(out_rows), 1) + 30
    ticks = [{"x": x_of(d), "label": label} for d, label in ticks]
    return {"width": width, "height": height, "left": left, "right": width - right, "axis_y": height - 24,
            "lane_y": top + lane_h / 2 if placed else None, "rows": out_rows, "ticks": ticks, "events": placed,
            "undated": undated, "undated_events": undated_events,
            "dated": len(dates) - len(placed), "drawn": bool(dates)}


def fact_matrix(brief: dict, labels: dict[str, str], max_facts: int = 40, max_outlets: int = 40) -> dict:
    """Facts (rows) x outlets (columns, in order of first publication); a filled cell: the outlet carries the fact.

    Beyond `max_outlets` outlets (a text reprinted by hundreds), only the outlets that carry a drawn fact
    are drawn, at most `max_outlets` of them; `hidden_outlets` counts the others."""
    infos = brief.get("articles", [])
    key = {a["id"]: outlet_of(a, labels) for a in infos}
    outlets = outlet_order(infos, labels)
    facts = all_facts(brief)
    shown = facts[:max_facts]
    cell, label_w, top = 22, 400, 120
    conflicts = brief.get("conflicts", [])
    marks = []
    for f in shown:
        split = split_by_conflicts(f, conflicts)
        where: dict[str, tuple[str, str]] = {}  # outlet -> (article id, first cited sentence id): the cell's link
        clash: set[str] = set()  # outlets whose cited sentence is a side of a conflict about this fact
        for c in f.get("citations", []):
            o = key.get(c.get("article_id", ""), c.get("outlet", ""))
            sids = c.get("sentence_ids", [])
            where.setdefault(o, (c.get("article_id", ""), sids[0] if sids else ""))
            if any(sid in split for sid in sids):
                clash.add(o)
        marks.append((f, where, clash))
    n_all = len(outlets)
    if n_all > max_outlets:
        carried = set().union(*(w for _, w, _ in marks)) if marks else set()
        outlets = [o for o in outlets if o in carried][:max_outlets]
    rows = []
    for i, (f, where, clash) in enumerate(marks):
        text = f.get("text", "")
        rows.append({"y": top + i * cell, "label": text[:52] + ("…" if len(text) > 52 else ""), "full": text,
                     "corroborated": bool(f.get("corroborated")),
                     "cells": [{"x": label_w + j * cell, "on": o in where, "outlet": o, "conflict": o in clash,
                                "article_id": where.get(o, ("", ""))[0], "sentence_id": where.get(o, ("", ""))[1]}
                               for j, o in enumerate(outlets)]})
    cols = [{"x": label_w + j * cell + cell / 2, "label": o[:22], "full": o} for j, o in enumerate(outlets)]
    return {"width": label_w + cell * max(len(outlets), 1) + 110, "height": top + cell * max(len(rows), 1) + 10,
            "cell": cell, "top": top, "rows": rows, "cols": cols, "hidden": len(facts) - len(shown),
            "hidden_outlets": n_all - len(outlets)}
