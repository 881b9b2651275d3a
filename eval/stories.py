"""Score briefs against real multi-outlet story gold (../shared/eval/stories/FORMAT.md).

    python eval/stories.py                          # ../shared/eval/stories + eval/data/stories
    python eval/stories.py DIR [DIR ...]            # any folders of gold stories
    python eval/stories.py --baseline e8eed6e       # also score that git revision, same run, same scorer

Each story's articles go through `pipeline.prepare` + `build_brief` in a subprocess
(eval/_story_brief.py) under the code being scored, so today's code and a baseline revision are scored by
one scorer. Definitions (per story and in total, micro-averaged over stories):

- A brief sentence *overlaps* a gold evidence string when, located in the article's gold text (whitespace
  and quote marks normalised), the two spans share >= min(len(evidence), 20) characters or half the
  sentence; when the sentence cannot be located (cleaning rewrote it), when one contains the other.
- A sentence *carries* a gold conflict value when it overlaps that value's evidence. Two gold values are
  different when their leading numbers or ranges differ (or, without numbers, their words).
- `false_corroboration`: corroborated facts whose cited sentences carry two different values of one gold
  conflict, over all corroborated facts (lower is better; the gate reads `corroboration_holds` = 1 - it).
- `fact_recall`: gold facts with evidence in 2+ articles that appear as one corroborated fact citing 2+ of
  those articles at that evidence.
- `conflict_recall` / `conflict_precision`: a predicted conflict matches a gold conflict when its sides
  carry 2+ different gold values (a side carries a value by evidence overlap in the value's article, or by
  the value itself: same article and the side's value gives the gold value's first number / words).
- `update_vs_disagreement`: over matched pairs, brief `nature` equals gold `nature` ("disputed" counts as
  disagreement; a brief without `nature` says disagreement).
- `quote_recall`: (gold quote, article) pairs found among the brief's quotes of that article (text
  overlap); `quote_speaker`: found ones whose speaker holds the gold speaker's last word;
  `shared_quote_recall`: gold quotes in 2+ articles that one shared quote links in 2+ of them.
- `event_recall`: gold events with a timeline entry citing a sentence that overlaps the event evidence (when
  the entry cites only a clause of the sentence, as its evidence pieces say, that clause must overlap);
  `event_date_accuracy`: those entries whose date (YYYY-MM-DD) is the gold date.
- `label_recall`: gold (actor, article, label) found in the brief's framing labels of that actor (actor
  matched on its last word) in that article.
- `entity_recall`: gold entities whose name or a variant is a brief entity's name or variant;
  `variant_recall`: gold variants found in the same brief entity as the match.
- `boilerplate_in_brief`: gold boilerplate strings found in any text the brief shows (facts, claims,
  summary, quotes, conflicts, timeline, cited sentences) (lower is better; gate: `boilerplate_kept_out`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from difflib import SequenceMatcher
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DIRS = [ROOT.parent / "shared" / "eval" / "stories", HERE / "data" / "stories"]

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "").translate(_QUOTES)).strip()


class Located:
    """Gold article texts, normalised, with sentence positions cached."""

    def __init__(self, story: dict, sentences: dict[str, str]):
        self.gold = {a["id"]: norm(a["text"]) for a in story["articles"]}
        self.sentences = sentences
        self._pos: dict[str, tuple[int, int] | None] = {}

    def sent_span(self, sid: str) -> tuple[int, int] | None:
        if sid not in self._pos:
            aid = sid.split(":s")[0]
            s = norm(self.sentences.get(sid, ""))
            i = self.gold.get(aid, "").find(s) if s else -1
            self._pos[sid] = (i, i + len(s)) if i >= 0 else None
        return self._pos[sid]

    def overlaps(self, sid: str, article: str, evidence: str, part: str = "") -> bool:
        """`part`: the cited piece of the sentence (a timeline entry citing one clause), else the sentence."""
        if not sid.startswith(article + ":s"):
            return False
        ev = norm(evidence)
        sent = norm(self.sentences.get(sid, ""))
        if not ev or not sent:
            return False
        span = self.sent_span(sid)
        if part and norm(part) != sent:
            at = sent.find(norm(part))
            if at < 0:
                return False
            sent = norm(part)
            span = (span[0] + at, span[0] + at + len(sent)) if span is not None else None
        gold = self.gold.get(article, "")
        if span is not None:
            start = 0
            while True:  # every occurrence of the evidence
                i = gold.find(ev, start)
                if i < 0:
                    return False
                inter = min(span[1], i + len(ev)) - max(span[0], i)
                if inter >= min(len(ev), 20) or inter >= 0.5 * len(sent):
                    return True
                start = i + 1
        if ev in sent or sent in ev:
            return True
        m = SequenceMatcher(None, ev, sent, autojunk=False).find_longest_match(0, len(ev), 0, len(sent))
        return m.size >= min(len(ev), 20)


def cited_parts(cites: list[dict] | None) -> list[tuple[str, str]]:
    """(sentence id, cited text) of each citation: its evidence pieces when it has any, else its sentences."""
    out = []
    for c in cites or []:
        if c and c.get("evidence"):
            out += [(e["sentence_id"], e.get("text", "")) for e in c["evidence"]]
        elif c:
            out += [(sid, "") for sid in c.get("sentence_ids") or []]
    return out


def cited(cites: list[dict] | None) -> list[str]:
    out = []
    for c in cites or []:
        if c:
            out += list(c.get("sentence_ids") or [])
    return out


_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _first_number(s: str) -> str:
    m = _NUM.search(s or "")
    return m.group(0).replace(",", "") if m else ""


def side_values(side: dict, gc: dict, loc: Located) -> set[int]:
    """Indices of the gold conflict's values this predicted side carries."""
    out = set()
    sids = cited([side.get("citation")])
    art = sids[0].split(":s")[0] if sids else ""
    for k, v in enumerate(gc["values"]):
        if any(loc.overlaps(sid, v["article"], v["evidence"]) for sid in sids):
            out.add(k)
            continue
        if art != v["article"] or not side.get("value"):
            continue
        gnum = _first_number(v["value"])
        pnums = {n.replace(",", "") for n in _NUM.findall(side["value"])}
        if gnum and gnum in pnums:
            out.add(k)
        elif not gnum and len(norm(side["value"])) >= 3 and norm(side["value"]).lower() in norm(v["value"]).lower():
            out.add(k)
    return out


