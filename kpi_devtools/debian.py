"""Debian packages the test suite needs (PostgreSQL, Chromium), installed by
the project's own setup: ``make pg-install`` and ``make browser-install``.

``install_package`` installs one package with apt-get when the caller did not
find what it needs, as root only (as in CI); elsewhere it says which command
to run. An index that is out of date is refreshed once (``apt-get update``).
"""

from __future__ import annotations

import os
import shutil
import subprocess


def install_package(package: str, missing: str, instead: str) -> None:
    """Install Debian's `package`; `missing` names what was not found and
    `instead` the other way to provide it, for the message when this process
    cannot install (not root, no apt-get)."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError(
            f"{missing} not found. Install Debian's package: "
            f"`sudo apt-get install {package}` (or {instead})."
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "-q", "--no-install-recommends", package]
    if subprocess.run(command, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, check=True)
        subprocess.run(command, env=env, check=True)
