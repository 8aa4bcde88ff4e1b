"""Outputs written atomically: a temporary file in the same folder, renamed over the target when complete.

A reader (or the next build, after a kill or a full disk) finds each output either as it was or complete,
never cut. ``Staging`` goes further for a set of files: all are written first, then all renamed, so a
failure while writing any of them leaves every old one in place. Write errors become ``OutputError``
with a one-line message naming the file.

    >>> with atomic_file(Path("out/view.html")) as fh:
    ...     fh.write(page)
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


class OutputError(Exception):
    """An output that cannot be written: the message names the file and the reason."""


def _public(path: str) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)  # mkstemp makes 0600; an output is for others to read


def _temp(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path`` (the first step of writing it)."""
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _error(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write ({exc.strerror or exc})")


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def replace(tmp: str, path: Path) -> None:
    """Rename a finished temporary file over ``path`` (the one step that makes an output visible)."""
    os.replace(tmp, path)


@contextmanager
def atomic_file(path: str | Path, mode: str = "wb"):
    """A file that becomes ``path`` when the block ends without error; otherwise ``path`` is left as it was."""
    path = Path(path)
    try:
        fd, tmp = _temp(path)
    except OSError as exc:
        raise _error(path, exc) from None
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
        _public(tmp)
        replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise _error(path, exc) from None
    except BaseException:
        _discard(tmp)
        raise


def write_atomic(path: str | Path, data: bytes | str) -> None:
    with atomic_file(path, "wb" if isinstance(data, bytes) else "w") as fh:
        fh.write(data)


class Staging:
    """Several outputs of one folder, made visible together: ``file(name)`` writes one, ``commit()`` renames all.

    Leaving the ``with`` block without ``commit()`` (an error, an interrupt) deletes what was written.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.staged: list[tuple[str, Path]] = []

    @contextmanager
    def file(self, name: str, mode: str = "wb"):
        path = self.folder / name
        try:
            fd, tmp = _temp(path)
            self.staged.append((tmp, path))
            with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as fh:
                yield fh
            _public(tmp)
        except OSError as exc:
            raise _error(path, exc) from None

    def commit(self) -> list[Path]:
        done = []
        for tmp, path in list(self.staged):
            try:
                replace(tmp, path)
            except OSError as exc:
                raise _error(path, exc) from None
            self.staged.remove((tmp, path))
            done.append(path)
        return done

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        for tmp, _ in self.staged:
            _discard(tmp)
        self.staged = []
