"""User-fixable faults. Bugs raise built-in exceptions; content problems become `Issue` records."""

from __future__ import annotations


class KgError(Exception):
    """Base class for faults the user can fix (bad input, bad configuration, bad query)."""


class InputError(KgError):
    """An input file cannot be read or decoded.

    Args:
        path: the offending file.
        reason: what is wrong and how to fix it.
        code: the issue code a build records for the file.
    """

    def __init__(self, path: str, reason: str, code: str = "input-rejected") -> None:
        self.path = path
        self.reason = reason
        self.code = code
        super().__init__(f"{path}: {reason}")


class GazetteerError(KgError):
    """A gazetteer file is malformed (unknown key, empty alias, alias shared by two entries)."""


class OntologyError(KgError):
    """The ontology or a term used by the code is missing or malformed."""


class QueryError(KgError):
    """A SPARQL query is malformed, unknown, or lacks a parameter."""
