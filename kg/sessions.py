"""Years of UN sessions: the year a work was adopted when its symbol names only a session.

Fact data in `ontology/sessions.yaml` (General Assembly special and emergency special sessions,
ECOSOC sessions 1-63), validated on load; General Assembly regular session N opened in 1945 + N.
Used to date mandates (`kg.extract.mandates`) so the `old-mandates` query can compute their age.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kg.errors import OntologyError
from kg.model import CitedSymbol
from kg.paths import ontology_dir

_TABLES = ("ga-special", "ga-emergency", "ecosoc")
# the General Assembly's first session opened in 1946; session N opened in 1945 + N
_GA_FIRST_YEAR = 1945


@dataclass(frozen=True)
class SessionYears:
    """Session number -> year, per table of `ontology/sessions.yaml`."""

    ga_special: Mapping[int, int]
    ga_emergency: Mapping[int, int]
    ecosoc: Mapping[int, int]


def sessions_path() -> Path:
    """Return the path of the session-year table."""
    return ontology_dir() / "sessions.yaml"


def build_session_years(data: object, where: str) -> SessionYears:
    """Validate the parsed table: known tables only, integer sessions, plausible years that never
    go down as the session number goes up.

    Raises:
        OntologyError: the table is malformed (the message names the file, table and session).
    """
    if not isinstance(data, dict) or set(data) != set(_TABLES):
        got = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise OntologyError(f"{where}: expected the tables {', '.join(_TABLES)}; found {got}")
    tables: dict[str, dict[int, int]] = {}
    for name in _TABLES:
        rows = data[name]
        if not isinstance(rows, dict) or not rows:
            raise OntologyError(f"{where}: table {name!r} must map session numbers to years")
        last = 0
        for session, year in sorted(rows.items(), key=lambda kv: str(kv[0]).zfill(4)):
            ok = isinstance(session, int) and session > 0 and isinstance(year, int)
            if not ok or not 1945 <= year <= 2100 or year < last:
                raise OntologyError(
                    f"{where}: table {name!r}, session {session!r}: year {year!r} is not a year "
                    "between 1945 and 2100 at or after the previous session's; fix the entry"
                )
            last = year
        tables[name] = dict(rows)
    return SessionYears(tables["ga-special"], tables["ga-emergency"], tables["ecosoc"])


@lru_cache(maxsize=1)
def load_session_years() -> SessionYears:
    """Load and validate `ontology/sessions.yaml` once (cached): the default of `symbol_year`
    for callers outside the stages; extractors read `Resources.sessions`.

    Example:
        >>> load_session_years().ga_special[10], load_session_years().ecosoc[42]
        (1978, 1967)
    """
    return load_session_years_file(sessions_path())


def load_session_years_file(path: Path) -> SessionYears:
    """Read and validate the session-year table at `path` (not cached).

    Raises:
        OntologyError: the file cannot be read or the table is malformed.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise OntologyError(f"{path}: cannot read the session-year table: {err}") from None
    return build_session_years(data, str(path))


_SPECIAL_RE = re.compile(r"^A/RES/(?P<kind>E?S)-(?P<n>\d+)/")
_ROMAN_SPECIAL_RE = re.compile(r"^A/RES/\d+\((?P<kind>E?S)-[IVXLC]+\)$")


def symbol_year(symbol: CitedSymbol, years: SessionYears | None = None) -> int | None:
    """Return the year a work was adopted, from its symbol, or None when the symbol cannot tell.

    The year printed in the symbol wins (SC, ECOSOC since 1978, presidential statements); else a
    General Assembly regular session N gives 1945 + N, a special or emergency special session
    and an ECOSOC session of the Roman-numeral era give the year of `ontology/sessions.yaml`.

    Example:
        >>> from kg.symbols import parse_symbol
        >>> [symbol_year(parse_symbol(s)) for s in ("A/RES/S-10/2", "E/RES/1235(XLII)", "A/RES/2625(XXV)")]
        [1978, 1967, 1970]
        >>> symbol_year(parse_symbol("A/RES/3201(S-VI)")), symbol_year(parse_symbol("A/RES/ES-10/17"))
        (1974, None)
    """
    if symbol.year is not None:
        return symbol.year
    if symbol.session is None or symbol.doc_kind not in (
        "ga-resolution",
        "ga-decision",
        "ecosoc-resolution",
        "ecosoc-decision",
    ):
        return None
    table = years or load_session_years()
    canonical = symbol.canonical.replace("/DEC/", "/RES/")
    special = _SPECIAL_RE.match(canonical) or _ROMAN_SPECIAL_RE.match(canonical)
    if special:
        by_session = table.ga_special if special.group("kind") == "S" else table.ga_emergency
        return by_session.get(symbol.session)
    if symbol.organ == "ECOSOC":
        return table.ecosoc.get(symbol.session)
    if symbol.organ == "GA":
        return _GA_FIRST_YEAR + symbol.session
    return None
