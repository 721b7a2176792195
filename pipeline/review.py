"""The review page: an article with its mentions highlighted and one card per deal, linked to its evidence.

``render_page(text, result)`` returns one self-contained HTML document (inline CSS and a small inline script,
nothing fetched), readable on a phone. The article text is untrusted: every piece of it is escaped, and the
page's Content-Security-Policy allows no script but its own (by hash), so markup in an article stays text.

``write_site(pairs, folder)`` writes one page per article and an ``index.html`` whose table of deals sorts by
confidence, type, status (``accordi batch ... --html DIR``).

Colours: each kind of mention has its own (``COLOURS``); a mention that joined no deal is shown faded.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .schema import ArticleResult, DealRecord

COLOURS = {  # label -> (background, text on the legend)
    "PARTY": "#9ec5fe",
    "TRIGGER": "#d0b3ff",
    "AMOUNT": "#a3e4a8",
    "STAKE": "#7fdbd0",
    "PRICE": "#e6e28a",
    "DURATION": "#ffc98b",
    "DATE": "#f7a8c4",
}
LABEL_NAMES = {
    "PARTY": "party",
    "TRIGGER": "deal word",
    "AMOUNT": "amount",
    "STAKE": "stake",
    "PRICE": "price per share",
    "DURATION": "duration",
    "DATE": "date",
}
_ORDER = {
    label: k for k, label in enumerate(("EVIDENCE", "PARTY", "TRIGGER", "AMOUNT", "STAKE", "PRICE", "DURATION", "DATE"))
}


@dataclass
class Mark:
    start: int
    end: int
    label: str  # a key of COLOURS, or EVIDENCE
    deals: set = field(default_factory=set)  # indices of the deals it belongs to
    title: str = ""
    ident: str = ""
    key: str = ""  # a party's canonical name, a stake's percent
    excluded: bool = False
    children: list = field(default_factory=list)


def _esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _fmt_number(value: Optional[float]) -> str:
    if value is None:
        return ""
    if abs(value) >= 1e9:
        return f"{value / 1e9:,.3g} bn"
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.3g} m"
    return f"{value:,.6g}"


def _inside(start: Optional[int], end: Optional[int], ranges: list[tuple[int, int]]) -> bool:
    return start is not None and end is not None and any(a <= start and end <= b for a, b in ranges)


def marks_of(text: str, result: ArticleResult) -> list[Mark]:
    """Every mention and evidence span of ``result`` as a Mark, with the deals each one joined."""
    m = result.mentions
    marks: list[Mark] = []

    def add(items, label, title_of, key_of=lambda x: ""):
        for x in items:
            if x.start is None or x.end is None or not 0 <= x.start < x.end <= len(text):
                continue
            marks.append(
                Mark(
                    x.start, x.end, label, title=title_of(x), key=key_of(x), excluded=bool(getattr(x, "excluded", None))
                )
            )

    add(
        m.parties,
        "PARTY",
        lambda x: (
            f"party: {x.canonical}"
            + (f" ({x.kind})" if x.kind else "")
            + (f"; not a deal party: {x.excluded}" if x.excluded else "")
        ),
        lambda x: x.canonical,
    )
    add(m.triggers, "TRIGGER", lambda x: f"deal word: {x.deal_type}")
    add(m.amounts, "AMOUNT", lambda x: f"amount: {_fmt_number(x.value)} {x.currency}")
    add(m.stakes, "STAKE", lambda x: f"stake: {x.percent:g}%", lambda x: f"{x.percent:g}")
    add(m.prices, "PRICE", lambda x: f"price per share: {x.value:g} {x.currency}")
    add(m.durations, "DURATION", lambda x: f"duration: {x.iso or 'unspecified'}")
    add(m.dates, "DATE", lambda x: f"date: {x.value or 'no value (no publication date)'}")

    for k, deal in enumerate(result.deals):
        evidence = [(e.start, e.end) for e in deal.evidence_spans]
        names = {p.name for p in deal.parties}
        located = {
            (x.start, x.end, label)
            for x, label in ((deal.amount, "AMOUNT"), (deal.price_per_share, "PRICE"), (deal.duration, "DURATION"))
            if x is not None and x.start is not None
        }
        located |= {(d.start, d.end, "DATE") for d in deal.dates if d.start is not None}
        for mark in marks:
            if (mark.start, mark.end, mark.label) in located:
                mark.deals.add(k)
            elif mark.label == "PARTY" and mark.key in names and not mark.excluded:
                mark.deals.add(k)
            elif mark.label == "TRIGGER" and _inside(mark.start, mark.end, evidence):
                mark.deals.add(k)
        if deal.stake_percent is not None:
            stakes = [x for x in marks if x.label == "STAKE" and x.key == f"{deal.stake_percent:g}"]
            inside = [x for x in stakes if _inside(x.start, x.end, evidence)] or stakes[:1]
            for x in inside:
                x.deals.add(k)

    spans: dict[tuple[int, int], Mark] = {}
    for k, deal in enumerate(result.deals):
        for e in deal.evidence_spans:
            if 0 <= e.start < e.end <= len(text):
                ev = spans.setdefault((e.start, e.end), Mark(e.start, e.end, "EVIDENCE", ident=f"ev-{e.start}-{e.end}"))
                ev.deals.add(k)
    marks.extend(spans.values())
    for n, mark in enumerate(sorted(marks, key=lambda x: (x.start, -x.end, _ORDER[x.label]))):
        if not mark.ident:
            mark.ident = f"m{n}"
    return marks


def _nest(marks: list[Mark]) -> list[Mark]:
    """Marks as a tree: a mark inside another is its child; one that crosses an open mark is cut at its end."""
    roots: list[Mark] = []
    stack: list[Mark] = []
    for mark in sorted(marks, key=lambda x: (x.start, -x.end, _ORDER[x.label])):
        while stack and stack[-1].end <= mark.start:
            stack.pop()
        if stack and mark.end > stack[-1].end:
            mark.end = stack[-1].end  # crossing: keep the part inside
            if mark.end <= mark.start:
                continue
        (stack[-1].children if stack else roots).append(mark)
        stack.append(mark)
    return roots


def _render_text(text: str, marks: list[Mark]) -> str:
    out: list[str] = []

    def emit(lo: int, hi: int, nodes: list[Mark]) -> None:
        pos = lo
        for node in nodes:
            out.append(_esc(text[pos : node.start]))
            deals = " ".join(str(k) for k in sorted(node.deals))
            if node.label == "EVIDENCE":
                out.append(f'<span class="ev" id="{node.ident}" data-deals="{deals}">')
            else:
                state = "used" if node.deals else "unused"
                out.append(
                    f'<mark class="m {node.label.lower()} {state}" id="{node.ident}" data-label="{node.label}" '
                    f'data-deals="{deals}" title="{_esc(node.title)}">'
                )
            emit(node.start, node.end, node.children)
            out.append("</span>" if node.label == "EVIDENCE" else "</mark>")
            pos = node.end
        out.append(_esc(text[pos:hi]))

    emit(0, len(text), _nest(marks))
    return "".join(out)


def _deal_card(k: int, deal: DealRecord) -> str:
    rows = []
    for p in deal.parties:
        aliases = f' <span class="aka">({_esc(", ".join(p.aliases))})</span>' if p.aliases else ""
        rows.append(
            f'<li><span class="chip party">{_esc(p.name)}</span>{aliases} <span class="role">{_esc(p.role)}</span></li>'
        )
    facts = []
    if deal.amount:
        a = deal.amount
        value = _fmt_number(a.value) + (f"–{_fmt_number(a.upper)}" if a.upper else "")
        facts.append(
            (
                "amount",
                f'<span class="chip amount">{_esc(a.text or value)}</span> {_esc(value)} {_esc(a.currency)}'
                + (" ≈" if a.approximate else ""),
            )
        )
    if deal.stake_percent is not None:
        facts.append(("stake", f'<span class="chip stake">{deal.stake_percent:g}%</span>'))
    if deal.price_per_share:
        pr = deal.price_per_share
        facts.append(
            (
                "price/share",
                f'<span class="chip price">{_esc(pr.text or pr.value)}</span> {pr.value:g} {_esc(pr.currency)}',
            )
        )
    if deal.duration:
        du = deal.duration
        facts.append(("duration", f'<span class="chip duration">{_esc(du.text)}</span> {_esc(du.iso or "")}'))
    for d in deal.dates:
        facts.append(
            (f"date ({_esc(d.role)})", f'<span class="chip date">{_esc(d.text)}</span> {_esc(d.value or "—")}')
        )
    fact_rows = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in facts)
    links = " ".join(
        f'<a href="#ev-{e.start}-{e.end}" data-deal="{k}">evidence {j + 1}</a>'
        for j, e in enumerate(deal.evidence_spans)
    )
    pct = max(0.0, min(1.0, deal.confidence)) * 100
    return (
        f'<article class="card" id="deal-{k}" data-deal="{k}" tabindex="0">'
        f'<header><span class="num">#{k + 1}</span> <b class="type">{_esc(deal.deal_type)}</b> '
        f'<span class="status s-{_esc(deal.status)}">{_esc(deal.status)}</span></header>'
        f'<div class="conf" title="confidence {deal.confidence:.2f}"><div class="bar" style="width:{pct:.0f}%"></div>'
        f"<span>{deal.confidence:.2f}</span></div>"
        f'<ul class="parties">{"".join(rows)}</ul>'
        f'<table class="facts">{fact_rows}</table>'
        f'<p class="links">{links}</p></article>'
    )


_CSS = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#f6f6f4}
header.top{padding:12px 16px;background:#fff;border-bottom:1px solid #ddd}
header.top h1{font-size:1.15rem;margin:0 0 4px;overflow-wrap:anywhere}
header.top .meta{font-size:.85rem;color:#555;overflow-wrap:anywhere}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px;font-size:.8rem}
.legend span{padding:1px 8px;border-radius:10px}
.legend .faded{opacity:.45;border:1px dashed #888;background:#fff}
main{display:grid;grid-template-columns:minmax(0,1fr);gap:16px;padding:16px;max-width:1280px;margin:auto}
@media (min-width:900px){main{grid-template-columns:minmax(0,3fr) minmax(300px,2fr)}#deals{position:sticky;top:8px;align-self:start;max-height:calc(100vh - 16px);overflow:auto}}
#text{background:#fff;padding:16px;border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 1px 2px #0001}
mark.m{color:inherit;border-radius:3px;padding:0 1px;cursor:help}
mark.unused{background:transparent!important;opacity:.55;border-bottom:2px dotted #999}
.ev{background:#fff8d6;box-shadow:0 0 0 2px #fff8d6;border-radius:2px}
.ev:target,.ev.focus{outline:3px solid #e0a800;background:#ffefa3}
mark.focus{outline:2px solid #222;outline-offset:1px}
.card{background:#fff;border-radius:8px;padding:12px;margin-bottom:12px;box-shadow:0 1px 2px #0002;border-left:5px solid #7a5af8;cursor:pointer}
.card:focus,.card.focus{outline:3px solid #e0a800}
.card header{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.card .type{font-size:1.05rem}
.status{font-size:.8rem;padding:1px 8px;border-radius:10px;background:#eee}
.s-rumored,.s-negotiating{background:#fde2c4}.s-signed,.s-approved,.s-completed{background:#c9f0cf}.s-cancelled{background:#f5c2c2}
.conf{position:relative;height:16px;background:#eee;border-radius:8px;margin:8px 0;overflow:hidden}
.conf .bar{height:100%;background:linear-gradient(90deg,#f0b429,#2f9e44)}
.conf span{position:absolute;right:6px;top:-2px;font-size:.75rem}
.parties{list-style:none;padding:0;margin:4px 0}.parties li{margin:2px 0}
.role{font-size:.8rem;color:#444;background:#f0f0f0;border-radius:8px;padding:0 6px}
.aka{font-size:.8rem;color:#666}
.facts{border-collapse:collapse;font-size:.9rem}.facts th{text-align:left;font-weight:500;color:#555;padding:2px 8px 2px 0;vertical-align:top}
.chip{border-radius:3px;padding:0 3px}
.links a{margin-right:8px;font-size:.9rem}
.none{color:#666;font-style:italic}
.warn{background:#fff3cd;padding:8px 12px;border-radius:6px;margin:0 0 12px}
table.index{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
table.index th,table.index td{padding:6px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
table.index th button{font:inherit;font-weight:600;border:0;background:none;cursor:pointer;padding:0}
.wrap{overflow-x:auto;padding:16px;max-width:1280px;margin:auto}
""" + "".join(
    f"mark.{k.lower()},.chip.{k.lower()},.legend .{k.lower()}{{background:{v}}}\n" for k, v in COLOURS.items()
)

