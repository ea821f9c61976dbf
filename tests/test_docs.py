"""Every CLI command has help text with an example; every public name has a docstring."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import COMMAND_MODULES, cli


def test_every_command_is_listed_for_lazy_loading():
    # commands load on first use (netclust.cli.COMMAND_MODULES): a command defined in a
    # module but missing from the map would never run
    import importlib

    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"netclust.cli.{module}")
    assert set(cli.commands) == set(COMMAND_MODULES)
    assert {n: type(c).__module__ for n, c in cli.commands.items()}  # all registered


@pytest.mark.parametrize("name", sorted(COMMAND_MODULES))
def test_command_help_has_example(name):
    res = CliRunner().invoke(cli, [name, "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output
    assert f"netclust {name}" in res.output


@pytest.mark.parametrize("name", [n for n in nc.__all__ if not n.startswith("__")])
def test_public_names_documented(name):
    obj = getattr(nc, name)
    assert (obj.__doc__ or "").strip(), name
