"""``manifest.json``: what a backup holds, each file with its size and SHA-256.

It is written last, so a backup without one was interrupted; a restore checks every file against
it before writing anything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mailer.backup.errors import BackupError

NAME = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Manifest:
    made_at: str
    mailer_version: str
    database: dict[str, str]
    """backend ("sqlite", "postgresql"), file, revision, and for PostgreSQL the schema."""
    origin: str = ""
    """Where the config file was, so its other relative paths can be made absolute."""
    config: str = "config.toml"
    secret_file: str = ""
    dkim_key_file: str = ""
    templates: str = ""
    photos: str = ""
    """The photos kept with meetings (``[photos] folder``), when there were any."""
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Every file, by its path in the backup: its size and sha256."""
    format: int = FORMAT

    def add(self, root: Path, path: Path) -> None:
        self.files[path.relative_to(root).as_posix()] = {
            "size": path.stat().st_size,
            "sha256": sha256_of(path),
        }

    def add_tree(self, root: Path, folder: Path) -> None:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            self.add(root, path)

    def write(self, root: Path) -> None:
        text = json.dumps(asdict(self), indent=2, sort_keys=True)
        (root / NAME).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def read(cls, root: Path) -> Manifest:
        path = root / NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BackupError(
                f"{path} is missing: {root} is not a backup, or one that was interrupted"
            ) from None
        except (OSError, ValueError) as exc:
            raise BackupError(f"cannot read {path}: {exc}") from None
        if data.get("format") != FORMAT:
            raise BackupError(f"{path}: format {data.get('format')!r}; expected {FORMAT}")
        return cls(**data)

    def verify(self, root: Path) -> None:
        """Every listed file is there, with its size and checksum; else the first few that are
        not, in one error."""
        problems = []
        for name, expected in sorted(self.files.items()):
            path = root / name
            if not path.is_file():
                problems.append(f"{name} is missing")
            elif path.stat().st_size != expected["size"]:
                problems.append(f"{name} has {path.stat().st_size} bytes, not {expected['size']}")
            elif sha256_of(path) != expected["sha256"]:
                problems.append(f"{name} does not match its sha256")
        if problems:
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            shown = "; ".join(problems[:5]) + more
            raise BackupError(f"the backup in {root} is damaged: {shown}; nothing was restored")
