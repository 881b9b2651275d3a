"""Shapes the brief JSON and stored articles into what the templates show; no analysis happens here."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

PALETTE = 12  # number of highlight colours in style.css (.c0 .. .c11)


def safe_url(url: Any) -> str:
    """The URL when it is plain http(s), else "" (javascript:, data:, relative tricks are dropped)."""
    if not isinstance(url, str):
        return ""
    url = url.strip()
    if any(ord(ch) < 0x21 for ch in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return url


def q(value: Any) -> str:
    """Percent-encode one URL path segment or query value."""
    return quote(str(value), safe="")


def frag(value: Any) -> str:
    """Percent-encode a fragment (sentence ids keep their ':')."""
    return quote(str(value), safe=":")


def article_labels(infos: list[dict]) -> dict[str, str]:
    """Article id -> a short name: its outlet, else its URL's host, else "Article n" (ambiguous ones numbered)."""
    out = {}
    for n, a in enumerate(infos, 1):
        url = safe_url(a.get("url"))
        out[a["id"]] = a.get("outlet") or (urlsplit(url).hostname if url else "") or f"Article {n}"
    counts: dict[str, int] = {}
    for v in out.values():
        counts[v] = counts.get(v, 0) + 1
    seen: dict[str, int] = {}
    for aid, v in out.items():  # two articles of one outlet stay apart: "Outlet (1)", "Outlet (2)"
        if counts[v] > 1:
            seen[v] = seen.get(v, 0) + 1
            out[aid] = f"{v} ({seen[v]})"
    return out


def outlet_of(citation: dict, labels: dict[str, str]) -> str:
    return citation.get("outlet") or labels.get(citation.get("article_id", ""), citation.get("article_id", ""))


def readable_notes(notes: list[str], labels: dict[str, str]) -> list[str]:
    """Notes with article ids replaced by the outlet labels a reader sees, internal group ids dropped, each once."""
    if labels:
        ids = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(labels, key=len, reverse=True))
                         + r")(?![\w-])")
    out: list[str] = []
    for n in notes:
        n = re.sub(r"\s*\(copy\w*\)", "", n)
        if labels:
            n = ids.sub(lambda m: labels[m.group(1)], n)
        if n not in out:
            out.append(n)
    return out


def quotes_by_speaker(brief: dict, labels: dict[str, str]) -> list[dict]:
    """Quotes grouped by speaker; each quote lists the outlets that carry it and where."""
    items: list[dict] = []
    matched: set[str] = set()
    for m in brief.get("shared_quotes", []):
        cites = [{"article_id": q_["article_id"], "sentence_id": q_.get("sentence_id", ""),
                  "outlet": q_.get("outlet") or labels.get(q_["article_id"], q_["article_id"])}
                 for q_ in m.get("quotes", [])]
        matched.update(q_.get("id", "") for q_ in m.get("quotes", []))
        outlets = m.get("outlets") or sorted({c["outlet"] for c in cites})
        items.append({"speaker": m.get("speaker", ""), "text": m.get("text", ""), "outlets": outlets,
                      "status": m.get("status", "same"), "notes": readable_notes(m.get("notes", []), labels),
                      "cites": cites})
    for q_ in brief.get("quotes", []):
        if q_.get("id") in matched:
            continue
        outlet = q_.get("outlet") or labels.get(q_["article_id"], q_["article_id"])
        items.append({"speaker": q_.get("speaker", ""), "text": q_.get("text", ""), "outlets": [outlet],
                      "status": "", "notes": [], "kind": q_.get("kind", ""),
                      "cites": [{"article_id": q_["article_id"], "sentence_id": q_.get("sentence_id", ""),
                                 "outlet": outlet}]})
    groups: dict[str, list[dict]] = {}
    for it in items:
        groups.setdefault(it["speaker"] or "", []).append(it)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == "", -len(kv[1]), kv[0].lower()))
    return [{"speaker": k, "quotes": v} for k, v in ordered]


def all_facts(brief: dict) -> list[dict]:
    """Corroborated facts first, then single-source ones, each once."""
    seen, out = set(), []
    for f in brief.get("facts", []):
        if f.get("id") not in seen:
            seen.add(f.get("id"))
            out.append(f)
    for facts in brief.get("single_source", {}).values():
        for f in facts:
            if f.get("id") not in seen:
                seen.add(f.get("id"))
                out.append(f)
    return out


NATURES = {"disagreement": "outlets disagree", "update": "update", "disputed": "disputed"}


def _nature(c: dict) -> str:
    return "disputed" if c.get("kind") == "disputed" or c.get("nature") == "disputed" else c.get("nature") or "disagreement"


