"""Write the brief of one gold story plus its sentence map (used by eval/stories.py, run per code version).

    python eval/_story_brief.py OUTDIR STORY.json [STORY.json ...]   # OUTDIR/<story id>.json each

Runs under whatever `newsprism` is first on PYTHONPATH, so eval/stories.py can score today's code and a
baseline revision with one scorer. Uses only the library API both have: pipeline.prepare + build_brief.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from newsprism import pipeline
from newsprism.model import Article


def one(story_path: str, out_path: str) -> None:
    story = json.load(open(story_path, encoding="utf-8"))
    arts = [Article(id=a["id"], title=a.get("title", ""), outlet=a.get("outlet", ""), url=a.get("url", ""),
                    date=a.get("date", ""), text=a["text"], raw_text=a["text"], source=story_path)
            for a in story["articles"]]
    t = time.perf_counter()
    prepared = pipeline.prepare(arts)
    brief = pipeline.build_brief(prepared)
    secs = time.perf_counter() - t
    sentences = {s.id: s.text for a in prepared for s in a.sentences}
    texts = {a.id: a.text for a in prepared}
    json.dump({"brief": brief.to_dict(), "sentences": sentences, "texts": texts, "seconds": round(secs, 2)},
              open(out_path, "w", encoding="utf-8"))


if __name__ == "__main__":
    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    for p in sys.argv[2:]:
        one(p, str(out_dir / (Path(p).stem + ".json")))
