"""The project's own exceptions: each one knows the file and line it is about."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One finding of the checks: where it is, what is wrong, what to do."""

    path: str
    line: int | None
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.severity == "warning":
            text = f"{where}: warning: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class ReportError(Exception):
    """Base of every error the compiler reports to a user in one line."""

    def __init__(self, message: str, path: str | Path | None = None,
                 line: int | None = None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        tail = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.message}{tail}"


    def as_problem(self) -> Problem:
        """The error as one finding among others, for a list of every problem at once."""
        return Problem(self.path or "", self.line, self.message, self.hint)


class ContentError(ReportError):
    """A content file (metadata, section, bibliography, data) cannot be read or is wrong."""


class ConfigError(ContentError):
    """The report metadata names something that does not exist (locale, style, section)."""


class EnvironmentProblem(ReportError):
    """The machine lacks something the build needs (a font, a tool)."""


class BuildError(ReportError):
    """A conversion step failed."""


class OutputError(ReportError):
    """The output folder cannot be written (permissions, an immutable or read-only folder, a full disk)."""


class PublishRefused(ReportError):
    """A release is not made: the version is published already, or the build is not current."""


class BuildLocked(ReportError):
    """Another build holds the lock on the output folder."""


class Interrupted(ReportError):
    """The user stopped the build (Ctrl-C); the shell's code for that is 130."""

    exit_code = 130


class ValidationFailed(ReportError):
    """The checks found errors; carries every problem so all can be shown at once."""

    def __init__(self, problems: list[Problem]):
        errors = [p for p in problems if p.severity == "error"]
        first = errors[0] if errors else problems[0]
        super().__init__(first.message, first.path, first.line, first.hint)
        self.problems = problems

    def __reduce__(self):
        # Raised in another process (the checks run beside the build), it comes back with every problem.
        return type(self), (self.problems,), self.__dict__

    def __str__(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        return "\n".join(str(p) for p in errors)


class ContentUnreadable(ValidationFailed, ContentError):
    """Several content files cannot be read: every one of them is reported at once."""
