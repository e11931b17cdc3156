"""Temporary files that do not outlive the run. The cache (cache.py) and --output
(render/output.py) write a temporary file beside their target and then move it into place. If the
run ends first, by an error, Ctrl-C, SIGTERM or SIGHUP, the temporary file is removed; only
SIGKILL or a power cut can leave one, and those are pruned once they are old (`stale`)."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import threading
import time
from collections.abc import Iterator

STALE_SECONDS = 3600  # a temporary file this old was left by a run that was killed
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _end_the_run(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds like an error: each temporary() removes its file


@contextlib.contextmanager
def temporary(folder: str, prefix: str, suffix: str = ".tmp") -> Iterator[tuple[int, str]]:
    """A new temporary file in `folder`, private (0600): its descriptor and path. Removed when the
    block ends, unless the block has moved it into place; SIGTERM and SIGHUP end the run through
    here (exit 128 + the signal's number) instead of leaving it behind."""
    import tempfile

    with _signals_end_the_run():
        fd, path = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
        try:
            yield fd, path
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)


@contextlib.contextmanager
def _signals_end_the_run() -> Iterator[None]:
    """SIGTERM and SIGHUP raise SystemExit while the block runs, where they would otherwise kill
    the process at once. A signal that is ignored (nohup) or handled by someone else stays so;
    handlers can only be set in the main thread."""
    changed = {}
    if threading.current_thread() is threading.main_thread():
        for sig in SIGNALS:
            if signal.getsignal(sig) is signal.SIG_DFL:
                changed[sig] = signal.signal(sig, _end_the_run)
    try:
        yield
    finally:
        for sig, previous in changed.items():
            signal.signal(sig, previous)


def stale(path: str) -> bool:
    """A temporary file left behind: older than STALE_SECONDS, a regular file of this user's."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    return mine and stat.S_ISREG(info.st_mode) and time.time() - info.st_mtime > STALE_SECONDS
