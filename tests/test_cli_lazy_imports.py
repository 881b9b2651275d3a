"""`import newsprism` and `newsprism --help` load no heavy library (spaCy, scikit-learn, scipy, onnxruntime)."""

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("spacy", "sklearn", "scipy", "onnxruntime", "trafilatura", "datasketch")
SRC = str(Path(__file__).resolve().parents[1] / "src")


def _loaded(code: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    probe = code + f"\nimport sys\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    last = (out.stdout.strip().splitlines() or [""])[-1]
    return [m for m in last.split(",") if m]


def test_cli_import_newsprism_loads_no_heavy_library():
    assert _loaded("import newsprism") == []


def test_cli_help_loads_no_heavy_library():
    code = ("from click.testing import CliRunner\nfrom newsprism.cli import main\n"
            "r = CliRunner().invoke(main, ['--help'])\nassert r.exit_code == 0 and 'brief' in r.output")
    assert _loaded(code) == []


def test_cli_lazy_pipeline_attribute_still_works():
    code = "import newsprism, sys\nassert 'newsprism.pipeline' not in sys.modules\nassert callable(newsprism.brief)"
    assert _loaded(code + "\nassert 'newsprism.pipeline' in sys.modules") == []  # loaded on first use
