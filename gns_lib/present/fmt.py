"""Number formatting for Swedish readers: the one place where amounts become text.

Inputs are `Decimal` kronor or `int` *whole kronor* (never float, never öre:
convert öre with `ore_to_kr` first, so an öre column can never be shown 100
times too large).  Rounding is half-up (away from zero on ties) and happens
here only, at display.  Swedish style: a no-break space between thousands and
between number and unit, a decimal comma and the true minus sign U+2212.
`None` means missing and is shown as `MISSING`, never as zero.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal


NBSP = "\u00a0"
MINUS = "\u2212"
PLUS_MINUS = "\u00b1"
MISSING = "\u2013"  # en dash: shown for a missing value (missing is not zero)
PLOTLY_SEPARATORS = ",\u00a0"  # plotly layout.separators: decimal mark, then thousands

_CTX = Context(prec=200, rounding=ROUND_HALF_UP)  # wide enough that nothing rounds by accident
_SWEDISH = str.maketrans({",": NBSP, ".": ",", "-": MINUS})

Amount = Decimal | int


def _dec(value: object, what: str = "amount") -> Decimal:
    """Check one input: a finite Decimal or an int (whole kronor); float and bool are refused."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{what} must be Decimal or int (whole kronor), not {type(value).__name__}")
    d = Decimal(value)
    if not d.is_finite():
        raise ValueError(f"{what} must be finite, got {value!r}")
    return d


def _places(decimals: object) -> int:
    """Check a number of decimals (a non-negative int)."""
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"decimals must be a non-negative int, got {decimals!r}")
    return decimals


def _round(d: Decimal, decimals: int) -> Decimal:
    """Round half-up to `decimals` places; a result of zero loses its sign (no "−0")."""
    q = d.quantize(Decimal(1).scaleb(-decimals), context=_CTX)
    return q.copy_abs() if q.is_zero() else q


def _sv(q: Decimal, decimals: int) -> str:
    """Write an already rounded value the Swedish way."""
    return format(q, f",.{decimals}f").translate(_SWEDISH)


def _signed(q: Decimal, text: str) -> str:
    """Prefix an explicit sign: "+" above zero, "±" at zero (the minus is already there)."""
    if q.is_zero():
        return PLUS_MINUS + text
    return "+" + text if q > 0 else text


def _tkr(amount: Amount, decimals: int | None) -> tuple[Decimal, int]:
    """Kronor to rounded tkr and the decimals to show (None: one decimal only where needed)."""
    t = _dec(amount).scaleb(-3, context=_CTX)
    if decimals is None:
        one = _round(t, 1)
        decimals = 0 if one == one.to_integral_value() else 1
    decimals = _places(decimals)
    return _round(t, decimals), decimals


def kr(amount: Amount | None, decimals: int = 0) -> str:
    """Kronor as "1 234 567" (no unit); also the plain number format for `foot`'s parts."""
    if amount is None:
        return MISSING
    d = _places(decimals)
    return _sv(_round(_dec(amount), d), d)


def tkr(amount: Amount | None, decimals: int | None = None) -> str:
    """Kronor shown in tkr without unit: "914,4".

    decimals=None: whole tkr where the value rounds to whole tkr at one decimal ("13"),
    else one decimal ("914,4", also "744,8"); decimals=0 forces whole tkr (tables, "ca. 745").
    """
    if amount is None:
        return MISSING
    q, d = _tkr(amount, decimals)
    return _sv(q, d)


def tkr_text(amount: Amount | None, decimals: int | None = None) -> str:
    """Kronor in tkr with unit for running text: "914,4 tkr" (no-break space before the unit)."""
    return MISSING if amount is None else tkr(amount, decimals) + NBSP + "tkr"


def signed_tkr(amount: Amount | None, decimals: int | None = None) -> str:
    """Deviation in tkr, explicit sign: "+13 tkr", "−31 tkr", "±0 tkr" (the report's "+-0")."""
    if amount is None:
        return MISSING
    q, d = _tkr(amount, decimals)
    return _signed(q, _sv(q, d)) + NBSP + "tkr"


def pct(value: Amount | None, decimals: int = 1) -> str:
    """A value already in per cent (12.3 means 12,3 %) as "12,3 %"; None gives MISSING."""
    if value is None:
        return MISSING
    d = _places(decimals)
    return _sv(_round(_dec(value, "per cent"), d), d) + NBSP + "%"


def signed_pct(value: Amount | None, decimals: int = 1) -> str:
    """A per-cent deviation with an explicit sign: "+12,3 %", "−4,0 %", "±0,0 %"."""
    if value is None:
        return MISSING
    d = _places(decimals)
    q = _round(_dec(value, "per cent"), d)
    return _signed(q, _sv(q, d)) + NBSP + "%"


def round_units(amount: Amount, scale: int, decimals: int) -> Decimal:
    """Kronor in units of `scale` kronor, rounded half-up to `decimals` places (the shown value)."""
    return _round(_CTX.divide(_dec(amount), _dec(scale, "scale")), _places(decimals))


def signed_number(value: Amount, decimals: int = 0) -> str:
    """An already scaled number with an explicit sign and no unit: "+13", "−31,5", "±0"."""
    q = _round(_dec(value), _places(decimals))
    return _signed(q, _sv(q, decimals))


def json_amount(amount: Amount | None) -> str | None:
    """Kronor for machine-readable key figures: "914400.00", "-31000.00"; None stays None (null)."""
    if amount is None:
        return None
    return format(_round(_dec(amount), 2), ".2f")


def json_pct(value: Amount | None, decimals: int = 1) -> str | None:
    """Per cent for machine-readable key figures: "12.3"; None stays None (null)."""
    if value is None:
        return None
    d = _places(decimals)
    return format(_round(_dec(value, "per cent"), d), f".{d}f")


_INCOMPARABLE = {
    "no_outcome": "utfall för {year} saknas",
    "startup": "{year} är ett uppstartsår",
    "previous_startup": "{year} var ett uppstartsår",
    "previous_no_outcome": "utfall för {year} saknas",
    "previous_zero": "nettokostnaden {year} är noll",
}


def incomparable_text(reason) -> str:
    """Why a net cost cannot be compared, in Swedish ("2017 var ett uppstartsår"); "" when it can."""
    return "" if reason is None else _INCOMPARABLE[reason.code].format(year=reason.year)


MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
               "november", "december")


def long_date(day) -> str:
    """A date for running Swedish text: "1 april 2018"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def kr_text(amount: Amount | None) -> str:
    """Kronor for running text with unit: "101 600 kr", öre shown only when there are any ("12,50 kr")."""
    if amount is None:
        return MISSING
    d = _dec(amount)
    return kr(d, 0 if d == d.to_integral_value() else 2) + NBSP + "kr"
