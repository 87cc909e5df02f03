"""The naming rule of mention classes: one per record kind, `kg:<Kind>Mention`.

Kept apart from `kg.rdf.mapping` (which gives each mention its class) so that readers of the
graph (`kg.analyse`) share the rule without loading the mapping modules.
"""

from __future__ import annotations


def mention_class_name(kind: str) -> str:
    """The local name of the class of a mention of `kind`: `kg:<Kind>Mention`; a mandate row is a
    citation of its work, `kg:MandateCitation`.

    Example:
        >>> mention_class_name("agenda-item"), mention_class_name("mandate")
        ('AgendaItemMention', 'MandateCitation')
    """
    if kind == "mandate":
        return "MandateCitation"
    return "".join(word.capitalize() for word in kind.split("-")) + "Mention"
