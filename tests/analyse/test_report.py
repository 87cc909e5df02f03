"""The analysis report: tables and charts with captions, Markdown/HTML rendering, `kg analyse`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kg.analyse.report import Analysis, analyse, render_html, render_markdown
from kg.cli import main
from tests.analyse.graphs import small_world, write_small_world

HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None


def _analysis() -> Analysis:
    return analyse(small_world(), top=5)


def test_analyse_tables_have_captions_and_known_rows() -> None:
    a = _analysis()
    tables = {t.name: t for t in a.tables}
    assert tables["documents"].rows == (("d1", "", ""), ("d2", "", ""))
    assert tables["top-mandates"].rows[:2] == ((1, "R1", 2), (2, "R2", 2))
    # programmes are named with their title
    assert tables["shared-mandates"].rows == (
        ("Programme 1 方案1", "Programme 2 方案2", "0.667", 2, "R1 R2"),
    )
    assert tables["top-country"].rows[0] == (1, "CHN", "China", "中国", 3, 2)
    assert tables["top-entity"].rows[0][1] == "UNDP"
    assert tables["cited-documents"].rows[0][1] == "R1"
    assert tables["compare-d1-d2"].rows == (("country", 1, 0, 2), ("entity", 1, 0, 0), ("citation", 1, 1, 1))
    for t in a.tables:
        assert t.caption.endswith(".") and len(t.caption.split()) >= 6, t.name
    for c in a.charts:
        assert c.caption.endswith(".") and c.title, c.name


def test_analyse_compares_only_the_pairs_asked_for() -> None:
    a = analyse(small_world(), compare=[("d2", "d1")])
    names = [t.name for t in a.tables if t.name.startswith("compare-")]
    assert names == ["compare-d2-d1", "compare-d2-d1-items"]


def test_render_markdown_and_html_show_every_table() -> None:
    a = _analysis()
    md = render_markdown(a, {"top-mandates": ("charts/top-mandates.png", "charts/top-mandates.svg")})
    page = render_html(a, {"top-mandates": "<svg></svg>"})
    for t in a.tables:
        assert f"### {t.title}" in md and t.caption in md
        assert f'id="table-{t.name}"' in page
    assert "![Top mandates](charts/top-mandates.png)" in md
    assert "| 1 | R1 | 2 |" in md
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "中国" in page


def test_analyse_is_deterministic() -> None:
    a, b = _analysis(), _analysis()
    assert a.tables == b.tables and a.charts == b.charts and a.summary == b.summary


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib (the viz extra) is not installed")
def test_cli_analyse_writes_report_charts_and_graph_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = write_small_world(tmp_path / "store")
    out = tmp_path / "analysis"
    assert main(["analyse", "--store", str(store), "--out", str(out), "--top", "5"]) == 0
    assert "kg: analysis ->" in capsys.readouterr().err
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# unkg network analysis")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 4  # charts inline: the page stands alone
    for name in ("top-mandates", "top-country", "top-entity", "programme-similarity"):
        assert (out / "charts" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
        assert b"<svg" in (out / "charts" / f"{name}.svg").read_bytes()
    for name in ("programme-mandates", "country-co-mentions", "entity-hierarchy"):
        assert (out / "graphs" / f"{name}.graphml").is_file() and (out / "graphs" / f"{name}.gexf").is_file()
    first = {p.name: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert main(["analyse", "--store", str(store), "--out", str(out), "--top", "5"]) == 0
    again = {p.name: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert first == again  # byte-identical outputs, charts included


def test_cli_analyse_without_charts_needs_no_matplotlib(tmp_path: Path) -> None:
    store = write_small_world(tmp_path / "store")
    out = tmp_path / "analysis"
    assert main(["analyse", "--store", str(store), "--out", str(out), "--no-charts"]) == 0
    assert not (out / "charts").exists() and (out / "report.html").is_file()


def test_cli_analyse_missing_store_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "--store", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "run `kg build` first" in capsys.readouterr().err


def test_cli_analyse_unknown_document_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = write_small_world(tmp_path / "store")
    argv = [
        "analyse",
        "--store",
        str(store),
        "--out",
        str(tmp_path / "o"),
        "--compare",
        "d1",
        "zz",
        "--no-charts",
    ]
    assert main(argv) == 2
    assert "no document 'zz'" in capsys.readouterr().err


def test_report_on_the_sample_ranks_the_most_cited_resolution_first(sample_build: Path) -> None:
    from kg.store.backend import GraphStore

    a = analyse(GraphStore.open_read_only(sample_build / "store"), top=5)
    tables = {t.name: t for t in a.tables}
    cited = tables["cited-documents"]
    # "70/1 变革我们的世界：2030 年可持续发展议程" is in the mandate tables of programmes 7, 11, 14,
    # 15, 18, 20, 21 and 23 of A/74/6, and A/74/6 prints it: nine citers
    assert cited.columns == ("rank", "document", "title", "in-degree")
    assert cited.rows[0] == (1, "A/RES/70/1", "变革我们的世界：2030 年可持续发展议程", 9)
    assert not any(str(r[1]).startswith("programme") for r in cited.rows)
    pairs = tables["shared-mandates"].rows
    assert pairs[0][:2] == ("Programme 7 经济和社会事务", "Programme 18 拉丁美洲和加勒比经济和社会发展")
    titles = [t.title for t in a.tables if t.name.startswith("compare-")]
    assert (
        "A/75/1 秘书长关于联合国工作的报告 (000_24c59e389beef106) vs A/74/6 2020年方案预算 (003_733b8ba291e37636)"
        in titles
    )
