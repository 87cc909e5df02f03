"""SPARQL over the store: canned queries (`kg/store/queries/*.rq`), safe parameters, result formats.

A canned query is a `.rq` file whose leading comment lines describe it:

    # description: Programmes mandated by a resolution.
    # param: symbol — canonical UN symbol of the resolution (default: A/RES/70/1)
    # param: years:integer — age in years (default: 10)
    # param: kind:{country|entity|region} — what to count (default: country)

In the body a parameter is written `$name` (a SPARQL variable, so the file parses on its own);
`render` replaces it by an escaped RDF term: a string literal by default, or an integer, a date or an
IRI when the param line gives `name:integer`, `name:date` or `name:iri`; `name:symbol` is a UN symbol,
canonicalised, and `name:{a|b}` a closed set of strings. Values that could leave a
literal or an IRI (quotes, backslashes, angle brackets, control characters) are rejected, not escaped.

`run_query(store, text_or_name, params)` is what the CLI, the server and the tests call; it returns
`(variables, rows)` with rows as dicts of Python values. `solutions` returns the RDF terms instead,
for the SPARQL 1.1 JSON/CSV/TSV serialisers below.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.paths import queries_dir
from kg.rdf.namespaces import PREFIXES, sparql_prologue
from kg.store.backend import GraphStore, PyValue, to_python
from kg.store.sparql import run as run_sparql

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = tuple[Term | None, ...]

# Inline and file queries get the prefixes the exports declare (canned queries declare their own),
# on one line, so a syntax error's line number only needs shifting by one.
_PROLOGUE = sparql_prologue(sep=" ")

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PARAM_LINE = re.compile(
    r"^#\s*param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<type>[a-z]+|\{[A-Za-z0-9_|-]+\}))?\s*(?:—|–|-{1,2}|:)\s*"
    r"(?P<meaning>.*?)\s*(?:\(default:\s*(?P<default>[^)]*)\))?\s*$"
)
_PARAM_TYPES = ("string", "integer", "date", "iri", "symbol")
_ERROR_AT = re.compile(r"error at (\d+):(\d+)")
_UNSAFE_LITERAL = re.compile(r"[\"'\\<>\x00-\x1f\x7f]")
_UNSAFE_IRI = re.compile(r"[\s\"'\\<>{}|^`\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a canned query."""

    name: str
    meaning: str
    default: str | None = None
    type: str = "string"
    choices: tuple[str, ...] = ()  # the closed set of a `name:{a|b|c}` parameter


