"""Engines run newsprism over corpora: per-article stages over shards, then blocked copies and stories.

`run(inputs, out, engine="local"|"ray")` writes OUT/articles/*.parquet, OUT/assignments.parquet and
OUT/run.json (see output.py).  Both engines call the same stage and block functions (stages.py,
blocking.py, fingerprint.py), so they give the same assignments; docs/scale.md explains the design.
"""

from __future__ import annotations

from ..errors import ConfigError

ENGINES = ("local", "ray")


def run(inputs: list[str], out: str, engine: str = "local", **options) -> dict:
    """Run an engine over inputs (files, directories, @list files, s3/https URLs); returns run info."""
    try:
        import pyarrow  # noqa: F401  (both engines write Parquet)
    except ImportError:
        raise ConfigError("corpus runs write Parquet and need pyarrow: pip install 'newsprism[ray]' "
                          "(or pip install pyarrow for the local engine)") from None
    from .stages import list_shards
    shards = list_shards(inputs)
    if not shards:
        raise ConfigError("no input shards: give files, directories or @paths.txt lists")
    if engine == "local":
        from . import local
        options.pop("address", None)
        options.pop("num_cpus", None)
        return local.run(shards, out, **options)
    if engine == "ray":
        from . import ray_engine
        options.pop("workers", None)
        return ray_engine.run(shards, out, **options)
    raise ConfigError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