_LEAD_VALUE = re.compile(r"\d[\d,]*(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d[\d,]*(?:\.\d+)?)?")


_ISO_DAY = re.compile(r"\b\d{4}-\d\d-\d\d(?:/\d\d)?\b")


def value_key(v: str) -> str:
    """A gold value as compared: the day it names when it gives one in ISO form ('late Friday
    (2031-05-27)' -> '2031-05-27', 'last weekend (2031-05-28/29)' -> '2031-05-28/29'), else its leading
    number or range when it has one ('312 (also cites 309)' -> '312', '11-16' -> '11-16'), else its words.
    (Before the ISO rule, two days of one month both became '2031-05', read as a range.)"""
    d = _ISO_DAY.search(v or "")
    if d:
        return d.group(0)
    m = _LEAD_VALUE.search(v or "")
    return re.sub(r"[,\s]", "", re.sub(r"\s*(?:to|–)\s*", "-", m.group(0))) if m else norm(v).lower()


def distinct_values(gc: dict, idx: set[int]) -> int:
    return len({value_key(gc["values"][k]["value"]) for k in idx})


def brief_texts(brief: dict, sentences: dict[str, str]) -> list[str]:
    """Every text a reader sees in the brief, plus the cited sentences."""
    out: list[str] = []

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k in ("text", "value", "claim", "name", "phrase") and isinstance(v, str):
                    out.append(v)
                elif k == "sentence_ids" and isinstance(v, list):
                    out.extend(sentences.get(s, "") for s in v)
                elif k not in ("articles", "stats", "problems", "story", "copy_groups", "distinctive_terms"):
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(brief)
    return [norm(t) for t in out if t]


def _last(name: str) -> str:
    w = re.findall(r"[\w'-]+", name.lower())
    return w[-1] if w else ""


