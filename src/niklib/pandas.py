"""pandas integration: a ``.nik`` accessor on Series of NIKs.

Importing this module registers the accessor::

    import pandas as pd
    import niklib.pandas  # registers Series.nik

    df = pd.read_csv("recipients.csv", dtype={"NIK": str})
    df["NIK"].nik.is_valid()
    df.join(df["NIK"].nik.parse())

Every method returns one row per element, index preserved, and exactly what
the per-value functions return for that element. Clean 16-digit strings are
handled in bulk with numpy; anything else goes through `niklib.check`.
Read NIK columns as text (``dtype=str``): a float column has already lost
digits, and every such value is reported as spreadsheet damage.

Needs the ``pandas`` extra: ``pip install 'niklib[pandas]'``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

import niklib
from niklib import _vector, regions

__all__ = ["NIKAccessor"]


def _all_str(series: pd.Series) -> bool:
    return bool(pd.api.types.infer_dtype(series, skipna=False) == "string")


@pd.api.extensions.register_series_accessor("nik")
class NIKAccessor:
    """NIK checks and parsing for a Series, as ``series.nik.<method>()``."""

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def _values(self) -> Any:
        return self._series.to_numpy(dtype=object)

    def _arrow(self) -> Any:
        """Return the values as a pyarrow string array when pyarrow stores them."""
        dtype = self._series.dtype
        stored_by_arrow = (
            isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"
        ) or (isinstance(dtype, pd.ArrowDtype) and "string" in str(dtype))
        if not stored_by_arrow:
            return None
        import pyarrow as pa  # type: ignore[import-untyped]

        return pa.array(self._series.array)

    def is_valid(self, *, as_of: date | None = None) -> pd.Series:
        """Return a boolean Series: `niklib.is_valid` of every element."""
        arrow = self._arrow()
        if arrow is not None:
            result = _vector.is_valid(self._series.array, as_of=as_of, arrow=arrow)
        else:
            values = self._values()
            result = _vector.is_valid(
                values, as_of=as_of, all_str=_all_str(self._series)
            )
        valid: pd.Series = pd.Series(result, index=self._series.index, name="valid")
        return valid

    def parse(self, *, as_of: date | None = None) -> pd.DataFrame:
        """Decode every element into columns, one row per element.

        Columns: ``valid``, ``reasons`` (``;``-separated `Reason` values,
        warnings included), ``region_code``, ``province``, ``regency``,
        ``district`` (names), ``birth_date``, ``sex`` (``M``/``F``) and
        ``serial``. Invalid rows keep whatever could be decoded.
        """
        values = self._values()
        decoded = _vector.decode(values, as_of=as_of, all_str=_all_str(self._series))
        table = regions.default_table()
        names: dict[str, str | None] = {}

        def name(code: str | None) -> str | None:
            if code is None:
                return None
            if code not in names:
                region = table.get(code)
                names[code] = region.name if region else None
            return names[code]

        frame: pd.DataFrame = pd.DataFrame(
            {
                "valid": decoded.valid,
                "reasons": decoded.reasons,
                "region_code": decoded.region_code,
                "province": [name(c[:2] if c else None) for c in decoded.region_code],
                "regency": [name(c[:4] if c else None) for c in decoded.region_code],
                "district": [name(c) for c in decoded.region_code],
                "birth_date": pd.to_datetime(
                    pd.Series(decoded.birth_date, dtype=object)
                ).to_numpy(),
                "sex": decoded.sex,
                "serial": pd.array(decoded.serial, dtype="Int64"),
            },
            index=self._series.index,
        )
        return frame

    def check(self, *, as_of: date | None = None) -> pd.DataFrame:
        """Return ``valid``, ``reasons`` and ``messages`` for every element.

        Messages never contain a full NIK.
        """
        rows = [niklib.check(v, as_of=as_of) for v in self._values()]
        frame: pd.DataFrame = pd.DataFrame(
            {
                "valid": [r.valid for r in rows],
                "reasons": [";".join(x.value for x in r.reasons) for r in rows],
                "messages": ["; ".join(f.message for f in r.findings) for r in rows],
            },
            index=self._series.index,
        )
        return frame

    def mask(self) -> pd.Series:
        """Return the masked display form of every element (`niklib.mask`)."""
        masked = [niklib.mask(value) for value in self._values()]
        return pd.Series(
            masked, index=self._series.index, name=self._series.name, dtype=object
        )

    def pseudonymize(self, key: str | bytes) -> pd.Series:
        """Return `niklib.pseudonymize` of every element; None where it is not a NIK."""

        def one(value: object) -> str | None:
            try:
                return niklib.pseudonymize(value, key)
            except niklib.InvalidNIK:
                return None

        pseudonyms = [one(value) for value in self._values()]
        return pd.Series(
            pseudonyms, index=self._series.index, name=self._series.name, dtype=object
        )
