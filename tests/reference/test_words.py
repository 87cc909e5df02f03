"""The word segmenter gives exactly jieba's answers (`jieba.posseg.cut(text, HMM=False)`, the
oracle), and its dictionary cache survives what a per-user cache file meets."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.paths import sample_corpus_dir
from kg.reference import words
from kg.reference.words import Tokenizer, Word, jieba_cache


def _oracle_cut(pos: Any, text: str) -> tuple[Word, ...]:
    out: list[Word] = []
    at = 0
    for pair in pos.cut(text, HMM=False):
        word, tag = str(pair.word), str(pair.flag)
        out.append((at, at + len(word), word, tag))
        at += len(word)
    return tuple(out)


@pytest.fixture(scope="module")
def oracle() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg.dt


TOKENIZER = Tokenizer()


def _lines() -> Iterator[str]:
    for path in sorted(sample_corpus_dir().glob("*.txt")):
        with path.open(encoding="utf-8", newline="") as f:
            yield from f


EDGE_CASES = [
    "",
    " ",
    "\r\n",
    "\r\r\n\n",
    "a\r\nb",
    "\t\t联合国\t",
    "UNICEF",
    "UN Women",
    "A/RES/70/1",
    "c#和C#",
    "AT&T公司",
    "B超",
    "2024年",
    "3.14",
    "0.5%",
    "第2页",
    "1,234,567.89美元",
    "...",
    "a.b_c+d#e&f",
    "x1y2z3",
    "联合国UNDP开发计划署",
    "经社理事会(ECOSOC)",
    "２０２４年，联合国：“大会”！",
    "ＵＮＤＰ",
    "\u3000联合国\u3000",
    "γ射线",
    "𠀀𠀁联合国",
    "鿕鿖齉",
    "䶵㐀",
    "-联合国-",
    "联合国驻阿富汗国家工作队" * 40,
    "向联合国消除对妇女暴力行为信托基金提供的捐款" * 30 + "ABC123" * 10,
]


def test_words_equal_jieba_on_every_sample_line(oracle: Any) -> None:
    """Every line of the sample corpus, with and without its line end, is segmented as jieba does."""
    differ = []
    count = 0
    for line in _lines():
        for text in (line, line.rstrip("\r\n")):
            count += 1
            if TOKENIZER.segment(text) != _oracle_cut(oracle, text):
                differ.append(text)
    assert count > 1000
    assert differ == []


@pytest.mark.parametrize("text", EDGE_CASES)
def test_words_equal_jieba_on_edge_cases(oracle: Any, text: str) -> None:
    assert Tokenizer().segment(text) == _oracle_cut(oracle, text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("联合国大会秘书处的和与一年aZ9._+#&%- \t\r\n，。（）Ａ２")), max_size=40
    )
)
def test_words_equal_jieba_on_mixed_text(oracle: Any, text: str) -> None:
    assert TOKENIZER.segment(text) == _oracle_cut(oracle, text)


def test_words_offsets_cover_the_text() -> None:
    text = "联合国 UNDP\r\n2024年。"
    got = TOKENIZER.segment(text)
    assert "".join(w for _, _, w, _ in got) == text
    assert all(text[s:e] == w for s, e, w, _ in got)


# a small dictionary of our own, with a repeated word, a frequency 0 and a tie, segmented by both


SMALL = """联合 5 v
合国 5 n
联 2 v
国 2 n
联合国 1 nt
甲乙 4 n
乙丙 4 n
甲 3 n
丙 3 n
乙 7 x
重复 2 a
重复 9 d
零词 0 n
零 1 m
丁戊 1 n
戊己 40 n
"""


@pytest.fixture
def small_dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "dict.txt"
    path.write_text(SMALL, encoding="utf-8")
    monkeypatch.setattr(words, "jieba_dictionary", lambda: path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return path


def test_words_equal_jieba_with_a_small_dictionary(small_dictionary: Path) -> None:
    """Repeated words (total counts both lines, the last line's frequency and tag win), words of
    frequency 0 (no candidate, yet a prefix), characters that are only prefixes (no candidate
    where a word starts) and exact ties (the longer word) as jieba has them."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    inner = jieba.Tokenizer(str(small_dictionary))
    inner.tmp_dir = str(small_dictionary.parent)
    pos = jieba.posseg.POSTokenizer(inner)
    mine = Tokenizer()
    for text in [
        "联合国",
        "甲乙丙",
        "甲乙丙甲乙丙",
        "重复重复",
        "零词",
        "零",
        "零词语",
        "联合国家",
        "未知字",
        "丁戊己",
        "合国国",
    ]:
        assert mine.segment(text) == _oracle_cut(pos, text), text
    assert [w for _, _, w, _ in mine.segment("甲乙丙")] == ["甲乙", "丙"]  # a tie: the longer word
    assert mine.segment("重复")[0][3] == "d"
    # 丁 alone is no word, only a prefix: no candidate where 丁戊 starts, though 丁+戊己 scores more
    assert [w for _, _, w, _ in mine.segment("丁戊己")] == ["丁戊", "己"]


def test_words_cache_is_made_once_and_reused(small_dictionary: Path) -> None:
    assert not Tokenizer().loaded
    assert Tokenizer().load().loaded
    cache = jieba_cache()
    stamp = cache.stat().st_mtime_ns
    assert Tokenizer().segment("联合国")[0][2] == "联合国"
    assert cache.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty"])
def test_words_corrupt_cache_is_made_again(small_dictionary: Path, damage: str) -> None:
    expected = Tokenizer().segment("甲乙丙联合国")
    cache = jieba_cache()
    data = cache.read_bytes()
    if damage == "garbage":
        cache.write_bytes(b"not a cache at all" * 10)
    elif damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        cache.write_bytes(data[:-5] + bytes([data[-5] ^ 0xFF]) + data[-4:])
    else:
        cache.write_bytes(b"")
    assert Tokenizer().segment("甲乙丙联合国") == expected
    assert cache.read_bytes() == data


def test_words_stale_cache_is_made_again(small_dictionary: Path) -> None:
    assert Tokenizer().segment("甲乙丙")[0][2] == "甲乙"
    small_dictionary.write_text(SMALL + "甲乙丙 100 nz\n", encoding="utf-8")
    os.utime(small_dictionary, ns=(1, 1))  # another size and another time
    assert Tokenizer().segment("甲乙丙") == ((0, 3, "甲乙丙", "nz"),)


def test_words_work_from_memory_when_the_cache_folder_is_unwritable(
    small_dictionary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert Tokenizer().segment("联合国") == ((0, 3, "联合国", "nt"),)
    assert not (tmp_path / "cache").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "dict.txt"]


def test_words_cache_of_jieba_dictionary_written_by_two_processes_at_once(tmp_path: Path) -> None:
    """Two processes that make the cache at once leave one whole file, which a third one reads."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = "from kg.reference.words import Tokenizer; print(Tokenizer().segment('联合国驻阿富汗')[0][2])"
    runs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    assert [r.communicate()[0].strip() for r in runs] == ["联合国", "联合国"]
    assert all(r.returncode == 0 for r in runs)
    cache = tmp_path / "unkg" / jieba_cache().name
    assert cache.is_file() and cache.stat().st_size > 1_000_000
    assert [p.name for p in cache.parent.iterdir()] == [cache.name]  # no temporary file left
    stamp = cache.stat().st_mtime_ns
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    assert cache.stat().st_mtime_ns == stamp
