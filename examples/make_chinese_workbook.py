"""Write a synthetic Chinese cluster workbook as Guangdong researchers' data arrives.

``examples/shiling_zh/数据.xlsx`` (~200 firms, deterministic per seed) has Chinese sheet
names (企业名录, 交易记录, 物流, 设计合作), Chinese headers, Chinese role labels
(龙头企业, 中小企业, ...), an export flag 是/否, dates such as ``2022年1月3日`` and
``2022/1/3`` and amounts such as ``1,234.50``, ``¥80.00`` and ``95.20元``; beside it the
mapping file ``netclust.toml`` that tells netclust which sheet is which layer.
``examples/shiling_zh_bad/数据.xlsx`` is the same kind of workbook with typical
mistakes (a negative amount, an ambiguous date, a mistyped firm id, a role label
nobody declared, an export flag 可能, an amount 约100), for ``netclust validate``.

Run::

    python examples/make_chinese_workbook.py            # writes both folders
    netclust validate examples/shiling_zh/数据.xlsx
    netclust report examples/shiling_zh/数据.xlsx --out /tmp/report.html
    netclust validate examples/shiling_zh_bad/数据.xlsx  # every message names the bad value
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from netclust.generator import generate_tables

HERE = Path(__file__).resolve().parent

#: How the workbook spells each role (a label per role; 专业市场 is declared in netclust.toml).
ROLE_LABELS = {"anchor": "龙头企业", "sme": "中小企业", "supplier": "原料商", "designer": "设计工作室",
               "logistics": "物流", "trade_service": "外贸服务", "platform": "专业市场", "other": "其他"}
SHEETS = {"procurement": "交易记录", "logistics": "物流", "design_sharing": "设计合作"}
FIRM_HEADERS = {"firm_id": "企业编号", "name": "企业名称", "role": "类型", "sector": "行业",
                "employees": "员工人数", "exporter": "是否出口", "lon": "经度", "lat": "纬度",
                "founded": "成立年份", "area": "区域"}
LINK_HEADERS = {"source": "来源企业", "target": "目标企业", "amount": "金额", "date": "日期"}

CONFIG = '''# netclust mapping file: how 数据.xlsx maps onto netclust (found beside the workbook).
# Every command that reads 数据.xlsx uses it; command-line options win over it.

[sheets]                      # which sheet is which table; a layer's sheet *is* that layer
firms = "企业名录"
procurement = "交易记录"
logistics = "物流"
design_sharing = "设计合作"

[columns]                     # netclust column = your header
firm_id = "企业编号"
name = "企业名称"
role = "类型"
exporter = "是否出口"
source = "来源企业"
target = "目标企业"
weight = "金额"
date = "日期"

[roles]                       # labels outside the built-in vocabulary (龙头企业, 中小企业, ...)
"专业市场" = "platform"

[layers.procurement]
directed = true
channel = "forward"           # goods move seller -> buyer, towards export
description = "采购：货物从卖方（来源）流向买方（目标）"

[layers.logistics]
directed = true
channel = "forward"
description = "物流：托运方（来源）使用物流商（目标）"

[layers.design_sharing]
directed = false
description = "设计合作：共享版房、样品"
'''


def _dates(dates: pd.Series, rng) -> np.ndarray:
    d = pd.to_datetime(dates)
    chinese = d.dt.year.astype(str) + "年" + d.dt.month.astype(str) + "月" + d.dt.day.astype(str) + "日"
    slashed = d.dt.year.astype(str) + "/" + d.dt.month.astype(str) + "/" + d.dt.day.astype(str)
    return np.where(rng.random(len(d)) < 0.7, chinese, slashed)


def _amounts(amount: pd.Series, rng) -> np.ndarray:
    yuan = np.round(amount.to_numpy(dtype=float) * 10_000, 2)
    text = np.array([f"{v:,.2f}" for v in yuan], dtype=object)
    pick = rng.random(len(yuan))
    text = np.where(pick < 0.1, "¥" + text, text)
    return np.where((pick >= 0.1) & (pick < 0.2), text + "元", text)


def chinese_tables(n_firms: int = 200, seed: int = 0) -> dict:
    """The workbook's sheets as DataFrames of text, keyed by sheet name."""
    rng = np.random.default_rng(seed)
    tables = generate_tables(n_firms, seed=seed, transactions=True)
    firms = tables.firms.copy()
    firms["role"] = firms["role"].map(ROLE_LABELS)
    firms["exporter"] = np.where(firms["exporter"], "是", "否")
    firms = firms[list(FIRM_HEADERS)].rename(columns=FIRM_HEADERS).astype(str)
    sheets = {"企业名录": firms}
    links = tables.links
    for layer, sheet in SHEETS.items():
        part = links[links["layer"] == layer].reset_index(drop=True)
        out = pd.DataFrame({"来源企业": part["source"], "目标企业": part["target"]})
        if layer != "design_sharing":  # design sharing: who works with whom, no money
            out["金额"] = _amounts(part["amount"], rng)
            out["日期"] = _dates(part["date"], rng)
        sheets[sheet] = out
    return sheets


def _bad(sheets: dict) -> dict:
    """The same workbook with the mistakes people make (one of each)."""
    bad = {k: v.head(60).copy() if k != "企业名录" else v.copy() for k, v in sheets.items()}
    deals = bad["交易记录"]
    first = bad["企业名录"]["企业编号"].iloc[3]
    deals.loc[0, "金额"] = "-2"
    deals.loc[1, "日期"] = "03/04/2022"
    deals.loc[2, "来源企业"] = first.replace("0", "O", 1)
    deals.loc[3, "金额"] = "约100"
    deals.loc[4, "日期"] = "去年"
    bad["企业名录"].loc[5, "类型"] = "贸易商"
    bad["企业名录"].loc[6, "是否出口"] = "可能"
    return bad


def write_workbook(sheets: dict, folder: Path) -> Path:
    """Write ``数据.xlsx`` and ``netclust.toml`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "数据.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    (folder / "netclust.toml").write_text(CONFIG, encoding="utf-8")
    return path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--firms", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    sheets = chinese_tables(args.firms, args.seed)
    good = write_workbook(sheets, args.out / "shiling_zh")
    bad = write_workbook(_bad(sheets), args.out / "shiling_zh_bad")
    print(f"wrote {good} and {bad}")


if __name__ == "__main__":
    main()
