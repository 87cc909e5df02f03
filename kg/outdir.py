"""The output folder of a build: checked, locked against a second build, cleaned of leftovers.

A build holds an exclusive `fcntl.flock` on `OUT/.lock` while it runs; the lock file says
which process holds it. The kernel drops the lock when the process dies, so a killed build
never blocks the next one; the next build removes what the killed one left behind.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KgError

LOCK_FILE = ".lock"
LEFTOVERS = (".staging-*", ".spill-*", ".old-store-*", "store.tmp")
"""Working folders of a build: only ever left behind by a killed build."""


class OutputError(KgError):
    """The output folder cannot be used (not a folder, not writable, full, or in use)."""


def check_out_dir(out: Path) -> None:
    """Create `out` if needed; raise `OutputError` saying why it cannot be written.

    Raises:
        OutputError: `out` is a file, cannot be created or is not writable.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(
            f"--out {str(out)!r} is a file, not a folder; give a folder (it is created if missing)"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(
            f"cannot create output folder {str(out)!r}: {err.strerror or err}; give a writable --out"
        ) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {str(out)!r} is not writable; give a writable --out")


def write_error(err: OSError, out: Path) -> OutputError:
    """A user-facing error for a failed write into `out` (disk full, quota, read-only...)."""
    what = {
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "disk quota exceeded",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
    }.get(err.errno or 0, err.strerror or str(err)[:300])
    where = f" ({err.filename})" if err.filename else ""
    return OutputError(
        f"cannot write the build into {str(out)!r}: {what}{where}; the previous exports and store "
        "are unchanged. Free space or choose another --out, then build again"
    )


WRITE_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the build lock of `out` for the duration of the block.

    Raises:
        OutputError: another build holds the lock (its pid and start time are named).
    """
    path = out / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 400, 0).decode("utf-8", "replace").strip() or "unknown process"
            raise OutputError(
                f"output folder {str(out)!r} is being written by another build ({holder}); wait for it "
                f"to finish, or build into another --out. (The lock is {str(path)!r}; it is released "
                "when that process ends.)"
            ) from None
        os.ftruncate(fd, 0)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        os.pwrite(fd, f"pid {os.getpid()}, started {stamp}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remove_leftovers(out: Path) -> list[str]:
    """Delete the working folders a killed build left in `out`; return their names (call locked)."""
    gone = []
    for pattern in LEFTOVERS:
        for p in sorted(out.glob(pattern)):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
            gone.append(p.name)
    return gone
