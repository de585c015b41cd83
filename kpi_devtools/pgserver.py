"""A throw-away local PostgreSQL server, for the tests and for trying the route.

The PostgreSQL serving tests need a real server. This module uses Debian's
``postgresql`` package: ``install()`` installs it when its binaries are missing
(root only, as in CI), and ``LocalPostgres`` runs ``initdb`` in a temporary
folder and starts a server on a free loopback port, with password
authentication over TCP. ``stop()`` stops it and removes the folder.

PostgreSQL refuses to run as root; as root, the server runs as the ``postgres``
system user that the Debian package creates.

Command line: ``python -m kpi_devtools.pgserver install``.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kpi_devtools.debian import install_package

DEBIAN_PACKAGE = "postgresql"


def find_bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` with initdb, or pg_ctl on PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def install() -> Path:
    """Make sure the server binaries exist; install Debian's package as root if not."""
    found = find_bin_dir()
    if found:
        return found
    install_package(DEBIAN_PACKAGE, "PostgreSQL server binaries", "put initdb and pg_ctl on PATH")
    found = find_bin_dir()
    if not found:
        raise RuntimeError(f"installed {DEBIAN_PACKAGE}, but initdb is still not found")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalPostgres:
    """One temporary PostgreSQL cluster on 127.0.0.1 (see the module doc)."""

    superuser: str = "kpi_admin"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    port: int = 0
    data_dir: Path | None = None
    bin_dir: Path | None = None

    def _as_server_user(self, command: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return command
        return ["runuser", "-u", "postgres", "--", *command]

    def start(self) -> LocalPostgres:
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> LocalPostgres:
        self.bin_dir = install()
        self.port = self.port or free_port()
        self.data_dir = Path(tempfile.mkdtemp(prefix="kpi-postgres-"))
        cluster = self.data_dir / "cluster"
        password_file = self.data_dir / "password"
        password_file.write_text(self.password + "\n")
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            for path in (self.data_dir, password_file):
                os.chown(path, account.pw_uid, account.pw_gid)
        self._run(
            [
                str(self.bin_dir / "initdb"),
                "--pgdata",
                str(cluster),
                "--username",
                self.superuser,
                "--pwfile",
                str(password_file),
                "--auth-local",
                "trust",
                "--auth-host",
                "scram-sha-256",
                "--encoding",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ]
        )
        options = (
            f"-p {self.port} -k {self.data_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            [
                str(self.bin_dir / "pg_ctl"),
                "--pgdata",
                str(cluster),
                "--options",
                options,
                "--log",
                str(self.data_dir / "server.log"),
                "--wait",
                "start",
            ]
        )
        return self

    def stop(self) -> None:
        if self.data_dir is None or self.bin_dir is None:
            return
        cluster = self.data_dir / "cluster"
        if (cluster / "postmaster.pid").exists():
            self._run(
                [str(self.bin_dir / "pg_ctl"), "--pgdata", str(cluster), "-m", "fast", "-w", "stop"]
            )
        shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir = None

    def conninfo(
        self, user: str | None = None, password: str | None = None, dbname: str = "postgres"
    ) -> str:
        user = user or self.superuser
        password = self.password if password is None else password
        return (
            f"host=127.0.0.1 port={self.port} dbname={dbname} user={user} "
            f"password={password} connect_timeout=10"
        )

    def log(self) -> str:
        log = self.data_dir / "server.log" if self.data_dir else None
        return log.read_text() if log and log.exists() else ""

    def _run(self, command: list[str]) -> None:
        result = subprocess.run(
            self._as_server_user(command), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command[:1])} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}{self.log()}"
            )

    def __enter__(self) -> LocalPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if args != ["install"]:
        print("usage: python -m kpi_devtools.pgserver install", file=sys.stderr)
        return 2
    print(f"PostgreSQL server binaries: {install()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