def _side_value(side: dict) -> str:
    return (side.get("value") or side.get("text") or "").strip()


def conflict_line(c: dict, labels: dict[str, str]) -> str:
    """Values per outlet, as the brief gives them: 'killed: 12 (A), at least 14 (B, C)'; updates in date order."""
    nature = _nature(c)
    sides = list(c.get("sides", []))
    if nature == "disputed":
        return "; ".join(f"{s.get('party') or outlet_of(s.get('citation') or {}, labels)}: {_side_value(s)}"
                         for s in sides)
    if nature == "update":
        sides.sort(key=lambda s: (not s.get("date"), s.get("date", "")))
    groups: dict[str, tuple[str, list[str], str]] = {}
    for s in sides:
        value = _side_value(s)
        outlet = outlet_of(s["citation"], labels) if s.get("citation") else s.get("party", "")
        _, outlets, date = groups.setdefault(value.lower(), (value, [], s.get("date", "")))
        if outlet and outlet not in outlets:
            outlets.append(outlet)
    parts = [f"{v} ({', '.join(o)}{f', {d}' if nature == 'update' and d else ''})" for v, o, d in groups.values()]
    head = c.get("about") or c.get("claim") or ""
    return (f"{head}: " if head else "") + (" → " if nature == "update" else ", ").join(parts)


def conflict_marks(brief: dict, article_ids: list[str], labels: dict[str, str]) -> tuple[list[dict], dict[str, list[dict]]]:
    """Conflicts with a side in the shown articles, numbered; sentence id -> the conflict sides it is on."""
    shown = set(article_ids)
    legend: list[dict] = []
    by_sentence: dict[str, list[dict]] = {}
    order = {"disagreement": 0, "update": 1, "disputed": 2}
    for c in sorted(brief.get("conflicts", []), key=lambda c: order.get(_nature(c), 3)):
        sides = [s for s in c.get("sides", []) if (s.get("citation") or {}).get("article_id") in shown]
        if not sides:
            continue
        n = len(legend) + 1
        nature = _nature(c)
        legend.append({"n": n, "id": c.get("id", ""), "nature": nature, "label": NATURES.get(nature, nature),
                       "line": conflict_line(c, labels), "fact_id": c.get("fact_id", "")})
        for s in sides:
            for sid in s["citation"].get("sentence_ids", []):
                by_sentence.setdefault(sid, []).append({"n": n, "value": _side_value(s), "date": s.get("date", "")})
    return legend, by_sentence


def split_by_conflicts(fact: dict, conflicts: list[dict]) -> set[str]:
    """The fact's sentences that lie on sides of a conflict it spans (2+ values among its sentences) or is linked to."""
    cited = {sid for c in fact.get("citations", []) for sid in c.get("sentence_ids", [])}
    out: set[str] = set()
    for k in conflicts:
        on_side = {sid: _side_value(s).lower() for s in k.get("sides", [])
                   for sid in (s.get("citation") or {}).get("sentence_ids", []) if sid in cited}
        linked = k.get("id") in fact.get("conflicts", []) or (k.get("fact_id") and k.get("fact_id") == fact.get("id"))
        if linked or len(set(on_side.values())) > 1:
            out.update(on_side)
    return out


def fact_marks(brief: dict, article_ids: list[str]) -> tuple[list[dict], dict[str, dict]]:
    """Facts carried by 2+ of the shown articles, numbered, with a colour; sentence id -> its mark.

    Sentences on different sides of a conflict never share a fact's colour: they are left to the conflict
    marks (conflict_marks), and the fact is coloured only if 2+ shown articles still carry it without them.
    """
    shown = set(article_ids)
    conflicts = brief.get("conflicts", [])
    legend: list[dict] = []
    by_sentence: dict[str, dict] = {}
    for f in all_facts(brief):
        split = split_by_conflicts(f, conflicts)
        kept = [(c["article_id"], [sid for sid in c.get("sentence_ids", []) if sid not in split])
                for c in f.get("citations", []) if c.get("article_id") in shown]
        kept = [(aid, sids) for aid, sids in kept if sids]
        if len({aid for aid, _ in kept}) < 2:
            continue
        n = len(legend) + 1
        mark = {"n": n, "colour": f"c{(n - 1) % PALETTE}", "fact_id": f.get("id", ""), "text": f.get("text", ""),
                "corroborated": bool(f.get("corroborated")), "split": bool(split)}
        legend.append(mark)
        for _, sids in kept:
            for sid in sids:
                by_sentence.setdefault(sid, mark)
    return legend, by_sentence


