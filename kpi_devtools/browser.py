"""Debian's Chromium for the dashboard's browser test.

The browser test (tests/python/test_dashboard.py) drives the system's
Chromium with Python Playwright; Playwright's own browser downloads are never
used (``playwright install`` is not run). ``install()`` installs Debian's
``chromium`` package when the binary is missing, as root (as in CI), the way
``kpi_devtools.pgserver`` installs PostgreSQL.

Command line: ``python -m kpi_devtools.browser install``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from kpi_devtools.debian import install_package

DEBIAN_PACKAGE = "chromium"
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def find_chromium() -> Path | None:
    """The Chromium binary: Debian's path, else one named so on PATH."""
    for candidate in CANDIDATES:
        if Path(candidate).exists():
            return Path(candidate)
    on_path = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(on_path) if on_path else None


def install() -> Path:
    """Make sure Chromium exists; install Debian's package as root if not."""
    found = find_chromium()
    if found:
        return found
    install_package(DEBIAN_PACKAGE, "Chromium", "put chromium on PATH")
    found = find_chromium()
    if not found:
        raise RuntimeError(f"installed {DEBIAN_PACKAGE}, but no chromium binary is found")
    return found


def main(argv: list[str]) -> int:
    if argv != ["install"]:
        print("usage: python -m kpi_devtools.browser install", file=sys.stderr)
        return 2
    print(f"Chromium: {install()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
