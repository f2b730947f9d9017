"""Tiers are data (core/tiers.py): no other module of ours spells a tier's value, so a new tier is
a row in the table, never a hunt for `"pro"` through the code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.tiers import Tier

ROOT = Path(__file__).resolve().parents[1]
# The crawler's "free" is a price word ("free", "gratis"), not a tier: it is not scanned.
PACKAGES = ("api", "core", "notifier", "embedded", "bench")
TABLE = ROOT / "core" / "tiers.py"


def _modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and path != TABLE
    ]


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_spells_a_tier_value(path: Path) -> None:
    values = {tier.value for tier in Tier}
    spelled = [
        f"line {node.lineno}: {node.value!r}"
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in values
    ]
    assert spelled == []
