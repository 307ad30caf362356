"""Normalising NIK and KK input to 16 ASCII digits, shared by `nik` and `kk`.

Real lists carry numbers typed with separators, exported through
spreadsheets (scientific notation, a trailing ``.0``, a lost 16th digit) or
left as placeholders. `normalize` turns what can be trusted into digits and
returns a `Finding` for the rest.
"""

from __future__ import annotations

import numbers
import re

from niklib.exceptions import Finding, Reason, mask_text

# Separators people type between the blocks of a number: spaces (including
# no-break and other Unicode spaces), dots, dashes, slashes, underscores and
# line breaks. A leading apostrophe marks a spreadsheet text cell.
_SEPARATORS = re.compile(r"[\s.\-/_\u2010-\u2015\u2212]+")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$", re.ASCII)
# A float column writes the whole number, then a decimal part of zeros;
# a dot between shorter blocks of digits is a separator instead.
_FLOAT_TEXT = re.compile(r"^\d{16,}[.,]0+$", re.ASCII)
_PLACEHOLDER_WORDS = frozenset(
    {
        "-",
        "--",
        "?",
        "na",
        "n/a",
        "nan",
        "none",
        "null",
        "nil",
        "kosong",
        "tidak ada",
        "tidakada",
        "belum ada",
        "belumada",
        "tanpa nik",
        "xxx",
    }
)

LENGTH = 16
_DELETE_ASCII_DIGITS = str.maketrans("", "", "0123456789")


def normalize(value: object, *, kind: str) -> tuple[str, Finding | None]:
    """Return the digit string of `value` and the first blocking finding, if any.

    `kind` is ``"NIK"`` or ``"KK"`` and appears in messages. When a finding
    is returned the digit string is the best partial form (possibly empty)
    and the value must not be treated as valid.
    """
    if (
        type(value) is str
        and len(value) == LENGTH
        and value.isascii()
        and value.isdigit()
        and value[0] != "0"
    ):
        return value, None  # the common case: already 16 plain digits
    if type(value) is str and value.isascii() and value.isdigit():
        # Digits only, so there is nothing to strip and no placeholder word,
        # exponent or decimal part to look for.
        return value, _digits_finding(value, kind)
    # A str skips the type checks, because isinstance() against the
    # `numbers` ABCs runs `ABCMeta.__instancecheck__`, which is Python code.
    if type(value) is str:
        text = value
    else:
        text, finding = _text_of(value, kind)
        if finding is not None:
            return "", finding

    text = text.strip().lstrip("'").strip()
    if not text or text.lower() in _PLACEHOLDER_WORDS:
        return "", Finding(
            Reason.PLACEHOLDER, "value", f"{kind} is empty or a placeholder word"
        )
    if ("e" in text or "E" in text) and _SCIENTIFIC.match(text):
        return "", Finding(
            Reason.SPREADSHEET_DAMAGE,
            "value",
            f"{kind} is in scientific notation ({mask_text(text)}), so a "
            "spreadsheet has already dropped digits; re-export the column as text",
        )
    if _FLOAT_TEXT.match(text):
        return text.split(".")[0].split(",")[0], Finding(
            Reason.SPREADSHEET_DAMAGE,
            "value",
            f"{kind} ends in a decimal part, so it passed through a number "
            "column and its 16th digit may have been zeroed; re-export the "
            "column as text",
        )

    # No separator is a letter or digit, so alphanumeric text has none.
    compact = text if text.isalnum() else _SEPARATORS.sub("", text)
    if not compact:
        return "", Finding(
            Reason.PLACEHOLDER, "value", f"{kind} holds only separators, no digits"
        )
    if not (compact.isascii() and compact.isdigit()):
        return "", _invalid_characters(compact, kind)
    return compact, _digits_finding(compact, kind)


def _text_of(value: object, kind: str) -> tuple[str, Finding | None]:
    """Return the text of a value that is not a plain str, or its rejection."""
    if value is None:
        return "", Finding(Reason.PLACEHOLDER, "value", f"{kind} is missing (None)")
    if is_missing_marker(value):
        return "", Finding(
            Reason.PLACEHOLDER,
            "value",
            f"{kind} is missing: the cell is empty (pandas NaN, NA or NaT)",
        )
    if isinstance(value, bool):
        return "", _wrong_type(value, kind)
    if isinstance(value, numbers.Integral):
        value = int(value)
        if value < 0:
            return "", Finding(
                Reason.INVALID_CHARACTERS,
                "value",
                f"{kind} must not be negative; expected {LENGTH} digits",
            )
        if value >= 10**LENGTH:
            # str() of a huge int is slow or raises; the length is known anyway.
            digits = len(str(value)) if value < 10**1000 else "over 1000"
            return "", Finding(
                Reason.WRONG_LENGTH,
                "value",
                f"{kind} has {digits} digits, expected {LENGTH}",
            )
        return str(value), None
    elif isinstance(value, numbers.Real):
        return "", Finding(
            Reason.SPREADSHEET_DAMAGE,
            "value",
            f"{kind} arrived as a floating-point number, which cannot hold "
            f"{LENGTH} digits exactly; read the column as text",
        )
    elif not isinstance(value, str):
        return "", _wrong_type(value, kind)
    return value, None


def is_missing_marker(value: object) -> bool:
    """Return whether `value` is NaN, pandas ``NA`` or ``NaT``: an empty cell."""
    if isinstance(value, float):
        return value != value
    # By name, so that pandas is not imported.
    return type(value).__name__ in ("NAType", "NaTType")


def _digits_finding(digits: str, kind: str) -> Finding | None:
    """Return the finding that rejects a string of ASCII digits, if any."""
    if digits == "0" * len(digits):
        return Finding(
            Reason.PLACEHOLDER, "value", f"{kind} is all zeros, a placeholder"
        )
    if digits[0] == "0":
        return Finding(
            Reason.PLACEHOLDER,
            "value",
            f"{kind} starts with 0, which village systems use for temporary "
            "numbers; no province code starts with 0",
        )
    if len(digits) != LENGTH:
        return Finding(
            Reason.WRONG_LENGTH,
            "value",
            f"{kind} has {len(digits)} digits, expected {LENGTH}",
        )
    return None


def _wrong_type(value: object, kind: str) -> Finding:
    return Finding(
        Reason.WRONG_TYPE,
        "value",
        f"{kind} must be a str or int, not {type(value).__name__}",
    )


def _invalid_characters(text: str, kind: str) -> Finding:
    if not text.isascii() and any(ch.isdigit() and not ch.isascii() for ch in text):
        detail = (
            "contains non-ASCII digits (for example full-width or Arabic-Indic); "
            "convert them to 0-9 before matching"
        )
    else:
        bad = sorted(set(text.translate(_DELETE_ASCII_DIGITS)))
        shown = ", ".join(map(repr, bad[:5]))
        detail = f"contains characters other than digits and separators ({shown})"
    return Finding(Reason.INVALID_CHARACTERS, "value", f"{kind} {detail}")
