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

from netclust.i18n import N_, gettext as _

__all__ = [
    "FIRM_ID", "NAME", "ROLE", "EXPORTER", "SOURCE", "TARGET", "LAYER", "WEIGHT", "COUNT", "DATE",
    "PERIOD", "ROLES", "ROLE_LABELS", "role_label", "FIRM_COLUMNS", "LINK_COLUMNS", "ALIASES", "ROLE_ALIASES", "LayerSpec",
    "DEFAULT_LAYERS", "AGGREGATE", "MULTIPLEX", "ANY_DIRECTED", "RESERVED_LAYER_NAMES",
    "CHANNEL_DIRECTIONS", "default_channel",
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
#: Optional firms column: whether the firm exports (read only through netclust.metrics.exporters).
EXPORTER = "exporter"

#: Directions a layer can carry goods in (``None``: not a channel).
CHANNEL_DIRECTIONS = (None, "forward", "reverse")

#: Name of the union of all layers in every per-layer result.
AGGREGATE = "aggregate"

#: Label of the network-wide multiplex rows (``layer = "multiplex"``) in the tidy tables
#: (``firm_metrics``, ``layer_metrics``).
MULTIPLEX = "multiplex"

#: Label of the union of the directed layers (reciprocity, evolution tables).
ANY_DIRECTED = "any_directed"

#: Names netclust uses beside the layer names in its own results, so a declared layer
#: cannot take them (its rows would mix with the network-wide ones), with the reason.
RESERVED_LAYER_NAMES = {
    AGGREGATE: "the union of all layers",
    MULTIPLEX: "the network-wide multiplex rows of the metric tables",
    ANY_DIRECTED: "the union of the directed layers",
}

#: Default role vocabulary (extensible: other values are kept, with a warning).
ROLES = ("anchor", "sme", "supplier", "designer", "logistics", "trade_service", "platform", "other")

#: Names of netclust's fixed role vocabulary (:data:`ROLES`), translated where
#: shown; roles a user defines are data and shown as written.
ROLE_LABELS = {"anchor": N_("anchor"), "sme": N_("sme"), "supplier": N_("supplier"),
               "designer": N_("designer"), "logistics": N_("logistics"),
               "trade_service": N_("trade_service"), "platform": N_("platform"), "other": N_("other")}


def role_label(role) -> str:
    """A role as the reader reads it: netclust's own roles translated, user roles as written.

    Examples
    --------
    >>> from netclust.schema import role_label
    >>> from netclust.i18n import language
    >>> with language("zh"):
    ...     role_label("anchor"), role_label("sme"), role_label("龙头")
    ('龙头企业', '中小企业', '龙头')
    >>> role_label("sme")
    'sme'
    """
    role = str(role)
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


#: Canonical firm columns that can be mapped from a user's column names.
FIRM_COLUMNS = (FIRM_ID, NAME, ROLE, "sector", "employees", "exporter", "lon", "lat", "founded", "area")
#: Canonical link columns that can be mapped from a user's column names.
LINK_COLUMNS = (SOURCE, TARGET, LAYER, WEIGHT, COUNT, DATE, PERIOD)

#: Column names recognised without an explicit mapping, used only when the canonical
#: column is absent and exactly one alias is present (case-insensitive).
ALIASES = {
    FIRM_ID: ("id", "node", "node_id", "firm", "企业id", "企业编号", "编号", "企业代码"),
    NAME: ("firm_name", "label", "企业名称", "名称", "企业名"),
    ROLE: ("type", "category", "角色", "类型", "企业类型"),
    "sector": ("industry", "行业", "所属行业"),
    "employees": ("staff", "员工人数", "员工数", "人数"),
    "exporter": ("exports", "是否出口", "出口"),
    "lon": ("longitude", "lng", "经度"),
    "lat": ("latitude", "纬度"),
    "founded": ("founded_year", "year_founded", "成立年份", "成立年"),
    "area": ("region", "district", "区域", "地区"),
    SOURCE: ("from", "src", "seller", "supplier_id", "来源", "卖方", "供方"),
    TARGET: ("to", "dst", "buyer", "customer_id", "目标", "买方", "需方"),
    LAYER: ("type", "relation", "kind", "层", "网络层", "关系类型"),
    WEIGHT: ("amount", "value", "金额", "交易金额"),
    COUNT: ("次数",),
    DATE: ("day", "timestamp", "日期", "交易日期"),
    PERIOD: ("期间",),
}

#: Built-in role vocabulary: common Chinese labels and the role each is read as
#: (case-insensitive; an explicit ``role_map`` / ``--role-map`` / ``[roles]`` entry
#: wins). Every use is reported by ``validate`` as an info.
ROLE_ALIASES = {
    "龙头企业": "anchor", "核心企业": "anchor", "龙头": "anchor",
    "中小企业": "sme", "小微企业": "sme",
    "供应商": "supplier", "原料商": "supplier", "原材料供应商": "supplier",
    "设计": "designer", "设计工作室": "designer", "设计公司": "designer",
    "物流": "logistics", "物流企业": "logistics", "物流公司": "logistics",
    "外贸服务": "trade_service", "跨境服务": "trade_service", "外贸公司": "trade_service",
    "平台": "platform", "电商平台": "platform",
    "其他": "other",
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
#: forward (seller -> buyer: an SME's goods reach the anchor that buys them), except a
#: service bought from a trade-service firm (seller role in
#: :data:`netclust.metrics.channels.SERVICE_SELLERS`), which carries the buyer's goods to
#: that seller; logistics forward (shipper -> provider: the goods are handed to the
#: provider, who exports when flagged as an exporter); design sharing carries no goods.
DEFAULT_LAYERS = (
    LayerSpec("procurement", True, True,
              N_("goods or materials flow from seller (source) to buyer (target)"), "forward"),
    LayerSpec("design_sharing", False, True,
              N_("two firms share design resources (library, joint samples)"), None),
    LayerSpec("logistics", True, True, N_("shipper (source) uses logistics provider (target)"),
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
