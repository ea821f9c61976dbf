"""Translations (netclust.i18n, Babel catalogues, jinja2 i18n) and numbers as people read them."""

from __future__ import annotations

import html as _html
import io
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
    return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog if m.id}


def test_compiled_mo_is_up_to_date_with_po():
    po = _read(read_po, PO)
    buf = io.BytesIO()
    write_mo(buf, po)
    buf.seek(0)
    assert _messages(read_mo(buf)) == _messages(_read(read_mo, MO)), \
        "run: pybabel compile -d netclust/locale -D netclust"


def test_every_msgid_has_a_chinese_translation():
    po = _messages(_read(read_po, PO))
    pot = [m.id for m in _read(read_po, POT) if m.id]
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


# --- the zh report -------------------------------------------------------------------------
#: Text that comes from data or other modules' vocabulary, not from the report's own sentences:
#: layer descriptions of the data, the exporter assumption and channel declaration written by
#: netclust.metrics (to be marked translatable at their source).
_DATA_TEXT = re.compile(
    r"goods or materials flow from seller|two firms share design resources|uses logistics provider|"
    r"exporting firms: the|exporter' column is true|channel layers: procurement forward|"
    r"procurement|logistics|design|library, joint samples")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]*(?:[ ,;:]+[A-Za-z][A-Za-z'\-]*){2,}")


def _visible_text(page: str, firm_names) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<code>.*?</code>", " ", page, flags=re.S)
    # the scorecard's "source" column holds references (author-year, journal)
    page = re.sub(r'<td class="wide" data-sort="[^"]*(?:et al|\d{4}|netclust|library|ratio|share of|need)[^"]*">.*?</td>',
                  " ", page, flags=re.S)
    text = _html.unescape(re.sub(r"<[^>]+>", "\n", page))
    for name in sorted(firm_names, key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"\b[\w.&\- ]+ et al\b\.?|\([^()]*\d{4}[^()]*\)", " ", text)
    return text


@pytest.fixture(scope="module")
def zh_page():
    net = nc.datasets.toy()
    page = report_html(net, runs=2, null_runs=5, lang="zh", generated="2026-01-01 00:00 UTC")
    return net, page


def test_zh_report_has_no_english_sentence(zh_page):
    net, page = zh_page
    assert '<html lang="zh-CN">' in page
    assert "主要发现" in page and "出口渠道" in page
    text = _visible_text(page, list(net.firms["name"].astype(str)) + list(net.firm_ids))
    runs = [r for line in text.split("\n") for r in _WORDS.findall(line) if not _DATA_TEXT.search(r)]
    assert not runs, runs[:10]


def test_zh_report_figures_have_chinese_labels(zh_page):
    _, page = zh_page
    labels = re.findall(r"<text[^>]*>(.*?)</text>", page, flags=re.S)
    labels += re.findall(r"<!-- (.*?) -->", page)
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in labels)
    english = [t for t in labels if _WORDS.search(_html.unescape(t))]
    assert not english, english[:5]


def test_en_report_unchanged_language():
    page = report_html(nc.datasets.toy(), runs=2, null_runs=2, lang="en")
    assert '<html lang="en">' in page and "Key findings" in page and "主要发现" not in page
