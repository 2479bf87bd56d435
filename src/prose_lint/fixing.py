"""``--fix`` and ``--diff``: apply the fixes findings carry, and nothing else.

Every byte outside the fixed spans stays as it was read (BOM, CRLF, a missing
final newline, bytes that are not valid UTF-8). The file is replaced
atomically (a temporary file in the same folder, fsync, rename) with its mode
kept, and only if it still holds the bytes that were linted.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

from .findings import Finding
from .reading import Source


class FixError(Exception):
    """A file that was not fixed, and why."""


def fixed_text(source: Source, findings: list[Finding]) -> tuple[str, list[Finding]]:
    """The file's text with every fix applied, and the findings fixed.

    Fixes that overlap an earlier one wait for the next run; a fix whose span
    is not the prose the rule saw (never expected) is skipped.
    """
    pieces, fixed, position = [], [], 0
    for finding in sorted((f for f in findings if f.fix is not None), key=lambda f: (f.fix.start, f.fix.end)):
        fix = finding.fix
        if fix.start < position or source.raw[fix.start : fix.end] != source.prose[fix.start : fix.end]:
            continue
        pieces += [source.raw[position : fix.start], fix.replacement]
        position = fix.end
        fixed.append(finding)
    pieces.append(source.raw[position:])
    return "".join(pieces), fixed


def apply_fixes(
    fixable: dict[str, tuple[Path, Source]], findings: list[Finding]
) -> tuple[list[Finding], list[tuple[str, int]], list[str]]:
    """Fix each file of ``fixable`` (display path -> file, what was read).

    Returns the findings fixed, (display path, count) for each file written,
    and one message for each file that could not be.
    """
    fixed, written, errors = [], [], []
    for display, (path, source) in fixable.items():
        text, applied = fixed_text(source, _findings_of(findings, display))
        if not applied:
            continue
        try:
            write_fixed(path, source, text)
        except FixError as error:
            errors.append(f"cannot fix {display}: {error}")
            continue
        fixed += applied
        written.append((display, len(applied)))
    return fixed, written, errors


def diff_fixes(fixable: dict[str, tuple[Path, Source]], findings: list[Finding]) -> str:
    """What ``apply_fixes`` would change, as one unified diff."""
    return "".join(
        unified_diff(display, source.raw, fixed_text(source, _findings_of(findings, display))[0])
        for display, (_, source) in fixable.items()
    )


def _findings_of(findings: list[Finding], display: str) -> list[Finding]:
    return [finding for finding in findings if finding.path == display]


def write_fixed(path: Path, source: Source, text: str) -> None:
    """Replace the file at ``path`` with ``text``, encoded as the file was."""
    if not source.round_trips:
        raise FixError(f"its bytes do not read back the same through {source.encoding}; not fixed")
    data = source.encode(text)
    target = Path(os.path.realpath(path))
    try:
        current = target.read_bytes()
    except OSError as error:
        raise FixError(f"cannot read it again: {error.strerror or error}") from error
    if hashlib.sha256(current).hexdigest() != source.digest:
        raise FixError("it changed after it was read; not fixed")
    status = target.stat()
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".prose-lint")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        _keep_owner(temporary, status)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise FixError(f"cannot write it: {error.strerror or error}") from error
    _sync_folder(target.parent)


def _keep_owner(path: str, status: os.stat_result) -> None:
    # Only the owner's own files or root's can change hands; others keep the writer's.
    try:
        os.chown(path, status.st_uid, status.st_gid)
    except (OSError, AttributeError):
        pass


def _sync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder is synced.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def unified_diff(display: str, before: str, after: str) -> str:
    """``--diff`` output for one file. Fixes never touch line endings, so lines
    are compared without them and printed with LF, whatever the file uses."""
    label = display if display.startswith("/") else f"{{side}}/{display}"
    lines = difflib.unified_diff(
        _lines(before), _lines(after), label.format(side="a"), label.format(side="b"), lineterm=""
    )
    return "".join(line + "\n" for line in lines)


def _lines(text: str) -> list[str]:
    # LF, CRLF and CR end a line; str.splitlines would also split on form feeds and U+2028.
    return re.split(r"\r\n|\r|\n", text.removesuffix("\r\n").removesuffix("\n").removesuffix("\r"))
