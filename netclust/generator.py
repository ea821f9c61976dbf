"""Shiling-style synthetic cluster generator: firms, multilayer links and planted communities.

The generator builds a synthetic register of firms and their links in three layers
(``procurement``, ``design_sharing``, ``logistics``) that imitates the structure of the
Shiling (狮岭) leather-goods cluster of Huadu district, Guangzhou. It makes the bundled
sample (``data/shiling/``), the ground truth of the community tests and the workload of
the benchmarks. Everything is vectorised with numpy (loops run only over roles, link
rules and tables), so 100,000 firms take a few seconds. The data are synthetic: no
row describes a real firm.

Calibration (each choice and its source)
----------------------------------------
Role mix
    ~8,800 luggage and leather-goods manufacturers ([1]_) and ~16,800 supporting
    merchants (DESIGN.md §11; the 2010 figures of 7,200 producing enterprises and
    17,300 individual businesses [2]_ give the same ratio). The default 25,600 firms are
    exactly 8,800 makers + 16,800 supporting firms; other sizes keep the ratio
    (34.375 % makers). Role counts are exact (largest remainder), not sampled.
Anchors
    3 % of makers (264 at the default size) are anchors (large exporters, brand owners,
    bulk-order integrators), the rest SMEs: 77 "large-scale" producers among ~2,700
    around 2005 (2.9 %, [3]_); the town picked "more than 100" strong firms for support
    among thousands ([4]_).
Supporting merchants
    supplier 55 % (leather 45 %, hardware 25 %, accessories 30 % of suppliers: the raw and
    auxiliary materials trade is the largest, ~2,500 material dealers beside ~2,700
    producers [3]_), designer 10 %, logistics 2 % (few providers; the town backed a
    logistics distribution centre [4]_), trade_service 12 % (foreign-trade agents,
    customs brokers), platform 3 % (cross-border e-commerce; "more than 1,000 leather
    manufacturers in Shiling are selling online" [5]_) and other 18 % (packaging,
    printing, machinery, testing: the chain "raw materials, manufacturing, packaging,
    transport, sales" [4]_). These splits are modelling choices: no public count per
    type was found.
Firm size (``employees``)
    Pareto sizes per role (minimum: anchor 150 employees, SME 8, supplier 3, logistics 5,
    others 2-5; tail index 1.1 for logistics, 1.3 platforms, 1.5 anchors, 1.6 SMEs,
    1.8 suppliers, 2 others; capped). Makers employ ~280,000 people at the default size,
    the 250,000-300,000 workers reported for the town ([2]_, [6]_).
Exports
    >70 % of output exported (DESIGN.md §11; Shiling made 60-70 % of China's leather-goods
    exports [6]_). ``exporter`` marks direct exporters: 95 % of anchors and SMEs with
    probability ``1 / (1 + (18 / employees) ** 2)`` (~40 % of SMEs), so that exporters
    hold >= 70 % of makers' employment (the output proxy; 73 % with the default seed).
    Non-exporting SMEs sell more through anchors' overseas channels (SME -> anchor links
    drawn 1.4 / 0.6 times as often as for exporting SMEs).
Areas, communities, coordinates
    The town administers 23 villages [6]_ and hosts specialised leather markets and
    industrial parks [2]_. Each planted community is a sub-market (``round(sqrt(N) / 5)``:
    32 at the default size, 11 at 3,000 firms, 63 at 100,000; lognormal sizes; every
    community gets at least one firm of each role when a role has enough firms); ``area``
    is the village hosting it (up to 23 synthetic village names: modelled on local naming,
    not a gazetteer; several communities share a village when there are more than 23).
    Coordinates fall inside lon 113.10-113.22, lat 23.44-23.53 (~120 km²; the town covers
    136.31 km² [1]_): villages on a jittered grid, communities near their village, firms
    scattered ~300 m around their community.
Founding years
    The first workshop opened in 1978 [1]_; anchors 1985-2012, SMEs 1990-2024 skewed to
    recent years, designers from 2000, cross-border platforms from 2010.
Names
    ``<village, 狮岭 or 广州><two-character brand><sector suffix>`` (e.g. 义岭昌瑞手袋厂,
    狮岭盛富皮料商行), unique (rare repeats get a branch number "（2）"). Ids are
    ``F000000``... in a random order (ids reveal neither role nor community).

Structure (who links to whom)
-----------------------------
Each link rule has *initiating* firms, each drawing ``kmin + Poisson(extra * a_i /
mean(a))`` partners with activity ``a_i = size_i ** theta`` (heavy-tailed, since sizes are
Pareto). A partner is drawn with probability proportional to its popularity
``size_j ** gamma`` (preferential choice; a vectorised Chung-Lu scheme [7]_): with
probability ``1 - mixing`` inside the initiator's community, otherwise in another
community chosen in proportion to its size (so one village's hub is not flooded by the
whole town) and then by popularity inside it (planted partition with a mixing
parameter, as in the LFR benchmark [8]_).

=========================  ==============  ===============================================
rule (source -> target)    layer           meaning
=========================  ==============  ===============================================
supplier -> sme            procurement     SMEs buy from a concentrated supplier market
                                           (popularity tail 1.8 / 1.3 = 1.4); every
                                           supplier also has >= 2 regular SME customers
supplier -> anchor         procurement     anchors buy materials in bulk (5 + ~20 each)
sme -> anchor              procurement     anchors subcontract to SMEs and SMEs sell
                                           through anchors' channels
sme -> sme                 procurement     subcontracting between SMEs
trade_service -> maker     procurement     agents and brokers serve makers (exporters
                                           three times as likely)
platform / other -> maker  procurement     e-commerce, packaging, printing, machinery
designer - sme             design_sharing  studios share design libraries with SMEs
sme - sme                  design_sharing  joint samples
anchor - designer / sme    design_sharing  anchors buy designs and share them with SMEs
shipper -> logistics       logistics       makers, suppliers, platforms and agents ship
                                           through providers with popularity tail ~0.7:
                                           one hub takes about half of its community's
                                           shipments; small forwarders consolidate into
                                           the hubs (logistics -> logistics)
=========================  ==============  ===============================================

Amounts are yearly values in 10,000 CNY: lognormal (median per rule, 0.5-30; sigma
0.6-0.8) times ``(size_source * size_target) ** 0.15``; cross-community relations carry
half the amount of local ones, since ties embedded in a local community carry more of a
firm's exchange [9]_. Repeated draws of a pair are merged (amounts summed), self-loops
dropped, weights rounded to 1 CNY; a firm left without any link (a logistics hub whose
only draw was itself) gets one link of its role's typical kind, so no firm is isolated.
After merging, 10-12 % of the links of each layer cross communities at ``mixing=0.1``.

With the default size and seed (25,600 firms, seed 0) the generator makes 152,458 links:
procurement 104,169, design_sharing 29,574, logistics 18,715 (~6 links per firm; links
grow linearly with firms: ~606,000 at 100,000). Aggregate-graph Leiden (modularity) finds
the 32 planted communities with NMI ~0.98 (weighted) at that size.

References
----------
.. [1] Huadu District People's Government, "People.cn Praises Huadu: 700 Million Bags by
   One Town", https://www.huadu.gov.cn/hdqzfywb/news/content/post_9763068.html
.. [2] "獅嶺皮革皮具節將12月開幕" (2010-11-03): 7,200 producing enterprises, 17,300
   individual businesses, 300,000 workers, 8 leather markets, 6 industrial parks;
   http://91se91.com/news/difang/20101103/189895.html
.. [3] Report on the 5th China (Shiling) Leather Festival: 2,700 producers, 77 large-scale,
   2,500 raw-material dealers; https://zhongaoyinshua.com/html/news/3151.html
.. [4] China News Service, 2006-10-30, https://news.sohu.com/20061031/n246095239.shtml
.. [5] China Daily, "Shiling leather makers go online to stitch a sustained success
   story", 2014-12-02, https://global.chinadaily.com.cn/kindle/2014-12/02/content_19010039.htm
.. [6] "'皮具之都'路在何方": 23 villages, 250,000 workers, 60-70 % of national exports;
   http://fttj.net.cn/cj-show-50664.html
.. [7] Chung, F. and Lu, L. (2002). Connected components in random graphs with given
   expected degree sequences. Annals of Combinatorics 6, 125-145.
.. [8] Lancichinetti, A., Fortunato, S. and Radicchi, F. (2008). Benchmark graphs for
   testing community detection algorithms. Physical Review E 78, 046110.
.. [9] Uzzi, B. (1996). The sources and consequences of embeddedness for the economic
   performance of organizations: the network effect. American Sociological Review 61(4),
   674-698.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from netclust._check import non_negative_int, positive_int
from netclust._random import make_rng
from netclust.errors import InputError
from netclust.io.output import table_bytes, write_bundle

__all__ = ["ClusterTables", "generate_tables", "write_tables", "split_units"]

#: Public calibration figures (see the module docstring).
MAKERS = 8_800
SUPPORTING = 16_800
DEFAULT_FIRMS = MAKERS + SUPPORTING
ANCHOR_SHARE = 0.03
SUPPORT_SHARES = {
    "supplier": 0.55, "designer": 0.10, "logistics": 0.02,
    "trade_service": 0.12, "platform": 0.03, "other": 0.18,
}
ROLE_ORDER = ("anchor", "sme", "supplier", "designer", "logistics", "trade_service",
              "platform", "other")
LAYERS = ("procurement", "design_sharing", "logistics")
_UNDIRECTED = np.array([False, True, False])
#: Bounding box of the town's built-up area (lon_min, lon_max, lat_min, lat_max).
BBOX = (113.10, 113.22, 23.44, 23.53)
MIN_FIRMS = 50
#: Cross-community relations carry this fraction of a local relation's amount.
CROSS_AMOUNT = 0.5
#: Transactions are dated within these two years.
_TX_START = np.datetime64("2023-01-01")
_TX_DAYS = 731

# Per-role firm attributes: size tail index, employees at size 1, employee cap,
# founding window (first, last year) and Beta(a, b) shape of the founding year.
_ROLE_ATTR = {
    #               alpha base  cap   first last  a    b
    "anchor":        (1.5, 150, 6000, 1985, 2012, 1.5, 1.5),
    "sme":           (1.6, 8, 400, 1990, 2024, 2.0, 1.2),
    "supplier":      (1.8, 3, 300, 1988, 2024, 1.6, 1.2),
    "designer":      (2.0, 2, 120, 2000, 2024, 2.0, 1.0),
    "logistics":     (1.1, 5, 3000, 1995, 2022, 1.4, 1.2),
    "trade_service": (2.0, 2, 200, 1995, 2024, 1.8, 1.0),
    "platform":      (1.3, 5, 2000, 2010, 2024, 1.5, 1.0),
    "other":         (2.0, 2, 150, 1988, 2024, 1.5, 1.2),
}
_SECTORS = {
    "anchor": (("handbags", "luggage", "wallets and small leather goods", "belts"),
               (0.45, 0.30, 0.15, 0.10)),
    "sme": (("handbags", "luggage", "wallets and small leather goods", "belts"),
            (0.50, 0.20, 0.20, 0.10)),
    "supplier": (("leather", "hardware", "accessories"), (0.45, 0.25, 0.30)),
    "designer": (("design",), (1.0,)),
    "logistics": (("logistics",), (1.0,)),
    "trade_service": (("foreign trade agency", "customs brokerage"), (0.7, 0.3)),
    "platform": (("cross-border e-commerce",), (1.0,)),
    "other": (("packaging", "printing", "machinery", "testing"), (0.4, 0.3, 0.2, 0.1)),
}
# Name suffixes per sector (chosen at random among the entries).
_SUFFIXES = {
    "handbags": ("皮具厂", "手袋厂", "皮具有限公司"),
    "luggage": ("箱包厂", "箱包有限公司", "旅行箱厂"),
    "wallets and small leather goods": ("皮件厂", "钱包厂", "皮具制品厂"),
    "belts": ("皮带厂", "腰带制品厂"),
    "leather": ("皮革行", "皮料商行", "皮革贸易有限公司"),
    "hardware": ("五金配件店", "五金制品厂", "拉链五金行"),
    "accessories": ("辅料商行", "里布辅料店", "包装辅料行"),
    "design": ("箱包设计工作室", "皮具设计有限公司", "版房"),
    "logistics": ("物流有限公司", "国际货运代理有限公司", "快运部"),
    "foreign trade agency": ("外贸服务有限公司", "进出口有限公司"),
    "customs brokerage": ("报关行", "报关服务有限公司"),
    "cross-border e-commerce": ("跨境电商有限公司", "电子商务有限公司"),
    "packaging": ("包装制品厂", "纸箱厂"),
    "printing": ("印刷厂", "丝印厂"),
    "machinery": ("缝纫设备行", "机械维修部"),
    "testing": ("皮革检测中心", "质量检测服务部"),
}
_BRAND_CHARS = np.array(list(
    "金银宝华丰盛兴隆发达富荣昌泰和安顺利祥瑞鑫源恒永佳美雅尚品新创优精诚信德"
    "天海山龙凤鹏飞腾跃嘉豪骏驰星辰光明锦绣红蓝绿紫晶彩时代万邦福通广汇聚百"))
_VILLAGES = ("金狮", "义岭", "瑞丰", "新庄", "马鞍", "军岗", "前锋", "振华", "合兴", "益和",
             "联群", "芙峰", "旗新", "西岭", "杨梅", "中和", "平山", "红星", "岭南", "冯屋",
             "山前", "新扩", "兴华")


class _Rule(NamedTuple):
    """One kind of link: who initiates, whom they pick, how many and how large."""

    layer: str
    initiators: tuple       # roles drawing a number of partners each
    partners: tuple         # roles the partners are drawn from
    initiator_is_source: bool
    kmin: int               # partners per initiator: kmin + Poisson(extra * a / mean a)
    extra: float
    theta: float            # activity a = size ** theta
    gamma: float            # partner popularity = size ** gamma
    median: float           # lognormal amount, 10,000 CNY per year
    sigma: float
    boost: str | None = None


_RULES = (
    # procurement: source sells to target
    _Rule("procurement", ("sme",), ("supplier",), False, 1, 3.5, 0.6, 1.3, 8.0, 0.6),
    _Rule("procurement", ("supplier",), ("sme",), True, 2, 0.5, 0.5, 0.5, 8.0, 0.6),
    _Rule("procurement", ("anchor",), ("supplier",), False, 5, 20.0, 0.6, 1.3, 20.0, 0.6),
    _Rule("procurement", ("sme",), ("anchor",), True, 0, 1.3, 0.5, 1.0, 25.0, 0.8, "channel"),
    _Rule("procurement", ("sme",), ("sme",), False, 0, 0.5, 0.5, 1.0, 5.0, 0.8),
    _Rule("procurement", ("trade_service",), ("anchor", "sme"), True, 2, 3.0, 0.8, 1.0, 2.0,
          0.6, "exporters"),
    _Rule("procurement", ("platform",), ("anchor", "sme"), True, 2, 8.0, 0.8, 1.0, 3.0, 0.6),
    _Rule("procurement", ("other",), ("anchor", "sme"), True, 3, 1.0, 0.8, 1.0, 1.5, 0.6),
    # design_sharing: undirected
    _Rule("design_sharing", ("designer",), ("sme",), True, 1, 7.0, 0.8, 0.8, 1.0, 0.8),
    _Rule("design_sharing", ("sme",), ("sme",), True, 0, 1.5, 0.5, 0.8, 0.5, 0.8),
    _Rule("design_sharing", ("anchor",), ("designer",), True, 1, 4.0, 0.6, 1.0, 5.0, 0.8),
    _Rule("design_sharing", ("anchor",), ("sme",), True, 2, 8.0, 0.6, 0.8, 1.0, 0.8),
    # logistics: shipper -> provider; popularity exponent 1.5-2 on sizes with tail 1.1
    _Rule("logistics", ("sme",), ("logistics",), True, 1, 0.4, 0.5, 1.5, 3.0, 0.8),
    _Rule("logistics", ("anchor",), ("logistics",), True, 2, 3.0, 0.5, 1.5, 20.0, 0.8),
    _Rule("logistics", ("supplier",), ("logistics",), True, 0, 0.6, 0.5, 1.5, 2.0, 0.8),
    _Rule("logistics", ("platform",), ("logistics",), True, 1, 2.0, 0.5, 1.5, 10.0, 0.8),
    _Rule("logistics", ("trade_service",), ("logistics",), True, 0, 0.6, 0.5, 1.5, 5.0, 0.8),
    _Rule("logistics", ("logistics",), ("logistics",), True, 1, 0.0, 0.5, 2.0, 30.0, 0.8),
)
# A firm left without links (a logistics provider whose only draw hit itself) gets one
# link of its role's typical kind; kmin = 1, extra = 0.
_COVER = {
    "anchor": _Rule("procurement", ("anchor",), ("supplier",), False, 1, 0, 0, 1.3, 20.0, 0.6),
    "sme": _Rule("procurement", ("sme",), ("supplier",), False, 1, 0, 0, 1.3, 8.0, 0.6),
    "supplier": _Rule("procurement", ("supplier",), ("sme",), True, 1, 0, 0, 0.5, 8.0, 0.6),
    "designer": _Rule("design_sharing", ("designer",), ("sme",), True, 1, 0, 0, 0.8, 1.0, 0.8),
    "logistics": _Rule("logistics", ("logistics",), ("sme",), False, 1, 0, 0, 1.0, 3.0, 0.8),
    "trade_service": _Rule("procurement", ("trade_service",), ("anchor", "sme"), True, 1, 0, 0,
                           1.0, 2.0, 0.6),
    "platform": _Rule("procurement", ("platform",), ("anchor", "sme"), True, 1, 0, 0, 1.0,
                      3.0, 0.6),
    "other": _Rule("procurement", ("other",), ("anchor", "sme"), True, 1, 0, 0, 1.0, 1.5, 0.6),
}


@dataclass(frozen=True, eq=False)
class ClusterTables:
    """Tables of a generated cluster.

    Attributes
    ----------
    firms : pandas.DataFrame
        One row per firm: ``firm_id, name, role, sector, employees, exporter, lon, lat,
        founded, area``.
    links : pandas.DataFrame
        One row per relation (``source, target, layer, weight``) or, when generated with
        ``transactions=True``, several dated records per relation
        (``source, target, layer, amount, date``).
    communities : pandas.DataFrame
        Planted ground truth: ``firm_id, community`` (int).

    See Also
    --------
    generate_tables : make the tables.
    write_tables : write them as CSV files.

    Examples
    --------
    >>> from netclust.generator import generate_tables
    >>> t = generate_tables(200, seed=3)
    >>> len(t.firms), list(t.communities.columns)
    (200, ['firm_id', 'community'])
    """

    firms: pd.DataFrame
    links: pd.DataFrame
    communities: pd.DataFrame


def generate_tables(firms: int = DEFAULT_FIRMS, *, seed=0, transactions: bool = False,
                    mixing: float = 0.1, communities: int | None = None) -> ClusterTables:
    """Generate a synthetic Shiling-style cluster: firms, links and planted communities.

    Parameters
    ----------
    firms : int, default 25600
        Number of firms (at least 50). The default is the public figure of ~8,800 makers
        plus ~16,800 supporting merchants; links scale linearly (~6 per firm).
    seed : int, numpy.random.Generator or None, default 0
        Random seed; the same integer always gives identical tables.
    transactions : bool, default False
        If True, ``links`` holds several dated transaction records per relation
        (columns ``source, target, layer, amount, date``) whose amounts sum exactly (to
        1 CNY) to the relation weights generated with ``transactions=False`` and the same
        seed; dates fall in 2023-2024.
    mixing : float, default 0.1
        Probability that a link's partner is drawn outside the initiating firm's community
        (0 gives perfectly separated communities; must be in [0, 1)).
    communities : int, optional
        Number of planted communities (sub-markets); default ``round(sqrt(firms) / 5)``
        (at least 1).

    Returns
    -------
    ClusterTables
        ``firms`` (firm_id, name, role, sector, employees, exporter, lon, lat, founded,
        area), ``links`` (source, target, layer, weight) and ``communities`` (firm_id,
        community).

    Raises
    ------
    InputError
        If ``firms`` is not an integer >= 50, ``mixing`` is outside [0, 1), ``communities``
        is not between 1 and ``firms // 10``, or ``seed`` is not a valid seed.

    See Also
    --------
    write_tables : write the tables as ``firms.csv``, ``links.csv``, ``communities.csv``.

    Notes
    -----
    Role counts are exact: ``round(N * 8800 / 25600)`` makers, 3 % of them anchors, the
    supporting firms split by the shares of the module docstring (largest remainder).
    Partner choice follows a Chung-Lu scheme [1]_ with planted communities and a mixing
    parameter as in the LFR benchmark [2]_: a link initiated by firm *i* of community
    :math:`c_i` goes to firm *j* with probability

    .. math::

        P(j \\mid i) = (1 - \\mu)\\,\\frac{[c_j = c_i]\\,p_j}{P_{c_i}}
        + \\mu\\,\\frac{n_{c_j}[c_j \\ne c_i]}{N - n_{c_i}}\\,\\frac{p_j}{P_{c_j}},

    with popularity :math:`p_j = s_j^{\\gamma}` (firm size :math:`s_j` Pareto),
    :math:`P_c` the popularity total of candidates in community *c*, :math:`n_c` its size
    and :math:`\\mu` = ``mixing`` (communities without candidates of the partner roles are
    skipped; an initiator whose own community has none always draws outside). Undirected ``design_sharing`` rows have
    ``source < target``; rows are sorted by layer, source, target. The firm order is a
    random permutation (ids do not reveal roles or communities).

    References
    ----------
    .. [1] Chung, F. and Lu, L. (2002). Connected components in random graphs with given
       expected degree sequences. Annals of Combinatorics 6, 125-145.
    .. [2] Lancichinetti, A., Fortunato, S. and Radicchi, F. (2008). Benchmark graphs for
       testing community detection algorithms. Physical Review E 78, 046110.

    Examples
    --------
    >>> from netclust.generator import generate_tables
    >>> t = generate_tables(500, seed=1)
    >>> t.firms["role"].value_counts().to_dict()
    {'supplier': 180, 'sme': 167, 'other': 59, 'trade_service': 39, 'designer': 33, 'platform': 10, 'logistics': 7, 'anchor': 5}
    >>> t.firms.loc[0, ["firm_id", "name", "role", "area"]].tolist()
    ['F000000', '狮岭腾凤皮具有限公司', 'anchor', '金狮村']
    >>> t.links.groupby("layer").size().to_dict()
    {'design_sharing': 512, 'logistics': 314, 'procurement': 1759}
    >>> t.links.head(2)
        source   target        layer   weight
    0  F000001  F000043  procurement   7.3255
    1  F000001  F000283  procurement  11.0779
    >>> t.communities["community"].nunique()
    4
    """
    n, k, mixing = _check_args(firms, mixing, communities)
    rng = make_rng(seed)
    roles, comm = _assign_roles_and_communities(rng, n, k)
    size = _sizes(rng, roles)
    employees = _employees(roles, size)
    exporter = _exporters(rng, roles, employees)
    src, dst, layer, amount = _draw_links(rng, roles, comm, size, exporter, k, mixing)

    # Random firm order so that ids reveal neither role nor community.
    perm = rng.permutation(n)          # perm[new] = old
    new_of_old = np.empty(n, dtype=np.int64)
    new_of_old[perm] = np.arange(n)
    src, dst = new_of_old[src], new_of_old[dst]
    src, dst, layer, weight = _aggregate(n, src, dst, layer, amount)

    width = max(6, len(str(n - 1)))
    ids = pd.array(np.char.add("F", np.char.zfill(np.arange(n).astype(str), width)),
                   dtype="str")
    firms_df = _firm_table(rng, ids, roles[perm], comm[perm], size[perm], employees[perm],
                           exporter[perm], k)
    comm_df = pd.DataFrame({"firm_id": ids, "community": comm[perm].astype(np.int64)})
    if transactions:
        links_df = _transactions(rng, ids, src, dst, layer, weight)
    else:
        links_df = pd.DataFrame({"source": _take(ids, src), "target": _take(ids, dst),
                                 "layer": _take(LAYERS, layer), "weight": weight})
    return ClusterTables(firms=firms_df, links=links_df, communities=comm_df)


def write_tables(tables: ClusterTables, out_dir, *, force: bool = False) -> list[Path]:
    """Write generated tables as ``firms.csv``, ``links.csv`` and ``communities.csv``.

    Parameters
    ----------
    tables : ClusterTables
        Output of :func:`generate_tables`.
    out_dir : str or pathlib.Path
        Folder to write into (created if missing).
    force : bool, default False
        Overwrite a folder that already holds data tables (``firms.*``,
        ``links.*``, ``communities.*``, ``layers.*``...); without it that is an error.

    Returns
    -------
    list of pathlib.Path
        The three files written, in the order firms, links, communities.

    Raises
    ------
    InputError
        If ``tables`` is not a :class:`ClusterTables`, ``out_dir`` is an existing file, or
        ``out_dir`` already holds data and ``force`` is False.

    See Also
    --------
    generate_tables : build the tables.

    Notes
    -----
    Files are UTF-8 CSV without BOM or index column, written together by
    :func:`netclust.io.output.write_bundle`: a kill at any moment leaves the old set
    or the new one, never a mix, and no visible temporary file. The same tables
    always give byte-identical files.

    Examples
    --------
    >>> import tempfile
    >>> from netclust.generator import generate_tables, write_tables
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_tables(generate_tables(200, seed=3), d)]
    ['firms.csv', 'links.csv', 'communities.csv']
    """
    if not isinstance(tables, ClusterTables):
        raise InputError(f"write_tables needs a ClusterTables, not {type(tables).__name__}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"output folder {str(out)!r} is an existing file")
    existing = _existing_data(out)
    if existing and not force:
        raise InputError(f"{out} already holds data ({', '.join(existing)}); refusing to "
                         "overwrite it: choose another --out, or pass --force (force=True)")
    return write_bundle(out, {f"{name}.csv": table_bytes(df, "csv")
                              for name, df in (("firms", tables.firms), ("links", tables.links),
                                               ("communities", tables.communities))})


#: File stems that hold input data in a folder (see :mod:`netclust.io.tables`).
_DATA_STEMS = ("firms", "nodes", "firm", "node", "vertices", "links", "edges", "link", "edge",
               "transactions", "communities", "layers")


def _existing_data(out: Path) -> list:
    """Names of data tables already in ``out`` (what ``generate`` would overwrite or mix)."""
    if not out.is_dir():
        return []
    return sorted(p.name for p in out.iterdir()
                  if p.is_file() and p.stem.lower() in _DATA_STEMS and not p.name.startswith("."))


# --------------------------------------------------------------------------- checks


def _check_args(firms, mixing, communities):
    n = positive_int(firms, "firms")
    if n < MIN_FIRMS:
        raise InputError(f"firms must be at least {MIN_FIRMS}, got {n}")
    try:
        mixing = float(mixing)
    except (TypeError, ValueError):
        raise InputError(f"mixing must be a number in [0, 1), not {mixing!r}") from None
    if not 0.0 <= mixing < 1.0:
        raise InputError(f"mixing must be in [0, 1), got {mixing}")
    if communities is None:
        k = max(1, round(np.sqrt(n) / 5))
    else:
        k = non_negative_int(communities, "communities")
        if not 1 <= k <= n // 10:
            raise InputError(f"communities must be between 1 and firms // 10 = {n // 10}, "
                             f"got {k}")
    return n, k, mixing


# --------------------------------------------------------------------------- firms


def _role_counts(n: int) -> dict[str, int]:
    """Exact number of firms per role for ``n`` firms (private helper, also used by tests)."""
    makers = round(n * MAKERS / DEFAULT_FIRMS)
    anchors = max(1, round(makers * ANCHOR_SHARE))
    counts = {"anchor": anchors, "sme": makers - anchors}
    counts.update(_largest_remainder(n - makers, SUPPORT_SHARES))
    return counts


def _largest_remainder(total: int, shares: dict[str, float]) -> dict[str, int]:
    names = list(shares)
    exact = np.array([shares[r] for r in names]) * total
    base = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - base), kind="stable")
    base[order[: total - base.sum()]] += 1
    # every role present: take the missing ones from the largest role
    for i in np.flatnonzero(base == 0):
        base[np.argmax(base)] -= 1
        base[i] = 1
    return dict(zip(names, base.tolist()))


def _assign_roles_and_communities(rng, n, k):
    counts = _role_counts(n)
    weights = rng.lognormal(0.0, 0.5, size=k)
    roles, comm = [], []
    for r_index, role in enumerate(ROLE_ORDER):
        m = counts[role]
        # mild specialisation of sub-markets (some hold more suppliers, some more makers)
        p = weights * rng.gamma(5.0, 1.0 / 5.0, size=k)
        p /= p.sum()
        guaranteed = np.arange(k) if m >= k else np.empty(0, dtype=np.int64)
        drawn = rng.choice(k, size=m - guaranteed.size, p=p)
        roles.append(np.full(m, r_index, dtype=np.int8))
        comm.append(np.concatenate([guaranteed, drawn]).astype(np.int64))
    return np.concatenate(roles), np.concatenate(comm)


def _role_param(roles, column):
    table = np.array([_ROLE_ATTR[r][column] for r in ROLE_ORDER], dtype=float)
    return table[roles]


def _sizes(rng, roles):
    alpha = _role_param(roles, 0)
    return (1.0 - rng.random(roles.size)) ** (-1.0 / alpha)   # Pareto, minimum 1


def _employees(roles, size):
    emp = np.round(_role_param(roles, 1) * size)
    return np.minimum(emp, _role_param(roles, 2)).astype(np.int64)


def _exporters(rng, roles, employees):
    u = rng.random(roles.size)
    p = np.zeros(roles.size)
    p[roles == ROLE_ORDER.index("anchor")] = 0.95
    sme = roles == ROLE_ORDER.index("sme")
    # rises with size: half of the 18-employee SMEs export directly
    p[sme] = 1.0 / (1.0 + (18.0 / employees[sme]) ** 2)
    return u < p


def _firm_table(rng, ids, roles, comm, size, employees, exporter, k):
    n = len(ids)
    role_names = np.asarray(ROLE_ORDER)[roles]
    sector = np.empty(n, dtype=object)
    for r_index, role in enumerate(ROLE_ORDER):
        mask = roles == r_index
        names, p = _SECTORS[role]
        sector[mask] = np.asarray(names, dtype=object)[
            rng.choice(len(names), size=int(mask.sum()), p=p)]
    sector = sector.astype(str)

    # villages on a jittered grid; communities around their village; firms around those
    n_vill = min(len(_VILLAGES), k)
    lon0, lon1, lat0, lat1 = BBOX
    cols = int(np.ceil(np.sqrt(n_vill * (lon1 - lon0) / (lat1 - lat0))))
    rows = int(np.ceil(n_vill / cols))
    cw, ch = (lon1 - lon0) / cols, (lat1 - lat0) / rows
    cell = rng.choice(cols * rows, size=n_vill, replace=False)
    v_lon = lon0 + (cell % cols + 0.5 + rng.uniform(-0.2, 0.2, n_vill)) * cw
    v_lat = lat0 + (cell // cols + 0.5 + rng.uniform(-0.2, 0.2, n_vill)) * ch
    village_of = rng.permutation(np.arange(k) % n_vill)
    c_lon = v_lon[village_of] + rng.normal(0, 0.12 * cw, k)
    c_lat = v_lat[village_of] + rng.normal(0, 0.12 * ch, k)
    spread = 0.003
    lon = np.clip(c_lon[comm] + rng.normal(0, spread, n), lon0 + 1e-4, lon1 - 1e-4)
    lat = np.clip(c_lat[comm] + rng.normal(0, spread, n), lat0 + 1e-4, lat1 - 1e-4)
    village_names = np.asarray(_VILLAGES[:n_vill])
    area = np.char.add(village_names[village_of[comm]], "村")

    # founding year: Beta-shaped inside the role's window
    first, last = _role_param(roles, 3), _role_param(roles, 4)
    founded = first + np.floor(rng.beta(_role_param(roles, 5), _role_param(roles, 6))
                               * (last - first + 1))
    founded = np.minimum(founded, last).astype(np.int64)

    # names: prefix (village / town / city) + two-character brand + sector suffix
    brand = np.char.add(_BRAND_CHARS[rng.integers(0, _BRAND_CHARS.size, n)],
                        _BRAND_CHARS[rng.integers(0, _BRAND_CHARS.size, n)])
    pref_kind = rng.choice(3, size=n, p=(0.5, 0.3, 0.2))
    prefix = np.where(pref_kind == 0, village_names[village_of[comm]],
                      np.where(pref_kind == 1, "狮岭", "广州"))
    suffix = np.empty(n, dtype=object)
    for sec, options in _SUFFIXES.items():
        mask = sector == sec
        suffix[mask] = np.asarray(options, dtype=object)[
            rng.integers(0, len(options), int(mask.sum()))]
    names = pd.Series(np.char.add(np.char.add(prefix, brand), suffix.astype(str)))
    dup = names.groupby(names, sort=False).cumcount().to_numpy()
    if dup.any():   # rare repeats get a branch number: "狮岭金华皮具厂（2）"
        names = names.where(dup == 0, names + "（" + pd.Series(dup + 1).astype(str) + "）")

    return pd.DataFrame({
        "firm_id": ids, "name": names.to_numpy(dtype=str), "role": role_names,
        "sector": sector, "employees": employees, "exporter": exporter,
        "lon": np.round(lon, 6), "lat": np.round(lat, 6), "founded": founded, "area": area,
    })


# --------------------------------------------------------------------------- links


class _Pool:
    """Candidates of some roles sorted by community, with cumulative popularity."""

    def __init__(self, members, comm, popularity, sizes_c, k):
        order = np.argsort(comm[members], kind="stable")
        self.idx = members[order]
        c = comm[self.idx]
        self.cum = np.cumsum(popularity[self.idx])
        start = np.searchsorted(c, np.arange(k), side="left")
        stop = np.searchsorted(c, np.arange(k), side="right")
        cum0 = np.concatenate([[0.0], self.cum])
        self.lo, self.hi = cum0[start], cum0[stop]
        self.has = stop > start
        # community choice for cross-community draws: proportional to community size
        self.q = np.where(self.has, sizes_c, 0).astype(float)
        self.qcum = np.cumsum(self.q)
        self.qlo = self.qcum - self.q

    def draw(self, rng, comm_of_initiator, mixing):
        m = comm_of_initiator.size
        c = comm_of_initiator
        u_cross, u_comm, u_pick = rng.random(m), rng.random(m), rng.random(m)
        rest = self.qcum[-1] - self.q[c]
        cross = ((u_cross < mixing) | ~self.has[c]) & (rest > 0)
        # target community: own, or another one drawn in proportion to its size
        x = u_comm * rest
        x = np.where(x >= self.qlo[c], x + self.q[c], x)
        other = np.minimum(np.searchsorted(self.qcum, x, side="right"), self.q.size - 1)
        tc = np.where(cross, other, c)
        y = self.lo[tc] + u_pick * (self.hi[tc] - self.lo[tc])
        pos = np.minimum(np.searchsorted(self.cum, y, side="right"), self.idx.size - 1)
        return self.idx[pos], cross


def _role_mask(roles, names):
    return np.isin(roles, [ROLE_ORDER.index(r) for r in names])


def _amounts(rng, m, median, sigma, size_a, size_b):
    return median * rng.lognormal(0.0, sigma, m) * (size_a * size_b) ** 0.15


def _draw_links(rng, roles, comm, size, exporter, k, mixing):
    sizes_c = np.bincount(comm, minlength=k)
    pools = {}

    def draw(rule, init):
        """Partners of the initiators ``init`` (one draw each) and the cross-community mask."""
        key = (rule.partners, rule.gamma, rule.boost == "exporters")
        if key not in pools:
            members = np.flatnonzero(_role_mask(roles, rule.partners))
            pop = size ** rule.gamma
            if rule.boost == "exporters":   # trade services favour exporters
                pop = pop * np.where(exporter, 3.0, 1.0)
            pools[key] = _Pool(members, comm, pop, sizes_c, k)
        return pools[key].draw(rng, comm[init], mixing)

    src, dst, lay, amt = [], [], [], []

    def emit(rule, init):
        partner, cross = draw(rule, init)
        s, t = (init, partner) if rule.initiator_is_source else (partner, init)
        src.append(s)
        dst.append(t)
        lay.append(np.full(s.size, LAYERS.index(rule.layer), dtype=np.int64))
        amount = _amounts(rng, s.size, rule.median, rule.sigma, size[s], size[t])
        amt.append(np.where(cross, CROSS_AMOUNT * amount, amount))

    for rule in _RULES:
        initiators = np.flatnonzero(_role_mask(roles, rule.initiators))
        activity = size[initiators] ** rule.theta
        if rule.boost == "channel":   # non-exporting SMEs sell more through anchors' channels
            activity = activity * np.where(exporter[initiators], 0.6, 1.4)
        lam = rule.extra * activity / activity.mean()
        emit(rule, np.repeat(initiators, rule.kmin + rng.poisson(lam)))

    # firms left isolated (self-loops are dropped later) get one typical link
    s_all, t_all = np.concatenate(src), np.concatenate(dst)
    keep = s_all != t_all
    degree = (np.bincount(s_all[keep], minlength=roles.size)
              + np.bincount(t_all[keep], minlength=roles.size))
    for r_index, role in enumerate(ROLE_ORDER):
        lonely = np.flatnonzero((degree == 0) & (roles == r_index))
        if lonely.size:
            emit(_COVER[role], lonely)

    return (np.concatenate(src), np.concatenate(dst), np.concatenate(lay),
            np.concatenate(amt))


def _aggregate(n, src, dst, layer, amount):
    """Drop self-loops, orient undirected pairs, sum repeated pairs; sorted rows."""
    keep = src != dst
    src, dst, layer, amount = src[keep], dst[keep], layer[keep], amount[keep]
    und = _UNDIRECTED[layer]
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    src, dst = np.where(und, lo, src), np.where(und, hi, dst)
    key = (layer * n + src) * n + dst
    uniq, inv = np.unique(key, return_inverse=True)
    total = np.bincount(inv, weights=amount)
    # weights in 10,000 CNY rounded to 1 CNY, at least 1 CNY
    weight = np.maximum(np.round(total * 1e4), 1.0) / 1e4
    layer_u, rest = np.divmod(uniq, n * n)
    src_u, dst_u = np.divmod(rest, n)
    return src_u, dst_u, layer_u, weight


def _transactions(rng, ids, src, dst, layer, weight):
    """Split each relation into dated records whose amounts sum to its weight."""
    units = np.round(weight * 1e4).astype(np.int64)          # whole CNY
    n_tx = np.minimum(1 + rng.poisson(np.array([4.0, 1.0, 6.0])[layer]), units)
    rel = np.repeat(np.arange(units.size), n_tx)
    part = split_units(units, n_tx, rng.exponential(1.0, rel.size))
    days = rng.integers(0, _TX_DAYS, rel.size)
    order = np.argsort(rel * _TX_DAYS + days, kind="stable")   # by relation, then date
    rel, part, days = rel[order], part[order], days[order]
    calendar = (_TX_START + np.arange(_TX_DAYS).astype("timedelta64[D]")).astype(str)
    return pd.DataFrame({"source": _take(ids, src[rel]), "target": _take(ids, dst[rel]),
                         "layer": _take(LAYERS, layer[rel]), "amount": part / 1e4,
                         "date": _take(calendar, days)})


def split_units(units, parts, draws) -> np.ndarray:
    """Split whole amounts into positive whole parts in proportion to random draws.

    Parameters
    ----------
    units : array of int
        Amount of each item, in whole units (e.g. 1 CNY = 1e-4 of 10,000 CNY).
    parts : array of int
        Number of parts of each item (``1 <= parts <= units``).
    draws : array of float
        One positive draw per part, items in order (``parts.sum()`` values).

    Returns
    -------
    numpy.ndarray of int64
        The parts, items in order: each part is 1 plus its share (its draw over its
        item's draws) of the item's spare units ``units - parts``, rounded down; the
        remainder goes to the item's first part. Parts sum exactly to ``units``.

    Examples
    --------
    >>> from netclust.generator import split_units
    >>> split_units(np.array([10, 3]), np.array([2, 3]), np.array([1.0, 3.0, 1.0, 1.0, 1.0]))
    array([3, 7, 1, 1, 1])
    """
    units, parts = np.asarray(units, dtype=np.int64), np.asarray(parts, dtype=np.int64)
    item = np.repeat(np.arange(units.size), parts)
    share = draws / np.bincount(item, weights=draws, minlength=units.size)[item]
    out = 1 + np.floor(share * (units - parts)[item]).astype(np.int64)
    first = np.concatenate([[0], np.cumsum(parts)[:-1]]).astype(np.int64)
    out[first[parts > 0]] += (units - np.bincount(item, weights=out, minlength=units.size)
                              .astype(np.int64))[parts > 0]
    return out


def _take(values, index):
    """``values[index]`` as a pandas string array (a C-level take, no Python strings)."""
    if not isinstance(values, pd.api.extensions.ExtensionArray):
        values = pd.array(np.asarray(values), dtype="str")
    return values.take(index)