@dataclass(frozen=True, slots=True)
class CannedQuery:
    """A `.rq` file of `kg/store/queries/` with its description and parameters."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str

    def render(self, params: Mapping[str, str] | None = None) -> str:
        """The query text with every `$param` replaced by its (given or default) value as an RDF term.

        Raises:
            QueryError: an unknown parameter, a missing one without default, or an unsafe value.
        """
        given = dict(params or {})
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            known = ", ".join(p.name for p in self.params) or "none"
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(unknown)} (parameters: {known})"
            )
        values: dict[str, str] = {}
        for p in self.params:
            value = given.get(p.name, p.default)
            if value is None:
                raise QueryError(f"query {self.name!r} needs --param {p.name}=... ({p.meaning})")
            if p.choices and value not in p.choices:
                raise QueryError(
                    f"query {self.name!r}: {p.name}={value!r} is not one of {', '.join(p.choices)}"
                )
            values[p.name] = term_text(value, p.type, p.name)
        return substitute(self.text, values)


def parse_canned(name: str, text: str) -> CannedQuery:
    """Read the `# description:` and `# param:` header of a canned query."""
    description = ""
    params: list[Param] = []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if not s.startswith("#"):
            break
        if s.startswith("# description:") or s.startswith("#description:"):
            description = s.split(":", 1)[1].strip()
        elif re.match(r"#\s*param:", s):
            m = _PARAM_LINE.match(s)
            if not m:
                raise QueryError(
                    f"{name}.rq: malformed param line {s!r} (expected `# param: name — meaning (default: x)`)"
                )
            ptype = m["type"] or "string"
            choices: tuple[str, ...] = ()
            if ptype.startswith("{"):
                ptype, choices = "string", tuple(ptype[1:-1].split("|"))
            if ptype not in _PARAM_TYPES:
                raise QueryError(
                    f"{name}.rq: unknown param type {ptype!r} (one of {', '.join(_PARAM_TYPES)})"
                )
            default = m["default"].strip() if m["default"] is not None else None
            params.append(Param(m["name"], m["meaning"], default, ptype, choices))
    if not description:
        raise QueryError(f"{name}.rq: missing `# description:` line")
    return CannedQuery(name, description, tuple(params), text)


def canned_queries(folder: Path | None = None) -> dict[str, CannedQuery]:
    """All canned queries by name, sorted."""
    d = folder or queries_dir()
    files = sorted(d.glob("*.rq"), key=lambda p: p.stem)
    return {p.stem: parse_canned(p.stem, p.read_text(encoding="utf-8")) for p in files}


def canned_query(name: str, folder: Path | None = None) -> CannedQuery:
    """The canned query `name`.

    Raises:
        QueryError: no such query.
    """
    path = (folder or queries_dir()) / f"{name}.rq"
    if not NAME_RE.match(name) or not path.is_file():
        raise QueryError(f"no canned query named {name!r}; `kg query --list` shows them")
    return parse_canned(name, path.read_text(encoding="utf-8"))


def term_text(value: str, ptype: str, name: str = "value") -> str:
    """Return `value` as the text of a SPARQL term of type `ptype` (string, integer, date, iri, symbol).

    A `symbol` is a UN document symbol as a user types it ("S/RES/1325 (2000)", "a/res/70/1",
    "A/RES/72/262 C"); it becomes the canonical key the graph stores (kg.symbols.canonicalise),
    or stays as typed (trimmed) when it is of no known form.

    Args:
        value: the parameter value as given by the user.
        ptype: the declared type of the parameter.
        name: the parameter name, for messages.

    Raises:
        QueryError: the value is not of the type, or could break out of a literal or IRI.

    Example:
        >>> term_text("A/RES/70/1", "string")
        '"A/RES/70/1"'
        >>> term_text("S/RES/1325 (2000)", "symbol")
        '"S/RES/1325(2000)"'
        >>> term_text("042", "integer")
        '42'
        >>> term_text('x" } #', "string")
        Traceback (most recent call last):
        kg.errors.QueryError: parameter value: character '"' is not allowed in a value ('x" } #')
    """
    if ptype == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
            raise QueryError(f"parameter {name}: expected an integer, got {value!r}")
        return str(int(value))
    if ptype == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise QueryError(f"parameter {name}: expected a date YYYY-MM-DD, got {value!r}")
        return f'"{value.strip()}"^^<http://www.w3.org/2001/XMLSchema#date>'
    if ptype == "iri":
        if not value or _UNSAFE_IRI.search(value) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
            raise QueryError(f"parameter {name}: not a safe absolute IRI: {value!r}")
        return f"<{value}>"
    if ptype == "symbol":
        from kg.symbols import canonicalise

        value = canonicalise(value) or value.strip()
    bad = _UNSAFE_LITERAL.search(value)
    if bad:
        raise QueryError(f"parameter {name}: character {bad.group()!r} is not allowed in a value ({value!r})")
    return f'"{value}"'


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Replace `$name` (outside comments, strings and IRIs) by the prepared term text of `name`.

    Example:
        >>> substitute('SELECT * { ?w <p> $s } # $s', {"s": '"A/1"'})
        'SELECT * { ?w <p> "A/1" } # $s'
    """
    if not values:
        return text
    token = re.compile(
        r"#[^\n]*|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|\$([A-Za-z_][A-Za-z0-9_]*)"
    )

    def repl(m: re.Match[str]) -> str:
        if m.group(1) is not None and m.group(1) in values:
            return values[m.group(1)]
        return m.group(0)

    return token.sub(repl, text)


