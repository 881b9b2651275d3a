"""Quote/attribution extraction measured on PolNeAR (brat .ann: Source/Cue/Content joined by E lines).

    python eval/quotes.py [--split dev|train] [--limit N] [--out eval/results/quotes.json]

Every .ann file (one annotator of one article) is scored on its own and the counts are summed
(micro-average over annotator files; articles annotated by several annotators count once per annotator).
Gold = attributions that have a Source span; predictions that overlap only a source-less gold
attribution are left out of precision.  Predictions nested inside another prediction of the same
speaker (a scare quote inside reported speech) are dropped before scoring.
Metrics (P/R/F1): content exact (same words, leading "that" and quote marks ignored), content span
overlap (precision: predictions sharing >= 1 token with a gold content; recall: gold contents sharing
>= 1 token with a prediction), content token overlap (token-level), speaker and cue (judged on the
gold each prediction overlaps most / the prediction each gold overlaps most).
Direct = gold content that opens with a quotation mark / predicted kind "direct"; indirect = the rest.
Baseline in the same run: quoted spans with the nearest preceding capitalised name as speaker.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism import segment  # noqa: E402
from newsprism.model import Article  # noqa: E402
from newsprism.quotes import article_quotes  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "quotes" / "polnear"
QMARKS = "\"“”‘’'«»"
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
PRONOUNS = {"he", "she", "it", "they", "i", "we", "who", "you", "him", "her", "them", "which", "that"}
STOP = {"the", "a", "an", "of", "'s", "’s", "and", "in", "on", "for", "to", "at", "by", "with", "mr", "ms",
        "mrs", "dr", "president", "sen", "rep", "gov", "former"}
REFERENCE = [("Citron (BBC) on PARC 3.0: quote-span overlap F1", 83.2),
             ("Citron (BBC) on PARC 3.0: source F1", 82.0),
             ("NewsClaims PolNeAR-trained baseline: speaker F1", 42.3)]


@dataclass
class Attr:
    spans: list[tuple[int, int]]  # content
    source: str = ""
    source_start: int = -1
    cue: str = ""
    kind: str = "indirect"
    speaker_alt: str = ""  # the named source a pronoun/descriptor source refers to (nearest before)
    has_source: bool = True
    tokens: set[int] = field(default_factory=set)


def read_ann(path: Path, text: str) -> list[Attr]:
    """Attributions of one .ann file."""
    ts, out = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, *rest = parts[1].split(" ", 1)
            spans = [tuple(int(x) for x in seg.split()) for seg in rest[0].split(";")] if rest else []
            ts[parts[0]] = (label, spans)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("E"):
            continue
        args = defaultdict(list)
        for a in line.split("\t")[1].split():
            role, tid = a.split(":")
            args[re.sub(r"\d+$", "", role)].append(tid)
        content = [s for t in args.get("Content", []) if t in ts for s in ts[t][1]]
        if not content:
            continue
        src = [s for t in args.get("Source", []) if t in ts for s in ts[t][1]]
        cue = [s for t in args.get("Cue", []) if t in ts for s in ts[t][1]]
        first = text[content[0][0]:content[0][1]].strip()
        first = re.sub(r"^(?:that|:)\s+", "", first, flags=re.I)
        kind = "direct" if first[:1] in QMARKS else "indirect"
        out.append(Attr(content, " ".join(text[a:b] for a, b in src), src[0][0] if src else -1,
                        " ".join(text[a:b] for a, b in cue), kind, has_source=bool(src)))
    named = sorted((a.source_start, a.source) for a in out if a.has_source and _names(a.source))
    for a in out:
        if a.has_source and not _names(a.source):
            before = [s for p, s in named if p < a.source_start]
            a.speaker_alt = before[-1] if before else ""
    return out


def _names(s: str) -> set[str]:
    """Capitalised content words of the head phrase of a source ("Flynn, a top surrogate," -> flynn)."""
    head = re.split(r",|\bwho\b|\bwhich\b", s)[0]
    return {w.lower() for w in WORD.findall(head) if w[:1].isupper() and w.lower() not in PRONOUNS | STOP}


def _words(s: str) -> set[str]:
    return {w.lower() for w in WORD.findall(s) if w.lower() not in STOP}


def speaker_ok(pred_speaker: str, pred_mention: str, gold: Attr) -> bool:
    """The predicted speaker matches the gold Source span, or the named source that span refers to."""
    gnames = _names(gold.source) or _names(gold.speaker_alt)
    pnames = {w.lower() for w in WORD.findall(pred_speaker)} - STOP
    if gnames and pnames & gnames:
        return True
    gw, mw = _words(gold.source), _words(pred_mention)
    return bool(mw) and bool(gw) and mw <= gw | PRONOUNS and bool(mw & gw)


def cue_ok(pred_cue: str, gold_cue: str) -> bool:
    return bool(_words(pred_cue) & _words(gold_cue))


def tokens_of(text: str, spans) -> set[int]:
    out = set()
    for a, b in spans:
        for m in WORD.finditer(text, a, b):
            out.add(m.start())
    return out


def norm_words(text: str, spans) -> tuple[str, ...]:
    ws = [text[m.start():m.end()].lower() for a, b in spans for m in WORD.finditer(text, a, b)]
    while ws and ws[0] == "that":
        ws = ws[1:]
    return tuple(ws)


@dataclass
class Pred:
    start: int
    end: int
    speaker: str
    mention: str
    cue: str
    kind: str
    tokens: set[int] = field(default_factory=set)


def newsprism_preds(text: str, aid: str) -> list[Pred]:
    art = segment.segment(Article(id=aid, text=text))
    qs = article_quotes(art)
    preds = [Pred(q.start, q.end, q.speaker, q.speaker_mention, q.cue, q.kind) for q in qs]
    keep = []
    for p in preds:
        nested = any(o is not p and o.start <= p.start and p.end <= o.end and (o.end - o.start) > (p.end - p.start)
                     and (not p.speaker or o.speaker == p.speaker) for o in preds)
        if not nested:
            keep.append(p)
    return keep


_CAP = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
_BASE_STOP = {"The", "A", "An", "He", "She", "It", "They", "We", "I", "But", "And", "In", "On", "At", "This",
              "That", "If", "When", "As", "For", "So", "Or", "Yet", "While", "After", "Before"}


def baseline_preds(text: str) -> list[Pred]:
    """Quoted spans; speaker = the nearest capitalised name before the opening mark."""
    out = []
    for m in re.finditer(r"[“\"]([^“”\"\n]{2,})[”\"]", text):
        names = [c.group(0) for c in _CAP.finditer(text, 0, m.start()) if c.group(0) not in _BASE_STOP]
        out.append(Pred(m.start(1), m.end(1), names[-1] if names else "", "", "", "direct"))
    return out


class Score:
    """Summed counts for P/R/F1 of one system on one subset."""

    def __init__(self, log: list | None = None):
        self.c = defaultdict(int)
        self.log = log

    def add(self, text: str, preds: list[Pred], golds: list[Attr], ignore: list[Attr]) -> None:
        c = self.c
        for p in preds:
            p.tokens = tokens_of(text, [(p.start, p.end)])
        for g in golds + ignore:
            g.tokens = tokens_of(text, g.spans)
        ign_tok = set().union(*[g.tokens for g in ignore]) if ignore else set()
        gold_tok = set().union(*[g.tokens for g in golds]) if golds else set()
        preds = [p for p in preds if p.tokens and not (p.tokens & ign_tok and not p.tokens & gold_tok)]
        # pairs: each prediction with the gold it overlaps most, each gold with the prediction overlapping
        # it most (a quote split by its cue is one gold attribution but two quotation spans)
        best_g = {}
        best_p = {}
        for i, p in enumerate(preds):
            for j, g in enumerate(golds):
                o = len(p.tokens & g.tokens)
                if o and o > best_g.get(i, (0, -1))[0]:
                    best_g[i] = (o, j)
                if o and o > best_p.get(j, (0, -1))[0]:
                    best_p[j] = (o, i)
        pred_tok = set().union(*[p.tokens for p in preds]) if preds else set()
        c["pred"] += len(preds)
        c["gold"] += len(golds)
        c["pred_spk"] += sum(1 for p in preds if p.speaker or p.mention)
        c["pred_cue"] += sum(1 for p in preds if p.cue)
        c["span_p"] += len(best_g)
        c["span_r"] += len(best_p)
        c["exact_p"] += sum(norm_words(text, [(preds[i].start, preds[i].end)]) == norm_words(text, golds[j].spans)
                            for i, (_, j) in best_g.items())
        c["exact_r"] += sum(norm_words(text, [(preds[i].start, preds[i].end)]) == norm_words(text, golds[j].spans)
                            for j, (_, i) in best_p.items())
        c["tok_p_hit"] += len(pred_tok & gold_tok)
        c["tok_p"] += len(pred_tok)
        c["tok_g_hit"] += len(gold_tok & pred_tok)
        c["tok_g"] += len(gold_tok)
        c["speaker_p"] += sum(speaker_ok(preds[i].speaker, preds[i].mention, golds[j]) for i, (_, j) in best_g.items())
        c["speaker_r"] += sum(speaker_ok(preds[i].speaker, preds[i].mention, golds[j]) for j, (_, i) in best_p.items())
        c["cue_p"] += sum(cue_ok(preds[i].cue, golds[j].cue) for i, (_, j) in best_g.items())
        c["cue_r"] += sum(cue_ok(preds[i].cue, golds[j].cue) for j, (_, i) in best_p.items())
        if self.log is not None:
            for i, p in enumerate(preds):
                g = golds[best_g[i][1]] if i in best_g else None
                self.log.append(("P", p.kind, text[p.start:p.end][:80], p.speaker or p.mention, p.cue,
                                 g.source if g else "-", bool(g and speaker_ok(p.speaker, p.mention, g))))
            for j, g in enumerate(golds):
                if j not in best_p:
                    self.log.append(("G-miss", g.kind, " / ".join(text[a:b] for a, b in g.spans)[:80], g.source,
                                     g.cue, "", False))

    def metrics(self) -> dict[str, float]:
        c = self.c

        def prf(hit_p, n_p, hit_r, n_r):
            p = hit_p / n_p if n_p else 0.0
            r = hit_r / n_r if n_r else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        out = {}
        for name, args in {
            "content_exact": (c["exact_p"], c["pred"], c["exact_r"], c["gold"]),
            "content_span_overlap": (c["span_p"], c["pred"], c["span_r"], c["gold"]),
            "content_token_overlap": (c["tok_p_hit"], c["tok_p"], c["tok_g_hit"], c["tok_g"]),
            "speaker": (c["speaker_p"], c["pred_spk"], c["speaker_r"], c["gold"]),
            "cue": (c["cue_p"], c["pred_cue"], c["cue_r"], c["gold"]),
        }.items():
            p, r, f = prf(*args)
            out.update({f"{name}_p": round(p, 4), f"{name}_r": round(r, 4), f"{name}_f1": round(f, 4)})
        out["n_gold"], out["n_pred"] = c["gold"], c["pred"]
        return out


def run(split: str, limit: int | None, data: Path = DATA, log: list | None = None) -> dict[str, dict[str, float]]:
    anns = sorted((data / split / "attributions").glob("*.ann"))
    if limit:
        anns = anns[:limit]
    scores = {(s, sub): Score(log if (s, sub) == ("newsprism", "all") else None)
              for s in ("newsprism", "baseline") for sub in ("all", "direct", "indirect")}
    cache: dict[str, tuple[list[Pred], list[Pred]]] = {}
    for ann in anns:
        stem = ann.stem.rsplit("_", 1)[0]
        text = (data / split / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        if stem not in cache:
            cache[stem] = (newsprism_preds(text, stem), baseline_preds(text))
        attrs = read_ann(ann, text)
        golds = [a for a in attrs if a.has_source]
        nosrc = [a for a in attrs if not a.has_source]
        for system, preds in zip(("newsprism", "baseline"), cache[stem], strict=True):
            scores[(system, "all")].add(text, list(preds), golds, nosrc)
            for sub in ("direct", "indirect"):
                other = [a for a in golds if a.kind != sub]
                scores[(system, sub)].add(text, [p for p in preds if p.kind == sub],
                                          [a for a in golds if a.kind == sub], nosrc + other)
    return {f"{s}.{sub}": sc.metrics() for (s, sub), sc in scores.items()}


def table(res: dict[str, dict[str, float]], split: str, n_files: int) -> str:
    rows = [f"PolNeAR {split}: {n_files} annotator files, micro-averaged (P / R / F1)",
            f"{'system/subset':24} {'content exact':>20} {'content span-ovl':>20} {'content token-ovl':>20} "
            f"{'speaker':>20} {'cue':>20}  n_gold"]
    for key, m in res.items():
        cells = [f"{m[k + '_p']:.2f}/{m[k + '_r']:.2f}/{m[k + '_f1']:.2f}" for k in
                 ("content_exact", "content_span_overlap", "content_token_overlap", "speaker", "cue")]
        rows.append(f"{key:24} " + " ".join(f"{c:>20}" for c in cells) + f"  {m['n_gold']}")
    rows.append("Published reference figures (other corpora/settings, for orientation):")
    rows += [f"  {name}: {v}" for name, v in REFERENCE]
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "quotes.json")
    a = ap.parse_args(argv)
    t0 = time.time()
    res = run(a.split, a.limit, a.data)
    n = len(list((a.data / a.split / "attributions").glob("*.ann")))
    print(table(res, a.split, min(n, a.limit or n)))
    print(f"({time.time() - t0:.1f}s)")
    flat = {f"{a.split}.{k}.{m}": v for k, ms in res.items() for m, v in ms.items()}
    if a.out and not a.limit:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        old = json.loads(a.out.read_text()) if a.out.exists() else {}
        old.update(flat)
        a.out.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n")
        print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
