"""Store backend: loading N-Quads files in chunks gives the same store as one call."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.store.backend import bulk_load_nquads


def test_bulk_load_nquads_in_chunks_equals_one_load(tmp_path: Path) -> None:
    lines = [
        f'<https://e.org/s{i % 7}> <https://e.org/p> "{i} 联合国"@zh <https://e.org/g{i % 3}> .\n'
        for i in range(50)
    ]
    nq = tmp_path / "g.nq"
    nq.write_text("".join(lines), encoding="utf-8")
    whole, chunked = ox.Store(), ox.Store()
    whole.load(path=nq, format=ox.RdfFormat.N_QUADS)
    bulk_load_nquads(chunked, nq, chunk=7)  # 50 lines: 8 calls, the last one short
    assert len(chunked) == 50
    assert sorted(map(str, chunked)) == sorted(map(str, whole))


class _Calls:
    """Records what `bulk_load_nquads` hands to the store."""

    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []

    def bulk_load(self, data: bytes | None = None, **kw: object) -> None:
        self.calls.append({"data": data, **kw})


def test_bulk_load_nquads_hands_a_small_file_over_by_path(tmp_path: Path) -> None:
    nq = tmp_path / "g.nq"
    nq.write_text("".join(f"<https://e.org/s{i}> <https://e.org/p> <https://e.org/o> .\n" for i in range(9)))
    small, large = _Calls(), _Calls()
    bulk_load_nquads(small, nq, chunk=9)  # type: ignore[arg-type]
    bulk_load_nquads(large, nq, chunk=8)  # type: ignore[arg-type]
    assert small.calls == [{"data": None, "path": str(nq), "format": ox.RdfFormat.N_QUADS}]
    assert [bytes(c["data"]).count(b"\n") for c in large.calls] == [8, 1]  # type: ignore[call-overload]
