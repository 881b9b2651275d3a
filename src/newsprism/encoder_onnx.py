"""MiniLM on onnxruntime without torch or the `onnx` package: the BERT graph is written here, in memory.

The graph is built from the same safetensors weights as the NumPy encoder (`encoder.py`), serialised
with a minimal protobuf writer (only the ONNX fields used below), and handed to onnxruntime as bytes.
`int8=True` stores every dense weight as int8 with one scale per output column and runs it through
onnxruntime's DynamicQuantizeMatMul (activations quantised on the fly), like `quantize_dynamic` does.
Pooling and normalisation stay in NumPy so both runtimes share them.
"""

from __future__ import annotations

import io
import os
import struct
import tempfile
from typing import BinaryIO

import numpy as np

# --- protobuf wire format (varint / length-delimited / fixed32) -------------------------------------


def _varint(v: int) -> bytes:
    v &= (1 << 64) - 1  # negative int64 -> two's complement, as protobuf does
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _int(field: int, v: int) -> bytes:
    return _varint(field << 3) + _varint(v)


def _bytes(field: int, v: bytes | str) -> bytes:
    if isinstance(v, str):
        v = v.encode()
    return _varint(field << 3 | 2) + _varint(len(v)) + v


def _float(field: int, v: float) -> bytes:
    return _varint(field << 3 | 5) + struct.pack("<f", v)


_DTYPE = {np.dtype(np.float32): 1, np.dtype(np.uint8): 2, np.dtype(np.int8): 3, np.dtype(np.int64): 7}


def _tensor(name: str, a: np.ndarray) -> tuple[bytes, np.ndarray]:
    """A TensorProto as (its bytes up to the raw data, the contiguous array whose buffer follows them):
    the weights are written from their own memory, never copied into Python bytes (the 47 MB word
    embedding table took ~4 copies at once that way)."""
    a = np.ascontiguousarray(a)
    head = (b"".join(_int(1, d) for d in a.shape) + _int(2, _DTYPE[a.dtype]) + _bytes(8, name)
            + _varint(9 << 3 | 2) + _varint(a.nbytes))
    return head, a


def _attr(name: str, v) -> bytes:
    if isinstance(v, float):
        return _bytes(1, name) + _float(2, v) + _int(20, 1)
    if isinstance(v, int):
        return _bytes(1, name) + _int(3, v) + _int(20, 2)
    return _bytes(1, name) + b"".join(_int(8, x) for x in v) + _int(20, 7)  # ints


def _value_info(name: str, elem: int, dims: list) -> bytes:
    shape = b"".join(_bytes(1, _bytes(2, d) if isinstance(d, str) else _int(1, d)) for d in dims)
    return _bytes(1, name) + _bytes(2, _bytes(1, _int(1, elem) + _bytes(2, shape)))


class _Graph:
    def __init__(self):
        self.nodes: list[bytes] = []
        self.inits: list[tuple[bytes, np.ndarray]] = []
        self.n = 0

    def const(self, name: str, a: np.ndarray) -> str:
        self.inits.append(_tensor(name, a))
        return name

    def op(self, op_type: str, inputs: list[str], domain: str = "", **attrs) -> str:
        self.n += 1
        out = f"t{self.n}"
        node = (b"".join(_bytes(1, i) for i in inputs) + _bytes(2, out) + _bytes(3, f"n{self.n}")
                + _bytes(4, op_type) + b"".join(_bytes(5, _attr(k, v)) for k, v in attrs.items()))
        if domain:
            node += _bytes(7, domain)
        self.nodes.append(node)
        return out


