"""JSON brief (schema in docs/schema.md)."""

from __future__ import annotations

import json

from ..model import Brief


def render_json(brief: Brief) -> str:
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2)
