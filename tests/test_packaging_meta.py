"""Packaging: the LICENSE file matches pyproject's SPDX licence, py.typed ships, the outlet library is a dependency."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_packaging_license_file_matches_spdx_string():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert meta["license"] == "Apache-2.0" and meta["license-files"] == ["LICENSE"]
    head = (ROOT / "LICENSE").read_text()[:300]
    assert "Apache License" in head and "Version 2.0, January 2004" in head


def test_packaging_py_typed_and_offline_suffix_list_dependency():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert (ROOT / "src" / "newsprism" / "py.typed").exists()
    assert "py.typed" in conf["tool"]["setuptools"]["package-data"]["newsprism"]
    assert any(d.startswith("publicsuffixlist") for d in conf["project"]["dependencies"])
