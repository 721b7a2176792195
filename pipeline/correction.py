"""Export accordi's records in a form a person can correct, and read corrected files back as gold.

Two formats, both holding each article's text, so a corrected file is a complete gold set:

- **JSONL**, one article per line: ``{id, text, published, url, title, deals[], spans[], meta}``. ``deals`` are
  records in the gold format of ``ANNOTATION.md`` (no confidence, offsets or explanations); ``spans`` are the
  highlighted mentions (``start``, ``end``, ``label``, ``text``) in the shape Prodigy's span review and a
  Label Studio import read. Correct ``deals`` (edit, delete, add); ``spans`` are there to look at.
- **CSV**, one row per deal (and one row with empty deal columns for an article without deals). Columns: ``id``,
  ``published``, ``url``, ``deal_type`` (empty = no deal on this row), ``status``, ``parties`` (``Name=role;
  Other=role``), ``amount_value``, ``amount_currency``, ``amount_approximate``, ``amount_text``,
  ``stake_percent``, ``price_per_share``, ``price_currency``, ``duration_iso``, ``duration_text``, ``dates``
  (``role=value; role=value``), ``evidence`` (sentences joined by `` | ``), ``confidence`` (accordi's; ignored
  when read back), ``text`` (the article, on its first row only). Delete a row to delete a deal, copy one to add
  one.

``accordi export-review`` writes them, ``accordi eval FILE`` scores against them (:func:`load_gold`).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterable, Iterator, Optional, TextIO

from pydantic import ValidationError

from .schema import ArticleResult, DealRecord, GoldArticle

CSV_COLUMNS = (
    "id",
    "published",
    "url",
    "deal_type",
    "status",
    "parties",
    "amount_value",
    "amount_currency",
    "amount_approximate",
    "amount_text",
    "stake_percent",
    "price_per_share",
    "price_currency",
    "duration_iso",
    "duration_text",
    "dates",
    "evidence",
    "confidence",
    "text",
)
_SEP = " | "


class CorrectionError(ValueError):
    """A corrected file that cannot be read; the message names the file and line."""


def gold_deal(deal: DealRecord) -> dict:
    """A record in the gold format: what a person checks, without offsets, confidence or explanations."""
    out = {
        "deal_type": deal.deal_type,
        "parties": [{"name": p.name, "aliases": p.aliases, "role": p.role} for p in deal.parties],
        "amount": (
            {k: getattr(deal.amount, k) for k in ("value", "currency", "approximate", "text", "upper")}
            if deal.amount
            else None
        ),
        "stake_percent": deal.stake_percent,
        "price_per_share": (
            {
                "value": deal.price_per_share.value,
                "currency": deal.price_per_share.currency,
                "text": deal.price_per_share.text,
            }
            if deal.price_per_share
            else None
        ),
        "duration": {"iso": deal.duration.iso, "text": deal.duration.text} if deal.duration else None,
        "dates": [{"value": d.value, "role": d.role, "text": d.text} for d in deal.dates],
        "status": deal.status,
        "evidence": list(deal.evidence),
    }
    return out


def review_line(text: str, result: ArticleResult) -> dict:
    m = result.mentions
    spans: list[dict] = []
    for items, label in (
        (m.parties, "PARTY"),
        (m.triggers, "TRIGGER"),
        (m.amounts, "AMOUNT"),
        (m.stakes, "STAKE"),
        (m.prices, "PRICE"),
        (m.durations, "DURATION"),
        (m.dates, "DATE"),
    ):
        for x in items:
            if x.start is not None and x.end is not None:
                spans.append({"start": x.start, "end": x.end, "label": label, "text": text[x.start : x.end]})
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    return {
        "id": result.id,
        "text": text,
        "published": result.published,
        "url": result.url,
        "title": result.title,
        "deals": [gold_deal(d) for d in result.deals],
        "spans": spans,
        "meta": {
            "id": result.id,
            "confidence": [d.confidence for d in result.deals],
            "model": result.model.model_dump() if result.model else None,
        },
    }


def csv_rows(text: str, result: ArticleResult) -> Iterator[dict]:
    base = {"id": result.id, "published": result.published or "", "url": result.url or ""}
    if not result.deals:
        yield dict(base, text=text)
        return
    for k, d in enumerate(result.deals):
        row = dict(base)
        row.update(
            {
                "deal_type": d.deal_type,
                "status": d.status,
                "parties": "; ".join(f"{p.name}={p.role}" for p in d.parties),
                "amount_value": "" if not d.amount else repr(d.amount.value),
                "amount_currency": d.amount.currency if d.amount else "",
                "amount_approximate": ("true" if d.amount.approximate else "false") if d.amount else "",
                "amount_text": (d.amount.text or "") if d.amount else "",
                "stake_percent": "" if d.stake_percent is None else f"{d.stake_percent:g}",
                "price_per_share": "" if not d.price_per_share else f"{d.price_per_share.value:g}",
                "price_currency": d.price_per_share.currency if d.price_per_share else "",
                "duration_iso": (d.duration.iso or "") if d.duration else "",
                "duration_text": (d.duration.text or "") if d.duration else "",
                "dates": "; ".join(f"{x.role}={x.value or ''}" for x in d.dates),
                "evidence": _SEP.join(e.replace("\n", " ") for e in d.evidence),
                "confidence": f"{d.confidence:.4f}",
                "text": text if k == 0 else "",
            }
        )
        yield row


def write(pairs: Iterable[tuple[str, ArticleResult]], out: TextIO, fmt: str = "jsonl") -> int:
    """Write (text, result) pairs for correction; returns the number of articles."""
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for text, result in pairs:
            writer.writerows(csv_rows(text, result))
            n += 1
        return n
    if fmt != "jsonl":
        raise ValueError(f"unknown format {fmt!r} (jsonl or csv)")
    for text, result in pairs:
        out.write(json.dumps(review_line(text, result), ensure_ascii=False) + "\n")
        n += 1
    return n


# ---------------------------------------------------------------- reading corrections back


def _float(value: str, where: str, column: str) -> Optional[float]:
    value = (value or "").strip()
    if value.count(",") == 1 and "." not in value:  # a decimal comma, as an Italian spreadsheet writes it
        value = value.replace(",", ".")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise CorrectionError(f"{where}: {column} {value!r} is not a number") from None


def _pairs(cell: str, where: str, column: str) -> list[tuple[str, str]]:
    out = []
    for part in (cell or "").split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise CorrectionError(f"{where}: {column} needs 'name=role; name=role', got {part.strip()!r}")
        a, b = part.rsplit("=", 1)
        out.append((a.strip(), b.strip()))
    return out


def _deal_from_row(row: dict, where: str) -> DealRecord:
    amount_value = _float(row.get("amount_value", ""), where, "amount_value")
    price = _float(row.get("price_per_share", ""), where, "price_per_share")
    record = {
        "deal_type": row["deal_type"].strip(),
        "status": (row.get("status") or "announced").strip(),
        "parties": [{"name": n, "role": r} for n, r in _pairs(row.get("parties", ""), where, "parties")],
        "amount": (
            {
                "value": amount_value,
                "currency": (row.get("amount_currency") or "EUR").strip(),
                "approximate": (row.get("amount_approximate") or "").strip().lower() in ("true", "1", "yes"),
                "text": row.get("amount_text") or None,
            }
            if amount_value is not None
            else None
        ),
        "stake_percent": _float(row.get("stake_percent", ""), where, "stake_percent"),
        "price_per_share": (
            {"value": price, "currency": (row.get("price_currency") or "EUR").strip()} if price is not None else None
        ),
        "duration": (
            {"iso": row.get("duration_iso") or None, "text": row.get("duration_text") or None}
            if (row.get("duration_iso") or row.get("duration_text"))
            else None
        ),
        "dates": [{"role": r, "value": v or None} for r, v in _pairs(row.get("dates", ""), where, "dates")],
        "evidence": [e.strip() for e in (row.get("evidence") or "").split(_SEP.strip()) if e.strip()],
    }
    try:
        return DealRecord.model_validate(record)
    except ValidationError as err:
        raise CorrectionError(f"{where}: {str(err).splitlines()[0]} ({_first_error(err)})") from None


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    return f"{'.'.join(map(str, first.get('loc', ())))}: {first.get('msg')}"


def load_gold(path: str | Path) -> list[tuple[str, str, GoldArticle]]:
    """(id, text, GoldArticle) for every article of a corrected JSONL or CSV file, in file order."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise CorrectionError(f"{path}: cannot read ({err})") from None
    out: list[tuple[str, str, GoldArticle]] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(raw.splitlines(keepends=True))
        missing = {"id", "deal_type", "text"} - set(reader.fieldnames or ())
        if missing:
            raise CorrectionError(f"{path}: missing columns {sorted(missing)}")
        by_id: dict[str, dict] = {}
        for row in reader:
            where = f"{path}:{reader.line_num}"
            article_id = (row.get("id") or "").strip()
            if not article_id:
                raise CorrectionError(f"{where}: a row without an id")
            art = by_id.setdefault(article_id, {"text": "", "published": None, "url": None, "deals": []})
            art["text"] = art["text"] or (row.get("text") or "")
            art["published"] = art["published"] or (row.get("published") or "").strip() or None
            art["url"] = art["url"] or (row.get("url") or "").strip() or None
            if (row.get("deal_type") or "").strip():
                art["deals"].append(_deal_from_row(row, where))
        for article_id, art in by_id.items():
            if not art["text"]:
                raise CorrectionError(f"{path}: article {article_id!r} has no text (its first row holds it)")
            gold = GoldArticle(id=article_id, url=art["url"], published=art["published"], deals=art["deals"])
            out.append((article_id, art["text"], gold))
        return out
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
        except ValueError as err:
            raise CorrectionError(f"{where}: not JSON ({err})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise CorrectionError(f"{where}: needs an object with 'text' (and 'id', 'deals')")
        article_id = str(row.get("id") if row.get("id") is not None else (row.get("meta") or {}).get("id") or lineno)
        try:
            gold = GoldArticle.model_validate(
                {
                    "id": article_id,
                    "url": row.get("url"),
                    "published": row.get("published"),
                    "deals": row.get("deals") or [],
                }
            )
        except ValidationError as err:
            raise CorrectionError(f"{where}: {_first_error(err)}") from None
        out.append((article_id, row["text"], gold))
    return out


def to_gold_folder(path: str | Path, folder: str | Path) -> Path:
    """Write a corrected file as a gold folder (NNN.txt + NNN.json), the form ``accordi eval`` scores."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for n, (article_id, text, gold) in enumerate(load_gold(path)):
        stem = f"{n:05d}"
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        data = gold.model_dump(exclude_none=False)
        data["id"] = stem
        data["notes"] = f"corrected from {Path(path).name}: {article_id}"
        (folder / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder
