"""The ``ecommerce-kpis`` command line: sub-commands, their --help, no fall-through."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from ecommerce_kpis.cli import build_parser, main

# a use in the Makefile or in a command line of the docs: at a line start, after a
# path (`$(BIN)/`), a backtick or a shell prompt; not in prose
USE = r"(?:^\s*|[/`]|\$ )ecommerce-kpis ([a-z][a-z-]*)"
COMMANDS = [
    "generate",
    "publish",
    "publish-postgres",
    "dashboard",
    "watch",
    "alerts",
    "powerbi",
    "adapt-online-retail",
    "tier",
]


def _subcommands() -> set[str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return set(sub.choices)


def test_the_commands_are_the_documented_ones() -> None:
    assert _subcommands() == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_its_own_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: ecommerce-kpis {command} ")
    assert "--help" in out


def test_no_command_is_an_error_not_generate(capsys: pytest.CaptureFixture[str]) -> None:
    # the old CLI ran `generate` when no other command matched
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "required" in capsys.readouterr().err


def test_unknown_command_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["generat"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_commands_used_in_makefile_and_docs_exist() -> None:
    texts = [ROOT / "Makefile", ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    used = {
        match for path in texts for match in re.findall(USE, path.read_text(), flags=re.MULTILINE)
    }
    assert used, "no ecommerce-kpis command found in the Makefile and docs"
    assert used <= _subcommands(), used - _subcommands()
