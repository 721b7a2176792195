"""The deal-record format: one pydantic model per object of ``ANNOTATION.md``.

The same models read the gold files (where offsets and confidence are absent) and
describe what accordi emits (where every extracted span carries ``start``/``end``
character offsets into the article text).
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

DealType = Literal[
    "acquisition", "merger", "joint_venture", "partnership",
    "contract", "investment", "financing", "other",
]
Status = Literal[
    "rumored", "negotiating", "announced", "signed", "approved", "completed", "cancelled",
]
Role = Literal[
    "buyer", "seller", "target", "investor", "investee", "provider", "customer",
    "partner", "lender", "borrower",
]
DateRole = Literal["signing", "announcement", "closing", "start", "end", "deadline", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Located(_Model):
    """A piece of the article: offsets are character positions, end exclusive."""

    text: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


class Amount(Located):
    value: float
    currency: str = "EUR"
    approximate: bool = False
    upper: Optional[float] = None
    currency_inferred: bool = False
    confidence: float = Field(1.0, ge=0, le=1)


class PricePerShare(Located):
    value: float
    currency: str = "EUR"
    currency_inferred: bool = False


class Stake(Located):
    percent: float
    upper: Optional[float] = None
    approximate: bool = False


class Duration(Located):
    iso: Optional[str] = None  # None when the text gives no length ("pluriennale")
    vague: bool = False


class DealDate(Located):
    value: Optional[str] = None  # None for a relative date with no publication date
    role: DateRole = "other"


class PartyMention(Located):
    """One way the article names an organisation or person."""

    canonical: str
    label: str = "ORG"  # ORG | PER, from the gazetteer or NER
    source: str = "ner"  # gazetteer | ner | acronym | epithet | description | coref
    kind: Optional[str] = None  # company | fund | bank | public_body | regulator | person | media | ...
    excluded: Optional[str] = None  # why this mention cannot be a deal party: advisor | news_source | product | venue


class DealWord(Located):
    """A word or phrase that introduces a deal ("acquisizione", "accordo per l'acquisizione", "Opa")."""

    deal_type: str = "other"


class Party(_Model):
    name: str
    aliases: list[str] = Field(default_factory=list)
    role: Role = "partner"
    start: Optional[int] = None  # first mention
    end: Optional[int] = None


class Evidence(_Model):
    text: str
    start: int
    end: int


class DealRecord(_Model):
    deal_type: DealType = "other"
    parties: list[Party] = Field(default_factory=list)
    amount: Optional[Amount] = None
    stake_percent: Optional[float] = None
    price_per_share: Optional[PricePerShare] = None
    duration: Optional[Duration] = None
    dates: list[DealDate] = Field(default_factory=list)
    status: Status = "announced"
    evidence: list[str] = Field(default_factory=list)
    evidence_spans: list[Evidence] = Field(default_factory=list)
    confidence: float = Field(0.5, ge=0, le=1)
    explain: Optional[list[dict]] = None  # with --explain: the features that weighed most in keeping the record


class Mentions(_Model):
    """Every normalised mention found in the article, linked to a deal or not."""

    amounts: list[Amount] = Field(default_factory=list)
    prices: list[PricePerShare] = Field(default_factory=list)
    stakes: list[Stake] = Field(default_factory=list)
    durations: list[Duration] = Field(default_factory=list)
    dates: list[DealDate] = Field(default_factory=list)
    parties: list[PartyMention] = Field(default_factory=list)
    triggers: list[DealWord] = Field(default_factory=list)


class ModelInfo(_Model):
    name: str
    version: str


class ArticleResult(_Model):
    id: Optional[str] = None
    url: Optional[str] = None  # carried from the input (batch: --url-field)
    title: Optional[str] = None  # carried from the input (batch: --title-field)
    published: Optional[str] = None
    model: Optional[ModelInfo] = None
    deals: list[DealRecord] = Field(default_factory=list)
    mentions: Mentions = Field(default_factory=Mentions)
    warnings: list[str] = Field(default_factory=list)
    error: Optional[str] = None  # set by batch runs for a document that could not be read


class GoldArticle(_Model):
    """A gold file of ``../shared/eval`` or ``corpus/``."""

    id: str
    url: Optional[str] = None
    published: Optional[str] = None
    notes: Optional[str] = None
    deals: list[DealRecord] = Field(default_factory=list)


def json_schema() -> dict:
    return ArticleResult.model_json_schema()
