"""What the doctor reports: one :class:`Finding` per thing checked, each saying what to do."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Level = Literal["ok", "warn", "FAIL"]


@dataclass(frozen=True)
class Finding:
    """One line of the report: ``FAIL  spool: cannot write to ... -> what to do``.

    ``ok`` is fine, ``warn`` works but deserves a look, ``FAIL`` will lose or refuse mail (the
    doctor then exits 1).
    """

    level: Level
    check: str
    """A short name of what was checked (``spool``, ``database``, ``dkim``...)."""
    message: str
    advice: str = ""

    @property
    def failed(self) -> bool:
        return self.level == "FAIL"

    def line(self) -> str:
        text = f"{self.level:<4}  {self.check}: {self.message}"
        return f"{text} -> {self.advice}" if self.advice else text

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def ok(check: str, message: str) -> Finding:
    return Finding("ok", check, message)


def warn(check: str, message: str, advice: str) -> Finding:
    return Finding("warn", check, message, advice)


def fail(check: str, message: str, advice: str) -> Finding:
    return Finding("FAIL", check, message, advice)
