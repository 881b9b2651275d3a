"""Self-contained HTML report (inline CSS, no scripts, no external assets); article content is escaped.

Every citation links to its sentence in the "Cited sentences" section at the end, which the browser
highlights through `:target`; facts and conflicts show what each outlet says.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..coverage import lean_bar
from ..model import Brief
from .claims import conflicts_by_fact, dispute_views, outlet_names, says

_env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                   autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)


def _safe_url(url: str) -> str:
    """Only http(s) links survive; anything else (javascript:, data:) becomes empty."""
    return url if url.lower().startswith(("http://", "https://")) else ""


_env.filters["safe_url"] = _safe_url


def _cited_sentences(d: dict) -> dict[str, dict[str, dict]]:
    """Article id -> {sentence id: evidence} for every sentence any citation of the brief points at."""
    out: dict[str, dict[str, dict]] = {}

    def walk(o):
        if isinstance(o, dict):
            if "article_id" in o and "evidence" in o:
                for e in o["evidence"]:  # the widest evidence of a sentence: a clause cited alone gives way
                    got = out.setdefault(o["article_id"], {})
                    old = got.get(e["sentence_id"])
                    if old is None or e["end"] - e["start"] > old["end"] - old["start"]:
                        got[e["sentence_id"]] = e
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(d)
    return out


def render_html(b: Brief) -> str:
    d = b.to_dict()
    names = outlet_names(b)
    cited = _cited_sentences(d)
    # ids made here, not from sentence ids, so any article id gives a valid, unique fragment
    anchor = {sid: f"s{n}" for n, sid in enumerate(sid for sents in cited.values() for sid in sents)}
    evidence = [{"article": a, "sentences": sorted(cited.get(a["id"], {}).values(), key=lambda e: e["start"])}
                for a in d["articles"]]
    under_fact, conflicts = conflicts_by_fact(b, names)
    facts = [{"f": fd, "says": says(f.citations, names), "conflicts": under_fact.get(f.id, [])}
             for f, fd in zip(b.facts, d["facts"], strict=True)]
    events = [{"e": ed, "says": says(e.citations, names)} for e, ed in zip(b.timeline, d["timeline"], strict=True)]
    return _env.get_template("brief.html.j2").render(b=d, names=names, anchor=anchor, evidence=evidence,
                                                     facts=facts, events=events, conflicts=conflicts,
                                                     disputes=dispute_views(b, names),
                                                     under_fact=under_fact, cov=d.get("coverage"),
                                                     bar=lean_bar((d.get("coverage") or {}).get("by_lean", {})))
