"""Geometry of the inline SVG charts (coverage over time, outlets x facts); templates draw them escaped."""

from __future__ import annotations

from datetime import datetime, timezone

from .views import all_facts, split_by_conflicts


def parse_date(value: str) -> datetime | None:
    """An ISO date or timestamp as an aware UTC datetime, or None when it does not parse."""
    if not value:
        return None
    try:
        d = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return d.astimezone(timezone.utc)


def coverage(infos: list[dict], labels: dict[str, str], width: int = 720) -> dict:
    """One row per outlet, one dot per dated article on a shared time axis; undated ones listed aside."""
    rows: dict[str, list[tuple[datetime, dict]]] = {}
    undated = []
    for a in infos:
        outlet = a.get("outlet") or labels.get(a["id"], a["id"])
        d = parse_date(a.get("date", ""))
        rows.setdefault(outlet, [])
        if d is None:
            undated.append({"id": a["id"], "outlet": outlet, "title": a.get("title", "")})
        else:
            rows[outlet].append((d, a))
    dates = [d for pts in rows.values() for d, _ in pts]
    left, right, row_h, top = 170, 70, 26, 10
    plot_w = width - left - right
    lo, hi = (min(dates), max(dates)) if dates else (None, None)
    span = (hi - lo).total_seconds() if dates else 0

    def x_of(d: datetime) -> float:
        return left + (plot_w / 2 if span == 0 else plot_w * (d - lo).total_seconds() / span)

    out_rows = []
    for i, (outlet, pts) in enumerate(sorted(rows.items(), key=lambda kv: kv[0].lower())):
        y = top + row_h * i + row_h / 2
        dots = [{"x": round(x_of(d), 1), "y": y, "id": a["id"],
                 "title": f"{a.get('date', '')} {a.get('title', '')}".strip()} for d, a in sorted(pts, key=lambda p: p[0])]
        out_rows.append({"label": outlet[:28], "full": outlet, "y": y, "dots": dots, "count": len(pts)})
    height = top + row_h * max(len(out_rows), 1) + 30
    ticks = []
    if dates:
        fmt = "%Y-%m-%d %H:%M" if span and span < 3 * 86400 else "%Y-%m-%d"
        n = 1 if span == 0 else 4
        for k in range(n + 1 if n > 1 else 1):
            d = lo if n == 1 else datetime.fromtimestamp(lo.timestamp() + span * k / n, tz=timezone.utc)
            ticks.append({"x": round(x_of(d), 1), "label": d.strftime(fmt)})
    return {"width": width, "height": height, "left": left, "right": width - right, "axis_y": height - 24,
            "rows": out_rows, "ticks": ticks, "undated": undated, "dated": len(dates)}


def fact_matrix(brief: dict, labels: dict[str, str], max_facts: int = 40) -> dict:
    """Facts (rows) x outlets (columns); a filled cell says the outlet carries the fact."""
    key = {a["id"]: a.get("outlet") or labels.get(a["id"], a["id"]) for a in brief.get("articles", [])}
    outlets = sorted(set(key.values()), key=str.lower)
    facts = all_facts(brief)
    shown = facts[:max_facts]
    cell, label_w, top = 22, 400, 120
    rows = []
    conflicts = brief.get("conflicts", [])
    for i, f in enumerate(shown):
        split = split_by_conflicts(f, conflicts)
        where: dict[str, tuple[str, str]] = {}  # outlet -> (article id, first cited sentence id): the cell's link
        clash: set[str] = set()  # outlets whose cited sentence is a side of a conflict about this fact
        for c in f.get("citations", []):
            o = key.get(c.get("article_id", ""), c.get("outlet", ""))
            sids = c.get("sentence_ids", [])
            where.setdefault(o, (c.get("article_id", ""), sids[0] if sids else ""))
            if any(sid in split for sid in sids):
                clash.add(o)
        text = f.get("text", "")
        rows.append({"y": top + i * cell, "label": text[:52] + ("…" if len(text) > 52 else ""), "full": text,
                     "corroborated": bool(f.get("corroborated")),
                     "cells": [{"x": label_w + j * cell, "on": o in where, "outlet": o, "conflict": o in clash,
                                "article_id": where.get(o, ("", ""))[0], "sentence_id": where.get(o, ("", ""))[1]}
                               for j, o in enumerate(outlets)]})
    cols = [{"x": label_w + j * cell + cell / 2, "label": o[:22], "full": o} for j, o in enumerate(outlets)]
    return {"width": label_w + cell * max(len(outlets), 1) + 110, "height": top + cell * max(len(rows), 1) + 10,
            "cell": cell, "top": top, "rows": rows, "cols": cols, "hidden": len(facts) - len(shown)}