def resolve(text_or_name: str, params: Mapping[str, str] | None = None) -> tuple[str, int]:
    """The SPARQL text to run and how many prologue lines were put before the user's text.

    A bare name (`programmes-mandated-by`) is a canned query; anything else is SPARQL, to which the
    usual prefixes (kg:, id:, dct:, ...) are added and `$param`s substituted (as strings).
    """
    s = text_or_name.strip()
    if NAME_RE.match(s):
        return canned_query(s).render(params), 0
    values = {k: term_text(v, "string", k) for k, v in (params or {}).items()}
    return _PROLOGUE + substitute(text_or_name, values), 1


def syntax_message(err: SyntaxError, text: str, shift: int = 0) -> str:
    """pyoxigraph's message with the line/column made relative to the user's text, and the line with a caret."""
    msg = str(err).strip()
    m = _ERROR_AT.search(msg)
    if not m:
        return f"SPARQL syntax error: {msg}"
    line, col = int(m.group(1)) - shift, int(m.group(2))
    detail = msg[m.end() :].lstrip(": ").replace("\n", " ")
    if len(detail) > 160:
        detail = detail[:157] + "..."
    lines = text.splitlines() or [""]
    out = [f"SPARQL syntax error at line {line}, column {col}: {detail}"]
    if 1 <= line <= len(lines):
        src = lines[line - 1]
        out.append(f"  {line} | {src}")
        # the caret under the column, counting wide (CJK) characters as two cells
        out.append("  " + " " * len(str(line)) + " | " + " " * _width(src[: max(col - 1, 0)]) + "^")
    return "\n".join(out)


