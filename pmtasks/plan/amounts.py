"""Money and person-days as people write them (``50万``, ``12.5万元``, ``80,000``, ``20人天``), exactly.

Amounts are :class:`~decimal.Decimal` values in the plan's currency unit (元 unless plan.yaml says
``currency:``), never floats. Pure: text in, Decimal out, or an :class:`AmountError` that says what
to write instead.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pmtasks.i18n import N_, _

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
    """Text that is not an amount, with what to write instead (``example`` is False when the message
    says only what is wrong, e.g. that the amount is negative)."""

    def __init__(self, message: str, example: bool = True) -> None:
        super().__init__(message)
        self.example = example


AMOUNT = N_("an amount")
DAYS = N_("person-days")


def _negative(what: str) -> AmountError:
    return AmountError(_("{what} cannot be negative").format(what=_(what)), example=False)


def _too_long(what: str) -> AmountError:
    return AmountError(_("{what} has more than {count} digits").format(what=_(what), count=MAX_DIGITS), example=False)


def currency_ok(name: str) -> bool:
    """A currency unit is a short word: 元, 美元, 港元, EUR."""
    return bool(_CURRENCY.match(name))


def _number(value: object, what: str) -> tuple[Decimal, str] | None:
    """A YAML number as a Decimal (floats through their shortest text), or None for text."""
    if isinstance(value, bool) or (isinstance(value, float) and (value != value or abs(value) == float("inf"))):
        raise AmountError(_("{value} is not {what}").format(value=str(value).lower(), what=_(what)), example=False)
    if isinstance(value, int):
        if value < 0:
            raise _negative(what)
        if len(str(value)) > MAX_DIGITS:
            raise _too_long(what)
        return Decimal(value), ""
    if isinstance(value, float):
        if value < 0:
            raise _negative(what)
        return Decimal(repr(value)), ""
    return None


def _digits(number: str, what: str) -> Decimal:
    plain = number.replace(",", "")
    if len(plain.split(".")[0]) > MAX_DIGITS:
        raise _too_long(what)
    try:
        return Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise AmountError(_("{value} is not a number").format(value=repr(number)), example=False) from None


def _refuse_sign_and_exponent(text: str, what: str, example: str) -> None:
    if text.startswith("-"):
        raise _negative(what)
    if re.fullmatch(r"[+]?\d+(\.\d+)?[eE][-+]?\d+", text):
        message = _("{value} uses an exponent; write {what} in full, e.g. {example}")
        raise AmountError(message.format(value=repr(text), what=_(what), example=example))


def _within(amount: Decimal, what: str, example: str) -> Decimal:
    """``amount`` when a plan file can hold it: at most MAX_DIGITS digits before the point (after 万 or
    亿 is applied) and MAX_PLACES after it."""
    if amount.adjusted() >= MAX_DIGITS:
        raise _too_long(what)
    if amount != amount.quantize(Decimal(1).scaleb(-MAX_PLACES), rounding=ROUND_HALF_UP):
        message = _("{what} has more than {count} decimal places; write e.g. {example}")
        raise AmountError(message.format(what=_(what), count=MAX_PLACES, example=example))
    return amount


def parse_amount(value: object, currency: str = DEFAULT_CURRENCY) -> Decimal:
    """An amount of money in ``currency`` units: ``50万`` → 500000, ``80,000元`` → 80000."""
    return _within(_amount(value, currency), AMOUNT, _("12.5万 or 80,000.50{currency}").format(currency=currency))


def _amount(value: object, currency: str) -> Decimal:
    number = _number(value, AMOUNT)
    if number is not None:
        return number[0]
    if not isinstance(value, str):
        raise AmountError(
            _("an amount is a number with an optional unit, e.g. 50万 or 80000{currency}").format(currency=currency)
        )
    text = value.strip()
    _refuse_sign_and_exponent(text, AMOUNT, _("50万 or 1000000{currency}").format(currency=currency))
    match = _AMOUNT.fullmatch(text)
    if match is None:
        message = _("{value} is not an amount; write e.g. 50万, 12.5万{currency} or 80,000")
        raise AmountError(message.format(value=repr(text), currency=currency))
    unit = match["unit"]
    if unit not in ("", currency):
        message = _(
            "{value} is in {unit}, but the plan counts money in {currency}; "
            "write it in {currency}, or set `currency: {unit}` in plan.yaml"
        )
        raise AmountError(message.format(value=repr(text), unit=unit, currency=currency))
    return _digits(match["number"], AMOUNT) * _MULTIPLIERS[match["multiplier"]]


def parse_days(value: object) -> Decimal:
    """Person-days: ``20``, ``2.5``, ``20人天``, ``3天``."""
    return _within(_days(value), DAYS, _("0.5, 2.25 or 20人天"))


def _days(value: object) -> Decimal:
    number = _number(value, DAYS)
    if number is not None:
        return number[0]
    if not isinstance(value, str):
        raise AmountError(_("person-days are a number, e.g. 20 or 20人天"))
    text = value.strip()
    _refuse_sign_and_exponent(text, DAYS, "20")
    match = _DAYS.fullmatch(text)
    if match is None:
        message = _("{value} is not a number of person-days; write e.g. 20, 2.5 or 20人天")
        raise AmountError(message.format(value=repr(text)))
    return _digits(match["number"], DAYS)


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
