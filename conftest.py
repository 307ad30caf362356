"""Skip doctest collection of optional integrations whose package is missing.

pytest imports every module under src/niklib for its doctests. The pandas,
Dask and hypothesis integrations import their package at module level, so
without that package they are left out here instead of failing collection.
"""

import importlib.util

collect_ignore: list[str] = []
if importlib.util.find_spec("pandas") is None:
    collect_ignore += ["src/niklib/pandas.py", "src/niklib/_vector.py"]
if importlib.util.find_spec("dask") is None:
    collect_ignore += ["src/niklib/dask.py", "src/niklib/_dask"]
if importlib.util.find_spec("hypothesis") is None:
    collect_ignore += ["src/niklib/strategies.py", "src/niklib/_strategies"]
