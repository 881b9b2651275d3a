"""newsprism: read several outlets' coverage of one story and produce a cited brief."""

from .model import Article, Brief  # noqa: F401
from .pipeline import brief, build_brief, prepare  # noqa: F401

__version__ = "0.1.0"
