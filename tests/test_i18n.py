"""Translations (netclust.i18n, Babel catalogues, jinja2 i18n) and numbers as people read them."""

from __future__ import annotations

import html as _html
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

import netclust as nc
from netclust import i18n
from netclust.html.formatting import fmt_number, format_frame
from netclust.report import report_html

LOCALE = Path(i18n.__file__).parent / "locale"
PO = LOCALE / "zh" / "LC_MESSAGES" / "netclust.po"
MO = LOCALE / "zh" / "LC_MESSAGES" / "netclust.mo"
POT = LOCALE / "netclust.pot"


def _read(reader, path):
    with open(path, "rb") as f:
        return reader(f)


def _messages(catalog) -> dict:
    """msgid (singular form) -> translation (plural forms joined; "" when any form is missing)."""
    def text(s):
        return s if isinstance(s, str) else ("\n".join(s) if s and all(s) else "")
    return {m.id if isinstance(m.id, str) else m.id[0]: text(m.string) for m in catalog if m.id}


def test_compiled_mo_is_up_to_date_with_po():
    po = _read(read_po, PO)
    buf = io.BytesIO()
    write_mo(buf, po)
    buf.seek(0)
    assert _messages(read_mo(buf)) == _messages(_read(read_mo, MO)), \
        "run: pybabel compile -d netclust/locale -D netclust"


def test_every_msgid_has_a_chinese_translation():
    po = _messages(_read(read_po, PO))
    pot = list(_messages(_read(read_po, POT)))
    missing = [m for m in pot if not po.get(m)]
    assert not missing, f"untranslated (pybabel update, then translate): {missing[:5]}"


def test_placeholders_survive_translation():
    for msgid, msgstr in _messages(_read(read_po, PO)).items():
        for pattern in (r"\{\w+(?:!r)?\}", r"%\(\w+\)s"):
            assert sorted(re.findall(pattern, msgid)) == sorted(re.findall(pattern, msgstr)), msgid


def test_language_context_and_default(monkeypatch):
    assert i18n.translation("zh").gettext("Key findings") == "主要发现"
    with i18n.language("zh"):
        assert i18n.gettext("Overview") == "概况"
        assert fmt_number(True) == "是"
    assert i18n.gettext("Overview") == "Overview"
    monkeypatch.setenv("NETCLUST_LANG", "")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert i18n.default_language() == "zh"
    monkeypatch.setenv("NETCLUST_LANG", "en")
    assert i18n.default_language() == "en"
    with pytest.raises(nc.errors.InputError):
        i18n.translation("xx")


@pytest.mark.parametrize("value, text", [(51.0, "51"), (3000, "3,000"), (25600.0, "25,600"),
                                         (0.000123456, "0.000123"), (1234.5, "1,234"),
                                         (12.345, "12.3"), (0.5, "0.5")])
def test_numbers_as_people_read_them(value, text):
    assert fmt_number(value) == text
    assert "e" not in fmt_number(value)


def test_format_frame_counts_shares_values():
    df = pd.DataFrame({"firms": [51.0, 3000.0], "access_share": [0.25, 1.0], "R": [0.1234, 4.5e-5],
                       "name": ["a", "b"]})
    out = format_frame(df)
    assert out["firms"].tolist() == ["51", "3,000"]
    assert out["access_share"].tolist() == ["25.0%", "100.0%"]
    assert out["R"].tolist() == ["0.123", "0.000045"]
    assert out["name"].tolist() == ["a", "b"]


def test_cli_lang_option_and_table_numbers():
    from click.testing import CliRunner

    from netclust.cli import cli

    res = CliRunner().invoke(cli, ["--lang", "zh", "--help"])
    assert res.exit_code == 0 and "--lang" in res.output
    assert i18n.current_language() == "en"  # the CLI's language does not leak


# --- the catalogue covers the code ----------------------------------------------------------
def test_every_msgid_in_code_and_templates_is_in_the_catalogue(tmp_path):
    """Extraction as CONTRIBUTING.md runs it: each message marked in code or templates is catalogued."""
    import subprocess
    import sys

    root = Path(nc.__file__).parent.parent
    pot = tmp_path / "netclust.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "N_", "--no-location", "-o", str(pot), "--project=netclust", "."],
                   cwd=root, check=True, capture_output=True)
    extracted = set(_messages(_read(read_po, pot)))
    catalogued = {k for k, v in _messages(_read(read_po, PO)).items() if v}
    missing = sorted(extracted - catalogued)
    assert not missing, f"not in netclust.po (pybabel extract/update, translate, compile): {missing[:5]}"
    assert len(extracted) > 400


