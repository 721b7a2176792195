"""The deal-record format: one pydantic model per object of ``ANNOTATION.md``.

The same models read the gold files (where offsets and confidence are absent) and
describe what accordi emits (where every extracted span carries ``start``/``end``
character offsets into the article text).
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

DealType = Literal[
    "acquisition",
    "merger",
    "joint_venture",
    "partnership",
    "contract",
    "investment",
    "financing",
    "other",
]
Status = Literal[
    "rumored",
    "negotiating",
    "announced",
    "signed",
    "approved",
    "completed",
    "cancelled",
]
Role = Literal[
    "buyer",
    "seller",
    "target",
    "investor",
    "investee",
    "provider",
    "customer",
    "partner",
    "lender",
    "borrower",
]
DateRole = Literal["signing", "announcement", "closing", "start", "end", "deadline", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Located(_Model):
    """A piece of the article: offsets are character positions, end exclusive."""

    text: Optional[str] = Field(None, description="The words as they stand in the article.")
    start: Optional[int] = Field(
        None, description="Character offset where the words start in the article text (as accordi read it)."
    )
    end: Optional[int] = Field(None, description="Character offset where they end (exclusive).")


class Amount(Located):
    """An amount of money."""

    value: float = Field(..., description="The amount as a number in its currency (the lower bound of a range).")
    currency: str = Field("EUR", description="ISO 4217 code.")
    approximate: bool = Field(False, description="Said as approximate ('circa', 'oltre', 'fino a').")
    upper: Optional[float] = Field(None, description="The upper bound of a range ('tra 2 e 3 miliardi'), else null.")
    currency_inferred: bool = Field(
        False, description="The text names no currency; the article's currency was assumed."
    )
    confidence: float = Field(1.0, ge=0, le=1, description="How sure the reading of the number is (0-1).")


class PricePerShare(Located):
    """A price per share ('a 4,5 euro per azione')."""

    value: float = Field(..., description="Price per share in its currency.")
    currency: str = Field("EUR", description="ISO 4217 code.")
    currency_inferred: bool = Field(
        False, description="The text names no currency; the article's currency was assumed."
    )


class Stake(Located):
    """A stake: a percentage of a company's capital."""

    percent: float = Field(..., description="Percentage of the capital (0-100).")
    upper: Optional[float] = Field(None, description="Upper bound of a range of percentages, else null.")
    approximate: bool = Field(False, description="Said as approximate ('circa il 10%').")


class Duration(Located):
    """How long something lasts ('sette anni', 'pluriennale')."""

    iso: Optional[str] = Field(
        None, description="ISO 8601 duration (P7Y, P18M); null when the text gives no length ('pluriennale')."
    )
    vague: bool = Field(False, description="The length is vague ('alcuni anni').")


class DealDate(Located):
    """A date, with its role in the deal when it belongs to one."""

    value: Optional[str] = Field(
        None, description="YYYY-MM-DD, YYYY-MM or YYYY; null for a relative date with no publication date to anchor it."
    )
    role: DateRole = Field(
        "other",
        description="What the date is for the deal: signing, announcement, closing, start, end, deadline, other.",
    )


class PartyMention(Located):
    """One way the article names an organisation or person."""

    canonical: str = Field(..., description="The name this mention resolves to (one name per organisation or person).")
    label: str = Field("ORG", description="ORG or PER.")
    source: str = Field("ner", description="How it was found: gazetteer, ner, acronym, epithet, description, coref.")
    kind: Optional[str] = Field(
        None, description="company, fund, bank, public_body, regulator, person, media, ... when known."
    )
    excluded: Optional[str] = Field(
        None, description="Why this mention cannot be a deal party (advisor, news_source, product, venue), else null."
    )


class DealWord(Located):
    """A word or phrase that introduces a deal ("acquisizione", "accordo per l'acquisizione", "Opa")."""

    deal_type: str = Field("other", description="The deal type the word suggests.")


class Party(_Model):
    """A party to a deal, with its side."""

    name: str = Field(..., description="The fullest proper name the article uses.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other ways the article names it (acronyms, epithets such as 'il gruppo di Seattle').",
    )
    role: Role = Field(
        "partner",
        description="Its side of the deal: buyer, seller, target, investor, investee, provider, customer, partner, lender, borrower.",
    )
    start: Optional[int] = Field(None, description="Offset of its first mention in the article.")
    end: Optional[int] = Field(None, description="End offset of that mention.")


