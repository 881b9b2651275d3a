"""Optional abstractive rewrite of the extractive summary through an OpenAI-compatible chat endpoint.

Off by default: nothing calls it unless the user configures a base URL and a model. Reads the
SummarySentences from `summarise` (their text and citations); writes new SummarySentences whose
citations are the union of the extractive sentences each rewritten sentence names as its sources. The model
sees only the cited summary sentences; an answer that names no source, an unknown source, or is not the
requested JSON is rejected (ConfigError), so a rewrite can never carry an uncited sentence.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

from .errors import ConfigError
from .model import Citation, SummarySentence

PROMPT = (
    "Rewrite the numbered news sentences below into a short, fluent summary. Use only facts stated in them; "
    "add nothing. Answer with JSON only: a list of objects {\"text\": <one sentence>, \"sources\": [<numbers "
    "of the sentences it uses>]}.\n\n"
)


def _merge(cites: list[Citation]) -> list[Citation]:
    """Citations joined per article, sentence ids in first-seen order."""
    out: dict[str, Citation] = {}
    for c in cites:
        m = out.setdefault(c.article_id, Citation(c.article_id, [], c.outlet))
        m.sentence_ids.extend(s for s in c.sentence_ids if s not in m.sentence_ids)
    return list(out.values())


def parse_answer(answer: str, summary: list[SummarySentence]) -> list[SummarySentence]:
    """The model's JSON answer as cited SummarySentences; ConfigError when it breaks the contract."""
    m = re.search(r"\[.*\]", answer, re.S)
    try:
        items = json.loads(m.group(0) if m else answer)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"rewrite: the model did not answer with JSON ({exc.msg})") from None
    if not isinstance(items, list) or not items:
        raise ConfigError("rewrite: expected a non-empty JSON list of {text, sources}")
    out = []
    for it in items:
        text = str(it.get("text", "")).strip() if isinstance(it, dict) else ""
        src = it.get("sources") if isinstance(it, dict) else None
        if not text or not isinstance(src, list) or not src:
            raise ConfigError(f"rewrite: sentence without text or sources: {it!r}")
        if not all(isinstance(n, int) and 1 <= n <= len(summary) for n in src):
            raise ConfigError(f"rewrite: sources {src} name sentences that were not given (1..{len(summary)})")
        out.append(SummarySentence(text, _merge([c for n in src for c in summary[n - 1].citations])))
    return out


def rewrite(summary: list[SummarySentence], base_url: str, model: str, api_key: str = "",
            timeout: float = 60.0) -> list[SummarySentence]:
    """Abstractive version of `summary` from POST {base_url}/chat/completions; citations are kept."""
    if not base_url or not model:
        raise ConfigError("rewrite needs a base URL and a model name (it is off unless both are set)")
    if not summary:
        return []
    numbered = "\n".join(f"{n}. {s.text}" for n, s in enumerate(summary, 1))
    body = {"model": model, "temperature": 0,
            "messages": [{"role": "user", "content": PROMPT + numbered}]}
    req = urllib.request.Request(base_url.rstrip("/") + "/chat/completions", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {api_key}"} if api_key else {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = json.loads(resp.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
        raise ConfigError(f"rewrite: {base_url}: request failed ({exc}); check the URL and that it "
                          "speaks the OpenAI chat-completions protocol") from None
    try:
        answer = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise ConfigError(f"rewrite: {base_url}: not a chat-completions answer") from None
    return parse_answer(answer, summary)