# --- the zh report -------------------------------------------------------------------------
#: The only English runs allowed in the zh report besides firm data (names, ids, layer names),
#: <code> and references (author-year citations, the scorecard's source column): none today.
_ALLOWED = re.compile(r"^$")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]*(?:[ ,;:]+[A-Za-z][A-Za-z'\-]*){2,}")


def _visible_text(page: str, firm_names) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<code>.*?</code>", " ", page, flags=re.S)
    # the scorecard's "source" column holds references (author-year, journal): only a cell
    # that cites (a year) is left out; an explanation in it is translated
    page = re.sub(r'<td class="wide" data-sort="[^"]*\d{4}[^"]*">.*?</td>', " ", page, flags=re.S)
    text = _html.unescape(re.sub(r"<[^>]+>", "\n", page))
    for name in sorted(firm_names, key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"\b[\w.&\- ]+ et al\b\.?|\([^()]*\d{4}[^()]*\)", " ", text)
    return text


def _english_runs(page: str, firm_names) -> list:
    text = _visible_text(page, firm_names)
    return [r for line in text.split("\n") for r in _WORDS.findall(line) if not _ALLOWED.search(r)]


def _figure_labels(page: str) -> list:
    labels = re.findall(r"<text[^>]*>(.*?)</text>", page, flags=re.S)
    labels += re.findall(r"<title>(.*?)</title>", page, flags=re.S)
    return labels + re.findall(r"<!-- (.*?) -->", page)


@pytest.fixture(scope="module")
def zh_page():
    net = nc.datasets.toy()
    page = report_html(net, runs=2, null_runs=5, lang="zh", generated="2026-01-01 00:00 UTC")
    return net, page


@pytest.fixture(scope="module")
def zh_sample_page(tmp_path_factory):
    """The bundled sample's zh report as `netclust --lang zh report data/shiling` writes it."""
    from click.testing import CliRunner

    from netclust.cli import cli
    from netclust.datasets import sample_path

    out = tmp_path_factory.mktemp("zh") / "report.html"
    res = CliRunner().invoke(cli, ["--lang", "zh", "report", str(sample_path()), "--out", str(out),
                                   "--runs", "5", "--null-runs", "5"])
    assert res.exit_code == 0, res.output
    assert "已写入" in res.output  # the CLI's own message in Chinese
    return nc.datasets.sample(), out.read_text(encoding="utf-8")


def _firm_text(net) -> list:
    return list(net.firms["name"].astype(str)) + list(net.firm_ids)


@pytest.fixture(scope="module")
def zh_workbook_page(tmp_path_factory):
    """The Chinese example workbook's zh report (`netclust --lang zh report examples/shiling_zh/数据.xlsx`)."""
    from click.testing import CliRunner

    from netclust.cli import cli

    book = Path(nc.__file__).parent.parent / "examples" / "shiling_zh" / "数据.xlsx"
    out = tmp_path_factory.mktemp("zh-book") / "report.html"
    res = CliRunner().invoke(cli, ["--lang", "zh", "report", str(book), "--out", str(out),
                                   "--runs", "5", "--null-runs", "20"])
    assert res.exit_code == 0, res.output
    return nc.read(book), out.read_text(encoding="utf-8")


#: Words allowed in a zh table header, category cell or figure label besides the data:
#: names of methods and measures as published, units and symbols.
_TERMS = re.compile(r"\b(?:PageRank|Jaccard|NODF|WNODF|HHI|NMI|ARI|SHA-256|UTC|Leiden|igraph|"
                    r"netclust|BFS|BRIM|vegan|curveball|Q/N|s\(Q\)|N-1)(?![\w-])")
#: A reference: "Author et al. 2006 Journal 1:2", "Author & Author 2011", "(... 1994)".
_CITATION = re.compile(r"[A-Z][\w\-]+(?: et al\.?|(?:, | & )[A-Z][\w\-]+)*,? (?:19|20)\d\d[^;)（）]*")


def _data_strings(net, page: str, codes: bool = True) -> list:
    """Text a zh report shows as written: firm data (not the role codes), layer names and, unless
    ``codes=False`` (figure text, where a code is never excused), ids in <code>."""
    firms = net.firms.drop(columns=["role"], errors="ignore")
    values = [str(v) for c in firms.columns if not pd.api.types.is_numeric_dtype(firms[c])
              for v in firms[c].dropna().unique()]
    codes = re.findall(r"<code>(.*?)</code>", page, flags=re.S) if codes else []
    words = set(values + list(net.firm_ids) + list(net.layer_names) + [_html.unescape(c) for c in codes])
    return sorted((w for w in words if re.search(r"[A-Za-z]{2,}", w)), key=len, reverse=True)


def _labels(page: str, strict: bool = False) -> list:
    """Table headers, category cells (not sentences) and section sub-headings; or, with
    ``strict=True``, the SVG text and the symbiosis webs' list (where no code is excused)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<code>.*?</code>", " ", page, flags=re.S)
    if strict:
        page = " ".join([*re.findall(r'<ul class="nc-webs">.*?</ul>', page, flags=re.S),
                         *re.findall(r"<svg\b.*?</svg>", page, flags=re.S)])
    patterns = ((r"<text\b[^>]*>(.*?)</text>", r"<li>(.*?)</li>") if strict else
                (r"<th\b[^>]*>(.*?)</th>", r'<td class="txt"[^>]*>(.*?)</td>', r"<h3\b[^>]*>(.*?)</h3>"))
    out = []
    for pattern in patterns:
        out += [_html.unescape(re.sub(r"<[^>]+>", "", t)).strip() for t in re.findall(pattern, page, flags=re.S)]
    return [t for t in out if t]


def _untranslated_labels(page: str, net) -> list:
    """Labels of a zh page with an English word left once data, ids, references and terms are removed
    (ids in <code> elsewhere on the page excuse a table label, never figure text or the webs' list)."""
    bad = []
    for strict in (False, True):
        data = _data_strings(net, page, codes=not strict)
        bad += [label for label in set(_labels(page, strict)) if _english_left(label, data)]
    return sorted(set(bad))


def _english_left(label: str, data) -> bool:
    """Does an English word remain in ``label`` once data, references and terms are removed?"""
    text = _TERMS.sub(" ", _CITATION.sub(" ", label))
    for s in data:
        if s and s in text:
            text = text.replace(s, " ")
    return bool(re.search(r"[A-Za-z]{2,}", text))


def test_zh_report_has_no_english_sentence(zh_page):
    net, page = zh_page
    assert '<html lang="zh-CN">' in page
    assert "主要发现" in page and "出口渠道" in page
    runs = _english_runs(page, _firm_text(net))
    assert not runs, runs[:10]


def test_zh_sample_report_with_evolution_has_no_english_sentence(zh_sample_page):
    net, page = zh_sample_page
    assert '<html lang="zh-CN">' in page and 'id="evolution"' in page
    assert "演变" in page and "各时期的社区" in page and "集群报告" in page
    runs = _english_runs(page, _firm_text(net))
    assert not runs, runs[:10]
    english = [t for t in _figure_labels(page) if _WORDS.search(_html.unescape(t))]
    assert not english, english[:5]


def test_zh_workbook_report_has_no_english_label_or_sentence(zh_workbook_page):
    """Headers, category cells and figure text of the Chinese workbook's report: data, ids,
    references and published terms only (roles, effects, indicators, classes translated)."""
    net, page = zh_workbook_page
    assert '<html lang="zh-CN">' in page and "龙头企业" in page and "中小企业" in page
    bad = _untranslated_labels(page, net)
    assert not bad, bad[:15]
    runs = _english_runs(page, _firm_text(net) + _data_strings(net, page))
    assert not runs, runs[:10]


def test_zh_workbook_report_numbers_read_as_people_read_them(zh_workbook_page):
    """Scenario shares in percent (changes in points); no matplotlib offset or e-notation on an axis."""
    _, page = zh_workbook_page
    scen = page[page.index('id="scenarios"'):]
    scen = scen[:scen.index("</section>")]
    rows = {re.sub(r"<[^>]+>", "", r[0]): r[1:] for r in
            (re.findall(r"<td[^>]*>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", scen, flags=re.S))
            if len(r) == 4}
    share = rows["最大连通群中的企业占比"]
    assert share[0].endswith("%") and share[1].endswith("%") and "个百分点" in share[2], share
    assert not re.search(r"<text[^>]*>[^<]*\de[−-]?\d", page)  # no 1e−5 offset text in a figure


def test_label_check_catches_english():
    net = nc.datasets.toy()
    page = ("<table><tr><th>firm id</th><th>PageRank</th></tr><tr><td class=\"txt\">sme</td>"
            "<td class=\"txt\"><code>h2_prime</code></td><td class=\"txt\">procurement</td></tr></table>"
            "<svg><text>top3_gatekeeper_share</text><text>Dunne et al. 2002 PNAS</text></svg>")
    assert _untranslated_labels(page, net) == ["firm id", "sme", "top3_gatekeeper_share"]
    # a code shown in <code> in a table does not excuse the same code in a figure or a list
    page = ("<table><tr><td class=\"txt\"><code>sme_anchor</code></td><td><code>nodf</code></td></tr>"
            "</table><ul class=\"nc-webs\"><li>sme_anchor: 4 × 3 家企业</li></ul><ul><li>一个 <code>x</code></li></ul><svg><text>sme_anchor · nodf</text>"
            "<text>中小企业–龙头企业 · NODF</text><text>A1 · procurement</text></svg>")
    assert _untranslated_labels(page, net) == ["sme_anchor · nodf", "sme_anchor: 4 × 3 家企业"]


def test_zh_report_figures_have_chinese_labels(zh_page):
    _, page = zh_page
    labels = _figure_labels(page)
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in labels)
    english = [t for t in labels if _WORDS.search(_html.unescape(t))]
    assert not english, english[:5]


def test_sentences_from_other_modules_are_translated():
    from netclust.io.validation import Problem
    from netclust.metrics.channels import export_channels
    from netclust.metrics.exporters import exporters
    from netclust.schema import DEFAULT_LAYERS

    net = nc.datasets.toy()
    with i18n.language("zh"):
        assert exporters(net).assumption == "出口企业：“exporter”列为真的 3 家企业"
        assert i18n.gettext(DEFAULT_LAYERS[0].description).startswith("货物或原料")
        text = Problem("warning", "x", "m", "links.csv", "amount", (7, 9), 2).format()
        assert text == "警告: links.csv, 第 7, 9 行, 列“amount”: m"
        assert export_channels(net).indicators["channels"].startswith("渠道层：procurement 正向（起点 -> 终点）") \
            or export_channels(net).indicators["channels"].startswith("渠道层：procurement 正向 (起点 -> 终点)")


def test_compare_and_map_pages_in_chinese():
    from netclust.report.compare import compare_html

    net = nc.datasets.toy()
    with i18n.language("zh"):
        page = compare_html(net, net.remove_firms(["A1"]), runs=2)
        map_page = nc.Analysis(net, runs=2).map().to_html()
    assert '<html lang="zh-CN">' in page and "企业层面的变化" in page and "退出的企业" in page
    assert not _english_runs(page, _firm_text(net)), _english_runs(page, _firm_text(net))[:5]
    assert '<html lang="zh-CN">' in map_page and "搜索" in map_page
    text = json.loads(_html.unescape(re.search(r'data-text="([^"]*)"', map_page).group(1)))
    assert text["none"] == "未找到企业" and text["community"] == "社区 {k}"
    assert not _english_runs(map_page, _firm_text(net)), _english_runs(map_page, _firm_text(net))[:5]


def test_cli_messages_in_chinese(tmp_path):
    from click.testing import CliRunner

    from netclust.cli import cli

    toy = tmp_path / "toy"
    firms, links = nc.datasets.toy_tables()
    toy.mkdir()
    firms.to_csv(toy / "firms.csv", index=False)
    links.to_csv(toy / "links.csv", index=False)
    res = CliRunner().invoke(cli, ["--lang", "zh", "channels", str(toy), "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert "假设：出口企业" in res.output and "已写入" in res.output
    res = CliRunner().invoke(cli, ["--lang", "en", "channels", str(toy), "--out", str(tmp_path / "o")])
    assert "Assumption: exporting firms" in res.output


def test_en_report_unchanged_language():
    page = report_html(nc.datasets.toy(), runs=2, null_runs=2, lang="en")
    assert '<html lang="en">' in page and "Key findings" in page and "主要发现" not in page
