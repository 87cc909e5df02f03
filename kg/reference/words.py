"""Reference data, words: the jieba dictionary as a tokenizer handle, loaded on first use.

The dictionary takes about a second to load, so a `Tokenizer` loads it only when a text is first
segmented (a build that finds listed names only never pays for it), or when `load()` is called: the
pipeline calls it before its worker processes fork, so they inherit the loaded dictionary.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

Word = tuple[int, int, str, str]  # start, end, word, part of speech

_MEMO_SIZE = 4096


def jieba_cache() -> Path:
    """Where jieba's dictionary cache is kept: a per-user cache folder ($XDG_CACHE_HOME/unkg, else
    ~/.cache/unkg), not the shared temporary folder, where another user's unreadable file or a
    cleaned /tmp makes every process rebuild it."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "unkg" / "jieba.cache"


class Tokenizer:
    """Segments Chinese text into words with parts of speech (jieba's dictionary, no HMM guesses).

    One handle belongs to one `Resources` value. Segmentations are remembered per handle (the same
    clause is segmented several times while a name's boundary is looked for); the memo depends on
    nothing but the text and this handle's dictionary, so it never leaks between resources.
    """

    def __init__(self) -> None:
        self._pos: Any = None
        self._memo: dict[str, tuple[Word, ...]] = {}

    @property
    def loaded(self) -> bool:
        """True once the dictionary is in memory."""
        return self._pos is not None

    def load(self) -> Tokenizer:
        """Load the dictionary now (idempotent); return this handle."""
        if self._pos is None:
            import logging

            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            cache = jieba_cache()
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                jieba.dt.cache_file = str(cache)  # an absolute path: jieba joins it to nothing
            except OSError:
                pass  # no writable cache folder: jieba's default (the temporary folder) still works
            # importing jieba.posseg already builds its POS tokenizer over jieba's default
            # dictionary: a second one would load the dictionary and the tag table again (about 2 s)
            jieba.initialize()
            self._pos = jieba.posseg.dt
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
        out: list[Word] = []
        at = 0
        for pair in self.load()._pos.cut(text, HMM=False):
            word, pos = str(pair.word), str(pair.flag)
            out.append((at, at + len(word), word, pos))
            at += len(word)
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[text] = result = tuple(out)
        return result
