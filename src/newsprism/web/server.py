"""Runs the web app under uvicorn, after an optional ingest of files into the store."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ConfigError

BUILD_WAIT = 0.5  # seconds a request waits for a brief being built before answering "being built"


def ingest(db: str, inputs: list[str], with_reasons: bool = False) -> tuple:
    """Add `inputs` (files, dirs, URLs) to the store at `db`: (added, duplicates, problem lines), and with
    `with_reasons` also the skipped inputs counted by reason."""
    from ..collection import Collection, expand
    from ..store import Store
    with Store(db) as st:
        rep = Collection(st).ingest(expand(inputs))
    if with_reasons:
        return rep.added, rep.duplicates, list(rep.problems), dict(rep.skipped)
    return rep.added, rep.duplicates, list(rep.problems)


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, log: Callable[[str], None] = print) -> None:
    """Serve the store at `db` until interrupted."""
    try:
        import uvicorn
    except ImportError:
        raise ConfigError("the web UI needs uvicorn and fastapi: pip install 'newsprism[web]'") from None
    from ..store import Store
    from .app import create_app
    with Store(db) as st:  # opens (or creates) it now, so a bad path fails before the server starts
        n = len(st.stories())
    log(f"newsprism: {n} stories in {db}; open http://{host if ':' not in host else f'[{host}]'}:{port}/")
    # a missing brief is built in the background: the page says so instead of blocking for seconds
    uvicorn.run(create_app(db_path=db, build_wait=BUILD_WAIT), host=host, port=port, log_level="warning")
