"""Files the service writes and keys it keeps: writable, present, and readable by it alone.

Root may write anywhere, so writability is tried, never inferred from the mode bits: a probe file
is created, synced and removed, as the spool does with every message.
"""

from __future__ import annotations

import os
import pwd
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mailer.config import Config, password_file_path
from mailer.doctor.findings import Finding, fail, ok, warn
from mailer.outbound.dkim_keys import DkimKeyError, public_key_base64

SECRET_MIN_BYTES = 32
"""Shorter than this, :func:`mailer.outbound.secret.load_or_create_secret` replaces the key."""


def user_name() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def probe_write(folder: Path) -> OSError | None:
    """Create, sync and remove a file in ``folder``; the error when that is impossible."""
    try:
        fd, name = tempfile.mkstemp(prefix=".mailer-doctor-", dir=folder)
    except OSError as exc:
        return exc
    try:
        os.write(fd, b"probe")
        os.fsync(fd)
    except OSError as exc:
        return exc
    finally:
        os.close(fd)
        os.unlink(name)
    return None


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def writable(check: str, path: Path, key: str) -> Finding:
    """``path`` (a folder the service creates when missing) can be written by this user."""
    folder = _existing(path)
    if not folder.is_dir():
        return fail(check, f"{folder} is not a folder", f"move it away or change {key}")
    error = probe_write(folder)
    if error is not None:
        return fail(
            check,
            f"cannot write to {folder} ({error.strerror})",
            f"let the user that runs mailer ({user_name()}) write there "
            f"(chown -R {user_name()} {folder}), or change {key}",
        )
    if folder != path:
        return ok(check, f"{path} will be created (in {folder}, which is writable)")
    return ok(check, f"{path} is writable")


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def secret_key(config: Config) -> Finding:
    path = config.secret_path
    if not path.exists():
        return warn(
            "secret key",
            f"{path} does not exist yet",
            "`mailer serve` (or the first message) makes it; then back it up (`mailer backup`)",
        )
    try:
        size = len(path.read_bytes().strip())
    except OSError as exc:
        return fail("secret key", f"cannot read {path} ({exc.strerror})", f"chown {user_name()}")
    if size < SECRET_MIN_BYTES:
        return fail(
            "secret key",
            f"{path} holds {size} bytes, fewer than {SECRET_MIN_BYTES}: it would be replaced, "
            "and every reply and unsubscribe link already sent would stop working",
            "restore it from a backup (`mailer restore`), or remove it to start afresh",
        )
    if not _private(path):
        return fail("secret key", f"{path} can be read by other users", f"chmod 600 {path}")
    return ok("secret key", f"{path} is present, mode 600")


def dkim_key(config: Config) -> Finding | None:
    outbound = config.outbound
    if not outbound.dkim_key_file:
        return None
    path = config.resolve(outbound.dkim_key_file)
    try:
        public_key_base64(path.read_bytes())
    except OSError as exc:
        return fail(
            "dkim key",
            f"cannot read {path} ({exc.strerror}): outgoing mail cannot be signed",
            "make one with `mailer dkim keygen --selector NAME FILE`, or fix "
            "[outbound] dkim_key_file",
        )
    except DkimKeyError as exc:
        return fail("dkim key", f"{path}: {exc}", "make one with `mailer dkim keygen`")
    if not _private(path):
        return fail("dkim key", f"{path} can be read by other users", f"chmod 600 {path}")
    return ok("dkim key", f"{path} is an RSA key, mode 600")


def password_files(config: Config) -> Iterator[Finding]:
    """Each ``*_password_file``: readable, and by its owner only (a warning otherwise: Docker
    mounts secrets readable by all inside the container, where that is the norm)."""
    named = [("imap.password_file", config.imap.password_file)]
    named.append(("outbound.smtp_password_file", config.outbound.smtp_password_file))
    for index, user in enumerate(config.users):
        if user.relay is not None:
            named.append((f"users[{index}].relay.password_file", user.relay.password_file))
    for key, value in named:
        if not value:
            continue
        path = password_file_path(config, value)
        if not os.access(path, os.R_OK) or not path.is_file():
            yield fail("password file", f"{key}: cannot read {path}", "create it, chmod 600")
        elif not _private(path):
            yield warn("password file", f"{key}: {path} can be read by others", f"chmod 600 {path}")
        else:
            yield ok("password file", f"{key}: {path} is readable by its owner only")


def checks(config: Config) -> Iterator[Finding]:
    yield writable("spool", config.spool_dir, "[inbound] spool")
    yield writable("photos", config.photos_dir, "[photos] folder")
    if config.outbound.transport == "maildir":
        yield writable("maildir", config.maildir, "[outbound] maildir")
    yield secret_key(config)
    if (found := dkim_key(config)) is not None:
        yield found
    yield from password_files(config)