def solutions(
    store: GraphStore, text_or_name: str, params: Mapping[str, str] | None = None
) -> tuple[list[str], list[Row]]:
    """Run a SELECT query (text or canned name); return variable names and rows of pyoxigraph terms.

    Raises:
        QueryError: unknown canned query, bad parameter, syntax error, or not a SELECT query.
    """
    sparql, shift = resolve(text_or_name, params)
    try:
        res = run_sparql(store.store, sparql)
    except SyntaxError as err:
        user_text = text_or_name if shift else sparql
        raise QueryError(syntax_message(err, user_text, shift)) from None
    except OSError as err:  # evaluation errors surface as OSError/ValueError in pyoxigraph
        raise QueryError(f"query failed: {err}") from None
    if not isinstance(res, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported (this is an ASK or CONSTRUCT/DESCRIBE query)")
    names = [v.value for v in res.variables]
    return names, [tuple(sol[n] for n in names) for sol in res]


def run_query(
    store: GraphStore, text_or_name: str, params: Mapping[str, str] | None = None
) -> tuple[list[str], list[dict[str, PyValue]]]:
    """Run a SELECT query (SPARQL text or a canned query name) with `params`; return `(variables, rows)`.

    Rows are dicts of plain Python values (IRIs and strings as str, numbers as int/float).
    """
    check_params(store, text_or_name, params)
    names, rows = solutions(store, text_or_name, params)
    return names, [{n: to_python(t) for n, t in zip(names, row, strict=True)} for row in rows]


def check_params(store: GraphStore, text_or_name: str, params: Mapping[str, str] | None = None) -> None:
    """Check the `symbol` parameters of a canned query against the store, before running it.

    A symbol that no document in the graph has would give an empty answer that looks like "nobody
    cites it"; most often it is typed without a part the graph's symbol has (the year of a Security
    Council resolution: `S/RES/1325` for `S/RES/1325(2000)`), so the error lists the symbols it could mean.

    Raises:
        QueryError: a symbol the graph does not have, with the graph's symbols it could mean.
    """
    name = text_or_name.strip()
    if not NAME_RE.match(name):
        return
    cq = canned_query(name)
    given = params or {}
    for p in cq.params:
        if p.type != "symbol" or p.name not in given:
            continue
        literal = term_text(given[p.name], "symbol", p.name)
        symbol = literal[1:-1]
        if store.ask(f"ASK {{ ?work <{_KG}symbol> {literal} }}"):
            continue
        candidates = symbol_candidates(store, symbol)
        hint = (
            f"did you mean {' or '.join(candidates)}?"
            if candidates
            else "check the symbol (`kg query unresolved-citations` lists citations whose symbol "
            "could not be read)"
        )
        raise QueryError(f"parameter {p.name}: no document with symbol {symbol!r} in the graph; {hint}")


_KG = PREFIXES["kg"]


def symbol_candidates(store: GraphStore, symbol: str, limit: int = 10) -> list[str]:
    """Symbols of the graph that `symbol` could be short for: with a year or part added, or its number alone.

    `S/RES/1325` -> `S/RES/1325(2000)`; `A/RES/72/262` -> `A/RES/72/262 A`...; `1325` -> every symbol
    whose last number is 1325.
    """
    if not symbol or _UNSAFE_LITERAL.search(symbol):
        return []
    s = json.dumps(symbol, ensure_ascii=False)
    rows = store.select(
        f"""SELECT DISTINCT ?s WHERE {{ ?work <{_KG}symbol> ?s .
        FILTER(STRSTARTS(?s, CONCAT({s}, "(")) || STRSTARTS(?s, CONCAT({s}, " "))
               || STRSTARTS(?s, CONCAT({s}, "/")) || STRENDS(?s, CONCAT("/", {s}))
               || CONTAINS(?s, CONCAT("/", {s}, "("))) }} ORDER BY ?s LIMIT {limit}"""
    )
    return [str(r["s"]) for r in rows]


# --- result formats -------------------------------------------------------------------------


def term_json(term: Any) -> dict[str, Any]:
    """One RDF term in SPARQL 1.1 Query Results JSON (RDF-star quoted triples as `triple`)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    t: ox.Triple = term
    value = {
        "subject": term_json(t.subject),
        "predicate": term_json(t.predicate),
        "object": term_json(t.object),
    }
    return {"type": "triple", "value": value}


def format_json(names: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{n: term_json(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
    return json.dumps(
        {"head": {"vars": list(names)}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2
    )


def _plain(t: Term | None) -> str:
    if t is None:
        return ""
    return str(t) if isinstance(t, ox.Triple) else t.value


def format_csv(names: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 Query Results CSV (plain values, CRLF line ends)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(names)
    for row in rows:
        w.writerow([_plain(t) for t in row])
    return buf.getvalue()


def format_tsv(names: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 Query Results TSV (terms in N-Triples syntax)."""
    lines = ["\t".join(f"?{n}" for n in names)]
    for row in rows:
        lines.append("\t".join("" if t is None else str(t).replace("\t", "\\t") for t in row))
    return "\n".join(lines) + "\n"


def compact(iri: str) -> str:
    """Shorten an IRI with the standard prefixes (table view only).

    Example:
        >>> compact("https://unkg.org/id/doc/x")
        'id:doc/x'
    """
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{p}:{iri[len(ns) :]}"
    return iri


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _clip(s: str, width: int) -> str:
    if _width(s) <= width:
        return s
    out, w = [], 0
    for c in s:
        cw = _width(c)
        if w + cw > width - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def format_table(names: Sequence[str], rows: Sequence[Row], max_width: int = 60) -> str:
    """An aligned text table (IRIs compacted, long cells clipped, CJK counted as two cells)."""

    def cell(t: Term | None) -> str:
        if t is None:
            return ""
        if isinstance(t, ox.NamedNode):
            return compact(t.value)
        return _clip(_plain(t).replace("\n", " "), max_width)

    cells = [[cell(t) for t in row] for row in rows]
    widths = [max([_width(n)] + [_width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(names), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


class ResultFormat(StrEnum):
    """Output formats of query results."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


FORMATTERS: dict[ResultFormat, Callable[[Sequence[str], Sequence[Row]], str]] = {
    ResultFormat.TABLE: format_table,
    ResultFormat.CSV: format_csv,
    ResultFormat.TSV: format_tsv,
    ResultFormat.JSON: format_json,
}


def format_results(fmt: ResultFormat | str, names: Sequence[str], rows: Sequence[Row]) -> str:
    """Render rows of terms in `fmt`.

    Raises:
        QueryError: an unknown format.
    """
    try:
        return FORMATTERS[ResultFormat(fmt)](names, rows)
    except ValueError:
        choices = ", ".join(f.value for f in ResultFormat)
        raise QueryError(f"unknown format {fmt!r} (one of {choices})") from None
