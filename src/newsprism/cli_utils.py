"""The CLI's work: standard input as a file, option checks, rows for `stories` and `outlets` as json/tsv/table."""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import tempfile
from datetime import date, datetime
from typing import Any, BinaryIO

from .errors import ConfigError
from .listing import OutletStat, Page
from .model import to_dict

READER_FIELDS = ("text", "title", "url", "date", "outlet", "author", "id")


def sniff_extension(head: bytes) -> str:
    """The file extension the readers need for content read from standard input."""
    h = head.lstrip().lower()
    if h.startswith(b"warc/"):
        return ".warc"
    if h.startswith(b"<"):
        return ".xml" if b"<rss" in h[:2048] or b"<feed" in h[:2048] or b"<rdf" in h[:2048] else ".html"
    if h.startswith(b"["):
        return ".json"
    if h.startswith(b"{"):
        lines = [ln.strip() for ln in h.splitlines() if ln.strip()]
        return ".jsonl" if len(lines) > 1 and all(ln.startswith(b"{") for ln in lines[:-1]) else ".json"
    return ".txt"


def spool_stdin(stream: BinaryIO) -> str:
    """Standard input saved as a temporary file named stdin.<ext> (ext sniffed), removed at exit."""
    data = stream.read()
    tmp = tempfile.mkdtemp(prefix="newsprism-stdin-")
    atexit.register(shutil.rmtree, tmp, True)
    path = os.path.join(tmp, "stdin" + sniff_extension(data[:65536]))
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def with_stdin(inputs: list[str] | tuple[str, ...], stream: BinaryIO) -> list[str]:
    """Inputs with '-' replaced by a file holding standard input (read once, however often '-' is given)."""
    path = None
    out = []
    for x in inputs:
        if x == "-":
            path = path or spool_stdin(stream)
            out.append(path)
        else:
            out.append(x)
    return out


def reader_options(values: dict[str, Any]) -> dict[str, str]:
    """--text-field ... --id-field values as the readers' text_field= ... id_field= options."""
    return {f"{k}_field": values[f"{k}_field"] for k in READER_FIELDS if values.get(f"{k}_field")}


def check_date(value: str | None, option: str = "--since") -> str | None:
    """An ISO date (YYYY-MM-DD) or timestamp, else ConfigError saying what is expected."""
    if value is None:
        return None
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            date.fromisoformat(v)
        else:
            datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"{option} {value!r}: expected a date as YYYY-MM-DD (e.g. 2026-03-04) "
                          "or an ISO timestamp") from None
    return v


def _table(rows: list[dict], cols: list[str], widths: dict[str, int]) -> str:
    cells = [[str(r.get(c, "")) for c in cols] for r in rows]
    cells = [[v if len(v) <= widths.get(c, 999) else v[:widths[c] - 1] + "…" for v, c in zip(row, cols, strict=True)]
             for row in cells]
    w = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w[i]) for i, c in enumerate(cols)).rstrip(),
             "  ".join("-" * w[i] for i in range(len(cols)))]
    lines += ["  ".join(v.ljust(w[i]) for i, v in enumerate(row)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def emit(rows: list[dict], fmt: str, cols: list[str], widths: dict[str, int] | None = None,
         full: list[Any] | None = None) -> str:
    """Rows as JSON (the full objects when given), TSV (header line, tabs and newlines in values as spaces) or a table."""
    if fmt == "json":
        return json.dumps(to_dict(full if full is not None else rows), ensure_ascii=False, indent=1) + "\n"
    if fmt == "tsv":
        clean = [[re.sub(r"[\t\r\n]+", " ", str(r.get(c, ""))) for c in cols] for r in rows]
        return "\n".join(["\t".join(cols)] + ["\t".join(x) for x in clean]) + "\n"
    return _table(rows, cols, widths or {})


def readable_date(value: str) -> str:
    """'2026-03-04T09:30:00Z' -> '2026-03-04 09:30'; a bare date as it is; '' -> 'undated'."""
    if not value:
        return "undated"
    return value[:16].replace("T", " ")


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def story_rows(page: Page) -> tuple[list[dict], list[dict]]:
    """(flat rows for tsv/table, full objects for json) of a page of stories."""
    flat, full = [], []
    for r in page.rows:
        s, c = r.story, r.coverage
        flat.append({"id": s.id, "articles": len(s.article_ids), "outlets": len(s.outlets),
                     "sources": c.sources if c else "", "conflicts": "" if r.conflicts is None else r.conflicts,
                     "first_seen": readable_date(s.first_seen), "last_seen": readable_date(s.last_seen),
                     "lean": counts_text(c.by_lean) if c else "", "blindspot": c.blindspot if c else "",
                     "outlet_names": ", ".join(s.outlets), "title": s.title})
        full.append({"story": to_dict(s), "coverage": to_dict(c), "conflicts": r.conflicts})
    return flat, full


STORY_COLS = ["id", "articles", "outlets", "sources", "conflicts", "first_seen", "last_seen", "lean", "blindspot",
              "outlet_names", "title"]
STORY_WIDTHS = {"title": 60, "outlet_names": 40, "lean": 30}


def outlet_rows(stats: list[OutletStat]) -> list[dict]:
    return [{"outlet": s.outlet, "domain": s.domain, "lean": s.lean, "country": s.country, "kind": s.kind,
             "stories": s.stories, "articles": s.articles, "wire_share": f"{s.wire_share:.2f}",
             "lean_share": ", ".join(f"{k} {v:.2f}" for k, v in s.lean_share.items())} for s in stats]


OUTLET_COLS = ["outlet", "domain", "lean", "country", "kind", "stories", "articles", "wire_share", "lean_share"]
