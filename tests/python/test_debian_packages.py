"""kpi_devtools.debian: the Debian packages of the test suite (PostgreSQL,
Chromium), installed with apt-get as root, a clear message otherwise.
apt-get itself is replaced by a recorder: nothing is installed here."""

from __future__ import annotations

import subprocess

import pytest

from kpi_devtools import debian


class AptRecorder:
    """subprocess.run for apt-get: the commands in order; `install` fails
    (exit 100, as on a stale package index) the first `failures` times."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.commands: list[list[str]] = []

    def __call__(self, command: list[str], env: dict, check: bool):
        self.commands.append(command[:2])
        code = 0
        if command[1] == "install" and self.failures:
            self.failures -= 1
            code = 100
        if check and code:
            raise subprocess.CalledProcessError(code, command)
        assert env["DEBIAN_FRONTEND"] == "noninteractive"
        return subprocess.CompletedProcess(command, code)


@pytest.fixture()
def as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(debian.os, "geteuid", lambda: 0)
    monkeypatch.setattr(debian.shutil, "which", lambda name: f"/usr/bin/{name}")


def test_not_root_says_what_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(debian.os, "geteuid", lambda: 1000)
    with pytest.raises(RuntimeError) as raised:
        debian.install_package("chromium", "Chromium", "put chromium on PATH")
    assert str(raised.value) == (
        "Chromium not found. Install Debian's package: "
        "`sudo apt-get install chromium` (or put chromium on PATH)."
    )


def test_as_root_installs_once(as_root, monkeypatch: pytest.MonkeyPatch) -> None:
    apt = AptRecorder(failures=0)
    monkeypatch.setattr(debian.subprocess, "run", apt)
    debian.install_package("postgresql", "PostgreSQL", "put initdb on PATH")
    assert apt.commands == [["apt-get", "install"]]


def test_a_stale_index_is_updated_once_then_installed(
    as_root, monkeypatch: pytest.MonkeyPatch
) -> None:
    apt = AptRecorder(failures=1)
    monkeypatch.setattr(debian.subprocess, "run", apt)
    debian.install_package("postgresql", "PostgreSQL", "put initdb on PATH")
    assert apt.commands == [["apt-get", "install"], ["apt-get", "update"], ["apt-get", "install"]]


def test_a_package_that_cannot_be_installed_stops(as_root, monkeypatch: pytest.MonkeyPatch) -> None:
    apt = AptRecorder(failures=2)
    monkeypatch.setattr(debian.subprocess, "run", apt)
    with pytest.raises(subprocess.CalledProcessError):
        debian.install_package("chromium", "Chromium", "put chromium on PATH")