def text_segments(article: dict, marks: dict[str, dict] | None = None,
                  conflicts: dict[str, list[dict]] | None = None) -> list[dict]:
    """The article text cut into plain gaps and sentence spans (id, fact mark, conflict sides) covering it in order."""
    text = article.get("text", "")
    marks = marks or {}
    conflicts = conflicts or {}
    segs, pos = [], 0
    for s in sorted(article.get("sentences", []), key=lambda s: (s["start"], s["end"])):
        start, end = max(s["start"], pos), s["end"]
        if end <= start or end > len(text):
            continue
        if start > pos:
            segs.append({"text": text[pos:start]})
        segs.append({"text": text[start:end], "sid": s["id"], "mark": marks.get(s["id"]),
                     "conflicts": conflicts.get(s["id"], [])})
        pos = end
    if pos < len(text):
        segs.append({"text": text[pos:]})
    return segs


def framing_rows(brief: dict, labels: dict[str, str]) -> list[dict]:
    """For each actor, the labels each article puts on it."""
    rows = []
    for fr in brief.get("framing", []):
        per = [{"article_id": aid, "outlet": labels.get(aid, aid), "labels": labs}
               for aid, labs in fr.get("labels", {}).items()]
        rows.append({"actor": fr.get("actor", ""), "per_article": per})
    return rows


def said(citations: list[dict], labels: dict[str, str]) -> list[dict]:
    """One row per cited sentence: outlet, ids and the sentence text the brief carries as evidence."""
    rows = []
    for c in citations:
        texts = {e.get("sentence_id"): e.get("text", "") for e in c.get("evidence", [])}
        for sid in c.get("sentence_ids", []):
            rows.append({"outlet": outlet_of(c, labels), "article_id": c.get("article_id", ""), "sentence_id": sid,
                         "text": texts.get(sid, "")})
    return rows


def conflict_views(brief: dict, labels: dict[str, str], disputes: bool = False) -> list[dict]:
    """Conflicts between outlets for the story page, disagreements first, then updates (sides by date); with
    `disputes`, the claims a party denies within one article instead (a brief before schema 3.0 kept
    those among its conflicts)."""
    out = []
    items = brief.get("conflicts", []) + (brief.get("disputes", []) if disputes else [])
    for c in items:
        nature = _nature(c)
        if (nature == "disputed") != disputes:
            continue
        sides = list(c.get("sides", []))
        if nature == "update":
            sides.sort(key=lambda s: (not s.get("date"), s.get("date", "")))
        rows = [{"party": s.get("party", ""), "value": _side_value(s), "date": s.get("date", ""),
                 "outlet": outlet_of(s["citation"], labels) if s.get("citation") else s.get("party", ""),
                 "said": said([s["citation"]], labels) if s.get("citation") else [], "text": s.get("text", "")}
                for s in sides]
        out.append({"id": c.get("id", ""), "nature": nature, "label": NATURES.get(nature, nature),
                    "line": conflict_line(c, labels), "claim": c.get("claim", ""), "fact_id": c.get("fact_id", ""),
                    "sides": rows})
    order = {"disagreement": 0, "update": 1, "disputed": 2}
    return sorted(out, key=lambda v: order.get(v["nature"], 3))


def conflicts_of_facts(brief: dict, conflicts: list[dict]) -> dict[str, list[dict]]:
    """Fact id -> the conflicts about it (linked from either side)."""
    by_id = {c["id"]: c for c in conflicts}
    out: dict[str, list[dict]] = {}
    for f in all_facts(brief):
        linked = [by_id[i] for i in f.get("conflicts", []) if i in by_id]
        linked += [c for c in conflicts if c["fact_id"] and c["fact_id"] == f.get("id") and c not in linked]
        if linked:
            out[f.get("id", "")] = linked
    return out


def coverage_bar(cov: dict | None, width: int = 160) -> dict | None:
    """SVG geometry of a story's coverage bar (sources by lean, left to right); None without lean data."""
    from ..coverage import lean_bar
    if not cov or not cov.get("by_lean"):
        return None
    x, segs = 0.0, []
    for s in lean_bar(cov["by_lean"]):
        w = width * s["pct"] / 100
        segs.append({**s, "x": round(x, 1), "w": round(w, 1)})
        x += w
    label = ", ".join(f"{s['lean']} {s['sources']}" for s in segs)
    return {"width": width, "segments": segs, "label": f"sources by lean: {label}",
            "blindspot": cov.get("blindspot", ""), "rated": cov.get("rated_sources", 0)}


def readable_date(value: str) -> str:
    """'2031-05-02T07:30:00Z' -> '2031-05-02 07:30'; '' -> 'undated'."""
    return value[:16].replace("T", " ") if value else "undated"