_PAGE_JS = """
(function(){
  function clear(){document.querySelectorAll('.focus').forEach(function(e){e.classList.remove('focus');});}
  function show(k){clear();
    document.querySelectorAll('[data-deals]').forEach(function(e){
      if((' '+e.getAttribute('data-deals')+' ').indexOf(' '+k+' ')>=0){e.classList.add('focus');}});
    var c=document.getElementById('deal-'+k); if(c){c.classList.add('focus');}}
  document.querySelectorAll('.card').forEach(function(c){
    c.addEventListener('click',function(){show(c.getAttribute('data-deal'));});
    c.addEventListener('keydown',function(ev){if(ev.key==='Enter'){show(c.getAttribute('data-deal'));}});});
})();
"""

_INDEX_JS = """
(function(){
  var table=document.querySelector('table.index'); if(!table){return;}
  var body=table.tBodies[0], dir={};
  table.querySelectorAll('th button').forEach(function(b,i){
    b.addEventListener('click',function(){
      var key=b.getAttribute('data-key'), num=b.hasAttribute('data-num'); dir[key]=-(dir[key]||(num?1:-1));
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(x,y){var a=x.getAttribute('data-'+key), c=y.getAttribute('data-'+key);
        if(num){a=parseFloat(a);c=parseFloat(c);} return (a<c?-1:a>c?1:0)*dir[key];});
      rows.forEach(function(r){body.appendChild(r);});
      table.setAttribute('data-sorted',key+(dir[key]>0?' asc':' desc'));});});
})();
"""


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"