def _quantise(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per output column: w ~ q * scale."""
    scale = np.maximum(np.abs(w).max(axis=0), 1e-8).astype(np.float32) / 127.0
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, scale


class Transposed:
    """name -> W.T of `w[name + ".weight"]` (the [in, out] layout MatMul wants), made on demand;
    `release`: taken out of `w` as it is read."""

    def __init__(self, w: dict[str, np.ndarray], release: bool = False):
        self.w = w
        self.release = release

    def __getitem__(self, name: str) -> np.ndarray:
        key = name + ".weight"
        return (self.w.pop(key) if self.release else self.w[key]).T


def build_model(w: dict[str, np.ndarray], dense, heads: int, layers: int, eps: float, out: BinaryIO,
                int8: bool | tuple[str, ...] = False, release: bool = False) -> None:
    """Write the ONNX ModelProto to `out`: (input_ids [n,t] int64, positions [t] int64, bias [n,1,1,t]) ->
    hidden [n,t,d].

    `dense[name]` is the [in, out] matrix of a dense layer. Weights go from their arrays' memory to `out`
    (no copy of the ~90 MB in Python bytes); `release`: each is taken out of `w` once in the graph."""
    g = _Graph()
    d = w["embeddings.word_embeddings.weight"].shape[1]
    hd = d // heads
    take = w.pop if release else w.__getitem__

    def lin(x: str, name: str) -> str:
        b = g.const(name + ".bias", take(name + ".bias"))
        if int8 is True or int8 and name.endswith(int8):
            q, s = _quantise(dense[name])
            return g.op("DynamicQuantizeMatMul", [x, g.const(name + ".q", q), g.const(name + ".s", s), "",
                                                  b], domain="com.microsoft")
        return g.op("Add", [g.op("MatMul", [x, g.const(name + ".wt", dense[name])]), b])

    def norm(x: str, prefix: str) -> str:
        return g.op("LayerNormalization", [x, g.const(prefix + ".weight", take(prefix + ".weight")),
                                           g.const(prefix + ".bias", take(prefix + ".bias"))], axis=-1, epsilon=eps)

    x = g.op("Gather", [g.const("word", take("embeddings.word_embeddings.weight")), "input_ids"])
    x = g.op("Add", [x, g.op("Gather", [g.const("pos", take("embeddings.position_embeddings.weight")), "positions"])])
    x = g.op("Add", [x, g.const("type0", take("embeddings.token_type_embeddings.weight")[0])])
    x = norm(x, "embeddings.LayerNorm")
    split = g.const("split_shape", np.array([0, 0, heads, hd], dtype=np.int64))
    merge = g.const("merge_shape", np.array([0, 0, d], dtype=np.int64))
    scale = g.const("scale", np.array(1.0 / np.sqrt(hd), dtype=np.float32))
    for i in range(layers):
        p = f"encoder.layer.{i}."
        q = g.op("Transpose", [g.op("Reshape", [lin(x, p + "attention.self.query"), split])], perm=[0, 2, 1, 3])
        k = g.op("Transpose", [g.op("Reshape", [lin(x, p + "attention.self.key"), split])], perm=[0, 2, 3, 1])
        v = g.op("Transpose", [g.op("Reshape", [lin(x, p + "attention.self.value"), split])], perm=[0, 2, 1, 3])
        att = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), "bias"])
        ctx = g.op("MatMul", [g.op("Softmax", [att], axis=-1), v])
        ctx = g.op("Reshape", [g.op("Transpose", [ctx], perm=[0, 2, 1, 3]), merge])
        x = norm(g.op("Add", [x, lin(ctx, p + "attention.output.dense")]), p + "attention.output.LayerNorm")
        h = g.op("Gelu", [lin(x, p + "intermediate.dense")], domain="com.microsoft")  # exact erf form
        x = norm(g.op("Add", [x, lin(h, p + "output.dense")]), p + "output.LayerNorm")
    g.nodes[-1] = g.nodes[-1].replace(_bytes(2, x), _bytes(2, "hidden"), 1)
    parts: list = [_bytes(1, n) for n in g.nodes] + [_bytes(2, "minilm")]
    for head, a in g.inits:  # initializer = field 5, length-delimited
        parts += [_varint(5 << 3 | 2) + _varint(len(head) + a.nbytes) + head, a]
    g.inits.clear()
    parts += [_bytes(11, _value_info("input_ids", 7, ["n", "t"])), _bytes(11, _value_info("positions", 7, ["t"])),
              _bytes(11, _value_info("bias", 1, ["n", 1, 1, "t"])), _bytes(12, _value_info("hidden", 1, ["n", "t", d]))]
    size = sum(p.nbytes if isinstance(p, np.ndarray) else len(p) for p in parts)
    out.write(_int(1, 8) + _bytes(2, "newsprism") + _varint(7 << 3 | 2) + _varint(size))
    parts.reverse()
    while parts:  # each array is let go once written
        p = parts.pop()
        out.write(memoryview(p).cast("B") if isinstance(p, np.ndarray) else p)
    out.write(_bytes(8, _bytes(1, "") + _int(2, 17)) + _bytes(8, _bytes(1, "com.microsoft") + _int(2, 1)))


class OrtForward:
    """`forward(ids, mask)` -> last hidden state, on an onnxruntime session over the built graph."""

    def __init__(self, w: dict[str, np.ndarray], heads: int, layers: int, eps: float, dense=None,
                 int8: bool | tuple[str, ...] = False, threads: int = 0, release: bool = False):
        """`release`: empty `w` once the graph holds the weights (the session keeps its own copy)."""
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            opts.intra_op_num_threads = threads
        # no busy-waiting between ops: on a shared machine it burned 40% more CPU and was slower (wall
        # 9.1-10.7 s vs 14.5-15.0 s for 150 gold sentences at load average 12 on 2 cores)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # batches vary in shape: per-shape memory plans and a growing arena only raise peak RSS
        opts.enable_mem_pattern = False
        opts.enable_cpu_mem_arena = False
        dense = dense if dense is not None else Transposed(w, release)
        try:
            tmp = tempfile.TemporaryDirectory(prefix="newsprism-minilm-")
        except OSError:  # no writable temporary directory: the same model, handed over as bytes
            tmp = None
        if tmp is not None:
            # through a private temporary file: handed over as bytes, onnxruntime copies them to a C++
            # string before parsing, and ~270 MB of copies of the weights were alive at once
            with tmp:
                path = os.path.join(tmp.name, "minilm.onnx")
                with open(path, "wb") as f:
                    build_model(w, dense, heads, layers, eps, f, int8=int8, release=release)
                if release:
                    w.clear()
                self.sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
        else:
            buf = io.BytesIO()
            build_model(w, dense, heads, layers, eps, buf, int8=int8, release=release)
            if release:
                w.clear()
            self.sess = ort.InferenceSession(buf.getvalue(), opts, providers=["CPUExecutionProvider"])
            self.sess._model_bytes = None  # kept only to retry on GPU providers; CPU-only here

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        pos = np.arange(ids.shape[1], dtype=np.int64)
        return self.sess.run(["hidden"], {"input_ids": ids, "positions": pos, "bias": bias})[0]
