"""Every CLI command has help text with an example; every public name has a docstring."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_help_has_example(name):
    res = CliRunner().invoke(cli, [name, "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output
    assert f"netclust {name}" in res.output


@pytest.mark.parametrize("name", [n for n in nc.__all__ if not n.startswith("__")])
def test_public_names_documented(name):
    obj = getattr(nc, name)
    assert (obj.__doc__ or "").strip(), name