def _document(title: str, body: str, script: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="it"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head>\n<body>\n{body}\n"
        f"<script>{script}</script></body></html>\n"
    )


def _legend() -> str:
    items = "".join(f'<span class="{k.lower()}">{LABEL_NAMES[k]}</span>' for k in COLOURS)
    return f'<div class="legend">{items}<span class="faded">joined no deal</span><span class="ev">evidence</span></div>'


def render_page(
    text: str, result: ArticleResult, title: Optional[str] = None, url: Optional[str] = None, back: Optional[str] = None
) -> str:
    """One self-contained HTML page: ``text`` (the article as accordi read it) with ``result``'s mentions."""
    marks = marks_of(text, result)
    heading = title or result.id or "article"
    meta = []
    if result.id:
        meta.append(f"id {_esc(result.id)}")
    if url:
        safe = url if re.match(r"^https?://", url, re.I) else None
        meta.append(f'<a href="{_esc(safe)}" rel="noopener noreferrer">{_esc(url)}</a>' if safe else _esc(url))
    meta.append(f"published {_esc(result.published)}" if result.published else "no publication date")
    if result.model:
        meta.append(f"model {_esc(result.model.name)} {_esc(result.model.version)}")
    if back:
        meta.insert(0, f'<a href="{_esc(back)}">← index</a>')
    warnings = "".join(f'<p class="warn">{_esc(w)}</p>' for w in result.warnings)
    if result.error:
        warnings += f'<p class="warn">error: {_esc(result.error)}</p>'
    cards = "".join(_deal_card(k, d) for k, d in enumerate(result.deals)) or '<p class="none">No deal found.</p>'
    n = len(result.deals)
    body = (
        f'<header class="top"><h1>{_esc(heading)}</h1><div class="meta">{" · ".join(meta)}</div>{_legend()}</header>'
        f'<main><section id="text" lang="it">{_render_text(text, marks)}</section>'
        f'<aside id="deals"><h2>{n} deal{"s" if n != 1 else ""}</h2>{warnings}{cards}</aside></main>'
    )
    return _document(f"accordi · {heading}", body, _PAGE_JS)


