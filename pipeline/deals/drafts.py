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
class Signals:
    """What the rules saw while building a candidate, read by :mod:`pipeline.deals.features` to weigh it."""

    trigger_char: int = 0  # where its deal word starts
    n_triggers: int = 1  # deal words in that sentence
    mentions: int = 1  # times the deal is told (merged repeats)
    follow_ups: int = 0  # later sentences that added to it
    explicit_slots: int = 0  # parties in a slot other than a bare object or an extra
    by_syntax: bool = False  # parties found through the parse, not by position
    stand_in: bool = False  # a party named through a stand-in ("la società")
    passive: bool = False
    perfect: bool = False
    amount_follow_up: bool = False  # its amount comes from a later sentence
    lent_target: bool = False  # the target lent from the article's other mentions (a bid with one party)
    split_from_list: bool = False  # one of several targets of one sentence


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
    signals: Signals = field(default_factory=Signals)
    generic: bool = False
    indefinite: bool = False  # "un nuovo patto": a deal introduced as new, not a repeat
    definite: bool = False  # "il round è guidato da X": the deal told before, now with more parties

    def canon(self) -> frozenset:
        return frozenset(self.parties)
