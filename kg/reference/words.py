"""Reference data, words: jieba's dictionary as a tokenizer handle, loaded on first use.

Segmentation is our own maximum-probability segmenter over the dictionary that ships inside the
jieba package (`dict.txt`, lines "word freq tag"); it gives exactly the words and parts of speech of
`jieba.posseg.cut(text, HMM=False)` (tests/reference/test_words.py holds it to that), but it never
imports jieba: jieba is a dependency for its data only.

Reading the dictionary text takes about half a second, so it is read once into a per-user cache
file (`jieba_cache()`) that holds its entries grouped by first character; a process reads that file
whole (a few milliseconds) and turns a group into lookup tables only when a text holding that
character is first segmented. A `Tokenizer` loads it when a text is first segmented, or when
`load()` is called: the pipeline calls it before its worker processes fork, so they inherit it.

How jieba segments, without HMM (what this module reproduces):
- the text splits into runs of [\\u4E00-\\u9FD5a-zA-Z0-9+#&._] and the stretches between them;
  in a stretch, "\\r\\n" is one word and every other character is a word of its own, all tagged "x";
- in a run, the candidate words at a position are the dictionary words (frequency > 0) that start
  there, found by extending the word while it is still a prefix of some dictionary word; when
  there is none, the single character. The path chosen from the right end maximises the sum of
  (log(freq) - log(total)) + best-of-the-rest (log(1) for a character not in the dictionary), ties
  going to the longer word; `total` adds up every line's frequency (a repeated word counts twice),
  while a repeated word's frequency and tag are its last line's;
- consecutive one-character words that are ASCII letters or digits are glued into one word tagged
  "eng"; every other word takes its dictionary tag ("x" when it has none).
"""

from __future__ import annotations

import marshal
import math
import os
import re
import struct
import tempfile
import zlib
from pathlib import Path
from typing import cast

Word = tuple[int, int, str, str]  # start, end, word, part of speech

_MEMO_SIZE = 4096

# the cache file's format: its version is in the file name too, so that checkouts of different
# versions on one machine keep their own files instead of rebuilding each other's
_VERSION = 1
_MAGIC = b"unkg jieba words\n"
_HEAD = struct.Struct("<IQ")  # crc32 of everything after this struct, length of the header

_RUN = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._]+")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

# one group: scores of the words starting with a character (None for a prefix of longer words
# that is no word itself, or a word of frequency 0) and their tags
_Group = tuple[dict[str, float | None], dict[str, str]]
_EMPTY: _Group = ({}, {})
_ABSENT = object()


def jieba_cache() -> Path:
    """Where the cache of jieba's dictionary is kept: a per-user cache folder ($XDG_CACHE_HOME/unkg,
    else ~/.cache/unkg), not the shared temporary folder, where another user's unreadable file or a
    cleaned /tmp makes every process rebuild it."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "unkg" / f"jieba-words.{_VERSION}.cache"


def jieba_dictionary() -> Path:
    """The dictionary file shipped inside the installed jieba package (found without importing
    jieba, whose import alone costs more than loading our cache)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed: its dictionary (dict.txt) is needed")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def _dictionary_key(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def _build(path: Path, key: tuple[int, int]) -> bytes:
    """The cache file's bytes, made from the dictionary text."""
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    total = 0
    with path.open("rb") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip().decode("utf-8")
            parts = line.split(" ")
            if len(parts) != 3 or not parts[0]:
                raise ValueError(f"invalid dictionary entry in {path} at line {number}: {line!r}")
            word, count, tag = parts
            n = int(count)
            total += n
            freq[word] = n  # a repeated word: its last line's frequency and tag
            tags[word] = tag
            for end in range(1, len(word)):
                freq.setdefault(word[:end], 0)
    logtotal = math.log(total)
    groups: dict[str, _Group] = {}
    for word, n in freq.items():
        scores, wtags = groups.setdefault(word[0], ({}, {}))
        scores[word] = math.log(n) - logtotal if n else None
        if word in tags:
            wtags[word] = tags[word]
    body = bytearray()
    index: dict[str, tuple[int, int]] = {}
    for ch, group in groups.items():
        blob = marshal.dumps(group)
        index[ch] = (len(body), len(body) + len(blob))
        body += blob
    header = marshal.dumps((key, total, logtotal, len(body), index))
    rest = header + bytes(body)
    return _MAGIC + _HEAD.pack(zlib.crc32(rest), len(header)) + rest


def _parse(data: bytes, key: tuple[int, int]) -> tuple[float, dict[str, tuple[int, int]], memoryview]:
    """log(total), the group index and the groups' bytes of a cache file; ValueError when the file
    is not a whole, uncorrupted cache of this dictionary (another version, a torn write)."""
    start = len(_MAGIC) + _HEAD.size
    if len(data) < start or not data.startswith(_MAGIC):
        raise ValueError("not a dictionary cache")
    crc, size = _HEAD.unpack_from(data, len(_MAGIC))
    view = memoryview(data)[start:]
    if zlib.crc32(view) != crc or size > len(view):
        raise ValueError("corrupt dictionary cache")
    try:
        got, total, logtotal, body_size, index = marshal.loads(view[:size])
    except (EOFError, TypeError, ValueError) as e:
        raise ValueError("corrupt dictionary cache") from e
    # the scores were computed with this machine's log: a file from elsewhere is made again
    if tuple(got) != key or math.log(total) != logtotal or body_size != len(view) - size:
        raise ValueError("stale dictionary cache")
    return float(logtotal), cast(dict[str, tuple[int, int]], index), view[size:]


