"""The shipped programmes, loaded once for the rules tests."""

from __future__ import annotations

import pytest

from niklib import rules
from niklib.rules import Programme


@pytest.fixture(scope="session")
def jamsosratu() -> Programme:
    """The shipped Jamsosratu programme."""
    return rules.load("jamsosratu")


@pytest.fixture(scope="session")
def pkh() -> Programme:
    """The shipped PKH programme."""
    return rules.load("pkh")
