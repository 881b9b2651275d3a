"""The pipeline encodes a story's sentences before spaCy loads (lower peak memory): exactly the calls align
and summarise make later, in their order, so they read the same vectors from the backend's memo."""

from __future__ import annotations

from pathlib import Path

from newsprism import align, copies, pipeline, similarity, summarise

STORY = Path(__file__).resolve().parents[1] / "examples" / "story"


class Recording(similarity.TfidfBackend):
    """TF-IDF backend that records what is warmed and what is encoded."""

    def __init__(self):
        super().__init__()
        self.warmed: list[list[str]] = []
        self.encoded: list[list[str]] = []

    def warm(self, texts):
        self.warmed.append(list(texts))

    def encode(self, texts):
        self.encoded.append(list(texts))
        return super().encode(texts)


def test_pipeline_encodes_ahead_exactly_what_align_and_summarise_encode(monkeypatch):
    arts = pipeline.prepare([str(STORY / "articles.jsonl"), str(STORY / "meridian_wire.html")])
    rec = Recording()
    monkeypatch.setattr(pipeline.similarity, "get_backend", lambda name="auto": rec)
    b = pipeline.build_brief(arts)
    analysed = copies.representatives(arts, copies.find_copies(arts))
    assert rec.warmed == [align.texts_to_encode(analysed), summarise.texts_to_encode(analysed)]
    assert all(rec.warmed)  # the example story gives both stages sentences to encode
    assert rec.encoded == rec.warmed  # the later calls, in order: a memo serves each one whole
    assert b.summary and "embed" in b.stats["timings_s"]
