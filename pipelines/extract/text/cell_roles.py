"""Which cells of a (name, target) table are names by their wording, after the alignment of
`cell_rows` has labelled them.

The alignment prefers names and targets alternating; where pdftotext prints a column of names
ahead of their targets it may keep alternation by reading a name as a target and a short state
word as a name. A cell worded as an indicator name (it ends in the measure it names:
`vocabulary.names_a_measure`) is a name, and a state word of a few characters ('及时', '完备',
'缓解') is a target: such pairs swap roles. Decides nothing else.
"""
from __future__ import annotations

from ..vocabulary import STATE_CHARS, names_a_measure
from .cell_pieces import Piece


def measure_swaps(ps: list[Piece], items: list[int], roles: list[str], forced: set[int]) -> list[str]:
    """Roles again, where the alignment read a cell worded as an indicator name (`names_a_measure`:
    '…及格率', '…完备性') as a target and a short state word ('及时', '完备') as a name to keep names and
    targets alternating: such pairs swap roles, in printed order (the counts stay balanced)."""
    measured = [q for q, (k, r) in enumerate(zip(items, roles)) if r == "target" and ps[k].kind == "text"
                and names_a_measure(ps[k].text)]
    states = [q for q, (k, r) in enumerate(zip(items, roles)) if r == "name" and k not in forced
              and ps[k].kind == "text" and len(ps[k].text) <= STATE_CHARS and not names_a_measure(ps[k].text)]
    out = list(roles)
    for a, c in zip(measured, states):
        out[a], out[c] = "name", "target"
    return out
