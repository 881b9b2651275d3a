"""Sentence splitters on a hand-checked news gold set: boundary P/R/F1, exact sentences, speed.

    python bench/segment_compare.py [--speed-dir ../shared/eval/quotes/polnear/dev/text]

Gold: bench/segment_gold.json (paragraphs from PolNeAR and Multi-News, boundaries checked by hand;
convention: split inside multi-sentence quotes, keep closing quotes with their sentence, no split
before a lowercase attribution such as `," he said`, datelines like "CITY, Ga. - " are not sentences).
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _ends(text: str, sents: list[str]) -> set[int]:
    """Internal boundary positions, as counts of non-space characters before each boundary."""
    out, n = set(), 0
    for s in sents[:-1]:
        n += len(re.sub(r"\s", "", s))
        out.add(n)
    return out


def splitters():
    """name -> function(text) -> list[str]; unavailable libraries are skipped."""
    from newsprism import segment

    out = {"newsprism-rules": segment.split}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        out["pysbd"] = lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        pass
    try:
        from newsprism import nlp

        spacy_nlp = nlp.get_nlp()
        out["spacy-parser"] = lambda t: [s.text.strip() for s in spacy_nlp(t).sents if s.text.strip()]
    except Exception:  # noqa: BLE001 - a missing model only drops this row
        pass
    try:
        from syntok import segmenter

        def syn(t):
            res = []
            for para in segmenter.analyze(t):
                for sent in para:
                    first, last = sent[0], sent[-1]
                    res.append(t[first.offset - len(first.spacing) + len(first.spacing):last.offset + len(last.value)])
            return [s.strip() for s in res if s.strip()]

        out["syntok"] = syn
    except ImportError:
        pass
    try:
        import blingfire

        out["blingfire"] = lambda t: [s for s in blingfire.text_to_sentences(t).split("\n") if s.strip()]
    except ImportError:
        pass
    out["naive-regex"] = lambda t: [s for s in re.split(r"(?<=[.!?\"”’])\s+(?=[\"“A-Z])", t) if s.strip()]
    return out


def evaluate(gold: list[dict], fn) -> dict:
    tp = fp = fn_ = exact = total = 0
    for item in gold:
        pred = fn(item["text"])
        g, p = _ends(item["text"], item["sentences"]), _ends(item["text"], pred)
        tp += len(g & p)
        fp += len(p - g)
        fn_ += len(g - p)
        ps = {re.sub(r"\s+", " ", s.strip()) for s in pred}
        exact += sum(re.sub(r"\s+", " ", s) in ps for s in item["sentences"])
        total += len(item["sentences"])
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn_) if tp + fn_ else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"P": prec, "R": rec, "F1": f1, "exact": exact / total, "fp": fp, "fn": fn_}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(HERE / "segment_gold.json"))
    ap.add_argument("--speed-dir", default=str(HERE.parents[1] / "shared/eval/quotes/polnear/dev/text"))
    args = ap.parse_args()
    gold = json.loads(Path(args.gold).read_text())
    paras = []
    for f in sorted(glob.glob(f"{args.speed_dir}/*.txt")):
        paras += [p.strip() for p in re.split(r"\n\s*\n", Path(f).read_text()) if p.strip()]
    chars = sum(len(p) for p in paras)
    nb = sum(len(x["sentences"]) - 1 for x in gold)
    print(f"gold: {len(gold)} paragraphs, {sum(len(x['sentences']) for x in gold)} sentences, {nb} internal "
          f"boundaries; speed text: {len(paras)} paragraphs, {chars / 1e6:.2f} M chars")
    print(f"{'splitter':16} {'P':>6} {'R':>6} {'F1':>6} {'exact':>6} {'FP':>4} {'FN':>4} {'kchar/s':>9}")
    for name, fn in splitters().items():
        r = evaluate(gold, fn)
        t = time.perf_counter()
        for p in paras:
            fn(p)
        speed = chars / (time.perf_counter() - t) / 1e3
        print(f"{name:16} {r['P']:6.3f} {r['R']:6.3f} {r['F1']:6.3f} {r['exact']:6.3f} {r['fp']:4d} {r['fn']:4d} "
              f"{speed:9.0f}")


if __name__ == "__main__":
    main()