def score_story(story: dict, run: dict) -> dict:
    b, sents = run["brief"], run["sentences"]
    loc = Located(story, sents)
    c: dict[str, float] = {}
    facts = b.get("facts") or []
    corr = [f for f in facts if f.get("corroborated", True)]
    conflicts = story.get("conflicts") or []

    # false corroboration
    false = 0
    for f in corr:
        sids = cited(f.get("citations"))
        bad = False
        for gc in conflicts:
            carried = {k for k, v in enumerate(gc["values"]) for sid in sids
                       if loc.overlaps(sid, v["article"], v["evidence"])}
            if distinct_values(gc, carried) >= 2:
                bad = True
                break
        false += bad
    c["corroborated_facts"] = len(corr)
    c["falsely_corroborated"] = false

    # fact recall
    multi = [gf for gf in story.get("facts") or [] if len(gf["evidence"]) >= 2]
    found = 0
    for gf in multi:
        for f in corr:
            sids = cited(f.get("citations"))
            hits = {a for a, ev in gf["evidence"].items() if any(loc.overlaps(s, a, ev) for s in sids)}
            if len(hits) >= 2:
                found += 1
                break
    c["gold_multi_facts"] = len(multi)
    c["facts_found"] = found

    # conflicts
    preds = b.get("conflicts") or []
    matched_gold, matched_pred, nature_ok, nature_n = set(), set(), 0, 0
    for pi, pc in enumerate(preds):
        for gi, gc in enumerate(conflicts):
            carried = set()
            for side in pc.get("sides") or []:
                carried |= side_values(side, gc, loc)
            if distinct_values(gc, carried) >= 2:
                matched_pred.add(pi)
                if gi not in matched_gold:
                    nature_n += 1
                    pn = pc.get("nature") or "disagreement"
                    pn = "disagreement" if pn == "disputed" else pn
                    nature_ok += pn == gc.get("nature", "disagreement")
                matched_gold.add(gi)
    c["gold_conflicts"] = len(conflicts)
    c["conflicts_found"] = len(matched_gold)
    c["pred_conflicts"] = len(preds)
    c["pred_conflicts_matched"] = len(matched_pred)
    c["nature_n"] = nature_n
    c["nature_ok"] = nature_ok

    # quotes
    bq = b.get("quotes") or []
    qn = qf = qs = 0
    shared_n = shared_f = 0
    for gq in story.get("quotes") or []:
        gt = norm(gq["text"]).lower().strip('"\' ')
        for a in gq["articles"]:
            qn += 1
            hit = None
            for q in bq:
                if q.get("article_id") != a:
                    continue
                pt = norm(q.get("text", "")).lower().strip('"\' ')
                if pt and (gt in pt or pt in gt or
                           SequenceMatcher(None, gt, pt, autojunk=False).ratio() >= 0.6):
                    hit = q
                    break
            if hit is not None:
                qf += 1
                qs += bool(_last(gq["speaker"]) and _last(gq["speaker"]) in (hit.get("speaker") or "").lower())
        if len(gq["articles"]) >= 2:
            shared_n += 1
            for m in b.get("shared_quotes") or []:
                arts = {q.get("article_id") for q in m.get("quotes") or []
                        if q.get("article_id") in gq["articles"]
                        and (norm(gq["text"]).lower()[:40] in norm(q.get("text", "")).lower()
                             or norm(q.get("text", "")).lower()[:40] in norm(gq["text"]).lower()
                             or SequenceMatcher(None, norm(gq["text"]).lower(),
                                                norm(q.get("text", "")).lower()).ratio() >= 0.6)}
                if len(arts) >= 2:
                    shared_f += 1
                    break
    c.update(gold_quotes=qn, quotes_found=qf, quote_speaker_ok=qs, gold_shared_quotes=shared_n,
             shared_quotes_found=shared_f)

    # timeline
    tl = b.get("timeline") or []
    ev_n = ev_f = dt_n = dt_ok = 0
    for ge in story.get("events") or []:
        ev_n += 1
        hits = [e for e in tl if any(loc.overlaps(s, a, ev, part) for s, part in cited_parts(e.get("citations"))
                                     for a, ev in ge["evidence"].items())]
        if hits:
            ev_f += 1
            dt_n += len(hits)
            dt_ok += sum((e.get("date") or "")[:10] == ge["date"][:10] for e in hits)
    c.update(gold_events=ev_n, events_found=ev_f, event_entries=dt_n, event_dates_ok=dt_ok)

    # labels
    ln = lf = 0
    for gl in story.get("labels") or []:
        last = _last(gl["actor"])
        words: list[str] = []
        for fr in b.get("framing") or []:
            if last and last in fr.get("actor", "").lower():
                for lab in (fr.get("labels") or {}).get(gl["article"], []):
                    words.append((lab.get("text", "") + " " + lab.get("phrase", "")).lower())
        for g in gl["labels"]:
            ln += 1
            lf += any(g.lower() in w for w in words)
    c.update(gold_labels=ln, labels_found=lf)

    # entities
    en = ef = vn = vf = 0
    bents = [{(e.get("name") or "").lower(), *[(v or "").lower() for v in e.get("variants") or []]}
             for e in b.get("entities") or []]
    for ge in story.get("entities") or []:
        en += 1
        forms = [ge["name"].lower(), *[v.lower() for v in ge.get("variants") or []]]
        match = next((s for s in bents if any(f in s for f in forms)), None)
        ef += match is not None
        for v in ge.get("variants") or []:
            vn += 1
            vf += match is not None and v.lower() in match
    c.update(gold_entities=en, entities_found=ef, gold_variants=vn, variants_found=vf)

    # boilerplate
    texts = brief_texts(b, sents)
    bn = bf = 0
    leaked = []
    for bp in story.get("boilerplate") or []:
        s = norm(bp)
        if not s:
            continue
        bn += 1
        probe = s if len(s) < 60 else s[:60]
        if any((probe in t) if len(probe) >= 8 else (probe == t) for t in texts):
            bf += 1
            leaked.append(bp)
    c.update(gold_boilerplate=bn, boilerplate_leaked=bf)
    c["seconds"] = run.get("seconds", 0)
    return c


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def metrics(c: dict) -> dict:
    fc = ratio(c["falsely_corroborated"], c["corroborated_facts"])
    bp = ratio(c["boilerplate_leaked"], c["gold_boilerplate"])
    m = {
        "false_corroboration": fc if fc is not None else 0.0,
        "fact_recall": ratio(c["facts_found"], c["gold_multi_facts"]),
        "conflict_recall": ratio(c["conflicts_found"], c["gold_conflicts"]),
        "conflict_precision": ratio(c["pred_conflicts_matched"], c["pred_conflicts"]),
        "update_vs_disagreement": ratio(c["nature_ok"], c["nature_n"]),
        "quote_recall": ratio(c["quotes_found"], c["gold_quotes"]),
        "quote_speaker": ratio(c["quote_speaker_ok"], c["quotes_found"]),
        "shared_quote_recall": ratio(c["shared_quotes_found"], c["gold_shared_quotes"]),
        "event_recall": ratio(c["events_found"], c["gold_events"]),
        "event_date_accuracy": ratio(c["event_dates_ok"], c["event_entries"]),
        "label_recall": ratio(c["labels_found"], c["gold_labels"]),
        "entity_recall": ratio(c["entities_found"], c["gold_entities"]),
        "variant_recall": ratio(c["variants_found"], c["gold_variants"]),
        "boilerplate_in_brief": bp if bp is not None else 0.0,
    }
    m["corroboration_holds"] = round(1 - m["false_corroboration"], 4)
    m["boilerplate_kept_out"] = round(1 - m["boilerplate_in_brief"], 4)
    return m


