"""hypothesis strategies for NIKs, KK numbers, person records and households.

Install with ``pip install niklib[strategies]``. ``import niklib`` does not
import this module or hypothesis. Once niklib is installed,
``st.from_type(niklib.NIK)`` also works without importing this module,
because niklib registers a strategy through hypothesis's entry point.

>>> from hypothesis import given
>>> from niklib.strategies import niks
>>> @given(niks(province="36"))
... def test_banten(nik):
...     assert nik.startswith("36")
>>> test_banten()
"""

from __future__ import annotations

from niklib._strategies._invalid import invalid_niks
from niklib._strategies._niks import kks, niks
from niklib._strategies._records import households, person_records

__all__ = ["households", "invalid_niks", "kks", "niks", "person_records"]
