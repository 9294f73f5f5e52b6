"""The README stays true: every cchc command is documented with an example, every canned
query and answer table is described, and the two set-up commands are there (the way
sqlite-utils checks its docs)."""

from __future__ import annotations

import re

import click
import pytest

from pipeline.cli import main
from pipeline.store.answer_tables import COLUMNS as ANSWER_TABLES
from pipeline.store.queries import CANNED
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "cchc") -> list[str]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        out.append(f"{prefix} {name}")
        if isinstance(cmd, click.Group):
            out.extend(commands(cmd, f"{prefix} {name}"))
    return out


@pytest.mark.parametrize("command", commands(main))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert command in README, f"README.md does not show `{command}`"


@pytest.mark.parametrize("command", commands(main))
def test_every_command_has_an_example_in_its_help(command: str) -> None:
    cmd: click.Command = main
    for part in command.split()[1:]:
        cmd = cmd.commands[part]  # type: ignore[attr-defined]
    assert "cchc" in (cmd.help or "") or (isinstance(cmd, click.Group) and cmd.help), command


@pytest.mark.parametrize("text", ["make run", "make test", "make bench", "make prefect-up"])
def test_setup_commands_documented(text: str) -> None:
    assert text in README


MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")


@pytest.mark.parametrize("target", sorted(set(re.findall(r"\bmake ([a-z][a-z-]*)", README))))
def test_every_make_target_the_readme_names_exists(target: str) -> None:
    assert re.search(rf"^{re.escape(target)}:", MAKEFILE, re.M), (
        f"README.md names `make {target}`, but the Makefile has no `{target}:` target")


@pytest.mark.parametrize("name", sorted(CANNED))
def test_every_canned_query_is_in_the_readme(name: str) -> None:
    params = ", ".join(CANNED[name]["params"])
    assert f"| `{name}` | {params} |" in README, f"README.md's table lacks `{name}` ({params})"


@pytest.mark.parametrize("table", sorted(ANSWER_TABLES))
def test_every_answer_table_is_in_the_readme(table: str) -> None:
    assert f"`{table}`" in README
