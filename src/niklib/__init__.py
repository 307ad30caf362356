"""niklib: Indonesian NIK parsing and validation, record linkage, eligibility rules
and recipient-list audits.

The NIK verbs follow python-stdnum's meanings (`compact`, `validate`,
`is_valid`, `format`) with `check`, `parse`, `mask` and `pseudonymize` on
top. Region tables are read on first use, not at import.

>>> import niklib
>>> niklib.is_valid("3604054107990003")
True
>>> niklib.format("3604054107990003")
'36.04.05.410799.0003'
"""

from niklib import kk
from niklib.exceptions import (
    Finding,
    InvalidIdentifier,
    InvalidKK,
    InvalidNIK,
    Reason,
    Severity,
)
from niklib.nik import (
    NIK,
    Check,
    Sex,
    check,
    compact,
    format,
    is_valid,
    mask,
    parse,
    pseudonymize,
    validate,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "NIK",
    "Check",
    "Finding",
    "InvalidIdentifier",
    "InvalidKK",
    "InvalidNIK",
    "Reason",
    "Severity",
    "Sex",
    "__version__",
    "check",
    "compact",
    "format",
    "is_valid",
    "kk",
    "mask",
    "parse",
    "pseudonymize",
    "validate",
]