def _write(path: Path, data: bytes) -> None:
    """Write the cache atomically (two processes writing at once leave one whole file); a folder
    that cannot be written is no error: the dictionary is then used from memory."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


class _Dictionary:
    """The dictionary's groups, each turned into lookup tables on first use."""

    def __init__(self, logtotal: float, index: dict[str, tuple[int, int]], body: memoryview) -> None:
        self.fallback = 0.0 - logtotal  # log(1) - log(total): a character outside the dictionary
        self._index = index
        self._body = body
        self.groups: dict[str, _Group] = {}

    @classmethod
    def load(cls) -> _Dictionary:
        source = jieba_dictionary()
        key = _dictionary_key(source)
        cache = jieba_cache()
        try:
            return cls(*_parse(cache.read_bytes(), key))
        except (OSError, ValueError):
            pass  # missing, unreadable, stale or corrupt: made again
        data = _build(source, key)
        _write(cache, data)
        return cls(*_parse(data, key))

    def group(self, ch: str) -> _Group:
        """The scores and tags of the words that start with `ch`."""
        span = self._index.get(ch)
        group = _EMPTY if span is None else cast(_Group, marshal.loads(self._body[span[0] : span[1]]))
        self.groups[ch] = group
        return group


class Tokenizer:
    """Segments Chinese text into words with parts of speech (jieba's dictionary, no HMM guesses).

    One handle belongs to one `Resources` value. Segmentations are remembered per handle (the same
    clause is segmented several times while a name's boundary is looked for); the memo depends on
    nothing but the text and this handle's dictionary, so it never leaks between resources.
    """

    def __init__(self) -> None:
        self._dict: _Dictionary | None = None
        self._memo: dict[str, tuple[Word, ...]] = {}

    @property
    def loaded(self) -> bool:
        """True once the dictionary is in memory."""
        return self._dict is not None

    def load(self) -> Tokenizer:
        """Load the dictionary now (idempotent); return this handle."""
        if self._dict is None:
            self._dict = _Dictionary.load()
        return self

    def segment(self, text: str) -> tuple[Word, ...]:
        """Words of `text` with their offsets and part of speech (unknown strings fall apart into
        characters, which never hides a boundary word).

        Example:
            >>> [(w, pos) for _, _, w, pos in Tokenizer().segment("向联合国消除对妇女暴力行为信托基金")][:3]
            [('向', 'p'), ('联合国', 'nt'), ('消除', 'v')]
        """
        hit = self._memo.get(text)
        if hit is not None:
            return hit
        d = self.load()._dict
        assert d is not None
        out: list[Word] = []
        at = 0
        for m in _RUN.finditer(text):
            run_at = m.start()
            _between(text, at, run_at, out)
            _run(d, m.group(), run_at, out)
            at = m.end()
        _between(text, at, len(text), out)
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[text] = result = tuple(out)
        return result


def _between(text: str, start: int, end: int, out: list[Word]) -> None:
    """The words of a stretch between runs: "\\r\\n" is one word, every other character one."""
    i = start
    while i < end:
        if text[i] == "\r" and i + 1 < end and text[i + 1] == "\n":
            out.append((i, i + 2, "\r\n", "x"))
            i += 2
        else:
            out.append((i, i + 1, text[i], "x"))
            i += 1


def _run(d: _Dictionary, s: str, at: int, out: list[Word]) -> None:
    """The words of one run `s` (at offset `at` of the text) by the best-scoring path."""
    n = len(s)
    groups = d.groups
    fallback = d.fallback
    score = [0.0] * (n + 1)
    nxt = list(range(1, n + 2))
    absent = _ABSENT
    for k in range(n - 1, -1, -1):
        ch = s[k]
        group = groups.get(ch)
        scores = (group if group is not None else d.group(ch))[0]
        best: float | None = None
        end = k + 1
        frag = ch
        i = k + 1
        while True:
            w = scores.get(frag, absent)
            if w is absent:
                break
            if w is not None:
                v = cast(float, w) + score[i]
                if best is None or v >= best:  # a tie goes to the longer word
                    best = v
                    end = i
            if i >= n:
                break
            i += 1
            frag = s[k:i]
        score[k] = fallback + score[k + 1] if best is None else best
        nxt[k] = end
    k = 0
    glued = -1  # start of the ASCII letters and digits being glued, or -1
    while k < n:
        end = nxt[k]
        if end - k == 1 and s[k] in _ALNUM:
            if glued < 0:
                glued = k
        else:
            if glued >= 0:
                out.append((at + glued, at + k, s[glued:k], "eng"))
                glued = -1
            word = s[k:end]
            out.append((at + k, at + end, word, groups[s[k]][1].get(word, "x")))
        k = end
    if glued >= 0:
        out.append((at + glued, at + n, s[glued:n], "eng"))
