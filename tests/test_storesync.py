"""Store switch: the new folder replaces the old one in one step, the old one is removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import storesync


def _folder(p: Path, text: str) -> Path:
    p.mkdir()
    (p / "f").write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "fallback"])
def test_storesync_switch_dir_replaces_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(storesync, "_exchange", lambda a, b: False)
    target = _folder(tmp_path / "store", "old")
    new = _folder(tmp_path / ".staging-x-store", "new")
    storesync.switch_dir(new, target)
    assert (target / "f").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_storesync_switch_dir_without_a_target_renames(tmp_path: Path) -> None:
    new = _folder(tmp_path / "new", "new")
    storesync.switch_dir(new, tmp_path / "store")
    assert (tmp_path / "store" / "f").read_text(encoding="utf-8") == "new" and not new.exists()


def test_storesync_union_graphs_come_from_each_documents_small_index(tmp_path: Path) -> None:
    from kg.cache import DocOutput, spill
    from kg.rdf import mint

    works, orgs = mint.UNION_GRAPHS[0], mint.UNION_GRAPHS[-1]
    own = f"<https://e.org/a> <https://e.org/p> <https://e.org/b> <{mint.graph('d1')}> .\n"
    shared = [
        f"<https://e.org/w> <https://e.org/p> <https://e.org/x> <{works}> .\n",
        f"<https://e.org/o> <https://e.org/p> <https://e.org/y> <{orgs}> .\n",
    ]
    out = spill(DocOutput("d1.txt", "d1", "built", nquads=[own, *shared, own]), tmp_path, "k1")
    assert Path(out.union_file).read_text(encoding="utf-8") == "".join(sorted(shared))
    Path(out.run_file).unlink()  # the store's rebuild of the union graphs needs no run file
    assert storesync._union_lines([out]) == sorted(shared)
