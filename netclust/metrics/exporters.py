"""Which firms export: the one definition every channel, scenario and report uses.

Exporting firms come from the firms table's ``exporter`` column. Where the column is
missing (or the user prefers roles), the user names the exporting roles
(``exporters=("anchor", "trade_service")``; CLI ``--exporters anchor,trade_service``).
The result always carries a one-sentence statement of the assumption used, which
every output prints: there is no silent default.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netclust.errors import InputError
from netclust.i18n import gettext as _
from netclust.schema import ROLE

__all__ = ["Exporters", "exporters", "known_exporters", "EXPORTER_COLUMN"]

#: Column of the firms table that flags exporting firms.
EXPORTER_COLUMN = "exporter"


@dataclass(frozen=True)
class Exporters:
    """Exporting firms of a network and how they were determined.

    Attributes
    ----------
    mask : numpy.ndarray of bool
        One entry per firm, in the network's firm order.
    source : {"column", "roles"}
        ``"column"``: the ``exporter`` column; ``"roles"``: every firm of ``roles``.
    roles : tuple of str
        The exporting roles when ``source == "roles"`` (empty otherwise).
    assumption : str
        One sentence stating the rule, for every output that uses it.
    """

    mask: np.ndarray
    source: str
    roles: tuple
    assumption: str

    @property
    def count(self) -> int:
        """Number of exporting firms."""
        return int(self.mask.sum())


def _as_roles(roles) -> tuple:
    if isinstance(roles, str):
        roles = [r.strip() for r in roles.split(",")]
    try:
        out = tuple(str(r) for r in roles if str(r).strip())
    except TypeError:
        raise InputError(f"exporters must be a role name or a list of role names, not {roles!r}"
                         ) from None
    if not out:
        raise InputError("exporters: name at least one exporting role (e.g. anchor,trade_service)")
    return out


def exporters(net, roles=None) -> Exporters:
    """The exporting firms of ``net``, with the assumption stated.

    Parameters
    ----------
    net : MultilayerNetwork
    roles : str or sequence of str, optional
        Exporting roles. When given they decide (every firm of these roles exports,
        whatever the ``exporter`` column says); when omitted the ``exporter`` column
        decides (missing values count as not exporting).

    Returns
    -------
    Exporters

    Raises
    ------
    InputError
        Neither an ``exporter`` column nor exporting roles: netclust will not guess.

    Notes
    -----
    Any firm can export, an SME included: an SME that exports itself has access to
    overseas markets and depends on no other firm for it.

    Examples
    --------
    >>> from netclust.metrics.exporters import exporters
    >>> e = exporters(nc.datasets.toy())
    >>> e.count, e.source
    (3, 'column')
    >>> e.assumption
    "exporting firms: the 3 firms whose 'exporter' column is true"
    >>> exporters(nc.datasets.toy(), roles="anchor").assumption
    'exporting firms: every firm of role anchor (2 firms), as named by the user'
    """
    firms = net.firms
    if roles is not None:
        names = _as_roles(roles)
        mask = firms[ROLE].astype(str).isin(names).to_numpy()
        text = _("exporting firms: every firm of role {roles} ({n} firms), as named by the "
                 "user").format(roles=", ".join(names), n=f"{int(mask.sum()):,}")
        return Exporters(mask, "roles", names, text)
    if EXPORTER_COLUMN not in firms.columns:
        raise InputError(_(
            "no exporter information: the firms table has no 'exporter' column. Add one "
            "(true/false) or name the exporting roles (CLI --exporters anchor,trade_service; "
            "API exporters=['anchor', 'trade_service'])"))
    mask = firms[EXPORTER_COLUMN].astype("boolean").fillna(False).to_numpy(dtype=bool)
    text = _("exporting firms: the {n} firms whose 'exporter' column is true").format(
        n=f"{int(mask.sum()):,}")
    return Exporters(mask, "column", (), text)


def known_exporters(net, roles=None) -> Exporters | None:
    """:func:`exporters`, or None when there is no exporter information (no column, no roles).

    For callers that leave out (and say so) what needs exporters instead of failing.

    Examples
    --------
    >>> from netclust.metrics.exporters import known_exporters
    >>> known_exporters(nc.datasets.toy()).count
    3
    >>> net = nc.read(firms=nc.datasets.toy_tables()[0].drop(columns="exporter"),
    ...               links=nc.datasets.toy_tables()[1])
    >>> known_exporters(net) is None
    True
    """
    try:
        return exporters(net, roles)
    except InputError:
        return None
