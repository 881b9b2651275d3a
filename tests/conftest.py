"""Shared fixtures: model objects built by hand, and the path of ../shared when it is there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED}: real-data tests need it beside the checkout")
    return SHARED


@pytest.fixture
def examples() -> Path:
    return ROOT / "examples"