class Evidence(_Model):
    """A sentence that states a deal, with its offsets."""

    text: str = Field(..., description="A sentence (or headline) that states the deal.")
    start: int = Field(..., description="Its start offset in the article.")
    end: int = Field(..., description="Its end offset (exclusive).")


class DealRecord(_Model):
    """One deal: who agreed with whom, what, how much, for how long, when, in what state, how sure."""

    deal_type: DealType = Field(
        "other",
        description="acquisition, merger, joint_venture, partnership, contract, investment, financing or other.",
    )
    parties: list[Party] = Field(default_factory=list, description="Who agreed with whom, each with a role.")
    amount: Optional[Amount] = Field(None, description="The deal's value, when the article gives one.")
    stake_percent: Optional[float] = Field(
        None, description="Percentage of the capital bought, sold or invested in, when stated."
    )
    price_per_share: Optional[PricePerShare] = Field(None, description="Price per share offered or paid, when stated.")
    duration: Optional[Duration] = Field(None, description="How long the agreement runs, when stated.")
    dates: list[DealDate] = Field(default_factory=list, description="Dates of the deal with their roles.")
    status: Status = Field(
        "announced", description="rumored, negotiating, announced, signed, approved, completed or cancelled."
    )
    evidence: list[str] = Field(default_factory=list, description="The sentences that state the deal, verbatim.")
    evidence_spans: list[Evidence] = Field(
        default_factory=list, description="The same sentences with their offsets in the article."
    )
    confidence: float = Field(
        0.5, ge=0, le=1, description="How likely the record is right (0-1, calibrated on gold records)."
    )
    explain: Optional[list[dict]] = Field(
        None, description="With --explain / explain=True: the features that weighed most in keeping the record."
    )


class Mentions(_Model):
    """Every normalised mention found in the article, linked to a deal or not."""

    amounts: list[Amount] = Field(default_factory=list, description="Every amount of money found.")
    prices: list[PricePerShare] = Field(default_factory=list, description="Every price per share found.")
    stakes: list[Stake] = Field(default_factory=list, description="Every stake (percentage of capital) found.")
    durations: list[Duration] = Field(default_factory=list, description="Every duration found.")
    dates: list[DealDate] = Field(default_factory=list, description="Every date found.")
    parties: list[PartyMention] = Field(default_factory=list, description="Every mention of an organisation or person.")
    triggers: list[DealWord] = Field(
        default_factory=list, description="Every deal word ('acquisizione', 'accordo', 'Opa') found."
    )


class ModelInfo(_Model):
    """The spaCy pipeline a result came from."""

    name: str = Field(..., description="spaCy pipeline accordi ran on (it_accordi_news, it_core_news_lg, it_blank...).")
    version: str = Field(..., description="Its version.")


class ArticleResult(_Model):
    """Everything accordi found in one article: its deals, every mention, warnings, or an error."""

    id: Optional[str] = Field(
        None, description="The document's id (batch: the id field or the file's relative path; extract: none)."
    )
    url: Optional[str] = Field(None, description="The article's address, carried from the input.")
    title: Optional[str] = Field(None, description="The article's title, carried from the input.")
    published: Optional[str] = Field(
        None, description="Publication date (YYYY-MM-DD or YYYY-MM) that anchored relative dates, or null."
    )
    model: Optional[ModelInfo] = Field(None, description="The spaCy pipeline used.")
    deals: list[DealRecord] = Field(
        default_factory=list, description="The deal records, in the order the article tells them."
    )
    mentions: Mentions = Field(
        default_factory=Mentions, description="Every normalised mention, whether or not it joined a deal."
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="Things to know about this result (text not Italian, a date ignored, relative dates without value).",
    )
    error: Optional[str] = Field(
        None, description="Why the document could not be processed (batch), else null; then there are no deals."
    )


class GoldArticle(_Model):
    """A gold file of ``../shared/eval`` or ``corpus/``."""

    id: str = Field(..., description="The article's id (its file name without extension).")
    url: Optional[str] = Field(None, description="Where the article was published.")
    published: Optional[str] = Field(None, description="Its publication date.")
    notes: Optional[str] = Field(None, description="The annotator's notes.")
    deals: list[DealRecord] = Field(default_factory=list, description="The gold deal records.")


def json_schema() -> dict:
    return ArticleResult.model_json_schema()
