"""Implementation of `niklib.dask`, split by concern; import from `niklib.dask`."""
