"""Money and person-days as people write them (``50万``, ``12.5万元``, ``80,000``, ``20人天``), exactly.

Amounts are :class:`~decimal.Decimal` values in the plan's currency unit (元 unless plan.yaml says
``currency:``), never floats. Pure: text in, Decimal out, or an :class:`AmountError` that says what
to write instead.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DEFAULT_CURRENCY = "元"
MAX_DIGITS = 15  # a trillion 元 and then some; longer numbers are typing mistakes
MAX_PLACES = 2  # money is counted to the cent (分), person-days to the hundredth
_MULTIPLIERS = {"": Decimal(1), "千": Decimal(1_000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_AMOUNT = re.compile(_NUMBER + r"\s*(?P<multiplier>[千万亿]?)\s*(?P<unit>[^\W\d_]*)")
_DAYS = re.compile(_NUMBER + r"\s*(?P<unit>人天|人日|天|日|)")
_CURRENCY = re.compile(r"^[^\W\d_]{1,8}$")
_CENT = Decimal("0.01")


class AmountError(ValueError):
    """Text that is not an amount, with what to write instead."""


def currency_ok(name: str) -> bool:
    """A currency unit is a short word: 元, 美元, 港元, EUR."""
    return bool(_CURRENCY.match(name))


def _number(value: object, what: str) -> tuple[Decimal, str] | None:
    """A YAML number as a Decimal (floats through their shortest text), or None for text."""
    if isinstance(value, bool):
        raise AmountError(f"{str(value).lower()} is not {what}")
    if isinstance(value, int):
        if value < 0:
            raise AmountError(f"{what} cannot be negative")
        if len(str(value)) > MAX_DIGITS:
            raise AmountError(f"{what} has more than {MAX_DIGITS} digits")
        return Decimal(value), ""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise AmountError(f"{value} is not {what}")
        if value < 0:
            raise AmountError(f"{what} cannot be negative")
        return Decimal(repr(value)), ""
    return None


def _digits(number: str, what: str) -> Decimal:
    plain = number.replace(",", "")
    if len(plain.split(".")[0]) > MAX_DIGITS:
        raise AmountError(f"{what} has more than {MAX_DIGITS} digits")
    try:
        return Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise AmountError(f"{number!r} is not a number") from None


def _refuse_sign_and_exponent(text: str, what: str, example: str) -> None:
    if text.startswith("-"):
        raise AmountError(f"{what} cannot be negative")
    if re.fullmatch(r"[+]?\d+(\.\d+)?[eE][-+]?\d+", text):
        raise AmountError(f"{text!r} uses an exponent; write {what} in full, e.g. {example}")


def _within(amount: Decimal, what: str, example: str) -> Decimal:
    """``amount`` when a plan file can hold it: at most MAX_DIGITS digits before the point (after 万 or
    亿 is applied) and MAX_PLACES after it."""
    if amount.adjusted() >= MAX_DIGITS:
        raise AmountError(f"{what} has more than {MAX_DIGITS} digits")
    if amount != amount.quantize(Decimal(1).scaleb(-MAX_PLACES), rounding=ROUND_HALF_UP):
        raise AmountError(f"{what} has more than {MAX_PLACES} decimal places; write e.g. {example}")
    return amount


def parse_amount(value: object, currency: str = DEFAULT_CURRENCY) -> Decimal:
    """An amount of money in ``currency`` units: ``50万`` → 500000, ``80,000元`` → 80000."""
    what = "an amount"
    return _within(_amount(value, currency), what, f"12.5万 or 80,000.50{currency}")


def _amount(value: object, currency: str) -> Decimal:
    what = "an amount"
    number = _number(value, what)
    if number is not None:
        return number[0]
    if not isinstance(value, str):
        raise AmountError(f"{what} is a number with an optional unit, e.g. 50万 or 80000{currency}")
    text = value.strip()
    _refuse_sign_and_exponent(text, what, f"50万 or 1000000{currency}")
    match = _AMOUNT.fullmatch(text)
    if match is None:
        raise AmountError(f"{text!r} is not an amount; write e.g. 50万, 12.5万{currency} or 80,000")
    unit = match["unit"]
    if unit not in ("", currency):
        raise AmountError(
            f"{text!r} is in {unit}, but the plan counts money in {currency}; "
            f"write it in {currency}, or set `currency: {unit}` in plan.yaml"
        )
    return _digits(match["number"], what) * _MULTIPLIERS[match["multiplier"]]


def parse_days(value: object) -> Decimal:
    """Person-days: ``20``, ``2.5``, ``20人天``, ``3天``."""
    return _within(_days(value), "person-days", "0.5, 2.25 or 20人天")


def _days(value: object) -> Decimal:
    what = "person-days"
    number = _number(value, what)
    if number is not None:
        return number[0]
    if not isinstance(value, str):
        raise AmountError("person-days are a number, e.g. 20 or 20人天")
    text = value.strip()
    _refuse_sign_and_exponent(text, what, "20")
    match = _DAYS.fullmatch(text)
    if match is None:
        raise AmountError(f"{text!r} is not a number of person-days; write e.g. 20, 2.5 or 20人天")
    return _digits(match["number"], what)


def wan(amount: Decimal, currency: str = DEFAULT_CURRENCY) -> str:
    """An amount shown in 万 with two decimals: 500000 → ``50.00万元``."""
    return f"{(amount / _MULTIPLIERS['万']).quantize(_CENT, rounding=ROUND_HALF_UP):,}万{currency}"


def written(amount: Decimal) -> str:
    """An amount as a plan file holds it: ``15万`` from 1万 up in whole hundreds, else ``2500``."""
    if amount >= _MULTIPLIERS["万"] and amount % 100 == 0:
        return f"{_plain(amount / _MULTIPLIERS['万'])}万"
    return _plain(amount)


def days(value: Decimal) -> str:
    """Person-days without trailing zeros: 2.50 → ``2.5``."""
    return _plain(value)


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text
