"""newsprism: read several outlets' coverage of one story and produce a cited brief."""

from .model import Article, Brief  # noqa: F401

__version__ = "0.1.0"
_PIPELINE = ("brief", "build_brief", "prepare")


def __getattr__(name: str):
    # the pipeline pulls in spaCy, scikit-learn and the stages: load it on first use, not on import
    if name in _PIPELINE:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'newsprism' has no attribute {name!r}")
