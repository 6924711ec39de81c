"""Atomic file writes: the one helper every writer of csto-kg goes through.

:func:`atomic_write` replaces one file atomically (:func:`atomic_write_all` several: every
new file is written in full before the first is put in place); a write that fails (no space
left on the device, a quota, no permission) is :class:`WriteFailed`, naming the file and
saying that the previous one is unchanged. :func:`write_lock` makes
concurrent writers of the same output (two ``build`` runs into one folder, two
``export -o`` to one file) take turns: the second waits for the first, or
fails with :class:`WriterBusy` after ``$CSTO_KG_LOCK_WAIT`` seconds (default 60).
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from csto_kg.errors import CstoKgError

DEFAULT_LOCK_WAIT = 60.0


class WriterBusy(CstoKgError):
    """Another process holds the write lock of an output for longer than we wait."""


class WriteFailed(CstoKgError, OSError):
    """An output could not be written; its previous content is unchanged (exit 2).

    An ``OSError`` too, so that writers that skip what they cannot write (the caches) still do.

    >>> str(WriteFailed.of("out/closure.nt", OSError(errno.ENOSPC, "No space left on device"), existed=True))
    'no space left on the device writing out/closure.nt; the previous output is unchanged'
    """

    @classmethod
    def of(cls, path, error: OSError, *, existed: bool, after: str | None = None) -> "WriteFailed":
        what = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "disk quota exceeded",
                errno.EROFS: "read-only file system", errno.EACCES: "permission denied",
                errno.EPERM: "permission denied", errno.EFBIG: "file too large"}.get(error.errno)
        if what is None:
            what = f"cannot write ({error.strerror or error})"
        if after is None:
            after = "the previous output is unchanged" if existed else "nothing was written"
        failure = cls(f"{what} writing {path}; {after}")
        failure.errno, failure.path = error.errno, str(path)
        return failure


def atomic_write(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so readers see the old file or the whole new one.

    The bytes go to a temporary file in the same folder, are fsynced, then
    ``os.replace`` puts the file in place and the folder is fsynced so the
    rename itself is durable. Text is encoded as UTF-8. Parent folders are
    created. Returns the path.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "sub" / "x.txt"
    >>> atomic_write(target, "hello\\n").read_text()
    'hello\\n'
    """
    target = Path(path)
    tmp = _written(target, data)
    try:
        os.replace(tmp, target)
    except OSError as error:
        _remove_quietly(tmp)
        raise WriteFailed.of(path, error, existed=target.exists()) from None
    except BaseException:
        _remove_quietly(tmp)
        raise
    _fsync_folder(target.parent)
    return target


def atomic_write_all(items) -> list[Path]:
    """Write several files (``(path, data)`` pairs) so that a failure replaces none of them.

    Every new file is written and fsynced beside its target first; only then is each put in
    place (``os.replace``). A full disk, found while writing, leaves every previous file as it
    was (:class:`WriteFailed`); a process killed between two renames leaves each file whole,
    some new and some old.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in atomic_write_all([(folder / "a.txt", "A"), (folder / "b.txt", b"B")])]
    ['a.txt', 'b.txt']
    """
    written: list[tuple[Path, str]] = []
    try:
        for path, data in items:
            written.append((Path(path), _written(Path(path), data)))
        for target, tmp in written:
            os.replace(tmp, target)
    except BaseException:
        for _target, tmp in written:
            _remove_quietly(tmp)
        raise
    for folder in dict.fromkeys(target.parent for target, _ in written):
        _fsync_folder(folder)
    return [target for target, _ in written]


def _written(target: Path, data: bytes | str) -> str:
    """A temporary file beside ``target`` holding ``data``, fsynced; :class:`WriteFailed` when it cannot be."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~_current_umask())
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        if tmp is not None:
            _remove_quietly(tmp)
        raise WriteFailed.of(target, error, existed=target.exists()) from None
    except BaseException:
        if tmp is not None:
            _remove_quietly(tmp)
        raise
    return tmp


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. platforms that cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def write_lock(path: str | os.PathLike, *, wait: float | None = None):
    """Hold the write lock of the file or folder ``path`` (a file ``.NAME.lock`` beside it while held).

    Waits up to ``wait`` seconds (default ``$CSTO_KG_LOCK_WAIT``, else 60) for
    another holder, then raises :class:`WriterBusy`. The lock is an ``flock``,
    released by the kernel when its holder dies (even by SIGKILL). The lock file is
    removed as the lock is released, so nothing is left beside the outputs; a writer
    that was waiting on the removed file sees it is gone and locks the path afresh.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with write_lock(folder / "out"):
    ...     with write_lock(folder / "out", wait=0.2):
    ...         pass
    Traceback (most recent call last):
    ...
    csto_kg.atomicio.WriterBusy: ... is being written by another csto-kg process (lock ...); waited 0.2 s; try again when it has finished
    >>> sorted(p.name for p in folder.iterdir())
    []
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.parent / f".{target.name}.lock"
    if wait is None:
        wait = float(os.environ.get("CSTO_KG_LOCK_WAIT") or DEFAULT_LOCK_WAIT)
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            _flock(fd, deadline)
        except BlockingIOError:
            os.close(fd)
            raise WriterBusy(f"{path} is being written by another csto-kg process (lock {lock}); "
                             f"waited {wait:g} s; try again when it has finished") from None
        except BaseException:
            os.close(fd)
            raise
        if _still_at(fd, lock):
            break
        os.close(fd)  # its holder removed it on release: lock the file now at the path
    try:
        yield lock
    finally:
        try:
            os.unlink(lock)  # still holding it: a waiter on this file will see it is gone
        except FileNotFoundError:
            pass
        os.close(fd)  # releases the lock


def _flock(fd: int, deadline: float) -> None:
    """Take the exclusive ``flock`` of ``fd``, polling until ``deadline`` (then BlockingIOError)."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def _still_at(fd: int, path: Path) -> bool:
    """Whether the open file ``fd`` is still the file at ``path`` (not removed or replaced)."""
    try:
        here, there = os.fstat(fd), os.stat(path)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)
