"""Cleaning and timeline measured on the story gold (../shared/eval/stories), before/after in one run.

    python eval/cleaning.py [--dir DIR] [--before REV] [--no-brief] [--json OUT]

Each gold article becomes Article(text=raw_text=gold text) and goes through pipeline.prepare (clean_batch
+ segment) and build_brief, as eval/stories.py feeds it.  Per story and in total:
- boilerplate: share of gold `boilerplate` strings still present in the cleaned Article.text, in a
  sentence, and in the brief (facts, single-source claims, quotes, conflicts, timeline, summary).  A
  string counts as present when any of its lines is found, whitespace-insensitively,
  in the cleaned text of an article whose gold text holds the string (lines of
  3+ words when it has several lines).
- kept (counter-test, must stay ~100%): share of gold fact evidence strings and gold quote texts still
  present in the cleaned text of their article.
- timeline: for each gold event and article giving evidence, whether a brief timeline entry cites a
  sentence overlapping the evidence span (`found`), and whether one of those entries carries the gold
  date (`right`); `date_ok` = right / found (pairs), `entry_ok` = share of those matching entries with
  the gold date.
`--before REV` (default main) runs the same measures on the sources of that git revision (git archive
into a temporary folder, run in a subprocess) and prints both side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "stories"


def norm(s: str) -> str:
    """Whitespace-insensitive comparison form (curly quotes straightened)."""
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("\u00a0", " ")
    return " ".join(s.split())


def _flex(s: str) -> re.Pattern:
    """Regex for `s` allowing any whitespace run where it has one."""
    return re.compile(r"\s+".join(re.escape(p) for p in norm(s).split()))


def _span(text: str, needle: str) -> tuple[int, int] | None:
    m = _flex(needle).search(norm_keep(text))
    return (m.start(), m.end()) if m else None


def norm_keep(s: str) -> str:
    """Curly quotes straightened with the length kept, so spans stay valid in the original."""
    return s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("\u00a0", " ")


def _lines(bp: str) -> list[str]:
    """The lines of a boilerplate string that identify it (3+ words; all lines when none has)."""
    lines = [ln.strip() for ln in bp.split("\n") if ln.strip()]
    return [ln for ln in lines if len(ln.split()) >= 3] or lines


def _brief_text(b) -> str:
    """Every string of the brief a reader sees as content (not the article list or story header)."""
    from newsprism.model import to_dict

    d = to_dict(b)
    out: list[str] = []

    def walk(v):
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for key in ("summary", "facts", "single_source", "quotes", "shared_quotes", "conflicts", "timeline"):
        walk(d.get(key))
    return norm("\n".join(out))


def measure_story(path: Path, brief: bool = True) -> dict:
    from newsprism import pipeline
    from newsprism.model import Article

    g = json.loads(path.read_text(encoding="utf-8"))
    gold_text = {a["id"]: a["text"] for a in g["articles"]}
    arts = [Article(id=a["id"], title=a.get("title", ""), outlet=a.get("outlet", ""), url=a.get("url", ""),
                    date=a.get("date", ""), text=a["text"], raw_text=a["text"]) for a in g["articles"]]
    arts = pipeline.prepare(arts)
    by_id = {a.id: a for a in arts}
    clean = {a.id: norm(a.text) for a in arts}
    sents = {a.id: [norm(s.text) for s in a.sentences] for a in arts}
    btext = ""
    b = None
    if brief:
        b = pipeline.build_brief(arts, backend="tfidf")
        btext = _brief_text(b)
    # boilerplate
    bp_rows = []
    for bp in g.get("boilerplate", []):
        owners = [aid for aid, t in gold_text.items() if norm(bp) in norm(t)]
        lines = [norm(x) for x in _lines(bp)] or [norm(bp)]
        in_text = any(ln in clean[o] for o in owners for ln in lines)
        in_sent = any(ln in s for o in owners for s in sents[o] for ln in lines)
        in_brief = bool(brief) and any(ln in btext for ln in lines)
        bp_rows.append({"bp": bp[:80], "owners": owners, "text": in_text, "sentence": in_sent, "brief": in_brief})
    # counter-test: fact evidence and quotes still in the cleaned text
    kept = []
    for f in g.get("facts", []):
        for aid, ev in f.get("evidence", {}).items():
            if aid in clean and norm(ev) in norm(gold_text[aid]):
                kept.append({"kind": "fact", "article": aid, "s": ev[:80], "kept": norm(ev) in clean[aid]})
    for q in g.get("quotes", []):
        for aid in q.get("articles", []):
            if aid in clean and norm(q["text"]) in norm(gold_text[aid]):
                kept.append({"kind": "quote", "article": aid, "s": q["text"][:80], "kept": norm(q["text"]) in clean[aid]})
    # timeline
    tl = []
    if b is not None:
        for ev in g.get("events", []):
            for aid, evid in ev.get("evidence", {}).items():
                for bp in g.get("boilerplate", []):  # evidence quoting page furniture ('UPDATE 7:19 p.m. -- ...')
                    if bp in evid and len(evid) - len(bp) >= 20:
                        evid = evid.replace(bp, " ").strip()
                a = by_id.get(aid)
                sp = _span(a.text, evid) if a else None
                dates = []
                if sp:
                    ids = {s.id for s in a.sentences if s.start < sp[1] and sp[0] < s.end}
                    for e in b.timeline:
                        if any(c.article_id == aid and ids & set(c.sentence_ids) for c in e.citations):
                            dates.append(e.date)
                tl.append({"event": ev["what"][:60], "article": aid, "gold": ev["date"], "in_text": bool(sp),
                           "dates": dates, "found": bool(dates), "right": ev["date"] in dates})
    return {"story": g["id"], "boilerplate": bp_rows, "kept": kept, "timeline": tl}


def summarise(rows: list[dict]) -> dict:
    def share(items, key):
        return (sum(1 for x in items if x[key]) / len(items)) if items else None

    bps = [x for r in rows for x in r["boilerplate"]]
    kept = [x for r in rows for x in r["kept"]]
    tl = [x for r in rows for x in r["timeline"]]
    found = [x for x in tl if x["found"]]
    entries = [d == x["gold"] for x in found for d in x["dates"]]
    return {
        "boilerplate": len(bps),
        "bp_text": share(bps, "text"), "bp_sentence": share(bps, "sentence"), "bp_brief": share(bps, "brief"),
        "facts_kept": share([x for x in kept if x["kind"] == "fact"], "kept"),
        "quotes_kept": share([x for x in kept if x["kind"] == "quote"], "kept"),
        "events": len(tl), "tl_found": share(tl, "found"), "date_ok": share(found, "right"),
        "entry_ok": (sum(entries) / len(entries)) if entries else None,
    }


def run_here(d: Path, brief: bool) -> dict:
    rows = [measure_story(p, brief) for p in sorted(d.glob("*.json"))]
    return {"stories": rows, "per_story": {r["story"]: summarise([r]) for r in rows}, "total": summarise(rows)}


def run_rev(rev: str, d: Path, brief: bool) -> dict:
    """The same measures on the sources of git revision `rev` (its src/ tree, this harness)."""
    with tempfile.TemporaryDirectory() as tmp:
        arch = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=arch, check=True)
        out = Path(tmp) / "out.json"
        env = dict(os.environ, PYTHONPATH=str(Path(tmp) / "src"))
        cmd = [sys.executable, __file__, "--dir", str(d), "--json", str(out), "--no-before"]
        if not brief:
            cmd.append("--no-brief")
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        return json.loads(out.read_text())


def _fmt(v) -> str:
    return "   -  " if v is None else f"{100 * v:5.1f}%"


COLS = ("bp_text", "bp_sentence", "bp_brief", "facts_kept", "quotes_kept", "tl_found", "date_ok", "entry_ok")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=str(DEFAULT_DIR))
    ap.add_argument("--before", default="main", help="git revision measured as 'before' (default main)")
    ap.add_argument("--no-before", action="store_true", help="measure only the current sources")
    ap.add_argument("--no-brief", action="store_true", help="skip build_brief (no brief/timeline measures)")
    ap.add_argument("--json", help="write the full results here")
    ap.add_argument("--verbose", "-v", action="store_true", help="list boilerplate left and evidence lost")
    args = ap.parse_args()
    d = Path(args.dir)
    now = run_here(d, not args.no_brief)
    if args.json:
        Path(args.json).write_text(json.dumps(now, indent=1))
    if args.no_before and args.json:
        return
    before = None if args.no_before else run_rev(args.before, d, not args.no_brief)
    print(f"{'story':36} {'run':6} " + " ".join(f"{c:>11}" for c in COLS))
    for name in list(now["per_story"]) + ["TOTAL"]:
        pairs = [("after", now)] + ([("before", before)] if before else [])
        for label, res in pairs:
            s = res["total"] if name == "TOTAL" else res["per_story"].get(name, {})
            print(f"{name[:36]:36} {label:6} " + " ".join(f"{_fmt(s.get(c)):>11}" for c in COLS))
    t = now["total"]
    print(f"\n{t['boilerplate']} boilerplate strings, {t['events']} event evidence pairs")
    if args.verbose:
        for r in now["stories"]:
            for x in r["boilerplate"]:
                if x["text"]:
                    print(f"LEFT  {r['story']}: {x['bp']!r}" + ("  [brief]" if x["brief"] else ""))
            for x in r["kept"]:
                if not x["kept"]:
                    print(f"LOST  {r['story']} {x['article']} {x['kind']}: {x['s']!r}")
            for x in r["timeline"]:
                if not x["right"]:
                    print(f"DATE  {r['story']} {x['article']} gold {x['gold']} got {x['dates']} "
                          f"{'' if x['in_text'] else '(evidence not in text) '}{x['event']!r}")


if __name__ == "__main__":
    main()