def page_name(article_id: Optional[str], seq: int) -> str:
    """A safe, unique file name for an article's page."""
    key = article_id if article_id is not None else f"#{seq}"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", key).strip("._")[:60] or "article"
    return f"{slug}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}.html"


def render_index(rows: list[dict]) -> str:
    """The index page: one row per deal (and one per article with none), sortable by its column buttons."""
    body_rows = []
    for r in rows:
        conf = r.get("confidence")
        cells = (
            f'<td><a href="{_esc(r["page"])}">{_esc(r["id"])}</a></td>'
            f"<td>{_esc(r.get('title') or '')}</td>"
            f"<td>{_esc(r.get('deal_type') or '—')}</td><td>{_esc(r.get('status') or '')}</td>"
            f"<td>{'' if conf is None else f'{conf:.2f}'}</td><td>{_esc(', '.join(r.get('parties') or []))}</td>"
            f"<td>{_esc(r.get('amount') or '')}</td><td>{_esc(r.get('error') or '')}</td>"
        )
        body_rows.append(
            f'<tr data-id="{_esc(r["id"])}" data-type="{_esc(r.get("deal_type") or "~")}" '
            f'data-status="{_esc(r.get("status") or "~")}" data-confidence="{-1 if conf is None else conf}">{cells}</tr>'
        )
    head = (
        '<tr><th><button data-key="id">article ↕</button></th><th>title</th>'
        '<th><button data-key="type">type ↕</button></th><th><button data-key="status">status ↕</button></th>'
        '<th><button data-key="confidence" data-num>confidence ↕</button></th><th>parties</th><th>amount</th>'
        "<th>error</th></tr>"
    )
    n_articles = len({r["page"] for r in rows})
    n_deals = sum(1 for r in rows if r.get("deal_type"))
    body = (
        f'<header class="top"><h1>accordi review: {n_deals} deals in {n_articles} articles</h1>'
        f'<div class="meta">sorted by confidence, highest first; click a column name to sort by it</div></header>'
        f'<div class="wrap"><table class="index" data-sorted="confidence desc"><thead>{head}</thead>'
        f"<tbody>{''.join(body_rows)}</tbody></table></div>"
    )
    return _document("accordi review", body, _INDEX_JS)


