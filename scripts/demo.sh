#!/usr/bin/env bash
# Set up (if needed) and print the brief of the project's own example story.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/newsprism ] || bash scripts/setup.sh
.venv/bin/newsprism brief examples/story/articles.jsonl examples/story/meridian_wire.html \
  --outlets examples/outlets.csv "$@"
