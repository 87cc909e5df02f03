"""Benchmarks: the runner and the corpus generator work (on a tiny corpus; nothing is timed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is made
    spec.loader.exec_module(mod)
    return mod


def test_make_corpus_is_deterministic_and_varied(tmp_path: Path) -> None:
    mc = _module("make_corpus")
    a = mc.make_corpus(4, tmp_path / "a", seed=7)
    b = mc.make_corpus(2, tmp_path / "b", seed=7)
    c = mc.make_corpus(4, tmp_path / "c", seed=8)
    assert [p.read_bytes() for p in a[:2]] == [p.read_bytes() for p in b]  # a prefix of a larger corpus
    assert a[0].read_bytes() != c[0].read_bytes()
    assert a[0].read_bytes() != a[3].read_bytes()  # same source document, different copy


def test_trie_pattern_matches_exactly_the_names() -> None:
    import re

    run = _module("run")
    names = ["联合国", "联合国大会", "大会", "a.b"]
    pattern = re.compile(run.trie_pattern(names))
    assert [m.group(0) for m in pattern.finditer("联合国大会和大会, a.b axb 联合")] == [
        "联合国大会",
        "大会",
        "a.b",
    ]


def test_benchmark_runner_quick_on_tiny_corpus(tmp_path: Path) -> None:
    # --quick cuts the documents short: every stage runs (a few seconds), little is measured
    run = _module("run")
    results = tmp_path / "RESULTS.md"
    results.write_text(f"# old table\n\n{run.ANALYSIS_MARK}\n\nWhy: by hand.\n", encoding="utf-8")
    argv = [
        "--docs",
        "2",
        "--scale",
        "2,3",
        "--quick",
        "--results",
        str(results),
        "--tmp",
        str(tmp_path / "w"),
    ]
    assert run.main(argv) == 0
    text = results.read_text(encoding="utf-8")
    assert "| figure | value | baseline | ratio | target | met? |" in text
    assert "python benchmarks/run.py --docs 2 --scale 2,3 --quick" in text
    assert "# old table" not in text and text.endswith(f"{run.ANALYSIS_MARK}\n\nWhy: by hand.\n")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "load " in line]
    # every figure, each with the load average it was measured under: 13, then the curve's two
    # sizes, the 1,000-document extrapolation, its peak memory and the dask cluster
    assert len(rows) == 18
    assert "graphs/ byte-identical to a fresh full build: True" in text
    assert "byte-identical: True" in text and "exports byte-identical to a full rebuild: True" in text
    assert "scale curve: 2 documents" in text and "scale curve: 3 documents" in text
    assert "docs/min" in text and "peak RSS" in text
    assert "1,000 documents, --jobs 2, extrapolated from the curve (2/3 documents)" in text
    assert "byte-identical to --jobs 2: True" in text  # the dask cluster's build
    for target in ("≤ 1.0 s", "≥ 5 MB/s per core", "≤ 60 s", "≤ 2048 MiB", "≤ 5% of full", "≤ 10 ms"):
        assert target in text


def test_scale_curve_sizes_are_checked() -> None:
    run = _module("run")
    with pytest.raises(SystemExit):
        run.main(["--scale", "ten"])


def test_fit_line_extrapolates_the_curve() -> None:
    run = _module("run")
    assert run.fit_line([(30, 40.0), (100, 110.0), (300, 310.0)]) == pytest.approx((10.0, 1.0))
    assert run.fit_line([(10, 5.0)]) == (0.0, 0.5)


def test_median_time_reads_the_given_clock() -> None:
    """Extraction throughput is timed on the process's CPU clock: other work on the machine
    inflates wall time, not that."""
    run = _module("run")
    ticks = iter([0.0, 2.0, 10.0, 11.0, 20.0, 25.0])
    assert run._median_time(lambda: None, 3, lambda: next(ticks)) == 2.0
