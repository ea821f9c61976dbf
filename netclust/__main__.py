"""``python -m netclust`` runs the command-line interface."""

from netclust.cli import cli

cli()
