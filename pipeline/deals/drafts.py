"""The data a candidate deal record is built from: party mentions, the slot a mention fills, the draft record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Mention:
    text: str
    start: int
    end: int
    tok_start: int
    tok_end: int
    canonical: str
    label: str
    source: str
    kind: Optional[str]


@dataclass
class Slot:
    mention: Mention
    slot: str  # subj | obj | a preposition key | extra
    by_syntax: bool = False


@dataclass
class Draft:
    deal_type: str
    trigger_ids: list
    strength: float
    single_ok: bool | str
    parties: dict = field(default_factory=dict)  # canonical -> {role, start, end, slot}
    amount: Optional[dict] = None
    stake: Optional[dict] = None
    price: Optional[dict] = None
    duration: Optional[dict] = None
    dates: list = field(default_factory=list)
    status: str = "announced"
    status_how: str = "default"
    sentences: list = field(default_factory=list)  # (start, end) char offsets
    signals: dict = field(default_factory=dict)
    generic: bool = False
    indefinite: bool = False  # "un nuovo patto": a deal introduced as new, not a repeat
    definite: bool = False  # "il round è guidato da X": the deal told before, now with more parties

    def canon(self) -> frozenset:
        return frozenset(self.parties)
