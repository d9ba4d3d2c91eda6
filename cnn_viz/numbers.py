"""Numbers as a learner reads them: exact wherever a short exact form exists.

41/4 is written 10.25, not "10.2"; 1/9 is written 1/9, not "0.111" (nine of them in a row
ran together in a 3 x 3 filter); a negative factor in a product is bracketed, 4×(−1), with a
real minus sign. Only a value with no short exact form is rounded, to 3 significant
figures, and then `is_exact` says so and `matches` accepts what the display shows.
"""

from fractions import Fraction

import numpy as np

MINUS = "\u2212"
MAX_DECIMALS = 3  # 10.25 and 0.125 are written out; 0.1111 is not
MAX_DENOMINATOR = 12  # 1/9, 2/3, 5/12 are; 1/13 is not


def _exact_decimal(v):
    for decimals in range(MAX_DECIMALS + 1):
        if abs(round(v, decimals) - v) < 1e-9:
            return f"{round(v, decimals):.{decimals}f}"
    return None


def _fraction(v):
    f = Fraction(v).limit_denominator(MAX_DENOMINATOR)
    if f.denominator > 1 and abs(float(f) - v) < 1e-9:
        return f"{abs(f.numerator)}/{f.denominator}"
    return None


def exact(v, fractions=True):
    """The shortest honest writing of v: 3, −1.5, 10.25, 1/9 (fractions=False: 0.111), 1.23e+04."""
    v = float(v)
    if np.isnan(v):
        return ""
    sign = MINUS if v < 0 else ""
    a = abs(v)
    if a >= 1000:  # beyond the lessons' numbers (an edited matrix): whole, or one decimal
        text = f"{a:,.0f}" if a == round(a) else f"{a:,.1f}"
    else:
        text = _exact_decimal(a) or (fractions and _fraction(a)) or f"{a:.3g}"
    return sign + text


def is_exact(v):
    """True when `exact(v)` is the value itself, not a rounding of it."""
    a = abs(float(v))
    if a >= 1000:
        return abs(round(a, 1) - a) < 1e-9
    return _exact_decimal(a) is not None or _fraction(a) is not None


def factor(v):
    """A number as a factor in a product or a term in a sum: negatives and fractions bracketed,
    4×(−1), 5×(1/9)."""
    text = exact(v)
    return f"({text})" if text.startswith(MINUS) or "/" in text else text


def tolerance(v):
    """How far an answer may be from v and still be what the page shows: a rounded display
    (3 significant figures, or a fraction read as a decimal, 1/9 as 0.111) accepts what
    rounds to it; an exact one accepts only itself."""
    v = float(v)
    if _exact_decimal(abs(v)) is not None:
        return 1e-9
    magnitude = 10 ** (np.floor(np.log10(abs(v))) - 2) if v else 1e-3
    return 0.5 * magnitude + 1e-12


def matches(answer, truth):
    """True when `answer` is the value the page shows for `truth`."""
    return abs(float(answer) - float(truth)) <= tolerance(truth)


def shape_text(shape):
    """(32, 32, 3) -> "32 x 32 x 3", as the pages write an array's shape."""
    return " x ".join(map(str, shape))
