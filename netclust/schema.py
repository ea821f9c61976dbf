"""Column contracts: the vocabulary of the firm and link tables, roles and layer specs.

Every other module takes column names from here, so the words ``firm_id``,
``source``, ``target``, ``layer`` and ``weight`` are defined exactly once.

Firms table
    ``firm_id`` (required, unique string), ``name``, ``role`` and optional
    ``sector``, ``employees``, ``exporter`` (bool), ``lon``, ``lat``, ``founded``,
    ``area``; any other column is kept as an attribute.
Links table
    ``source``, ``target``, ``layer`` (required), optional ``weight`` (> 0,
    default 1), ``date`` or ``period``, ``count``. Many rows per
    (source, target, layer[, period]) are transaction records and are aggregated
    into one link whose weight is the sum and whose count is the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FIRM_ID", "NAME", "ROLE", "SOURCE", "TARGET", "LAYER", "WEIGHT", "COUNT", "DATE",
    "PERIOD", "ROLES", "FIRM_COLUMNS", "LINK_COLUMNS", "ALIASES", "LayerSpec",
    "DEFAULT_LAYERS", "AGGREGATE", "CHANNEL_DIRECTIONS", "default_channel",
]

FIRM_ID = "firm_id"
NAME = "name"
ROLE = "role"
SOURCE = "source"
TARGET = "target"
LAYER = "layer"
WEIGHT = "weight"
COUNT = "count"
DATE = "date"
PERIOD = "period"

#: Directions a layer can carry goods in (``None``: not a channel).
CHANNEL_DIRECTIONS = (None, "forward", "reverse")

#: Name of the union of all layers in every per-layer result.
AGGREGATE = "aggregate"

#: Default role vocabulary (extensible: other values are kept, with a warning).
ROLES = ("anchor", "sme", "supplier", "designer", "logistics", "trade_service", "platform", "other")

#: Canonical firm columns that can be mapped from a user's column names.
FIRM_COLUMNS = (FIRM_ID, NAME, ROLE, "sector", "employees", "exporter", "lon", "lat", "founded", "area")
#: Canonical link columns that can be mapped from a user's column names.
LINK_COLUMNS = (SOURCE, TARGET, LAYER, WEIGHT, COUNT, DATE, PERIOD)

#: Column names recognised without an explicit mapping, used only when the canonical
#: column is absent and exactly one alias is present (case-insensitive).
ALIASES = {
    FIRM_ID: ("id", "node", "node_id", "firm", "企业id", "企业编号"),
    NAME: ("firm_name", "label", "企业名称", "名称"),
    ROLE: ("type", "category", "角色"),
    SOURCE: ("from", "src", "seller", "supplier_id"),
    TARGET: ("to", "dst", "buyer", "customer_id"),
    LAYER: ("type", "relation", "kind", "层"),
    WEIGHT: ("amount", "value", "金额"),
    DATE: ("day", "timestamp", "日期"),
}


@dataclass(frozen=True)
class LayerSpec:
    """Declaration of one layer of the multilayer network.

    Parameters
    ----------
    name : str
        Layer name as used in the links table's ``layer`` column.
    directed : bool
        Whether ``source -> target`` has a direction (goods flow, shipments).
    weighted : bool, default True
        Whether link weights are meaningful; an unweighted layer's graph views
        carry weight 1 on every link.
    description : str
        What a link in this layer means.
    channel : {None, "forward", "reverse"}, default None
        Whether goods move along this layer's links towards export (an *export
        channel*, see :mod:`netclust.metrics.channels`): ``"forward"`` source ->
        target, ``"reverse"`` target -> source, ``None`` carries no goods. On an
        undirected layer either direction value means both ways.

    Examples
    --------
    >>> from netclust.schema import LayerSpec
    >>> LayerSpec("channel", directed=True, description="SME sells via anchor")
    LayerSpec(name='channel', directed=True, weighted=True, description='SME sells via anchor', channel=None)
    """

    name: str
    directed: bool
    weighted: bool = True
    description: str = ""
    channel: str | None = None

    def __post_init__(self):
        if self.channel not in CHANNEL_DIRECTIONS:
            raise ValueError(f"layer {self.name!r}: channel must be None, 'forward' or "
                             f"'reverse', not {self.channel!r}")


#: The three layers of a leather-goods cluster, used when no layers are declared.
#: Export channels (see :mod:`netclust.metrics.channels`): procurement carries goods
#: forward (seller -> buyer: an SME's goods reach the anchor or trade-service firm that
#: buys them); logistics forward (shipper -> provider: the goods are handed to the
#: provider, who exports when flagged as an exporter); design sharing carries no goods.
DEFAULT_LAYERS = (
    LayerSpec("procurement", True, True,
              "goods or materials flow from seller (source) to buyer (target)", "forward"),
    LayerSpec("design_sharing", False, True,
              "two firms share design resources (library, joint samples)", None),
    LayerSpec("logistics", True, True, "shipper (source) uses logistics provider (target)",
              "forward"),
)


def default_channel(name: str):
    """Channel direction of a layer named like a default layer (``None`` otherwise).

    Used when a layer declaration gives no ``channel`` setting.

    Examples
    --------
    >>> from netclust.schema import default_channel
    >>> default_channel("procurement"), default_channel("design_sharing"), default_channel("x")
    ('forward', None, None)
    """
    return next((s.channel for s in DEFAULT_LAYERS if s.name == name), None)
