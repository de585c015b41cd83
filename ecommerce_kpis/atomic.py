"""Files written whole or not at all: a temporary file beside the target,
renamed over it on success (``os.replace``, atomic on one file system).

A reader sees the old file or the new one, never half of one; a failure
leaves the old file as it was. Landed exports, the dashboard page and the
state files of ``alerts`` and ``watch`` are written this way.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_text_file(target: Path) -> Iterator[TextIO]:
    """A temporary file beside ``target`` (its own name, so two writers at
    once do not share it), renamed over ``target`` when the block ends
    without an error, removed otherwise."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_text(target: Path, text: str) -> None:
    """``text`` as the whole of ``target`` (UTF-8), atomically."""
    with atomic_text_file(target) as handle:
        handle.write(text)
