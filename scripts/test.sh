#!/usr/bin/env bash
# Set up (if needed), run the test suite, then the quick evals and the eval gate (floors in eval/floors.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PY=.venv/bin/python
$PY -m pytest -q "$@"
if [ -d ../shared/eval ]; then
  $PY eval/summaries.py --limit 40
  $PY eval/quotes.py --split dev
  $PY eval/stories.py   # briefs vs the real story gold (false corroboration, conflicts, facts, boilerplate, ...)
  $PY eval/gate.py --only summaries_quick40 --only quotes --only stories --strict
else
  echo "note: ../shared/eval not found: quick evals and the eval gate skipped"
fi
