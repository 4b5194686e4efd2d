"""The errors Reunite raises on purpose. The CLI maps each to a message and an exit code."""

from __future__ import annotations


class ReuniteError(Exception):
    """A problem the user can act on: shown as a message, never as a traceback."""

    exit_code = 1


class UsageError(ReuniteError):
    """A bad argument or option."""

    exit_code = 2


class InputFileError(ReuniteError):
    """A file that is missing, unreadable, empty or in a shape Reunite cannot read."""

    exit_code = 4


class MappingError(ReuniteError):
    """A mapping profile that is missing, malformed or names unknown fields."""

    exit_code = 5


class NotFoundError(ReuniteError):
    """A record, batch or other object that does not exist."""

    exit_code = 6


class IllegalTransitionError(ReuniteError):
    """A case workflow move the transition table does not allow, or whose preconditions are not met."""

    exit_code = 7


class AuditIntegrityError(ReuniteError):
    """The audit log was edited, truncated or reordered outside Reunite."""

    exit_code = 8