def index_rows(result: ArticleResult, page: str, title: Optional[str] = None) -> list[dict]:
    base = {"id": result.id or page, "page": page, "title": title, "error": result.error}
    if not result.deals:
        return [dict(base)]
    out = []
    for d in result.deals:
        amount = f"{_fmt_number(d.amount.value)} {d.amount.currency}" if d.amount else ""
        out.append(
            dict(
                base,
                deal_type=d.deal_type,
                status=d.status,
                confidence=d.confidence,
                parties=[f"{p.name} ({p.role})" for p in d.parties],
                amount=amount,
            )
        )
    return out


def write_site(pairs: Iterable[tuple[str, ArticleResult, Optional[str], Optional[str]]], folder: str | Path) -> int:
    """``pairs``: (text, result, title, url) per article. Writes one page each and ``index.html``; returns the count."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    n = 0
    for seq, (text, result, title, url) in enumerate(pairs):
        name = page_name(result.id, seq)
        (folder / name).write_text(render_page(text, result, title=title, url=url, back="index.html"), encoding="utf-8")
        rows.extend(index_rows(result, name, title))
        n += 1
    rows.sort(key=lambda r: -(r["confidence"] if r.get("confidence") is not None else -1))
    (folder / "index.html").write_text(render_index(rows), encoding="utf-8")
    return n


def batch_pages(
    records: Iterable, results: Iterable[str], max_chars: Optional[int] = None
) -> Iterable[tuple[str, ArticleResult, Optional[str], Optional[str]]]:
    """Pair a batch's input records with its JSONL result lines (both in input order) for :func:`write_site`."""
    from . import textio

    limit = max_chars or textio.MAX_CHARS
    for rec, line in zip(records, results):
        if not line.strip():
            continue
        result = ArticleResult.model_validate_json(line)
        if result.id != rec.id:
            raise ValueError(f"the results do not follow the input (result {result.id!r} for document {rec.id!r})")
        text = ""
        if not rec.error and isinstance(rec.text, str):
            try:
                text = textio.clean(rec.text, limit)
            except textio.InputError:
                text = ""
        yield text, result, rec.title or getattr(result, "title", None), rec.url or getattr(result, "url", None)
