"""Library exceptions; only the CLI turns them into messages. Skip reasons are counted by name."""

from __future__ import annotations

# Reasons an input is skipped; runs end with a count per reason.
UNKNOWN_FORMAT = "unknown-format"
BROKEN_INPUT = "broken-input"
BAD_ENCODING = "bad-encoding"
BINARY = "binary"
EMPTY = "empty"
TOO_LARGE = "too-large"
MISSING_FIELD = "missing-field"
FETCH_FAILED = "fetch-failed"
DUPLICATE = "duplicate"
NOT_FOUND = "not-found"
TOO_SLOW = "too-slow"
TRUNCATED = "truncated"  # warnings: the input was read, but changed
MIXED_ENCODING = "mixed-encoding"
NOT_ENGLISH = "not-english"  # warning: read, but the analysis is English-only


class NewsprismError(Exception):
    """Base class of every error newsprism raises on purpose."""


class InputError(NewsprismError):
    """One input (file, URL, record) cannot be read. Says which, what is wrong, and what to do."""

    def __init__(self, source: str, problem: str, reason: str = BROKEN_INPUT, hint: str = ""):
        self.source, self.problem, self.reason, self.hint = source, problem, reason, hint
        msg = f"{source}: {problem}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class InputWarning(InputError):
    """An input was read but not as it was (truncated to a budget, lines re-decoded): reported, not skipped."""


class StoreError(NewsprismError):
    """The local store cannot be opened or written."""


class ConfigError(NewsprismError):
    """A bad option or setting (unknown backend, bad field mapping, ...)."""
