"""The interactive page, GraphML/GEXF files and charts; the page opened in headless Chromium."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from kg.analyse.view import build_view
from kg.cli import main
from kg.export import visualise
from kg.store.backend import GraphStore
from tests.analyse.graphs import mention, small_world, store_from_turtle, write_small_world

NO_CHROMIUM = "Chromium is not installed (Debian package `chromium`; .ci/run installs it)"
NO_MATPLOTLIB = "matplotlib (the viz extra) is not installed"
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
STATUS = re.compile(r'<pre id="status">(.*?)</pre>', re.S)


def test_page_inlines_everything_and_works_without_network() -> None:
    page = visualise.render_page(build_view(small_world()))
    assert "cytoscape" in page and "Copyright (c) 2016" in page  # the library and its licence header
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", page)
    assert "__UNKG_" not in page
    data = json.loads(re.search(r'id="unkg-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert len(data["nodes"]) == build_view(small_world()).graph.number_of_nodes()
    assert {k["kind"] for k in data["kinds"]} == {n["kind"] for n in data["nodes"]}


def test_page_data_escapes_script_end_tags_in_labels() -> None:
    label = '<https://unkg.org/id/country/XSS> <http://www.w3.org/2004/02/skos/core#prefLabel> "</script><b>x"@en .\n'
    ttl = mention("country", "country/XSS", "d", 1) + label
    page = visualise.render_page(build_view(store_from_turtle(ttl), "document-countries"))
    assert "</script><b>" not in page and "\\u003c/script\\u003e\\u003cb\\u003ex" in page


def test_page_is_deterministic_and_node_details_are_included() -> None:
    view = build_view(small_world())
    assert visualise.render_page(view) == visualise.render_page(build_view(small_world()))
    data = visualise.page_data(view, "t")
    chn = next(n for n in data["nodes"] if n["key"] == "CHN")
    assert chn["label_zh"] == "中国" and chn["total"] == 3 and chn["found"][0][:4] == ["d1", "", 1, 3]
    assert ["skos:notation", "CHN"] in chn["props"]


def test_vendored_library_matches_package_lock() -> None:
    root = Path(__file__).resolve().parents[2]
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    version = lock["packages"]["node_modules/cytoscape"]["version"]
    assert (visualise.STATIC_DIR / "cytoscape.VERSION").read_text(encoding="utf-8").strip() == version
    licence = (visualise.STATIC_DIR / "cytoscape.LICENSE").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in licence  # MIT
    header = (visualise.STATIC_DIR / "cytoscape.min.js").read_text(encoding="utf-8")[:400]
    assert "Copyright (c)" in header and "Permission is hereby granted" in header


def test_graph_files_round_trip_and_gexf_has_no_date(tmp_path: Path) -> None:
    g = build_view(small_world(), "programme-similarity").graph
    paths = visualise.write_graph_files({"sim": g}, tmp_path)
    assert [p.name for p in paths] == ["sim.graphml", "sim.gexf"]
    back = nx.read_graphml(tmp_path / "sim.graphml")
    assert sorted(back.nodes) == sorted(g.nodes) and back.number_of_edges() == g.number_of_edges()
    gexf = (tmp_path / "sim.gexf").read_text(encoding="utf-8")
    assert "lastmodifieddate" not in gexf
    assert nx.read_gexf(tmp_path / "sim.gexf").number_of_nodes() == g.number_of_nodes()


@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason=NO_MATPLOTLIB)
def test_charts_are_deterministic_png_and_svg() -> None:
    from kg.analyse.report import Chart

    chart = Chart("c", "Title", "Caption.", "bar", ("A/RES/70/1", "B"), (3.0, 1.0), "programmes")
    png, svg = visualise.render_chart(chart)
    assert png.startswith(b"\x89PNG") and b"<svg" in svg
    assert visualise.render_chart(chart) == (png, svg)
    assert b"<dc:date>" not in svg


def test_cli_visualise_writes_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = write_small_world(tmp_path / "store")
    out = tmp_path / "g.html"
    assert main(["visualise", "--store", str(store), "--out", str(out)]) == 0
    assert "overview:" in capsys.readouterr().err and out.stat().st_size > 100_000
    assert main(["visualise", "--store", str(store), "--projection", "nope"]) == 2


# --- headless Chromium ----------------------------------------------------------------------------


def open_in_chromium(page: Path, profile: Path, screenshot: Path) -> tuple[dict[str, object], str]:
    """Load `page` from file:// in headless Chromium; return the page's status JSON and the log."""
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=20000",
        "--window-size=1400,900",
        f"--screenshot={screenshot}",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    match = STATUS.search(done.stdout)
    assert match, f"no status in the page (exit {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(match.group(1)), done.stderr


def console_problems(log: str) -> list[str]:
    """Console lines of the page that report an error or an invalid style."""
    return [
        line
        for line in log.splitlines()
        if "CONSOLE" in line and re.search(r"uncaught|error|invalid|warn", line, re.I)
    ]


@pytest.mark.external
@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_page_renders_every_node_in_headless_chromium(sample_build: Path, tmp_path: Path) -> None:
    store = GraphStore.open_read_only(sample_build / "store")
    view = build_view(store)
    page = visualise.write_page(view, tmp_path / "graph.html")
    shot = tmp_path / "graph.png"
    status, log = open_in_chromium(page, tmp_path / "profile", shot)
    assert status["errors"] == [], status
    assert console_problems(log) == []
    assert status["ready"] is True
    assert status["nodes"] == status["rendered"] == view.graph.number_of_nodes() > 0
    assert status["edges"] == view.graph.number_of_edges()
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000


@pytest.mark.external
@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_chromium_check_catches_javascript_errors(tmp_path: Path) -> None:
    page = visualise.render_page(build_view(small_world()))
    broken = tmp_path / "broken.html"
    broken.write_text(page.replace("</body>", "<script>noSuchFunction();</script></body>"), encoding="utf-8")
    status, _ = open_in_chromium(broken, tmp_path / "profile", tmp_path / "broken.png")
    assert any("noSuchFunction" in str(e) for e in status["errors"])  # type: ignore[union-attr]