LOWER_IS_BETTER = ("false_corroboration", "boilerplate_in_brief")


def gated(m: dict) -> dict:
    """The higher-is-better metrics the eval gate pins (eval/floors.json "stories")."""
    return {k: v for k, v in m.items() if k not in LOWER_IS_BETTER and v is not None}


def run_briefs(stories: list[Path], src: Path, out: Path) -> dict[str, dict]:
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [sys.executable, str(HERE / "_story_brief.py"), str(out), *map(str, stories)]
    subprocess.run(cmd, env=env, check=True)
    return {p.stem: json.load(open(out / (p.stem + ".json"), encoding="utf-8")) for p in stories}


def baseline_src(rev: str) -> Path:
    """A checkout of `rev` (resolved to its commit, so a moving name like "main" is never stale)."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", rev + "^{commit}"], check=True,
                         capture_output=True, text=True).stdout.strip()
    wt = Path(tempfile.gettempdir()) / f"newsprism-baseline-{sha[:12]}"
    if not wt.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(wt), sha], check=True,
                       capture_output=True)
    return wt / "src"


def evaluate(stories: list[Path], src: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        runs = run_briefs(stories, src, Path(tmp))
    per, total = {}, {}
    for p in stories:
        story = json.load(open(p, encoding="utf-8"))
        c = score_story(story, runs[p.stem])
        per[p.stem] = {"counts": c, "metrics": metrics(c)}
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
    report = metrics(total)
    return {"metrics": gated(report), "report": report, "counts": total, "stories": per}


def table(name: str, res: dict) -> str:
    m = res["report"]
    keys = ["false_corroboration", "fact_recall", "conflict_recall", "conflict_precision",
            "update_vs_disagreement", "quote_recall", "quote_speaker", "shared_quote_recall", "event_recall",
            "event_date_accuracy", "label_recall", "entity_recall", "variant_recall", "boilerplate_in_brief"]
    return f"{name:>10}: " + "  ".join(f"{k}={m[k]}" for k in keys)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--baseline", help="git revision scored beside today's code in the same run")
    ap.add_argument("--only", action="append", help="story file stem(s) to score")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "stories.json")
    args = ap.parse_args(argv)
    dirs = args.dirs or [d for d in DEFAULT_DIRS if d.is_dir()]
    stories = sorted(p for d in dirs for p in d.glob("*.json"))
    if args.only:
        stories = [p for p in stories if p.stem in args.only]
    if not stories:
        print("no gold stories found in " + ", ".join(map(str, dirs)), file=sys.stderr)
        return 2
    result = evaluate(stories, ROOT / "src")
    result["stories_scored"] = [p.stem for p in stories]
    if args.baseline:
        result["baseline"] = {"rev": args.baseline, **evaluate(stories, baseline_src(args.baseline))}
    for name, st in result["stories"].items():
        print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in st["metrics"].items()
                                      if k not in ("corroboration_holds", "boilerplate_kept_out")))
    print(table("newsprism", result))
    if args.baseline:
        print(table(args.baseline[:10], result["baseline"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
