"""Property tests: Italian renderings of random amounts, durations and dates parse back exactly, and the
normalisers never raise on arbitrary text."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings, strategies as st

from pipeline.dimensions.dates import parse_date
from pipeline.dimensions.duration import parse_duration
from pipeline.dimensions.money import parse_amount, parse_price, parse_stake
from pipeline.dimensions.numbers import parse_number

UNITS = [
    "",
    "uno",
    "due",
    "tre",
    "quattro",
    "cinque",
    "sei",
    "sette",
    "otto",
    "nove",
    "dieci",
    "undici",
    "dodici",
    "tredici",
    "quattordici",
    "quindici",
    "sedici",
    "diciassette",
    "diciotto",
    "diciannove",
]
TENS = ["", "", "venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta"]
MONTHS = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
]


def words(n: int) -> str:
    """An independent Italian renderer for 1..999999 (elision and "mille"/"mila" rules)."""
    if n >= 1000:
        th, rest = divmod(n, 1000)
        head = "mille" if th == 1 else words(th) + "mila"
        return head + (words(rest) if rest else "")
    out = ""
    h, rest = divmod(n, 100)
    if h:
        out += ("" if h == 1 else UNITS[h]) + "cento"
    if rest < 20:
        out += UNITS[rest]
    else:
        t, u = divmod(rest, 10)
        ten = TENS[t]
        if u in (1, 8):
            ten = ten[:-1]
        out += ten + ("tré" if u == 3 else UNITS[u])
    return out


def italian_digits(value: float, decimals: int) -> str:
    whole, frac = f"{value:.{decimals}f}".split(".") if decimals else (f"{value:.0f}", "")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + ("," + frac if frac else "")


SCALES = {"milioni": 1e6, "mln": 1e6, "miliardi": 1e9, "mld": 1e9}
CURRENCIES = {"di euro": "EUR", "di dollari": "USD", "di sterline": "GBP", "di franchi svizzeri": "CHF"}


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 999),
    st.integers(0, 99),
    st.sampled_from(sorted(SCALES)),
    st.sampled_from(sorted(CURRENCIES)),
    st.booleans(),
)
def test_digit_amounts_round_trip(whole, cents, scale, currency, approx):
    number = whole + cents / 100
    text = ("circa " if approx else "") + f"{italian_digits(number, 2 if cents else 0)} {scale} {currency}"
    got = parse_amount(text)
    assert got is not None, text
    assert math.isclose(got["value"], round(number * SCALES[scale], 4), rel_tol=1e-9), (text, got)
    assert got["currency"] == CURRENCIES[currency]
    assert got["approximate"] is approx


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 999999))
def test_number_words_round_trip(n):
    assert parse_number(words(n)) == n, words(n)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 999), st.sampled_from(["milioni", "miliardi"]), st.booleans())
def test_word_amounts_round_trip(n, scale, half):
    text = f"{words(n)} {scale}" + (" e mezzo" if half else "") + " di euro"
    got = parse_amount(text)
    assert got is not None, text
    assert math.isclose(got["value"], (n + (0.5 if half else 0)) * SCALES[scale], rel_tol=1e-12), (text, got)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 9999999), st.sampled_from(["euro", "€"]))
def test_thousands_separators(n, cur):
    text = f"{italian_digits(n, 0)} euro" if cur == "euro" else f"€{italian_digits(n, 0)}"
    got = parse_amount(text)
    assert got is not None and got["value"] == n, (text, got)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 99), st.integers(0, 99))
def test_prices_and_stakes(whole, cents):
    text = italian_digits(whole + cents / 100, 2)
    assert math.isclose(parse_price(f"{text} euro per azione")["value"], whole + cents / 100)
    assert math.isclose(parse_stake(f"il {text}%")["percent"], whole + cents / 100)
    assert math.isclose(parse_stake(f"il {text} per cento")["percent"], whole + cents / 100)


@settings(max_examples=150, deadline=None)
@given(st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(["long", "ordinal", "numeric"]))
def test_absolute_dates_round_trip(day, form):
    if form == "numeric":
        text = f"{day.day:02d}/{day.month:02d}/{day.year}"
    else:
        d = "1°" if form == "ordinal" and day.day == 1 else str(day.day)
        text = f"{d} {MONTHS[day.month - 1]} {day.year}"
    got = parse_date(text)
    assert got is not None and got["value"] == day.isoformat(), (text, got)


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), st.integers(1, 150))
def test_scorso_is_the_last_one_before_publication(published, back):
    target = published - dt.timedelta(days=back)
    if (target.month, target.day) == (2, 29):
        return
    got = parse_date(f"il {target.day} {MONTHS[target.month - 1]} scorso", published.isoformat())
    assert got is not None and got["value"] == target.isoformat(), (published, target, got)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(2, 40),
    st.sampled_from([("anni", "Y"), ("mesi", "M"), ("giorni", "D"), ("settimane", "W")]),
    st.booleans(),
)
def test_durations_round_trip(n, unit, as_words):
    number = words(n) if as_words else str(n)
    got = parse_duration(f"{number} {unit[0]}")
    assert got == {"iso": f"P{n}{unit[1]}", "vague": False}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=12), st.just("2024-02-05")))
def test_normalisers_never_raise(text, published):
    for fn in (parse_amount, parse_price, parse_stake, parse_duration, parse_number):
        out = fn(text)
        assert out is None or isinstance(out, (dict, float))
    out = parse_date(text, published)
    assert out is None or isinstance(out, dict)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "di",
                "euro",
                "milioni",
                "e",
                "mezzo",
                "tra",
                "a",
                "circa",
                "1,5",
                "2.000",
                "%",
                "per",
                "azione",
                "anni",
                "il",
                "scorso",
                "marzo",
                "2024",
                "-",
                "fine",
                "entro",
                "€",
                "$",
            ]
        ),
        max_size=8,
    )
)
def test_normalisers_never_raise_on_near_misses(tokens):
    text = " ".join(tokens)
    for fn in (parse_amount, parse_price, parse_stake, parse_duration, parse_number):
        fn(text)
    parse_date(text, "2024-02-05")
